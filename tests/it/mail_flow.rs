//! The mail path end to end: statements sent by SMTP through a real Postfix,
//! read by liaisond from a real Dovecot over IMAP, acknowledged by SMTP, and
//! the acknowledgements read back from the sender's IMAP inbox.

use std::time::Duration;

use crate::support::config::{Config, Security};
use crate::support::daemon::{
    BIN, CENTRAL, Daemon, SDO, stack_config, statement_acknowledged, statement_mail, wait,
};
use crate::support::inbox::{header, inbox};
use crate::support::mailstack::MailStack;

const USERS: &[&str] = &[
    CENTRAL,
    SDO,
    "coord@iab.example",
    "ad@ietf.example",
    "liaison-bot@iab.example",
];

/// Raw bytes liaisond archived, read straight from its database.
async fn archived(d: &Daemon) -> Vec<(Vec<u8>, String, Option<String>)> {
    let store = liaisond::store::Store::open(&d.db()).await.unwrap();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM raw_messages ORDER BY id")
        .fetch_all(store.pool())
        .await
        .unwrap();
    let mut all = Vec::new();
    for id in ids {
        let m = store.raw_message(id).await.unwrap();
        all.push((m.raw, m.sha256, m.kind.map(|k| k.as_str().to_string())));
    }
    all
}

#[tokio::test(flavor = "multi_thread")]
async fn a_statement_sent_by_smtp_is_picked_up_by_idle_recorded_once_and_acknowledged() {
    let stack = MailStack::start(USERS).unwrap();
    let d = Daemon::start(&stack, Config::new());
    let sent = statement_mail(1);
    stack.send_smtp(SDO, &[CENTRAL], &sent).await.unwrap();

    // Polling is set to an hour: only IDLE brings it in this fast.
    let acks = stack
        .wait_for_messages(SDO, "INBOX", 1, Duration::from_secs(20))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", d.logs()));
    let ack = &acks[0];
    let statements = d.statements();
    assert_eq!(statements.len(), 1, "{statements:?}");
    let s = &statements[0];
    let reference = s["reference"].as_str().unwrap();
    assert!(reference.starts_with("LS-20"), "{reference}");
    assert!(
        header(ack, "Subject").contains(reference),
        "{}",
        header(ack, "Subject")
    );
    let original_id = format!("<ls-1.{}@3gpp.example>", std::process::id());
    assert_eq!(header(ack, "In-Reply-To"), original_id);
    assert!(header(ack, "References").contains(&original_id));
    assert_eq!(header(ack, "Auto-Submitted"), "auto-replied");
    assert_eq!(header(ack, "X-Loop"), "liaisond");
    assert_eq!(
        header(ack, "Return-Path"),
        "<>",
        "automatic replies go with the null sender"
    );
    assert!(header(ack, "From").contains("liaison-bot@iab.example"));
    let text = String::from_utf8_lossy(ack);
    assert!(
        text.contains("3GPP TSG SA WG3") && text.contains("S3-260001.pdf"),
        "{text}"
    );

    assert_eq!(s["from_groups"][0], "3GPP TSG SA WG3");
    assert_eq!(s["purpose"], "for_action");
    assert_eq!(s["deadline"], "2026-12-15");
    assert_eq!(s["attachments"][0]["name"], "S3-260001.pdf");
    assert_eq!(
        s["attachments"][0]["sha256"],
        liaisond::domain::sha256_hex(b"%PDF-1.4\n% liaison\n")
    );

    // Archived byte for byte, and only then moved out of the inbox.
    let processed = stack.fetch_all(CENTRAL, "Processed").await.unwrap();
    assert_eq!(processed.len(), 1);
    assert!(inbox(&stack, CENTRAL).await.is_empty());
    let raw = archived(&d).await;
    assert_eq!(raw.len(), 1);
    assert_eq!(
        raw[0].0, processed[0],
        "the archive holds the exact bytes the server holds"
    );
    assert_eq!(raw[0].1, liaisond::domain::sha256_hex(&processed[0]));

    // Nothing more arrives later: one acknowledgement.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(inbox(&stack, SDO).await.len(), 1);
}

