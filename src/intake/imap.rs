//! One IMAP mailbox: connect, fetch every UID above the stored pointer,
//! archive, mark processed on the server, then IDLE (or poll) and repeat.
//! Any error ends the session; the next one starts after exponential backoff.

use std::collections::VecDeque;
use std::fmt::Debug;
use std::future::Future;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use async_imap::types::UnsolicitedResponse;
use async_imap::{Client, Session};
use futures::TryStreamExt;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tracing::{debug, info, warn};

use super::Mailbox;
use super::sleep_or_shutdown;
use crate::mail::{Security, tls};
use crate::pipeline::{Arrival, Pipeline};

pub trait Io: AsyncRead + AsyncWrite + Unpin + Send + Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Debug> Io for T {}
type Conn = Session<Box<dyn Io>>;

/// Messages fetched in one command stay under this many bytes (at least one message).
const FETCH_BUDGET: u64 = 32 * 1024 * 1024;
/// Batches fetched while the oldest one in hand is still being processed:
/// the next is archived and waiting by the time processing reaches it
/// (marking one batch, moving the pointer and fetching the next take
/// longer than processing a batch leaves). In memory: up to this many
/// batches beside the one being processed.
const FETCH_AHEAD: usize = 2;

/// Runs until shutdown, reconnecting after any failure.
pub async fn run(mb: Mailbox, pipeline: Pipeline, mut shutdown: watch::Receiver<bool>) {
    let min = Duration::from_secs_f64(mb.reconnect_min_secs);
    let max = Duration::from_secs_f64(mb.reconnect_max_secs);
    let mut backoff = min;
    loop {
        let mut synced = false;
        match session(&mb, &pipeline, &mut shutdown, &mut synced).await {
            Ok(()) => return,
            Err(e) => {
                if synced {
                    backoff = min;
                }
                crate::telemetry::mailbox_down(&mb.name, &format!("{e:#}"));
                warn!(mailbox = %mb.name, error = %format!("{e:#}"), retry_in = ?backoff, "IMAP session ended; reconnecting");
            }
        }
        if sleep_or_shutdown(backoff, &mut shutdown).await {
            return;
        }
        backoff = (backoff * 2).min(max);
    }
}

async fn within<T, E>(
    limit: Duration,
    what: &str,
    f: impl Future<Output = Result<T, E>>,
) -> Result<T>
where
    E: std::error::Error + Send + Sync + 'static,
{
    match tokio::time::timeout(limit, f).await {
        Ok(r) => r.with_context(|| format!("IMAP {what}")),
        Err(_) => bail!("IMAP {what}: no answer within {limit:?}"),
    }
}

async fn connect(mb: &Mailbox, limit: Duration) -> Result<Conn> {
    let host = mb.host.as_deref().context("no host")?;
    let tcp = within(limit, "connect", TcpStream::connect((host, mb.port()))).await?;
    // Commands and their data leave at once, not after the server's delayed ACK.
    tcp.set_nodelay(true)?;
    let ca = mb.tls_ca_file.as_deref();
    let stream: Box<dyn Io> = match mb.security {
        Security::Plain => Box::new(tcp),
        Security::Tls => Box::new(tls::connect(host, tcp, ca).await?),
        Security::Starttls => {
            let mut client = Client::new(tcp);
            within(limit, "greeting", client.read_response()).await?;
            within(
                limit,
                "STARTTLS",
                client.run_command_and_check_ok("STARTTLS", None),
            )
            .await?;
            Box::new(tls::connect(host, client.into_inner(), ca).await?)
        }
    };
    let mut client = Client::new(stream);
    if mb.security != Security::Starttls {
        within(limit, "greeting", client.read_response()).await?;
    }
    let user = mb.username.as_deref().context("no username")?;
    let pass = mb.password.as_deref().context("no password")?;
    match tokio::time::timeout(limit, client.login(user, pass)).await {
        Ok(Ok(s)) => Ok(s),
        Ok(Err((e, _))) => Err(anyhow!(e).context(format!("IMAP login as {user}"))),
        Err(_) => bail!("IMAP login: no answer within {limit:?}"),
    }
}

