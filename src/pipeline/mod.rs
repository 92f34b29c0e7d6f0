//! archive -> classify -> route -> extract -> file or act.
//! Each message is archived in a commit of its own, then processed in one
//! transaction that also marks it processed: a crash at any point leaves
//! either nothing or everything done, and processing again is a no-op.
//! Where a message goes is decided in `route`.

mod confirm;
mod route;

pub use route::{Route, route};

use std::collections::HashSet;
use std::sync::Arc;

use anyhow::Result;
use mail_parser::{Message, MessageParser};
use serde_json::json;
use tokio::sync::Notify;
use tracing::{Instrument, info, warn};

use crate::domain::directory::Directory;
use crate::domain::policy::Proof;
use crate::domain::{EventKind, RawKind};
use crate::extract::{Extracted, Extractor, NotAMessage};
use crate::fault;
use crate::incoming::corrections::Corrector;
use crate::incoming::record::{Filed, Recorder};
use crate::mail::classify::{Kind, Verdict, classify};
use crate::mail::headers::single_sender;
use crate::mail::proof::Prover;
use crate::outbox::Postman;
use crate::outgoing::Outgoing;
use crate::store::{NewRaw, RawMessage, Store, Tx};

/// Who liaisond is, for telling its own mail and its own addresses apart.
#[derive(Debug, Clone, Default)]
pub struct Identity {
    /// From address of every mail liaisond sends; `local+TOKEN@domain` are its token addresses.
    pub address: String,
    /// The X-Loop value on our mail.
    pub loop_id: String,
    /// Where chairs and ADs mail outgoing statements, if submission by mail is on.
    pub submission_address: Option<String>,
    /// Every address that is liaisond itself, lower-case.
    pub own: HashSet<String>,
}

/// The workflows a message can be handed to.
pub struct Workflows {
    pub directory: Arc<Directory>,
    pub extractor: Extractor,
    pub recorder: Arc<Recorder>,
    pub corrector: Arc<Corrector>,
    pub outgoing: Arc<Outgoing>,
    /// Whether a mail is signed for its sender.
    pub prover: Prover,
    /// For confirmations.
    pub postman: Postman,
}

#[derive(Clone)]
pub struct Pipeline {
    store: Store,
    identity: Arc<Identity>,
    flows: Arc<Workflows>,
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
        kind: RawKind,
        reason: String,
    },
    /// A submission, an answer to an approval request, corrections, correspondence.
    Handled {
        kind: RawKind,
        what: String,
    },
    AlreadyProcessed,
}

impl Outcome {
    /// What the archived message is recorded as.
    fn kind(&self, verdict: &Verdict) -> RawKind {
        match self {
            Outcome::Filed(Filed::Duplicate { .. }) => RawKind::Duplicate,
            Outcome::Handled { kind, .. } | Outcome::Ignored { kind, .. } => *kind,
            _ => raw_kind(verdict.kind),
        }
    }
}

/// The stored kind of a classified mail.
fn raw_kind(k: Kind) -> RawKind {
    match k {
        Kind::Statement => RawKind::Statement,
        Kind::ListMail => RawKind::List,
        Kind::AutoReply => RawKind::AutoReply,
        Kind::Bounce => RawKind::Bounce,
        Kind::Own => RawKind::Own,
    }
}

/// Messages given to `liaisond submit` are archived under this mailbox name
/// and are submissions whatever their recipients.
pub const SUBMIT_MAILBOX: &str = "cli-submit";

impl Pipeline {
    pub fn new(store: Store, identity: Identity, flows: Workflows) -> Pipeline {
        Pipeline {
            store,
            identity: Arc::new(identity),
            flows: Arc::new(flows),
            outbox_wake: Arc::new(Notify::new()),
        }
    }

    pub fn outbox_wake(&self) -> Arc<Notify> {
        self.outbox_wake.clone()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Extraction may wait seconds on a child process reading attachments:
    /// on the multi-threaded runtime the other tasks (IMAP, sending) go on.
    fn extract(&self, msg: &Message) -> Result<Extracted, NotAMessage> {
        use tokio::runtime::{Handle, RuntimeFlavor};
        let x = &self.flows.extractor;
        let started = std::time::Instant::now();
        let e = match Handle::try_current().map(|h| h.runtime_flavor()) {
            Ok(RuntimeFlavor::MultiThread) => {
                tokio::task::block_in_place(|| x.extract_message(msg))
            }
            _ => x.extract_message(msg),
        };
        crate::telemetry::extraction(started.elapsed());
        e
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
        crate::telemetry::archived(origin.mailbox);
        fault::point("after-archive");
        match self.process(id).await {
            Ok(outcome) => {
                info!(raw_id = id, ?outcome, "processed");
                self.outbox_wake.notify_one();
            }
            Err(e) => {
                crate::telemetry::failed(origin.mailbox);
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
                    let mailbox = self.store.mailbox_of_raw(id).await?.unwrap_or_default();
                    crate::telemetry::failed(&mailbox);
                    warn!(raw_id = id, error = %format!("{e:#}"), "processing failed again");
                    self.store.mark_process_error(id, &format!("{e:#}")).await?;
                }
            }
        }
        Ok(ids.len())
    }

