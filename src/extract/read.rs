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
                .reduce(|a, b| {
                    let rank = |x: &(&Format, &Source, f32)| (x.0.priority, x.2);
                    if rank(&b) >= rank(&a) { b } else { a }
                })
                .map(|(f, s, _)| (f, s))
        };
        let template =
            best(false).or_else(|| authoritative.is_empty().then(|| best(true)).flatten());
        // A form quoted in the text of a published record (a page, a
        // notification) is part of that statement's body, not its fields.
        if let Some((_, t_src)) = template.filter(|(t, _)| t.priority > 0) {
            authoritative.retain(|(_, src)| src.name != t_src.name);
        }
        let format_name = template
            .or(authoritative.first().copied())
            .map_or_else(|| "plain".to_string(), |(f, _)| f.name.clone());
        let applied: Vec<(&Format, &Source)> = authoritative.into_iter().chain(template).collect();
        Findings {
            template,
            values: values_of(&applied),
            applied,
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

/// Every value the applied formats find, most trusted first.
fn values_of(applied: &[(&Format, &Source)]) -> BTreeMap<String, Vec<Sourced>> {
    let mut values: BTreeMap<String, Vec<Sourced>> = BTreeMap::new();
    for (f, src) in applied {
        for (field, hits) in f.fields(&src.text) {
            let found = values.entry(field).or_default();
            for Hit { value, line } in hits {
                let prov = Provenance::at(src, line, f);
                found.push(Sourced { value, prov });
            }
        }
    }
    values
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
    /// The mail's own text (the first source).
    pub mail: Option<&'a Source>,
    pub found: Findings<'a>,
    pub e: Extracted,
    pub reasons: Vec<ReviewReason>,
    /// The From groups as written (before the directory named them).
    pub from_written: Vec<String>,
    /// The purpose stated for each addressee that has one.
    pub addressee_purposes: Vec<(String, Purpose)>,
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
            mail: sources.first(),
            found,
            e,
            reasons,
            from_written: Vec::new(),
            addressee_purposes: Vec::new(),
        };
        r.sender_side();
        r.addressee_side(msg);
        r.groups_in_prose();
        r.organisations();
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
            self.from_written = self.group_names(&s.value);
            self.e.statement.from_groups = self.canonical(&self.from_written.clone(), "From");
            self.e.provenance.insert("from_groups".into(), s.prov);
        }
        let mut contacts: Vec<String> = Vec::new();
        if let Some(all) = self.found.values.get("from_contacts") {
            contacts.extend(all.iter().flat_map(contact_list));
            self.e
                .provenance
                .insert("from_contacts".into(), all[0].prov.clone());
        }
        self.e.statement.from_contacts = values::resolve_names(&self.x.directory, contacts);
        self.sender_as_contact();
        if let Some(all) = self.found.values.get("reply_to") {
            let mut reply: Vec<String> = all.iter().flat_map(contact_list).collect();
            dedup(&mut reply);
            let reply = values::resolve_names(&self.x.directory, reply);
            if !reply.is_empty() {
                self.e.statement.reply_to = Some(reply.join(", "));
                self.e
                    .provenance
                    .insert("reply_to".into(), all[0].prov.clone());
            }
        }
    }

    /// The person who mailed it is a contact of the sending body (not its
    /// group), unless the template says a forwarder sends it (the
    /// Datatracker's notification, a pasted page) or the sender forwards for
    /// the IETF (a liaison manager, the Secretariat). When the statement
    /// names its own contacts by name only, whether its sender is one of
    /// them is for a person to say.
    fn sender_as_contact(&mut self) {
        let templates_allow = self.found.applied.iter().all(|(f, _)| f.sender_is_contact);
        let Some(sender) = self.e.sender.clone() else {
            return;
        };
        let contacts = &self.e.statement.from_contacts;
        // The statement names the sender already, by address or by the name it mails under.
        let named = |c: &String| {
            c == &sender
                || self.e.sender_name.as_deref().is_some_and(|n| {
                    crate::domain::directory::normalise(n) == crate::domain::directory::normalise(c)
                })
        };
        if !templates_allow || contacts.iter().any(named) || self.x.directory.is_forwarder(&sender)
        {
            return;
        }
        let names_only = !contacts.is_empty() && contacts.iter().all(|c| !c.contains('@'));
        if names_only {
            self.reasons.push(ReviewReason::SenderNotNamed {
                sender: sender.clone(),
                named: contacts.join(", "),
            });
        }
        self.e.statement.from_contacts.push(sender);
        self.e
            .provenance
            .entry("from_contacts".into())
            .or_insert_with(|| Provenance::header("From"));
    }

    /// To groups (with the purpose stated for each), To-Contacts and Send To.
    fn addressee_side(&mut self, msg: &Message) {
        self.addressees_of_template();
        let mut to_groups: Vec<String> =
            self.e.addressees.iter().map(|a| a.group.clone()).collect();
        if let Some(s) = self.found.first("to_groups") {
            let names = self.canonical(&self.group_names(&s.value), "To");
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
            to_groups.extend(self.canonical(&self.group_names(&s.value), "Cc"));
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
            for g in self.group_names(&a.value) {
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

    /// To-Contacts as written, else the mail's To and Cc (unless the
    /// template is one a coordinator pastes: then those are the central address).
    fn addressee_contacts(&mut self, msg: &Message) {
        let (to, prov) = match self.found.values.get("to_contacts") {
            Some(all) => (
                all.iter().flat_map(contact_list).collect::<Vec<_>>(),
                all[0].prov.clone(),
            ),
            None if self.found.applied.iter().all(|(f, _)| f.header_contacts) => {
                let mut to = all_addresses(msg.to());
                to.extend(all_addresses(msg.cc()));
                (to, Provenance::header("To/Cc"))
            }
            None => return,
        };
        let mut to = values::resolve_names(&self.x.directory, to);
        dedup(&mut to);
        let written = self.found.values.contains_key("to_contacts");
        if written || !to.is_empty() {
            self.e.statement.to_contacts = to;
            self.e.provenance.insert("to_contacts".into(), prov);
        }
    }

    /// What it answers, its own document number, the consensus claimed.
    fn answers_and_consensus(&mut self) {
        if let Some(s) = self.found.first("in_response_to") {
            self.e.in_response_to = Some(one_line(&s.value));
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
            // An answer sent "for information" to those it answers (ITU-T
            // writes no "in response") responds, as 3GPP's reply without
            // an action does.
            let p = match (p, &self.e.in_response_to) {
                (Purpose::ForInformation, Some(_)) => Purpose::InResponse,
                _ => p,
            };
            self.e.statement.purpose = Some(p);
            self.e.purpose_label = Some(p.human().to_string());
        } else if let Some((f, src)) = self.found.template {
            match f.actions(&src.text) {
                Some(actions) => self.purpose_from_actions(f, src, &actions),
                None => {
                    let cover = self.mail.filter(|m| m.name != src.name);
                    self.x.purpose_from_phrases(f, src, cover, &mut self.e)
                }
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
                let none = ["none", "(none)", "-", "n/a", "not applicable"];
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
            self.e.statement.title = one_line(&s.value);
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

    /// Contacts given by name that may be several run together.
    fn contacts_run_together(&self) -> Vec<ReviewReason> {
        let s = &self.e.statement;
        let strict = self.found.applied.iter().any(|(_, src)| src.markdown);
        let reply: Vec<String> = s
            .reply_to
            .iter()
            .flat_map(|r| r.split(", "))
            .map(str::to_string)
            .collect();
        [
            ("From-Contact", &s.from_contacts),
            ("To-Contact", &s.to_contacts),
            ("Send Reply To", &reply),
        ]
        .into_iter()
        .flat_map(|(field, list)| {
            list.iter()
                .filter(|c| values::runs_together(c, strict))
                .map(|c| ReviewReason::RunTogether {
                    field: field.to_string(),
                    written: c.clone(),
                })
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
        let mut reasons = std::mem::take(&mut self.reasons);
        reasons.extend(self.contacts_run_together());
        let s = &self.e.statement;
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

/// The contacts a value holds: addresses only where the template says so
/// (the submission form), else names kept as written too.
fn contact_list(s: &Sourced) -> Vec<String> {
    match super::rules::by_name(&s.prov.rule) {
        Some(f) if f.addresses_only => addresses(&s.value),
        _ => values::contacts(&s.value),
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
