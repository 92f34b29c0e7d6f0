//! Ingest benchmark (not a test): N generated statements with attachments go
//! into the central mailbox of a private Dovecot; `liaisond run` (release
//! build) reads them over IMAP, records and acknowledges them through Postfix.
//! Prints messages per second and the daemon's peak resident memory.
//!
//!     cargo bench --bench ingest -- 1000

// The integration tests' harness, of which this benchmark uses a part.
#[path = "../tests/it/support/mod.rs"]
#[allow(dead_code)]
mod support;

use std::time::{Duration, Instant};

use rand::RngCore;
use support::config::Config;
use support::daemon::{CENTRAL, Daemon};
use support::mailstack::MailStack;

const SDO: &str = "sdo@3gpp.example";
const ATTACHMENT_BYTES: usize = 48 * 1024;

fn statement(n: usize, attachment: &str) -> Vec<u8> {
    format!(
        "From: SA3 Officer <{SDO}>\r\nTo: {CENTRAL}\r\nSubject: LS {n}\r\nMessage-ID: <bench-{n}@3gpp.example>\r\n\
Date: Mon, 2 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n\
--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nFrom: 3GPP TSG SA WG3\r\nTo: IETF LAMPS WG\r\n\
Purpose: For Information\r\nTitle: Benchmark statement {n}\r\nBody:\r\nText of statement {n}.\r\n\
--B\r\nContent-Type: application/pdf; name=S3-{n:06}.pdf\r\nContent-Disposition: attachment; filename=S3-{n:06}.pdf\r\n\
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

fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn count(pool: &sqlx::SqlitePool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let stack = MailStack::start(&[CENTRAL, SDO]).expect("mail servers start");
    let mut blob = vec![0u8; ATTACHMENT_BYTES];
    rand::rng().fill_bytes(&mut blob);
    let attachment = base64(&blob);
    let mails: Vec<Vec<u8>> = (0..n).map(|i| statement(i, &attachment)).collect();
    let total_bytes: usize = mails.iter().map(Vec::len).sum();
    let refs: Vec<&[u8]> = mails.iter().map(Vec::as_slice).collect();
    let loading = Instant::now();
    for chunk in refs.chunks(200) {
        stack
            .append_many(CENTRAL, "INBOX", chunk)
            .await
            .expect("IMAP APPEND");
    }
    eprintln!(
        "loaded {n} messages ({:.1} MB) into Dovecot in {:.1?}",
        total_bytes as f64 / 1e6,
        loading.elapsed()
    );

    let started = Instant::now();
    let d = Daemon::start(&stack, Config::new().ack_cap(1_000_000));
    let store = liaisond::store::Store::open(&d.db()).await.unwrap();
    let pool = store.pool();
    let limit = Duration::from_secs(1800);
    while count(pool, "SELECT COUNT(*) FROM statements").await < n as i64 {
        assert!(started.elapsed() < limit, "timed out\n{}", d.logs());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let recorded = started.elapsed();
    while count(pool, "SELECT COUNT(*) FROM outbox WHERE state = 'sent'").await < n as i64 {
        assert!(started.elapsed() < limit, "timed out\n{}", d.logs());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let acknowledged = started.elapsed();
    let rss = d.pid().and_then(peak_rss_kib).unwrap_or(0);
    println!(
        "messages:                 {n} ({:.1} MB, {} KiB attachment each)",
        total_bytes as f64 / 1e6,
        ATTACHMENT_BYTES / 1024
    );
    println!(
        "recorded (IMAP -> SQLite): {:.2} s, {:.0} messages/s",
        recorded.as_secs_f64(),
        n as f64 / recorded.as_secs_f64()
    );
    println!(
        "acknowledged (via SMTP):   {:.2} s, {:.0} messages/s",
        acknowledged.as_secs_f64(),
        n as f64 / acknowledged.as_secs_f64()
    );
    println!("peak RSS of liaisond:      {:.1} MiB", rss as f64 / 1024.0);
}
