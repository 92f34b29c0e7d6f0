//! Format rules, one file per body's template in rules/formats/: how to
//! recognise the template and where each field sits in it. Data, not code;
//! this module only knows the few kinds of rule those files may use.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use anyhow::{Context, Result};
use regex::Regex;
use serde::Deserialize;

/// The formats shipped with liaisond, in the order of trust.
const BUILTIN: [(&str, &str); 5] = [
    (
        "rfc4053bis.toml",
        include_str!("../../rules/formats/rfc4053bis.toml"),
    ),
    (
        "datatracker.toml",
        include_str!("../../rules/formats/datatracker.toml"),
    ),
    ("3gpp.toml", include_str!("../../rules/formats/3gpp.toml")),
    ("itu-t.toml", include_str!("../../rules/formats/itu-t.toml")),
    (
        "letter.toml",
        include_str!("../../rules/formats/letter.toml"),
    ),
];

#[derive(Debug, Deserialize)]
struct FormatFile {
    name: String,
    /// Its fields outrank every other format's (the rfc4053bis form).
    #[serde(default)]
    authoritative: bool,
    #[serde(default = "default_confidence")]
    confidence: f32,
    detect: DetectFile,
    #[serde(default)]
    fields: BTreeMap<String, FieldFile>,
    #[serde(default)]
    addressees: Vec<AddresseeFile>,
    #[serde(default)]
    actions: Option<ActionsFile>,
    #[serde(default)]
    mentions: Option<MentionsFile>,
    #[serde(default)]
    phrases: Vec<PhraseFile>,
    /// Review reasons that always come with this format.
    #[serde(default)]
    review: Vec<String>,
    /// Whether the mail's sender is a contact of the sending body; not for a
    /// notification that a coordinator forwards (the Datatracker's).
    #[serde(default = "yes")]
    sender_is_contact: bool,
    /// Beside another format in the same mail, this one is only the cover
    /// note ("Dear colleagues, please find attached ..."), not the statement.
    #[serde(default)]
    cover_note: bool,
}

fn yes() -> bool {
    true
}

fn default_confidence() -> f32 {
    0.9
}

#[derive(Debug, Deserialize)]
struct DetectFile {
    threshold: f32,
    patterns: Vec<WeightedFile>,
}

#[derive(Debug, Deserialize)]
struct WeightedFile {
    re: String,
    weight: f32,
}

#[derive(Debug, Deserialize)]
struct FieldFile {
    #[serde(default)]
    labels: Vec<String>,
    /// "Please reply by 2026-03-15": the label needs no colon.
    #[serde(default)]
    colon_optional: bool,
    /// Every occurrence, not just the first.
    #[serde(default)]
    all: bool,
    /// The value goes on over the following lines, up to a blank line or another label.
    #[serde(default)]
    continuation: bool,
    /// Keep only what this regex captures (group 1) from the value.
    #[serde(default)]
    pattern: Option<String>,
    /// A regex over each line (where no label starts it); group 1 is the value.
    #[serde(default)]
    regex: Option<String>,
    /// The value is the text between a line matching `start` and one matching `end`.
    #[serde(default)]
    section: Option<SectionFile>,
}

#[derive(Debug, Deserialize)]
struct SectionFile {
    start: String,
    #[serde(default)]
    end: Option<String>,
}

#[derive(Debug, Deserialize)]
struct AddresseeFile {
    labels: Vec<String>,
    purpose: String,
}

#[derive(Debug, Deserialize)]
struct ActionsFile {
    start: String,
    end: String,
    /// A line naming whom the following actions are for; group 1 is the group.
    addressee: String,
    /// A line stating an action.
    action: String,
}

#[derive(Debug, Deserialize)]
struct MentionsFile {
    /// Lines at the top (letterhead) and bottom (signature) where the sender names itself.
    head_lines: usize,
    tail_lines: usize,
}

#[derive(Debug, Deserialize)]
struct PhraseFile {
    re: String,
    #[serde(default)]
    purpose: Option<String>,
    /// A date in the matched line is the deadline.
    #[serde(default)]
    deadline: bool,
}

