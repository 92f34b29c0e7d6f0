//! Splitting and normalising field values: group lists.

use std::sync::LazyLock;

use regex::Regex;

/// Group names in a value, split at commas, semicolons, slashes between
/// words, line breaks and " and "; addresses and parenthesised remarks dropped.
pub fn groups(value: &str) -> Vec<String> {
    static REMARK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\([^)]*\)|<[^>]*>|(?i)mailto:\S+|\S+@\S+|\[[^\]]*\]").unwrap()
    });
    static SPLIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[,;\n]|\s+and\s+|\s+&\s+").unwrap());
    let cleaned = REMARK.replace_all(value, " ");
    SPLIT
        .split(&cleaned)
        .map(|g| g.split_whitespace().collect::<Vec<_>>().join(" "))
        .map(|g| {
            g.trim_matches(|c: char| c == '.' || c == ':' || c == '-' || c.is_whitespace())
                .to_string()
        })
        .filter(|g| {
            g.len() > 1 && !g.eq_ignore_ascii_case("none") && !g.eq_ignore_ascii_case("n/a")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_lists_split_and_lose_remarks() {
        assert_eq!(groups("SA3; SA2 and CT1, "), vec!["SA3", "SA2", "CT1"]);
        assert_eq!(
            groups("3GPP TSG SA WG3 (Jane Doe <jane@x.org>)"),
            vec!["3GPP TSG SA WG3"]
        );
        assert_eq!(
            groups("IETF CCAMP WG,\nIETF TEAS WG"),
            vec!["IETF CCAMP WG", "IETF TEAS WG"]
        );
        assert!(groups("-").is_empty());
    }
}
