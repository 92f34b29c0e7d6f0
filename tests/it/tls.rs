//! Transport security over real servers: liaisond reads over IMAP STARTTLS
//! and IMAPS and sends over SMTP STARTTLS and SMTPS, verifying the servers'
//! certificate against the configured CA, and refuses a server it cannot
//! verify without ever sending its password. The servers' own logs say
//! whether each session was encrypted.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::config::{Config, Security};
use crate::support::daemon::{
    BIN, CENTRAL, Daemon, SDO, stack_config, statement_acknowledged, wait,
};
use crate::support::mailstack::MailStack;

const USERS: &[&str] = &[CENTRAL, SDO, "liaison-bot@iab.example"];

/// One statement in, its acknowledgement out, both over `security`.
async fn round_trip(security: Security) {
    let stack = MailStack::start_tls(USERS).unwrap();
    let d = Daemon::start_with(&stack, security, Config::new());
    statement_acknowledged(&stack, &d, 1, 1).await;
    assert_eq!(d.statements().len(), 1);

    // Dovecot marks a login over TLS with ", TLS"; the test helpers log in in the clear.
    let dovecot = stack.dovecot_log();
    assert!(
        dovecot
            .lines()
            .any(|l| l.contains("Login: user=<liaison@iab.example>") && l.contains(", TLS")),
        "no TLS login by liaisond:\n{dovecot}"
    );
    // Only liaisond speaks TLS to Postfix here: the helpers submit in the clear.
    let postfix = stack.postfix_log();
    assert!(
        postfix.contains("TLS connection established from localhost"),
        "the acknowledgement was not sent over TLS:\n{postfix}"
    );
    // Beneath TLS too, the mail was noted as handed over once its dot had left.
    let store = liaisond::store::Store::open(&d.db()).await.unwrap();
    let ack: i64 = sqlx::query_scalar("SELECT id FROM outbox WHERE purpose = 'ack'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let noted =
        std::fs::read_to_string(format!("{}-handover", d.db().display())).unwrap_or_default();
    assert!(
        noted.lines().any(|l| l == format!("{ack} 1")),
        "the acknowledgement's handover was not noted: {noted:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn starttls_on_imap_and_smtp_carries_the_whole_flow() {
    round_trip(Security::Starttls).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn implicit_tls_imaps_and_smtps_carries_the_whole_flow() {
    round_trip(Security::Tls).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_certificate_that_cannot_be_verified_is_refused_before_login() {
    let stack = MailStack::start_tls(USERS).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut untrusting = stack_config(dir.path(), &stack, Security::Tls);
    // Without the private CA the certificate chains to nothing liaisond trusts.
    untrusting.mailboxes[0].tls_ca_file = None;
    untrusting.outgoing.as_mut().unwrap().tls_ca_file = None;
    let config = dir.path().join("liaisond.toml");
    untrusting.write(&config);
    let log = dir.path().join("run.log");
    let mut child = Command::new(BIN)
        .args(["--config", config.to_str().unwrap(), "run"])
        .current_dir(dir.path())
        .env("RUST_LOG", "liaisond=debug")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let read = || std::fs::read_to_string(&log).unwrap_or_default();
    let refused = wait(Duration::from_secs(20), || {
        read().to_lowercase().contains("certificate")
    });
    let _ = child.kill();
    let _ = child.wait();
    assert!(refused, "no certificate error logged:\n{}", read());
    assert!(!read().contains("IMAP connected"), "{}", read());
    assert!(
        !stack
            .dovecot_log()
            .contains("Login: user=<liaison@iab.example>"),
        "the password went to an unverified server:\n{}",
        stack.dovecot_log()
    );
}