async fn session(
    mb: &Mailbox,
    pipeline: &Pipeline,
    shutdown: &mut watch::Receiver<bool>,
    synced: &mut bool,
) -> Result<()> {
    let limit = Duration::from_secs(mb.timeout_secs);
    let mut s = connect(mb, limit).await?;
    let caps = within(limit, "CAPABILITY", s.capabilities()).await?;
    let use_idle = mb.idle && caps.has_str("IDLE");
    let marker = Marker {
        folder: mb.processed_folder.clone(),
        flag: mb.processed_flag.clone(),
        can_move: caps.has_str("MOVE"),
        uidplus: caps.has_str("UIDPLUS"),
    };
    if let Some(folder) = &marker.folder {
        // CREATE fails when the folder exists; that is fine.
        let _ = within(limit, "CREATE", s.create(folder)).await;
    }
    let (uidvalidity, mut last_uid) = select(mb, &mut s, pipeline, limit).await?;
    info!(mailbox = %mb.name, folder = %mb.folder, uidvalidity, last_uid, idle = use_idle, "IMAP connected");
    // New-mail notices that come while another command runs land here; IDLE
    // would not see them again, so they are checked before waiting.
    let notices = s.unsolicited_responses.clone();
    loop {
        while notices.try_recv().is_ok() {}
        last_uid = sync(mb, pipeline, &mut s, &marker, uidvalidity, last_uid, limit).await?;
        *synced = true;
        crate::telemetry::mailbox_synced(&mb.name);
        let stop = if *shutdown.borrow() {
            true
        } else if use_idle {
            let stop;
            (s, stop) = idle(mb, s, &notices, shutdown, limit).await?;
            stop
        } else {
            let every = Duration::from_secs_f64(mb.poll_interval_secs);
            let stop = sleep_or_shutdown(every, shutdown).await;
            if !stop {
                within(limit, "NOOP", s.noop()).await?;
            }
            stop
        };
        if stop {
            let _ = within(limit, "LOGOUT", s.logout()).await;
            return Ok(());
        }
    }
}

/// Selects the folder; its UIDVALIDITY and the pointer to go on from (0 when
/// the folder is new to us or its UIDVALIDITY changed).
async fn select(
    mb: &Mailbox,
    s: &mut Conn,
    pipeline: &Pipeline,
    limit: Duration,
) -> Result<(u32, u32)> {
    let selected = within(limit, "SELECT", s.select(&mb.folder)).await?;
    let uidvalidity = selected
        .uid_validity
        .context("server sent no UIDVALIDITY")?;
    let store = pipeline.store();
    let last_uid = match store.mailbox_state(&mb.name).await? {
        Some((v, uid)) if v == uidvalidity => uid,
        Some((v, _)) => {
            warn!(mailbox = %mb.name, old = v, new = uidvalidity, "UIDVALIDITY changed: reading the folder again (archived messages are not stored twice)");
            0
        }
        None => 0,
    };
    store
        .set_mailbox_state(&mb.name, uidvalidity, last_uid)
        .await?;
    Ok((uidvalidity, last_uid))
}

/// Waits in IDLE until the server says something, the re-issue time passes
/// or shutdown; the session back, and whether to stop.
async fn idle(
    mb: &Mailbox,
    s: Conn,
    notices: &async_channel::Receiver<UnsolicitedResponse>,
    shutdown: &mut watch::Receiver<bool>,
    limit: Duration,
) -> Result<(Conn, bool)> {
    let mut idle = s.idle();
    within(limit, "IDLE", idle.init()).await?;
    if new_mail_noticed(notices) {
        return Ok((within(limit, "DONE", idle.done()).await?, false));
    }
    let reissue = Duration::from_secs(mb.idle_reissue_secs);
    let stop = {
        let (wait, _interrupt) = idle.wait_with_timeout(reissue);
        tokio::select! {
            r = tokio::time::timeout(reissue, wait) => {
                if let Ok(r) = r {
                    debug!(mailbox = %mb.name, response = ?r.context("IDLE")?, "IDLE woke");
                }
                false
            }
            _ = shutdown.changed() => true,
        }
    };
    Ok((within(limit, "DONE", idle.done()).await?, stop))
}

/// Whether EXISTS or RECENT arrived since the notices were last drained.
fn new_mail_noticed(notices: &async_channel::Receiver<UnsolicitedResponse>) -> bool {
    let mut seen = false;
    while let Ok(n) = notices.try_recv() {
        seen |= matches!(
            n,
            UnsolicitedResponse::Exists(_) | UnsolicitedResponse::Recent(_)
        );
    }
    seen
}

/// How a message is marked processed on the server.
struct Marker {
    folder: Option<String>,
    flag: String,
    can_move: bool,
    uidplus: bool,
}

