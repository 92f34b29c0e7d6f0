//! Extraction is pure: raw message bytes in, statement and provenance out.
//! It knows nothing of the store, IMAP, SMTP or the web.
//!
//! Order of trust: `Label: value` fields of the draft-iab-rfc4053bis form
//! (anywhere), then the body's own template (rules/formats/, in the mail or
//! an attachment), then the mail headers. Whatever is missing, ambiguous or
//! in conflict is recorded as a review reason, never guessed.

mod dates;
mod rules;
mod values;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use mail_parser::{Address, Message, MessageParser, MimeHeaders, PartType};
use serde::Serialize;

pub use dates::{DateRead, find_date, read_date};
pub use values::{addresses, groups as split_groups};

use crate::config::Extraction;
use crate::directory::Directory;
use crate::doctext::{self, DocText, Limits};
use crate::sha256_hex;
use crate::statement::{AttachmentInfo, Direction, Purpose, Statement};
use rules::{FORMATS, Format, Found};

/// An attachment with its original bytes (after transfer decoding) and its text.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub info: AttachmentInfo,
    pub content: Vec<u8>,
    pub text: Option<String>,
}

/// Where a field's value came from and how sure extraction is of it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Provenance {
    /// "body line 7", "attachment LS.zip/S3-231234.docx line 4", "header Subject"
    pub source: String,
    /// The rule that read it: a format name, or "header".
    pub rule: String,
    pub confidence: f32,
}

/// A group a statement is addressed to, with the purpose stated for it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Addressee {
    pub group: String,
    pub purpose: Option<Purpose>,
}

/// What extraction made of one message.
#[derive(Debug, Clone, Serialize)]
pub struct Extracted {
    #[serde(flatten)]
    pub statement: Statement,
    /// The template recognised: rfc4053bis, datatracker, 3gpp, itu-t, letter or plain.
    pub format: String,
    pub from_organisation: Option<String>,
    pub to_organisation: Option<String>,
    pub addressees: Vec<Addressee>,
    /// What this statement answers, as written (an LS reference, a Tdoc number, ...).
    pub in_response_to: Option<String>,
    /// The purpose as the sender wrote it.
    pub purpose_label: Option<String>,
    pub consensus: Option<String>,
    /// The statement's own document number (3GPP Tdoc, ITU-T LS number).
    pub doc_number: Option<String>,
    pub needs_review: bool,
    pub review_reasons: Vec<String>,
    pub provenance: BTreeMap<String, Provenance>,
    #[serde(skip)]
    pub attachments: Vec<Attachment>,
    /// The Date header, RFC 3339.
    #[serde(skip)]
    pub sent_date: Option<String>,
    /// The From header's address: who mailed it.
    #[serde(skip)]
    pub sender: Option<String>,
    /// The Message-IDs it replies to (In-Reply-To, References).
    #[serde(skip)]
    pub reply_ids: Vec<String>,
}

impl Extracted {
    /// Whether a field may be asserted to the sender (read with confidence).
    pub fn is_sure(&self, field: &str) -> bool {
        self.provenance
            .get(field)
            .is_some_and(|p| p.confidence >= 0.7)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("not a mail message: no header could be parsed")]
pub struct NotAMessage;

/// How attachment text is obtained: in this process (tests, tools) or in a
/// child process that a hostile document can crash without harm.
#[derive(Debug, Clone)]
pub enum DocMode {
    InProcess,
    Isolated(PathBuf),
}

#[derive(Clone)]
pub struct Extractor {
    directory: Arc<Directory>,
    mode: DocMode,
    limits: Limits,
}

/// A text extraction reads: the mail body or one document's text.
struct Source {
    name: String,
    text: String,
}

impl Source {
    /// Table cells (tab-separated, as documents give them) each on their own
    /// line, so a label in any column starts a line and its value follows.
    fn new(name: String, text: &str) -> Source {
        let text = text
            .lines()
            .flat_map(|l| {
                l.trim()
                    .split('\t')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .chain(l.trim().is_empty().then_some(""))
            })
            .collect::<Vec<_>>()
            .join("\n");
        Source { name, text }
    }
}

/// A value with where it came from.
#[derive(Clone)]
struct Sourced {
    value: String,
    prov: Provenance,
}

impl Extractor {
    pub fn new(directory: Arc<Directory>, mode: DocMode, limits: Limits) -> Extractor {
        Extractor {
            directory,
            mode,
            limits,
        }
    }

