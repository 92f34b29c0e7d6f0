//! `liaisond run`: starts the sources, the pipeline, the outbox, the
//! periodic checks, the public web and the admin listener together and stops
//! them cleanly on SIGINT or SIGTERM. It tells systemd (`Type=notify`) when it
//! is ready (the database open and migrated, every mailbox synced once) and
//! pings its watchdog; any task that ends on its own (a panic, say) stops the
//! daemon with an error, so that `Restart=on-failure` acts. SIGHUP reloads
//! the directory.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use std::collections::HashMap;

use anyhow::{Result, anyhow};
use sd_notify::NotifyState;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{Notify, watch};
use tokio::task::{Id, JoinError, JoinSet};
use tracing::{error, info, warn};

use super::Wired;
use super::admin;
use super::config::{LogFormat, Settings};
use crate::intake::{MailboxKind, imap, maildir, sleep_or_shutdown};
use crate::outbox::TransportKind;
use crate::store::Store;

pub async fn run(settings: Settings) -> Result<()> {
    let line = summary(&settings);
    let w = Wired::new(settings).await?;
    recover(&w).await?;
    let (stop, shutdown) = watch::channel(false);
    let mut tasks = start(&w, &shutdown).await?;
    // Only now: the database is open, the web bound, every part started.
    // (Logged as JSON lines, stderr has nothing else.)
    if w.settings.log.format == LogFormat::Text {
        eprintln!("liaisond: running; {line}. Ctrl-C stops.");
    }
    info!(mailboxes = w.settings.mailboxes.len(), "liaisond running");

    let outcome = supervise(&w, &mut tasks).await;
    notify(&[NotifyState::Stopping]);
    info!("stopping: finishing the message in hand");
    let _ = stop.send(true);
    let drained = tokio::time::timeout(Duration::from_secs(30), async {
        while tasks.set.join_next().await.is_some() {}
    });
    if drained.await.is_err() {
        warn!("tasks did not stop within 30 s; exiting anyway (nothing committed is lost)");
    }
    outcome
}

/// What an earlier run left half done: mails caught mid-send, messages
/// archived and not processed. Waits for a database another process holds.
async fn recover(w: &Wired) -> Result<()> {
    let (requeued, unconfirmed) = patiently(|| w.store.recover_interrupted_sends()).await?;
    if requeued > 0 {
        warn!(
            requeued,
            "mails were being sent when liaisond stopped, before the end of their data; queued again"
        );
    }
    if unconfirmed > 0 {
        warn!(
            unconfirmed,
            "mails had been handed to the server whole when liaisond stopped, its answer unread; taken as sent, not sent twice (outbox list shows them; outbox retry sends one again)"
        );
    }
    let pending = patiently(|| w.pipeline.process_pending()).await?;
    info!(
        pending,
        "archived messages left unprocessed by an earlier run are processed"
    );
    Ok(())
}

/// Binds the listeners and starts every task: the mailboxes, the outbox,
/// the periodic checks, the retries, the web and the admin listener.
async fn start(w: &Wired, shutdown: &watch::Receiver<bool>) -> Result<Tasks> {
    let sender = w.sender()?;
    let web = if w.settings.web.enabled {
        let web = w.web().await?;
        eprintln!("liaisond: the public record is at {}", web.url());
        Some(web)
    } else {
        None
    };
    let admin = if w.settings.admin.enabled {
        Some(admin::Server::bind(&w.settings, w.store.clone()).await?)
    } else {
        None
    };
    let wake = w.pipeline.outbox_wake();
    let mut tasks = Tasks::default();
    for mb in w.settings.mailboxes.iter().cloned() {
        let (p, rx) = (w.pipeline.clone(), shutdown.clone());
        let name = format!("mailbox {}", mb.name);
        match mb.kind {
            MailboxKind::Imap => tasks.spawn(name, imap::run(mb, p, rx)),
            MailboxKind::Maildir => tasks.spawn(name, maildir::run(mb, p, rx)),
        };
    }
    tasks.spawn(
        "outbox sender".into(),
        sender.run(wake.clone(), shutdown.clone()),
    );
    start_checks(w, &mut tasks, &wake, shutdown);
    tasks.spawn(
        "processing retries".into(),
        w.pipeline.clone().run_retries(shutdown.clone()),
    );
    if let Some(web) = web {
        tasks.spawn("public web".into(), web.run(shutdown.clone()));
    }
    if let Some(admin) = admin {
        tasks.spawn("admin listener".into(), admin.run(shutdown.clone()));
    }
    Ok(tasks)
}

