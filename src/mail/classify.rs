//! What kind of mail this is, decided before anything answers it. The rules
//! follow RFC 3834 and the loops earlier mail bots fell into.

use std::collections::HashSet;

use mail_parser::{Message, MimeHeaders};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A liaison statement to record and acknowledge.
    Statement,
    /// A statement that came through a list or as bulk mail: recorded, never answered.
    ListMail,
    AutoReply,
    Bounce,
    /// Mail liaisond sent itself.
    Own,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Statement => "statement",
            Kind::ListMail => "list",
            Kind::AutoReply => "auto_reply",
            Kind::Bounce => "bounce",
            Kind::Own => "own",
        }
    }

    /// Whether an automatic answer may ever go to this mail.
    pub fn may_answer(self) -> bool {
        self == Kind::Statement
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub kind: Kind,
    pub reason: String,
}

fn header<'a>(msg: &'a Message, name: &'a str) -> Option<&'a str> {
    msg.header_raw(name).map(str::trim)
}

fn verdict(kind: Kind, reason: impl Into<String>) -> Verdict {
    Verdict {
        kind,
        reason: reason.into(),
    }
}

/// Classifies a parsed message. `own` holds liaisond's own addresses, lower-case.
pub fn classify(msg: &Message, loop_id: &str, own: &HashSet<String>) -> Verdict {
    let from = super::headers::sender(msg);
    let loops = msg
        .header_values("X-Loop")
        .filter_map(|v| v.as_text())
        .any(|v| v.trim().eq_ignore_ascii_case(loop_id));
    if loops {
        return verdict(Kind::Own, format!("X-Loop: {loop_id}"));
    }
    if let Some(f) = from.as_ref().filter(|f| own.contains(*f)) {
        return verdict(Kind::Own, format!("From is liaisond's own address {f}"));
    }
    if let Some(ct) = msg
        .content_type()
        .filter(|c| c.ctype().eq_ignore_ascii_case("multipart"))
        && ct
            .subtype()
            .is_some_and(|s| s.eq_ignore_ascii_case("report"))
    {
        return verdict(
            Kind::Bounce,
            "Content-Type: multipart/report (delivery or disposition report)",
        );
    }
    if let Some(rp) = header(msg, "Return-Path") {
        let rp = rp.trim_matches(|c| c == '<' || c == '>' || char::is_whitespace(c));
        if rp.is_empty() {
            return verdict(Kind::Bounce, "empty Return-Path (null sender)");
        }
        if is_daemon(rp) {
            return verdict(Kind::Bounce, format!("Return-Path {rp} is a mailer daemon"));
        }
    }
    if let Some(f) = from.as_deref().filter(|f| is_daemon(f)) {
        return verdict(Kind::Bounce, format!("From {f} is a mailer daemon"));
    }
    if let Some(v) = header(msg, "Auto-Submitted").filter(|v| !v.to_lowercase().starts_with("no")) {
        return verdict(Kind::AutoReply, format!("Auto-Submitted: {v}"));
    }
    for h in ["X-Autoreply", "X-Autorespond"] {
        if header(msg, h).is_some() {
            return verdict(Kind::AutoReply, format!("{h} present"));
        }
    }
    if let Some(p) = header(msg, "Precedence").map(str::to_lowercase) {
        match p.as_str() {
            "auto_reply" => return verdict(Kind::AutoReply, "Precedence: auto_reply"),
            "bulk" | "list" | "junk" => return verdict(Kind::ListMail, format!("Precedence: {p}")),
            _ => {}
        }
    }
    if let Some(id) = header(msg, "List-Id") {
        return verdict(Kind::ListMail, format!("List-Id: {id}"));
    }
    verdict(Kind::Statement, "no automatic or list markers")
}

fn is_daemon(address: &str) -> bool {
    let local = address.split('@').next().unwrap_or("").to_lowercase();
    matches!(
        local.as_str(),
        "mailer-daemon" | "postmaster" | "mail-daemon" | "mailerdaemon"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    fn kind(raw: &str) -> Kind {
        let msg = MessageParser::default().parse(raw.as_bytes()).unwrap();
        let own = HashSet::from(["liaison@iab.example".to_string()]);
        classify(&msg, "liaisond", &own).kind
    }

    #[test]
    fn plain_statement() {
        assert_eq!(
            kind("Return-Path: <a@b.example>\r\nFrom: a@b.example\r\nSubject: LS\r\n\r\nx"),
            Kind::Statement
        );
        assert_eq!(
            kind("From: a@b.example\r\nAuto-Submitted: no\r\nSubject: LS\r\n\r\nx"),
            Kind::Statement
        );
    }

    #[test]
    fn automatic_mail_is_recognised() {
        assert_eq!(
            kind("From: a@b.example\r\nAuto-Submitted: auto-replied\r\n\r\nx"),
            Kind::AutoReply
        );
        assert_eq!(
            kind("From: a@b.example\r\nPrecedence: auto_reply\r\n\r\nx"),
            Kind::AutoReply
        );
        assert_eq!(
            kind("Return-Path: <>\r\nFrom: a@b.example\r\n\r\nx"),
            Kind::Bounce
        );
        assert_eq!(
            kind("From: MAILER-DAEMON@mx.example\r\n\r\nx"),
            Kind::Bounce
        );
        assert_eq!(
            kind(
                "From: a@b.example\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b--"
            ),
            Kind::Bounce
        );
        assert_eq!(
            kind("From: a@b.example\r\nList-Id: <wg.ietf.example>\r\n\r\nx"),
            Kind::ListMail
        );
        assert_eq!(
            kind("From: a@b.example\r\nPrecedence: bulk\r\n\r\nx"),
            Kind::ListMail
        );
    }

    #[test]
    fn own_mail_is_recognised() {
        assert_eq!(
            kind("From: a@b.example\r\nX-Loop: liaisond\r\n\r\nx"),
            Kind::Own
        );
        assert_eq!(kind("From: Liaison@IAB.example\r\n\r\nx"), Kind::Own);
    }
}
