//! Delivers the outbox through lettre: SMTP (TLS, STARTTLS, or plain when
//! explicitly allowed) or the file transport. A failed attempt is retried
//! with exponential backoff; a permanent refusal or too many attempts
//! quarantine the mail (state `failed`), and either way the log says why.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use futures::StreamExt;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use tokio::sync::{Notify, watch};
use tracing::{info, warn};

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
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// A folder of `.eml` files, each named by its statement and purpose.
    File(std::path::PathBuf),
}

/// Whether a failed attempt may succeed later.
enum Failure {
    Transient(String),
    Permanent(String),
}

impl Transport {
    pub fn from_settings(o: &Delivery) -> Result<Transport> {
        if o.transport == TransportKind::File {
            std::fs::create_dir_all(&o.outbox_dir)
                .with_context(|| format!("creating {}", o.outbox_dir.display()))?;
            return Ok(Transport::File(o.outbox_dir.clone()));
        }
        let host = o
            .host
            .clone()
            .context("outgoing.host is required for SMTP")?;
        let tls_parameters = || -> Result<TlsParameters> {
            let mut b = TlsParameters::builder(host.clone());
            if let Some(ca) = &o.tls_ca_file {
                let pem = std::fs::read(ca).with_context(|| format!("reading {}", ca.display()))?;
                b = b.add_root_certificate(Certificate::from_pem(&pem)?);
            }
            Ok(b.build_rustls()?)
        };
        let tls = match o.security {
            Security::Tls => Tls::Wrapper(tls_parameters()?),
            Security::Starttls => Tls::Required(tls_parameters()?),
            Security::Plain => Tls::None,
        };
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(o.port())
            .tls(tls)
            .timeout(Some(Duration::from_secs(o.timeout_secs)));
        if let (Some(u), Some(p)) = (&o.username, &o.password) {
            b = b.credentials(Credentials::new(u.clone(), p.clone()));
        }
        Ok(Transport::Smtp(b.build()))
    }

    /// `name` names the file of the file transport.
    async fn send(&self, row: &OutboxRow, name: &str, timeout: Duration) -> Result<(), Failure> {
        let parse = |a: &str| {
            a.parse::<Address>()
                .map_err(|e| Failure::Permanent(format!("bad address {a:?}: {e}")))
        };
        let from = row.envelope_from.as_deref().map(parse).transpose()?;
        let to = row
            .recipients()
            .iter()
            .map(|a| parse(a))
            .collect::<Result<Vec<_>, _>>()?;
        let envelope = Envelope::new(from, to).map_err(|e| Failure::Permanent(e.to_string()))?;
        // lettre's own timeout covers single reads and writes; bound the whole exchange too.
        let sent = tokio::time::timeout(timeout, async {
            match self {
                Transport::Smtp(t) => {
                    t.send_raw(&envelope, &row.raw)
                        .await
                        .map(|_| ())
                        .map_err(|e| {
                            if e.is_permanent() {
                                Failure::Permanent(e.to_string())
                            } else {
                                Failure::Transient(e.to_string())
                            }
                        })
                }
                Transport::File(dir) => write_file(dir, name, &row.raw)
                    .await
                    .map_err(|e| Failure::Transient(format!("{e:#}"))),
            }
        })
        .await;
        sent.unwrap_or_else(|_| Err(Failure::Transient(format!("no answer within {timeout:?}"))))
    }
}

/// Mails in flight at once: each SMTP exchange spends most of its time waiting.
const CONCURRENCY: usize = 8;

pub struct Sender {
    store: Store,
    transport: Transport,
    policy: Policy,
    timeout: Duration,
}

impl Sender {
    pub fn new(store: Store, transport: Transport, policy: Policy, timeout_secs: u64) -> Sender {
        Sender {
            store,
            transport,
            policy,
            timeout: Duration::from_secs(timeout_secs.max(1) * 3),
        }
    }

