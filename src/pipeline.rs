//! archive -> classify -> extract -> file -> queue the acknowledgement.
//! Each message is archived in a commit of its own, then processed in one
//! transaction that also marks it processed: a crash at any point leaves
//! either nothing or everything done, and processing again is a no-op.

use std::collections::HashSet;
use std::sync::Arc;

use anyhow::Result;
use mail_parser::MessageParser;
use serde_json::json;
use tokio::sync::Notify;
use tracing::{info, warn};

use crate::classify::{Kind, classify};
use crate::compose::Composer;
use crate::config::Settings;
use crate::directory::Directory;
use crate::extract::{Extracted, Extractor};
use crate::outgoing::{self, Outgoing, Route};
use crate::store::{NewMail, NewRaw, NewStatement, Store, Tx};
use crate::{ack, fault};

#[derive(Clone)]
pub struct Pipeline {
    store: Store,
    settings: Arc<Settings>,
    own: Arc<HashSet<String>>,
    composer: Composer,
    extractor: Extractor,
    outgoing: Arc<Outgoing>,
    /// Woken when a mail is queued, so the outbox sends it at once.
    outbox_wake: Arc<Notify>,
}

/// Where a message came from, identifying it within its mailbox.
pub struct Origin<'a> {
    pub mailbox: &'a str,
    pub source_key: String,
    pub uidvalidity: Option<u32>,
    pub uid: Option<u32>,
}

/// What processing made of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Recorded {
        reference: String,
        acknowledged: bool,
    },
    Duplicate {
        reference: String,
    },
    Ignored {
        kind: &'static str,
        reason: String,
    },
    /// A submission or an answer to an approval request.
    Handled {
        kind: &'static str,
        what: String,
    },
    AlreadyProcessed,
}

/// Messages given to `liaisond submit` are archived under this mailbox name
/// and are submissions whatever their recipients.
pub const SUBMIT_MAILBOX: &str = "cli-submit";

impl Pipeline {
    pub fn new(store: Store, settings: Arc<Settings>) -> Result<Pipeline> {
        let own = Arc::new(settings.own_addresses());
        let composer = Composer::new(&settings.identity);
        let directory = Arc::new(Directory::load(&settings.directory.files)?);
        let extractor = Extractor::with_directory(directory.clone(), settings.extraction.isolate)?;
        let outgoing = Arc::new(Outgoing::new(settings.clone(), directory));
        Ok(Pipeline {
            store,
            settings,
            own,
            composer,
            extractor,
            outgoing,
            outbox_wake: Arc::new(Notify::new()),
        })
    }

    pub fn outgoing(&self) -> Arc<Outgoing> {
        self.outgoing.clone()
    }

