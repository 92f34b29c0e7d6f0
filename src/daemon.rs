//! `liaisond run`: wires the sources, the pipeline and the outbox together
//! and stops them cleanly on SIGINT or SIGTERM.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::{info, warn};

use crate::config::{MailboxKind, Settings};
use crate::intake::{imap, maildir};
use crate::pipeline::Pipeline;
use crate::send::{Sender, Transport};
use crate::store::Store;

pub async fn run(settings: Settings) -> Result<()> {
    let settings = Arc::new(settings);
    let store = Store::open(&settings.database.path).await?;
    let pipeline = Pipeline::new(store.clone(), settings.clone())?;
    let interrupted = store.recover_interrupted_sends().await?;
    if interrupted > 0 {
        warn!(
            interrupted,
            "mails were being sent when liaisond stopped; queued again"
        );
    }
    let pending = pipeline.process_pending().await?;
    info!(
        pending,
        "archived messages left unprocessed by an earlier run are processed"
    );
    let transport = Transport::from_settings(&settings.outgoing)?;
    let sender = Sender::new(
        store.clone(),
        transport,
        settings.outbox.clone(),
        settings.outgoing.timeout_secs,
    );

    let web = if settings.web.enabled {
        Some(crate::web::Server::bind(&settings).await?)
    } else {
        None
    };

    let (stop, shutdown) = watch::channel(false);
    let mut tasks = JoinSet::new();
    for mb in settings.mailboxes.iter().cloned() {
        let (p, rx) = (pipeline.clone(), shutdown.clone());
        match mb.kind {
            MailboxKind::Imap => tasks.spawn(imap::run(mb, p, rx)),
            MailboxKind::Maildir => tasks.spawn(maildir::run(mb, p, rx)),
        };
    }
    tasks.spawn(sender.run(pipeline.outbox_wake(), shutdown.clone()));
    tasks.spawn(approvals(
        pipeline.clone(),
        settings.approval.check_interval_secs,
        shutdown.clone(),
    ));
    tasks.spawn(reminders(
        pipeline.clone(),
        settings.reminders.check_interval_secs,
        shutdown.clone(),
    ));
    if let Some(web) = web {
        tasks.spawn(web.run(shutdown.clone()));
    }
    info!(mailboxes = settings.mailboxes.len(), "liaisond running");

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

/// Expires pending approvals, reminds approvers, and tells submitters what was sent.
async fn approvals(pipeline: Pipeline, every: f64, mut shutdown: watch::Receiver<bool>) {
    let every = Duration::from_secs_f64(every);
    loop {
        if let Err(e) = pipeline.outgoing().tick(pipeline.store()).await {
            warn!(error = %format!("{e:#}"), "approval check failed");
        }
        pipeline.outbox_wake().notify_one();
        if crate::intake::sleep_or_shutdown(every, &mut shutdown).await {
            return;
        }
    }
}

/// Reminders before For Action deadlines, and the weekly digest.
async fn reminders(pipeline: Pipeline, every: f64, mut shutdown: watch::Receiver<bool>) {
    let every = Duration::from_secs_f64(every);
    loop {
        if let Err(e) = pipeline.reminders().tick(pipeline.store()).await {
            warn!(error = %format!("{e:#}"), "reminder check failed");
        }
        pipeline.outbox_wake().notify_one();
        if crate::intake::sleep_or_shutdown(every, &mut shutdown).await {
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