/// A value found in a text, with the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub value: String,
    pub line: usize,
}

pub struct Addressee {
    pub value: String,
    pub purpose: String,
    pub line: usize,
}

pub struct Action {
    /// The group the action is addressed to, as written; None when no addressee line preceded it.
    pub addressee: Option<String>,
    pub line: usize,
}

pub struct Phrase {
    pub purpose: Option<String>,
    pub deadline: bool,
    pub text: String,
    pub line: usize,
}

struct Field {
    name: String,
    label: Option<Regex>,
    regex: Option<Regex>,
    all: bool,
    continuation: bool,
    pattern: Option<Regex>,
    section: Option<(Regex, Option<Regex>)>,
}

pub struct Format {
    pub name: String,
    pub authoritative: bool,
    pub sender_is_contact: bool,
    pub cover_note: bool,
    pub confidence: f32,
    pub review: Vec<String>,
    pub mentions: Option<(usize, usize)>,
    detect: Vec<(Regex, f32)>,
    threshold: f32,
    fields: Vec<Field>,
    /// Any label of this format: where a continued value stops.
    any_label: Option<Regex>,
    addressees: Vec<(Regex, String)>,
    actions: Option<[Regex; 4]>,
    phrases: Vec<(Regex, Option<String>, bool)>,
}

/// `^ label :` for these labels, case-insensitive, any spacing or hyphen between words.
fn label_regex(labels: &[String], colon_optional: bool) -> Result<Regex> {
    let alts: Vec<String> = labels
        .iter()
        .map(|l| {
            l.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
                .filter(|w| !w.is_empty())
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"[\s_-]*")
        })
        .collect();
    let sep = if colon_optional {
        r"(?:\s*[:：]\s*|\s+)"
    } else {
        r"\s*[:：]\s*"
    };
    Ok(Regex::new(&format!(
        r"(?i)^[\s*•>-]*(?:{}){sep}(.*?)\s*$",
        alts.join("|")
    ))?)
}

fn compile(file: FormatFile) -> Result<Format> {
    let re =
        |s: &str| Regex::new(s).with_context(|| format!("format {}: bad regex {s:?}", file.name));
    let mut fields = Vec::new();
    let mut all_labels = Vec::new();
    for (name, f) in &file.fields {
        all_labels.extend(f.labels.iter().cloned());
        fields.push(Field {
            name: name.clone(),
            label: (!f.labels.is_empty())
                .then(|| label_regex(&f.labels, f.colon_optional))
                .transpose()?,
            regex: f.regex.as_deref().map(re).transpose()?,
            all: f.all,
            continuation: f.continuation,
            pattern: f.pattern.as_deref().map(re).transpose()?,
            section: f
                .section
                .as_ref()
                .map(|s| {
                    Ok::<_, anyhow::Error>((re(&s.start)?, s.end.as_deref().map(re).transpose()?))
                })
                .transpose()?,
        });
    }
    for a in &file.addressees {
        all_labels.extend(a.labels.iter().cloned());
    }
    Ok(Format {
        authoritative: file.authoritative,
        sender_is_contact: file.sender_is_contact,
        cover_note: file.cover_note,
        confidence: file.confidence,
        review: file.review.clone(),
        mentions: file.mentions.as_ref().map(|m| (m.head_lines, m.tail_lines)),
        detect: file
            .detect
            .patterns
            .iter()
            .map(|p| Ok((re(&p.re)?, p.weight)))
            .collect::<Result<_>>()?,
        threshold: file.detect.threshold,
        any_label: (!all_labels.is_empty())
            .then(|| label_regex(&all_labels, false))
            .transpose()?,
        addressees: file
            .addressees
            .iter()
            .map(|a| Ok((label_regex(&a.labels, false)?, a.purpose.clone())))
            .collect::<Result<_>>()?,
        actions: file
            .actions
            .as_ref()
            .map(|a| {
                Ok::<_, anyhow::Error>([
                    re(&a.start)?,
                    re(&a.end)?,
                    re(&a.addressee)?,
                    re(&a.action)?,
                ])
            })
            .transpose()?,
        phrases: file
            .phrases
            .iter()
            .map(|p| Ok((re(&p.re)?, p.purpose.clone(), p.deadline)))
            .collect::<Result<_>>()?,
        fields,
        name: file.name,
    })
}