impl Marker {
    async fn mark(&self, s: &mut Conn, uids: &[u32], limit: Duration) -> Result<()> {
        let set = uid_set(uids);
        match &self.folder {
            Some(folder) if self.can_move => {
                within(limit, "UID MOVE", s.uid_mv(&set, folder)).await
            }
            Some(folder) if self.uidplus => {
                within(limit, "UID COPY", s.uid_copy(&set, folder)).await?;
                self.store_flags(s, &set, "\\Deleted", limit).await?;
                let expunged = within(limit, "UID EXPUNGE", s.uid_expunge(&set)).await?;
                within(limit, "UID EXPUNGE", expunged.try_collect::<Vec<_>>()).await?;
                Ok(())
            }
            // Without MOVE or UIDPLUS only a bare EXPUNGE could remove it, which
            // may delete other people's messages: flag instead.
            _ => self.store_flags(s, &set, &self.flag, limit).await,
        }
    }

    async fn store_flags(
        &self,
        s: &mut Conn,
        set: &str,
        flag: &str,
        limit: Duration,
    ) -> Result<()> {
        let updates = within(
            limit,
            "UID STORE",
            s.uid_store(set, format!("+FLAGS.SILENT ({flag})")),
        )
        .await?;
        within(limit, "UID STORE", updates.try_collect::<Vec<_>>()).await?;
        Ok(())
    }
}

/// A fetched batch being archived and processed, and what to do once it is.
struct InHand {
    work: tokio::task::JoinHandle<Result<Vec<i64>>>,
    /// The messages to mark processed on the server.
    uids: Vec<u32>,
    /// The pointer once they are.
    last: u32,
}

/// Archives every message above `last_uid`, in UID order; returns the new
/// pointer. Each fetched batch is archived in one commit and processed
/// while the batches after it are fetched (up to `FETCH_AHEAD`); once
/// processed, it is marked processed on the server, in order.
async fn sync(
    mb: &Mailbox,
    pipeline: &Pipeline,
    s: &mut Conn,
    marker: &Marker,
    uidvalidity: u32,
    mut last_uid: u32,
    limit: Duration,
) -> Result<u32> {
    let started = Instant::now();
    let found = within(
        limit,
        "UID SEARCH",
        s.uid_search(format!("UID {}:*", last_uid + 1)),
    )
    .await?;
    // "N:*" always matches the highest UID, even one below N.
    let mut uids: Vec<u32> = found.into_iter().filter(|&u| u > last_uid).collect();
    if uids.is_empty() {
        return Ok(last_uid);
    }
    uids.sort_unstable();
    let sizes = fetch_sizes(s, &uids, limit).await?;
    let mut count = 0;
    let mut in_hand: VecDeque<InHand> = VecDeque::new();
    for batch in batches(&uids, &sizes) {
        let fetching = Instant::now();
        let messages = fetch(s, &batch, limit).await?;
        debug!(mailbox = %mb.name, count = messages.len(), elapsed = ?fetching.elapsed(), "fetched");
        count += messages.len();
        let arrivals: Vec<Arrival> = messages
            .into_iter()
            .map(|(uid, bytes)| Arrival {
                source_key: format!("imap:{uidvalidity}:{uid}"),
                uidvalidity: Some(uidvalidity),
                uid: Some(uid),
                bytes,
            })
            .collect();
        let uids = arrivals.iter().filter_map(|a| a.uid).collect();
        let (p, name) = (pipeline.clone(), mb.name.clone());
        // Filed after the batch before, while that one is marked.
        let place = pipeline.place(&mb.name);
        let next = InHand {
            work: tokio::spawn(async move { p.receive_placed(place, &name, arrivals).await }),
            uids,
            last: *batch.last().expect("batches are not empty"),
        };
        in_hand.push_back(next);
        if in_hand.len() > FETCH_AHEAD {
            let done = in_hand.pop_front().expect("more than none");
            last_uid = finish(mb, pipeline, s, marker, uidvalidity, done, limit).await?;
        }
    }
    while let Some(done) = in_hand.pop_front() {
        last_uid = finish(mb, pipeline, s, marker, uidvalidity, done, limit).await?;
    }
    info!(mailbox = %mb.name, count, last_uid, elapsed = ?started.elapsed(), "synced");
    Ok(last_uid)
}

/// Once a batch is archived (committed) and processed: marked processed on
/// the server in one command, and the pointer moved past it.
async fn finish(
    mb: &Mailbox,
    pipeline: &Pipeline,
    s: &mut Conn,
    marker: &Marker,
    uidvalidity: u32,
    done: InHand,
    limit: Duration,
) -> Result<u32> {
    let waiting = Instant::now();
    match done.work.await {
        Ok(archived) => archived?,
        // A panic there is this task's: it dies with it, and the daemon stops.
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => bail!("archiving stopped: {e}"),
    };
    if !done.uids.is_empty() {
        let marking = Instant::now();
        marker.mark(s, &done.uids, limit).await?;
        debug!(mailbox = %mb.name, count = done.uids.len(), waited = ?(marking - waiting),
               elapsed = ?marking.elapsed(), "marked processed");
    }
    pipeline
        .store()
        .set_mailbox_state(&mb.name, uidvalidity, done.last)
        .await?;
    Ok(done.last)
}

