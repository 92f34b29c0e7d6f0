//! Ingest benchmark (not a test). In one run, over the harness's private
//! Dovecot and Postfix and on the same mailbox: the raw IMAP fetch limit
//! (one client, batches of 100), the send limit (what this Postfix accepts
//! from `smtp-source` with 8 sessions while it delivers: acknowledgements
//! cannot go out faster), the reference script beside this file
//! (`ingest_reference.py`: imaplib, email, a regex, sqlite3 with a commit per
//! message, STORE \Seen), and `liaisond run` (release build) recording,
//! acknowledging (and distributing) the statements. Three cases: a random
//! 150 KiB attachment per statement, a text-layer PDF per statement, and
//! the random case again with 20,000 statements already stored.
//!
//! For liaisond: messages per second recorded and acknowledged (and against
//! the script), CPU per message of the daemon process (/proc/PID/stat; its
//! document readers are processes of their own), bytes written per message
//! (/proc/PID/io write_bytes) and against the message size, fsyncs and
//! fdatasyncs per message (`perf record` of those two system calls, counted
//! for the daemon's process id), peak RSS.
//!
//!     cargo bench --bench ingest -- 1000 [--stored 20000] [--only random|pdf|stored|readers]
//!
//! Last, the document readers alone: a process per document against kept
//! readers, on the same documents.

// The integration tests' harness, of which this benchmark uses a part.
#[path = "../tests/it/support/mod.rs"]
#[allow(dead_code)]
mod support;

// The documents the benchmarks share.
#[path = "support/documents.rs"]
mod documents;
use documents::pdf;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use rand::RngCore;
use support::config::Config;
use support::daemon::{CENTRAL, Daemon};
use support::mailstack::{MailStack, PASSWORD};

const SDO: &str = "sdo@3gpp.example";
const RANDOM_BYTES: usize = 150 * 1024;

fn statement(n: usize, name: &str, attachment: &str) -> Vec<u8> {
    statement_from(SDO, n, name, attachment)
}

fn statement_from(from: &str, n: usize, name: &str, attachment: &str) -> Vec<u8> {
    format!(
        "From: SA3 Officer <{from}>\r\nTo: {CENTRAL}\r\nSubject: LS {n}\r\nMessage-ID: <bench-{n}@3gpp.example>\r\n\
Date: Mon, 2 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n\
--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nFrom: 3GPP TSG SA WG3\r\nTo: IETF LAMPS WG\r\n\
Purpose: For Information\r\nTitle: Benchmark statement {n}\r\nBody:\r\nText of statement {n}.\r\n\
--B\r\nContent-Type: application/pdf; name={name}\r\nContent-Disposition: attachment; filename={name}\r\n\
Content-Transfer-Encoding: base64\r\n\r\n{attachment}\r\n--B--\r\n"
    )
    .into_bytes()
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, c) in data.chunks(3).enumerate() {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for k in 0..4 {
            out.push(if k <= c.len() {
                T[(n >> (18 - 6 * k) & 63) as usize] as char
            } else {
                '='
            });
        }
        if i % 19 == 18 {
            out.push_str("\r\n");
        }
    }
    out
}

/// Statements `from..to`, each with `size` random bytes as a PDF's name.
fn random_statements(from: usize, to: usize, size: usize) -> Vec<Vec<u8>> {
    let mut blob = vec![0u8; size];
    rand::rng().fill_bytes(&mut blob);
    let attachment = base64(&blob);
    (from..to)
        .map(|i| statement(i, &format!("S3-{i:06}.pdf"), &attachment))
        .collect()
}

/// Statements stored before a measurement: from 500 officers whose
/// acknowledgements the test Postfix refuses (no such user), so that they
/// cost a refusal each and no officer reaches the day's cap.
fn stored_statements(n: usize) -> Vec<Vec<u8>> {
    let attachment = base64(&[7u8; 2048]);
    (1_000_000..1_000_000 + n)
        .map(|i| {
            let from = format!("officer{}@3gpp.example", i % 500);
            statement_from(&from, i, &format!("S3-{i:07}.pdf"), &attachment)
        })
        .collect()
}

