//! What liaisond counts while it runs, for the admin listener's `/metrics`
//! and `/readyz`. Stages count into it with one call (`telemetry::archived`,
//! `telemetry::mailbox_synced`, ...); it depends on nothing else in the crate,
//! so any stage may import it. `app` serves it (`app/admin.rs`) and adds what
//! it reads from the store at each scrape (statements by state, the outbox).
//!
//! The metrics are prometheus-client's (the Prometheus project's own Rust
//! client): typed label sets, no global registry of its own, and the
//! OpenMetrics text format that Prometheus scrapes, without a server of its
//! own (the admin listener is the daemon's axum).

use std::collections::BTreeMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, SystemTime};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct MailboxLabel {
    pub mailbox: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabels {
    pub mailbox: String,
    pub kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StateLabels {
    pub direction: String,
    pub state: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutboxLabel {
    pub state: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabel {
    pub outcome: String,
}

/// Every metric liaisond exposes.
pub struct Metrics {
    pub archived: Family<MailboxLabel, Counter>,
    pub processed: Family<KindLabels, Counter>,
    pub failed: Family<MailboxLabel, Counter>,
    pub statements: Family<StateLabels, Gauge>,
    pub outbox: Family<OutboxLabel, Gauge>,
    pub outbox_oldest_age: Gauge<f64, std::sync::atomic::AtomicU64>,
    pub last_sync: Family<MailboxLabel, Gauge<f64, std::sync::atomic::AtomicU64>>,
    pub mailbox_up: Family<MailboxLabel, Gauge>,
    pub extraction: Histogram,
    pub send: Family<OutcomeLabel, Histogram>,
    pub directory_reloads: Family<OutcomeLabel, Counter>,
}

fn seconds_histogram() -> Histogram {
    // 5 ms .. about 80 s.
    Histogram::new(exponential_buckets(0.005, 2.0, 15))
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| Metrics {
    archived: Family::default(),
    processed: Family::default(),
    failed: Family::default(),
    statements: Family::default(),
    outbox: Family::default(),
    outbox_oldest_age: Gauge::default(),
    last_sync: Family::default(),
    mailbox_up: Family::default(),
    extraction: seconds_histogram(),
    send: Family::new_with_constructor(seconds_histogram),
    directory_reloads: Family::default(),
});

/// The metrics, to set the gauges read from the store before encoding.
pub fn metrics() -> &'static Metrics {
    &METRICS
}

/// A registry holding every metric, named and described.
pub fn registry() -> Registry {
    let m = metrics();
    let mut r = Registry::with_prefix("liaisond");
    r.register(
        "messages_archived",
        "Messages whose bytes were committed to the archive, by mailbox",
        m.archived.clone(),
    );
    r.register(
        "messages_processed",
        "Archived messages processed, by mailbox and what they were",
        m.processed.clone(),
    );
    r.register(
        "messages_failed",
        "Archived messages whose processing failed (kept, retried), by mailbox",
        m.failed.clone(),
    );
    r.register(
        "statements",
        "Recorded statements by direction and state",
        m.statements.clone(),
    );
    r.register("outbox_mails", "Outbox mails by state", m.outbox.clone());
    r.register(
        "outbox_oldest_unsent_age_seconds",
        "Age of the oldest mail queued or being sent (0 when none)",
        m.outbox_oldest_age.clone(),
    );
    r.register(
        "mailbox_last_sync_timestamp_seconds",
        "When each mailbox last synced successfully (Unix time)",
        m.last_sync.clone(),
    );
    r.register(
        "mailbox_up",
        "1 while the mailbox's session is up, 0 while it is down or reconnecting",
        m.mailbox_up.clone(),
    );
    r.register(
        "extraction_seconds",
        "Time to extract one message's fields (attachments included)",
        m.extraction.clone(),
    );
    r.register(
        "mail_send_seconds",
        "Time of one attempt to hand a mail to SMTP (or the file transport), by outcome",
        m.send.clone(),
    );
    r.register(
        "directory_reloads",
        "Directory reloads on SIGHUP, by outcome",
        m.directory_reloads.clone(),
    );
    r
}

fn mailbox(name: &str) -> MailboxLabel {
    MailboxLabel {
        mailbox: name.to_string(),
    }
}

/// A message's bytes were committed to the archive.
pub fn archived(mailbox_name: &str) {
    metrics()
        .archived
        .get_or_create(&mailbox(mailbox_name))
        .inc();
}

/// An archived message was processed; `kind` is what it turned out to be.
pub fn processed(mailbox_name: &str, kind: &str) {
    let labels = KindLabels {
        mailbox: mailbox_name.to_string(),
        kind: kind.to_string(),
    };
    metrics().processed.get_or_create(&labels).inc();
}

/// Processing an archived message failed (it is kept and retried).
pub fn failed(mailbox_name: &str) {
    metrics().failed.get_or_create(&mailbox(mailbox_name)).inc();
}

/// One message's extraction took this long.
pub fn extraction(took: Duration) {
    metrics().extraction.observe(took.as_secs_f64());
}

/// One attempt to send a mail took this long; `outcome` is `sent`,
/// `transient` or `permanent`.
pub fn send(outcome: &str, took: Duration) {
    let labels = OutcomeLabel {
        outcome: outcome.to_string(),
    };
    metrics()
        .send
        .get_or_create(&labels)
        .observe(took.as_secs_f64());
}

/// A SIGHUP reload of the directory; `ok` whether it was taken.
pub fn directory_reloaded(ok: bool) {
    let outcome = if ok { "ok" } else { "failed" };
    let labels = OutcomeLabel {
        outcome: outcome.into(),
    };
    metrics().directory_reloads.get_or_create(&labels).inc();
}

/// How a mailbox is doing, as its source last said.
#[derive(Debug, Clone, Default)]
pub struct MailboxHealth {
    /// Its session is up (false before the first connection and while reconnecting).
    pub up: bool,
    /// The last complete sync: everything above the pointer fetched and archived.
    pub last_sync: Option<SystemTime>,
    /// Why the session last ended, while it is down.
    pub error: Option<String>,
    /// Since when it is in its current state (up or down).
    pub since: Option<SystemTime>,
}

static MAILBOXES: LazyLock<Mutex<BTreeMap<String, MailboxHealth>>> =
    LazyLock::new(|| Mutex::new(BTreeMap::new()));

fn update_mailbox(name: &str, f: impl FnOnce(&mut MailboxHealth)) {
    let mut all = MAILBOXES.lock().unwrap_or_else(|p| p.into_inner());
    f(all.entry(name.to_string()).or_default());
}

/// A mailbox synced: everything that had arrived is archived.
pub fn mailbox_synced(name: &str) {
    let now = SystemTime::now();
    update_mailbox(name, |h| {
        if !h.up {
            h.since = Some(now);
        }
        h.up = true;
        h.error = None;
        h.last_sync = Some(now);
    });
    let unix = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let m = metrics();
    m.last_sync
        .get_or_create(&mailbox(name))
        .set(unix.as_secs_f64());
    m.mailbox_up.get_or_create(&mailbox(name)).set(1);
}

/// A mailbox's session ended (or could not start); its source retries.
pub fn mailbox_down(name: &str, error: &str) {
    update_mailbox(name, |h| {
        if h.up || h.since.is_none() {
            h.since = Some(SystemTime::now());
        }
        h.up = false;
        h.error = Some(error.to_string());
    });
    metrics().mailbox_up.get_or_create(&mailbox(name)).set(0);
}

/// How a mailbox is doing; the default (down, never synced) when nothing was said yet.
pub fn mailbox_health(name: &str) -> MailboxHealth {
    let all = MAILBOXES.lock().unwrap_or_else(|p| p.into_inner());
    all.get(name).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use prometheus_client::encoding::text::encode;

    #[test]
    fn counts_show_in_the_text_format() {
        archived("unit-test-box");
        processed("unit-test-box", "statement");
        mailbox_synced("unit-test-box");
        let mut out = String::new();
        encode(&mut out, &registry()).unwrap();
        assert!(
            out.contains("liaisond_messages_archived_total{mailbox=\"unit-test-box\"} 1"),
            "{out}"
        );
        assert!(
            out.contains(
                "liaisond_messages_processed_total{mailbox=\"unit-test-box\",kind=\"statement\"} 1"
            ),
            "{out}"
        );
        assert!(out.contains("liaisond_mailbox_up{mailbox=\"unit-test-box\"} 1"));
        assert!(mailbox_health("unit-test-box").up);
        mailbox_down("unit-test-box", "connection reset");
        let h = mailbox_health("unit-test-box");
        assert!(!h.up && h.last_sync.is_some());
        assert_eq!(h.error.as_deref(), Some("connection reset"));
    }
}
