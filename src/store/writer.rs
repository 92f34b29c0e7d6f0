//! The one writer of a database file: a task that owns the only writing
//! connection and lends it, in turn, to each piece of work. Work that
//! arrives while other work runs joins the same transaction, each piece in
//! a savepoint of its own (so a failing piece rolls back alone), and the
//! whole group is committed once: one fsync for everything that was ready.
//! A caller's `commit` returns only once its group is durable.
//!
//! The connection is SQLite's own (rusqlite), driven on the thread of the
//! work that holds it: a query is a function call, not a message to a
//! connection thread and a wake-up back (sqlx's way, kept for the readers),
//! which on a busy machine cost a piece of work far more than its SQL.
//!
//! Nothing ever waits for SQLite's lock inside the process, as nothing
//! else writes. Urgent work (the "sent" mark of a mail the server accepted)
//! is served before any waiting work and its group is committed right
//! after it. Any error of the connection's own (BEGIN, SAVEPOINT, RELEASE,
//! COMMIT) rolls the group back, fails every piece of it, and discards the
//! connection; the next piece of work opens a fresh one.
//!
//! A lent connection comes back only when its holder goes on: a future
//! waiting for a `Tx` must be polled (a task of its own, or awaited), never
//! parked beside another write of the same task.

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use rusqlite::{Connection, OpenFlags};
use tokio::sync::{mpsc, oneshot};
use tracing::{debug, warn};

/// A group is committed after this many pieces of work...
const GROUP_MAX: usize = 256;
/// ...or once it has been open this long, whatever is still waiting.
const GROUP_TIME: Duration = Duration::from_millis(100);
/// When nothing more waits, a group (not an urgent one) waits this long
/// for more before it commits: writes that come a few milliseconds apart
/// (the messages of a batch, read one after another) share one fsync.
const GROUP_LINGER: Duration = Duration::from_millis(20);
/// Prepared statements kept per connection: every query the store makes
/// through a `Tx`, with room to spare.
const STATEMENTS_KEPT: usize = 128;

/// A request for the connection.
struct Ask {
    lend: oneshot::Sender<Result<Lent, String>>,
}

/// The connection, lent, and where to give it back.
struct Lent {
    conn: Connection,
    back: oneshot::Sender<Back>,
}

/// The connection given back: with a promise to tell the caller when its
/// work is durable (commit), or without one (roll the work back).
struct Back {
    conn: Connection,
    commit: Option<oneshot::Sender<Result<(), String>>>,
}

/// Handle to a writer task; cloning it shares the task.
#[derive(Clone)]
pub(super) struct Writer {
    normal: mpsc::UnboundedSender<Ask>,
    urgent: mpsc::UnboundedSender<Ask>,
}

/// How the writer opens its connection (again, after an error).
pub(super) struct Opener {
    pub path: PathBuf,
    /// How long to wait for another process's lock on the file.
    pub busy: Duration,
    /// Run on every new connection (pragmas).
    pub setup: &'static str,
    /// Names the file in logs.
    pub name: &'static str,
}

impl Opener {
    fn open(&self) -> Result<Connection> {
        let context = || format!("opening the {} database for writing", self.name);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags).with_context(context)?;
        conn.busy_timeout(self.busy).with_context(context)?;
        conn.execute_batch(self.setup).with_context(context)?;
        conn.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
        Ok(conn)
    }
}

impl Writer {
    /// Starts the task; it ends once every handle is dropped.
    pub fn spawn(opener: Opener) -> Writer {
        let (normal, normal_rx) = mpsc::unbounded_channel();
        let (urgent, urgent_rx) = mpsc::unbounded_channel();
        let task = run(opener, normal_rx, urgent_rx);
        // A thread of its own where the runtime has several: every query is
        // a wake-up, which then goes straight to it instead of queueing
        // behind other tasks.
        let handle = tokio::runtime::Handle::current();
        match handle.runtime_flavor() {
            tokio::runtime::RuntimeFlavor::MultiThread => {
                std::thread::Builder::new()
                    .name("liaisond-writer".into())
                    .spawn(move || handle.block_on(task))
                    .expect("a thread can be started");
            }
            _ => {
                tokio::spawn(task);
            }
        }
        Writer { normal, urgent }
    }

    /// Waits for the connection, inside the group transaction.
    pub async fn begin(&self) -> Result<Tx> {
        self.ask(&self.normal).await
    }

    /// As `begin`, ahead of all waiting work, and committed right after.
    pub async fn begin_urgent(&self) -> Result<Tx> {
        self.ask(&self.urgent).await
    }

    /// Takes a place in the queue now; the future waits for the connection.
    pub fn queue(&self) -> Result<impl Future<Output = Result<Tx>> + Send + use<>> {
        Self::ask_in(&self.normal)
    }

