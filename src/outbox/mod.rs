//! Mail waiting to go out. Workflows hand a mail to the `Postman` inside the
//! transaction that decided to send it: composed and queued once (a unique
//! key per purpose and statement), it leaves through `send` (SMTP or files),
//! retried with backoff, marked sent only after the server accepted it.

mod send;
mod smtp;
mod splice;
mod stream;

pub use send::{Delivery, Policy, Sender, Transport, TransportKind, stored_mail};

use anyhow::{Result, anyhow, bail};
use serde_json::json;
use tracing::info;

use crate::domain::AttachmentInfo;
use crate::domain::{EventKind, MailPurpose};
use crate::mail::compose::{Composer, File, Mail};
use crate::store::{NewMail, Store, Tx, stamp};

/// Composes mail and queues it in the caller's transaction, within the limits.
#[derive(Debug, Clone)]
pub struct Postman {
    composer: Composer,
    limits: Limits,
}

/// How much automatic mail one address may get in 24 hours: what strangers
/// can make liaisond send. A mail over its limit is not queued; the event
/// log says so, and the coordinators' hourly summary counts it.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Acknowledgements and every other automatic answer to one address (a loop guard).
    pub answers: u32,
    /// Answers to a sender who is not proven (problem reports, help, command answers).
    pub unverified_answers: u32,
    /// Confirmations to one role holder ("did you send this?").
    pub confirmations: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            answers: 10,
            unverified_answers: 3,
            confirmations: 3,
        }
    }
}

/// Which limit a mail counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Mail people who run the process expect (distribution, approvals, notices).
    None,
    /// An automatic answer (RFC 3834) to whoever wrote.
    Answer,
    /// An answer to a sender nothing proves.
    UnverifiedAnswer,
    /// A confirmation to a role holder.
    Confirmation,
}

impl Limit {
    /// The purposes counted against this limit, and the cap.
    fn count(self, l: &Limits) -> Option<(&'static [MailPurpose], u32, &'static str)> {
        const UNVERIFIED: [MailPurpose; 3] = [
            MailPurpose::Problems,
            MailPurpose::Help,
            MailPurpose::Answer,
        ];
        const CONFIRM: [MailPurpose; 1] = [MailPurpose::Confirmation];
        match self {
            Limit::None => None,
            Limit::Answer => Some((
                &MailPurpose::ANSWERS,
                l.answers,
                "ack.max_per_sender_per_day",
            )),
            Limit::UnverifiedAnswer => Some((
                &UNVERIFIED,
                l.unverified_answers,
                "limits.unverified_answers_per_day",
            )),
            Limit::Confirmation => Some((
                &CONFIRM,
                l.confirmations,
                "limits.confirmations_per_person_per_day",
            )),
        }
    }
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
    pub limit: Limit,
    /// Its recipients are its To and Cc.
    pub mail: Mail<'a>,
}

/// A posted mail: its Message-ID, and its outbox id when it was queued now
/// (not before, and not held back by its limit).
pub struct Posted {
    pub message_id: String,
    pub id: Option<i64>,
}

/// A statement's stored attachments as a mail carries them: each a stand-in
/// for its bytes, which go in when the mail is sent (see `splice`).
pub fn stored_attachments(infos: &[AttachmentInfo]) -> Vec<File> {
    infos
        .iter()
        .map(|a| {
            (
                a.name.clone(),
                a.media_type.clone(),
                splice::stand_in(&a.sha256),
            )
        })
        .collect()
}

impl Postman {
    pub fn new(composer: Composer, limits: Limits) -> Postman {
        Postman { composer, limits }
    }

    /// Why `limit` forbids another mail to `address` now, if it does.
    pub async fn over_limit(
        &self,
        tx: &mut Tx,
        limit: Limit,
        address: &str,
    ) -> Result<Option<String>> {
        let Some((purposes, cap, setting)) = limit.count(&self.limits) else {
            return Ok(None);
        };
        let since = stamp(chrono::Utc::now() - chrono::Duration::hours(24));
        let sent = Store::mail_to_since(tx, address, purposes, &since, i64::from(cap)).await?;
        Ok((sent >= i64::from(cap)).then(|| {
            format!("{address} already had {sent} such mails in 24 hours ({setting} = {cap})")
        }))
    }

    pub fn composer(&self) -> &Composer {
        &self.composer
    }

    /// Composes the mail and queues it in `tx`, unless a recipient is over its limit.
    pub async fn post(&self, tx: &mut Tx, p: Post<'_>) -> Result<Posted> {
        let recipients: Vec<String> = p.mail.to.iter().chain(p.mail.cc).cloned().collect();
        for r in &recipients {
            if let Some(why) = self.over_limit(tx, p.limit, r).await? {
                info!(key = %p.key, %why, "not sent: over its limit");
                let detail = json!({"purpose": p.purpose, "to": r, "why": why});
                Store::add_event(tx, EventKind::MailCapped, p.statement, p.raw, None, detail)
                    .await?;
                return Ok(Posted {
                    message_id: String::new(),
                    id: None,
                });
            }
        }
        let attachments = p.mail.attachments;
        let composed = self.composer.compose(p.mail);
        let envelope_from = match p.envelope {
            Envelope::Null => None,
            Envelope::Ours => Some(self.composer.address().to_string()),
        };
        let message_id = composed.message_id.clone();
        // Stored attachments (stand-ins) go back in when the mail is sent;
        // only a statement's own can be found then.
        let stand_ins: Vec<String> = attachments
            .iter()
            .filter_map(|(_, _, b)| splice::stands_for(b))
            .collect();
        if !stand_ins.is_empty() && p.statement.is_none() {
            bail!("{}: stored attachments in a mail about no statement", p.key);
        }
        let (raw, splices) = match stand_ins.is_empty() {
            true => (composed.bytes, Vec::new()),
            false => {
                splice::cut(&composed.bytes, &stand_ins).map_err(|e| anyhow!("{}: {e}", p.key))?
            }
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