/// Removes every message from the central inbox (the pointer stays).
async fn empty_inbox(stack: &MailStack) {
    let mut imap = login(stack).await;
    imap.select("INBOX").await.unwrap();
    let _: Vec<_> = imap
        .store("1:*", "+FLAGS.SILENT (\\Deleted)")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let _: Vec<_> = imap.expunge().await.unwrap().try_collect().await.unwrap();
    imap.logout().await.unwrap();
}

async fn load(stack: &MailStack, mails: &[Vec<u8>]) {
    let refs: Vec<&[u8]> = mails.iter().map(Vec::as_slice).collect();
    for chunk in refs.chunks(200) {
        stack
            .append_many(CENTRAL, "INBOX", chunk)
            .await
            .expect("IMAP APPEND");
    }
}

/// An IMAP session of the central mailbox, with TCP_NODELAY as liaisond has.
async fn login(stack: &MailStack) -> async_imap::Session<tokio::net::TcpStream> {
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", stack.imap_port))
        .await
        .unwrap();
    tcp.set_nodelay(true).unwrap();
    let mut client = async_imap::Client::new(tcp);
    client.read_response().await.unwrap();
    client
        .login(CENTRAL, PASSWORD)
        .await
        .map_err(|e| e.0)
        .unwrap()
}

/// Messages per second one IMAP client fetches the whole inbox at, in
/// batches of 100 (as liaisond fetches), without changing anything.
async fn fetch_limit(stack: &MailStack) -> f64 {
    let mut imap = login(stack).await;
    let started = Instant::now();
    imap.examine("INBOX").await.unwrap();
    let mut uids: Vec<u32> = imap.uid_search("ALL").await.unwrap().into_iter().collect();
    uids.sort_unstable();
    let mut n = 0;
    for batch in uids.chunks(100) {
        let set: Vec<String> = batch.iter().map(u32::to_string).collect();
        let fetched: Vec<_> = imap
            .uid_fetch(set.join(","), "(UID BODY.PEEK[])")
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        n += fetched.iter().filter(|f| f.body().is_some()).count();
    }
    let rate = n as f64 / started.elapsed().as_secs_f64();
    imap.logout().await.unwrap();
    rate
}

