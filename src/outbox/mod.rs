//! Mail waiting to go out. Workflows hand a mail to the `Postman` inside the
//! transaction that decided to send it: composed and queued once (a unique
//! key per purpose and statement), it leaves through `send` (SMTP or files),
//! retried with backoff, marked sent only after the server accepted it.

mod send;
mod smtp;
mod splice;

pub use send::{Delivery, Policy, Sender, Transport, TransportKind, stored_mail};

use anyhow::Result;

use crate::domain::{MailPurpose, sha256_hex};
use crate::mail::compose::{Composer, Mail};
use crate::store::{NewMail, Store, Tx};

/// Composes mail and queues it in the caller's transaction.
#[derive(Debug, Clone)]
pub struct Postman {
    composer: Composer,
}

/// Who the envelope says the mail is from (RFC 5321 MAIL FROM).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// The null reverse-path `<>`: automatic answers, so nothing answers them (RFC 3834).
    Null,
    /// liaisond's own address: bounces come back to it.
    Ours,
}

/// One mail to queue.
pub struct Post<'a> {
    /// What makes this mail unique, e.g. `ack:42`: posting it twice queues it once.
    pub key: String,
    pub purpose: MailPurpose,
    pub statement: Option<i64>,
    /// The archived message that caused it.
    pub raw: Option<i64>,
    pub envelope: Envelope,
    /// Its recipients are its To and Cc.
    pub mail: Mail<'a>,
}

/// A posted mail: its Message-ID, and its outbox id when it was not queued before.
pub struct Posted {
    pub message_id: String,
    pub id: Option<i64>,
}

impl Postman {
    pub fn new(composer: Composer) -> Postman {
        Postman { composer }
    }

    pub fn composer(&self) -> &Composer {
        &self.composer
    }

    /// Composes the mail and queues it in `tx`.
    pub async fn post(&self, tx: &mut Tx, p: Post<'_>) -> Result<Posted> {
        let recipients: Vec<String> = p.mail.to.iter().chain(p.mail.cc).cloned().collect();
        let attachments = p.mail.attachments;
        let composed = self.composer.compose(p.mail);
        let envelope_from = match p.envelope {
            Envelope::Null => None,
            Envelope::Ours => Some(self.composer.address().to_string()),
        };
        let message_id = composed.message_id.clone();
        let (raw, splices) = match p.statement {
            Some(sid) if !attachments.is_empty() => {
                // Only what the store keeps for this statement can be put back when sent.
                let kept = Store::attachment_hashes(tx, sid).await?;
                let files: Vec<(String, &[u8])> = attachments
                    .iter()
                    .map(|(_, _, bytes)| (sha256_hex(bytes), bytes.as_slice()))
                    .filter(|(sha, _)| kept.contains(sha))
                    .collect();
                splice::cut(&composed.bytes, &files)
            }
            _ => (composed.bytes, Vec::new()),
        };
        let id = Store::enqueue(
            tx,
            NewMail {
                dedupe_key: p.key,
                purpose: p.purpose,
                statement_id: p.statement,
                raw_message_id: p.raw,
                message_id: composed.message_id,
                envelope_from,
                recipients,
                raw,
                splices,
            },
        )
        .await?;
        Ok(Posted { message_id, id })
    }
}