    /// Idempotent: a processed message is left as it is. Every log line of
    /// its processing carries its raw id, mailbox and Message-ID (the span).
    pub async fn process(&self, raw_id: i64) -> Result<Outcome> {
        let raw = self.store.raw_message(raw_id).await?;
        if raw.processed_at.is_some() {
            return Ok(Outcome::AlreadyProcessed);
        }
        let span = tracing::info_span!("message", raw_id, mailbox = %raw.mailbox, message_id = raw.message_id.as_deref().unwrap_or(""));
        self.process_raw(raw).instrument(span).await
    }

    async fn process_raw(&self, raw: RawMessage) -> Result<Outcome> {
        let raw_id = raw.id;
        let parsed = MessageParser::default().parse(&raw.raw);
        let verdict = match &parsed {
            Some(msg) => classify(msg, &self.identity.loop_id, &self.identity.own),
            None => Verdict {
                kind: Kind::Statement,
                reason: "unparseable headers".into(),
            },
        };
        let route = match &parsed {
            _ if raw.mailbox == SUBMIT_MAILBOX => Route::Submission,
            Some(msg) => route(msg, &self.identity),
            None => Route::Statement,
        };
        let sender = parsed.as_ref().and_then(single_sender);
        let proof = match (&parsed, &sender) {
            // `liaisond submit` is the operator's own act on the machine.
            _ if raw.mailbox == SUBMIT_MAILBOX => Proof::System,
            (Some(msg), Some(s)) if self.wants_proof(&route, s) => {
                Proof::None.with_signature(self.flows.prover.signed(msg, s).await)
            }
            _ => Proof::None,
        };
        let mut tx = self.store.begin().await?;
        // Re-check inside the write transaction: another task may have finished it.
        if Store::is_processed(&mut tx, raw_id).await? {
            return Ok(Outcome::AlreadyProcessed);
        }
        let m = Mail {
            raw_id,
            mailbox: &raw.mailbox,
            raw: &raw.raw,
            verdict: &verdict,
            sender: sender.as_deref(),
            proof,
        };
        let outcome = match (parsed.as_ref(), verdict.kind, route) {
            (_, Kind::Own | Kind::AutoReply | Kind::Bounce, _) => self.ignore(&mut tx, &m).await?,
            (None, ..) => self.unparseable(&mut tx, raw_id, NotAMessage).await?,
            (Some(msg), _, Route::Token(token)) => self.token(&mut tx, &m, msg, &token).await?,
            (Some(msg), _, Route::Submission) => self.submission(&mut tx, &m, msg).await?,
            (Some(msg), _, Route::Statement) => self.incoming(&mut tx, &m, msg).await?,
        };
        let kind = outcome.kind(&verdict);
        Store::mark_processed(&mut tx, raw_id, kind).await?;
        tx.commit().await?;
        crate::telemetry::processed(&raw.mailbox, kind.as_str());
        Ok(outcome)
    }

    /// Mail that is never answered nor recorded as a statement: archived only.
    async fn ignore(&self, tx: &mut Tx, m: &Mail<'_>) -> Result<Outcome> {
        let (kind, reason) = (raw_kind(m.verdict.kind), &m.verdict.reason);
        let detail = json!({"kind": kind, "reason": reason});
        Store::add_event(tx, EventKind::Ignored, None, Some(m.raw_id), None, detail).await?;
        info!(raw_id = m.raw_id, kind = kind.as_str(), %reason, "archived only: not a statement");
        Ok(Outcome::Ignored {
            kind,
            reason: reason.clone(),
        })
    }

    /// Whether the sender's proof matters for this mail: it acts (a token
    /// answer, a submission) or its sender holds a role (corrections). Only
    /// then is DNS asked about its signature.
    fn wants_proof(&self, route: &Route, sender: &str) -> bool {
        !matches!(route, Route::Statement)
            || self
                .flows
                .directory
                .person(sender)
                .is_some_and(|p| !p.roles.is_empty())
    }

    async fn unparseable(&self, tx: &mut Tx, raw_id: i64, err: NotAMessage) -> Result<Outcome> {
        let detail = json!({"kind": RawKind::Unparseable, "reason": err.to_string()});
        Store::add_event(tx, EventKind::Ignored, None, Some(raw_id), None, detail).await?;
        warn!(raw_id, %err, "archived only: not a mail message");
        Ok(Outcome::Ignored {
            kind: RawKind::Unparseable,
            reason: err.to_string(),
        })
    }
}

/// The message being processed.
pub(crate) struct Mail<'a> {
    raw_id: i64,
    mailbox: &'a str,
    raw: &'a [u8],
    verdict: &'a Verdict,
    /// Its single From address; None when it has none, or more than one.
    sender: Option<&'a str>,
    /// How that sender is proven (a signature; a token is added where one is used).
    proof: Proof,
}
