//! Mail addresses in free text and in header values.

use std::sync::LazyLock;

use regex::Regex;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+").unwrap()
});

/// Mail addresses in a value ("Jane <Jane@X.org>, mailto:b@y.org"), lower-cased, in order, once each.
pub fn addresses(value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in EMAIL.find_iter(value) {
        let a = m.as_str().trim_end_matches('.').to_lowercase();
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

/// Whether a string is shaped like one mail address (`local@domain`, no spaces).
pub fn looks_like_address(s: &str) -> bool {
    let mut parts = s.splitn(2, '@');
    matches!((parts.next(), parts.next()), (Some(l), Some(d)) if !l.is_empty() && !d.is_empty() && !s.contains(char::is_whitespace))
}

/// The domain of an address, lower-cased ("" when there is none).
pub fn domain_of(address: &str) -> String {
    address
        .rsplit_once('@')
        .map(|(_, d)| d.to_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_normalised_and_deduplicated() {
        assert_eq!(
            addresses("Jane <Jane@X.org>, mailto:b@y.org; jane@x.org."),
            vec!["jane@x.org", "b@y.org"]
        );
    }

    #[test]
    fn an_address_has_a_local_part_and_a_domain() {
        assert!(looks_like_address("a@b.example"));
        assert!(!looks_like_address("a@"));
        assert!(!looks_like_address("a b@c.example"));
        assert_eq!(domain_of("A@Ietf.Example"), "ietf.example");
    }
}
