//! Delivers the outbox through lettre: SMTP (TLS, STARTTLS, or plain when
//! explicitly allowed) or the file transport. A failed attempt is retried
//! with exponential backoff; a permanent refusal or too many attempts
//! quarantine the mail (state `failed`), and either way the log says why.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use lettre::Address;
use lettre::address::Envelope;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tracing::{info, warn};

use super::smtp::{Refusal, Smtp};
use super::splice;
use super::stream::Then;
use crate::mail::Security;
use crate::store::{OutboxRow, Store, stamp};

/// How mail leaves (`[outgoing]`): SMTP, or `.eml` files in a folder.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct Delivery {
    pub transport: TransportKind,
    /// Where the file transport writes one .eml per mail.
    pub outbox_dir: std::path::PathBuf,
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub port: Option<u16>,
    pub security: Security,
    #[serde(default)]
    pub allow_plain: bool,
    #[serde(default)]
    pub tls_ca_file: Option<std::path::PathBuf>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub password_file: Option<std::path::PathBuf>,
    pub timeout_secs: u64,
}

impl Delivery {
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.security {
            Security::Tls => 465,
            Security::Starttls => 587,
            Security::Plain => 25,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TransportKind {
    Smtp,
    File,
}

/// Retries and quarantine (`[outbox]`).
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct Policy {
    pub poll_interval_secs: f64,
    pub retry_base_secs: f64,
    pub retry_max_secs: f64,
    /// After this many failed attempts a mail is quarantined (state `failed`).
    pub max_attempts: u32,
}

pub enum Transport {
    Smtp(Smtp),
    /// A folder of `.eml` files, each named by its statement and purpose.
    File(std::path::PathBuf),
}

impl Transport {
    pub fn from_settings(o: &Delivery) -> Result<Transport> {
        if o.transport == TransportKind::File {
            std::fs::create_dir_all(&o.outbox_dir)
                .with_context(|| format!("creating {}", o.outbox_dir.display()))?;
            return Ok(Transport::File(o.outbox_dir.clone()));
        }
        Ok(Transport::Smtp(Smtp::new(o)?))
    }

    /// Sends one mail; `handed_over` runs the instant SMTP's final dot has
    /// left; `name` names the file of the file transport.
    async fn send(
        &self,
        row: &OutboxRow,
        mail: &[u8],
        name: &str,
        timeout: Duration,
        handed_over: Then,
    ) -> Result<(), Refusal> {
        let parse = |a: &str| {
            a.parse::<Address>()
                .map_err(|e| Refusal::Permanent(format!("bad address {a:?}: {e}")))
        };
        let from = row.envelope_from.as_deref().map(parse).transpose()?;
        let to = row
            .recipients()
            .iter()
            .map(|a| parse(a))
            .collect::<Result<Vec<_>, _>>()?;
        let envelope = Envelope::new(from, to).map_err(|e| Refusal::Permanent(e.to_string()))?;
        // Single reads and writes have their own limit; bound the whole exchange too.
        let sent = tokio::time::timeout(timeout, async {
            match self {
                Transport::Smtp(t) => t.send(&envelope, mail, handed_over).await,
                Transport::File(dir) => write_file(dir, name, mail)
                    .await
                    .map_err(|e| Refusal::Transient(format!("{e:#}"))),
            }
        })
        .await;
        sent.unwrap_or_else(|_| Err(Refusal::Transient(format!("no answer within {timeout:?}"))))
    }
}

/// Mails in flight at once: each SMTP exchange spends most of its time waiting.
const CONCURRENCY: usize = 8;
/// Mails taken for sending in one commit.
const CLAIM: i64 = 32;

/// What became of an attempt, to be recorded.
enum Outcome {
    Sent,
    /// Failed: to be tried again at this time, or quarantined (None).
    Failed(String, Option<String>),
}

/// Cloning it shares the transport and what is waiting to be recorded.
#[derive(Clone)]
pub struct Sender {
    store: Store,
    transport: Arc<Transport>,
    policy: Policy,
    timeout: Duration,
    /// Outcomes the store could not take yet (a full disk, say): recorded
    /// before anything else is sent. Their mails stay claimed meanwhile, so
    /// a mail the server accepted is never sent again while liaisond runs.
    unrecorded: Arc<Mutex<Vec<(OutboxRow, Outcome)>>>,
}

impl Sender {
    pub fn new(store: Store, transport: Transport, policy: Policy, timeout_secs: u64) -> Sender {
        Sender {
            store,
            transport: Arc::new(transport),
            policy,
            timeout: Duration::from_secs(timeout_secs.max(1) * 3),
            unrecorded: Arc::new(Mutex::new(Vec::new())),
        }
    }

    fn backoff(&self, attempts: i64) -> Duration {
        let exp = self.policy.retry_base_secs * 2f64.powi((attempts - 1).clamp(0, 30) as i32);
        Duration::from_secs_f64(exp.min(self.policy.retry_max_secs))
    }

    /// Sends every mail that is due, a few at a time; returns how many went out.
    pub async fn deliver_due(&self) -> Result<usize> {
        self.deliver_until(&|| false).await
    }

    /// As `deliver_due`, taking no more mail once `stop` says so. Each mail
    /// goes in a task of its own; once the server answered, what became of
    /// it is written (the "sent" mark ahead of any other write) while the
    /// next mail already goes. A pass ends once everything is recorded.
    async fn deliver_until(&self, stop: &(dyn Fn() -> bool + Sync)) -> Result<usize> {
        self.record_unrecorded().await?;
        // Nothing is in flight, nothing waits to be recorded: the notes of
        // handed-over mail are not needed any more.
        self.store.forget_handovers()?;
        let mut sent = 0;
        let mut failure = None;
        let mut waiting: VecDeque<OutboxRow> = VecDeque::new();
        let mut in_flight = JoinSet::new();
        let mut recording = JoinSet::new();
        let mut more = true;
        loop {
            while in_flight.len() < CONCURRENCY {
                if waiting.is_empty() && more && !stop() {
                    match self.store.claim_due(CLAIM).await {
                        Ok(rows) => {
                            more = rows.len() as i64 == CLAIM;
                            waiting.extend(rows);
                        }
                        // Mails in flight are finished (and recorded) first.
                        Err(e) => {
                            more = false;
                            failure = Some(e);
                        }
                    }
                }
                let Some(row) = waiting.pop_front() else {
                    break;
                };
                let me = self.clone();
                in_flight.spawn(async move {
                    let outcome = me.attempt(&row).await;
                    (row, outcome)
                });
            }
            let Some(done) = in_flight.join_next().await else {
                break;
            };
            let Ok((row, outcome)) = done else {
                continue;
            };
            sent += usize::from(matches!(outcome, Outcome::Sent));
            let me = self.clone();
            recording.spawn(async move { me.record_or_keep(row, outcome).await });
        }
        while recording.join_next().await.is_some() {}
        match failure {
            Some(e) => Err(e),
            None => Ok(sent),
        }
    }

    /// One attempt at one claimed mail.
    async fn attempt(&self, row: &OutboxRow) -> Outcome {
        let (id, message_id) = (row.id, &row.message_id);
        let (store, attempt) = (self.store.clone(), row.attempts + 1);
        let handed_over: Then = Box::new(move || {
            if let Err(e) = store.handed_over(id, attempt) {
                warn!(id, error = %format!("{e:#}"), "could not note the handover; a crash now would send the mail again");
            }
            crate::fault::point("handover-noted");
        });
        let started = std::time::Instant::now();
        let attempt = match self.mail_and_name(row).await {
            Ok((mail, name)) => {
                let t = &self.transport;
                t.send(row, &mail, &name, self.timeout, handed_over).await
            }
            Err(e) => Err(Refusal::Transient(format!(
                "reading the stored mail: {e:#}"
            ))),
        };
        let outcome = match &attempt {
            Ok(()) => "sent",
            Err(Refusal::Transient(_)) => "transient",
            Err(Refusal::Permanent(_)) => "permanent",
        };
        crate::telemetry::send(outcome, started.elapsed());
        match attempt {
            Ok(()) => Outcome::Sent,
            Err(Refusal::Permanent(e)) => {
                warn!(id, %message_id, error = %e, "mail refused permanently; quarantined");
                Outcome::Failed(e, None)
            }
            Err(Refusal::Transient(e)) => {
                let attempts = row.attempts + 1;
                if attempts >= i64::from(self.policy.max_attempts) {
                    warn!(id, %message_id, attempts, error = %e, "mail failed too often; quarantined");
                    Outcome::Failed(e, None)
                } else {
                    let wait = self.backoff(attempts);
                    let next = stamp(
                        chrono::Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default(),
                    );
                    warn!(id, %message_id, attempts, error = %e, retry_in = ?wait, "mail not sent; will retry");
                    Outcome::Failed(e, Some(next))
                }
            }
        }
    }

    /// The mail as it is sent, and its file's name for the file transport.
    async fn mail_and_name(&self, row: &OutboxRow) -> Result<(Vec<u8>, String)> {
        Ok((
            stored_mail(&self.store, row).await?,
            self.file_name(row).await?,
        ))
    }

    /// A file's name for the mail: its statement, its purpose and its
    /// Message-ID's unique part (`LS-2026-0001.ack.1f2e3d4c5b6a7988.eml`),
    /// so that a folder of mail reads by statement.
    async fn file_name(&self, row: &OutboxRow) -> Result<String> {
        let reference = match (self.transport.as_ref(), row.statement_id) {
            (Transport::File(_), Some(id)) => self.store.reference_of(id).await?,
            _ => None,
        };
        let unique = row
            .message_id
            .split('@')
            .next()
            .and_then(|local| local.rsplit('.').next())
            .unwrap_or("mail");
        let safe = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_ascii_alphanumeric() || "-_".contains(*c))
                .collect()
        };
        let mut name = String::new();
        if let Some(r) = reference {
            name.push_str(&safe(&r));
            name.push('.');
        }
        name.push_str(&safe(row.purpose.as_str()));
        name.push('.');
        name.push_str(&safe(unique));
        Ok(name + ".eml")
    }