async fn crash_at(point: &str) {
    let stack = MailStack::start(USERS).unwrap();
    let mut d = Daemon::start(&stack, Config::new());
    d.stop();
    d.spawn(&[("LIAISOND_FAULT", point)]);
    stack
        .send_smtp(SDO, &[CENTRAL], &statement_mail(7))
        .await
        .unwrap();
    let status = d.wait_exit(Duration::from_secs(20));
    assert!(!status.success(), "the injected crash happened");
    assert!(d.log(2).contains(point), "{}", d.logs());
    assert_eq!(
        inbox(&stack, CENTRAL).await.len(),
        1,
        "not marked processed before the crash"
    );

    d.spawn(&[]);
    stack
        .wait_for_messages(SDO, "INBOX", 1, Duration::from_secs(20))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", d.logs()));
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        inbox(&stack, SDO).await.len(),
        1,
        "exactly one acknowledgement\n{}",
        d.logs()
    );
    assert_eq!(d.statements().len(), 1, "exactly one statement");
    assert_eq!(archived(&d).await.len(), 1, "archived once");
    assert!(
        inbox(&stack, CENTRAL).await.is_empty(),
        "marked processed after the restart"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crash_after_archiving_and_before_marking_yields_one_statement_and_one_ack() {
    crash_at("after-archive").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crash_after_recording_and_before_marking_yields_one_statement_and_one_ack() {
    crash_at("after-process").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn automatic_mail_is_never_acknowledged_and_a_burst_gets_one_ack_each() {
    let stack = MailStack::start(USERS).unwrap();
    let d = Daemon::start(&stack, Config::new());
    let auto = format!(
        "From: {SDO}\r\nTo: {CENTRAL}\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <ooo@3gpp.example>\r\n\r\nI am away.\r\n"
    );
    stack
        .send_smtp(SDO, &[CENTRAL], auto.as_bytes())
        .await
        .unwrap();
    let bounce = format!(
        "From: MAILER-DAEMON@mx.3gpp.example\r\nTo: {CENTRAL}\r\nSubject: Undelivered Mail Returned to Sender\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=R\r\n\r\n\
--R\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--R--\r\n"
    );
    stack
        .send_smtp_null_sender(&[CENTRAL], bounce.as_bytes())
        .await
        .unwrap();
    let list = format!(
        "From: {SDO}\r\nTo: {CENTRAL}\r\nSubject: LS forwarded by a list\r\nList-Id: <lamps.ietf.example>\r\n\
Message-ID: <list-1@3gpp.example>\r\n\r\nFrom: 3GPP SA3\r\nTo: IETF LAMPS\r\nPurpose: For Information\r\n"
    );
    stack
        .send_smtp(SDO, &[CENTRAL], list.as_bytes())
        .await
        .unwrap();
    for n in 100..110 {
        stack
            .send_smtp(SDO, &[CENTRAL], &statement_mail(n))
            .await
            .unwrap();
    }
    stack
        .wait_for_messages(SDO, "INBOX", 10, Duration::from_secs(30))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", d.logs()));
    let all_in = wait(Duration::from_secs(20), || {
        std::fs::metadata(d.db()).is_ok() && d.statements().len() == 11
    });
    assert!(
        all_in,
        "eleven statements (ten plus the list mail)\n{}",
        d.logs()
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let acks = inbox(&stack, SDO).await;
    assert_eq!(
        acks.len(),
        10,
        "ten acknowledgements, none for the auto-reply, bounce or list mail"
    );
    for ack in &acks {
        assert!(
            header(ack, "Subject").contains("LS on topic 1"),
            "{}",
            header(ack, "Subject")
        );
    }
    let kinds: Vec<Option<String>> = archived(&d).await.into_iter().map(|r| r.2).collect();
    assert_eq!(kinds.len(), 13, "everything is archived");
    for k in ["auto_reply", "bounce", "list"] {
        assert_eq!(
            kinds.iter().filter(|x| x.as_deref() == Some(k)).count(),
            1,
            "{k} in {kinds:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn after_an_imap_restart_it_reconnects_and_picks_up_what_arrived_meanwhile() {
    let mut stack = MailStack::start(USERS).unwrap();
    let d = Daemon::start(&stack, Config::new());
    statement_acknowledged(&stack, &d, 1, 1).await;

    stack.stop_imap().unwrap();
    // Postfix queues these while Dovecot is down and delivers them once it is back.
    stack
        .send_smtp(SDO, &[CENTRAL], &statement_mail(2))
        .await
        .unwrap();
    stack
        .send_smtp(SDO, &[CENTRAL], &statement_mail(3))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    stack.start_imap().unwrap();

    stack
        .wait_for_messages(SDO, "INBOX", 3, Duration::from_secs(40))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", d.logs()));
    assert_eq!(d.statements().len(), 3);
    assert!(d.logs().contains("reconnecting"), "{}", d.logs());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_50_mb_attachment_is_archived_whole_and_acknowledged() {
    let stack = MailStack::start(USERS).unwrap();
    let d = Daemon::start(&stack, Config::new());
    let payload: Vec<u8> = (0..50 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    let b64 = {
        use std::fmt::Write;
        let encoded = base64_lines(&payload);
        let mut s = String::new();
        write!(s, "{encoded}").unwrap();
        s
    };
    let mail = format!(
        "From: {SDO}\r\nTo: {CENTRAL}\r\nSubject: Big LS\r\nMessage-ID: <big@3gpp.example>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nFrom: 3GPP SA3\r\n--B\r\n\
Content-Type: application/zip; name=big.zip\r\nContent-Disposition: attachment; filename=big.zip\r\n\
Content-Transfer-Encoding: base64\r\n\r\n{b64}--B--\r\n"
    );
    stack
        .append(CENTRAL, "INBOX", mail.as_bytes())
        .await
        .unwrap();
    stack
        .wait_for_messages(SDO, "INBOX", 1, Duration::from_secs(60))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", d.logs()));
    let s = &d.statements()[0];
    assert_eq!(s["attachments"][0]["size"], payload.len());
    assert_eq!(
        s["attachments"][0]["sha256"],
        liaisond::domain::sha256_hex(&payload)
    );
    assert_eq!(archived(&d).await[0].0.len(), mail.len());
}

fn base64_lines(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len() * 4 / 3 + data.len() / 38);
    for (i, c) in data.chunks(3).enumerate() {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= c.len() {
                out.push(T[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
        if i % 19 == 18 {
            out.push_str("\r\n");
        }
    }
    out.push_str("\r\n");
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn without_idle_it_polls() {
    let stack = MailStack::start(USERS).unwrap();
    let d = Daemon::start(&stack, Config::new());
    drop(d);
    // Same stack, a daemon told not to IDLE and to poll every half second.
    let dir = tempfile::tempdir().unwrap();
    let mut polling = stack_config(dir.path(), &stack, Security::Plain);
    polling.mailboxes[0].poll_interval_secs = Some(0.5);
    polling.mailboxes[0].idle = Some(false);
    let config = dir.path().join("liaisond.toml");
    polling.write(&config);
    let mut child = std::process::Command::new(BIN)
        .args(["--config", config.to_str().unwrap(), "run"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    stack
        .send_smtp(SDO, &[CENTRAL], &statement_mail(1))
        .await
        .unwrap();
    let got = stack
        .wait_for_messages(SDO, "INBOX", 1, Duration::from_secs(20))
        .await;
    let _ = child.kill();
    let _ = child.wait();
    got.unwrap();
}

async fn outbox_states(d: &Daemon) -> Vec<OutboxState> {
    let store = liaisond::store::Store::open(&d.db()).await.unwrap();
    sqlx::query_as(
        "SELECT state, attempts, last_error FROM outbox WHERE purpose = 'ack' ORDER BY id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap()
}

type OutboxState = (String, i64, Option<String>);

async fn wait_for_outbox(d: &Daemon, ok: impl Fn(&[OutboxState]) -> bool) -> bool {
    for _ in 0..200 {
        if ok(&outbox_states(d).await) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_send_stays_queued_is_retried_and_sent_once() {
    let stack = MailStack::start(USERS).unwrap();
    // An SMTP port where nothing listens.
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut d = Daemon::start(&stack, Config::new());
    d.stop();
    let config = d.dir.join("liaisond.toml");
    let mut bad = d.config.clone();
    bad.outgoing.as_mut().unwrap().port = Some(dead);
    bad.write(&config);
    d.spawn(&[]);
    stack
        .send_smtp(SDO, &[CENTRAL], &statement_mail(1))
        .await
        .unwrap();
    let retried = wait_for_outbox(&d, |s| s.len() == 1 && s[0].0 == "queued" && s[0].1 >= 2).await;
    assert!(
        retried,
        "the ack stays queued and is retried: {:?}\n{}",
        outbox_states(&d).await,
        d.logs()
    );
    assert!(outbox_states(&d).await[0].2.is_some(), "the error is kept");

    d.stop();
    d.config.write(&config);
    d.spawn(&[]);
    stack
        .wait_for_messages(SDO, "INBOX", 1, Duration::from_secs(20))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", d.logs()));
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(inbox(&stack, SDO).await.len(), 1, "sent once");
    assert_eq!(outbox_states(&d).await[0].0, "sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_permanently_refused_ack_is_quarantined_not_retried() {
    let stack = MailStack::start(USERS).unwrap();
    let d = Daemon::start(&stack, Config::new());
    // Postfix refuses this unknown user at RCPT (550): retrying cannot help.
    let mail = String::from_utf8(statement_mail(1)).unwrap().replace(
        "From: SA3 Officer <sdo@3gpp.example>",
        "From: ghost@3gpp.example",
    );
    stack
        .append(CENTRAL, "INBOX", mail.as_bytes())
        .await
        .unwrap();
    let failed = wait_for_outbox(&d, |s| s.first().is_some_and(|m| m.0 == "failed")).await;
    let states = outbox_states(&d).await;
    assert!(failed, "{states:?}\n{}", d.logs());
    assert_eq!(states[0].1, 1, "one attempt only");
    assert!(
        states[0].2.as_deref().unwrap_or("").contains("550")
            || states[0]
                .2
                .as_deref()
                .unwrap_or("")
                .to_lowercase()
                .contains("unknown"),
        "{states:?}"
    );
    assert_eq!(
        d.statements().len(),
        1,
        "the statement is recorded all the same"
    );
}
