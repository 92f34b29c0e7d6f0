//! Composes the mail liaisond sends, with the headers that keep automatic
//! mail from looping (RFC 3834) and a Message-ID it records.

use mail_builder::MessageBuilder;
use mail_builder::headers::raw::Raw;
use rand::Rng;

use crate::config::Identity;

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

impl Composer {
    pub fn new(identity: &Identity) -> Composer {
        let domain = identity
            .address
            .rsplit('@')
            .next()
            .unwrap_or("localhost")
            .to_string();
        Composer {
            name: identity.name.clone(),
            address: identity.address.clone(),
            loop_id: identity.loop_id.clone(),
            domain,
        }
    }

    /// A fresh, unguessable Message-ID under our domain (without angle brackets).
    pub fn message_id(&self, tag: &str) -> String {
        let nonce: u64 = rand::rng().random();
        format!("{tag}.{nonce:016x}@{}", self.domain)
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
        let message_id = self.message_id(tag);
        let mut b = MessageBuilder::new()
            .from((self.name.as_str(), self.address.as_str()))
            .to(to.iter().map(String::as_str).collect::<Vec<_>>())
            .subject(subject)
            .message_id(message_id.as_str())
            .date(chrono::Utc::now().timestamp())
            .header("Auto-Submitted", Raw::new("auto-generated"))
            .header("X-Auto-Response-Suppress", Raw::new("All"))
            .header("X-Loop", Raw::new(self.loop_id.as_str()))
            .text_body(body);
        if let Some(id) = references {
            b = b.references(id);
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
        mut references: Vec<String>,
    ) -> Composed {
        let message_id = self.message_id(tag);
        let mut b = MessageBuilder::new()
            .from((self.name.as_str(), self.address.as_str()))
            .to(to)
            .subject(subject)
            .message_id(message_id.as_str())
            .date(chrono::Utc::now().timestamp())
            .header("Auto-Submitted", Raw::new("auto-replied"))
            .header("X-Auto-Response-Suppress", Raw::new("All"))
            .header("X-Loop", Raw::new(self.loop_id.as_str()))
            .text_body(body);
        if let Some(id) = in_reply_to {
            b = b.in_reply_to(id);
            if !references.iter().any(|r| r == id) {
                references.push(id.to_string());
            }
        }
        if !references.is_empty() {
            b = b.references(references);
        }
        let bytes = b.write_to_vec().expect("writing to a Vec cannot fail");
        Composed { message_id, bytes }
    }
}
