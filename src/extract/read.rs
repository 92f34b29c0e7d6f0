//! Reading the fields, step by step, from what the templates found and the
//! mail headers. The order of trust: the draft-iab-rfc4053bis form, then the
//! best template (a cover note only when nothing else was found), then the
//! headers. `Extractor::read` is the list of steps.

use std::collections::BTreeMap;

use mail_parser::Message;

use super::rules::{FORMATS, Format, Hit};
use super::sources::Source;
use super::{Addressee, DateRead, Extracted, Extractor, Provenance, read_date, values};
use crate::domain::{Purpose, ReviewReason};
use crate::mail::address::addresses;
use crate::mail::headers::all_addresses;
use crate::mail::text::one_line;

/// A value with where it came from.
#[derive(Clone)]
pub(super) struct Sourced {
    pub value: String,
    pub prov: Provenance,
}

/// Which templates apply to a message, and every value they found, most trusted first.
pub(super) struct Findings<'a> {
    /// The best non-authoritative template, with its source.
    pub template: Option<(&'a Format, &'a Source)>,
    /// Every format whose fields are read: the authoritative ones, then the template.
    pub applied: Vec<(&'a Format, &'a Source)>,
    pub values: BTreeMap<String, Vec<Sourced>>,
    pub format_name: String,
}

impl<'a> Findings<'a> {
    pub fn detect(sources: &'a [Source]) -> Findings<'a> {
        let mut authoritative: Vec<(&Format, &Source)> = Vec::new();
        let mut templates: Vec<(&Format, &Source, f32)> = Vec::new();
        for src in sources {
            for f in FORMATS.iter() {
                match f.detects(&src.text) {
                    Some(_) if f.authoritative => authoritative.push((f, src)),
                    Some(score) => templates.push((f, src, score)),
                    None => {}
                }
            }
        }
        // The best template; a cover note only when nothing else was found.
        let best = |cover: bool| {
            templates
                .iter()
                .filter(|(f, _, _)| f.cover_note == cover)
                .copied()
                .reduce(|a, b| if b.2 >= a.2 { b } else { a })
                .map(|(f, s, _)| (f, s))
        };
        let template =
            best(false).or_else(|| authoritative.is_empty().then(|| best(true)).flatten());
        let format_name = template
            .or(authoritative.first().copied())
            .map_or_else(|| "plain".to_string(), |(f, _)| f.name.clone());
        let applied: Vec<(&Format, &Source)> = authoritative.into_iter().chain(template).collect();
        let mut values: BTreeMap<String, Vec<Sourced>> = BTreeMap::new();
        for (f, src) in &applied {
            for (field, hits) in f.fields(&src.text) {
                let found = values.entry(field).or_default();
                for Hit { value, line } in hits {
                    let prov = Provenance::at(src, line, f);
                    found.push(Sourced { value, prov });
                }
            }
        }
        Findings {
            template,
            applied,
            values,
            format_name,
        }
    }

    /// The most trusted value of a field.
    pub fn first(&self, field: &str) -> Option<Sourced> {
        self.values.get(field).and_then(|v| v.first()).cloned()
    }

    /// Two formats that disagree on a field (after `norm`), as a review reason.
    fn conflict(&self, field: &str, norm: &dyn Fn(&str) -> String) -> Option<ReviewReason> {
        let all = self.values.get(field)?;
        let a = &all[0];
        let b = all
            .iter()
            .skip(1)
            .find(|b| b.prov.rule != a.prov.rule && norm(&b.value) != norm(&a.value))?;
        Some(ReviewReason::Conflict {
            field: field.to_string(),
            first: a.value.clone(),
            first_source: a.prov.source.clone(),
            other: b.value.clone(),
            other_source: b.prov.source.clone(),
        })
    }
}

impl Provenance {
    pub(super) fn at(src: &Source, line: usize, f: &Format) -> Provenance {
        Provenance {
            source: format!("{} line {line}", src.name),
            rule: f.name.clone(),
            confidence: f.confidence,
        }
    }

    pub(super) fn header(name: &str) -> Provenance {
        Provenance {
            source: format!("header {name}"),
            rule: "header".into(),
            confidence: 0.8,
        }
    }
}

/// One message being read: what was found, what is read so far, and what a
/// coordinator will have to look at.
pub(super) struct Reading<'a> {
    pub x: &'a Extractor,
    pub found: Findings<'a>,
    pub e: Extracted,
    pub reasons: Vec<ReviewReason>,
    /// The From groups as written (before the directory named them).
    from_written: Vec<String>,
    /// The purpose stated for each addressee that has one.
    addressee_purposes: Vec<(String, Purpose)>,
}

