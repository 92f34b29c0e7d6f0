//! Statements in prose (letters) and per-addressee purposes: groups named in
//! the letterhead, the signature or the text, requests read from sentences.

use super::groups::{ietf_acronym, organisation};
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
        let text = within.unwrap_or(&src.text);
        let prov = |what: &str| Provenance {
            source: format!("{} ({what})", src.name),
            rule: f.name.clone(),
            confidence: f.confidence.min(0.5),
        };
        if e.statement.from_groups.is_empty()
            && let Some((name, unknown, what)) = self.sender_named(f, text, within.is_some())
        {
            e.review_reasons.extend(unknown);
            e.statement.from_groups = vec![name];
            e.provenance.insert("from_groups".into(), prov(what));
        }
        if e.statement.to_groups.is_empty() {
            let to = self.addressees_named(text, &e.statement.from_groups);
            if !to.is_empty() {
                e.statement.to_groups = to;
                e.provenance
                    .insert("to_groups".into(), prov("groups named in the text"));
            }
        }
    }

    /// The sender a text names: a letter's letterhead line, else the first
    /// group named in its letterhead or signature; a notification's first
    /// group named (`whole`).
    fn sender_named(
        &self,
        f: &Format,
        text: &str,
        whole: bool,
    ) -> Option<(String, Option<ReviewReason>, &'static str)> {
        let d = &self.directory;
        if whole {
            let g = specific_first(d.mentions(text))?;
            return Some((g.name.clone(), None, "first group named"));
        }
        let m = f.mentions.as_ref()?;
        let lines: Vec<&str> = text.lines().collect();
        let head = &lines[..m.head.min(lines.len())];
        let tail = &lines[lines.len().saturating_sub(m.tail)..];
        let own = |l: &&&str| !f.names_addressee(l);
        // The letterhead ends where the addressee, salutation or subject starts;
        // a group of its own beats the whole organisation a line above names.
        let named: Vec<(Named, String, Option<ReviewReason>)> = head
            .iter()
            .take_while(own)
            .filter_map(|l| self.letterhead(l))
            .collect();
        let best = named
            .iter()
            .find(|(n, _, _)| *n == Named::Group)
            .or(named.first());
        if let Some((_, name, unknown)) = best {
            return Some((name.clone(), unknown.clone(), "letterhead"));
        }
        let edge: Vec<&str> = head.iter().chain(tail).filter(own).copied().collect();
        let g = specific_first(d.mentions(&edge.join("\n")))?;
        Some((g.name.clone(), None, "letterhead or signature"))
    }

    /// The group a letterhead line names: a group the directory knows, an
    /// IETF working group it does not ("IETF DIME Working Group" -> dime,
    /// flagged), else a whole organisation ("MEF Forum" -> MEF, "Internet
    /// Engineering Task Force" -> IETF).
    fn letterhead(&self, line: &str) -> Option<(Named, String, Option<ReviewReason>)> {
        let d = &self.directory;
        let known = specific_first(d.mentions(line));
        if let Some(g) = known.filter(|g| g.kind.as_deref() != Some("ietf")) {
            return Some((Named::Group, g.name.clone(), None));
        }
        if let Some(acronym) = ietf_acronym(line) {
            let unknown = ReviewReason::UnknownGroup {
                field: "From".into(),
                written: line.trim().to_string(),
            };
            return Some((Named::Group, acronym, Some(unknown)));
        }
        known
            .map(|g| g.name.clone())
            .or_else(|| d.organisation_named(line).map(|o| o.name.clone()))
            .map(|name| (Named::Organisation, name, None))
    }

    /// The groups of the other side a text names, the specific ones when
    /// there are (not "IETF" beside "IETF SPRING WG").
    fn addressees_named(&self, text: &str, from: &[String]) -> Vec<String> {
        let d = &self.directory;
        let from_ietf = organisation(d, from).as_deref() == Some("IETF");
        let named: Vec<&Group> = d
            .mentions(text)
            .into_iter()
            .filter(|g| (g.org == "ietf") != from_ietf && !from.contains(&g.name))
            .collect();
        let specific: Vec<&Group> = named
            .iter()
            .copied()
            .filter(|g| g.kind.as_deref() != Some("ietf"))
            .collect();
        let to = if specific.is_empty() { named } else { specific };
        to.iter().map(|g| g.name.clone()).collect()
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

/// What a letterhead line names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Group,
    Organisation,
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
