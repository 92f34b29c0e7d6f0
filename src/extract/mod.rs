//! Extraction is pure: raw message bytes in, statement and provenance out.
//! It knows nothing of the store, IMAP, SMTP, the web or the configuration:
//! the directory and the limits for reading attachments are handed to it.
//!
//! Order of trust: `Label: value` fields of the draft-iab-rfc4053bis form
//! (anywhere), then the statement's template (rules/formats/, in the mail or
//! an attachment: a Datatracker page or notification first), then the mail
//! headers. Whatever is missing, ambiguous, unknown or in conflict is a
//! review reason, never guessed. The steps are in `read`, group names in
//! `groups`, prose in `prose`, whether it is a statement at all in `kind`;
//! attachment text comes from `doctext`, in a child process with limits.

pub mod accuracy;
mod dates;
pub mod doctext;
mod groups;
mod kind;
mod prose;
mod read;
mod rules;
mod sources;
mod values;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use mail_parser::{Message, MessageParser};
use serde::Serialize;

pub use dates::{DateRead, find_date, read_date};
pub use doctext::Limits;
pub use kind::Kind;
pub use values::groups as split_groups;

use crate::domain::directory::Directory;
use crate::domain::{Attachment, Direction, Purpose, ReviewReason, Statement};
use crate::mail::headers::{reply_ids, sender};
use crate::mail::text::clean_text;
use sources::Source;

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
    /// A liaison statement, or correspondence about something else.
    pub kind: Kind,
    /// Why it is taken to be that kind, for a coordinator.
    pub kind_reason: String,
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
    pub review_reasons: Vec<ReviewReason>,
    pub provenance: BTreeMap<String, Provenance>,
    #[serde(skip)]
    pub attachments: Vec<Attachment>,
    /// The Date header, RFC 3339.
    #[serde(skip)]
    pub sent_date: Option<String>,
    /// The From header's address: who mailed it.
    #[serde(skip)]
    pub sender: Option<String>,
    /// The From header's display name, if any.
    #[serde(skip)]
    pub sender_name: Option<String>,
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

    /// What the headers say before any field is read.
    fn from_headers(msg: &Message, format: String) -> Extracted {
        Extracted {
            kind: Kind::Statement,
            kind_reason: String::new(),
            statement: Statement {
                direction: Direction::Incoming,
                message_id: msg
                    .message_id()
                    .map(|m| m.trim().to_string())
                    .filter(|m| !m.is_empty()),
                ..Default::default()
            },
            format,
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
            sender: sender(msg),
            sender_name: msg
                .from()
                .and_then(|a| a.first())
                .and_then(|a| a.name())
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
            reply_ids: reply_ids(msg),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("not a mail message: no header could be parsed")]
pub struct NotAMessage;

/// How attachment text is obtained: in this process (tests, tools) or in a
/// child process (this program, `liaisond doctext`) that a hostile document
/// can crash without harm.
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
    /// The kept document readers, when isolated.
    readers: Option<Arc<doctext::isolate::Readers>>,
}

impl Extractor {
    pub fn new(directory: Arc<Directory>, mode: DocMode, limits: Limits) -> Extractor {
        let readers = match &mode {
            DocMode::Isolated(exe) => Some(Arc::new(doctext::isolate::Readers::new(
                exe.clone(),
                limits.clone(),
            ))),
            DocMode::InProcess => None,
        };
        Extractor {
            directory,
            mode,
            limits,
            readers,
        }
    }

    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    /// Parses the bytes and extracts; see [`Extractor::extract_message`].
    pub fn extract(&self, raw: &[u8]) -> Result<Extracted, NotAMessage> {
        let msg = MessageParser::default().parse(raw).ok_or(NotAMessage)?;
        self.extract_message(&msg)
    }