/// The shipped formats, compiled once.
pub static FORMATS: LazyLock<Vec<Format>> = LazyLock::new(|| {
    BUILTIN
        .iter()
        .map(|(file, text)| {
            let parsed: FormatFile =
                toml::from_str(text).unwrap_or_else(|e| panic!("rules/formats/{file}: {e}"));
            compile(parsed).unwrap_or_else(|e| panic!("rules/formats/{file}: {e:#}"))
        })
        .collect()
});

impl Format {
    /// How strongly the text looks like this format; it applies at `threshold`.
    pub fn score(&self, text: &str) -> f32 {
        self.detect
            .iter()
            .filter(|(re, _)| re.is_match(text))
            .map(|(_, w)| w)
            .sum()
    }

    pub fn detects(&self, text: &str) -> Option<f32> {
        let s = self.score(text);
        (s >= self.threshold).then_some(s)
    }

    fn is_label_line(&self, line: &str) -> bool {
        self.any_label.as_ref().is_some_and(|re| re.is_match(line))
    }

    /// Every field value this format finds in the text, in field order.
    pub fn fields(&self, text: &str) -> BTreeMap<String, Vec<Hit>> {
        let lines: Vec<&str> = text.lines().collect();
        let mut out: BTreeMap<String, Vec<Hit>> = BTreeMap::new();
        for f in &self.fields {
            let found = self.field(f, &lines);
            if !found.is_empty() {
                out.insert(f.name.clone(), found);
            }
        }
        out
    }

    fn field(&self, f: &Field, lines: &[&str]) -> Vec<Hit> {
        let mut found = Vec::new();
        if let Some((start, end)) = &f.section {
            if let Some(s) = lines.iter().position(|l| start.is_match(l)) {
                let stop = end
                    .as_ref()
                    .and_then(|e| lines[s + 1..].iter().position(|l| e.is_match(l)))
                    .map(|p| s + 1 + p);
                // Text after the start label on its own line ("Body: Dear all,") belongs to it.
                let first = start
                    .captures(lines[s])
                    .and_then(|c| c.get(1))
                    .map_or("", |m| m.as_str());
                let rest = lines[s + 1..stop.unwrap_or(lines.len())].join("\n");
                let value = format!("{first}\n{rest}").trim().to_string();
                if !value.is_empty() {
                    found.push(Hit { value, line: s + 2 });
                }
            }
            return found;
        }
        for (i, line) in lines.iter().enumerate() {
            // The label at the line's start, else the regex anywhere in it.
            let captured = f
                .label
                .as_ref()
                .and_then(|l| l.captures(line))
                .or_else(|| f.regex.as_ref().and_then(|r| r.captures(line)));
            let Some(c) = captured else { continue };
            let mut value = c.get(1).map_or("", |m| m.as_str()).trim().to_string();
            let mut j = i + 1;
            if value.is_empty() && f.label.is_some() {
                // "Title:" with its value on the next line (tables, PDF layout).
                while j < lines.len() && lines[j].trim().is_empty() && j < i + 3 {
                    j += 1;
                }
                if j < lines.len() && !self.is_label_line(lines[j]) {
                    value = lines[j].trim().to_string();
                    j += 1;
                }
            }
            if f.continuation {
                while j < lines.len()
                    && !lines[j].trim().is_empty()
                    && !self.is_label_line(lines[j])
                {
                    value.push('\n');
                    value.push_str(lines[j].trim());
                    j += 1;
                }
            }
            if let Some(p) = &f.pattern {
                match p.captures(&value).and_then(|c| c.get(1)) {
                    Some(m) => value = m.as_str().to_string(),
                    None => continue,
                }
            }
            if !value.is_empty() {
                found.push(Hit { value, line: i + 1 });
                if !f.all {
                    break;
                }
            }
        }
        found
    }

