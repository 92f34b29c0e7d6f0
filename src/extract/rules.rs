//! Format rules, one file per body's template in rules/formats/: how to
//! recognise the template and where each field sits in it. Data, not code;
//! this module only knows the few kinds of rule those files may use.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use anyhow::{Context, Result};
use regex::Regex;
use serde::Deserialize;

/// The formats shipped with liaisond, in the order of trust.
const BUILTIN: [(&str, &str); 8] = [
    (
        "rfc4053bis.toml",
        include_str!("../../rules/formats/rfc4053bis.toml"),
    ),
    (
        "datatracker.toml",
        include_str!("../../rules/formats/datatracker.toml"),
    ),
    (
        "datatracker-page.toml",
        include_str!("../../rules/formats/datatracker-page.toml"),
    ),
    (
        "datatracker-old-page.toml",
        include_str!("../../rules/formats/datatracker-old-page.toml"),
    ),
    ("3gpp.toml", include_str!("../../rules/formats/3gpp.toml")),
    ("etsi.toml", include_str!("../../rules/formats/etsi.toml")),
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
    /// The template starts at the first line matching this (a heading);
    /// lines above it are someone's cover note and are not read.
    #[serde(default)]
    start: Option<String>,
    /// Labelled fields end at the first line matching this (the start of
    /// the body, whose own lines are not the template's); sections go on.
    #[serde(default)]
    end: Option<String>,
    /// Each field is read by one rule, or by several in order (`[[fields.x]]`).
    #[serde(default)]
    fields: BTreeMap<String, Rules>,
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
    /// Whether the mail's To and Cc headers may stand for the To-Contacts
    /// when the template names none (not for a page a coordinator pasted).
    #[serde(default = "yes")]
    header_contacts: bool,
    /// Among the templates found in one mail, a higher priority wins
    /// whatever the scores: a Datatracker page or notification is the
    /// published record, and the statement's own text (a 3GPP LS) inside
    /// it is its body.
    #[serde(default)]
    priority: u8,
    /// Its contact fields hold mail addresses only (the form a submitter
    /// fills in); elsewhere a person given by name is kept as written.
    #[serde(default)]
    addresses_only: bool,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Rules {
    One(FieldFile),
    Many(Vec<FieldFile>),
}

impl Rules {
    fn into_vec(self) -> Vec<FieldFile> {
        match self {
            Rules::One(f) => vec![f],
            Rules::Many(v) => v,
        }
    }
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

#[derive(Debug, Default, Deserialize)]
struct FieldFile {
    #[serde(default)]
    labels: Vec<String>,
    /// "Please reply by 2026-03-15", "From Group MEF": the label needs no
    /// colon; a space, a tab, a comma or the end of the line will do.
    #[serde(default)]
    colon_optional: bool,
    /// "CcRon Bonica": a copy that lost the separator; the label may run
    /// into a value that starts with a capital letter.
    #[serde(default)]
    glued: bool,
    /// A heading alone on its line ("Liaison statement"); the value is the
    /// next line that is not blank.
    #[serde(default)]
    alone: bool,
    /// Read only when the field's earlier rules found nothing.
    #[serde(default)]
    fallback: bool,
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
    #[serde(default)]
    head_lines: usize,
    #[serde(default)]
    tail_lines: usize,
    /// Else the text of this field ("body"): the first group it names is the sender.
    #[serde(default)]
    within: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PhraseFile {
    re: String,
    #[serde(default)]
    purpose: Option<String>,
    /// A date in the matched line is the deadline.
    #[serde(default)]
    deadline: bool,
    /// Also read in the covering mail of a statement sent as an attachment,
    /// where it outranks the statement's own sentences.
    #[serde(default)]
    cover: bool,
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
    pub cover: bool,
    pub text: String,
    pub line: usize,
}

struct Field {
    name: String,
    label: Option<Regex>,
    regex: Option<Regex>,
    all: bool,
    continuation: bool,
    alone: bool,
    fallback: bool,
    pattern: Option<Regex>,
    section: Option<(Regex, Option<Regex>)>,
}

/// Where a format finds the groups it does not label (letters, notifications).
pub struct Mentions {
    /// Lines at the top (letterhead) and bottom (signature) where the sender names itself.
    pub head: usize,
    pub tail: usize,
    /// Else: the text of this field (e.g. "body"), whose first group is the sender.
    pub within: Option<String>,
}

pub struct Format {
    pub name: String,
    pub authoritative: bool,
    pub sender_is_contact: bool,
    pub header_contacts: bool,
    pub addresses_only: bool,
    pub priority: u8,
    pub cover_note: bool,
    pub confidence: f32,
    pub review: Vec<String>,
    pub mentions: Option<Mentions>,
    detect: Vec<(Regex, f32)>,
    threshold: f32,
    start: Option<Regex>,
    end: Option<Regex>,
    fields: Vec<Field>,
    addressees: Vec<(Regex, String)>,
    actions: Option<[Regex; 4]>,
    phrases: Vec<(Regex, PhraseFile)>,
}

/// `^ label :` for these labels, case-insensitive, any spacing or hyphen
/// between words, the longest label first. The value is the first group
/// that took part in the match (see [`value_of`]).
fn label_regex(labels: &[String], f: &FieldFile) -> Result<Regex> {
    let mut labels: Vec<&String> = labels.iter().collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
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
    let rest = if f.alone {
        r"\s*[:：,]?\s*()$".to_string()
    } else if f.colon_optional {
        let glued = if f.glued { r"|((?-i:[A-Z]).*?)" } else { "" };
        format!(r"(?:(?:\s*[:：]\s*|[\s,]+)(.*?)|(){glued})\s*$")
    } else {
        r"\s*[:：]\s*(.*?)\s*$".to_string()
    };
    Ok(Regex::new(&format!(
        r"(?i)^[\s*•>#-]*(?:{}){rest}",
        alts.join("|")
    ))?)
}

/// The value a label or a regex captured: its first group that took part.
fn value_of<'t>(c: &regex::Captures<'t>) -> Option<regex::Match<'t>> {
    (1..c.len()).find_map(|i| c.get(i))
}

/// A regex of a format file, with the format's name in its error.
fn regex_of(format: &str, s: &str) -> Result<Regex> {
    Regex::new(s).with_context(|| format!("format {format}: bad regex {s:?}"))
}

/// Every rule of every field, in the file's order.
fn compile_fields(format: &str, fields: BTreeMap<String, Rules>) -> Result<Vec<Field>> {
    let re = |s: &str| regex_of(format, s);
    let mut out = Vec::new();
    for (name, rules) in fields {
        for f in rules.into_vec() {
            let section = match &f.section {
                Some(s) => Some((re(&s.start)?, s.end.as_deref().map(re).transpose()?)),
                None => None,
            };
            out.push(Field {
                name: name.clone(),
                label: (!f.labels.is_empty())
                    .then(|| label_regex(&f.labels, &f))
                    .transpose()?,
                regex: f.regex.as_deref().map(re).transpose()?,
                all: f.all,
                continuation: f.continuation,
                alone: f.alone,
                fallback: f.fallback,
                pattern: f.pattern.as_deref().map(re).transpose()?,
                section,
            });
        }
    }
    Ok(out)
}

fn compile(file: FormatFile) -> Result<Format> {
    let name = file.name.clone();
    let re = |s: &str| regex_of(&name, s);
    let fields = compile_fields(&name, file.fields)?;
    let plain = FieldFile::default();
    Ok(Format {
        authoritative: file.authoritative,
        sender_is_contact: file.sender_is_contact,
        header_contacts: file.header_contacts,
        addresses_only: file.addresses_only,
        priority: file.priority,
        cover_note: file.cover_note,
        confidence: file.confidence,
        review: file.review,
        mentions: file.mentions.as_ref().map(|m| Mentions {
            head: m.head_lines,
            tail: m.tail_lines,
            within: m.within.clone(),
        }),
        detect: file
            .detect
            .patterns
            .iter()
            .map(|p| Ok((re(&p.re)?, p.weight)))
            .collect::<Result<_>>()?,
        threshold: file.detect.threshold,
        start: file.start.as_deref().map(re).transpose()?,
        end: file.end.as_deref().map(re).transpose()?,
        addressees: file
            .addressees
            .iter()
            .map(|a| Ok((label_regex(&a.labels, &plain)?, a.purpose.clone())))
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
            .into_iter()
            .map(|p| Ok((re(&p.re)?, p)))
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

/// The lines a format reads, and for each the longest label found on it:
/// a line belongs to the field whose label is longest ("To Contacts x" is
/// not "To" with the value "Contacts x").
struct Lines<'t> {
    lines: Vec<&'t str>,
    /// Line numbers in the whole text are `first + index + 1`.
    first: usize,
    /// Per line: where the longest label's value starts, if any label matches.
    label_end: Vec<Option<usize>>,
    /// Labels and regexes are read above this line (the template's `end`).
    stop: usize,
}

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

    /// Where a label of this format ends on the line (its value's start), if one starts it.
    fn label_end(&self, line: &str) -> Option<usize> {
        let labels = self.fields.iter().filter_map(|f| f.label.as_ref());
        let addressees = self.addressees.iter().map(|(re, _)| re);
        labels
            .chain(addressees)
            .filter_map(|re| re.captures(line))
            .map(|c| value_of(&c).map_or(line.len(), |m| m.start()))
            .max()
    }

    fn is_label_line(&self, line: &str) -> bool {
        self.label_end(line).is_some()
    }

    /// Whether a line names addressees ("To: ...", "Dear ...", "Cc: ..."),
    /// not the sender: a label of the to or cc fields, or a salutation.
    pub fn names_addressee(&self, line: &str) -> bool {
        static OTHERS: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(?i)^\s*(dear|to|cc|attn|attention|for)\b").unwrap());
        OTHERS.is_match(line)
            || self
                .fields
                .iter()
                .filter(|f| f.name.starts_with("to_") || f.name.starts_with("cc"))
                .filter_map(|f| f.label.as_ref())
                .any(|re| re.is_match(line))
    }

    /// The text from the template's start line on (all of it without one).
    pub fn text_from_start<'t>(&self, text: &'t str) -> &'t str {
        let Some(start) = &self.start else {
            return text;
        };
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            if start.is_match(line.trim_end()) {
                return &text[at..];
            }
            at += line.len();
        }
        text
    }

    fn lines<'t>(&self, text: &'t str) -> Lines<'t> {
        let all: Vec<&str> = text.lines().collect();
        let first = self
            .start
            .as_ref()
            .and_then(|s| all.iter().position(|l| s.is_match(l)))
            .unwrap_or(0);
        let lines = all[first..].to_vec();
        let stop = self
            .end
            .as_ref()
            .and_then(|e| lines.iter().skip(1).position(|l| e.is_match(l)))
            .map_or(lines.len(), |p| p + 1);
        let label_end = lines.iter().map(|l| self.label_end(l)).collect();
        Lines {
            lines,
            first,
            label_end,
            stop,
        }
    }

    /// Every field value this format finds in the text, in field order.
    pub fn fields(&self, text: &str) -> BTreeMap<String, Vec<Hit>> {
        let lines = self.lines(text);
        let mut out: BTreeMap<String, Vec<Hit>> = BTreeMap::new();
        for f in &self.fields {
            if f.fallback && out.contains_key(&f.name) {
                continue;
            }
            let found = self.field(f, &lines);
            if !found.is_empty() {
                out.entry(f.name.clone()).or_default().extend(found);
            }
        }
        out
    }

    fn field(&self, f: &Field, l: &Lines) -> Vec<Hit> {
        if let Some((start, end)) = &f.section {
            return section(start, end.as_ref(), l).into_iter().collect();
        }
        let lines = &l.lines;
        let mut found = Vec::new();
        for (i, line) in lines.iter().enumerate().take(l.stop) {
            // The label at the line's start (unless a longer label of another
            // field owns the line), else the regex anywhere in it.
            let by_label = f
                .label
                .as_ref()
                .and_then(|re| re.captures(line))
                .filter(|c| {
                    let end = value_of(c).map_or(line.len(), |m| m.start());
                    l.label_end[i].is_none_or(|longest| end >= longest)
                });
            let labelled = by_label.is_some();
            let captured = by_label
                .map(|c| value_of(&c).map_or("", |m| m.as_str()).to_string())
                .or_else(|| regex_value(f.regex.as_ref()?, line, lines.get(i + 1)));
            let Some(mut value) = captured.map(|v| v.trim().to_string()) else {
                continue;
            };
            if labelled || f.continuation {
                value = self.value_lines(f, lines, i, value, labelled);
            }
            if let Some(p) = &f.pattern {
                match p.captures(&value).and_then(|c| value_of(&c)) {
                    Some(m) => value = m.as_str().trim().to_string(),
                    None => continue,
                }
            }
            if !value.is_empty() {
                found.push(Hit {
                    value,
                    line: l.first + i + 1,
                });
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
    /// A sentence may run on to the next line ("respond by March 31st,\n2026."):
    /// each line is read with the one after it, unless a blank line ends it.
    pub fn phrases(&self, text: &str) -> Vec<Phrase> {
        let lines: Vec<&str> = text.lines().collect();
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let next = lines.get(i + 1).map_or("", |n| n.trim());
            let joined = format!("{} {next}", line.trim());
            for (re, p) in &self.phrases {
                if re.is_match(line) || (p.deadline && re.is_match(&joined)) {
                    out.push(Phrase {
                        purpose: p.purpose.clone(),
                        deadline: p.deadline,
                        cover: p.cover,
                        text: joined.trim().to_string(),
                        line: i + 1,
                    });
                }
            }
        }
        out
    }
}

impl Format {
    /// A value and the lines that carry it on: the next line when the
    /// label stands alone ("Title:" above its value in a table), the lines
    /// after it up to a blank line or a label when the field continues.
    fn value_lines(
        &self,
        f: &Field,
        lines: &[&str],
        i: usize,
        first: String,
        labelled: bool,
    ) -> String {
        let mut value = first;
        let mut j = i + 1;
        if value.is_empty() && labelled {
            while j < lines.len() && lines[j].trim().is_empty() && j < i + 3 {
                j += 1;
            }
            // A heading's value is its next line, whatever it starts with.
            if j < lines.len() && (f.alone || !self.is_label_line(lines[j])) {
                value = lines[j].trim().to_string();
                j += 1;
            }
        }
        if f.continuation && !f.alone {
            while j < lines.len()
                && !lines[j].trim().is_empty()
                && !self.is_label_line(lines[j])
                && !looks_like_label(lines[j])
            {
                value.push('\n');
                value.push_str(lines[j].trim());
                j += 1;
            }
        }
        value
    }
}

/// Whether a line starts with a label of some template ("Release:", "Work
/// Item:"), where a value continued over lines stops even when this
/// template does not know the label; "mailto:" and "https:" are values.
fn looks_like_label(line: &str) -> bool {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*([A-Z][\w()/.-]*(?:[ \t]+[\w()/.-]+){0,3})\s*[:：]").unwrap()
    });
    LABEL.captures(line).is_some_and(|c| {
        let l = c[1].to_lowercase();
        !["mailto", "http", "https", "tel", "fax"].contains(&l.as_str())
    })
}

