//! Composes the mail liaisond sends, with the headers that keep automatic
//! mail from looping (RFC 3834) and a Message-ID it records.

use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::raw::Raw;
use rand::Rng;

#[derive(Debug, Clone)]
pub struct Composer {
    name: String,
    address: String,
    loop_id: String,
    domain: String,
}

/// A composed mail ready for the outbox.
pub struct Composed {
    pub message_id: String,
    pub bytes: Vec<u8>,
}

/// What RFC 3834 says this mail is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Auto {
    /// An answer to a message (acknowledgements, problem reports, help).
    Replied,
    /// Mail liaisond starts itself (notices, confirmations, reminders).
    Generated,
    /// A statement people approved: not marked automatic.
    No,
}

/// An attachment as a mail carries it: (file name, media type, bytes).
pub type File = (String, String, Vec<u8>);

/// One mail to compose.
pub struct Mail<'a> {
    /// Names the Message-ID, e.g. "ack", "relay".
    pub tag: &'a str,
    pub to: &'a [String],
    pub cc: &'a [String],
    pub reply_to: Option<&'a str>,
    pub subject: &'a str,
    pub body: &'a str,
    pub in_reply_to: Option<&'a str>,
    pub references: Vec<String>,
    pub auto: Auto,
    /// (file name, media type, bytes)
    pub attachments: &'a [File],
}

impl<'a> Mail<'a> {
    pub fn new(
        tag: &'a str,
        to: &'a [String],
        subject: &'a str,
        body: &'a str,
        auto: Auto,
    ) -> Mail<'a> {
        Mail {
            tag,
            to,
            cc: &[],
            reply_to: None,
            subject,
            body,
            in_reply_to: None,
            references: Vec::new(),
            auto,
            attachments: &[],
        }
    }
}

fn addresses(list: &[String]) -> Address<'_> {
    Address::new_list(
        list.iter()
            .map(|a| Address::new_address(None::<&str>, a.as_str()))
            .collect(),
    )
}

impl Composer {
    /// Mail from `name <address>`, marked with `X-Loop: loop_id`.
    pub fn new(name: &str, address: &str, loop_id: &str) -> Composer {
        let domain = address
            .rsplit('@')
            .next()
            .unwrap_or("localhost")
            .to_string();
        Composer {
            name: name.to_string(),
            address: address.to_string(),
            loop_id: loop_id.to_string(),
            domain,
        }
    }

    /// Our own address: the From of every mail, the envelope sender of notices.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// A fresh, unguessable Message-ID under our domain (without angle brackets).
    pub fn message_id(&self, tag: &str) -> String {
        let nonce: u64 = rand::rng().random();
        format!("{tag}.{nonce:016x}@{}", self.domain)
    }

    /// The address replies to which carry `token` back to us: liaison-bot+TOKEN@domain.
    pub fn token_address(&self, token: &str) -> String {
        let (local, domain) = self
            .address
            .split_once('@')
            .unwrap_or((&self.address, &self.domain));
        format!("{local}+{token}@{domain}")
    }

    pub fn compose(&self, m: Mail<'_>) -> Composed {
        let message_id = self.message_id(m.tag);
        let subject = super::text::one_line(m.subject);
        let mut b = MessageBuilder::new()
            .from((self.name.as_str(), self.address.as_str()))
            .to(addresses(m.to));
        // Plain ASCII stays plain, folded at spaces: encoded words for it
        // (mail-builder's choice for any subject over 77 characters) are
        // left undecoded by some filters and read as gibberish.
        b = if subject.is_ascii() {
            b.header("Subject", Raw::new(subject))
        } else {
            b.subject(subject)
        };
        let mut b = b
            .message_id(message_id.as_str())
            .date(chrono::Utc::now().timestamp())
            .header("X-Loop", Raw::new(self.loop_id.as_str()));
        if !m.cc.is_empty() {
            b = b.cc(addresses(m.cc));
        }
        if let Some(r) = m.reply_to {
            b = b.reply_to(r);
        }
        match m.auto {
            Auto::Replied => b = b.header("Auto-Submitted", Raw::new("auto-replied")),
            Auto::Generated => b = b.header("Auto-Submitted", Raw::new("auto-generated")),
            Auto::No => {}
        }
        if m.auto != Auto::No {
            b = b.header("X-Auto-Response-Suppress", Raw::new("All"));
        }
        let mut references = m.references;
        if let Some(id) = m.in_reply_to {
            b = b.in_reply_to(id);
            if !references.iter().any(|r| r == id) {
                references.push(id.to_string());
            }
        }
        if !references.is_empty() {
            b = b.references(references);
        }
        b = b.text_body(m.body);
        for (name, media_type, bytes) in m.attachments {
            b = b.attachment(media_type.as_str(), name.as_str(), bytes.as_slice());
        }
        let bytes = b.write_to_vec().expect("writing to a Vec cannot fail");
        Composed { message_id, bytes }
    }

    /// An automatic reply to `to` about the message `in_reply_to`.
    pub fn auto_reply(
        &self,
        tag: &str,
        to: &str,
        subject: &str,
        body: &str,
        in_reply_to: Option<&str>,
    ) -> Composed {
        let to = [to.to_string()];
        self.compose(Mail {
            in_reply_to,
            ..Mail::new(tag, &to, subject, body, Auto::Replied)
        })
    }

    /// A notice to people who run the process (coordinators, chairs), about a statement.
    pub fn notice(
        &self,
        tag: &str,
        to: &[String],
        subject: &str,
        body: &str,
        references: Option<&str>,
    ) -> Composed {
        let references = references.map(|r| vec![r.to_string()]).unwrap_or_default();
        self.compose(Mail {
            references,
            ..Mail::new(tag, to, subject, body, Auto::Generated)
        })
    }
}
