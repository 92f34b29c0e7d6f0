//! `liaisond run`: starts the sources, the pipeline, the outbox, the
//! periodic checks and the public web together and stops them cleanly on
//! SIGINT or SIGTERM.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tracing::{info, warn};

use super::Wired;
use super::config::Settings;
use crate::intake::{MailboxKind, imap, maildir, sleep_or_shutdown};
use crate::outbox::TransportKind;
use crate::store::Store;

pub async fn run(settings: Settings) -> Result<()> {
    let line = summary(&settings);
    let w = Wired::new(settings).await?;
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
    let sender = w.sender()?;
    let web = if w.settings.web.enabled {
        Some(w.web().await?)
    } else {
        None
    };

    let (stop, shutdown) = watch::channel(false);
    let wake = w.pipeline.outbox_wake();
    let mut tasks = JoinSet::new();
    for mb in w.settings.mailboxes.iter().cloned() {
        let (p, rx) = (w.pipeline.clone(), shutdown.clone());
        match mb.kind {
            MailboxKind::Imap => tasks.spawn(imap::run(mb, p, rx)),
            MailboxKind::Maildir => tasks.spawn(maildir::run(mb, p, rx)),
        };
    }
    tasks.spawn(sender.run(wake.clone(), shutdown.clone()));
    let (outgoing, store) = (w.outgoing.clone(), w.store.clone());
    tasks.spawn(every(
        "approval check",
        w.settings.approval.check_interval_secs,
        wake.clone(),
        shutdown.clone(),
        move || tick_outgoing(outgoing.clone(), store.clone()),
    ));
    let (reminders, store) = (w.reminders.clone(), w.store.clone());
    tasks.spawn(every(
        "reminder check",
        w.settings.reminders.check_interval_secs,
        wake,
        shutdown.clone(),
        move || tick_reminders(reminders.clone(), store.clone()),
    ));
    tasks.spawn(w.pipeline.clone().run_retries(shutdown.clone()));
    if let Some(web) = web {
        tasks.spawn(web.run(shutdown.clone()));
    }
    // Only now: the database is open, the web bound, every part started.
    eprintln!("liaisond: running; {line}. Ctrl-C stops.");
    info!(mailboxes = w.settings.mailboxes.len(), "liaisond running");

    wait_for_signal().await;
    info!("stopping: finishing the message in hand");
    let _ = stop.send(true);
    let drained = tokio::time::timeout(Duration::from_secs(30), async {
        while tasks.join_next().await.is_some() {}
    });
    if drained.await.is_err() {
        warn!("tasks did not stop within 30 s; exiting anyway (nothing committed is lost)");
    }
    Ok(())
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

async fn wait_for_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
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