    /// The built-in directory extended by `extra` files; documents read in a
    /// child process (this same program) when `isolate`.
    pub fn configured(extra: &[PathBuf], settings: &Extraction) -> anyhow::Result<Extractor> {
        Extractor::with_directory(Arc::new(Directory::load(extra)?), settings)
    }

    pub fn with_directory(
        directory: Arc<Directory>,
        settings: &Extraction,
    ) -> anyhow::Result<Extractor> {
        let mode = if settings.isolate {
            DocMode::Isolated(std::env::current_exe()?)
        } else {
            DocMode::InProcess
        };
        Ok(Extractor::new(directory, mode, settings.limits()))
    }

    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    fn doc_texts(&self, a: &Attachment) -> Vec<DocText> {
        match &self.mode {
            DocMode::InProcess => doctext::extract_in_process(
                &a.info.name,
                &a.info.media_type,
                &a.content,
                &self.limits,
            ),
            DocMode::Isolated(exe) => doctext::extract_isolated(
                exe,
                &a.info.name,
                &a.info.media_type,
                &a.content,
                &self.limits,
            ),
        }
    }

    pub fn extract(&self, raw: &[u8]) -> Result<Extracted, NotAMessage> {
        let msg = MessageParser::default().parse(raw).ok_or(NotAMessage)?;
        if msg.headers().is_empty() {
            return Err(NotAMessage);
        }
        let body = body_text(&msg);
        let mut attachments = attachments(&msg);
        let mut sources = vec![Source::new("body".into(), &body)];
        let mut reasons = Vec::new();
        for a in &mut attachments {
            let texts = self.doc_texts(a);
            let mut joined = Vec::new();
            for t in texts {
                match t.text {
                    Some(text) if !text.trim().is_empty() => {
                        joined.push(text.clone());
                        sources.push(Source::new(format!("attachment {}", t.path), &text));
                    }
                    _ if t.note.is_some() || is_document(&t.media_type, &t.path) => {
                        let why = t.note.unwrap_or_else(|| "no text".into());
                        reasons.push(format!(
                            "attachment {} could not be read ({why}); its original is kept",
                            t.path
                        ));
                    }
                    _ => {}
                }
            }
            if !joined.is_empty() {
                a.text = Some(joined.join("\n\n"));
            }
        }
        let mut e = self.read(&msg, &sources, reasons);
        e.statement.body = pick_body(&e, &sources, &body);
        e.statement.attachments = attachments.iter().map(|a| a.info.clone()).collect();
        e.attachments = attachments;
        Ok(e)
    }

