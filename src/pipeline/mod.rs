//! archive -> classify -> route -> extract -> file or act.
//! A batch of messages is archived in one commit, then each message is
//! processed from the bytes in memory: parsed once, classified, routed and
//! read (extraction, attachment text) concurrently with the others, in a
//! bounded pool; then filed in arrival order, in one transaction per message
//! that also marks it processed, the transactions of the batch committed
//! together. A crash at any point leaves either nothing or everything done,
//! and processing again is a no-op. A message whose processing failed is
//! tried again with backoff while liaisond runs. Where a message goes is
//! decided in `route`.

mod confirm;
mod route;

pub use route::{Route, route};

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Result, anyhow};
use mail_parser::{Message, MessageParser};
use serde_json::json;
use tokio::sync::{Notify, Semaphore, oneshot, watch};
use tracing::{Instrument, debug, info, warn};

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
use crate::store::{Durable, NewRaw, Store, Tx, stamp};

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
    /// Messages being parsed and read at once (the rest of a batch waits).
    readers: Arc<Semaphore>,
    /// Woken when processing failed, so the retries look again.
    retry_wake: Arc<Notify>,
    /// Per mailbox, the turn of the next batch: batches are filed in the
    /// order they were placed, each message after the one before it.
    tails: Arc<Mutex<HashMap<String, oneshot::Receiver<()>>>>,
}

/// A batch's place in its mailbox's order (see [`Pipeline::place`]).
pub struct Place {
    first: oneshot::Receiver<()>,
    last: oneshot::Sender<()>,
}

/// A message as it arrived, its bytes in memory.
pub struct Arrival {
    /// Identifies the message within its mailbox: imap:UIDVALIDITY:UID, maildir:NAME, file:SHA256.
    pub source_key: String,
    pub uidvalidity: Option<u32>,
    pub uid: Option<u32>,
    pub bytes: Vec<u8>,
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

/// Processing failed: tried again after this long, doubling to a maximum.
const RETRY_FIRST: Duration = Duration::from_secs(1);
const RETRY_MAX: Duration = Duration::from_secs(60);

impl Pipeline {
    /// `readers`: how many messages are parsed and read at once.
    pub fn new(store: Store, identity: Identity, flows: Workflows, readers: usize) -> Pipeline {
        Pipeline {
            store,
            identity: Arc::new(identity),
            flows: Arc::new(flows),
            outbox_wake: Arc::new(Notify::new()),
            readers: Arc::new(Semaphore::new(readers.max(1))),
            retry_wake: Arc::new(Notify::new()),
            tails: Arc::default(),
        }
    }

    /// Takes the next place in `mailbox`'s order: a batch received in it is
    /// filed after every batch placed before, however the reading goes.
    pub fn place(&self, mailbox: &str) -> Place {
        let (last, tail) = oneshot::channel();
        let first = self
            .tails
            .lock()
            .expect("not poisoned")
            .insert(mailbox.to_string(), tail)
            .unwrap_or_else(|| {
                let (now, first) = oneshot::channel();
                let _ = now.send(());
                first
            });
        Place { first, last }
    }

