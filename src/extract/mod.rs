//! Extraction is pure: raw message bytes in, statement and provenance out.
//! It knows nothing of the store, IMAP, SMTP or the web.

mod dates;
mod fields;

use std::collections::BTreeMap;

use mail_parser::{Address, MessageParser, MimeHeaders};
use serde::Serialize;

pub use dates::parse_deadline;
pub use fields::addresses;

use crate::sha256_hex;
use crate::statement::{AttachmentInfo, Direction, Purpose, Statement};

/// An attachment with its original bytes (after transfer decoding).
#[derive(Debug, Clone)]
pub struct Attachment {
    pub info: AttachmentInfo,
    pub content: Vec<u8>,
    pub text: Option<String>,
}

/// What extraction made of one message.
#[derive(Debug, Clone, Serialize)]
pub struct Extracted {
    #[serde(flatten)]
    pub statement: Statement,
    pub needs_review: bool,
    pub review_reasons: Vec<String>,
    /// Field name -> where its value came from.
    pub provenance: BTreeMap<String, String>,
    #[serde(skip)]
    pub attachments: Vec<Attachment>,
    #[serde(skip)]
    pub purpose_label: Option<String>,
    /// The Date header, RFC 3339.
    #[serde(skip)]
    pub sent_date: Option<String>,
    /// The From header's address: who mailed it.
    #[serde(skip)]
    pub sender: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("not a mail message: no header could be parsed")]
pub struct NotAMessage;

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
        let Some(p) = ["fwd:", "fw:"].iter().find(|p| lower.starts_with(*p)) else {
            break;
        };
        s = s[p.len()..].trim_start();
    }
    s.to_string()
}

