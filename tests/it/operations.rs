//! What the people who run liaisond rely on: strict configuration, metrics
//! and health on the admin listener, systemd's notify protocol and watchdog,
//! a daemon that stops when one of its tasks dies, JSON logs, a backup while
//! it runs, and the operator's commands.

use std::os::unix::net::UnixDatagram;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::support::config::{Config, Mailbox, Outgoing, Security};
use crate::support::daemon::{
    BIN, CENTRAL, Daemon, SDO, statement_acknowledged, statement_mail, wait,
};
use crate::support::mailstack::{MailStack, free_ports};

const USERS: &[&str] = &[CENTRAL, SDO, "liaison-bot@iab.example"];

fn liaisond(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .env_remove("RUST_BACKTRACE")
        .envs(env.iter().copied())
        .output()
        .expect("run liaisond")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A config with the admin listener on a free port.
fn with_admin() -> Config {
    let [port] = free_ports().unwrap();
    Config::new().admin(&format!("127.0.0.1:{port}"))
}

#[test]
fn a_misspelt_key_in_the_file_or_the_environment_stops_check_config_and_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("l.toml"),
        "[web]\npage_sise = 3\n\n[[mailboxes]]\nname = \"central\"\nkind = \"maildir\"\npath = \"m\"\npasword = \"x\"\n",
    )
    .unwrap();
    for command in ["check-config", "run"] {
        let out = liaisond(dir.path(), &["--config", "l.toml", command], &[]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        let err = text(&out.stderr);
        assert!(
            err.contains("web.page_sise: unknown key; did you mean web.page_size?"),
            "{err}"
        );
        assert!(
            err.contains("pasword: unknown key; did you mean")
                && err.contains("(\"central\").password?"),
            "{err}"
        );
    }
    assert!(!dir.path().join("data").exists(), "run started nothing");

    std::fs::write(
        dir.path().join("ok.toml"),
        "[web]\npage_size = 3\n\n[[mailboxes]]\nname = \"local\"\nkind = \"maildir\"\npath = \"m\"\n",
    )
    .unwrap();
    let out = liaisond(
        dir.path(),
        &["--config", "ok.toml", "check-config"],
        &[("LIAISOND_WEB__LISTN", "127.0.0.1:1")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains(
            "LIAISOND_WEB__LISTN: unknown key web.listn; did you mean LIAISOND_WEB__LISTEN?"
        ),
        "{}",
        text(&out.stderr)
    );
    let out = liaisond(
        dir.path(),
        &["--config", "ok.toml", "check-config"],
        &[("LIAISOND_OUTGOING__TRANSPORT", "smpt")],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("expected `smtp` or `file`"), "{err}");

    // A list from the environment, and a warning for what loses work silently.
    let out = liaisond(
        dir.path(),
        &["--config", "ok.toml", "check-config"],
        &[("LIAISOND_ROLES__COORDINATORS", "")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("warning: roles.coordinators is empty"),
        "{}",
        text(&out.stderr)
    );
    let out = liaisond(
        dir.path(),
        &["--config", "ok.toml", "check-config"],
        &[(
            "LIAISOND_ROLES__COORDINATORS",
            "a@iab.example, b@iab.example",
        )],
    );
    let shown = text(&out.stdout);
    assert!(
        shown.contains("\"a@iab.example\"") && shown.contains("\"b@iab.example\""),
        "{shown}"
    );
    assert!(!text(&out.stderr).contains("coordinators is empty"));
    let out = liaisond(
        dir.path(),
        &["--config", "ok.toml", "check-config"],
        &[
            ("LIAISOND_OUTGOING__TRANSPORT", "smtp"),
            ("LIAISOND_OUTGOING__HOST", "smtp.example.org"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("with only the built-in directory"),
        "{}",
        text(&out.stderr)
    );
}

/// The value of one sample line, e.g. `liaisond_messages_archived_total{mailbox="central"}`.
fn sample(metrics: &str, series: &str) -> Option<f64> {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(series)?.trim().parse().ok())
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_are_scraped_over_http_while_a_statement_goes_through() {
    let stack = MailStack::start(USERS).unwrap();
    let d = Daemon::start(&stack, with_admin());
    let (status, before) = d.admin_get("/metrics").await;
    assert_eq!(status, 200);
    assert_eq!(
        sample(
            &before,
            "liaisond_messages_archived_total{mailbox=\"central\"}"
        ),
        None,
        "{before}"
    );
    assert_eq!(
        sample(&before, "liaisond_mailbox_up{mailbox=\"central\"}"),
        Some(1.0)
    );

    statement_acknowledged(&stack, &d, 1, 1).await;
    let (_, after) = d.admin_get("/metrics").await;
    for (series, value) in [
        ("liaisond_messages_archived_total{mailbox=\"central\"}", 1.0),
        (
            "liaisond_messages_processed_total{mailbox=\"central\",kind=\"statement\"}",
            1.0,
        ),
        (
            "liaisond_statements{direction=\"incoming\",state=\"received\"}",
            1.0,
        ),
        ("liaisond_extraction_seconds_count", 1.0),
    ] {
        assert_eq!(sample(&after, series), Some(value), "{series}\n{after}");
    }
    let sent = sample(&after, "liaisond_mail_send_seconds_count{outcome=\"sent\"}");
    assert!(sent.is_some_and(|n| n >= 1.0), "{after}");
    assert!(after.contains("liaisond_outbox_mails{state=\"sent\"}"));
    let synced = sample(
        &after,
        "liaisond_mailbox_last_sync_timestamp_seconds{mailbox=\"central\"}",
    )
    .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    assert!((now - synced).abs() < 60.0, "{synced} vs {now}");
    assert!(after.ends_with("# EOF\n"), "OpenMetrics text");
}

#[tokio::test(flavor = "multi_thread")]
async fn readiness_fails_while_dovecot_is_stopped_and_returns_with_it() {
    let mut stack = MailStack::start(USERS).unwrap();
    let d = Daemon::start(&stack, with_admin());
    let (status, body) = d.admin_get("/readyz").await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("mailbox central: ok"), "{body}");
    assert!(body.contains("database: ok"), "{body}");
    assert_eq!(d.admin_get("/healthz").await.0, 200);

    stack.stop_imap().unwrap();
    let seen = readiness_becomes(&d, 503, Duration::from_secs(20)).await;
    assert!(seen.1.contains("mailbox central: down"), "{}", seen.1);
    assert!(seen.1.contains("database: ok"), "{}", seen.1);
    assert_eq!(d.admin_get("/healthz").await.0, 200, "alive all the same");

    stack.start_imap().unwrap();
    let seen = readiness_becomes(&d, 200, Duration::from_secs(30)).await;
    assert!(seen.1.contains("mailbox central: ok"), "{}", seen.1);
}

/// Polls `/readyz` until it answers `status`; fails after `limit`. The last answer.
async fn readiness_becomes(d: &Daemon, status: u16, limit: Duration) -> (u16, String) {
    let deadline = Instant::now() + limit;
    loop {
        let seen = d.admin_get("/readyz").await;
        if seen.0 == status {
            return seen;
        }
        assert!(
            Instant::now() < deadline,
            "readiness stayed {}: {}\n{}",
            seen.0,
            seen.1,
            d.logs()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The datagrams liaisond sent to the notify socket, one string each.
fn received(socket: &UnixDatagram) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = socket.recv(&mut buf) {
        out.push(text(&buf[..n]));
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn systemd_hears_ready_after_the_first_sync_and_the_watchdog_is_fed() {
    let mut stack = MailStack::start(USERS).unwrap();
    let mut d = Daemon::prepare(&stack, Security::Plain, Config::new(), |_| {});
    let path = d.dir.join("notify.sock");
    let socket = UnixDatagram::bind(&path).unwrap();
    socket.set_nonblocking(true).unwrap();
    // Dovecot down: the database is ready, the mailbox is not.
    stack.stop_imap().unwrap();
    let notify = path.to_str().unwrap();
    d.launch(&[("NOTIFY_SOCKET", notify), ("WATCHDOG_USEC", "1000000")]);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let early = received(&socket);
    assert!(
        !early.iter().any(|m| m.contains("READY=1")),
        "ready before any mailbox synced: {early:?}\n{}",
        d.logs()
    );
    assert!(early.iter().any(|m| m.contains("WATCHDOG=1")), "{early:?}");
    assert!(
        early
            .iter()
            .any(|m| m.contains("STATUS=waiting for the first sync of mailbox central")),
        "{early:?}"
    );

    stack.start_imap().unwrap();
    let mut all = early;
    let got_ready = wait(Duration::from_secs(20), || {
        all.extend(received(&socket));
        all.iter().any(|m| m.contains("READY=1"))
    });
    assert!(got_ready, "{all:?}\n{}", d.logs());
    assert!(d.log(1).contains("IMAP connected"));
    let pings_before = all.iter().filter(|m| m.contains("WATCHDOG=1")).count();
    tokio::time::sleep(Duration::from_secs(2)).await;
    all.extend(received(&socket));
    let pings = all.iter().filter(|m| m.contains("WATCHDOG=1")).count();
    assert!(pings >= pings_before + 2, "fed every half second: {all:?}");
    d.stop();
    all.extend(received(&socket));
    assert!(all.iter().any(|m| m.contains("STOPPING=1")), "{all:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_task_that_dies_stops_the_daemon_with_an_error() {
    let stack = MailStack::start(USERS).unwrap();
    let mut d = Daemon::start(&stack, Config::new());
    d.stop();
    // The IMAP task panics once a message is archived (a bug, say).
    d.spawn(&[("LIAISOND_FAULT", "panic:after-archive")]);
    stack
        .send_smtp(SDO, &[CENTRAL], &statement_mail(3))
        .await
        .unwrap();
    let status = d.wait_exit(Duration::from_secs(40));
    assert_eq!(
        status.code(),
        Some(1),
        "a clean exit with an error, not an abort: {status:?}\n{}",
        d.logs()
    );
    let log = d.log(2);
    assert!(
        log.contains("a task ended while liaisond runs; stopping")
            && log.contains("mailbox central"),
        "{log}"
    );
    assert!(log.contains("panic at after-archive"), "{log}");

    // The message is archived; the next run finishes it.
    d.spawn(&[]);
    stack
        .wait_for_messages(SDO, "INBOX", 1, Duration::from_secs(20))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", d.logs()));
    assert_eq!(d.statements().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn json_logs_give_each_decision_the_reference_and_message_id() {
    let stack = MailStack::start(USERS).unwrap();
    let d = Daemon::start(&stack, Config::new().json_logs());
    statement_acknowledged(&stack, &d, 4, 1).await;
    let reference = d.statements()[0]["reference"].as_str().unwrap().to_string();
    let message_id = format!("ls-4.{}@3gpp.example", std::process::id());
    let lines: Vec<serde_json::Value> = d
        .log(1)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect();
    for decision in ["recorded", "acknowledgement queued", "distributed"] {
        let line = lines
            .iter()
            .find(|l| l["message"] == decision)
            .unwrap_or_else(|| panic!("no {decision:?} line in {lines:?}"));
        assert_eq!(line["reference"], reference.as_str(), "{line}");
        assert_eq!(line["span"]["message_id"], message_id.as_str(), "{line}");
        assert_eq!(line["span"]["mailbox"], "central", "{line}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_taken_during_ingest_holds_every_statement_recorded_before_it() {
    // Several fetch batches (100 each) and several group commits (100 ms
    // each): a few dozen are filed, and committed, at once.
    const N: usize = 300;
    let stack = MailStack::start(USERS).unwrap();
    let mut d = Daemon::start(&stack, Config::new());
    d.stop();
    let mails: Vec<Vec<u8>> = (100..100 + N).map(statement_mail).collect();
    let refs: Vec<&[u8]> = mails.iter().map(Vec::as_slice).collect();
    stack.append_many(CENTRAL, "INBOX", &refs).await.unwrap();
    d.spawn(&[]);
    let some = wait(Duration::from_secs(60), || !d.statements().is_empty());
    assert!(some, "{}", d.logs());
    let before: Vec<String> = d
        .statements()
        .iter()
        .map(|s| s["reference"].as_str().unwrap().to_string())
        .collect();
    let backup = d.dir.join("backup.db");
    let said = d.cli(&["backup", backup.to_str().unwrap()]);
    assert!(said.contains("a consistent copy"), "{said}");
    assert!(
        before.len() < N,
        "the backup was taken while statements were still arriving ({} of {N} before)",
        before.len()
    );

    // The copy opens on its own, sound, with everything recorded before it began.
    let copy = Command::new(BIN)
        .args(["list", "--json"])
        .current_dir(&d.dir)
        .env("LIAISOND_DATABASE__PATH", &backup)
        .output()
        .unwrap();
    assert!(copy.status.success(), "{}", text(&copy.stderr));
    let held: Vec<String> = serde_json::from_slice::<Vec<serde_json::Value>>(&copy.stdout)
        .unwrap()
        .iter()
        .map(|s| s["reference"].as_str().unwrap().to_string())
        .collect();
    for r in &before {
        assert!(held.contains(r), "{r} missing from the backup: {held:?}");
    }
    // With the raw message each was read from: extraction runs again on it.
    // (The oldest: later ones may be held by the per-sender cap, a reason
    // that re-extraction would not give again.)
    let oldest = before.last().unwrap();
    let reread = Command::new(BIN)
        .args(["re-extract", oldest])
        .current_dir(&d.dir)
        .env("LIAISOND_DATABASE__PATH", &backup)
        .output()
        .unwrap();
    assert!(
        reread.status.success() && text(&reread.stdout).contains("nothing to change"),
        "the backup lacks {oldest}'s raw message: {}{}",
        text(&reread.stdout),
        text(&reread.stderr)
    );
    let all = wait(Duration::from_secs(120), || d.statements().len() == N);
    assert!(all, "{}", d.logs());

    let again = Command::new(BIN)
        .args([
            "--config",
            "liaisond.toml",
            "backup",
            backup.to_str().unwrap(),
        ])
        .current_dir(&d.dir)
        .output()
        .unwrap();
    assert!(!again.status.success(), "never overwrites");
    assert!(text(&again.stderr).contains("never overwrites"));
}

const LETTER: &str = "From: Chair <chair@ieee.example>\r\nTo: liaison@iab.example\r\nSubject: Liaison letter on EAP\r\n\
Message-ID: <letter-1@ieee.example>\r\n\r\nIEEE 802.11 Working Group\r\n\r\nDear IETF EMU working group chairs,\r\n\r\n\
We kindly request your review of our draft amendment by 05/06/2026.\r\n\r\nSincerely,\r\n\r\nJane Chair\r\nChair, IEEE 802.11 Working Group\r\n";

const STATEMENT: &str = "From: Officer <officer@3gpp.example>\r\nTo: liaison@iab.example\r\n\
Subject: LS on 5G security\r\nMessage-ID: <ls-1@3gpp.example>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n\r\n\
From: 3GPP TSG SA WG3\r\nSend Reply To: sa3-ls@3gpp.example\r\nTo: IETF LAMPS WG\r\nPurpose: For Action\r\n\
Deadline: 2026-03-15\r\nBody:\r\nPlease review.\r\n";

#[tokio::test(flavor = "multi_thread")]
async fn review_list_and_re_extract_show_what_awaits_and_what_would_change() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("l.eml"), LETTER).unwrap();
    std::fs::write(dir.path().join("s.eml"), STATEMENT).unwrap();
    let out = liaisond(dir.path(), &["ingest", "l.eml", "s.eml", "--no-send"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: Vec<serde_json::Value> =
        serde_json::from_slice(&liaisond(dir.path(), &["list", "--json"], &[]).stdout).unwrap();
    let reference = |title: &str| {
        list.iter()
            .find(|s| s["title"].as_str().unwrap().contains(title))
            .unwrap()["reference"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (letter, statement) = (reference("EAP"), reference("5G"));

    let review = text(&liaisond(dir.path(), &["review", "list"], &[]).stdout);
    assert!(review.contains(&letter), "{review}");
    assert!(!review.contains(&statement), "{review}");
    assert!(review.contains("ambiguous"), "{review}");

    let same = text(&liaisond(dir.path(), &["re-extract", &statement], &[]).stdout);
    assert!(same.contains("nothing to change"), "{same}");

    // As if an older rule had read the title and deadline wrong.
    let store = liaisond::store::Store::open(&dir.path().join("data/liaisond.db"))
        .await
        .unwrap();
    let tx = store.begin().await.unwrap();
    tx.execute(
        "UPDATE statements SET title = 'LS on 5G', deadline = NULL WHERE reference = ?",
        [&statement],
    )
    .unwrap();
    tx.commit().await.unwrap();
    let dry = text(&liaisond(dir.path(), &["re-extract", &statement], &[]).stdout);
    assert!(
        dry.contains("title:")
            && dry.contains("\"LS on 5G security\"")
            && dry.contains("deadline:"),
        "{dry}"
    );
    let show = text(&liaisond(dir.path(), &["show", &statement, "--json"], &[]).stdout);
    assert!(
        show.contains("\"LS on 5G\""),
        "a dry run changes nothing: {show}"
    );

    let applied = liaisond(dir.path(), &["re-extract", &statement, "--apply"], &[]);
    assert!(applied.status.success(), "{}", text(&applied.stderr));
    assert!(text(&applied.stdout).contains("2 field(s) changed"));
    let show: serde_json::Value =
        serde_json::from_slice(&liaisond(dir.path(), &["show", &statement, "--json"], &[]).stdout)
            .unwrap();
    assert_eq!(show["title"], "LS on 5G security");
    assert_eq!(show["deadline"], "2026-03-15");
    let history = text(&liaisond(dir.path(), &["show", &statement], &[]).stdout);
    assert!(history.contains("re-extract"), "{history}");
}

#[test]
fn directory_check_reports_unknown_roles_and_addresses() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("people.toml"),
        "[[people]]\naddress = \"ad@ietf.example\"\nroles = [\"ad:sec\"]\n\n[[people]]\naddress = \"nobody\"\nroles = [\"chair:nosuchwg\"]\n",
    )
    .unwrap();
    Config::new()
        .mailbox(Mailbox::maildir("local", "m"))
        .directory(dir.path().join("people.toml"))
        .write(&dir.path().join("c.toml"));
    let out = liaisond(
        dir.path(),
        &["--config", "c.toml", "directory", "check"],
        &[],
    );
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("2 people"), "{said}");
    assert!(
        said.contains("person \"nobody\" is not a mail address"),
        "{said}"
    );
    assert!(said.contains("unknown role \"chair:nosuchwg\""), "{said}");
    let out = liaisond(dir.path(), &["directory", "check"], &[]);
    assert!(out.status.success(), "the built-in directory is usable");
}

#[test]
fn sighup_reloads_the_directory_and_a_broken_file_keeps_the_one_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("groups.toml");
    let group = |chairs: &str| {
        format!(
            "[[groups]]\norg = \"ietf\"\nname = \"IETF FOOBAR WG\"\nkind = \"wg\"\nacronym = \"foobar\"\narea = \"sec\"\nchairs = [\"{chairs}\"]\n"
        )
    };
    std::fs::write(&file, group("old-chairs@ietf.example")).unwrap();
    let [port] = free_ports().unwrap();
    Config::new()
        .mailbox(Mailbox::maildir("local", "data/maildir"))
        .outgoing(Outgoing::file("data/outbox"))
        .directory(&file)
        .admin(&format!("127.0.0.1:{port}"))
        .write(&dir.path().join("c.toml"));
    let mut daemon = run_local(dir.path(), "c.toml");
    let log = || std::fs::read_to_string(dir.path().join("run.log")).unwrap_or_default();
    let hup = |pid: u32| {
        Command::new("kill")
            .args(["-HUP", &pid.to_string()])
            .status()
            .unwrap()
    };
    std::fs::write(&file, "this is not TOML [").unwrap();
    hup(daemon.id());
    assert!(
        wait(Duration::from_secs(10), || log()
            .contains("directory not reloaded")),
        "{}",
        log()
    );
    std::fs::write(&file, group("new-chairs@ietf.example")).unwrap();
    hup(daemon.id());
    assert!(
        wait(Duration::from_secs(10), || log()
            .contains("directory reloaded")),
        "{}",
        log()
    );
    let statement = STATEMENT.replace("IETF LAMPS WG", "IETF FOOBAR WG");
    let new = dir.path().join("data/maildir/new");
    std::fs::write(dir.path().join("data/maildir/tmp/1"), statement).unwrap();
    std::fs::rename(dir.path().join("data/maildir/tmp/1"), new.join("1")).unwrap();
    let outbox = dir.path().join("data/outbox");
    let mails = || -> Vec<String> {
        std::fs::read_dir(&outbox)
            .map(|rd| {
                rd.map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default()
    };
    let distributed = wait(Duration::from_secs(20), || {
        mails()
            .iter()
            .any(|m| m.contains("new-chairs@ietf.example"))
    });
    let _ = Command::new("kill")
        .args(["-TERM", &daemon.id().to_string()])
        .status();
    daemon.wait().unwrap();
    assert!(distributed, "{:?}\n{}", mails(), log());
    assert!(
        !mails()
            .iter()
            .any(|m| m.contains("old-chairs@ietf.example"))
    );
    assert!(
        log().contains("stopping"),
        "still running after the broken file"
    );
}

#[test]
fn reprocess_finishes_a_message_whose_processing_did_not_complete() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.eml"), STATEMENT).unwrap();
    let crashed = liaisond(
        dir.path(),
        &["ingest", "s.eml", "--no-send"],
        &[("LIAISOND_FAULT", "after-archive")],
    );
    assert!(!crashed.status.success(), "the injected crash happened");
    let none: Vec<serde_json::Value> =
        serde_json::from_slice(&liaisond(dir.path(), &["list", "--json"], &[]).stdout).unwrap();
    assert!(none.is_empty(), "archived, not processed: {none:?}");

    let out = liaisond(dir.path(), &["reprocess", "--no-send"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("message 1 (cli, ls-1@3gpp.example): processed (statement): LS-"),
        "{said}"
    );
    let again = text(&liaisond(dir.path(), &["reprocess"], &[]).stdout);
    assert!(again.contains("nothing to reprocess"), "{again}");
    let list: Vec<serde_json::Value> =
        serde_json::from_slice(&liaisond(dir.path(), &["list", "--json"], &[]).stdout).unwrap();
    assert_eq!(list.len(), 1);
}

/// `liaisond run` with `config` in `dir`, no public web, its log in run.log;
/// returns once it said it is ready.
fn run_local(dir: &Path, config: &str) -> std::process::Child {
    let daemon = Command::new(BIN)
        .args(["--config", config, "run"])
        .current_dir(dir)
        .env("RUST_LOG", "liaisond=info")
        .env("LIAISOND_WEB__ENABLED", "false")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(dir.join("run.log")).unwrap())
        .spawn()
        .unwrap();
    let log = || std::fs::read_to_string(dir.join("run.log")).unwrap_or_default();
    assert!(
        wait(Duration::from_secs(20), || log()
            .contains("ready: every mailbox")),
        "{}",
        log()
    );
    daemon
}

#[tokio::test(flavor = "multi_thread")]
async fn readiness_fails_when_the_outbox_is_stuck() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens there: every attempt fails, and the mail stays queued.
    let [closed, admin] = free_ports().unwrap();
    let mut config = Config::new()
        .mailbox(Mailbox::maildir("local", "data/maildir"))
        .outgoing(Outgoing::smtp("127.0.0.1", closed).plain())
        .admin(&format!("127.0.0.1:{admin}"));
    config.admin.as_mut().unwrap().outbox_stuck_secs = Some(1.0);
    config.write(&dir.path().join("c.toml"));
    let mut daemon = run_local(dir.path(), "c.toml");
    let get = |path: &str| {
        let url = format!("http://127.0.0.1:{admin}{path}");
        async move {
            let r = reqwest::get(&url).await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, body) = get("/readyz").await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("outbox: ok (nothing waiting)"), "{body}");

    std::fs::write(dir.path().join("data/maildir/tmp/1"), STATEMENT).unwrap();
    std::fs::rename(
        dir.path().join("data/maildir/tmp/1"),
        dir.path().join("data/maildir/new/1"),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = get("/readyz").await;
    while seen.0 != 503 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        seen = get("/readyz").await;
    }
    let (_, metrics) = get("/metrics").await;
    let _ = Command::new("kill")
        .args(["-TERM", &daemon.id().to_string()])
        .status();
    daemon.wait().unwrap();
    assert_eq!(seen.0, 503, "{}", seen.1);
    assert!(
        seen.1.contains("outbox: stuck: a mail has waited"),
        "{}",
        seen.1
    );
    assert!(seen.1.contains("mailbox local: ok"), "{}", seen.1);
    let queued = sample(&metrics, "liaisond_outbox_mails{state=\"queued\"}");
    assert!(queued.is_some_and(|n| n >= 1.0), "{metrics}");
    let failed = sample(
        &metrics,
        "liaisond_mail_send_seconds_count{outcome=\"transient\"}",
    );
    assert!(failed.is_some_and(|n| n >= 1.0), "{metrics}");
}