/// Mails per second this Postfix accepts from one client with 8 sessions
/// (`smtp-source`, Postfix's own load generator), each as big as an
/// acknowledgement and delivered to the officer's mailbox as they are: the
/// ceiling on acknowledgements per second on this machine.
fn send_limit(stack: &MailStack) -> f64 {
    let n = 1000;
    let started = Instant::now();
    let out = Command::new("smtp-source")
        .args(["-s", "8", "-l", "2500", "-m", &n.to_string()])
        .args(["-f", CENTRAL, "-t", SDO])
        .arg(format!("127.0.0.1:{}", stack.smtp_port))
        .output()
        .expect("smtp-source runs (Debian package postfix)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    n as f64 / started.elapsed().as_secs_f64()
}

/// Messages per second of the reference script on the same inbox.
fn reference(stack: &MailStack, dir: &Path) -> f64 {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/ingest_reference.py");
    let out = Command::new("python3")
        .arg(script)
        .args(["127.0.0.1", &stack.imap_port.to_string(), CENTRAL, PASSWORD])
        .arg(dir.join("reference.db"))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["messages"].as_f64().unwrap() / v["seconds"].as_f64().unwrap()
}

/// What one run of liaisond did.
struct Run {
    recorded: f64,
    acknowledged: f64,
    cpu_ms: f64,
    written: u64,
    fsyncs: usize,
    rss_kib: u64,
}

fn proc_field(pid: u32, file: &str, key: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// CPU time of the process itself (all its threads, not its children), in ms.
fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let f: Vec<u64> = after
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    // Fields 14 (utime) and 15 (stime): the 12th and 13th after the state.
    let ticks = f.get(10).copied().unwrap_or(0) + f.get(11).copied().unwrap_or(0);
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    ticks as f64 * 1000.0 / hz
}

/// Records every fsync and fdatasync on the machine until stopped.
fn record_syncs(file: &Path) -> std::process::Child {
    let child = Command::new("perf")
        .args([
            "record",
            "-q",
            "-a",
            "-e",
            "syscalls:sys_enter_fsync",
            "-e",
            "syscalls:sys_enter_fdatasync",
            "-o",
        ])
        .arg(file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("perf runs (apt-get install linux-perf)");
    // perf opens its events before recording.
    std::thread::sleep(Duration::from_millis(500));
    child
}

/// Stops the recording; how many of the calls `pid` made.
fn syncs_of(mut perf: std::process::Child, file: &Path, pid: u32) -> usize {
    let _ = Command::new("kill")
        .args(["-INT", &perf.id().to_string()])
        .status();
    let _ = perf.wait();
    let out = Command::new("perf")
        .args(["script", "-F", "pid", "-i"])
        .arg(file)
        .output()
        .expect("perf script runs");
    let pid = pid.to_string();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.trim() == pid)
        .count()
}

async fn scalar(pool: &sqlx::SqlitePool, sql: &'static str, after: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(after)
        .fetch_one(pool)
        .await
        .unwrap_or(0)
}

/// The newest row ids, so that only rows after them are counted.
const LAST_STATEMENT: &str = "SELECT COALESCE(MAX(id), 0) FROM statements WHERE id > ?";
const LAST_MAIL: &str = "SELECT COALESCE(MAX(id), 0) FROM outbox WHERE id > ?";
const RECORDED: &str = "SELECT COUNT(*) FROM statements WHERE id > ?";
const ACKED: &str =
    "SELECT COUNT(*) FROM outbox WHERE id > ? AND purpose = 'ack' AND state = 'sent'";
const WAITING: &str = "SELECT COUNT(*) FROM outbox WHERE id > ? AND state IN ('queued', 'sending')";
/// When the last of them was recorded, and acknowledged (as stored).
const RECORDED_AT: &str = "SELECT MAX(received_at) FROM statements WHERE id > ?";
const ACKED_AT: &str =
    "SELECT MAX(sent_at) FROM outbox WHERE id > ? AND purpose = 'ack' AND state = 'sent'";

/// Seconds from `start` to a stored time.
async fn since(
    pool: &sqlx::SqlitePool,
    sql: &'static str,
    after: i64,
    start: chrono::DateTime<chrono::Utc>,
) -> f64 {
    let at: Option<String> = sqlx::query_scalar(sql)
        .bind(after)
        .fetch_one(pool)
        .await
        .unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(&at.expect("a stored time")).unwrap();
    (at.with_timezone(&chrono::Utc) - start).as_seconds_f64()
}

/// Starts (or restarts) liaisond and waits until `n` more statements are
/// recorded and acknowledged (or, with `refused`, their mail all tried);
/// stops it after. It is polled rarely, with cheap queries; the times are
/// those the store recorded.
async fn run(
    d: &mut Option<Daemon>,
    start: impl FnOnce() -> Daemon,
    dir: &Path,
    n: i64,
    refused: bool,
) -> Run {
    let perf_file = dir.join("syncs.perf");
    let perf = record_syncs(&perf_file);
    let (started, begun) = (Instant::now(), chrono::Utc::now());
    let d = match d {
        Some(d) => {
            d.spawn(&[]);
            d
        }
        None => d.insert(start()),
    };
    let pid = d.pid().expect("liaisond runs");
    let store = liaisond::store::Store::open(&d.db()).await.unwrap();
    let pool = store.pool();
    let (statement0, mail0) = (
        scalar(pool, LAST_STATEMENT, 0).await,
        scalar(pool, LAST_MAIL, 0).await,
    );
    let limit = Duration::from_secs(3600);
    wait(pool, RECORDED, statement0, n, started, limit, d).await;
    match refused {
        false => wait(pool, ACKED, mail0, n, started, limit, d).await,
        true => {
            wait(pool, WAITING, mail0, 0, started, limit, d).await;
        }
    }
    let recorded = since(pool, RECORDED_AT, statement0, begun).await;
    let acknowledged = match refused {
        false => since(pool, ACKED_AT, mail0, begun).await,
        true => started.elapsed().as_secs_f64(),
    };
    let cpu = cpu_ms(pid);
    let written = proc_field(pid, "io", "write_bytes:");
    let rss_kib = proc_field(pid, "status", "VmHWM:");
    drop(store);
    d.stop();
    // The daemon's log stays for a look at where the time went.
    let kept = std::env::temp_dir().join("liaisond-ingest-bench.log");
    let _ = std::fs::write(&kept, d.logs());
    Run {
        recorded: n as f64 / recorded,
        acknowledged: n as f64 / acknowledged,
        cpu_ms: cpu / n as f64,
        written,
        fsyncs: syncs_of(perf, &perf_file, pid),
        rss_kib,
    }
}

/// Waits until `sql` (counting rows after `after`) says `target` (at least,
/// or none left for a target of 0), polling every 200 ms.
async fn wait(
    pool: &sqlx::SqlitePool,
    sql: &'static str,
    after: i64,
    target: i64,
    started: Instant,
    limit: Duration,
    d: &Daemon,
) {
    loop {
        let n = scalar(pool, sql, after).await;
        if (target > 0 && n >= target) || (target == 0 && n == 0) {
            return;
        }
        assert!(started.elapsed() < limit, "timed out\n{}", d.logs());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

struct Case {
    name: String,
    messages: usize,
    size: usize,
    fetch: f64,
    send: f64,
    script: f64,
    run: Run,
}

async fn case(name: &str, mails: Vec<Vec<u8>>, stored: usize) -> Case {
    let stack = MailStack::start(&[CENTRAL, SDO]).expect("mail servers start");
    let dir = tempfile::tempdir().unwrap();
    // The built-in directory, as deployed: each statement is also
    // distributed to the IETF LAMPS WG's chairs at ietf.org, which this
    // private Postfix refuses (it delivers nowhere else): the mail is built
    // from the stored parts, offered, refused at RCPT and quarantined.
    let config = Config::new().bulk_sender();
    // Processed mail flagged (as the script marks it \Seen), not moved: see MOVE below.
    let start = || {
        Daemon::start_adjusted(&stack, config.clone(), |c| {
            c.mailboxes[0].processed_folder = None;
        })
    };
    let mut daemon = None;
    if stored > 0 {
        let started = Instant::now();
        load(&stack, &stored_statements(stored)).await;
        let r = run(&mut daemon, &start, dir.path(), stored as i64, true).await;
        empty_inbox(&stack).await;
        eprintln!(
            "{name}: stored {stored} statements first in {:.0?} ({:.0} recorded/s)",
            started.elapsed(),
            r.recorded,
        );
    }
    let size = mails.iter().map(Vec::len).sum::<usize>() / mails.len();
    load(&stack, &mails).await;
    let fetch = fetch_limit(&stack).await;
    let send = send_limit(&stack);
    let script = reference(&stack, dir.path());
    eprintln!(
        "{name}: fetch limit {fetch:.0}/s, send limit {send:.0}/s, script {script:.0}/s; liaisond..."
    );
    let run = run(&mut daemon, &start, dir.path(), mails.len() as i64, false).await;
    Case {
        name: name.into(),
        messages: mails.len(),
        size,
        fetch,
        send,
        script,
        run,
    }
}

/// CPU of this process's waited-for children so far, in ms.
fn children_cpu_ms() -> f64 {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(u.ru_utime) + ms(u.ru_stime)
}

/// Documents read two at a time, by a child process per document and by
/// kept readers: (documents per second, CPU ms per document, of the readers).
fn read_documents(name: &str, doc: &[u8], n: usize, kept: bool) -> (f64, f64) {
    use liaisond::extract::Limits;
    use liaisond::extract::doctext::isolate::{Readers, extract_isolated};
    let exe = Path::new(support::daemon::BIN);
    let readers = Readers::new(exe.to_path_buf(), Limits::default());
    let (cpu, started) = (children_cpu_ms(), Instant::now());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..n / 2 {
                    let texts = if kept {
                        readers.read(name, "application/pdf", doc)
                    } else {
                        extract_isolated(exe, name, "application/pdf", doc, &Limits::default())
                    };
                    assert!(!texts.is_empty());
                }
            });
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    drop(readers);
    (n as f64 / elapsed, (children_cpu_ms() - cpu) / n as f64)
}

fn print_readers() {
    let mut random = vec![0u8; RANDOM_BYTES];
    rand::rng().fill_bytes(&mut random);
    let (page, text) = (pdf(1, 10), pdf(4, 60));
    println!(
        "\ndocument readers, 2 at a time      {:>22} {:>22}",
        "process per document", "kept readers"
    );
    for (label, doc) in [
        ("random 150 KiB named .pdf", &random),
        ("one-page text PDF", &page),
        ("four-page text PDF", &text),
    ] {
        let (a, a_cpu) = read_documents("LS.pdf", doc, 200, false);
        let (b, b_cpu) = read_documents("LS.pdf", doc, 200, true);
        println!("{label:<34} {a:>7.0}/s {a_cpu:>6.2} ms CPU {b:>7.0}/s {b_cpu:>6.2} ms CPU");
    }
}

fn print(cases: &[Case]) {
    println!(
        "\n{:<22} {:>6} {:>8} {:>9} {:>8} {:>7} {:>16} {:>16} {:>7} {:>17} {:>7} {:>8}",
        "case",
        "msgs",
        "size",
        "fetch/s",
        "send/s",
        "script",
        "recorded/s",
        "acknowledged/s",
        "CPU ms",
        "written/msg",
        "fsyncs",
        "peak RSS"
    );
    for c in cases {
        let r = &c.run;
        let written = r.written as f64 / c.messages as f64;
        println!(
            "{:<22} {:>6} {:>6.0}kB {:>9.0} {:>8.0} {:>7.0} {:>8.0} ({:>4.1}x) {:>8.0} ({:>4.1}x) {:>7.2} {:>7.0}kB ({:.2}x) {:>7.2} {:>5.0}MiB",
            c.name,
            c.messages,
            c.size as f64 / 1000.0,
            c.fetch,
            c.send,
            c.script,
            r.recorded,
            r.recorded / c.script,
            r.acknowledged,
            r.acknowledged / c.script,
            r.cpu_ms,
            written / 1000.0,
            written / c.size as f64,
            r.fsyncs as f64 / c.messages as f64,
            r.rss_kib as f64 / 1024.0
        );
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |f: &str| {
        args.iter()
            .position(|a| a == f)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let n: usize = args
        .iter()
        .take_while(|a| !a.starts_with("--"))
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let stored: usize = flag("--stored")
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let only = flag("--only");
    let wanted = |c: &str| only.as_deref().is_none_or(|o| o == c);
    let mut cases = Vec::new();
    if wanted("random") {
        let mails = random_statements(0, n, RANDOM_BYTES);
        cases.push(case("random 150 KiB", mails, 0).await);
    }
    if wanted("pdf") {
        let doc = base64(&pdf(4, 60));
        let mails = (0..n)
            .map(|i| statement(i, &format!("S3-{i:06}.pdf"), &doc))
            .collect();
        cases.push(case("text-layer PDF", mails, 0).await);
    }
    if wanted("stored") {
        let mails = random_statements(0, n, RANDOM_BYTES);
        cases.push(case(&format!("random, {stored} stored"), mails, stored).await);
    }
    print(&cases);
    if wanted("readers") {
        print_readers();
    }
}
