//! Faults over the real servers: kill -9 while mail is sent, a full disk, a
//! database another process holds locked, processing that fails, and the
//! `outbox` commands for mail that could not go.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use liaisond::store::Store;
use mail_parser::MessageParser;
use rand::Rng;
use sqlx::{Connection, Executor};

use crate::support::config::{Config, Database};
use crate::support::daemon::{
    BIN, CENTRAL, Daemon, SDO, statement_acknowledged, statement_mail, wait,
};
use crate::support::mailstack::MailStack;

fn header(raw: &[u8], name: &str) -> String {
    let msg = MessageParser::default().parse(raw).unwrap();
    msg.header_raw(name).unwrap_or("").trim().to_string()
}

async fn count(store: &Store, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .unwrap_or(0)
}

const ACKS_SENT: &str = "SELECT COUNT(*) FROM outbox WHERE purpose = 'ack' AND state = 'sent'";

/// The acknowledgements Dovecot delivered, read from the sender's Maildir
/// (an IMAP FETCH of a thousand mails is slow in a debug build): how many,
/// how many distinct, how many statements they answer.
fn delivered(stack: &MailStack) -> (usize, usize, usize) {
    let root = stack.dir.join("mail").join(SDO);
    let acks: Vec<Vec<u8>> = ["new", "cur"]
        .iter()
        .filter_map(|d| std::fs::read_dir(root.join(d)).ok())
        .flatten()
        .filter_map(|e| std::fs::read(e.ok()?.path()).ok())
        .collect();
    let mut ids: Vec<String> = acks.iter().map(|a| header(a, "Message-ID")).collect();
    let mut answered: Vec<String> = acks.iter().map(|a| header(a, "In-Reply-To")).collect();
    ids.sort();
    ids.dedup();
    answered.sort();
    answered.dedup();
    (acks.len(), ids.len(), answered.len())
}