    fn backoff(&self, attempts: i64) -> Duration {
        let exp = self.policy.retry_base_secs * 2f64.powi((attempts - 1).clamp(0, 30) as i32);
        Duration::from_secs_f64(exp.min(self.policy.retry_max_secs))
    }

    /// Sends every mail that is due, a few at a time; returns how many went out.
    pub async fn deliver_due(&self) -> Result<usize> {
        let mut sent = 0;
        loop {
            let due = self.store.due_mail(CONCURRENCY as i64 * 4).await?;
            if due.is_empty() {
                return Ok(sent);
            }
            let results: Vec<Result<bool>> = futures::stream::iter(due)
                .map(|row| self.deliver(row))
                .buffer_unordered(CONCURRENCY)
                .collect()
                .await;
            for r in results {
                sent += usize::from(r?);
            }
        }
    }

    /// One attempt at one mail; true when it went out.
    async fn deliver(&self, row: OutboxRow) -> Result<bool> {
        if !self.store.claim_mail(row.id).await? {
            return Ok(false);
        }
        let (id, message_id) = (row.id, &row.message_id);
        let name = self.file_name(&row).await?;
        let started = std::time::Instant::now();
        let sent = self.transport.send(&row, &name, self.timeout).await;
        let outcome = match &sent {
            Ok(()) => "sent",
            Err(Failure::Transient(_)) => "transient",
            Err(Failure::Permanent(_)) => "permanent",
        };
        crate::telemetry::send(outcome, started.elapsed());
        match sent {
            Ok(()) => {
                self.store.mark_sent(&row).await?;
                info!(id, purpose = %row.purpose, %message_id, to = ?row.recipients(), "mail sent");
                return Ok(true);
            }
            Err(Failure::Permanent(e)) => {
                warn!(id, %message_id, error = %e, "mail refused permanently; quarantined");
                self.store.mark_attempt_failed(&row, &e, None).await?;
            }
            Err(Failure::Transient(e)) => {
                let attempts = row.attempts + 1;
                if attempts >= i64::from(self.policy.max_attempts) {
                    warn!(id, %message_id, attempts, error = %e, "mail failed too often; quarantined");
                    self.store.mark_attempt_failed(&row, &e, None).await?;
                } else {
                    let wait = self.backoff(attempts);
                    let next = stamp(chrono::Utc::now() + chrono::Duration::from_std(wait)?);
                    warn!(id, %message_id, attempts, error = %e, retry_in = ?wait, "mail not sent; will retry");
                    self.store.mark_attempt_failed(&row, &e, Some(next)).await?;
                }
            }
        }
        Ok(false)
    }

    /// A file's name for the mail: its statement, its purpose and its
    /// Message-ID's unique part (`LS-2026-0001.ack.1f2e3d4c5b6a7988.eml`),
    /// so that a folder of mail reads by statement.
    async fn file_name(&self, row: &OutboxRow) -> Result<String> {
        let reference = match (&self.transport, row.statement_id) {
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

    /// Delivers until `shutdown` turns true, woken by `wake` or the poll interval.
    pub async fn run(self, wake: Arc<Notify>, mut shutdown: watch::Receiver<bool>) {
        let every = Duration::from_secs_f64(self.policy.poll_interval_secs);
        while !*shutdown.borrow() {
            if let Err(e) = self.deliver_due().await {
                warn!(error = %format!("{e:#}"), "outbox pass failed");
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(every) => {}
                _ = shutdown.changed() => {}
            }
        }
    }
}

/// Writes a mail into the outbox folder whole: a reader never sees half a file.
async fn write_file(dir: &std::path::Path, name: &str, raw: &[u8]) -> Result<()> {
    let part = dir.join(format!(".{name}.part"));
    tokio::fs::write(&part, raw)
        .await
        .with_context(|| format!("writing {}", part.display()))?;
    tokio::fs::rename(&part, dir.join(name))
        .await
        .with_context(|| format!("naming {name} in {}", dir.display()))?;
    Ok(())
}