    /// The statement in a parsed message: its text and its attachments' text
    /// as sources, the fields read from them, the body picked.
    pub fn extract_message(&self, msg: &Message) -> Result<Extracted, NotAMessage> {
        if msg.headers().is_empty() {
            return Err(NotAMessage);
        }
        let body = sources::mail_text(msg);
        let mut attachments = sources::attachments(msg);
        let mut sources = vec![sources::mail_source(&body)];
        let mut reasons = Vec::new();
        self.read_attachments(&mut attachments, &mut sources, &mut reasons);
        let mut e = self.read(msg, &sources, reasons);
        e.statement.body = clean_text(&pick_body(&e, &sources, &body));
        e.statement.attachments = attachments.iter().map(|a| a.info.clone()).collect();
        e.attachments = attachments;
        (e.kind, e.kind_reason) = kind::decide(msg, &e, &self.directory);
        Ok(e)
    }
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
        // A pasted page: from its heading on, not the coordinator's note above it.
        None => rules::by_name(&e.format)
            .map_or(mail, |f| f.text_from_start(mail))
            .trim()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sha256_hex;

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
        assert!(
            e.review_reasons
                .iter()
                .any(|r| r.to_string().contains("purpose"))
        );
    }

    #[test]
    fn an_ambiguous_deadline_is_flagged_and_left_empty() {
        let raw = String::from_utf8(FORM.to_vec())
            .unwrap()
            .replace("15 March 2026", "05/06/2026");
        let e = extractor().extract(raw.as_bytes()).unwrap();
        assert_eq!(e.statement.deadline, None);
        assert!(
            e.review_reasons
                .iter()
                .any(|r| r.to_string().contains("ambiguous")),
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

    fn kind_of(raw: &str) -> (Kind, String) {
        let e = extractor().extract(raw.as_bytes()).unwrap();
        (e.kind, e.kind_reason)
    }

    #[test]
    fn mail_with_no_sign_of_a_statement_is_correspondence() {
        let (k, why) = kind_of(
            "From: Priya <p@example.net>\r\nSubject: How do I send a liaison statement?\r\n\r\n\
Hello, is there a form, or do we mail the IETF?\r\n",
        );
        assert_eq!(k, Kind::Correspondence);
        assert!(why.starts_with("a message"), "{why}");
        let (k, why) = kind_of(
            "From: Wei <w@example.com>\r\nSubject: Automatic reply: LS on EAP\r\n\r\nI am out of the office.\r\n",
        );
        assert_eq!(k, Kind::Correspondence);
        assert!(why.starts_with("an automatic reply"), "{why}");
        let (k, why) = kind_of(
            "From: k@example.jp\r\nList-Id: <netmod.ietf.org>\r\nSubject: Re: [netmod] BBF liaison\r\n\r\n\
I read the BBF liaison and think the WG should answer.\r\n",
        );
        assert_eq!(k, Kind::Correspondence);
        assert!(why.starts_with("a mailing-list post"), "{why}");
    }

    #[test]
    fn any_sign_of_a_statement_makes_a_statement() {
        // A template.
        assert_eq!(
            kind_of(std::str::from_utf8(FORM).unwrap()).0,
            Kind::Statement
        );
        // A statement through a list, with a field naming a known group.
        let (k, why) = kind_of(
            "From: a@x.example\r\nList-Id: <wg.ietf.example>\r\nSubject: LS via list\r\n\r\nFrom: ITU-T SG15\r\n",
        );
        assert_eq!(k, Kind::Statement, "{why}");
        // A letter naming its sender.
        let (k, _) = kind_of(
            "From: c@ieee.example\r\nSubject: Liaison\r\n\r\nIEEE 802.1 Working Group\r\n\r\n\
Dear colleagues,\r\nwe inform the IETF of our work.\r\n\r\nBest regards,\r\nGlenn\r\n",
        );
        assert_eq!(k, Kind::Statement);
        // A forwarded message it cannot see into.
        let raw = "From: a@b.example\r\nSubject: fyi\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n\
--XX\r\nContent-Type: message/rfc822\r\n\r\nFrom: c@d.example\r\nSubject: inner\r\n\r\nhello\r\n--XX--\r\n";
        let (k, why) = kind_of(raw);
        assert_eq!(k, Kind::Statement, "{why}");
    }

    #[test]
    fn a_pasted_datatracker_page_is_read_with_its_directory_names() {
        let raw = "From: Liaison Manager <itu-t-liaison@iab.org>\r\nTo: liaison@iab.example\r\n\
Subject: Fwd: Liaison statement: LS on OTN\r\n\r\nFYI, as posted:\r\n\r\nLiaison statement\r\nLS on OTN\r\n\r\n\
State Posted\r\nSubmitted Date 2024-02-08\r\nFrom Group ITU-T-SG-15\r\nFrom Contact Greg Jones <>\r\n\
To Groups ccamp, rtgwg\r\nTo Contacts Ann Lee <ann@example.org>\r\nResponse Contact ITU-T SG15 Secretariat\r\n\
Purpose For action\r\nDeadline 2024-04-15 Action Needed\r\nAttachments (None)\r\nQ11/15 asks CCAMP.\r\n";
        let e = extractor().extract(raw.as_bytes()).unwrap();
        let s = &e.statement;
        assert_eq!(e.format, "datatracker-page");
        assert_eq!(s.title, "LS on OTN");
        assert_eq!(s.from_groups, vec!["ITU-T Study Group 15"]);
        assert_eq!(
            s.from_contacts,
            vec!["Greg Jones"],
            "the forwarder is no contact"
        );
        assert_eq!(s.to_groups, vec!["IETF CCAMP WG", "rtgwg"]);
        assert_eq!(e.to_organisation.as_deref(), Some("IETF"));
        assert_eq!(s.to_contacts, vec!["ann@example.org"]);
        assert_eq!(s.reply_to.as_deref(), Some("ITU-T SG15 Secretariat"));
        assert_eq!(s.purpose, Some(Purpose::ForAction));
        assert_eq!(s.deadline.as_deref(), Some("2024-04-15"));
        let head: Vec<&str> = s.body.lines().take(2).collect();
        assert_eq!(head, vec!["Liaison statement", "LS on OTN"], "{}", s.body);
        // rtgwg is not in the directory: recorded as written, and flagged.
        assert!(e.needs_review);
        assert!(
            e.review_reasons.iter().any(|r| r
                .to_string()
                .contains("\"rtgwg\" is not in the group directory")),
            "{:?}",
            e.review_reasons
        );
    }
}