#[tokio::test(flavor = "multi_thread")]
async fn twenty_kills_during_heavy_sending_lose_nothing_and_repeat_at_most_one_mail() {
    const N: usize = 1000;
    let stack = MailStack::start(&[CENTRAL, SDO]).unwrap();
    let mails: Vec<Vec<u8>> = (0..N).map(statement_mail).collect();
    for chunk in mails.chunks(200) {
        let refs: Vec<&[u8]> = chunk.iter().map(Vec::as_slice).collect();
        stack.append_many(CENTRAL, "INBOX", &refs).await.unwrap();
    }
    let mut d = Daemon::start(&stack, Config::new().bulk_sender());
    let store = Store::open(&d.db()).await.unwrap();
    let mut rng = rand::rng();
    for _ in 0..20 {
        // Killed while acknowledgements go out: some were sent since the start.
        let before = count(&store, ACKS_SENT).await;
        let deadline = Instant::now() + Duration::from_secs(20);
        while count(&store, ACKS_SENT).await < before + 10 {
            assert!(Instant::now() < deadline, "nothing is sent\n{}", d.logs());
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(rng.random_range(0..20))).await;
        d.kill();
        d.spawn(&[]);
    }
    let sent = count(&store, ACKS_SENT).await;
    assert!(
        sent < N as i64,
        "sending went on through all 20 kills ({sent} of {N})"
    );
    let all = wait(Duration::from_secs(120), || delivered(&stack).2 >= N);
    if !all {
        let states = outbox_states(&store).await;
        panic!(
            "every statement acknowledged: (delivered, distinct, statements answered) = {:?}; \
             outbox (purpose, state, confirmed, count) = {states:?}\n{}",
            delivered(&stack),
            d.logs()
        );
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (acks, distinct, answered) = delivered(&stack);
    let interrupted = count(
        &store,
        "SELECT COUNT(*) FROM events WHERE kind = 'mail_send_interrupted'",
    )
    .await;
    let unconfirmed = count(
        &store,
        "SELECT COUNT(*) FROM events WHERE kind = 'mail_sent_unconfirmed'",
    )
    .await;
    eprintln!(
        "{N} statements, 20 kills: {acks} acknowledgements delivered, {distinct} distinct, \
         {} twice; caught mid-send: {interrupted} queued again, {unconfirmed} taken as sent",
        acks - distinct
    );
    assert_eq!(answered, N, "each statement acknowledged");
    assert_eq!(d.statements().len(), N, "each statement recorded once");
    assert!(
        acks - distinct <= 1,
        "{} acknowledgements delivered twice",
        acks - distinct
    );
}

/// The outbox by purpose, state and confirmation, for a failure message.
async fn outbox_states(store: &Store) -> Vec<(String, String, bool, i64)> {
    sqlx::query_as(
        "SELECT purpose, state, confirmed, COUNT(*) FROM outbox GROUP BY purpose, state, confirmed",
    )
    .fetch_all(store.pool())
    .await
    .unwrap_or_default()
}

/// The attack on the handover note: a crash the instant a mail is noted as
/// handed over. Noted before its final dot (as liaisond once did), the mail
/// never reached the server and was then taken as sent: lost. Noted once
/// the dot has left, the server has it whole and delivers it, once.
#[tokio::test(flavor = "multi_thread")]
async fn a_crash_the_instant_a_mail_is_noted_as_handed_over_loses_no_mail() {
    let stack = MailStack::start(&[CENTRAL, SDO]).unwrap();
    let mut d = Daemon::start(&stack, Config::new());
    d.stop();
    d.spawn(&[("LIAISOND_FAULT", "handover-noted")]);
    stack
        .send_smtp(SDO, &[CENTRAL], &statement_mail(3))
        .await
        .unwrap();
    let status = d.wait_exit(Duration::from_secs(30));
    assert!(!status.success(), "the injected crash happened");
    assert!(d.log(2).contains("handover-noted"), "{}", d.logs());

    d.spawn(&[]);
    let arrived = wait(Duration::from_secs(30), || delivered(&stack).0 >= 1);
    let store = Store::open(&d.db()).await.unwrap();
    assert!(
        arrived,
        "the acknowledgement caught by the crash was delivered; outbox {:?}\n{}",
        outbox_states(&store).await,
        d.logs()
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(delivered(&stack), (1, 1, 1), "delivered once\n{}", d.logs());
    let unconfirmed = count(
        &store,
        "SELECT COUNT(*) FROM events WHERE kind = 'mail_sent_unconfirmed'",
    )
    .await;
    assert_eq!(
        unconfirmed, 1,
        "taken as sent, unconfirmed, after the restart"
    );
}

/// A small tmpfs, unmounted when dropped.
struct Tmpfs {
    path: PathBuf,
}

impl Tmpfs {
    fn mount(size: &str) -> Tmpfs {
        let path = tempfile::Builder::new()
            .prefix("full")
            .tempdir_in("/tmp")
            .unwrap()
            .keep();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .status()
            .unwrap()
            .success();
        assert!(ok, "mounting a tmpfs (needs root)");
        Tmpfs { path }
    }

    /// Writes a file until the disk is full.
    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.path.join("filler")).unwrap();
        let chunk = vec![0u8; 64 * 1024];
        while f.write_all(&chunk).and_then(|_| f.sync_all()).is_ok() {}
    }

    fn free(&self) {
        std::fs::remove_file(self.path.join("filler")).unwrap();
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
        let _ = std::fs::remove_dir(&self.path);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_disk_holds_mail_up_and_once_freed_everything_is_processed_and_sent_without_a_restart()
 {
    let stack = MailStack::start(&[CENTRAL, SDO]).unwrap();
    let disk = Tmpfs::mount("24m");
    let db = disk.path.join("liaisond.db");
    let d = Daemon::start_adjusted(&stack, Config::new().bulk_sender(), |c| {
        c.database = Some(Database { path: db.clone() });
    });
    let pid = d.pid().unwrap();
    statement_acknowledged(&stack, &d, 0, 1).await;

    disk.fill();
    for n in 1..=5 {
        stack
            .send_smtp(SDO, &[CENTRAL], &statement_mail(n))
            .await
            .unwrap();
    }
    let full = wait(Duration::from_secs(30), || {
        d.log(1).contains("database or disk is full") || d.log(1).contains("No space left")
    });
    assert!(full, "the full disk was noticed\n{}", d.logs());
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        stack.fetch_all(SDO, "INBOX").await.unwrap().len(),
        1,
        "nothing more goes out while the disk is full"
    );

    disk.free();
    stack
        .wait_for_messages(SDO, "INBOX", 6, Duration::from_secs(90))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", d.logs()));
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (acks, distinct, answered) = delivered(&stack);
    assert_eq!((acks, distinct, answered), (6, 6, 6), "{}", d.logs());
    assert_eq!(d.statements().len(), 6);
    assert_eq!(d.pid(), Some(pid), "the same process all along");
    assert!(
        Path::new(&format!("/proc/{pid}")).exists(),
        "it is still running"
    );
    assert!(
        stack.fetch_all(CENTRAL, "INBOX").await.unwrap().is_empty(),
        "every message was archived and moved"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_start_while_another_process_holds_the_write_lock_waits_and_says_running_only_once_it_is()
{
    let stack = MailStack::start(&[CENTRAL, SDO]).unwrap();
    let mut d = Daemon::start(&stack, Config::new());
    d.stop();
    let url = format!("sqlite:{}", d.db().display());
    let mut holder = sqlx::SqliteConnection::connect(&url).await.unwrap();
    holder.execute("BEGIN IMMEDIATE").await.unwrap();
    holder
        .execute("INSERT INTO reference_counters (year, last) VALUES (1999, 0)")
        .await
        .unwrap();

    let log = d.dir.join("locked.log");
    let mut child = Command::new(BIN)
        .args(["--config", "liaisond.toml", "run"])
        .current_dir(&d.dir)
        .env("RUST_LOG", "liaisond=info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let read = || std::fs::read_to_string(&log).unwrap_or_default();
    let waiting = wait(Duration::from_secs(20), || read().contains("locked"));
    assert!(waiting, "it says what it waits for\n{}", read());
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        child.try_wait().unwrap().is_none(),
        "still there, waiting\n{}",
        read()
    );
    assert!(
        !read().contains("running"),
        "not running while the database is locked\n{}",
        read()
    );

    holder.execute("COMMIT").await.unwrap();
    drop(holder);
    let running = wait(Duration::from_secs(40), || {
        read().contains("liaisond: running")
    });
    assert!(running, "running once the lock is gone\n{}", read());
    stack
        .send_smtp(SDO, &[CENTRAL], &statement_mail(1))
        .await
        .unwrap();
    let acked = stack
        .wait_for_messages(SDO, "INBOX", 1, Duration::from_secs(20))
        .await;
    let _ = child.kill();
    let _ = child.wait();
    acked.unwrap_or_else(|e| panic!("{e}\n{}", read()));
}

#[tokio::test(flavor = "multi_thread")]
async fn processing_that_fails_is_tried_again_while_running_and_reported() {
    let stack = MailStack::start(&[CENTRAL, SDO]).unwrap();
    let mut d = Daemon::start(&stack, Config::new());
    d.stop();
    d.spawn(&[
        ("LIAISOND_FAULT", "processing"),
        ("LIAISOND_FAULT_TIMES", "2"),
    ]);
    statement_acknowledged(&stack, &d, 1, 1).await;
    let log = d.log(2);
    assert_eq!(
        log.matches("processing failed; the message is kept and tried again")
            .count(),
        2,
        "{log}"
    );
    assert!(
        stack.fetch_all(CENTRAL, "INBOX").await.unwrap().is_empty(),
        "archived, so marked at the source before it was processed"
    );
    let store = Store::open(&d.db()).await.unwrap();
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM events WHERE kind = 'processing_failed'"
        )
        .await,
        2,
        "each failure is in the record"
    );
    assert!(store.failed_messages().await.unwrap().is_empty());
    assert_eq!(d.statements().len(), 1);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(stack.fetch_all(SDO, "INBOX").await.unwrap().len(), 1);
}

/// `liaisond outbox ...` against the daemon's configuration: (success, stdout).
fn outbox(d: &Daemon, args: &[&str]) -> (bool, String) {
    let out = Command::new(BIN)
        .args(["--config", "liaisond.toml", "outbox"])
        .args(args)
        .current_dir(&d.dir)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn quarantined_mail_is_listed_shown_retried_or_cancelled() {
    let stack = MailStack::start(&[CENTRAL, SDO]).unwrap();
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut d = Daemon::start_adjusted(&stack, Config::new(), |c| {
        c.outbox.as_mut().unwrap().max_attempts = Some(1);
    });
    let good = d.config.clone();
    d.stop();
    let mut bad = good.clone();
    bad.outgoing.as_mut().unwrap().port = Some(dead);
    bad.write(&d.dir.join("liaisond.toml"));
    d.spawn(&[]);
    for n in 1..=2 {
        stack
            .send_smtp(SDO, &[CENTRAL], &statement_mail(n))
            .await
            .unwrap();
    }
    let store = Store::open(&d.db()).await.unwrap();
    let failed = wait(Duration::from_secs(30), || {
        futures::executor::block_on(count(
            &store,
            "SELECT COUNT(*) FROM outbox WHERE purpose = 'ack' AND state = 'failed'",
        )) == 2
    });
    assert!(failed, "both acknowledgements quarantined\n{}", d.logs());
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM outbox WHERE purpose = 'ack' ORDER BY id")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let (first, second) = (ids[0].to_string(), ids[1].to_string());

    let (ok, list) = outbox(&d, &["list"]);
    assert!(ok, "{list}");
    for id in &ids {
        assert!(
            list.lines()
                .any(|l| l.trim_start().starts_with(&format!("{id} ")) && l.contains("failed")),
            "{list}"
        );
    }
    assert!(list.contains("last error after 1 attempt(s)"), "{list}");
    let (ok, shown) = outbox(&d, &["show", &first]);
    assert!(ok, "{shown}");
    assert!(shown.contains("State:           failed"), "{shown}");
    assert!(
        shown.contains("Subject: Liaison statement received"),
        "{shown}"
    );
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("To:") && l.contains(SDO)),
        "{shown}"
    );

    d.stop();
    good.write(&d.dir.join("liaisond.toml"));
    d.spawn(&[]);
    let (ok, cancelled) = outbox(&d, &["cancel", &second]);
    assert!(ok && cancelled.contains("cancelled"), "{cancelled}");
    let (ok, retried) = outbox(&d, &["retry", &first]);
    assert!(ok && retried.contains("queued again"), "{retried}");
    let acks = stack
        .wait_for_messages(SDO, "INBOX", 1, Duration::from_secs(20))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", d.logs()));
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        stack.fetch_all(SDO, "INBOX").await.unwrap().len(),
        1,
        "the cancelled one never goes"
    );
    assert!(header(&acks[0], "Subject").contains("LS on topic 1"));

    let (_, all) = outbox(&d, &["list", "--all"]);
    assert!(
        all.lines()
            .any(|l| l.contains(&format!("{first} ")) && l.contains("sent")),
        "{all}"
    );
    assert!(
        all.lines()
            .any(|l| l.contains(&format!("{second} ")) && l.contains("cancelled")),
        "{all}"
    );
    let (ok, again) = outbox(&d, &["retry", &first]);
    assert!(!ok && again.contains("sent; left as it is"), "{again}");
    let (ok, none) = outbox(&d, &["cancel", "999999"]);
    assert!(!ok && none.contains("no such mail"), "{none}");
}
