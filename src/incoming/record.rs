//! Filing an incoming statement: one record per statement however often and
//! by whatever route it arrives, then the review request when something is
//! uncertain, the forwarder's notice, the acknowledgement, and distribution
//! to the groups it is for.

use std::sync::Arc;

use anyhow::Result;
use serde_json::json;
use tracing::info;

use super::Settings;
use super::distribute::Distributor;
use crate::domain::directory::normalise;
use crate::domain::{EventKind, MailPurpose, ReviewReason, State, sha256_hex};
use crate::extract::Extracted;
use crate::mail::classify::Kind;
use crate::mail::compose::{Auto, Mail};
use crate::outbox::{Envelope, Limit, Post, Postman};
use crate::store::{NewStatement, Store, Tx};

/// What filing made of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filed {
    Recorded {
        reference: String,
        acknowledged: bool,
    },
    Duplicate {
        reference: String,
    },
}

/// How a statement reached us.
pub struct Receipt<'a> {
    pub raw_id: i64,
    pub mailbox: &'a str,
    pub kind: Kind,
    /// Why classification said so (e.g. "List-Id: ...").
    pub why: &'a str,
    /// Who forwarded it to us, when it came forwarded.
    pub forwarded_by: Option<&'a str>,
}

/// What the store already has of a statement being filed.
enum Known {
    /// This statement, recorded before: (id, reference).
    Same(i64, String),
    /// Another statement under the same Message-ID: its reference.
    SameMessageId(String),
    New,
}

/// One statement being filed: its record, how it came, what it says.
pub(super) struct Filing<'a> {
    pub sid: i64,
    pub reference: &'a str,
    pub receipt: &'a Receipt<'a>,
    pub e: &'a Extracted,
}

pub struct Recorder {
    pub(super) settings: Arc<Settings>,
    pub(super) postman: Postman,
    distributor: Arc<Distributor>,
}

/// The same statement by another route, even without a common Message-ID:
/// its sender, title, and attachments (or, without attachments, its text).
fn fingerprint(e: &Extracted) -> String {
    let mut files: Vec<&str> = e
        .attachments
        .iter()
        .map(|a| a.info.sha256.as_str())
        .collect();
    files.sort_unstable();
    let text: String = if files.is_empty() {
        e.statement
            .body
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(300)
            .collect()
    } else {
        String::new()
    };
    let sender = e.sender.as_deref().unwrap_or("");
    let title = normalise(&e.statement.title);
    sha256_hex(format!("{sender}\n{title}\n{}\n{text}", files.join(",")).as_bytes())
}

impl Recorder {
    pub fn new(
        settings: Arc<Settings>,
        postman: Postman,
        distributor: Arc<Distributor>,
    ) -> Recorder {
        Recorder {
            settings,
            postman,
            distributor,
        }
    }

    /// Files the statement, or notes another receipt of one already filed.
    pub async fn file(&self, tx: &mut Tx, r: Receipt<'_>, e: Extracted) -> Result<Filed> {
        let fp = fingerprint(&e);
        let mut reasons = e.review_reasons.clone();
        match self.known(tx, &e, &fp).await? {
            Known::Same(sid, reference) => {
                self.received_again(tx, sid, &r, &reference, &e).await?;
                return Ok(Filed::Duplicate { reference });
            }
            Known::SameMessageId(reference) => reasons.push(ReviewReason::MessageIdReused {
                message_id: e.statement.message_id.clone().unwrap_or_default(),
                reference,
            }),
            Known::New => {}
        }
        let held = self.held(tx, &e).await?;
        reasons.extend(held.clone());
        let (sid, reference, reasons) = self.insert(tx, &r, &e, &fp, reasons).await?;
        if held.is_some() {
            let detail = json!({"reference": reference, "sender": e.sender});
            Store::add_event(
                tx,
                EventKind::Held,
                Some(sid),
                Some(r.raw_id),
                e.sender.as_deref(),
                detail,
            )
            .await?;
            info!(%reference, sender = ?e.sender, "held for review: too many statements from one sender");
            return Ok(Filed::Recorded {
                reference,
                acknowledged: false,
            });
        }
        info!(raw_id = r.raw_id, %reference, title = %e.statement.title, forwarded_by = ?r.forwarded_by, needs_review = !reasons.is_empty(), "recorded");
        let f = Filing {
            sid,
            reference: &reference,
            receipt: &r,
            e: &e,
        };
        if !reasons.is_empty() {
            self.ask_review(tx, &f, &reasons).await?;
        }
        if let Some(forwarder) = r.forwarded_by {
            self.tell_forwarder(tx, &f, forwarder, false).await?;
        }
        let acknowledged = self.acknowledge(tx, &f).await?;
        if r.kind == Kind::Statement {
            let groups = self.distributor.ietf_groups(&e.statement.to_groups);
            let note = format!(
                "A liaison statement for {} was received and recorded as {reference}.",
                e.statement.to_groups.join(", ")
            );
            self.distributor
                .send(tx, sid, Some(r.raw_id), &groups, &note)
                .await?;
        }
        Ok(Filed::Recorded {
            reference,
            acknowledged,
        })
    }

    /// The record this statement already has: same Message-ID and the same
    /// content (or a record from before content was compared), else the same
    /// fingerprint. A Message-ID is no identity: another sender or other
    /// content under a recorded Message-ID is a statement of its own.
    async fn known(&self, tx: &mut Tx, e: &Extracted, fp: &str) -> Result<Known> {
        let mid = e.statement.message_id.as_deref();
        let (by_message_id, by_fingerprint) = Store::same_statement(tx, mid, fp).await?;
        if let Some((id, reference, theirs)) = by_message_id {
            if theirs.is_none_or(|f| f == fp) {
                return Ok(Known::Same(id, reference));
            }
            return Ok(Known::SameMessageId(reference));
        }
        Ok(match by_fingerprint {
            Some((id, reference)) => Known::Same(id, reference),
            None => Known::New,
        })
    }

