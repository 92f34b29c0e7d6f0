//! `Label: value` lines of the draft-iab-rfc4053bis form, by the rules in
//! rules/formats/rfc4053bis.toml (data, not code).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

#[derive(Deserialize)]
struct FormRules {
    labels: BTreeMap<String, Vec<String>>,
}

/// One matcher per field: `^\s*(label|label...)\s*:\s*(value)$`, case-insensitive.
static MATCHERS: LazyLock<Vec<(String, Regex)>> = LazyLock::new(|| {
    let rules: FormRules = toml::from_str(include_str!("../../rules/formats/rfc4053bis.toml"))
        .expect("rules/formats/rfc4053bis.toml is valid");
    rules
        .labels
        .into_iter()
        .map(|(field, labels)| {
            let alts: Vec<String> = labels
                .iter()
                .map(|l| {
                    regex::escape(l)
                        .replace(r"\-", " ")
                        .replace(' ', r"[\s_-]+")
                })
                .collect();
            let re = Regex::new(&format!(r"(?i)^\s*(?:{})\s*:\s*(.*?)\s*$", alts.join("|")))
                .expect("label regex");
            (field, re)
        })
        .collect()
});

/// A labelled value and the 1-based line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub value: String,
    pub line: usize,
}

/// The labelled fields found in `text`, first occurrence of each; the `body`
/// field holds every line after its label.
pub fn labelled_fields(text: &str) -> BTreeMap<String, Field> {
    let mut found = BTreeMap::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        for (field, re) in MATCHERS.iter() {
            if found.contains_key(field) {
                continue;
            }
            let Some(c) = re.captures(line) else { continue };
            if field == "body" {
                let mut body = c[1].to_string();
                for rest in &lines[i + 1..] {
                    body.push('\n');
                    body.push_str(rest);
                }
                found.insert(
                    field.clone(),
                    Field {
                        value: body.trim().to_string(),
                        line: i + 1,
                    },
                );
                return found;
            }
            if !c[1].is_empty() {
                found.insert(
                    field.clone(),
                    Field {
                        value: c[1].to_string(),
                        line: i + 1,
                    },
                );
            }
            break;
        }
    }
    found
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+").unwrap()
});

/// Mail addresses in a value ("Jane <jane@x.org>, mailto:b@y.org"), lower-cased, in order, once each.
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

/// Group names in a value: separated by commas, semicolons or " and ".
pub fn groups(value: &str) -> Vec<String> {
    value
        .split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .map(|g| g.trim().trim_end_matches('.').to_string())
        .filter(|g| !g.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_labels_in_any_case_and_spelling() {
        let f = labelled_fields(
            "Hello\nFROM: 3GPP SA3\nsend reply to: <sa3-ls@3gpp.org>\nSend_To: x@y.org\nTitle:  A title \n",
        );
        assert_eq!(f["from_groups"].value, "3GPP SA3");
        assert_eq!(f["from_groups"].line, 2);
        assert_eq!(f["reply_to"].value, "<sa3-ls@3gpp.org>");
        assert_eq!(f["send_to"].value, "x@y.org");
        assert_eq!(f["title"].value, "A title");
    }

    #[test]
    fn body_takes_the_rest_and_stops_label_search() {
        let f = labelled_fields("Title: T\nBody:\nDear all,\nTo: not a label here\n");
        assert_eq!(f["body"].value, "Dear all,\nTo: not a label here");
        assert!(!f.contains_key("to_groups"));
    }

    #[test]
    fn first_occurrence_wins_and_empty_values_are_skipped() {
        let f = labelled_fields("Deadline:\nDeadline: 2026-03-15\nDeadline: 2027-01-01");
        assert_eq!(f["deadline"].value, "2026-03-15");
    }

    #[test]
    fn addresses_and_groups_split() {
        assert_eq!(
            addresses("Jane <Jane@X.org>, mailto:b@y.org; jane@x.org."),
            vec!["jane@x.org", "b@y.org"]
        );
        assert_eq!(groups("SA3; SA2 and CT1, "), vec!["SA3", "SA2", "CT1"]);
    }
}
