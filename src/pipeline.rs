//! archive -> classify -> route -> extract -> file or act.
//! Each message is archived in a commit of its own, then processed in one
//! transaction that also marks it processed: a crash at any point leaves
//! either nothing or everything done, and processing again is a no-op.
//!
//! Routing: an answer to a token address goes to the approval workflow, a
//! submission to the outgoing workflow; from a person holding a role, a
//! forward is unwrapped to its original and a mail about a recorded
//! statement carries corrections; everything else is an incoming statement.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use anyhow::Result;
use mail_parser::{Message, MessageParser};
use regex::Regex;
use serde_json::json;
use tokio::sync::Notify;
use tracing::{info, warn};

use crate::classify::{Kind, classify};
use crate::config::Settings;
use crate::corrections::Corrector;
use crate::directory::Directory;
use crate::distribute::Distributor;
use crate::extract::{Extracted, Extractor, NotAMessage};
use crate::fault;
use crate::outgoing::{self, Outgoing, Route};
use crate::record::{Filed, Receipt, Recorder};
use crate::reminders::Reminders;
use crate::store::{NewRaw, StatementRow, Store, Tx};

#[derive(Clone)]
pub struct Pipeline {
    store: Store,
    settings: Arc<Settings>,
    own: Arc<HashSet<String>>,
    directory: Arc<Directory>,
    extractor: Extractor,
    outgoing: Arc<Outgoing>,
    recorder: Arc<Recorder>,
    corrector: Arc<Corrector>,
    reminders: Arc<Reminders>,
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
    Filed(Filed),
    Ignored {
        kind: &'static str,
        reason: String,
    },
    /// A submission, an answer to an approval request, corrections, correspondence.
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
    /// Extraction may wait seconds on a child process reading attachments:
    /// on the multi-threaded runtime the other tasks (IMAP, sending) go on.
    fn extract(&self, raw: &[u8]) -> Result<Extracted, NotAMessage> {
        use tokio::runtime::{Handle, RuntimeFlavor};
        match Handle::try_current().map(|h| h.runtime_flavor()) {
            Ok(RuntimeFlavor::MultiThread) => {
                tokio::task::block_in_place(|| self.extractor.extract(raw))
            }
            _ => self.extractor.extract(raw),
        }
    }

    pub fn new(store: Store, settings: Arc<Settings>) -> Result<Pipeline> {
        let own = Arc::new(settings.own_addresses());
        let directory = Arc::new(Directory::load(&settings.directory.files)?);
        let extractor = Extractor::with_directory(directory.clone(), &settings.extraction)?;
        let outgoing = Arc::new(Outgoing::new(settings.clone(), directory.clone()));
        let distributor = Arc::new(Distributor::new(settings.clone(), directory.clone()));
        let recorder = Arc::new(Recorder::new(settings.clone(), distributor.clone()));
        let corrector = Arc::new(Corrector::new(
            settings.clone(),
            directory.clone(),
            distributor.clone(),
        ));
        let reminders = Arc::new(Reminders::new(
            settings.clone(),
            directory.clone(),
            distributor,
        )?);
        Ok(Pipeline {
            store,
            settings,
            own,
            directory,
            extractor,
            outgoing,
            recorder,
            corrector,
            reminders,
            outbox_wake: Arc::new(Notify::new()),
        })
    }