    /// Reads the fields from the sources and headers.
    fn read(&self, msg: &Message, sources: &[Source], mut reasons: Vec<String>) -> Extracted {
        // Which formats apply where.
        let mut authoritative: Vec<(&Format, &Source)> = Vec::new();
        let mut templates: Vec<(&Format, &Source, f32)> = Vec::new();
        for src in sources {
            for f in FORMATS.iter() {
                let Some(score) = f.detects(&src.text) else {
                    continue;
                };
                if f.authoritative {
                    authoritative.push((f, src));
                } else {
                    templates.push((f, src, score));
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
        };
        let template = best(false).or_else(|| {
            if authoritative.is_empty() {
                best(true)
            } else {
                None
            }
        });
        let format_name = template
            .map(|(f, _, _)| f.name.clone())
            .or_else(|| authoritative.first().map(|(f, _)| f.name.clone()))
            .unwrap_or_else(|| "plain".into());

        // Every value found, most trusted first.
        let mut found: BTreeMap<String, Vec<Sourced>> = BTreeMap::new();
        let applied: Vec<(&Format, &Source)> = authoritative
            .iter()
            .copied()
            .chain(template.map(|(f, s, _)| (f, s)))
            .collect();
        for (f, src) in &applied {
            for (field, values) in f.fields(&src.text) {
                for Found { value, line } in values {
                    let prov = Provenance {
                        source: format!("{} line {line}", src.name),
                        rule: f.name.clone(),
                        confidence: f.confidence,
                    };
                    found
                        .entry(field.clone())
                        .or_default()
                        .push(Sourced { value, prov });
                }
            }
            reasons.extend(f.review.iter().cloned());
        }

        let mut e = Extracted {
            statement: Statement {
                direction: Direction::Incoming,
                ..Default::default()
            },
            format: format_name,
            from_organisation: None,
            to_organisation: None,
            addressees: Vec::new(),
            in_response_to: None,
            purpose_label: None,
            consensus: None,
            doc_number: None,
            needs_review: false,
            review_reasons: Vec::new(),
            provenance: BTreeMap::new(),
            attachments: Vec::new(),
            sent_date: msg.date().map(|d| d.to_rfc3339()),
            sender: first_address(msg.from()),
            reply_ids: reply_ids(msg),
        };
        let first = |field: &str| found.get(field).and_then(|v| v.first()).cloned();
        let conflict = |field: &str, norm: &dyn Fn(&str) -> String, reasons: &mut Vec<String>| {
            if let Some(all) = found.get(field) {
                let a = &all[0];
                if let Some(b) = all
                    .iter()
                    .skip(1)
                    .find(|b| b.prov.rule != a.prov.rule && norm(&b.value) != norm(&a.value))
                {
                    reasons.push(format!(
                        "conflicting {field}: {:?} ({}) but {:?} ({})",
                        a.value, a.prov.source, b.value, b.prov.source
                    ));
                }
            }
        };

        // From: groups, organisation, contacts.
        let mut from_written = Vec::new();
        if let Some(s) = first("from_groups") {
            from_written = values::groups(&s.value);
            e.statement.from_groups = self.canonical(&from_written, &mut reasons, "From");
            e.provenance.insert("from_groups".into(), s.prov.clone());
        }
        let mut contacts: Vec<String> = Vec::new();
        if let Some(all) = found.get("from_contacts") {
            for s in all {
                contacts.extend(addresses(&s.value));
            }
            e.provenance
                .insert("from_contacts".into(), all[0].prov.clone());
        }
        // The person who mailed it is a contact of the sending body, not its group.
        let sender_is_contact = applied.iter().all(|(f, _)| f.sender_is_contact);
        if let Some(sender) = &e.sender
            && sender_is_contact
            && !contacts.contains(sender)
        {
            contacts.push(sender.clone());
            e.provenance
                .entry("from_contacts".into())
                .or_insert_with(|| header_prov("From"));
        }
        dedup(&mut contacts);
        e.statement.from_contacts = contacts;
        if let Some(s) = first("reply_to") {
            e.statement.reply_to = addresses(&s.value).into_iter().next();
            if e.statement.reply_to.is_some() {
                e.provenance.insert("reply_to".into(), s.prov);
            }
        }

        // To: groups (with per-addressee purposes), contacts, Send To.
        let mut addressee_purposes: Vec<(String, Purpose)> = Vec::new();
        if let Some((f, src, _)) = template {
            for a in f.addressees(&src.text) {
                let purpose = Purpose::from_db(&a.purpose);
                for g in values::groups(&a.value) {
                    let name = self.canonical(&[g], &mut reasons, "To").remove(0);
                    if let Some(p) = purpose {
                        addressee_purposes.push((name.clone(), p));
                    }
                    e.addressees.push(Addressee {
                        group: name,
                        purpose,
                    });
                }
                e.provenance
                    .entry("to_groups".into())
                    .or_insert(Provenance {
                        source: format!("{} line {}", src.name, a.line),
                        rule: f.name.clone(),
                        confidence: f.confidence,
                    });
            }
        }
        let mut to_groups: Vec<String> = e.addressees.iter().map(|a| a.group.clone()).collect();
        if let Some(s) = first("to_groups") {
            let names = self.canonical(&values::groups(&s.value), &mut reasons, "To");
            for n in &names {
                if !e.addressees.iter().any(|a| &a.group == n) {
                    e.addressees.push(Addressee {
                        group: n.clone(),
                        purpose: None,
                    });
                }
            }
            to_groups.extend(names);
            e.provenance.entry("to_groups".into()).or_insert(s.prov);
        }
        if let Some(s) = first("cc_groups") {
            to_groups.extend(self.canonical(&values::groups(&s.value), &mut reasons, "Cc"));
        }
        dedup(&mut to_groups);
        e.statement.to_groups = to_groups;
        match found.get("to_contacts") {
            Some(all) => {
                let mut to: Vec<String> = all.iter().flat_map(|s| addresses(&s.value)).collect();
                dedup(&mut to);
                e.statement.to_contacts = to;
                e.provenance
                    .insert("to_contacts".into(), all[0].prov.clone());
            }
            None => {
                let mut to = all_addresses(msg.to());
                to.extend(all_addresses(msg.cc()));
                dedup(&mut to);
                if !to.is_empty() {
                    e.statement.to_contacts = to;
                    e.provenance
                        .insert("to_contacts".into(), header_prov("To/Cc"));
                }
            }
        }
        if let Some(s) = first("send_to") {
            e.statement.send_to = addresses(&s.value).into_iter().next();
            if e.statement.send_to.is_some() {
                e.provenance.insert("send_to".into(), s.prov);
            }
        }
        e.from_organisation = self.organisation_of(&e.statement.from_groups, &from_written);
        let ietf_addressee = e
            .statement
            .to_groups
            .iter()
            .find(|g| self.is_ietf(g))
            .cloned();
        e.to_organisation = self.organisation_of(
            &ietf_addressee
                .clone()
                .into_iter()
                .chain(e.statement.to_groups.clone())
                .collect::<Vec<_>>(),
            &[],
        );

        // Letters name groups in prose: the letterhead and signature for the sender,
        // the IETF groups anywhere for the addressee.
        if let Some((f, src, _)) = template.filter(|(f, _, _)| f.mentions.is_some()) {
            self.mentions(f, src, &mut e);
        }

        // What it answers, the consensus claimed.
        if let Some(s) = first("in_response_to") {
            e.in_response_to = Some(s.value.trim().to_string());
            e.provenance.insert("in_response_to".into(), s.prov);
        }
        e.doc_number = first("doc_number").map(|s| {
            s.value
                .split_whitespace()
                .collect::<String>()
                .replace('–', "-")
                .to_uppercase()
        });
        if let Some(s) = first("consensus") {
            e.consensus = Some(s.value);
        }

        // Purpose: stated, else stated per addressee, else from the actions, else from prose.
        if let Some(s) = first("purpose") {
            e.purpose_label = Some(s.value.clone());
            match Purpose::parse_label(&s.value) {
                Some(p) => {
                    e.statement.purpose = Some(p);
                    e.provenance.insert("purpose".into(), s.prov);
                }
                None => reasons.push(format!(
                    "purpose {:?} is not For Information, For Action or In Response",
                    s.value
                )),
            }
            conflict(
                "purpose",
                &|v| {
                    Purpose::parse_label(v)
                        .map(Purpose::as_str)
                        .unwrap_or(v)
                        .to_string()
                },
                &mut reasons,
            );
        } else if let Some(p) = self.addressed_purpose(&addressee_purposes) {
            e.statement.purpose = Some(p);
            e.purpose_label = Some(p.human().to_string());
        } else if let Some((f, src, _)) = template {
            if let Some(actions) = f.actions(&src.text) {
                let for_ietf = actions.iter().find(|a| {
                    a.addressee
                        .as_deref()
                        .is_none_or(|g| self.is_ietf_written(g))
                });
                let (p, line) = match (for_ietf, &e.in_response_to) {
                    (Some(a), _) => (Purpose::ForAction, a.line),
                    (None, Some(_)) => (Purpose::InResponse, 0),
                    (None, None) => (Purpose::ForInformation, 0),
                };
                e.statement.purpose = Some(p);
                let source = if line > 0 {
                    format!("{} line {line}", src.name)
                } else {
                    format!("{} (no action for the IETF)", src.name)
                };
                e.provenance.insert(
                    "purpose".into(),
                    Provenance {
                        source,
                        rule: f.name.clone(),
                        confidence: f.confidence * 0.9,
                    },
                );
            } else {
                self.purpose_from_phrases(f, src, &mut e);
            }
        }
        if e.statement.purpose.is_none() && e.in_response_to.is_some() {
            e.statement.purpose = Some(Purpose::InResponse);
        }

        // Deadline.
        if let Some(s) = first("deadline") {
            match read_date(&s.value) {
                DateRead::Date(d) => {
                    e.statement.deadline = Some(d.format("%Y-%m-%d").to_string());
                    e.provenance.insert("deadline".into(), s.prov);
                }
                DateRead::Ambiguous(a, b) => reasons.push(format!(
                    "deadline {:?} is ambiguous: {} or {}? ({})",
                    s.value,
                    a.format("%Y-%m-%d"),
                    b.format("%Y-%m-%d"),
                    s.prov.source
                )),
                DateRead::NotADate => {
                    if !matches!(
                        s.value.trim().to_lowercase().as_str(),
                        "none" | "-" | "n/a" | "not applicable"
                    ) {
                        reasons.push(format!(
                            "deadline {:?} is not a date ({})",
                            s.value, s.prov.source
                        ))
                    }
                }
            }
            conflict(
                "deadline",
                &|v| match read_date(v) {
                    DateRead::Date(d) => d.to_string(),
                    _ => v.to_string(),
                },
                &mut reasons,
            );
        }

        // Title: stated, else the subject.
        if let Some(s) = first("title") {
            e.statement.title = s.value.lines().next().unwrap_or("").trim().to_string();
            e.provenance.insert("title".into(), s.prov);
        } else if let Some(subject) = msg.subject() {
            e.statement.title = clean_subject(subject);
            e.provenance.insert("title".into(), header_prov("Subject"));
        }
        if let Some(s) = first("body") {
            e.provenance.insert("body".into(), s.prov);
        }
        e.statement.message_id = msg
            .message_id()
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty());

        self.review(&mut e, reasons);
        e
    }

    /// Canonical names for written group names; unknown ones stay as written, flagged.
    fn canonical(&self, written: &[String], reasons: &mut Vec<String>, field: &str) -> Vec<String> {
        written
            .iter()
            .map(|w| match self.directory.group(w) {
                Some(g) => g.name.clone(),
                None => {
                    reasons.push(format!("{field} group {w:?} is not in the group directory"));
                    w.clone()
                }
            })
            .collect()
    }

    fn is_ietf(&self, name: &str) -> bool {
        self.directory
            .group_by_name(name)
            .is_some_and(|g| g.org == "ietf")
    }

    fn is_ietf_written(&self, written: &str) -> bool {
        self.directory.group(written).map_or_else(
            || written.to_lowercase().contains("ietf"),
            |g| g.org == "ietf",
        )
    }

    fn organisation_of(&self, canonical: &[String], written: &[String]) -> Option<String> {
        canonical
            .iter()
            .find_map(|n| self.directory.group_by_name(n))
            .and_then(|g| self.directory.organisation(&g.org))
            .or_else(|| {
                written
                    .iter()
                    .find_map(|w| self.directory.organisation_named(w))
            })
            .map(|o| o.name.clone())
    }

    /// The purpose stated for the IETF addressee; action outranks comment outranks information.
    fn addressed_purpose(&self, stated: &[(String, Purpose)]) -> Option<Purpose> {
        let ietf: Vec<Purpose> = stated
            .iter()
            .filter(|(g, _)| self.is_ietf(g))
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

    fn mentions(&self, f: &Format, src: &Source, e: &mut Extracted) {
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
        if e.statement.from_groups.is_empty() {
            let from: Vec<String> = self
                .directory
                .mentions(&edge)
                .into_iter()
                .filter(|g| g.org != "ietf")
                .map(|g| g.name.clone())
                .collect();
            if !from.is_empty() {
                e.statement.from_groups = from.into_iter().take(1).collect();
                e.from_organisation = self.organisation_of(&e.statement.from_groups, &[]);
                e.provenance
                    .insert("from_groups".into(), prov("letterhead or signature"));
            }
        }
        if e.statement.to_groups.is_empty() {
            let to: Vec<String> = self
                .directory
                .mentions(&src.text)
                .into_iter()
                .filter(|g| g.org == "ietf")
                .map(|g| g.name.clone())
                .collect();
            let specific: Vec<String> = to
                .iter()
                .filter(|n| n.as_str() != "IETF")
                .cloned()
                .collect();
            let to = if specific.is_empty() { to } else { specific };
            if !to.is_empty() {
                e.statement.to_groups = to;
                e.to_organisation = Some("IETF".into());
                e.provenance
                    .insert("to_groups".into(), prov("groups named in the text"));
            }
        }
    }

    fn purpose_from_phrases(&self, f: &Format, src: &Source, e: &mut Extracted) {
        let phrases = f.phrases(&src.text);
        let purpose = phrases
            .iter()
            .filter_map(|p| {
                p.purpose
                    .as_deref()
                    .and_then(Purpose::from_db)
                    .map(|x| (x, p.line))
            })
            .min_by_key(|(x, _)| *x != Purpose::ForAction);
        if let Some((p, line)) = purpose {
            e.statement.purpose = Some(p);
            e.provenance.insert(
                "purpose".into(),
                Provenance {
                    source: format!("{} line {line}", src.name),
                    rule: f.name.clone(),
                    confidence: f.confidence,
                },
            );
        }
        if let Some(p) = phrases.iter().find(|p| p.deadline) {
            match find_date(&p.text) {
                Some((_, DateRead::Date(d))) => {
                    e.statement.deadline = Some(d.format("%Y-%m-%d").to_string());
                    e.provenance.insert(
                        "deadline".into(),
                        Provenance {
                            source: format!("{} line {}", src.name, p.line),
                            rule: f.name.clone(),
                            confidence: f.confidence,
                        },
                    );
                }
                Some((written, DateRead::Ambiguous(..))) => e.review_reasons.push(format!(
                    "deadline {written:?} is ambiguous (day and month could be swapped)"
                )),
                _ => {}
            }
        }
    }

    /// Everything a coordinator must look at.
    fn review(&self, e: &mut Extracted, mut reasons: Vec<String>) {
        let s = &e.statement;
        if s.from_groups.is_empty() {
            reasons.push("the sending group (From) is not stated".into());
        }
        if s.to_groups.is_empty() {
            reasons.push("the addressed group (To) is not stated".into());
        }
        match s.purpose {
            None if e.purpose_label.is_none() => reasons.push("the purpose is not stated".into()),
            Some(Purpose::ForAction) if s.deadline.is_none() => {
                reasons.push("For Action without a deadline".into())
            }
            Some(Purpose::ForComment) => reasons.push(format!(
                "legacy purpose \"For Comment\": treat as {} (draft-iab-rfc4053bis)",
                if s.deadline.is_some() {
                    "For Action, as a deadline is given"
                } else {
                    "For Information, as no deadline is given"
                }
            )),
            _ => {}
        }
        if s.title.is_empty() {
            reasons.push("no title".into());
        }
        reasons.append(&mut e.review_reasons);
        dedup(&mut reasons);
        e.needs_review = !reasons.is_empty();
        e.review_reasons = reasons;
    }
}

fn header_prov(name: &str) -> Provenance {
    Provenance {
        source: format!("header {name}"),
        rule: "header".into(),
        confidence: 0.8,
    }
}

fn dedup(v: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
}

/// The body field, else the document the template was found in, else the mail text.
fn pick_body(e: &Extracted, sources: &[Source], mail: &str) -> String {
    if let Some(p) = e.provenance.get("body") {
        let src = p
            .source
            .rsplit_once(" line ")
            .map_or(p.source.as_str(), |(s, _)| s);
        if let Some(found) = sources.iter().find(|s| s.name == src)
            && let Some(f) = rules::by_name(&p.rule)
            && let Some(v) = f
                .fields(&found.text)
                .remove("body")
                .and_then(|mut v| v.drain(..).next())
        {
            return v.value;
        }
    }
    let document = e
        .provenance
        .values()
        .find_map(|p| p.source.strip_prefix("attachment "))
        .and_then(|rest| {
            let name = rest.rsplit_once(" line ").map_or(rest, |(n, _)| n);
            sources
                .iter()
                .find(|s| s.name == format!("attachment {name}"))
        });
    match document {
        Some(d) => d.text.trim().to_string(),
        None => mail.trim().to_string(),
    }
}

/// Message-IDs from In-Reply-To and References, without angle brackets.
fn reply_ids(msg: &Message) -> Vec<String> {
    let mut ids = Vec::new();
    for v in [msg.in_reply_to(), msg.references()] {
        match v {
            mail_parser::HeaderValue::Text(t) => ids.push(t.to_string()),
            mail_parser::HeaderValue::TextList(l) => ids.extend(l.iter().map(|t| t.to_string())),
            _ => {}
        }
    }
    ids.iter()
        .map(|i| i.trim_matches(|c| c == '<' || c == '>').to_string())
        .collect()
}

fn first_address(a: Option<&Address>) -> Option<String> {
    a.and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(|a| a.trim().to_lowercase())
        .filter(|a| !a.is_empty())
}

fn all_addresses(a: Option<&Address>) -> Vec<String> {
    a.map(|a| {
        a.iter()
            .filter_map(|x| x.address())
            .map(|x| x.trim().to_lowercase())
            .collect()
    })
    .unwrap_or_default()
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

/// The mail's own text: its text parts, or its HTML rendered as text.
pub fn body_text(msg: &Message) -> String {
    let text: String = msg
        .text_bodies()
        .filter(|p| matches!(p.body, PartType::Text(_)))
        .filter_map(|p| p.text_contents())
        .collect::<Vec<_>>()
        .join("\n\n");
    if text.trim().is_empty() {
        msg.body_text(0).map(|t| t.into_owned()).unwrap_or_default()
    } else {
        text
    }
}

fn attachments(msg: &Message) -> Vec<Attachment> {
    msg.attachments()
        .enumerate()
        .map(|(i, part)| {
            let media_type = part
                .content_type()
                .map(|c| match c.subtype() {
                    Some(sub) => format!("{}/{}", c.ctype(), sub),
                    None => c.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into())
                .to_lowercase();
            let content = part.contents().to_vec();
            let name = part
                .attachment_name()
                .map(str::to_string)
                .unwrap_or_else(|| format!("attachment-{}", i + 1));
            Attachment {
                info: AttachmentInfo {
                    name,
                    media_type,
                    size: content.len() as u64,
                    sha256: sha256_hex(&content),
                },
                content,
                text: None,
            }
        })
        .collect()
}

/// Whether an unreadable attachment may have held the statement itself
/// (3GPP statements often come as a .docx inside a .zip).
fn is_document(media_type: &str, name: &str) -> bool {
    let n = name.to_lowercase();
    media_type.contains("pdf")
        || media_type.contains("word")
        || media_type.contains("officedocument")
        || media_type.contains("opendocument")
        || media_type.contains("rtf")
        || media_type.contains("zip")
        || [".pdf", ".doc", ".docx", ".rtf", ".odt", ".zip"]
            .iter()
            .any(|x| n.ends_with(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extractor() -> Extractor {
        Extractor::new(
            Arc::new(Directory::load(&[] as &[&str]).unwrap()),
            DocMode::InProcess,
            Limits::default(),
        )
    }

    const FORM: &[u8] = b"From: Officer <officer@3gpp.example>\r\nTo: liaison@iab.example\r\n\
Subject: Fwd: LS on 5G security\r\nMessage-ID: <abc@3gpp.example>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n\r\n\
From: 3GPP TSG SA WG3\r\nSend Reply To: sa3-ls@3gpp.example\r\nTo: IETF LAMPS WG\r\nPurpose: For Action\r\n\
Deadline: 15 March 2026\r\nBody:\r\nPlease review.\r\n";

    #[test]
    fn the_form_wins_and_headers_fill_the_rest() {
        let e = extractor().extract(FORM).unwrap();
        let s = &e.statement;
        assert_eq!(e.format, "rfc4053bis");
        assert_eq!(s.from_groups, vec!["3GPP TSG SA WG3"]);
        assert_eq!(e.from_organisation.as_deref(), Some("3GPP"));
        assert_eq!(s.from_contacts, vec!["officer@3gpp.example"]);
        assert_eq!(e.provenance["from_contacts"].source, "header From");
        assert_eq!(s.reply_to.as_deref(), Some("sa3-ls@3gpp.example"));
        assert_eq!(s.to_groups, vec!["IETF LAMPS WG"]);
        assert_eq!(s.purpose, Some(Purpose::ForAction));
        assert_eq!(s.deadline.as_deref(), Some("2026-03-15"));
        assert_eq!(s.title, "LS on 5G security");
        assert_eq!(s.body, "Please review.");
        assert_eq!(s.message_id.as_deref(), Some("abc@3gpp.example"));
        assert!(!e.needs_review, "{:?}", e.review_reasons);
        assert_eq!(e.provenance["deadline"].rule, "rfc4053bis");
    }

    #[test]
    fn a_plain_mail_is_flagged_not_invented() {
        let e = extractor()
            .extract(b"From: a@b.example\r\nSubject: hello\r\n\r\njust text\r\n")
            .unwrap();
        assert_eq!(e.format, "plain");
        assert!(e.statement.from_groups.is_empty());
        assert!(e.statement.purpose.is_none());
        assert!(e.needs_review);
        assert!(e.review_reasons.iter().any(|r| r.contains("purpose")));
    }

    #[test]
    fn an_ambiguous_deadline_is_flagged_and_left_empty() {
        let raw = String::from_utf8(FORM.to_vec())
            .unwrap()
            .replace("15 March 2026", "05/06/2026");
        let e = extractor().extract(raw.as_bytes()).unwrap();
        assert_eq!(e.statement.deadline, None);
        assert!(
            e.review_reasons.iter().any(|r| r.contains("ambiguous")),
            "{:?}",
            e.review_reasons
        );
    }

    #[test]
    fn attachments_keep_their_bytes() {
        let raw = b"From: a@b.example\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n\
--XX\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XX\r\nContent-Type: application/octet-stream; name=ls.bin\r\n\
Content-Disposition: attachment; filename=ls.bin\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--XX--\r\n";
        let e = extractor().extract(raw).unwrap();
        assert_eq!(e.attachments.len(), 1);
        let a = &e.attachments[0];
        assert_eq!(a.info.name, "ls.bin");
        assert_eq!(a.content, b"%PDF-1.4\n");
        assert_eq!(a.info.sha256, sha256_hex(b"%PDF-1.4\n"));
    }

    #[test]
    fn an_itu_t_statement_takes_the_purpose_for_the_ietf() {
        let raw = "From: tsb@itu.example\r\nSubject: LS\r\n\r\nQuestion(s):\t11/15\r\nSource:\tITU-T SG15\r\n\
Title:\tLS on OTN YANG\r\nLIAISON STATEMENT\r\nFor action to:\tIETF CCAMP WG\r\nFor information to:\tIEEE 802.1\r\n\
Approval:\tAgreed\r\nDeadline:\t15 March 2026\r\nContact:\tJane Doe\r\nE-mail:\tjane@itu.example\r\n";
        let e = extractor().extract(raw.as_bytes()).unwrap();
        assert_eq!(e.format, "itu-t");
        assert_eq!(e.statement.purpose, Some(Purpose::ForAction));
        assert_eq!(
            e.statement.to_groups,
            vec!["IETF CCAMP WG", "IEEE 802.1 WG"]
        );
        assert_eq!(e.statement.from_groups, vec!["ITU-T Study Group 15"]);
        assert_eq!(e.addressees[1].purpose, Some(Purpose::ForInformation));
        assert_eq!(
            e.statement.from_contacts,
            vec!["jane@itu.example", "tsb@itu.example"]
        );
        assert_eq!(e.to_organisation.as_deref(), Some("IETF"));
        assert!(!e.needs_review, "{:?}", e.review_reasons);
    }
}