    pub fn outbox_wake(&self) -> Arc<Notify> {
        self.outbox_wake.clone()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Archives the bytes (durably, first), then processes them. Returns the
    /// raw message id once the bytes are safe; a processing failure is
    /// logged, recorded and retried later.
    pub async fn receive(&self, origin: Origin<'_>, bytes: &[u8]) -> Result<i64> {
        let arrival = Arrival {
            source_key: origin.source_key,
            uidvalidity: origin.uidvalidity,
            uid: origin.uid,
            bytes: bytes.to_vec(),
        };
        Ok(self.receive_batch(origin.mailbox, vec![arrival]).await?[0])
    }

    /// Archives a batch of messages in one commit, then processes them from
    /// the bytes in memory. Returns their raw message ids once every one is
    /// processed or its failure recorded (an error: neither could be stored).
    pub async fn receive_batch(&self, mailbox: &str, batch: Vec<Arrival>) -> Result<Vec<i64>> {
        let place = self.place(mailbox);
        self.receive_placed(place, mailbox, batch).await
    }

    /// As `receive_batch`, in a place taken before.
    pub async fn receive_placed(
        &self,
        place: Place,
        mailbox: &str,
        batch: Vec<Arrival>,
    ) -> Result<Vec<i64>> {
        let news: Vec<NewRaw> = batch
            .iter()
            .map(|a| NewRaw {
                mailbox,
                source_key: a.source_key.clone(),
                uidvalidity: a.uidvalidity,
                uid: a.uid,
                // The headers alone: the message is parsed once, when processed.
                message_id: MessageParser::default()
                    .parse_headers(&a.bytes)
                    .and_then(|m| m.message_id().map(str::to_string)),
                bytes: &a.bytes,
            })
            .collect();
        let archiving = std::time::Instant::now();
        let archived = match self.store.archive_batch(&news).await {
            Ok(a) => a,
            Err(e) => {
                // Nothing of this batch is filed: the next one need not wait.
                let _ = place.last.send(());
                return Err(e);
            }
        };
        debug!(mailbox, count = news.len(), elapsed = ?archiving.elapsed(), "batch archived");
        for (n, (id, new)) in news.iter().zip(&archived) {
            info!(mailbox, key = %n.source_key, raw_id = id, message_id = ?n.message_id, new, size = n.bytes.len(), "archived");
            crate::telemetry::archived(mailbox);
        }
        drop(news);
        fault::point("after-archive");
        let ids: Vec<i64> = archived.iter().map(|(id, _)| *id).collect();
        let items = ids
            .iter()
            .zip(batch)
            .map(|(id, a)| (*id, Arc::<[u8]>::from(a.bytes)))
            .collect();
        self.process_batch(place, mailbox, items).await?;
        fault::point("after-process");
        Ok(ids)
    }

    /// Processes archived messages, read concurrently, filed in order, their
    /// transactions committed together.
    async fn process_batch(&self, place: Place, mailbox: &str, items: Vec<Archived>) -> Result<()> {
        let mut turn = place.first;
        let mut tasks = Vec::with_capacity(items.len());
        for (id, bytes) in items {
            let (next, next_turn) = oneshot::channel();
            let my_turn = std::mem::replace(&mut turn, next_turn);
            let (me, mailbox) = (self.clone(), mailbox.to_string());
            let span = message_span(id, &mailbox);
            let task = tokio::spawn(
                async move { me.process_one(id, &mailbox, bytes, my_turn, next).await }
                    .instrument(span),
            );
            tasks.push((id, task));
        }
        let last = place.last;
        tokio::spawn(async move {
            let _ = turn.await;
            let _ = last.send(());
        });
        let mut failure = None;
        for (id, t) in tasks {
            match t.await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    failure.get_or_insert(e);
                }
                // A bug met by this message: kept, recorded and tried again
                // later like any failure, so one message cannot stop intake.
                Err(e) => {
                    let e = anyhow!("processing stopped: {e}");
                    if let Err(e) = self.failed(id, &e).await {
                        failure.get_or_insert(e);
                    }
                }
            }
        }
        failure.map_or(Ok(()), Err)
    }