impl Extractor {
    /// Reads the fields from the sources and headers.
    pub(super) fn read(
        &self,
        msg: &Message,
        sources: &[Source],
        mut reasons: Vec<ReviewReason>,
    ) -> Extracted {
        let found = Findings::detect(sources);
        for (f, _) in &found.applied {
            reasons.extend(f.review.iter().cloned().map(ReviewReason::FormatNote));
        }
        let e = Extracted::from_headers(msg, found.format_name.clone());
        let mut r = Reading {
            x: self,
            found,
            e,
            reasons,
            from_written: Vec::new(),
            addressee_purposes: Vec::new(),
        };
        r.sender_side();
        r.addressee_side(msg);
        r.organisations();
        r.groups_in_prose();
        r.answers_and_consensus();
        r.purpose();
        r.deadline();
        r.title(msg);
        r.finish()
    }
}

impl Reading<'_> {
    /// From groups, From-Contacts (the mailing person among them) and Send Reply To.
    fn sender_side(&mut self) {
        if let Some(s) = self.found.first("from_groups") {
            self.from_written = values::groups(&s.value);
            self.e.statement.from_groups = self.canonical(&self.from_written.clone(), "From");
            self.e.provenance.insert("from_groups".into(), s.prov);
        }
        let mut contacts: Vec<String> = Vec::new();
        if let Some(all) = self.found.values.get("from_contacts") {
            contacts.extend(all.iter().flat_map(|s| addresses(&s.value)));
            self.e
                .provenance
                .insert("from_contacts".into(), all[0].prov.clone());
        }
        // The person who mailed it is a contact of the sending body, not its group.
        let sender_is_contact = self.found.applied.iter().all(|(f, _)| f.sender_is_contact);
        if let Some(sender) = self.e.sender.clone()
            && sender_is_contact
            && !contacts.contains(&sender)
        {
            contacts.push(sender);
            self.e
                .provenance
                .entry("from_contacts".into())
                .or_insert_with(|| Provenance::header("From"));
        }
        dedup(&mut contacts);
        self.e.statement.from_contacts = contacts;
        if let Some(s) = self.found.first("reply_to") {
            self.e.statement.reply_to = addresses(&s.value).into_iter().next();
            if self.e.statement.reply_to.is_some() {
                self.e.provenance.insert("reply_to".into(), s.prov);
            }
        }
    }

    /// To groups (with the purpose stated for each), To-Contacts and Send To.
    fn addressee_side(&mut self, msg: &Message) {
        self.addressees_of_template();
        let mut to_groups: Vec<String> =
            self.e.addressees.iter().map(|a| a.group.clone()).collect();
        if let Some(s) = self.found.first("to_groups") {
            let names = self.canonical(&values::groups(&s.value), "To");
            for n in &names {
                if !self.e.addressees.iter().any(|a| &a.group == n) {
                    self.e.addressees.push(Addressee {
                        group: n.clone(),
                        purpose: None,
                    });
                }
            }
            to_groups.extend(names);
            self.e
                .provenance
                .entry("to_groups".into())
                .or_insert(s.prov);
        }
        if let Some(s) = self.found.first("cc_groups") {
            to_groups.extend(self.canonical(&values::groups(&s.value), "Cc"));
        }
        dedup(&mut to_groups);
        self.e.statement.to_groups = to_groups;
        self.addressee_contacts(msg);
        if let Some(s) = self.found.first("send_to") {
            self.e.statement.send_to = addresses(&s.value).into_iter().next();
            if self.e.statement.send_to.is_some() {
                self.e.provenance.insert("send_to".into(), s.prov);
            }
        }
    }

    /// "For action to: ...", "For information to: ...": addressees with their purposes.
    fn addressees_of_template(&mut self) {
        let Some((f, src)) = self.found.template else {
            return;
        };
        for a in f.addressees(&src.text) {
            let purpose = a.purpose.parse::<Purpose>().ok();
            for g in values::groups(&a.value) {
                let name = self.canonical(&[g], "To").remove(0);
                if let Some(p) = purpose {
                    self.addressee_purposes.push((name.clone(), p));
                }
                self.e.addressees.push(Addressee {
                    group: name,
                    purpose,
                });
            }
            self.e
                .provenance
                .entry("to_groups".into())
                .or_insert_with(|| Provenance::at(src, a.line, f));
        }
    }

    /// To-Contacts as written, else the mail's To and Cc.
    fn addressee_contacts(&mut self, msg: &Message) {
        let (mut to, prov) = match self.found.values.get("to_contacts") {
            Some(all) => (
                all.iter()
                    .flat_map(|s| addresses(&s.value))
                    .collect::<Vec<_>>(),
                all[0].prov.clone(),
            ),
            None => {
                let mut to = all_addresses(msg.to());
                to.extend(all_addresses(msg.cc()));
                (to, Provenance::header("To/Cc"))
            }
        };
        dedup(&mut to);
        let written = self.found.values.contains_key("to_contacts");
        if written || !to.is_empty() {
            self.e.statement.to_contacts = to;
            self.e.provenance.insert("to_contacts".into(), prov);
        }
    }

    /// The organisations on either side: of the known groups, else as named.
    fn organisations(&mut self) {
        let d = &self.x.directory;
        let e = &mut self.e;
        e.from_organisation = d.organisation_of(&e.statement.from_groups, &self.from_written);
        let ietf_first: Vec<String> = e
            .statement
            .to_groups
            .iter()
            .find(|g| d.is_ietf(g))
            .cloned()
            .into_iter()
            .chain(e.statement.to_groups.clone())
            .collect();
        e.to_organisation = d.organisation_of(&ietf_first, &[]);
    }

    /// Letters name groups in prose: the letterhead and signature for the
    /// sender, the IETF groups anywhere for the addressee.
    fn groups_in_prose(&mut self) {
        if let Some((f, src)) = self.found.template.filter(|(f, _)| f.mentions.is_some()) {
            self.x.mentions(f, src, &mut self.e);
        }
    }

    /// What it answers, its own document number, the consensus claimed.
    fn answers_and_consensus(&mut self) {
        if let Some(s) = self.found.first("in_response_to") {
            self.e.in_response_to = Some(s.value.trim().to_string());
            self.e.provenance.insert("in_response_to".into(), s.prov);
        }
        self.e.doc_number = self.found.first("doc_number").map(|s| {
            s.value
                .split_whitespace()
                .collect::<String>()
                .replace('–', "-")
                .to_uppercase()
        });
        if let Some(s) = self.found.first("consensus") {
            self.e.consensus = Some(s.value);
        }
    }

    /// Stated, else stated per addressee, else from the actions, else from prose.
    fn purpose(&mut self) {
        if let Some(s) = self.found.first("purpose") {
            self.e.purpose_label = Some(s.value.clone());
            match Purpose::parse_label(&s.value) {
                Some(p) => {
                    self.e.statement.purpose = Some(p);
                    self.e.provenance.insert("purpose".into(), s.prov);
                }
                None => self
                    .reasons
                    .push(ReviewReason::UnknownPurpose { written: s.value }),
            }
            let norm =
                |v: &str| Purpose::parse_label(v).map_or(v.to_string(), |p| p.as_str().to_string());
            self.reasons.extend(self.found.conflict("purpose", &norm));
        } else if let Some(p) = self.x.addressed_purpose(&self.addressee_purposes) {
            self.e.statement.purpose = Some(p);
            self.e.purpose_label = Some(p.human().to_string());
        } else if let Some((f, src)) = self.found.template {
            match f.actions(&src.text) {
                Some(actions) => self.purpose_from_actions(f, src, &actions),
                None => self.x.purpose_from_phrases(f, src, &mut self.e),
            }
        }
        if self.e.statement.purpose.is_none() && self.e.in_response_to.is_some() {
            self.e.statement.purpose = Some(Purpose::InResponse);
        }
    }

    /// 3GPP's ACTION lines: an action for the IETF, else a response, else information.
    fn purpose_from_actions(&mut self, f: &Format, src: &Source, actions: &[super::rules::Action]) {
        let for_ietf = actions.iter().find(|a| {
            a.addressee
                .as_deref()
                .is_none_or(|g| self.x.directory.is_ietf_written(g))
        });
        let (p, line) = match (for_ietf, &self.e.in_response_to) {
            (Some(a), _) => (Purpose::ForAction, a.line),
            (None, Some(_)) => (Purpose::InResponse, 0),
            (None, None) => (Purpose::ForInformation, 0),
        };
        self.e.statement.purpose = Some(p);
        let source = if line > 0 {
            format!("{} line {line}", src.name)
        } else {
            format!("{} (no action for the IETF)", src.name)
        };
        let prov = Provenance {
            source,
            rule: f.name.clone(),
            confidence: f.confidence * 0.9,
        };
        self.e.provenance.insert("purpose".into(), prov);
    }

    /// The deadline as a date; an ambiguous or unreadable one is flagged, never guessed.
    fn deadline(&mut self) {
        let Some(s) = self.found.first("deadline") else {
            return;
        };
        match read_date(&s.value) {
            DateRead::Date(d) => {
                self.e.statement.deadline = Some(d.format("%Y-%m-%d").to_string());
                self.e.provenance.insert("deadline".into(), s.prov);
            }
            DateRead::Ambiguous(a, b) => self.reasons.push(ReviewReason::AmbiguousDeadline {
                written: s.value,
                readings: Some((
                    a.format("%Y-%m-%d").to_string(),
                    b.format("%Y-%m-%d").to_string(),
                    s.prov.source,
                )),
            }),
            DateRead::NotADate => {
                let none = ["none", "-", "n/a", "not applicable"];
                if !none.contains(&s.value.trim().to_lowercase().as_str()) {
                    self.reasons.push(ReviewReason::NotADate {
                        written: s.value,
                        source: s.prov.source,
                    });
                }
            }
        }
        let norm = |v: &str| match read_date(v) {
            DateRead::Date(d) => d.to_string(),
            _ => v.to_string(),
        };
        self.reasons.extend(self.found.conflict("deadline", &norm));
    }

    /// Stated, else the subject; where the body field is; the Message-ID.
    fn title(&mut self, msg: &Message) {
        if let Some(s) = self.found.first("title") {
            self.e.statement.title = s.value.lines().next().unwrap_or("").trim().to_string();
            self.e.provenance.insert("title".into(), s.prov);
        } else if let Some(subject) = msg.subject() {
            self.e.statement.title = clean_subject(subject);
            self.e
                .provenance
                .insert("title".into(), Provenance::header("Subject"));
        }
        if let Some(s) = self.found.first("body") {
            self.e.provenance.insert("body".into(), s.prov);
        }
    }

    /// Canonical names for written group names; unknown ones stay as written, flagged.
    fn canonical(&mut self, written: &[String], field: &str) -> Vec<String> {
        written
            .iter()
            .map(|w| match self.x.directory.group(w) {
                Some(g) => g.name.clone(),
                None => {
                    self.reasons.push(ReviewReason::UnknownGroup {
                        field: field.to_string(),
                        written: w.clone(),
                    });
                    w.clone()
                }
            })
            .collect()
    }

    /// Text from mail as it may be shown anywhere: one-line fields on one line.
    fn clean(&mut self) {
        let e = &mut self.e;
        let s = &mut e.statement;
        s.title = one_line(&s.title);
        for g in s.from_groups.iter_mut().chain(s.to_groups.iter_mut()) {
            *g = one_line(g);
        }
        for a in &mut e.addressees {
            a.group = one_line(&a.group);
        }
        for field in [
            &mut e.purpose_label,
            &mut e.in_response_to,
            &mut e.consensus,
            &mut e.doc_number,
            &mut e.from_organisation,
            &mut e.to_organisation,
        ] {
            *field = field.as_deref().map(one_line);
        }
    }

    /// Everything a coordinator must look at.
    fn finish(mut self) -> Extracted {
        self.clean();
        let s = &self.e.statement;
        let mut reasons = std::mem::take(&mut self.reasons);
        if s.from_groups.is_empty() {
            reasons.push(ReviewReason::NoFrom);
        }
        if s.to_groups.is_empty() {
            reasons.push(ReviewReason::NoTo);
        }
        match s.purpose {
            None if self.e.purpose_label.is_none() => reasons.push(ReviewReason::NoPurpose),
            Some(Purpose::ForAction) if s.deadline.is_none() => {
                reasons.push(ReviewReason::ActionWithoutDeadline)
            }
            Some(Purpose::ForComment) => reasons.push(ReviewReason::LegacyComment {
                deadline_given: s.deadline.is_some(),
            }),
            _ => {}
        }
        if s.title.is_empty() {
            reasons.push(ReviewReason::NoTitle);
        }
        reasons.append(&mut self.e.review_reasons);
        dedup(&mut reasons);
        self.e.needs_review = !reasons.is_empty();
        self.e.review_reasons = reasons;
        self.e
    }
}

/// Keeps the first of equal items, in order.
pub(super) fn dedup<T: PartialEq>(v: &mut Vec<T>) {
    let mut i = 0;
    while i < v.len() {
        if v[..i].contains(&v[i]) {
            v.remove(i);
        } else {
            i += 1;
        }
    }
}

/// The subject without forwarding prefixes.
fn clean_subject(s: &str) -> String {
    let mut s = s.trim();
    loop {
        let lower = s.to_lowercase();
        let Some(p) = ["fwd:", "fw:", "tr:", "wg:"]
            .iter()
            .find(|p| lower.starts_with(*p))
        else {
            break;
        };
        s = s[p.len()..].trim_start();
    }
    s.to_string()
}
