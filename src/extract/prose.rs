//! Statements in prose (letters) and per-addressee purposes: groups named in
//! the letterhead, the signature or the text, requests read from sentences.

use super::rules::Format;
use super::sources::Source;
use super::{DateRead, Extracted, Extractor, Provenance, find_date};
use crate::domain::directory::Group;
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

    /// Groups a statement names in its text: the sender in a letter's
    /// letterhead or signature (else the first group the text `within`
    /// names: a notification's body), the addressees among the groups of the
    /// other side named anywhere in it (IETF groups for a statement to the
    /// IETF, the others for one from it).
    pub(super) fn mentions(
        &self,
        f: &Format,
        src: &Source,
        within: Option<&str>,
        e: &mut Extracted,
    ) {
        let m = f.mentions.as_ref().expect("checked by caller");
        let text = within.unwrap_or(&src.text);
        let lines: Vec<&str> = text.lines().collect();
        let edge = if within.is_some() {
            text.to_string()
        } else {
            let tail = lines.len().saturating_sub(m.tail);
            lines[..m.head.min(lines.len())]
                .iter()
                .chain(&lines[tail..])
                .filter(|l| !f.names_addressee(l))
                .copied()
                .collect::<Vec<_>>()
                .join("\n")
        };
        let prov = |what: &str| Provenance {
            source: format!("{} ({what})", src.name),
            rule: f.name.clone(),
            confidence: f.confidence.min(0.5),
        };
        let d = &self.directory;
        if e.statement.from_groups.is_empty()
            && let Some(g) = specific_first(d.mentions(&edge))
        {
            e.statement.from_groups = vec![g.name.clone()];
            let what = if within.is_some() {
                "first group named"
            } else {
                "letterhead or signature"
            };
            e.provenance.insert("from_groups".into(), prov(what));
        }
        if e.statement.to_groups.is_empty() {
            let from_ietf = e.statement.from_groups.iter().any(|g| d.is_ietf(g));
            let named: Vec<&Group> = d
                .mentions(text)
                .into_iter()
                .filter(|g| (g.org == "ietf") != from_ietf)
                .filter(|g| !e.statement.from_groups.contains(&g.name))
                .collect();
            let specific: Vec<&Group> = named
                .iter()
                .copied()
                .filter(|g| g.kind.as_deref() != Some("ietf"))
                .collect();
            let to = if specific.is_empty() { named } else { specific };
            if !to.is_empty() {
                e.statement.to_groups = to.iter().map(|g| g.name.clone()).collect();
                e.provenance
                    .insert("to_groups".into(), prov("groups named in the text"));
            }
        }
    }

    /// "We kindly ask ... by 15 March": purpose and deadline from sentences.
    /// The covering mail of a statement sent as an attachment (`cover`)
    /// may state the purpose in so many words; that outranks the letter.
    pub(super) fn purpose_from_phrases(
        &self,
        f: &Format,
        src: &Source,
        cover: Option<&Source>,
        e: &mut Extracted,
    ) {
        let phrases = f.phrases(&src.text);
        let purpose_of = |p: &super::rules::Phrase| p.purpose.as_deref()?.parse::<Purpose>().ok();
        let stated = cover.and_then(|c| {
            f.phrases(&c.text)
                .iter()
                .filter(|p| p.cover)
                .find_map(|p| Some((purpose_of(p)?, p.line)))
                .map(|(p, line)| (p, Provenance::at(c, line, f)))
        });
        let written = phrases
            .iter()
            .filter_map(|p| Some((purpose_of(p)?, p.line)))
            .min_by_key(|(x, _)| *x != Purpose::ForAction)
            .map(|(p, line)| (p, Provenance::at(src, line, f)));
        if let Some((p, prov)) = stated.or(written) {
            e.statement.purpose = Some(p);
            e.provenance.insert("purpose".into(), prov);
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

/// The first group named, unless it is a whole organisation (the IETF) and
/// one of its groups is named after it.
fn specific_first(named: Vec<&Group>) -> Option<&Group> {
    let first = *named.first()?;
    if first.kind.as_deref() != Some("ietf") {
        return Some(first);
    }
    named
        .iter()
        .copied()
        .find(|g| g.org == first.org && g.kind.as_deref() != Some("ietf"))
        .or(Some(first))
}