    /// One message: read (in the pool), then, when the message before it has
    /// asked for the writer, filed; its failure recorded for a later retry.
    async fn process_one(
        &self,
        raw_id: i64,
        mailbox: &str,
        bytes: Arc<[u8]>,
        turn: oneshot::Receiver<()>,
        next: oneshot::Sender<()>,
    ) -> Result<()> {
        let mut prepared = {
            let _permit = self.readers.acquire().await?;
            crate::cpu::bound(|| self.prepare(mailbox, &bytes))
        };
        self.prove(&mut prepared).await;
        let _ = turn.await;
        let write = self.store.queue_write();
        let _ = next.send(());
        let filed = match write {
            Ok(w) => match w.await {
                Ok(tx) => {
                    crate::cpu::dedicated(self.file(tx, raw_id, mailbox, &bytes, &prepared)).await
                }
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        let outcome = match filed {
            Ok((outcome, durable)) => durable.wait().await.map(|_| outcome),
            Err(e) => Err(e),
        };
        match outcome {
            Ok(outcome) => {
                info!(raw_id, ?outcome, "processed");
                let kind = outcome.kind(&prepared.verdict);
                crate::telemetry::processed(mailbox, kind.as_str());
                self.outbox_wake.notify_one();
                Ok(())
            }
            Err(e) => {
                crate::telemetry::failed(mailbox);
                self.failed(raw_id, &e).await
            }
        }
    }

    /// Records a failed attempt at processing, to be tried again with backoff.
    async fn failed(&self, raw_id: i64, e: &anyhow::Error) -> Result<()> {
        let error = format!("{e:#}");
        let attempts = self.store.failed_attempts(raw_id).await.unwrap_or(0);
        let wait = RETRY_FIRST
            .saturating_mul(1 << attempts.clamp(0, 16))
            .min(RETRY_MAX);
        let at = stamp(chrono::Utc::now() + chrono::Duration::from_std(wait)?);
        let attempts = self.store.processing_failed(raw_id, &error, &at).await?;
        let detail = json!({"error": error, "attempts": attempts, "retry_at": at});
        self.store
            .log_event(EventKind::ProcessingFailed, None, Some(raw_id), detail)
            .await?;
        warn!(raw_id, attempts, %error, retry_in = ?wait, "processing failed; the message is kept and tried again");
        self.retry_wake.notify_one();
        Ok(())
    }

    /// Processes every archived message not yet processed (after a crash, say).
    pub async fn process_pending(&self) -> Result<usize> {
        let ids = self.store.unprocessed().await?;
        self.process_stored(&ids).await?;
        Ok(ids.len())
    }

    /// Processes archived messages from their stored bytes.
    async fn process_stored(&self, ids: &[i64]) -> Result<()> {
        for chunk in ids.chunks(64) {
            let mut by_mailbox: Vec<(String, Vec<Archived>)> = Vec::new();
            for &id in chunk {
                let raw = self.store.raw_message(id).await?;
                if raw.processed_at.is_some() {
                    continue;
                }
                let item = (id, Arc::<[u8]>::from(raw.raw));
                match by_mailbox.iter_mut().find(|(m, _)| *m == raw.mailbox) {
                    Some((_, items)) => items.push(item),
                    None => by_mailbox.push((raw.mailbox, vec![item])),
                }
            }
            for (mailbox, items) in by_mailbox {
                let place = self.place(&mailbox);
                self.process_batch(place, &mailbox, items).await?;
            }
        }
        Ok(())
    }

    /// Processes an archived message from its stored bytes; idempotent.
    pub async fn process(&self, raw_id: i64) -> Result<Outcome> {
        let raw = self.store.raw_message(raw_id).await?;
        if raw.processed_at.is_some() {
            return Ok(Outcome::AlreadyProcessed);
        }
        let bytes: Arc<[u8]> = raw.raw.into();
        let mailbox = raw.mailbox;
        async {
            let mut prepared = crate::cpu::bound(|| self.prepare(&mailbox, &bytes));
            self.prove(&mut prepared).await;
            let tx = self.store.begin().await?;
            let (outcome, durable) = self.file(tx, raw_id, &mailbox, &bytes, &prepared).await?;
            durable.wait().await?;
            Ok(outcome)
        }
        .instrument(message_span(raw_id, &mailbox))
        .await
    }

    /// Tries again, while running, every message whose processing failed,
    /// when its retry is due.
    pub async fn run_retries(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            let next = match self.store.due_retries().await {
                Ok((due, next)) => {
                    if !due.is_empty() {
                        info!(
                            count = due.len(),
                            "trying again to process messages that failed"
                        );
                        if let Err(e) = self.process_stored(&due).await {
                            warn!(error = %format!("{e:#}"), "retrying failed messages failed");
                        }
                        continue;
                    }
                    next
                }
                Err(e) => {
                    warn!(error = %format!("{e:#}"), "cannot look for messages to retry");
                    Some(stamp(chrono::Utc::now() + chrono::Duration::seconds(5)))
                }
            };
            let wait = next
                .and_then(|at| chrono::DateTime::parse_from_rfc3339(&at).ok())
                .map(|at| {
                    (at.with_timezone(&chrono::Utc) - chrono::Utc::now())
                        .to_std()
                        .unwrap_or_default()
                })
                .unwrap_or(RETRY_MAX);
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = self.retry_wake.notified() => {}
                _ = shutdown.changed() => return,
            }
        }
    }