/// What a field's regex captures on a line, else on the line run on into
/// the next ("... respond by\n8 September 2025": a sentence a PDF wrapped).
fn regex_value(re: &Regex, line: &str, next: Option<&&str>) -> Option<String> {
    if let Some(c) = re.captures(line) {
        return Some(value_of(&c).map_or("", |m| m.as_str()).to_string());
    }
    let next = next.map(|n| n.trim()).filter(|n| !n.is_empty())?;
    let first = line.trim_end();
    let joined = format!("{first} {next}");
    // The match must start on this line: what the next line says alone is its own.
    re.captures(&joined)
        .filter(|c| c.get(0).is_some_and(|m| m.start() < first.len()))
        .and_then(|c| value_of(&c).map(|m| m.as_str().to_string()))
        .filter(|v| !v.is_empty())
}

/// The text between a line matching `start` and one matching `end` (or the end).
fn section(start: &Regex, end: Option<&Regex>, l: &Lines) -> Option<Hit> {
    let lines = &l.lines;
    let s = lines.iter().position(|x| start.is_match(x))?;
    let stop = end
        .and_then(|e| lines[s + 1..].iter().position(|x| e.is_match(x)))
        .map(|p| s + 1 + p);
    // Text after the start label on its own line ("Body: Dear all,") belongs to it.
    let first = start
        .captures(lines[s])
        .and_then(|c| value_of(&c))
        .map_or("", |m| m.as_str());
    let rest = lines[s + 1..stop.unwrap_or(lines.len())].join("\n");
    let value = format!("{first}\n{rest}").trim().to_string();
    (!value.is_empty()).then_some(Hit {
        value,
        line: l.first + s + 2,
    })
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
        for name in [
            "rfc4053bis",
            "datatracker",
            "datatracker-page",
            "datatracker-old-page",
            "3gpp",
            "etsi",
            "itu-t",
            "letter",
        ] {
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

    #[test]
    fn page_labels_need_no_colon_and_lists_run_to_the_next_label() {
        let f = by_name("datatracker-page").unwrap();
        let text = "Hi, the page below.\nFrom Group: not the page\n\nLiaison statement\nState of the art\n\
State Posted\nFrom Group\tMEF\nFrom Contact Raghu Ranganathan\nTo Group lime\n\
To Contacts Carlos Pignataro\nRon Bonica\nCcRon Bonica\nWarren Kumari\nResponse Contact(s)\n\
Purpose For information\nDeadline 2017-04-15 Action Needed\nMEF meets next on July 24-27.\n";
        let v = f.fields(text);
        // The heading's next line, whatever it starts with ("State").
        assert_eq!(
            v["title"][0],
            Hit {
                value: "State of the art".into(),
                line: 4
            }
        );
        // Above the heading is the coordinator's note, not the page.
        assert_eq!(v["from_groups"][0].value, "MEF");
        assert_eq!(v["from_contacts"][0].value, "Raghu Ranganathan");
        // "To Contacts" is not "To Group" with the value "Contacts ..."; the
        // list stops at "Cc" even where the copy glued it to its value.
        assert_eq!(v["to_groups"][0].value, "lime");
        assert_eq!(v["to_contacts"][0].value, "Carlos Pignataro\nRon Bonica");
        assert!(!v.contains_key("reply_to"), "{:?}", v.get("reply_to"));
        assert_eq!(v["deadline"][0].value, "2017-04-15");
        assert_eq!(v["purpose"][0].value, "For information");
    }

    #[test]
    fn a_value_continued_over_lines_stops_at_any_label() {
        let f = by_name("3gpp").unwrap();
        let v = f.fields(
            "Title:\tLS on a long title that a PDF\n        wrapped onto a second line\n\
Release:\tRel-19\nContact Person:\nName:\tJane Doe\n",
        );
        assert_eq!(
            v["title"][0].value,
            "LS on a long title that a PDF\nwrapped onto a second line"
        );
        // A contact given by name only when the template names no address.
        assert_eq!(v["from_contacts"][0].value, "Jane Doe");
        let v = f.fields("Name:\tJane Doe\nE-mail Address:\tjane@3gpp.example\n");
        assert_eq!(v["from_contacts"].len(), 1, "{:?}", v["from_contacts"]);
        assert_eq!(v["from_contacts"][0].value, "jane@3gpp.example");
    }

    #[test]
    fn a_sentence_wrapped_onto_the_next_line_is_read_whole() {
        let f = by_name("etsi").unwrap();
        let v = f.fields(
            "ACTION: ISG ZSM kindly asks for feedback on this work by\n8 September 2025.\n",
        );
        assert_eq!(v["deadline"][0].value, "8 September 2025");
    }

    #[test]
    fn the_notification_body_is_not_its_header() {
        let f = by_name("datatracker").unwrap();
        let text = "From: Liaison Statement Management Tool <statements@ietf.org>\nTo: x@y.example\n\n\
Title: Reply LS\nTo: Gorry Fairhurst <gorry@example.org>\nPurpose: For action\n\
Body: 2 Actions\nTo: IETF Transport Area Working Group (TSVWG)\n";
        let v = f.fields(text);
        assert_eq!(v["to_contacts"].len(), 1);
        assert_eq!(
            v["to_contacts"][0].value,
            "Gorry Fairhurst <gorry@example.org>"
        );
        assert_eq!(v["title"][0].value, "Reply LS");
    }
}