/// Reads headers and `Label: value` lines; headers only fill what the labels leave open.
pub fn extract(raw: &[u8]) -> Result<Extracted, NotAMessage> {
    let msg = MessageParser::default().parse(raw).ok_or(NotAMessage)?;
    if msg.headers().is_empty() {
        return Err(NotAMessage);
    }
    let text: String = msg
        .text_bodies()
        .filter_map(|p| p.text_contents())
        .collect::<Vec<_>>()
        .join("\n\n");
    let text = if text.trim().is_empty() {
        msg.body_text(0).map(|t| t.into_owned()).unwrap_or_default()
    } else {
        text
    };
    let labelled = fields::labelled_fields(&text);
    let mut prov = BTreeMap::new();
    let mut st = Statement {
        direction: Direction::Incoming,
        ..Default::default()
    };
    let mut reasons = Vec::new();
    let from_line = |field: &str| {
        labelled
            .get(field)
            .map(|f| (f.value.as_str(), format!("body line {}", f.line)))
    };

    let sender = first_address(msg.from());
    if let Some((v, at)) = from_line("from_groups") {
        st.from_groups = fields::groups(v);
        prov.insert("from_groups".into(), at);
    }
    if let Some((v, at)) = from_line("from_contacts") {
        st.from_contacts = addresses(v);
        prov.insert("from_contacts".into(), at);
    } else if let Some(s) = &sender {
        // The person who mailed it is a contact of the sending body, not its group.
        st.from_contacts = vec![s.clone()];
        prov.insert("from_contacts".into(), "header From".into());
    }
    if let Some((v, at)) = from_line("reply_to") {
        st.reply_to = addresses(v).into_iter().next();
        prov.insert("reply_to".into(), at);
    }
    if let Some((v, at)) = from_line("to_groups") {
        st.to_groups = fields::groups(v);
        prov.insert("to_groups".into(), at);
    }
    if let Some((v, at)) = from_line("to_contacts") {
        st.to_contacts = addresses(v);
        prov.insert("to_contacts".into(), at);
    } else {
        let mut to = all_addresses(msg.to());
        to.extend(all_addresses(msg.cc()));
        if !to.is_empty() {
            st.to_contacts = to;
            prov.insert("to_contacts".into(), "header To/Cc".into());
        }
    }
    if let Some((v, at)) = from_line("send_to") {
        st.send_to = addresses(v).into_iter().next();
        prov.insert("send_to".into(), at);
    }
    let mut purpose_label = None;
    if let Some((v, at)) = from_line("purpose") {
        purpose_label = Some(v.to_string());
        match Purpose::parse_label(v) {
            Some(p) => {
                st.purpose = Some(p);
                prov.insert("purpose".into(), at);
            }
            None => reasons.push(format!(
                "purpose {v:?} is not For Information, For Action or In Response"
            )),
        }
    }
    if let Some((v, at)) = from_line("deadline") {
        match parse_deadline(v) {
            Some(d) => {
                st.deadline = Some(d.format("%Y-%m-%d").to_string());
                prov.insert("deadline".into(), at);
            }
            None => reasons.push(format!("deadline {v:?} is not an unambiguous date")),
        }
    }
    if let Some((v, at)) = from_line("title") {
        st.title = v.to_string();
        prov.insert("title".into(), at);
    } else if let Some(s) = msg.subject() {
        st.title = clean_subject(s);
        prov.insert("title".into(), "header Subject".into());
    }
    match labelled.get("body") {
        Some(f) => {
            st.body = f.value.clone();
            prov.insert("body".into(), format!("body from line {}", f.line));
        }
        None => {
            st.body = text.trim().to_string();
            prov.insert("body".into(), "mail body".into());
        }
    }
    st.message_id = msg
        .message_id()
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty());
    if st.message_id.is_some() {
        prov.insert("message_id".into(), "header Message-ID".into());
    }

    let attachments: Vec<Attachment> = msg
        .attachments()
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
            let text = media_type
                .starts_with("text/plain")
                .then(|| String::from_utf8_lossy(&content).into_owned());
            Attachment {
                info: AttachmentInfo {
                    name,
                    media_type,
                    size: content.len() as u64,
                    sha256: sha256_hex(&content),
                },
                content,
                text,
            }
        })
        .collect();
    st.attachments = attachments.iter().map(|a| a.info.clone()).collect();

    if st.from_groups.is_empty() {
        reasons.push("the sending group (From) is not stated".into());
    }
    if st.to_groups.is_empty() {
        reasons.push("the addressed group (To) is not stated".into());
    }
    match st.purpose {
        None if purpose_label.is_none() => reasons.push("the purpose is not stated".into()),
        Some(Purpose::ForAction) if st.deadline.is_none() => {
            reasons.push("For Action without a deadline".into())
        }
        Some(Purpose::ForComment) => {
            reasons.push("legacy purpose \"For Comment\": For Action or For Information?".into())
        }
        _ => {}
    }
    if st.title.is_empty() {
        reasons.push("no title".into());
    }

    Ok(Extracted {
        statement: st,
        needs_review: !reasons.is_empty(),
        review_reasons: reasons,
        provenance: prov,
        attachments,
        purpose_label,
        sent_date: msg.date().map(|d| d.to_rfc3339()),
        sender,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORM: &[u8] = b"From: Officer <officer@3gpp.example>\r\nTo: liaison@iab.example\r\n\
Subject: Fwd: LS on 5G security\r\nMessage-ID: <abc@3gpp.example>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n\r\n\
From: 3GPP TSG SA WG3\r\nSend Reply To: sa3-ls@3gpp.example\r\nTo: IETF LAMPS WG\r\nPurpose: For Action\r\n\
Deadline: 15 March 2026\r\nBody:\r\nPlease review.\r\n";

    #[test]
    fn labels_win_and_headers_fill_the_rest() {
        let e = extract(FORM).unwrap();
        let s = &e.statement;
        assert_eq!(s.from_groups, vec!["3GPP TSG SA WG3"]);
        assert_eq!(s.from_contacts, vec!["officer@3gpp.example"]);
        assert_eq!(e.provenance["from_contacts"], "header From");
        assert_eq!(s.reply_to.as_deref(), Some("sa3-ls@3gpp.example"));
        assert_eq!(s.to_groups, vec!["IETF LAMPS WG"]);
        assert_eq!(s.purpose, Some(Purpose::ForAction));
        assert_eq!(s.deadline.as_deref(), Some("2026-03-15"));
        assert_eq!(s.title, "LS on 5G security");
        assert_eq!(s.body, "Please review.");
        assert_eq!(s.message_id.as_deref(), Some("abc@3gpp.example"));
        assert!(!e.needs_review, "{:?}", e.review_reasons);
    }

    #[test]
    fn a_plain_mail_is_flagged_not_invented() {
        let e = extract(b"From: a@b.example\r\nSubject: hello\r\n\r\njust text\r\n").unwrap();
        assert!(e.statement.from_groups.is_empty());
        assert!(e.statement.purpose.is_none());
        assert!(e.needs_review);
        assert!(e.review_reasons.iter().any(|r| r.contains("purpose")));
    }

    #[test]
    fn attachments_keep_their_bytes() {
        let raw = b"From: a@b.example\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n\
--XX\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XX\r\nContent-Type: application/pdf; name=ls.pdf\r\n\
Content-Disposition: attachment; filename=ls.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--XX--\r\n";
        let e = extract(raw).unwrap();
        assert_eq!(e.attachments.len(), 1);
        let a = &e.attachments[0];
        assert_eq!(a.info.name, "ls.pdf");
        assert_eq!(a.info.media_type, "application/pdf");
        assert_eq!(a.content, b"%PDF-1.4\n");
        assert_eq!(a.info.sha256, sha256_hex(b"%PDF-1.4\n"));
    }
}
