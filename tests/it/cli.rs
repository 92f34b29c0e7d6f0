//! The CLI and the embedded default, without any mail server.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::config::{Config, Mailbox};

const BIN: &str = env!("CARGO_BIN_EXE_liaisond");

const STATEMENT: &str = "From: Officer <officer@3gpp.example>\r\nTo: liaison@iab.example\r\n\
Subject: LS on 5G security\r\nMessage-ID: <ls-1@3gpp.example>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n\r\n\
From: 3GPP TSG SA WG3\r\nSend Reply To: sa3-ls@3gpp.example\r\nTo: IETF LAMPS WG\r\nPurpose: For Action\r\n\
Deadline: 2026-03-15\r\nBody:\r\nPlease review.\r\n";

fn liaisond(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("run liaisond")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The acknowledgements among the mails in the outbox.
fn acks(dir: &Path) -> Vec<String> {
    outbox_files(dir)
        .into_iter()
        .filter(|m| m.contains("Subject: Liaison statement received"))
        .collect()
}

fn outbox_files(dir: &Path) -> Vec<String> {
    match std::fs::read_dir(dir.join("data/outbox")) {
        Ok(rd) => rd
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn wait_until(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn embedded_default_records_a_dropped_file_and_writes_the_ack_to_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let mut daemon = Command::new(BIN)
        .arg("run")
        .current_dir(dir.path())
        // The embedded default, but the web on any free port: tests run concurrently.
        .env("LIAISOND_WEB__LISTEN", "127.0.0.1:0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let new = dir.path().join("data/maildir/new");
    assert!(
        wait_until(Duration::from_secs(10), || new.is_dir()),
        "run creates the Maildir"
    );
    std::fs::write(dir.path().join("data/maildir/tmp/1.eml"), STATEMENT).unwrap();
    std::fs::rename(dir.path().join("data/maildir/tmp/1.eml"), new.join("1.eml")).unwrap();
    let got_ack = wait_until(Duration::from_secs(15), || !acks(dir.path()).is_empty());
    terminate(daemon.id());
    daemon.wait().unwrap();
    assert!(got_ack, "an acknowledgement reaches ./data/outbox");

    let all = outbox_files(dir.path());
    let dist = all
        .iter()
        .find(|m| m.contains("To: <lamps-chairs@ietf.org>"))
        .expect("distributed to the LAMPS chairs");
    assert!(
        dist.contains("LS on 5G security") && dist.contains("Please review."),
        "{dist}"
    );
    let acks = acks(dir.path());
    assert_eq!(acks.len(), 1);
    let ack = &acks[0];
    assert!(ack.contains("To: <officer@3gpp.example>"), "{ack}");
    assert!(ack.contains("Auto-Submitted: auto-replied"));
    assert!(ack.contains("X-Loop: liaisond"));
    assert!(ack.contains("In-Reply-To: <ls-1@3gpp.example>"));
    assert!(!new.join("1.eml").exists(), "the file left new/");
    assert_eq!(
        std::fs::read_dir(dir.path().join("data/maildir/cur"))
            .unwrap()
            .count(),
        1
    );

    let list = liaisond(dir.path(), &["list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&list)).unwrap();
    let all = v.as_array().unwrap();
    assert_eq!(all.len(), 1);
    let s = &all[0];
    for key in [
        "reference",
        "direction",
        "state",
        "from_groups",
        "from_contacts",
        "reply_to",
        "to_groups",
        "to_contacts",
        "send_to",
        "purpose",
        "deadline",
        "title",
        "body",
        "attachments",
        "received_at",
        "message_id",
    ] {
        assert!(s.get(key).is_some(), "contract field {key} missing in {s}");
    }
    assert_eq!(s["direction"], "incoming");
    assert_eq!(s["purpose"], "for_action");
    assert_eq!(s["deadline"], "2026-03-15");
    assert_eq!(s["reply_to"], "sa3-ls@3gpp.example");
    assert_eq!(s["from_groups"][0], "3GPP TSG SA WG3");
    assert!(ack.contains(s["reference"].as_str().unwrap()));
}

/// SIGTERM, as systemd would stop it.
fn terminate(pid: u32) {
    Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
}

#[test]
fn ingest_is_idempotent_and_show_prints_the_history() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.eml"), STATEMENT).unwrap();
    let first = liaisond(dir.path(), &["ingest", "s.eml"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        stdout(&first).contains("recorded as LS-"),
        "{}",
        stdout(&first)
    );
    let again = liaisond(dir.path(), &["ingest", "s.eml"]);
    assert!(
        stdout(&again).contains("already recorded as LS-"),
        "{}",
        stdout(&again)
    );
    let list = liaisond(dir.path(), &["list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&list)).unwrap();
    assert_eq!(
        v.as_array().unwrap().len(),
        1,
        "the same file twice is one statement"
    );
    assert_eq!(acks(dir.path()).len(), 1, "and one acknowledgement");
    assert_eq!(outbox_files(dir.path()).len(), 2, "and one distribution");

    let reference = v[0]["reference"].as_str().unwrap().to_string();
    let show = liaisond(dir.path(), &["show", &reference]);
    let text = stdout(&show);
    assert!(
        text.contains("recorded") && text.contains("ack_queued") && text.contains("mail_sent"),
        "{text}"
    );
    let missing = liaisond(dir.path(), &["show", "LS-1999-0001"]);
    assert!(!missing.status.success());
}

#[test]
fn the_same_message_id_through_another_route_is_one_statement() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.eml"), STATEMENT).unwrap();
    // Same Message-ID, different bytes: another copy of the same mail.
    std::fs::write(
        dir.path().join("b.eml"),
        format!("Delivered-To: other@iab.example\r\n{STATEMENT}"),
    )
    .unwrap();
    let out = liaisond(dir.path(), &["ingest", "a.eml", "b.eml"]);
    assert!(
        stdout(&out).contains("already recorded as"),
        "{}",
        stdout(&out)
    );
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&liaisond(dir.path(), &["list", "--json"]))).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    let show = stdout(&liaisond(
        dir.path(),
        &["show", v[0]["reference"].as_str().unwrap()],
    ));
    assert!(show.contains("received_again"), "{show}");
}

#[test]
fn automatic_mail_is_archived_but_never_answered() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "auto.eml",
            "From: a@x.example\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\nAway.\r\n",
        ),
        (
            "bounce.eml",
            "Return-Path: <>\r\nFrom: MAILER-DAEMON@x.example\r\nSubject: Undeliverable\r\n\r\nfailed\r\n",
        ),
        (
            "list.eml",
            "From: a@x.example\r\nList-Id: <wg.ietf.example>\r\nSubject: LS via list\r\n\r\nFrom: ITU-T SG15\r\n",
        ),
        (
            "loop.eml",
            "From: a@x.example\r\nX-Loop: liaisond\r\nSubject: Liaison statement received\r\n\r\nx\r\n",
        ),
    ];
    for (name, body) in cases {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    let out = liaisond(
        dir.path(),
        &["ingest", "auto.eml", "bounce.eml", "list.eml", "loop.eml"],
    );
    let text = stdout(&out);
    assert!(
        text.contains("auto.eml: archived only (auto_reply)"),
        "{text}"
    );
    assert!(
        text.contains("bounce.eml: archived only (bounce)"),
        "{text}"
    );
    assert!(
        text.contains("list.eml: recorded as"),
        "a statement via a list is still recorded: {text}"
    );
    assert!(text.contains("loop.eml: archived only (own)"), "{text}");
    assert!(outbox_files(dir.path()).is_empty(), "nothing answered");
}

#[test]
fn extract_prints_the_contract_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.eml"), STATEMENT).unwrap();
    let out = liaisond(dir.path(), &["extract", "s.eml", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["title"], "LS on 5G security");
    assert_eq!(v["to_groups"][0], "IETF LAMPS WG");
    assert_eq!(v["reference"], serde_json::Value::Null);
    assert_eq!(v["format"], "rfc4053bis");
    assert_eq!(v["needs_review"], false);
    assert_eq!(v["provenance"]["purpose"]["rule"], "rfc4053bis");
    assert!(
        v["provenance"]["purpose"]["source"]
            .as_str()
            .unwrap()
            .starts_with("body line")
    );
    assert!(!dir.path().join("data").exists(), "extract wrote nothing");
}

#[test]
fn check_config_masks_secrets_and_names_problems() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pw"), "s3cret-from-file\n").unwrap();
    std::fs::write(
        dir.path().join("good.toml"),
        r#"
[[mailboxes]]
name = "central"
kind = "imap"
host = "imap.example.org"
username = "liaison@iab.example"
password_file = "pw"

[outgoing]
transport = "smtp"
host = "smtp.example.org"
username = "bot"
password = "hunter2"
"#,
    )
    .unwrap();
    let out = liaisond(dir.path(), &["--config", "good.toml", "check-config"]);
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !text.contains("hunter2") && !text.contains("s3cret-from-file"),
        "{text}"
    );
    assert!(text.contains("********"));
    assert!(text.contains("imap.example.org"));

    // The environment overrides the file.
    let out = Command::new(BIN)
        .args(["--config", "good.toml", "check-config"])
        .current_dir(dir.path())
        .env("LIAISOND_DATABASE__PATH", "/srv/liaisond/db.sqlite")
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("/srv/liaisond/db.sqlite"),
        "{}",
        stdout(&out)
    );

    std::fs::write(
        dir.path().join("bad.toml"),
        "[[mailboxes]]\nname = \"central\"\nkind = \"imap\"\nsecurity = \"plain\"\nhost = \"h\"\nusername = \"u\"\n",
    )
    .unwrap();
    let out = liaisond(dir.path(), &["--config", "bad.toml", "check-config"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("allow_plain") && err.contains("password"),
        "{err}"
    );

    let out = liaisond(dir.path(), &["--config", "missing.toml", "check-config"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}

#[test]
fn acknowledgements_to_one_address_are_capped_per_day() {
    let dir = tempfile::tempdir().unwrap();
    Config::new()
        .mailbox(Mailbox::maildir("local", "data/maildir"))
        .ack_cap(3)
        .write(&dir.path().join("cap.toml"));
    let mut files = Vec::new();
    for n in 0..5 {
        let name = format!("s{n}.eml");
        std::fs::write(
            dir.path().join(&name),
            STATEMENT
                .replace("<ls-1@", &format!("<ls-{n}@"))
                .replace("5G security", &format!("topic {n}")),
        )
        .unwrap();
        files.push(name);
    }
    let mut args = vec!["--config", "cap.toml", "ingest"];
    args.extend(files.iter().map(String::as_str));
    let out = liaisond(dir.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&liaisond(dir.path(), &["list", "--json"]))).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 5, "all recorded");
    assert_eq!(acks(dir.path()).len(), 3, "only three acknowledged");
    let capped = v.as_array().unwrap().iter().find(|s| {
        let show = stdout(&liaisond(
            dir.path(),
            &["show", s["reference"].as_str().unwrap()],
        ));
        show.contains("ack_suppressed") && show.contains("max_per_sender_per_day")
    });
    assert!(capped.is_some(), "the history says why");
}

#[test]
fn a_statement_that_needs_review_is_recorded_and_the_coordinators_are_told() {
    let dir = tempfile::tempdir().unwrap();
    Config::new()
        .mailbox(Mailbox::maildir("local", "data/maildir"))
        .coordinators(&["coord@iab.example"])
        .write(&dir.path().join("c.toml"));
    // A letter in prose: groups and purpose only inferred, deadline ambiguous.
    let letter = "From: Chair <chair@ieee.example>\r\nTo: liaison@iab.example\r\nSubject: Liaison letter on EAP\r\n\
Message-ID: <letter-1@ieee.example>\r\n\r\nIEEE 802.11 Working Group\r\n\r\nDear IETF EMU working group chairs,\r\n\r\n\
We kindly request your review of our draft amendment by 05/06/2026.\r\n\r\nSincerely,\r\n\r\nJane Chair\r\nChair, IEEE 802.11 Working Group\r\n";
    std::fs::write(dir.path().join("l.eml"), letter).unwrap();
    let out = liaisond(dir.path(), &["--config", "c.toml", "ingest", "l.eml"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mails = outbox_files(dir.path());
    assert_eq!(
        mails.len(),
        3,
        "an acknowledgement, a review request, the distribution to EMU"
    );
    let review = mails
        .iter()
        .find(|m| m.contains("Subject: Review needed"))
        .expect("review request");
    assert!(review.contains("To: <coord@iab.example>"), "{review}");
    assert!(
        review.contains("ambiguous") && review.contains("letter in prose"),
        "{review}"
    );
    assert!(review.contains("Auto-Submitted: auto-generated"));
    let ack = mails
        .iter()
        .find(|m| m.contains("Subject: Liaison statement received"))
        .expect("ack");
    assert!(
        !ack.contains("IEEE 802.11 WG"),
        "the ack does not assert an inferred group: {ack}"
    );
    assert!(
        ack.contains("to be confirmed by a liaison coordinator"),
        "{ack}"
    );

    let v: serde_json::Value = serde_json::from_str(&stdout(&liaisond(
        dir.path(),
        &["--config", "c.toml", "list", "--json"],
    )))
    .unwrap();
    assert_eq!(v[0]["from_groups"][0], "IEEE 802.11 WG");
    assert_eq!(v[0]["to_groups"][0], "IETF EMU WG");
    assert_eq!(v[0]["purpose"], "for_action");
    assert_eq!(v[0]["deadline"], serde_json::Value::Null);
}

#[test]
fn the_command_line_reads_well_in_pipes_errors_and_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.eml"), STATEMENT).unwrap();
    let out = stdout(&liaisond(dir.path(), &["ingest", "s.eml"]));
    let reference = out[out.find("LS-").unwrap()..][..12].to_string();
    // Outbox files are named by statement and purpose, not by UUID.
    let names: Vec<String> = std::fs::read_dir(dir.path().join("data/outbox"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    for prefix in [
        format!("{reference}.ack."),
        format!("{reference}.distribute."),
    ] {
        assert!(
            names
                .iter()
                .any(|n| n.starts_with(&prefix) && n.ends_with(".eml")),
            "{prefix}: {names:?}"
        );
    }
    // References in any case; --json with the history and review reasons.
    let shown = liaisond(dir.path(), &["show", &reference.to_lowercase(), "--json"]);
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&shown)).unwrap();
    assert_eq!(v["reference"], reference.as_str());
    assert_eq!(v["history"][0]["event"], "recorded");
    assert!(
        v["review_reasons"].is_array() && v["needs_review"].is_boolean(),
        "{v}"
    );
    assert!(v["links"].is_array());
    // A reader that stops early (`| head`) is no reason to panic.
    let piped = Command::new("bash")
        .args(["-c", &format!("set -o pipefail; '{BIN}' list | head -c 0")])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&piped.stderr);
    assert!(piped.status.success() && !err.contains("panicked"), "{err}");
    // A user's mistake is one line, without a backtrace, whatever RUST_BACKTRACE says.
    let missing = Command::new(BIN)
        .args(["show", "LS-1999-0001"])
        .current_dir(dir.path())
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(!missing.status.success());
    assert!(
        err.starts_with("liaisond: no statement LS-1999-0001"),
        "{err}"
    );
    assert!(
        !err.to_lowercase().contains("backtrace") && err.lines().count() == 1,
        "{err}"
    );
    // `run` says where the public record is.
    let log = dir.path().join("run.log");
    let mut daemon = Command::new(BIN)
        .arg("run")
        .current_dir(dir.path())
        .env("LIAISOND_WEB__LISTEN", "127.0.0.1:0")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let said = wait_until(Duration::from_secs(15), || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .contains("the public record is at http://127.0.0.1:")
    });
    terminate(daemon.id());
    daemon.wait().unwrap();
    assert!(
        said,
        "{}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
}