/// The messages of one batch, in UID order; fails if the server keeps back
/// one that still exists.
async fn fetch(s: &mut Conn, batch: &[u32], limit: Duration) -> Result<Vec<(u32, Vec<u8>)>> {
    let set = uid_set(batch);
    let fetches = within(limit, "UID FETCH", s.uid_fetch(&set, "(UID BODY.PEEK[])")).await?;
    let mut messages: Vec<(u32, Vec<u8>)> =
        within(limit * 4, "UID FETCH", fetches.try_collect::<Vec<_>>())
            .await?
            .into_iter()
            .filter_map(|f| Some((f.uid?, f.body()?.to_vec())))
            .collect();
    messages.sort_by_key(|(uid, _)| *uid);
    let missing: Vec<u32> = batch
        .iter()
        .copied()
        .filter(|u| !messages.iter().any(|(m, _)| m == u))
        .collect();
    if !missing.is_empty() {
        // Gone (expunged by someone else) is fine; present but not returned is not.
        let search = format!("UID {}", uid_set(&missing));
        let still = within(limit, "UID SEARCH", s.uid_search(search)).await?;
        if !still.is_empty() {
            bail!("server did not return messages {still:?}; not skipping them");
        }
    }
    Ok(messages)
}

async fn fetch_sizes(
    s: &mut Conn,
    uids: &[u32],
    limit: Duration,
) -> Result<std::collections::HashMap<u32, u64>> {
    let set = uid_set(uids);
    let fetches = within(limit, "UID FETCH", s.uid_fetch(&set, "(UID RFC822.SIZE)")).await?;
    let all = within(limit, "UID FETCH", fetches.try_collect::<Vec<_>>()).await?;
    Ok(all
        .into_iter()
        .filter_map(|f| Some((f.uid?, u64::from(f.size?))))
        .collect())
}

/// A UID set as IMAP writes it, runs as ranges: "3,5:8,10" (a command
/// naming twenty thousand messages one by one is longer than servers take).
fn uid_set(uids: &[u32]) -> String {
    let mut sorted = uids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for uid in sorted {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == uid => *end = uid,
            _ => runs.push((uid, uid)),
        }
    }
    runs.iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}:{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Splits UIDs into fetch batches within FETCH_BUDGET bytes each, of at
/// most 10 messages at first and twice as many each time after, up to 100:
/// processing begins once a short batch is archived, not the longest, and
/// each batch is fetched and archived while the one before is processed.
fn batches(uids: &[u32], sizes: &std::collections::HashMap<u32, u64>) -> Vec<Vec<u32>> {
    let mut out: Vec<Vec<u32>> = Vec::new();
    let mut used = 0;
    for &uid in uids {
        let size = sizes.get(&uid).copied().unwrap_or(FETCH_BUDGET);
        let most = (10usize << out.len().saturating_sub(1).min(4)).min(100);
        match out.last_mut() {
            Some(batch) if used + size <= FETCH_BUDGET && batch.len() < most => {
                batch.push(uid);
                used += size;
            }
            _ => {
                out.push(vec![uid]);
                used = size;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_are_written_as_ranges() {
        assert_eq!(uid_set(&[8, 3, 5, 6, 7, 10]), "3,5:8,10");
        assert_eq!(uid_set(&(1..=20_000).collect::<Vec<_>>()), "1:20000");
    }

    #[test]
    fn batches_respect_the_byte_budget() {
        let sizes = [(1, 10), (2, FETCH_BUDGET), (3, 5), (4, 5)]
            .into_iter()
            .collect();
        assert_eq!(
            batches(&[1, 2, 3, 4], &sizes),
            vec![vec![1], vec![2], vec![3, 4]]
        );
    }

    #[test]
    fn batches_start_short_and_double_up_to_a_hundred() {
        let uids: Vec<u32> = (1..=500).collect();
        let sizes = uids.iter().map(|&u| (u, 1000)).collect();
        let lengths: Vec<usize> = batches(&uids, &sizes).iter().map(Vec::len).collect();
        assert_eq!(lengths, vec![10, 20, 40, 80, 100, 100, 100, 50]);
    }
}
