//! Splitting and normalising field values: group lists and contact lists.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::directory::Directory;
use crate::mail::address::addresses;

/// Group names in a value, split at commas, semicolons, line breaks and
/// " and "; addresses and parenthesised remarks dropped.
pub fn groups(value: &str) -> Vec<String> {
    groups_with(value, |_| false)
}

/// [`groups`], but a piece that is a `known` name is not split at " and "
/// ("Common Control and Measurement Plane").
pub fn groups_with(value: &str, known: impl Fn(&str) -> bool) -> Vec<String> {
    static REMARK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\([^)]*\)|(?m:\([^)\n]*$)|<[^>]*>|(?i)mailto:\S+|\S+@\S+|\[[^\]]*\]").unwrap()
    });
    static SPLIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[,;\n]").unwrap());
    static AND: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+and\s+|\s+&\s+").unwrap());
    let cleaned = REMARK.replace_all(value, " ");
    SPLIT
        .split(&cleaned)
        .flat_map(|piece| match known(piece.trim()) {
            true => vec![piece],
            false => AND.split(piece).collect(),
        })
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

/// The contacts in a value, in order, once each: addresses (lower-cased),
/// and people given by name only, as written ("Jane Doe", "Jane Doe <>",
/// the Datatracker's way of hiding an address). `Name <address>` and
/// `Name <>` may follow each other on one line (a table cell). Within one
/// value that names addresses, a bare name is the label of an address
/// ("3GPP Liaisons Coordinator, mailto:x@y") and is dropped; a name with an
/// empty `<>` is a person whose address is hidden, and is kept.
pub fn contacts(value: &str) -> Vec<String> {
    static SPLIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[,;\n]").unwrap());
    static BRACKET: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"([^<>]*?)<\s*([^<>]*?)\s*>").unwrap());
    let any_address = !addresses(value).is_empty();
    let mut out: Vec<String> = Vec::new();
    let mut push = |c: String| {
        if !c.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&c)) {
            out.push(c);
        }
    };
    for piece in SPLIT.split(value) {
        let mut rest = piece;
        let mut bracketed = false;
        while let Some(c) = BRACKET.captures(rest) {
            bracketed = true;
            match addresses(&c[2]).into_iter().next() {
                Some(a) => push(a),
                None => push(name_of(&c[1])),
            }
            rest = &rest[c.get(0).map_or(rest.len(), |m| m.end())..];
        }
        let found = addresses(rest);
        if !found.is_empty() {
            found.into_iter().for_each(&mut push);
        } else if bracketed || !any_address {
            // After "Name <>" entries, a last name whose "<>" the copy lost.
            push(name_of(rest));
        }
    }
    out
}

/// Contacts given by name only become the address of the person the
/// directory knows by that name; others stay as written.
pub fn resolve_names(d: &Directory, contacts: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in contacts {
        let c = match d.person_named(&c) {
            Some(p) if !c.contains('@') => p.address.to_lowercase(),
            _ => c,
        };
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Whether a contact given by name may be several names run together
/// ("Carlos Pignataro Ron Bonica", a table cell that lost its line breaks):
/// four words or more, unless they end in a word of a role or a list
/// ("IP Performance Metrics Discussion List", "The IETF Chair"), unless
/// `strict` (a markdown table's cell, where any list was joined by spaces).
pub fn runs_together(contact: &str, strict: bool) -> bool {
    const ROLE: [&str; 14] = [
        "list",
        "chair",
        "chairs",
        "director",
        "directors",
        "secretariat",
        "team",
        "group",
        "committee",
        "coordinator",
        "manager",
        "office",
        "liaison",
        "liaisons",
    ];
    let words: Vec<String> = contact.split_whitespace().map(str::to_lowercase).collect();
    let last = words
        .last()
        .map_or("", |w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    !contact.contains('@') && words.len() >= 4 && (strict || !ROLE.contains(&last))
}

/// A person's name as written, without quotes, brackets or stray punctuation;
/// empty when the text is no name ("(None)", "-", "n/a").
fn name_of(s: &str) -> String {
    let s = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| "\"'()<>[]:.-*".contains(c) || c.is_whitespace())
        .to_string();
    let lower = s.to_lowercase();
    let none = ["none", "n/a", "na", "tbd", "-"];
    if none.contains(&lower.as_str()) || !s.chars().any(char::is_alphabetic) {
        String::new()
    } else {
        s
    }
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
        // A copy that lost the end of a remark; a known name is not split at "and".
        assert_eq!(groups("Foo WG (Jane,"), vec!["Foo WG"]);
        assert_eq!(
            groups_with("Common Control and Measurement Plane (,", |g| g
                .starts_with("Common")),
            vec!["Common Control and Measurement Plane"]
        );
    }

    #[test]
    fn contacts_are_addresses_or_names_as_written() {
        assert_eq!(
            contacts("Joe Clarke <JClarke@cisco.com>\nYukiko Ogura <>\nThe IETF Chair"),
            vec!["jclarke@cisco.com", "Yukiko Ogura"]
        );
        assert_eq!(
            contacts("Jouni Korhonen <> Lionel Morand <>"),
            vec!["Jouni Korhonen", "Lionel Morand"]
        );
        assert_eq!(
            contacts("Adrian Farrel, Ross Callon"),
            vec!["Adrian Farrel", "Ross Callon"]
        );
        assert_eq!(
            contacts("3GPP Liaisons Coordinator, mailto:3GPPLiaison@etsi.org"),
            vec!["3gppliaison@etsi.org"]
        );
        assert_eq!(
            contacts("georg@gmx.com 3GPPLiaison@etsi.org"),
            vec!["georg@gmx.com", "3gppliaison@etsi.org"]
        );
        assert_eq!(
            contacts("Joe Clarke <jclarke@cisco.com> Yukiko Ogura <> plh@w3.org"),
            vec!["jclarke@cisco.com", "Yukiko Ogura", "plh@w3.org"]
        );
        assert_eq!(
            contacts("Jouni Korhonen <> Lionel Morand"),
            vec!["Jouni Korhonen", "Lionel Morand"]
        );
        assert!(contacts("(None)").is_empty());
        assert!(runs_together("Carlos Pignataro Ron Bonica", false));
        assert!(!runs_together("A. C. Morton", true));
        assert!(!runs_together(
            "IP Performance Metrics Discussion List",
            false
        ));
        assert!(runs_together(
            "Bill Cerveny IP Performance Metrics Discussion List Martin Stiemerling",
            false
        ));
        assert!(runs_together("Hing-Kam Lam ITU-T SG15 Secretariat", true));
        assert!(contacts(",,").is_empty());
    }
}