    /// Held for review when its sender sent too many today: a stranger's flood
    /// reaches neither the groups nor the coordinators' inboxes one by one.
    async fn held(&self, tx: &mut Tx, e: &Extracted) -> Result<Option<ReviewReason>> {
        let Some(sender) = &e.sender else {
            return Ok(None);
        };
        let since = crate::store::stamp(chrono::Utc::now() - chrono::Duration::hours(24));
        let count = Store::statements_from_since(tx, sender, &since).await? + 1;
        let cap = i64::from(self.settings.statements_per_sender_per_day);
        Ok((count > cap).then(|| ReviewReason::Held {
            sender: sender.clone(),
            count: count as u32,
        }))
    }

    /// Another receipt of a recorded statement: an event, and a word to the forwarder.
    async fn received_again(
        &self,
        tx: &mut Tx,
        sid: i64,
        r: &Receipt<'_>,
        reference: &str,
        e: &Extracted,
    ) -> Result<()> {
        let detail = json!({"mailbox": r.mailbox, "message_id": e.statement.message_id, "forwarded_by": r.forwarded_by});
        Store::add_event(
            tx,
            EventKind::ReceivedAgain,
            Some(sid),
            Some(r.raw_id),
            r.forwarded_by,
            detail,
        )
        .await?;
        info!(raw_id = r.raw_id, %reference, "already recorded: one record, another receipt");
        if let Some(forwarder) = r.forwarded_by {
            let f = Filing {
                sid,
                reference,
                receipt: r,
                e,
            };
            self.tell_forwarder(tx, &f, forwarder, true).await?;
        }
        Ok(())
    }

    /// Files the statement with its links; (id, reference, review reasons).
    async fn insert(
        &self,
        tx: &mut Tx,
        r: &Receipt<'_>,
        e: &Extracted,
        fp: &str,
        mut reasons: Vec<ReviewReason>,
    ) -> Result<(i64, String, Vec<ReviewReason>)> {
        if r.kind == Kind::ListMail {
            reasons.push(ReviewReason::ListMail {
                why: r.why.to_string(),
            });
        }
        let forwarded: Vec<&str> = r.forwarded_by.into_iter().collect();
        let (sid, reference) = Store::insert_statement(
            tx,
            NewStatement {
                state: State::Received,
                raw_message_id: Some(r.raw_id),
                review_reasons: &reasons,
                fingerprint: Some(fp),
                forwarded_by: &forwarded,
                submitter: None,
                ..new_statement(e)
            },
        )
        .await?;
        let unsure = super::links::link_response(tx, sid, e).await?;
        if !unsure.is_empty() {
            reasons.extend(unsure);
            Store::set_review(tx, sid, &reasons).await?;
        }
        let detail = json!({"reference": reference, "mailbox": r.mailbox, "sender": e.sender, "forwarded_by": r.forwarded_by, "review_reasons": reasons});
        Store::add_event(
            tx,
            EventKind::Recorded,
            Some(sid),
            Some(r.raw_id),
            e.sender.as_deref(),
            detail,
        )
        .await?;
        Ok((sid, reference, reasons))
    }

    /// The forwarder learns the reference (and whether it was new).
    async fn tell_forwarder(
        &self,
        tx: &mut Tx,
        f: &Filing<'_>,
        forwarder: &str,
        known: bool,
    ) -> Result<()> {
        let (reference, e) = (f.reference, f.e);
        let body = if known {
            crate::mail::text::wrap(&format!(
                "The statement you forwarded was already recorded as {reference}; your copy is noted in its history. Nothing more is needed.\n"
            ))
        } else {
            let shown = self.distributor.shown(e.statement.clone());
            format!(
                "{}\n{}",
                crate::mail::text::wrap(&format!(
                    "The statement you forwarded is recorded as {reference}, with its original sender ({}) and date, not as coming from you. To correct the record, reply to this mail with one command per line, such as \"to: ccamp\" or \"purpose: for action\".\n",
                    e.sender.as_deref().unwrap_or("unknown")
                )),
                crate::mail::text::wrap(&shown.metadata(reference, None))
            )
        };
        let subject = format!("Recorded: {reference}: {}", e.statement.title);
        let to = [forwarder.to_string()];
        let mail = Mail::new("fwd", &to, &subject, &body, Auto::Replied);
        self.postman
            .post(
                tx,
                Post {
                    key: format!("forwarded:{}", f.receipt.raw_id),
                    purpose: MailPurpose::Notice,
                    statement: Some(f.sid),
                    raw: Some(f.receipt.raw_id),
                    envelope: Envelope::Null,
                    limit: Limit::Answer,
                    mail,
                },
            )
            .await?;
        Ok(())
    }
}

/// The fields extraction read, as filed; the caller sets state, receipt and review.
pub fn new_statement(e: &Extracted) -> NewStatement<'_> {
    NewStatement {
        statement: &e.statement,
        state: State::Received,
        raw_message_id: None,
        purpose_label: e.purpose_label.as_deref(),
        sent_date: e.sent_date.as_deref(),
        attachments: &e.attachments,
        review_reasons: &[],
        provenance: json!(e.provenance),
        format: Some(&e.format),
        from_organisation: e.from_organisation.as_deref(),
        to_organisation: e.to_organisation.as_deref(),
        addressees: json!(e.addressees),
        response_to: e.in_response_to.as_deref(),
        consensus: e.consensus.as_deref(),
        fingerprint: None,
        forwarded_by: &[],
        doc_number: e.doc_number.as_deref(),
        submitter: None,
    }
}
