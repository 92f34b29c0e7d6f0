//! Per-field accuracy of extraction on a corpus: every directory holding a
//! `message.eml` and an `expected.json` (the keys of `extract --json`; a key
//! left out is not scored). Lists compare as sets, text ignoring spacing.
//!
//! Beside the table: the wrong fields that were not flagged for review (a
//! silent error: nobody would look), and how often a statement was taken
//! for correspondence or the other way round (`kind`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::Value;

use crate::extract::Extractor;

#[derive(Debug, Default, Serialize)]
pub struct FieldScore {
    pub correct: usize,
    pub total: usize,
}

#[derive(Debug, Serialize)]
pub struct Miss {
    pub case: String,
    pub field: String,
    pub expected: Value,
    pub extracted: Value,
    /// Whether the case was marked `needs_review`: a miss not flagged is a silent error.
    pub flagged: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub cases: usize,
    /// Cases extraction could not read at all.
    pub failed: Vec<String>,
    pub fields: BTreeMap<String, FieldScore>,
    pub misses: Vec<Miss>,
    /// Cases expected as statements that were taken for correspondence.
    pub statements_as_correspondence: Vec<String>,
    /// Cases expected as correspondence that were taken for statements.
    pub correspondence_as_statements: Vec<String>,
}

impl Report {
    pub fn overall(&self) -> f64 {
        let (c, t) = self
            .fields
            .values()
            .fold((0, 0), |(c, t), f| (c + f.correct, t + f.total));
        if t == 0 { 0.0 } else { c as f64 / t as f64 }
    }

    /// Wrong fields in cases that were not marked for review.
    pub fn silent(&self) -> impl Iterator<Item = &Miss> {
        self.misses.iter().filter(|m| !m.flagged)
    }
}

/// Case directories under `root`, sorted.
fn cases(root: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if dir.join("message.eml").is_file() && dir.join("expected.json").is_file() {
            out.push(dir);
            continue;
        }
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn normalised(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(s.split_whitespace().collect::<Vec<_>>().join(" ")),
        Value::Array(items) => {
            let mut items: Vec<String> = items.iter().map(|i| normalised(i).to_string()).collect();
            items.sort();
            items.dedup();
            Value::Array(items.into_iter().map(Value::String).collect())
        }
        other => other.clone(),
    }
}

/// The extracted value of a field, in the shape expected.json uses.
fn extracted_field(extracted: &Value, field: &str) -> Value {
    match field {
        "attachments" => Value::Array(
            extracted["attachments"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| a["name"].clone())
                .collect(),
        ),
        _ => extracted.get(field).cloned().unwrap_or(Value::Null),
    }
}

pub fn run(root: &Path, extractor: &Extractor) -> Result<Report> {
    let mut report = Report::default();
    for dir in cases(root)? {
        let name = dir.strip_prefix(root).unwrap_or(&dir).display().to_string();
        report.cases += 1;
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json"))?)
                .with_context(|| format!("{name}/expected.json"))?;
        let raw = std::fs::read(dir.join("message.eml"))?;
        let extracted = match extractor.extract(&raw) {
            Ok(e) => serde_json::to_value(&e)?,
            Err(e) => {
                report.failed.push(format!("{name}: {e}"));
                Value::Null
            }
        };
        let flagged = extracted["needs_review"].as_bool().unwrap_or(false);
        for (field, want) in expected.as_object().into_iter().flatten() {
            let got = extracted_field(&extracted, field);
            let score = report.fields.entry(field.clone()).or_default();
            score.total += 1;
            if normalised(want) == normalised(&got) {
                score.correct += 1;
                continue;
            }
            match (field.as_str(), want.as_str(), got.as_str()) {
                ("kind", Some("statement"), Some("correspondence")) => {
                    report.statements_as_correspondence.push(name.clone())
                }
                ("kind", Some("correspondence"), Some("statement")) => {
                    report.correspondence_as_statements.push(name.clone())
                }
                _ => {}
            }
            report.misses.push(Miss {
                case: name.clone(),
                field: field.clone(),
                expected: want.clone(),
                extracted: got,
                flagged,
            });
        }
    }
    Ok(report)
}