    /// Records what became of a mail, or keeps it to record later.
    async fn record_or_keep(&self, row: OutboxRow, outcome: Outcome) {
        let sent = matches!(outcome, Outcome::Sent);
        match self.record(&row, &outcome).await {
            Ok(()) if sent => {
                info!(id = row.id, purpose = %row.purpose, message_id = %row.message_id, to = ?row.recipients(), "mail sent");
            }
            Ok(()) => {}
            Err(e) => {
                warn!(id = row.id, message_id = %row.message_id, sent, error = %format!("{e:#}"), "could not record what became of the mail; kept until it can be");
                self.unrecorded
                    .lock()
                    .expect("not poisoned")
                    .push((row, outcome));
            }
        }
    }

    async fn record(&self, row: &OutboxRow, outcome: &Outcome) -> Result<()> {
        match outcome {
            Outcome::Sent => self.store.mark_sent(row).await,
            Outcome::Failed(e, next) => self.store.mark_attempt_failed(row, e, next.clone()).await,
        }
    }

    /// Records what could not be recorded before; fails while the store still cannot.
    async fn record_unrecorded(&self) -> Result<()> {
        let pending = std::mem::take(&mut *self.unrecorded.lock().expect("not poisoned"));
        let mut left = Vec::new();
        let mut failure = None;
        for (row, outcome) in pending {
            match self.record(&row, &outcome).await {
                Ok(()) => info!(id = row.id, "outcome recorded after all"),
                Err(e) => {
                    failure.get_or_insert(e);
                    left.push((row, outcome));
                }
            }
        }
        self.unrecorded.lock().expect("not poisoned").extend(left);
        match failure {
            Some(e) => Err(e.context("recording what was sent")),
            None => Ok(()),
        }
    }