    async fn ask(&self, queue: &mpsc::UnboundedSender<Ask>) -> Result<Tx> {
        Self::ask_in(queue)?.await
    }

    fn ask_in(
        queue: &mpsc::UnboundedSender<Ask>,
    ) -> Result<impl Future<Output = Result<Tx>> + Send + use<>> {
        let (lend, lent) = oneshot::channel();
        queue
            .send(Ask { lend })
            .map_err(|_| anyhow!("the database writer has stopped"))?;
        Ok(async move {
            let lent = lent
                .await
                .map_err(|_| anyhow!("the database writer has stopped"))?
                .map_err(|e| anyhow!(e))?;
            Ok(Tx {
                conn: Some(lent.conn),
                back: Some(lent.back),
                held: None,
            })
        })
    }
}

/// A write in progress: the writer's connection, inside a savepoint of the
/// group transaction. Dropped without `commit`, its work is rolled back.
pub struct Tx {
    conn: Option<Connection>,
    back: Option<oneshot::Sender<Back>>,
    /// The archived message this write is about, in memory: what the store
    /// would otherwise read back from the raw messages' file.
    held: Option<(i64, Arc<[u8]>)>,
}

/// Resolves once the work handed over by [`Tx::release`] is durable.
pub struct Durable(oneshot::Receiver<Result<(), String>>);

impl Durable {
    pub async fn wait(self) -> Result<()> {
        match self.0.await {
            Ok(r) => r.map_err(|e| anyhow!(e)),
            Err(_) => Err(anyhow!("the database writer stopped before committing")),
        }
    }
}

impl Tx {
    /// Keeps the bytes of archived message `raw_id` at hand for this write.
    pub fn hold(&mut self, raw_id: i64, bytes: Arc<[u8]>) {
        self.held = Some((raw_id, bytes));
    }

    /// The bytes of archived message `raw_id`, if this write holds them.
    pub(super) fn held(&self, raw_id: i64) -> Option<&[u8]> {
        self.held
            .as_ref()
            .filter(|(id, _)| *id == raw_id)
            .map(|(_, b)| &b[..])
    }

    /// Hands the work over and waits until it is committed (durably).
    pub async fn commit(self) -> Result<()> {
        self.release().wait().await
    }

    /// Hands the work over to be committed with its group, without waiting:
    /// the next piece of work can start at once and share the commit.
    pub fn release(mut self) -> Durable {
        let (done, durable) = oneshot::channel();
        let conn = self.conn.take().expect("a Tx holds the connection");
        let back = self.back.take().expect("a Tx holds the way back");
        if let Err(Back { commit, .. }) = back.send(Back {
            conn,
            commit: Some(done),
        }) && let Some(done) = commit
        {
            let _ = done.send(Err("the database writer has stopped".into()));
        }
        Durable(durable)
    }
}

impl Deref for Tx {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("a Tx holds the connection")
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if let (Some(conn), Some(back)) = (self.conn.take(), self.back.take()) {
            let _ = back.send(Back { conn, commit: None });
        }
    }
}

fn exec(conn: &Connection, sql: &'static str) -> Result<()> {
    conn.execute_batch(sql)
        .with_context(|| format!("{sql} failed"))
}