    /// What can be known of a message before its transaction: parsed,
    /// classified, routed, and read (with its attachments' text).
    fn prepare<'m>(&self, mailbox: &str, raw: &'m [u8]) -> Prepared<'m> {
        let msg = MessageParser::default().parse(raw);
        let verdict = match &msg {
            Some(msg) => classify(msg, &self.identity.loop_id, &self.identity.own),
            None => Verdict {
                kind: Kind::Statement,
                reason: "unparseable headers".into(),
            },
        };
        let route = match &msg {
            _ if mailbox == SUBMIT_MAILBOX => Route::Submission,
            Some(msg) => route(msg, &self.identity),
            None => Route::Statement,
        };
        let reads = msg.is_some()
            && matches!(verdict.kind, Kind::Statement | Kind::ListMail)
            && !matches!(route, Route::Token(_));
        if let Some(id) = msg.as_ref().and_then(|m| m.message_id()) {
            tracing::Span::current().record("message_id", id);
        }
        let mut p = Prepared {
            sender: msg.as_ref().and_then(single_sender),
            // `liaisond submit` is the operator's own act on the machine.
            proof: if mailbox == SUBMIT_MAILBOX {
                Proof::System
            } else {
                Proof::None
            },
            verdict,
            route,
            extracted: Mutex::new(None),
            original: Mutex::new(None),
            msg,
        };
        if let (true, Some(msg)) = (reads, &p.msg) {
            p.extracted = Mutex::new(Some(self.read(msg, Some(raw))));
            p.original = Mutex::new(self.read_original(msg, raw));
        }
        p
    }

    /// Adds a verified signature to the proof, where the sender's proof
    /// matters: the mail acts (a token answer, a submission) or its sender
    /// holds a role (corrections). Only then is DNS asked.
    async fn prove(&self, p: &mut Prepared<'_>) {
        let (Some(msg), Some(sender)) = (&p.msg, &p.sender) else {
            return;
        };
        if p.proof == Proof::None && self.wants_proof(&p.route, sender) {
            p.proof = Proof::None.with_signature(self.flows.prover.signed(msg, sender).await);
        }
    }

    /// Whether the sender's proof matters for this mail.
    fn wants_proof(&self, route: &Route, sender: &str) -> bool {
        !matches!(route, Route::Statement) || self.holds_role(sender)
    }

    fn holds_role(&self, sender: &str) -> bool {
        let person = self.flows.directory.person(sender);
        person.is_some_and(|p| !p.roles.is_empty())
    }

    /// Extraction, with each attachment's place in `archived` kept only if
    /// the bytes there decode to the attachment (the store keeps it as a part
    /// of the archived message then).
    fn read(&self, msg: &Message, archived: Option<&[u8]>) -> Result<Extracted, NotAMessage> {
        let started = std::time::Instant::now();
        let e = self.flows.extractor.extract_message(msg);
        crate::telemetry::extraction(started.elapsed());
        let mut e = e?;
        for a in &mut e.attachments {
            a.span = a.span.filter(|s| {
                archived.and_then(|raw| s.decode(raw)).as_deref() == Some(&a.content[..])
            });
        }
        Ok(e)
    }

    /// The statement inside a forward from someone holding a role, read.
    fn read_original(&self, msg: &Message, raw: &[u8]) -> Option<(Vec<u8>, Reading)> {
        let from = single_sender(msg)?;
        if !self.holds_role(&from) {
            return None;
        }
        let original = crate::mail::forward::original(raw)?;
        let read = match MessageParser::default().parse(&original.bytes) {
            Some(o) => self.read(&o, None),
            None => Err(NotAMessage),
        };
        Some((original.bytes, read))
    }

    /// What extraction made of `msg` (read before the transaction), else read now.
    fn extract(&self, m: &Mail<'_>, msg: &Message) -> Result<Extracted, NotAMessage> {
        let raw = msg.raw_message();
        if let Some(p) = m.prepared {
            if raw == m.raw
                && let Some(e) = p.extracted.lock().expect("not poisoned").take()
            {
                return e;
            }
            if let Some((bytes, e)) = p.original.lock().expect("not poisoned").take()
                && bytes == raw
            {
                return e;
            }
            warn!(
                raw_id = m.raw_id,
                "read inside the transaction: its reading was not prepared"
            );
        }
        crate::cpu::bound(|| self.read(msg, (raw == m.raw).then_some(m.raw)))
    }

    /// Files a prepared message in `tx`: routed, handed to its workflow, and
    /// marked processed. The work is released to its group commit; the
    /// returned `Durable` says when it is committed.
    async fn file(
        &self,
        mut tx: Tx,
        raw_id: i64,
        mailbox: &str,
        bytes: &Arc<[u8]>,
        p: &Prepared<'_>,
    ) -> Result<(Outcome, Durable)> {
        tx.hold(raw_id, bytes.clone());
        fault::error("processing")?;
        // Checked inside the write transaction: another task may have finished it.
        if Store::is_processed(&mut tx, raw_id).await? {
            return Ok((Outcome::AlreadyProcessed, tx.release()));
        }
        let m = Mail {
            raw_id,
            mailbox,
            raw: bytes,
            verdict: &p.verdict,
            sender: p.sender.as_deref(),
            proof: p.proof,
            prepared: Some(p),
        };
        let outcome = match (p.msg.as_ref(), p.verdict.kind, &p.route) {
            (_, Kind::Own | Kind::AutoReply | Kind::Bounce, _) => self.ignore(&mut tx, &m).await?,
            (None, ..) => self.unparseable(&mut tx, raw_id, NotAMessage).await?,
            (Some(msg), _, Route::Token(token)) => self.token(&mut tx, &m, msg, token).await?,
            (Some(msg), _, Route::Submission) => self.submission(&mut tx, &m, msg).await?,
            (Some(msg), _, Route::Statement) => self.incoming(&mut tx, &m, msg).await?,
        };
        Store::mark_processed(&mut tx, raw_id, outcome.kind(&p.verdict)).await?;
        Ok((outcome, tx.release()))
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
    /// What was read of it before its transaction (none when it is re-read
    /// from the store, as a confirmed request is).
    prepared: Option<&'a Prepared<'a>>,
}

/// An archived message: its id and its bytes.
type Archived = (i64, Arc<[u8]>);

/// What extraction made of a message, or that it is none.
type Reading = Result<Extracted, NotAMessage>;

/// A message parsed, classified, routed and read, before its transaction.
struct Prepared<'m> {
    msg: Option<Message<'m>>,
    verdict: Verdict,
    route: Route,
    /// Its single From address; None when it has none, or more than one.
    sender: Option<String>,
    /// How that sender is proven, before any token.
    proof: Proof,
    /// What extraction made of it (statements and submissions), taken once.
    extracted: Mutex<Option<Reading>>,
    /// The original inside a forward from someone holding a role, and what
    /// extraction made of it.
    original: Mutex<Option<(Vec<u8>, Reading)>>,
}

/// The span every log line of one message's processing carries: its raw id,
/// mailbox and (once parsed) Message-ID.
fn message_span(raw_id: i64, mailbox: &str) -> tracing::Span {
    tracing::info_span!(
        "message",
        raw_id,
        mailbox,
        message_id = tracing::field::Empty
    )
}