/// The periodic checks: approvals, reminders, the coordinators' summary.
fn start_checks(
    w: &Wired,
    tasks: &mut Tasks,
    wake: &Arc<Notify>,
    shutdown: &watch::Receiver<bool>,
) {
    let (outgoing, store) = (w.outgoing.clone(), w.store.clone());
    tasks.spawn(
        "approval check".into(),
        every(
            "approval check",
            w.settings.approval.check_interval_secs,
            wake.clone(),
            shutdown.clone(),
            move || tick_outgoing(outgoing.clone(), store.clone()),
        ),
    );
    let (reminders, store) = (w.reminders.clone(), w.store.clone());
    tasks.spawn(
        "reminder check".into(),
        every(
            "reminder check",
            w.settings.reminders.check_interval_secs,
            wake.clone(),
            shutdown.clone(),
            move || tick_reminders(reminders.clone(), store.clone()),
        ),
    );
    let (summary, store) = (w.summary.clone(), w.store.clone());
    tasks.spawn(
        "summary".into(),
        every(
            "summary",
            w.settings.limits.summary_every_secs.min(60.0),
            wake.clone(),
            shutdown.clone(),
            move || tick_summary(summary.clone(), store.clone()),
        ),
    );
}

/// The daemon's tasks, each with a name for the log.
#[derive(Default)]
struct Tasks {
    set: JoinSet<()>,
    names: HashMap<Id, String>,
}

impl Tasks {
    fn spawn(&mut self, name: String, task: impl Future<Output = ()> + Send + 'static) {
        let id = self.set.spawn(task).id();
        self.names.insert(id, name);
    }
}

/// Until a signal says stop (Ok) or a task ends on its own (Err): tells
/// systemd once every mailbox has synced, pings its watchdog, reloads the
/// directory on SIGHUP.
async fn supervise(w: &Wired, tasks: &mut Tasks) -> Result<()> {
    let mut term = signal(SignalKind::terminate())?;
    let mut hup = signal(SignalKind::hangup())?;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let watchdog = sd_notify::watchdog_enabled();
    let mut ping = tokio::time::interval(watchdog.map_or(Duration::from_secs(3600), |d| d / 2));
    let mut look = tokio::time::interval(Duration::from_millis(100));
    let (mut ready, mut status) = (false, String::new());
    loop {
        tokio::select! {
            _ = &mut ctrl_c => return Ok(()),
            _ = term.recv() => return Ok(()),
            _ = hup.recv() => w.reload_directory(),
            Some(ended) = tasks.set.join_next_with_id() => return Err(task_ended(tasks, ended)),
            _ = ping.tick(), if watchdog.is_some() => notify(&[NotifyState::Watchdog]),
            _ = look.tick(), if !ready => ready = tell_when_ready(&w.settings, &mut status),
        }
    }
}

