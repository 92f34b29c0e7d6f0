//! Is it a liaison statement at all? A personal question to the central
//! address, a workshop flyer, a mailing-list post copied to it or an
//! out-of-office reply is correspondence: kept and shown to coordinators,
//! never published as a statement. Only mail with no sign of a statement is
//! correspondence: a statement template, a letter naming the groups on
//! either side, or a document that may hold the statement (one that could
//! not be read, one called a liaison) each make it a statement, so that a
//! real statement is never set aside; when in doubt it is a statement,
//! marked for review.

use std::sync::LazyLock;

use mail_parser::{Message, MimeHeaders};
use regex::Regex;
use serde::Serialize;

use super::Extracted;
use crate::domain::ReviewReason;
use crate::domain::directory::Directory;

/// What a message is: a liaison statement, or correspondence about something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    Statement,
    Correspondence,
}

/// The kind of a message, and why, in words for a coordinator.
pub(super) fn decide(msg: &Message, e: &Extracted, directory: &Directory) -> (Kind, String) {
    match statement_sign(msg, e, directory) {
        Some(why) => (Kind::Statement, why),
        None => (
            Kind::Correspondence,
            format!(
                "{}: no statement template, and no sending or addressed group named",
                correspondence(msg)
            ),
        ),
    }
}

/// The first sign that a mail is a statement, in words.
fn statement_sign(msg: &Message, e: &Extracted, directory: &Directory) -> Option<String> {
    // Every template but the letter's (which may be a cover note) is a statement's.
    if super::rules::by_name(&e.format).is_some_and(|f| !f.cover_note) {
        return Some(format!("it follows the {} template", e.format));
    }
    let s = &e.statement;
    if e.format == "letter" && (!s.from_groups.is_empty() || !s.to_groups.is_empty()) {
        return Some("a letter that names the groups it is from or to".into());
    }
    let unreadable = e
        .review_reasons
        .iter()
        .find(|r| matches!(r, ReviewReason::UnreadableAttachment { .. }));
    if let Some(r) = unreadable {
        return Some(format!("an attachment may hold the statement: {r}"));
    }
    if let Some(name) = liaison_document(msg, e) {
        return Some(format!("the attached document {name} may be the statement"));
    }
    if let Some(name) = unclassified(e) {
        return Some(format!(
            "the attachment {name} is a forwarded message or of no known type, and may hold the statement"
        ));
    }
    labelled_group(&s.body, directory).map(|g| format!("it names the group {g:?} in a field"))
}

/// An attachment that may hold a statement extraction could not see into:
/// a forwarded message, a part of a broken MIME structure, bytes of no
/// declared type.
fn unclassified(e: &Extracted) -> Option<String> {
    e.attachments
        .iter()
        .find(|a| {
            let t = a.info.media_type.as_str();
            t.starts_with("message/")
                || t.starts_with("multipart/")
                || t == "application/octet-stream"
        })
        .map(|a| a.info.name.clone())
}

/// "From: ITU-T SG15": a field line whose value is a group the directory
/// knows (not an address: a quoted mail header is no field).
fn labelled_group(text: &str, directory: &Directory) -> Option<String> {
    static FIELD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?im)^\s*(?:From|To|Source)\s*:\s*([^@<>\r\n]{2,80}?)\s*$").unwrap()
    });
    FIELD
        .captures_iter(text)
        .find_map(|c| directory.group(&c[1]).map(|g| g.name.clone()))
}

/// A document attachment that calls itself a liaison statement, by its
/// name or by the mail's subject.
fn liaison_document(msg: &Message, e: &Extracted) -> Option<String> {
    let says_liaison = |t: &str| {
        let t = t.to_lowercase();
        t.contains("liaison")
            || t.contains("liason")
            || t.split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w == "ls" || w == "ols" || w == "ils")
    };
    let subject = msg.subject().is_some_and(says_liaison);
    e.attachments
        .iter()
        .filter(|a| is_document(&a.info.name, &a.info.media_type))
        .find(|a| subject || says_liaison(&a.info.name))
        .map(|a| a.info.name.clone())
}

fn is_document(name: &str, media_type: &str) -> bool {
    let n = name.to_lowercase();
    [".pdf", ".doc", ".docx", ".rtf", ".odt", ".zip", ".txt"]
        .iter()
        .any(|x| n.ends_with(x))
        || [
            "pdf",
            "word",
            "officedocument",
            "opendocument",
            "rtf",
            "zip",
        ]
        .iter()
        .any(|t| media_type.contains(t))
}

/// What kind of correspondence it looks like.
fn correspondence(msg: &Message) -> &'static str {
    let subject = msg.subject().unwrap_or("").to_lowercase();
    let header = |name: &str| msg.header_raw(name).map(|v| v.trim().to_lowercase());
    let auto_subject = [
        "automatic reply",
        "auto:",
        "autoreply",
        "auto-reply",
        "out of office",
        "out of the office",
        "abwesenheit",
        "réponse automatique",
    ]
    .iter()
    .any(|p| subject.starts_with(p));
    let auto_header = header("Auto-Submitted").is_some_and(|v| v != "no")
        || header("X-Autoreply").is_some()
        || header("X-Autorespond").is_some()
        || header("Precedence").is_some_and(|v| v == "junk" || v == "auto_reply")
        || header("X-Mailer").is_some_and(|v| v.starts_with("vacation"));
    let calendar = msg.parts.iter().any(|p| {
        p.content_type()
            .is_some_and(|c| c.ctype() == "text" && c.subtype() == Some("calendar"))
    });
    if auto_subject || auto_header {
        "an automatic reply"
    } else if header("List-Id").is_some() || header("List-Post").is_some() {
        "a mailing-list post"
    } else if header("List-Unsubscribe").is_some() || header("Precedence").is_some() {
        "a newsletter or bulk mail"
    } else if calendar {
        "a calendar invitation"
    } else if subject.starts_with("re:") || msg.in_reply_to().as_text().is_some() {
        "a reply to a mail"
    } else {
        "a message"
    }
}