/// The next request, urgent ones first, waiting at most `limit` (None:
/// until there is one, or every handle is gone).
async fn next(
    normal: &mut mpsc::UnboundedReceiver<Ask>,
    urgent: &mut mpsc::UnboundedReceiver<Ask>,
    limit: Option<Duration>,
) -> Option<(Ask, bool)> {
    let timeout = async {
        match limit {
            Some(d) => tokio::time::sleep(d).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        biased;
        Some(a) = urgent.recv() => Some((a, true)),
        Some(a) = normal.recv() => Some((a, false)),
        _ = timeout => None,
        else => None,
    }
}

async fn run(
    opener: Opener,
    mut normal: mpsc::UnboundedReceiver<Ask>,
    mut urgent: mpsc::UnboundedReceiver<Ask>,
) {
    let mut conn: Option<Connection> = None;
    while let Some(first) = next(&mut normal, &mut urgent, None).await {
        let c = match conn.take() {
            Some(c) => c,
            None => match opener.open() {
                Ok(c) => c,
                Err(e) => {
                    warn!(database = opener.name, error = %format!("{e:#}"), "cannot open the database for writing");
                    let _ = first.0.lend.send(Err(format!("{e:#}")));
                    continue;
                }
            },
        };
        let (c, result) = group(c, first, &mut normal, &mut urgent).await;
        match (c, result) {
            (Some(c), Ok(())) => conn = Some(c),
            (c, result) => {
                let why = result.err().map(|e| format!("{e:#}")).unwrap_or_default();
                warn!(database = opener.name, error = %why, "write failed: rolled back; the connection is discarded and opened again for the next write");
                if let Some(c) = c {
                    let _ = c.execute_batch("ROLLBACK");
                    let _ = c.close();
                }
            }
        }
    }
}

/// One group transaction: the first request, then whatever else is waiting,
/// then COMMIT. An error fails every piece and is returned with the
/// connection (None when a piece of work never gave it back). Each piece is
/// a savepoint.
async fn group(
    mut c: Connection,
    first: (Ask, bool),
    normal: &mut mpsc::UnboundedReceiver<Ask>,
    urgent: &mut mpsc::UnboundedReceiver<Ask>,
) -> (Option<Connection>, Result<()>) {
    let started = Instant::now();
    let mut waiting: Vec<oneshot::Sender<Result<(), String>>> = Vec::new();
    if let Err(e) = exec(&c, "BEGIN IMMEDIATE; SAVEPOINT work") {
        let _ = first.0.lend.send(Err(format!("{e:#}")));
        return (Some(c), Err(e));
    }
    let mut ask = Some(first);
    let mut lent = Duration::ZERO;
    let mut result = Ok(());
    let mut served = 0;
    while let Some((a, was_urgent)) = ask.take() {
        let lending = Instant::now();
        let served_piece = serve(c, a).await;
        lent += lending.elapsed();
        let Some((back, kept)) = served_piece else {
            fail(waiting, None);
            return (None, Err(anyhow!("a write never gave the connection back")));
        };
        c = back;
        served += 1;
        ask = match urgent.try_recv() {
            Ok(a) => Some((a, true)),
            // An urgent group ends as soon as no urgent work waits.
            Err(_) if was_urgent => None,
            Err(_) if served >= GROUP_MAX || started.elapsed() >= GROUP_TIME => None,
            Err(_) => match normal.try_recv() {
                Ok(a) => Some((a, false)),
                // Waits a little for more work; urgent work ends the wait.
                Err(_) => next(normal, urgent, Some(GROUP_LINGER)).await,
            },
        };
        result = exec(&c, end_of_piece(kept.is_some(), ask.is_some()));
        if let Some(w) = kept {
            waiting.push(w);
        }
        if result.is_err() {
            if let Some((a, _)) = ask.take() {
                let _ = a.lend.send(Err("the write before it failed".into()));
            }
            break;
        }
    }
    debug!(pieces = waiting.len(), elapsed = ?started.elapsed(), ?lent, ok = result.is_ok(), "group committed");
    match &result {
        Ok(()) => {
            for w in waiting {
                let _ = w.send(Ok(()));
            }
        }
        Err(e) => fail(waiting, Some(e)),
    }
    (Some(c), result)
}

/// What ends a piece: kept (released) or undone (rolled back to its
/// savepoint), then the next piece's savepoint, or the commit.
fn end_of_piece(kept: bool, more: bool) -> &'static str {
    match (kept, more) {
        (true, true) => "RELEASE work; SAVEPOINT work",
        (true, false) => "RELEASE work; COMMIT",
        (false, true) => "ROLLBACK TO work; RELEASE work; SAVEPOINT work",
        (false, false) => "ROLLBACK TO work; RELEASE work; COMMIT",
    }
}

/// Tells every waiting piece of work that its group failed.
fn fail(waiting: Vec<oneshot::Sender<Result<(), String>>>, e: Option<&anyhow::Error>) {
    let why = e.map_or_else(|| "the write failed".to_string(), |e| format!("{e:#}"));
    for w in waiting {
        let _ = w.send(Err(why.clone()));
    }
}