    /// Addressee lines with a purpose each ("For action to: ...").
    pub fn addressees(&self, text: &str) -> Vec<Addressee> {
        let mut out = Vec::new();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            for (re, purpose) in &self.addressees {
                let Some(c) = re.captures(line) else { continue };
                let mut v = c.get(1).map_or("", |m| m.as_str().trim());
                // "For action to:" in one table cell, the groups in the next.
                if v.is_empty()
                    && let Some(next) = lines.get(i + 1)
                    && !self.is_label_line(next)
                {
                    v = next.trim();
                }
                if !v.is_empty() && !v.eq_ignore_ascii_case("-") {
                    out.push(Addressee {
                        value: v.to_string(),
                        purpose: purpose.clone(),
                        line: i + 1,
                    });
                }
            }
        }
        out
    }

    /// Action lines in the actions section, with the addressee line before each.
    pub fn actions(&self, text: &str) -> Option<Vec<Action>> {
        let [start, end, addressee, action] = self.actions.as_ref()?;
        let lines: Vec<&str> = text.lines().collect();
        let s = lines.iter().position(|l| start.is_match(l))?;
        let mut current = None;
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate().skip(s + 1) {
            if end.is_match(line) {
                break;
            }
            if let Some(c) = addressee.captures(line) {
                current = c.get(1).map(|m| m.as_str().trim().to_string());
            }
            if action.is_match(line) {
                out.push(Action {
                    addressee: current.clone(),
                    line: i + 1,
                });
            }
        }
        Some(out)
    }

    /// Sentences that state a purpose or a deadline (letters in prose).
    pub fn phrases(&self, text: &str) -> Vec<Phrase> {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            for (re, purpose, deadline) in &self.phrases {
                if re.is_match(line) {
                    out.push(Phrase {
                        purpose: purpose.clone(),
                        deadline: *deadline,
                        text: line.trim().to_string(),
                        line: i + 1,
                    });
                }
            }
        }
        out
    }
}

pub fn by_name(name: &str) -> Option<&'static Format> {
    FORMATS.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_format_compiles() {
        assert_eq!(FORMATS.len(), BUILTIN.len());
        for name in ["rfc4053bis", "datatracker", "3gpp", "itu-t", "letter"] {
            assert!(by_name(name).is_some(), "{name}");
        }
    }

    #[test]
    fn labels_take_values_on_the_same_or_the_next_line() {
        let f = by_name("rfc4053bis").unwrap();
        let text = "From-Contact:\n  a@b.example\nSend Reply To: x@y.example\nTitle:\tA title\nPurpose: For Action\nDeadline: 2026-03-15";
        let v = f.fields(text);
        assert_eq!(v["from_contacts"][0].value, "a@b.example");
        assert_eq!(v["reply_to"][0].value, "x@y.example");
        assert_eq!(
            v["title"][0],
            Hit {
                value: "A title".into(),
                line: 4
            }
        );
        assert!(f.detects(text).is_some());
        assert!(f.detects("Dear all,\nTo: you\n").is_none());
    }

    #[test]
    fn itu_t_addressees_carry_their_purpose() {
        let f = by_name("itu-t").unwrap();
        let a = f.addressees(
            "For action to:\tIETF LAMPS WG\nFor information to:\t3GPP SA3, ETSI TC CYBER\n",
        );
        assert_eq!(a.len(), 2);
        assert_eq!(
            (a[0].value.as_str(), a[0].purpose.as_str()),
            ("IETF LAMPS WG", "for_action")
        );
        assert_eq!(a[1].purpose, "for_information");
    }

    #[test]
    fn gpp_actions_name_their_addressee() {
        let f = by_name("3gpp").unwrap();
        let text = "1. Overall Description:\nblah\n2. Actions:\nTo IETF LAMPS WG.\nACTION: SA3 asks LAMPS to review.\n3. Date of Next TSG-SA WG3 Meetings:\n";
        let a = f.actions(text).unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].addressee.as_deref(), Some("IETF LAMPS WG"));
    }
}