    pub fn outbox_wake(&self) -> Arc<Notify> {
        self.outbox_wake.clone()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Archives the bytes (durably, first), then processes them.
    /// Returns the raw message id once the bytes are safe; a processing
    /// failure is logged and left for the retry at the next start.
    pub async fn receive(&self, origin: Origin<'_>, bytes: &[u8]) -> Result<i64> {
        let message_id = MessageParser::default()
            .parse_headers(bytes)
            .and_then(|m| m.message_id().map(str::to_string));
        let (id, new) = self
            .store
            .archive(NewRaw {
                mailbox: origin.mailbox,
                source_key: origin.source_key.clone(),
                uidvalidity: origin.uidvalidity,
                uid: origin.uid,
                message_id: message_id.clone(),
                bytes,
            })
            .await?;
        info!(mailbox = origin.mailbox, key = %origin.source_key, raw_id = id, ?message_id, new, size = bytes.len(), "archived");
        fault::point("after-archive");
        match self.process(id).await {
            Ok(outcome) => {
                info!(raw_id = id, ?outcome, "processed");
                self.outbox_wake.notify_one();
            }
            Err(e) => {
                warn!(raw_id = id, error = %format!("{e:#}"), "processing failed; the message is kept and retried at next start");
                self.store.mark_process_error(id, &format!("{e:#}")).await?;
            }
        }
        fault::point("after-process");
        Ok(id)
    }

    /// Processes every archived message not yet processed (after a crash, say).
    pub async fn process_pending(&self) -> Result<usize> {
        let ids = self.store.unprocessed().await?;
        for &id in &ids {
            match self.process(id).await {
                Ok(outcome) => info!(raw_id = id, ?outcome, "processed (pending)"),
                Err(e) => {
                    warn!(raw_id = id, error = %format!("{e:#}"), "processing failed again");
                    self.store.mark_process_error(id, &format!("{e:#}")).await?;
                }
            }
        }
        Ok(ids.len())
    }

    /// Idempotent: a processed message is left as it is.
    pub async fn process(&self, raw_id: i64) -> Result<Outcome> {
        let raw = self.store.raw_message(raw_id).await?;
        if raw.processed_at.is_some() {
            return Ok(Outcome::AlreadyProcessed);
        }
        let parsed = MessageParser::default().parse(&raw.raw);
        let verdict = match &parsed {
            Some(msg) => classify(msg, &self.settings.identity.loop_id, &self.own),
            None => crate::classify::Verdict {
                kind: Kind::Statement,
                reason: "unparseable headers".into(),
            },
        };
        let route = match &parsed {
            _ if raw.mailbox == SUBMIT_MAILBOX => Route::Submission,
            Some(msg) => outgoing::route(msg, &self.settings),
            None => Route::Statement,
        };
        let mut tx = self.store.begin().await?;
        // Re-check inside the write transaction: another task may have finished it.
        let done: Option<String> =
            sqlx::query_scalar("SELECT processed_at FROM raw_messages WHERE id = ?")
                .bind(raw_id)
                .fetch_one(&mut *tx)
                .await?;
        if done.is_some() {
            return Ok(Outcome::AlreadyProcessed);
        }
        let outcome = match (verdict.kind, route) {
            (Kind::Own | Kind::AutoReply | Kind::Bounce, _) => {
                let detail = json!({"kind": verdict.kind.as_str(), "reason": verdict.reason});
                Store::add_event(&mut tx, "ignored", None, Some(raw_id), None, detail).await?;
                info!(raw_id, kind = verdict.kind.as_str(), reason = %verdict.reason, "archived only: not a statement");
                Outcome::Ignored {
                    kind: verdict.kind.as_str(),
                    reason: verdict.reason.clone(),
                }
            }
            (_, Route::Token(token)) => {
                let msg = parsed.as_ref().expect("routed by its headers");
                let what = self.outgoing.answer(&mut tx, raw_id, msg, &token).await?;
                Outcome::Handled {
                    kind: "approval_reply",
                    what,
                }
            }
            (_, Route::Submission) => match self.extractor.extract(&raw.raw) {
                Ok(e) => {
                    let sender = e.sender.clone();
                    let what = self
                        .outgoing
                        .submit(&mut tx, raw_id, e, sender.as_deref())
                        .await?;
                    Outcome::Handled {
                        kind: "submission",
                        what,
                    }
                }
                Err(err) => self.unparseable(&mut tx, raw_id, err).await?,
            },
            (Kind::Statement | Kind::ListMail, Route::Statement) => {
                match self.extractor.extract(&raw.raw) {
                    Ok(e) => {
                        self.file(
                            &mut tx,
                            raw_id,
                            &raw.mailbox,
                            e,
                            verdict.kind,
                            &verdict.reason,
                        )
                        .await?
                    }
                    Err(err) => self.unparseable(&mut tx, raw_id, err).await?,
                }
            }
        };
        let kind = match &outcome {
            Outcome::Duplicate { .. } => "duplicate",
            Outcome::Handled { kind, .. } => kind,
            Outcome::Ignored { kind, .. } => kind,
            _ => verdict.kind.as_str(),
        };
        Store::mark_processed(&mut tx, raw_id, kind).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    async fn unparseable(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        err: crate::extract::NotAMessage,
    ) -> Result<Outcome> {
        let detail = json!({"kind": "unparseable", "reason": err.to_string()});
        Store::add_event(tx, "ignored", None, Some(raw_id), None, detail).await?;
        warn!(raw_id, %err, "archived only: not a mail message");
        Ok(Outcome::Ignored {
            kind: "unparseable",
            reason: err.to_string(),
        })
    }

    async fn file(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        mailbox: &str,
        e: Extracted,
        kind: Kind,
        why: &str,
    ) -> Result<Outcome> {
        if let Some(mid) = &e.statement.message_id {
            if let Some((sid, reference)) = Store::statement_by_message_id(tx, mid).await? {
                let detail = json!({"mailbox": mailbox, "message_id": mid});
                Store::add_event(tx, "received_again", Some(sid), Some(raw_id), None, detail)
                    .await?;
                info!(raw_id, %reference, "same Message-ID as a recorded statement: one record, another receipt");
                return Ok(Outcome::Duplicate { reference });
            }
        }
        let mut reasons = e.review_reasons.clone();
        if kind == Kind::ListMail {
            reasons.push(format!("arrived as list or bulk mail ({why})"));
        }
        let (sid, reference) = Store::insert_statement(
            tx,
            NewStatement {
                statement: &e.statement,
                state: "received",
                raw_message_id: Some(raw_id),
                purpose_label: e.purpose_label.as_deref(),
                sent_date: e.sent_date.as_deref(),
                attachments: &e.attachments,
                needs_review: !reasons.is_empty(),
                review_reasons: &reasons,
                provenance: json!(e.provenance),
                format: Some(&e.format),
                from_organisation: e.from_organisation.as_deref(),
                to_organisation: e.to_organisation.as_deref(),
                addressees: json!(e.addressees),
                response_to: e.in_response_to.as_deref(),
                consensus: e.consensus.as_deref(),
            },
        )
        .await?;
        let detail = json!({"reference": reference, "mailbox": mailbox, "sender": e.sender, "review_reasons": reasons});
        Store::add_event(
            tx,
            "recorded",
            Some(sid),
            Some(raw_id),
            e.sender.as_deref(),
            detail,
        )
        .await?;
        info!(raw_id, %reference, title = %e.statement.title, needs_review = !reasons.is_empty(), "recorded");

        if !reasons.is_empty() {
            self.ask_review(tx, sid, raw_id, &reference, &e, &reasons)
                .await?;
        }

        let acknowledged = match self.ack_refusal(tx, kind, why, e.sender.as_deref()).await? {
            Some(reason) => {
                Store::add_event(
                    tx,
                    "ack_suppressed",
                    Some(sid),
                    Some(raw_id),
                    None,
                    json!({"reason": reason}),
                )
                .await?;
                info!(%reference, %reason, "not acknowledged");
                false
            }
            None => {
                let to = e.sender.clone().expect("checked by ack_refusal");
                let mail = self.composer.auto_reply(
                    "ack",
                    &to,
                    &ack::subject(&reference, &e.statement.title),
                    &ack::body(&reference, &e, self.settings.identity.public_url.as_deref()),
                    e.statement.message_id.as_deref(),
                );
                Store::enqueue(
                    tx,
                    NewMail {
                        dedupe_key: format!("ack:{sid}"),
                        purpose: "ack",
                        statement_id: Some(sid),
                        raw_message_id: Some(raw_id),
                        message_id: mail.message_id.clone(),
                        envelope_from: None,
                        recipients: vec![to.clone()],
                        raw: mail.bytes,
                    },
                )
                .await?;
                Store::add_event(
                    tx,
                    "ack_queued",
                    Some(sid),
                    Some(raw_id),
                    None,
                    json!({"to": to, "message_id": mail.message_id}),
                )
                .await?;
                info!(%reference, %to, "acknowledgement queued");
                true
            }
        };
        Ok(Outcome::Recorded {
            reference,
            acknowledged,
        })
    }

    /// Tells the coordinators what a statement needs them to look at.
    async fn ask_review(
        &self,
        tx: &mut Tx,
        sid: i64,
        raw_id: i64,
        reference: &str,
        e: &Extracted,
        reasons: &[String],
    ) -> Result<()> {
        let to = &self.settings.roles.coordinators;
        if to.is_empty() {
            return Ok(());
        }
        let mail = self.composer.notice(
            "review",
            to,
            &format!("Review needed: {reference}: {}", e.statement.title),
            &ack::review_body(reference, e, reasons),
            e.statement.message_id.as_deref(),
        );
        Store::enqueue(
            tx,
            NewMail {
                dedupe_key: format!("review:{sid}"),
                purpose: "review",
                statement_id: Some(sid),
                raw_message_id: Some(raw_id),
                message_id: mail.message_id.clone(),
                envelope_from: Some(self.settings.identity.address.clone()),
                recipients: to.clone(),
                raw: mail.bytes,
            },
        )
        .await?;
        Store::add_event(
            tx,
            "review_requested",
            Some(sid),
            Some(raw_id),
            None,
            json!({"to": to, "reasons": reasons}),
        )
        .await?;
        info!(%reference, coordinators = ?to, "coordinators asked to review");
        Ok(())
    }

    /// Why this statement must not be acknowledged, if it must not.
    async fn ack_refusal(
        &self,
        tx: &mut Tx,
        kind: Kind,
        why: &str,
        sender: Option<&str>,
    ) -> Result<Option<String>> {
        if !kind.may_answer() {
            return Ok(Some(format!(
                "automatic replies never go to list or bulk mail ({why})"
            )));
        }
        if !self.settings.ack.enabled {
            return Ok(Some(
                "acknowledgements are disabled (ack.enabled = false)".into(),
            ));
        }
        let Some(sender) = sender.filter(|s| crate::config::looks_like_address(s)) else {
            return Ok(Some("no usable From address".into()));
        };
        if self.own.contains(sender) {
            return Ok(Some("the sender is liaisond itself".into()));
        }
        let since = crate::store::stamp(chrono::Utc::now() - chrono::Duration::hours(24));
        let cap = self.settings.ack.max_per_sender_per_day;
        if Store::acks_to_since(tx, sender, &since).await? >= i64::from(cap) {
            return Ok(Some(format!(
                "{sender} already had {cap} acknowledgements in 24 hours (ack.max_per_sender_per_day)"
            )));
        }
        Ok(None)
    }
}