/// Lends the connection (inside its savepoint) for one piece of work; the
/// connection comes back (None if it never did) with the promise to keep
/// when the work is to be committed (None when it is to be rolled back).
async fn serve(
    c: Connection,
    ask: Ask,
) -> Option<(Connection, Option<oneshot::Sender<Result<(), String>>>)> {
    let (back, returned) = oneshot::channel();
    match ask.lend.send(Ok(Lent { conn: c, back })) {
        // The caller left while waiting: nothing was done.
        Err(Ok(lent)) => Some((lent.conn, None)),
        Err(Err(_)) => unreachable!("only Ok is sent"),
        Ok(()) => match returned.await {
            Ok(Back { conn, commit }) => Some((conn, commit)),
            Err(_) => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn writer(dir: &tempfile::TempDir) -> (Writer, sqlx::SqlitePool) {
        let path = dir.path().join("db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER PRIMARY KEY)")
            .unwrap();
        let readers = sqlx::SqlitePool::connect_lazy_with(
            sqlx::sqlite::SqliteConnectOptions::new().filename(&path),
        );
        let w = Writer::spawn(Opener {
            path,
            busy: Duration::from_secs(5),
            setup: "PRAGMA synchronous = FULL",
            name: "test",
        });
        (w, readers)
    }

    async fn insert(tx: &mut Tx, n: i64) {
        tx.execute("INSERT INTO t (n) VALUES (?)", [n]).unwrap();
    }

    async fn rows(pool: &sqlx::SqlitePool) -> Vec<i64> {
        sqlx::query_scalar("SELECT n FROM t ORDER BY n")
            .fetch_all(pool)
            .await
            .unwrap()
    }

    fn threads() -> Vec<String> {
        std::fs::read_dir("/proc/self/task")
            .unwrap()
            .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
            .map(|c| c.trim().to_string())
            .collect()
    }

    /// A query through a `Tx` is a call on the holder's own thread: no
    /// connection thread to hand it to and wait for (as sqlx has one per
    /// connection), whatever the runtime.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_query_runs_on_the_thread_that_holds_the_connection() {
        let dir = tempfile::tempdir().unwrap();
        let (w, readers) = writer(&dir).await;
        let mut tx = w.begin().await.unwrap();
        insert(&mut tx, 1).await;
        let n: i64 = tx
            .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1, "the piece sees its own write");
        assert!(
            !threads().iter().any(|t| t.starts_with("sqlx-sqlite")),
            "a connection thread serves the writer: {:?}",
            threads()
        );
        tx.commit().await.unwrap();
        assert_eq!(rows(&readers).await, vec![1]);
    }

    #[tokio::test]
    async fn work_released_shares_a_commit_with_the_next_and_a_dropped_piece_rolls_back_alone() {
        let dir = tempfile::tempdir().unwrap();
        let (w, readers) = writer(&dir).await;
        let mut first = w.begin().await.unwrap();
        insert(&mut first, 1).await;
        let second = w.queue().unwrap();
        let durable = first.release();
        let mut second = second.await.unwrap();
        let seen: i64 = second
            .query_row("SELECT n FROM t WHERE n = 1", [], |r| r.get(0))
            .unwrap();
        assert_eq!(seen, 1, "the next piece is in the same transaction");
        assert!(rows(&readers).await.is_empty(), "nothing committed yet");
        insert(&mut second, 2).await;
        drop(second);
        durable.wait().await.unwrap();
        assert_eq!(
            rows(&readers).await,
            vec![1],
            "the dropped piece alone is undone"
        );
    }

    /// With several workers, the writer is a thread of its own, and work
    /// shares its commits there as on one worker.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_several_workers_the_writer_has_a_thread_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let (w, readers) = writer(&dir).await;
        let mut first = w.begin().await.unwrap();
        insert(&mut first, 1).await;
        let second = w.queue().unwrap();
        let durable = first.release();
        let mut second = second.await.unwrap();
        insert(&mut second, 2).await;
        second.commit().await.unwrap();
        durable.wait().await.unwrap();
        assert_eq!(rows(&readers).await, vec![1, 2]);
        // Asked once the writer has served work: a thread names itself
        // when it starts, which may come after `spawn` returns.
        assert!(
            threads().iter().any(|t| t == "liaisond-writer"),
            "{:?}",
            threads()
        );
    }

    #[tokio::test]
    async fn urgent_work_goes_before_waiting_work() {
        let dir = tempfile::tempdir().unwrap();
        let (w, readers) = writer(&dir).await;
        let held = w.begin().await.unwrap();
        let normal = w.queue().unwrap();
        let urgent = tokio::spawn({
            let w = w.clone();
            async move {
                let mut tx = w.begin_urgent().await.unwrap();
                insert(&mut tx, 7).await;
                tx.commit().await.unwrap();
            }
        });
        // The urgent request is queued behind the normal one, in time.
        tokio::time::sleep(Duration::from_millis(50)).await;
        drop(held);
        let normal = normal.await.unwrap();
        let seen: Vec<i64> = normal
            .prepare("SELECT n FROM t")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(seen, vec![7], "the urgent write went first");
        drop(normal);
        urgent.await.unwrap();
        assert_eq!(rows(&readers).await, vec![7]);
    }

    #[tokio::test]
    async fn a_broken_transaction_fails_its_group_and_the_next_write_gets_a_fresh_connection() {
        let dir = tempfile::tempdir().unwrap();
        let (w, readers) = writer(&dir).await;
        let mut tx = w.begin().await.unwrap();
        insert(&mut tx, 1).await;
        // Ends the group's transaction behind the writer's back, as an
        // error inside SQLite may.
        tx.execute_batch("ROLLBACK").unwrap();
        assert!(tx.commit().await.is_err(), "its group fails");
        let mut tx = w.begin().await.unwrap();
        insert(&mut tx, 2).await;
        tx.commit().await.unwrap();
        assert_eq!(rows(&readers).await, vec![2]);
    }
}