    pub fn reminders(&self) -> Arc<Reminders> {
        self.reminders.clone()
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
            (_, Route::Submission) => match self.extract(&raw.raw) {
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
                let msg = parsed.as_ref();
                self.incoming(
                    &mut tx,
                    raw_id,
                    &raw.mailbox,
                    &raw.raw,
                    msg,
                    verdict.kind,
                    &verdict.reason,
                )
                .await?
            }
        };
        let kind = match &outcome {
            Outcome::Filed(Filed::Duplicate { .. }) => "duplicate",
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

    /// Mail to the central address: a statement, a forwarded one, corrections, or correspondence.
    #[allow(clippy::too_many_arguments)]
    async fn incoming(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        mailbox: &str,
        raw: &[u8],
        msg: Option<&Message<'_>>,
        kind: Kind,
        why: &str,
    ) -> Result<Outcome> {
        let sender = msg.and_then(sender_of);
        let role = sender
            .as_deref()
            .and_then(|s| self.directory.person(s))
            .filter(|p| !p.roles.is_empty());
        if let (Some(person), Some(msg)) = (role, msg) {
            if let Some(original) = crate::forward::original(raw) {
                return match self.extract(&original.bytes) {
                    Ok(e) => {
                        let r = Receipt {
                            raw_id,
                            mailbox,
                            kind: Kind::Statement,
                            why,
                            forwarded_by: sender.as_deref(),
                        };
                        Ok(Outcome::Filed(self.recorder.file(tx, r, e).await?))
                    }
                    Err(err) => self.unparseable(tx, raw_id, err).await,
                };
            }
            if let Some(row) = self.about(tx, msg).await? {
                let actor = person.address.to_lowercase();
                if !self.corrector.may_correct(person, &row) {
                    Store::add_event(
                        tx,
                        "commands_refused",
                        Some(row.id),
                        Some(raw_id),
                        Some(&actor),
                        serde_json::json!({"problems": ["not authorised for this statement"]}),
                    )
                    .await?;
                    if self.verified(msg, &actor) {
                        let text = format!(
                            "You are not among those who may correct {} (its coordinators, liaison managers, and the chairs and ADs of the groups it is for). Nothing was changed.\n",
                            row.reference
                        );
                        self.corrector
                            .answer(tx, raw_id, &row, &actor, msg, &text)
                            .await?;
                    }
                    return Ok(Outcome::Handled {
                        kind: "commands",
                        what: "not authorised".into(),
                    });
                }
                let text = crate::reply::new_text(&crate::extract::body_text(msg));
                let answer = self
                    .corrector
                    .apply(tx, raw_id, &row, &actor, &text)
                    .await?;
                self.corrector
                    .answer(tx, raw_id, &row, &actor, msg, &answer)
                    .await?;
                return Ok(Outcome::Handled {
                    kind: "commands",
                    what: answer.lines().next().unwrap_or("").to_string(),
                });
            }
        } else if let (Some(msg), Some(from)) = (msg, sender.as_deref()) {
            // Commands from someone holding no role: refused, answered only if verified.
            let text = crate::reply::new_text(&crate::extract::body_text(msg));
            if matches!(crate::commands::parse(&text), Ok(c) if !c.is_empty())
                && let Some(row) = self.about(tx, msg).await?
            {
                let detail = serde_json::json!({"problems": ["the sender holds no role"]});
                Store::add_event(
                    tx,
                    "commands_refused",
                    Some(row.id),
                    Some(raw_id),
                    Some(from),
                    detail,
                )
                .await?;
                if self.verified(msg, from) {
                    let text = format!(
                        "Only liaison coordinators, liaison managers, and the chairs and ADs of the groups a statement is for may correct it. Nothing was changed in {}.\n",
                        row.reference
                    );
                    self.corrector
                        .answer(tx, raw_id, &row, from, msg, &text)
                        .await?;
                }
                return Ok(Outcome::Handled {
                    kind: "commands",
                    what: "sender holds no role".into(),
                });
            }
            // A reply to one of our notices about a statement is correspondence, not a new statement.
            if let Some(sid) = self.reply_to_notice(tx, msg).await? {
                Store::add_event(
                    tx,
                    "correspondence",
                    Some(sid),
                    Some(raw_id),
                    Some(from),
                    serde_json::json!({"subject": msg.subject()}),
                )
                .await?;
                return Ok(Outcome::Handled {
                    kind: "correspondence",
                    what: format!("noted on statement #{sid}"),
                });
            }
        }
        match self.extract(raw) {
            Ok(e) => {
                let r = Receipt {
                    raw_id,
                    mailbox,
                    kind,
                    why,
                    forwarded_by: None,
                };
                Ok(Outcome::Filed(self.recorder.file(tx, r, e).await?))
            }
            Err(err) => self.unparseable(tx, raw_id, err).await,
        }
    }

    /// The recorded statement a mail is about: its reference in the subject, or
    /// a reply to a mail we sent about it.
    async fn about(&self, tx: &mut Tx, msg: &Message<'_>) -> Result<Option<StatementRow>> {
        static REFERENCE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\bLS-\d{4}-\d{4,}\b").unwrap());
        let by_subject = msg
            .subject()
            .and_then(|s| REFERENCE.find(s))
            .map(|m| m.as_str().to_string());
        let id: Option<i64> = match by_subject {
            Some(r) => {
                sqlx::query_scalar("SELECT id FROM statements WHERE reference = ?")
                    .bind(r)
                    .fetch_optional(&mut **tx)
                    .await?
            }
            None => self.reply_to_notice(tx, msg).await?,
        };
        Ok(match id {
            Some(id) => Some(Store::statement_row(tx, id).await?),
            None => None,
        })
    }

    /// The statement of the notice (not a relayed statement) this mail replies to.
    async fn reply_to_notice(&self, tx: &mut Tx, msg: &Message<'_>) -> Result<Option<i64>> {
        let mut ids: Vec<String> = msg
            .in_reply_to()
            .as_text_list()
            .map(|l| l.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default();
        ids.extend(msg.in_reply_to().as_text().map(str::to_string));
        ids.extend(
            msg.references()
                .as_text_list()
                .map(|l| l.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .unwrap_or_default(),
        );
        ids.extend(msg.references().as_text().map(str::to_string));
        for id in ids {
            let sid: Option<i64> = sqlx::query_scalar("SELECT statement_id FROM outbox WHERE message_id = ? AND purpose != 'relay' AND statement_id IS NOT NULL")
                .bind(id.trim_matches(|c| c == '<' || c == '>'))
                .fetch_optional(&mut **tx)
                .await?;
            if sid.is_some() {
                return Ok(sid);
            }
        }
        Ok(None)
    }

    /// Whether a mail from `address` is verified enough to be answered (no backscatter).
    fn verified(&self, msg: &Message<'_>, address: &str) -> bool {
        let a = &self.settings.approval;
        if !a.require_authentication {
            return false;
        }
        let results: Vec<&str> = msg
            .header_values("Authentication-Results")
            .filter_map(|v| v.as_text())
            .collect();
        crate::outgoing::auth_passes(
            &results,
            &a.trusted_authserv_ids,
            address.rsplit('@').next().unwrap_or(""),
        )
    }
}

fn sender_of(msg: &Message<'_>) -> Option<String> {
    msg.from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(str::to_lowercase)
}