/// The lines below the table: silent errors and kind confusions.
fn summary(r: &Report) -> String {
    let n = r.fields.get("kind").map_or(0, |k| k.total);
    format!(
        "\nwrong and not flagged for review: {} of {} wrong fields\n\
         statements taken for correspondence: {} (of {n} cases scored on kind)\n\
         correspondence taken for statements: {} (of {n} cases scored on kind)\n",
        r.silent().count(),
        r.misses.len(),
        r.statements_as_correspondence.len(),
        r.correspondence_as_statements.len(),
    )
}

/// The report as a person reads it.
pub fn render(r: &Report, verbose: bool) -> String {
    let mut t = format!(
        "{} cases, {} unreadable\n\n{:<20} {:>8} {:>8} {:>9}\n",
        r.cases,
        r.failed.len(),
        "field",
        "correct",
        "scored",
        "accuracy"
    );
    for (field, s) in &r.fields {
        t.push_str(&format!(
            "{field:<20} {:>8} {:>8} {:>8.1}%\n",
            s.correct,
            s.total,
            100.0 * s.correct as f64 / s.total.max(1) as f64
        ));
    }
    t.push_str(&format!(
        "{:<20} {:>35.1}%\n",
        "all fields",
        100.0 * r.overall()
    ));
    t.push_str(&summary(r));
    for f in &r.failed {
        t.push_str(&format!("\nunreadable: {f}"));
    }
    if verbose {
        for m in &r.misses {
            let flag = if m.flagged { "" } else { " (NOT FLAGGED)" };
            t.push_str(&format!(
                "\n{} {}{flag}:\n  expected  {}\n  extracted {}",
                m.case, m.field, m.expected, m.extracted
            ));
        }
        t.push('\n');
    }
    t
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::domain::directory::Directory;
    use crate::extract::{DocMode, Limits};

    const FORM: &str = "From: officer@3gpp.example\r\nSubject: LS\r\n\r\nFrom: 3GPP TSG SA WG3\r\n\
Send Reply To: sa3@3gpp.example\r\nTo: IETF LAMPS WG\r\nPurpose: For Information\r\nTitle: LS on 5G\r\n";
    const QUESTION: &str =
        "From: p@example.net\r\nSubject: A question\r\n\r\nHow do I send one?\r\n";

    fn case(root: &Path, name: &str, mail: &str, expected: &str) {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("message.eml"), mail).unwrap();
        std::fs::write(dir.join("expected.json"), expected).unwrap();
    }

    #[test]
    fn wrong_fields_nobody_is_asked_to_review_and_kind_confusions_are_counted() {
        let root = tempfile::tempdir().unwrap();
        // Extracted without a doubt, but not what the case says: a silent error.
        case(
            root.path(),
            "a",
            FORM,
            r#"{"title": "LS on 6G", "kind": "statement"}"#,
        );
        // A statement taken for correspondence, and the other way round (both flagged).
        case(root.path(), "b", QUESTION, r#"{"kind": "statement"}"#);
        case(
            root.path(),
            "c",
            FORM,
            r#"{"kind": "correspondence", "purpose": "for_information"}"#,
        );
        let x = Extractor::new(
            Arc::new(Directory::load(&[] as &[&str]).unwrap()),
            DocMode::InProcess,
            Limits::default(),
        );
        let r = run(root.path(), &x).unwrap();
        assert_eq!(r.cases, 3);
        assert_eq!(r.misses.len(), 3);
        let silent: Vec<&str> = r.silent().map(|m| m.case.as_str()).collect();
        assert_eq!(
            silent,
            vec!["a", "c"],
            "the form needs no review; the question does"
        );
        assert_eq!(r.statements_as_correspondence, vec!["b"]);
        assert_eq!(r.correspondence_as_statements, vec!["c"]);
        let text = render(&r, true);
        assert!(
            text.contains("wrong and not flagged for review: 2 of 3 wrong fields"),
            "{text}"
        );
        assert!(
            text.contains("statements taken for correspondence: 1 (of 3 cases"),
            "{text}"
        );
        assert!(text.contains("a title (NOT FLAGGED)"), "{text}");
    }
}