/// Sends READY=1 once every mailbox has synced once, and whether it did;
/// until then a STATUS naming the mailboxes waited for, when it changes.
fn tell_when_ready(s: &Settings, said: &mut String) -> bool {
    let waiting: Vec<&str> = s
        .mailboxes
        .iter()
        .filter(|m| {
            crate::telemetry::mailbox_health(&m.name)
                .last_sync
                .is_none()
        })
        .map(|m| m.name.as_str())
        .collect();
    if !waiting.is_empty() {
        let status = format!(
            "waiting for the first sync of mailbox {}",
            waiting.join(", ")
        );
        if status != *said {
            notify(&[NotifyState::Status(&status)]);
            *said = status;
        }
        return false;
    }
    let status = format!("running: {} mailbox(es) synced", s.mailboxes.len());
    notify(&[NotifyState::Ready, NotifyState::Status(&status)]);
    info!("ready: every mailbox synced once");
    true
}

/// The error a task's end makes: nothing in `run` ends before shutdown.
fn task_ended(tasks: &Tasks, ended: Result<(Id, ()), JoinError>) -> anyhow::Error {
    let (id, how) = match ended {
        Ok((id, ())) => (id, "ended".to_string()),
        Err(e) if e.is_panic() => {
            let id = e.id();
            let panic = e.into_panic();
            let what = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("a panic");
            (id, format!("panicked: {what}"))
        }
        Err(e) => (e.id(), format!("was cancelled: {e}")),
    };
    let name = tasks.names.get(&id).map_or("a task", String::as_str);
    error!(task = name, %how, "a task ended while liaisond runs; stopping");
    anyhow!("{name} {how}; liaisond stopped so that its service manager restarts it")
}

/// Tells the service manager (systemd, `Type=notify`), when there is one.
fn notify(state: &[NotifyState]) {
    if let Err(e) = sd_notify::notify(state) {
        warn!(error = %e, "cannot notify the service manager (NOTIFY_SOCKET)");
    }
}

/// Runs a start-up write again while another process holds the database's
/// write lock, saying so: liaisond is not running until it went through.
async fn patiently<T, F, Fut>(mut write: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let mut wait = Duration::from_secs(1);
    loop {
        match write().await {
            Err(e) if super::wiring::is_locked(&e) => {
                warn!(retry_in = ?wait, "the database is locked by another process; waiting");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(30));
            }
            other => return other,
        }
    }
}

async fn tick_outgoing(o: Arc<crate::outgoing::Outgoing>, store: Store) -> Result<()> {
    o.tick(&store).await
}

async fn tick_summary(s: Arc<crate::summary::Summary>, store: Store) -> Result<()> {
    s.tick(&store).await
}

async fn tick_reminders(r: Arc<crate::reminders::Reminders>, store: Store) -> Result<()> {
    r.tick(&store).await
}

/// Runs `check` every `secs` until shutdown, waking the outbox after each run:
/// approval expiry, reminders and "sent" notices, the weekly digest.
async fn every<F, Fut>(
    what: &'static str,
    secs: f64,
    wake: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
    check: F,
) where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let every = Duration::from_secs_f64(secs);
    loop {
        if let Err(e) = check().await {
            warn!(error = %format!("{e:#}"), "{what} failed");
        }
        wake.notify_one();
        if sleep_or_shutdown(every, &mut shutdown).await {
            return;
        }
    }
}

/// One line saying where mail comes from and goes to.
fn summary(s: &Settings) -> String {
    let sources: Vec<String> = s
        .mailboxes
        .iter()
        .map(|m| match m.kind {
            MailboxKind::Maildir => format!(
                "Maildir {}",
                m.path.as_deref().unwrap_or_else(|| "?".as_ref()).display()
            ),
            MailboxKind::Imap => format!(
                "IMAP {}@{}/{}",
                m.username.as_deref().unwrap_or("?"),
                m.host.as_deref().unwrap_or("?"),
                m.folder
            ),
        })
        .collect();
    let out = match s.outgoing.transport {
        TransportKind::File => format!("mail written to {}", s.outgoing.outbox_dir.display()),
        TransportKind::Smtp => format!(
            "mail sent via SMTP {}",
            s.outgoing.host.as_deref().unwrap_or("?")
        ),
    };
    format!(
        "reading {}; {}; database {}",
        sources.join(", "),
        out,
        s.database.path.display()
    )
}