    /// Delivers until `shutdown` turns true, woken by `wake` or the poll
    /// interval; a mail in flight is finished, no new one started.
    pub async fn run(self, wake: Arc<Notify>, mut shutdown: watch::Receiver<bool>) {
        let every = Duration::from_secs_f64(self.policy.poll_interval_secs);
        let stopping = shutdown.clone();
        let stop = move || *stopping.borrow();
        while !*shutdown.borrow() {
            if let Err(e) = self.deliver_until(&stop).await {
                warn!(error = %format!("{e:#}"), "outbox pass failed; trying again");
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(every) => {}
                _ = shutdown.changed() => {}
            }
        }
    }
}

/// Writes a mail into the outbox folder whole and durably, before it is
/// marked sent: a reader never sees half a file, and a power cut after the
/// mark cannot lose the file (its bytes and its name are on disk first).
async fn write_file(dir: &std::path::Path, name: &str, raw: &[u8]) -> Result<()> {
    let part = dir.join(format!(".{name}.part"));
    let (dir, name, raw) = (dir.to_path_buf(), name.to_string(), raw.to_vec());
    tokio::task::spawn_blocking(move || -> Result<()> {
        let mut file =
            std::fs::File::create(&part).with_context(|| format!("writing {}", part.display()))?;
        std::io::Write::write_all(&mut file, &raw)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("writing {}", part.display()))?;
        std::fs::rename(&part, dir.join(&name))
            .and_then(|()| std::fs::File::open(&dir)?.sync_all())
            .with_context(|| format!("naming {name} in {}", dir.display()))
    })
    .await?
}

/// A mail's bytes as they are sent: as stored, with any attachments put back.
pub async fn stored_mail(store: &Store, row: &OutboxRow) -> Result<Vec<u8>> {
    let stored = store.mail_body(row).await?;
    let splices = row.splices();
    if splices.is_empty() {
        return Ok(stored);
    }
    let sid = row
        .statement_id
        .context("an outbox mail with attachments has no statement")?;
    let mut bodies = Vec::with_capacity(splices.len());
    for s in &splices {
        let bytes = store.attachment_bytes(sid, &s.sha256).await?;
        bodies.push(crate::cpu::bound(|| splice::encoded(&bytes)));
    }
    Ok(splice::join(&stored, &splices, &bodies))
}
