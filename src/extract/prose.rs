//! Statements in prose (letters) and per-addressee purposes: groups named in
//! the letterhead, the signature or the text, requests read from sentences.

use super::rules::Format;
use super::sources::Source;
use super::{DateRead, Extracted, Extractor, Provenance, find_date};
use crate::domain::{Purpose, ReviewReason};

impl Extractor {
    /// The purpose stated for the IETF addressee; action outranks comment outranks information.
    pub(super) fn addressed_purpose(&self, stated: &[(String, Purpose)]) -> Option<Purpose> {
        let ietf: Vec<Purpose> = stated
            .iter()
            .filter(|(g, _)| self.directory.is_ietf(g))
            .map(|(_, p)| *p)
            .collect();
        [
            Purpose::ForAction,
            Purpose::ForComment,
            Purpose::InResponse,
            Purpose::ForInformation,
        ]
        .into_iter()
        .find(|p| ietf.contains(p))
    }

    /// Groups a letter names: the sender in its letterhead or signature, the
    /// IETF groups anywhere in its text.
    pub(super) fn mentions(&self, f: &Format, src: &Source, e: &mut Extracted) {
        let (head, tail) = f.mentions.expect("checked by caller");
        let lines: Vec<&str> = src.text.lines().collect();
        let edge = lines[..head.min(lines.len())]
            .iter()
            .chain(&lines[lines.len().saturating_sub(tail)..])
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
        let prov = |what: &str| Provenance {
            source: format!("{} ({what})", src.name),
            rule: f.name.clone(),
            confidence: f.confidence,
        };
        let d = &self.directory;
        if e.statement.from_groups.is_empty() {
            let from = d.mentions(&edge).into_iter().find(|g| g.org != "ietf");
            if let Some(g) = from {
                e.statement.from_groups = vec![g.name.clone()];
                e.from_organisation = d.organisation_of(&e.statement.from_groups, &[]);
                e.provenance
                    .insert("from_groups".into(), prov("letterhead or signature"));
            }
        }
        if e.statement.to_groups.is_empty() {
            let to: Vec<String> = d
                .mentions(&src.text)
                .into_iter()
                .filter(|g| g.org == "ietf")
                .map(|g| g.name.clone())
                .collect();
            let specific: Vec<String> = to.iter().filter(|n| *n != "IETF").cloned().collect();
            let to = if specific.is_empty() { to } else { specific };
            if !to.is_empty() {
                e.statement.to_groups = to;
                e.to_organisation = Some("IETF".into());
                e.provenance
                    .insert("to_groups".into(), prov("groups named in the text"));
            }
        }
    }

    /// "We kindly ask ... by 15 March": purpose and deadline from sentences.
    pub(super) fn purpose_from_phrases(&self, f: &Format, src: &Source, e: &mut Extracted) {
        let phrases = f.phrases(&src.text);
        let purpose = phrases
            .iter()
            .filter_map(|p| {
                let purpose = p.purpose.as_deref()?.parse::<Purpose>().ok()?;
                Some((purpose, p.line))
            })
            .min_by_key(|(x, _)| *x != Purpose::ForAction);
        if let Some((p, line)) = purpose {
            e.statement.purpose = Some(p);
            e.provenance
                .insert("purpose".into(), Provenance::at(src, line, f));
        }
        if let Some(p) = phrases.iter().find(|p| p.deadline) {
            match find_date(&p.text) {
                Some((_, DateRead::Date(d))) => {
                    e.statement.deadline = Some(d.format("%Y-%m-%d").to_string());
                    e.provenance
                        .insert("deadline".into(), Provenance::at(src, p.line, f));
                }
                Some((written, DateRead::Ambiguous(..))) => {
                    e.review_reasons.push(ReviewReason::AmbiguousDeadline {
                        written,
                        readings: None,
                    })
                }
                _ => {}
            }
        }
    }
}
