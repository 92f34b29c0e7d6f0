//! The admin listener (`[admin]`), apart from the public web and on loopback
//! by default: `/metrics` (OpenMetrics text, which Prometheus scrapes),
//! `/healthz` (the process answers) and `/readyz` (every mailbox synced within
//! its interval, the outbox moving, the database writable; 503 and the
//! reasons otherwise).

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::State as With;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::registry::Registry;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tracing::{info, warn};

use super::config::Settings;
use crate::domain::{Direction, State};
use crate::intake::{Mailbox, MailboxKind};
use crate::store::Store;
use crate::telemetry;

/// A mailbox as readiness judges it: its name and how long a sync may take to come round.
#[derive(Clone)]
struct Watched {
    name: String,
    within: Duration,
}

impl Watched {
    fn of(mb: &Mailbox) -> Watched {
        let every = match mb.kind {
            MailboxKind::Imap if mb.idle => mb.idle_reissue_secs as f64,
            MailboxKind::Imap => mb.poll_interval_secs,
            MailboxKind::Maildir => mb.poll_interval_secs.min(2.0),
        };
        Watched {
            name: mb.name.clone(),
            // The wait, then a sync that may take up to a few command timeouts.
            within: Duration::from_secs_f64(every + 3.0 * mb.timeout_secs as f64 + 5.0),
        }
    }
}

#[derive(Clone)]
struct Admin {
    store: Store,
    mailboxes: Arc<[Watched]>,
    outbox_stuck: Duration,
    registry: Arc<Registry>,
}

/// The admin listener, bound, not yet serving.
pub struct Server {
    listener: TcpListener,
    admin: Admin,
}

impl Server {
    pub async fn bind(settings: &Settings, store: Store) -> Result<Server> {
        let listen = settings.admin.listen;
        let listener = TcpListener::bind(listen).await.with_context(|| {
            format!("admin: cannot listen on {listen} (set admin.listen, or admin.enabled = false)")
        })?;
        let admin = Admin {
            store,
            mailboxes: settings.mailboxes.iter().map(Watched::of).collect(),
            outbox_stuck: Duration::from_secs_f64(settings.admin.outbox_stuck_secs),
            registry: Arc::new(telemetry::registry()),
        };
        Ok(Server { listener, admin })
    }

    pub fn local_addr(&self) -> Option<std::net::SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Serves until the shutdown channel says stop.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        info!(addr = ?self.local_addr(), "admin listener: /metrics, /healthz, /readyz");
        let app = Router::new()
            .route("/metrics", get(metrics))
            .route("/healthz", get(|| async { "ok\n" }))
            .route("/readyz", get(ready))
            .with_state(self.admin);
        let stop = async move {
            let _ = shutdown.wait_for(|stop| *stop).await;
        };
        if let Err(e) = axum::serve(self.listener, app)
            .with_graceful_shutdown(stop)
            .await
        {
            warn!(error = %e, "admin listener stopped");
        }
    }
}

async fn metrics(With(a): With<Admin>) -> Response {
    if let Err(e) = read_gauges(&a.store).await {
        let text = format!("cannot read the store: {e:#}\n");
        return (StatusCode::INTERNAL_SERVER_ERROR, text).into_response();
    }
    let mut body = String::new();
    if let Err(e) = prometheus_client::encoding::text::encode(&mut body, &a.registry) {
        return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
    }
    let kind = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

/// Sets the gauges that the store knows: statements by state, the outbox.
async fn read_gauges(store: &Store) -> Result<()> {
    let m = telemetry::metrics();
    let counts = store.statement_counts().await?;
    for direction in [Direction::Incoming, Direction::Outgoing] {
        for state in State::all().filter(|s| *s != State::AwaitingResponse) {
            let (d, s) = (direction.as_str().to_string(), state.as_str().to_string());
            let n = counts
                .iter()
                .find(|(cd, cs, _)| *cd == d && *cs == s)
                .map_or(0, |c| c.2);
            let labels = telemetry::StateLabels {
                direction: d,
                state: s,
            };
            m.statements.get_or_create(&labels).set(n);
        }
    }
    let outbox = store.outbox_summary().await?;
    for state in ["queued", "sending", "sent", "failed"] {
        let n = outbox
            .by_state
            .iter()
            .find(|(s, _)| s == state)
            .map_or(0, |c| c.1);
        let labels = telemetry::OutboxLabel {
            state: state.into(),
        };
        m.outbox.get_or_create(&labels).set(n);
    }
    let age = outbox.oldest_unsent.as_deref().map_or(0.0, seconds_since);
    m.outbox_oldest_age.set(age);
    Ok(())
}

/// Seconds from a stored time until now (0 for a time that does not parse).
fn seconds_since(stamp: &str) -> f64 {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|t| (chrono::Utc::now() - t.to_utc()).as_seconds_f64().max(0.0))
        .unwrap_or(0.0)
}

async fn ready(With(a): With<Admin>) -> Response {
    let mut report = String::new();
    let mut ok = true;
    for mb in a.mailboxes.iter() {
        let (fine, what) = mailbox_check(mb);
        ok &= fine;
        let _ = writeln!(report, "mailbox {}: {what}", mb.name);
    }
    let (fine, what) = outbox_check(&a.store, a.outbox_stuck).await;
    ok &= fine;
    let _ = writeln!(report, "outbox: {what}");
    let written = tokio::time::timeout(Duration::from_secs(5), a.store.write_check()).await;
    let (fine, what) = match written {
        Ok(Ok(())) => (true, "ok (written)".to_string()),
        Ok(Err(e)) => (false, format!("cannot be written: {e:#}")),
        Err(_) => (false, "cannot be written: no answer within 5 s".to_string()),
    };
    ok &= fine;
    let _ = writeln!(report, "database: {what}");
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, report).into_response()
}

fn ago(t: SystemTime) -> String {
    let secs = t.elapsed().unwrap_or_default().as_secs();
    format!("{secs} s ago")
}

fn mailbox_check(mb: &Watched) -> (bool, String) {
    let h = telemetry::mailbox_health(&mb.name);
    let synced = h.last_sync.map_or("never synced".to_string(), |t| {
        format!("last synced {}", ago(t))
    });
    if !h.up {
        let why = h.error.as_deref().unwrap_or("not connected yet");
        let since = h
            .since
            .map(|t| format!(" since {}", ago(t)))
            .unwrap_or_default();
        return (false, format!("down{since}: {why}; {synced}"));
    }
    match h.last_sync {
        Some(t) if t.elapsed().unwrap_or_default() <= mb.within => (true, format!("ok ({synced})")),
        _ => (
            false,
            format!("not synced within {} s ({synced})", mb.within.as_secs()),
        ),
    }
}

async fn outbox_check(store: &Store, stuck: Duration) -> (bool, String) {
    match store.outbox_summary().await {
        Err(e) => (false, format!("cannot be read: {e:#}")),
        Ok(s) => match s.oldest_unsent.as_deref().map(seconds_since) {
            Some(age) if age > stuck.as_secs_f64() => (
                false,
                format!(
                    "stuck: a mail has waited {age:.0} s (more than admin.outbox_stuck_secs = {})",
                    stuck.as_secs()
                ),
            ),
            Some(age) => (true, format!("ok (oldest unsent mail {age:.0} s old)")),
            None => (true, "ok (nothing waiting)".into()),
        },
    }
}
