//! Runs the real `liaisond` binary against a MailStack, with its own config,
//! database and log in a temp dir, and reads back what it recorded.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use super::config::{Authentication, Config, Mailbox, Outbox, Outgoing, Security};
use super::mailstack::{MailStack, PASSWORD};
use super::milters::AUTHSERV_ID;

pub const BIN: &str = env!("CARGO_BIN_EXE_liaisond");

/// The binary the daemon tests run: this build's, or another given in
/// `LIAISOND_TEST_BIN` (to see a test fail on an earlier release).
pub fn bin() -> String {
    std::env::var("LIAISOND_TEST_BIN").unwrap_or_else(|_| BIN.to_string())
}
pub const CENTRAL: &str = "liaison@iab.example";
pub const BOT: &str = "liaison-bot@iab.example";
pub const SUBMIT: &str = "liaison-submit@iab.example";

pub struct Daemon {
    pub dir: PathBuf,
    /// What it runs with, in `dir`/liaisond.toml.
    pub config: Config,
    child: Option<Child>,
    runs: usize,
}

/// The configuration of a daemon on `stack`, its database in `dir`: the
/// central mailbox over IMAP with IDLE (polling effectively off, so only IDLE
/// can bring mail in quickly), SMTP submission, fast retries, no web. Over
/// TLS when asked (the stack must have been started with TLS).
pub fn stack_config(dir: &Path, stack: &MailStack, security: Security) -> Config {
    // TLS by name, as deployments do: the certificate is checked against "localhost".
    let host = if security == Security::Plain {
        "127.0.0.1"
    } else {
        "localhost"
    };
    let (central, outgoing) = match (security, &stack.tls) {
        (Security::Plain, _) => (
            Mailbox::imap("central", host, stack.imap_port).plain(),
            Outgoing::smtp(host, stack.smtp_port).plain(),
        ),
        (Security::Starttls, Some(t)) => (
            Mailbox::imap("central", host, stack.imap_port).tls(security, &t.ca_file),
            Outgoing::smtp(host, stack.smtp_port).tls(security, &t.ca_file),
        ),
        (Security::Tls, Some(t)) => (
            Mailbox::imap("central", host, t.imaps_port).tls(security, &t.ca_file),
            Outgoing::smtp(host, t.smtps_port).tls(security, &t.ca_file),
        ),
        _ => panic!("TLS asked of a stack started without it"),
    };
    Config::new()
        .database(dir.join("liaisond.db"))
        .identity(BOT, &[CENTRAL], SUBMIT)
        .mailbox(
            central
                .login(CENTRAL, PASSWORD)
                .processed_folder("Processed")
                .poll_interval_secs(3600.0)
                .reconnect_min_secs(0.2)
                .reconnect_max_secs(1.0)
                .timeout_secs(20),
        )
        .outgoing(outgoing.timeout_secs(10))
        // Daemons of concurrent tests would all want the same port.
        .web_disabled()
        .outbox(Outbox {
            poll_interval_secs: 0.2,
            retry_base_secs: 0.5,
            retry_max_secs: 2.0,
            max_attempts: None,
        })
        .authentication(stack_authentication(stack))
}

/// How the daemon proves senders on this stack: with the stack's DNS, DKIM
/// checked here (and, with milters, the stack's Authentication-Results
/// believed too); without, no DKIM check (no resolver to ask).
fn stack_authentication(stack: &MailStack) -> Authentication {
    match stack.dns_server() {
        Some(dns) if stack.has_milters() => Authentication {
            trusted_authserv_ids: Some(vec![AUTHSERV_ID.to_string()]),
            ..Authentication::dkim(&dns)
        },
        Some(dns) => Authentication::dkim(&dns),
        None => Authentication {
            dkim: Some(false),
            ..Authentication::default()
        },
    }
}

/// One more IMAP mailbox on the stack, of `user`, in the clear and polled
/// hourly, as the central one: only IDLE brings mail in quickly.
pub fn stack_mailbox(stack: &MailStack, name: &str, user: &str) -> Mailbox {
    Mailbox::imap(name, "127.0.0.1", stack.imap_port)
        .plain()
        .login(user, PASSWORD)
        .poll_interval_secs(3600.0)
        .reconnect_min_secs(0.2)
}

impl Daemon {
    /// Starts `liaisond run` and waits until its mailbox is connected: the
    /// [`stack_config`] with the sections of `extra`.
    pub fn start(stack: &MailStack, extra: Config) -> Daemon {
        Daemon::start_with(stack, Security::Plain, extra)
    }

    /// As [`Daemon::start`], the whole configuration adjusted before it is
    /// written (the central mailbox's settings, say).
    pub fn start_adjusted(
        stack: &MailStack,
        extra: Config,
        adjust: impl FnOnce(&mut Config),
    ) -> Daemon {
        let mut d = Daemon::prepare(stack, Security::Plain, extra, adjust);
        d.spawn(&[]);
        d
    }

    pub fn start_with(stack: &MailStack, security: Security, extra: Config) -> Daemon {
        let mut d = Daemon::prepare(stack, security, extra, |_| {});
        d.spawn(&[]);
        d
    }

    /// Writes the configuration in a fresh directory, adjusted by `adjust`
    /// before it is written; nothing runs yet.
    pub fn prepare(
        stack: &MailStack,
        security: Security,
        extra: Config,
        adjust: impl FnOnce(&mut Config),
    ) -> Daemon {
        let dir = tempfile::Builder::new()
            .prefix("ld")
            .tempdir_in("/tmp")
            .unwrap()
            .keep();
        let mut config = stack_config(&dir, stack, security).with(extra);
        adjust(&mut config);
        config.write(&dir.join("liaisond.toml"));
        Daemon {
            dir,
            config,
            child: None,
            runs: 0,
        }
    }

    fn log_path(&self, run: usize) -> PathBuf {
        self.dir.join(format!("run{run}.log"))
    }

    /// Starts the binary again (after a crash, say), with extra environment.
    pub fn spawn(&mut self, env: &[(&str, &str)]) {
        self.launch(env);
        let run = self.runs;
        wait(Duration::from_secs(20), || {
            self.log(run).contains("IMAP connected") || self.exited()
        });
        // It may have crashed since, on purpose (a fault test); not before.
        assert!(
            self.log(run).contains("IMAP connected"),
            "liaisond did not connect:\n{}",
            self.log(run)
        );
    }

    /// Starts the binary without waiting for anything.
    pub fn launch(&mut self, env: &[(&str, &str)]) {
        assert!(self.child.is_none(), "already running");
        self.runs += 1;
        let log = std::fs::File::create(self.log_path(self.runs)).unwrap();
        let mut cmd = Command::new(bin());
        cmd.args(["--config", "liaisond.toml", "run"])
            .current_dir(&self.dir)
            // LIAISOND_TEST_LOG: another log filter for a look at one run.
            .env(
                "RUST_LOG",
                std::env::var("LIAISOND_TEST_LOG").unwrap_or_else(|_| "liaisond=debug".into()),
            )
            .stdout(Stdio::null())
            .stderr(log)
            // The harness's own variables: liaisond reads LIAISOND_* strictly
            // and would refuse them as unknown settings.
            .env_remove("LIAISOND_TEST_BIN")
            .env_remove("LIAISOND_TEST_LOG");
        for (k, v) in env {
            cmd.env(k, v);
        }
        self.child = Some(cmd.spawn().unwrap());
    }

    /// GETs `path` from the admin listener (the configuration sets `admin`): status and body.
    pub async fn admin_get(&self, path: &str) -> (u16, String) {
        let admin = self.config.admin.as_ref().expect("the test set [admin]");
        let url = format!("http://{}{path}", admin.listen);
        let r = reqwest::get(&url)
            .await
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub fn log(&self, run: usize) -> String {
        std::fs::read_to_string(self.log_path(run)).unwrap_or_default()
    }

    /// All logs of all runs, for failure messages.
    pub fn logs(&self) -> String {
        (1..=self.runs)
            .map(|r| format!("--- run {r} ---\n{}", self.log(r)))
            .collect()
    }

    fn exited(&mut self) -> bool {
        matches!(self.child.as_mut().map(|c| c.try_wait()), Some(Ok(Some(_))))
    }

    /// Waits for the process to end by itself (an injected crash).
    pub fn wait_exit(&mut self, limit: Duration) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                self.child = None;
                return status;
            }
            assert!(
                start.elapsed() < limit,
                "liaisond did not exit:\n{}",
                self.logs()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGTERM and wait, as systemd stops it.
    pub fn stop(&mut self) {
        if let Some(pid) = self.pid() {
            let _ = Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
        }
        if let Some(mut c) = self.child.take() {
            let _ = c.wait();
        }
    }

    /// SIGKILL, as a power cut or the OOM killer stops it, and wait.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Runs a CLI command against this daemon's config and database.
    pub fn cli(&self, args: &[&str]) -> String {
        let out = Command::new(bin())
            .arg("--config")
            .arg("liaisond.toml")
            .args(args)
            .current_dir(&self.dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "liaisond {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The recorded statements in the JSON contract.
    pub fn statements(&self) -> Vec<serde_json::Value> {
        let v: serde_json::Value = serde_json::from_str(&self.cli(&["list", "--json"])).unwrap();
        v.as_array().unwrap().clone()
    }

    /// The running process, if any (the ingest benchmark reads its memory).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(|c| c.id())
    }

    pub fn db(&self) -> PathBuf {
        self.dir.join("liaisond.db")
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        if !std::thread::panicking() {
            let bad = super::invariants::violations(&self.db());
            assert!(
                bad.is_empty(),
                "the store breaks its promises:\n{}",
                bad.join("\n")
            );
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

pub fn wait(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    f()
}

/// The 3GPP officer who sends `statement_mail`.
pub const SDO: &str = "sdo@3gpp.example";

/// Mails statement `n` from the 3GPP officer to the central address over
/// SMTP and waits up to 30 s until the officer's INBOX holds `acks` mails;
/// the daemon's log and the mail servers' in the panic if it does not.
pub async fn statement_acknowledged(stack: &MailStack, d: &Daemon, n: usize, acks: usize) {
    stack
        .send_smtp(SDO, &[CENTRAL], &statement_mail(n))
        .await
        .unwrap();
    stack
        .wait_for_messages(SDO, "INBOX", acks, Duration::from_secs(30))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}\n{}", d.logs(), stack.log_tails(30)));
}

/// A statement mail from the 3GPP officer, with a small PDF attached.
pub fn statement_mail(n: usize) -> Vec<u8> {
    format!(
        "From: SA3 Officer <{SDO}>\r\nTo: {CENTRAL}\r\nSubject: LS on topic {n}\r\n\
Message-ID: <ls-{n}.{nonce}@3gpp.example>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=BOUNDARY\r\n\r\n--BOUNDARY\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
From: 3GPP TSG SA WG3\r\nSend Reply To: sa3-ls@3gpp.example\r\nTo: IETF LAMPS WG\r\nPurpose: For Action\r\n\
Deadline: 2026-12-15\r\nTitle: LS on topic {n}\r\nBody:\r\nPlease review topic {n}.\r\n--BOUNDARY\r\n\
Content-Type: application/pdf; name=S3-26{n:04}.pdf\r\nContent-Disposition: attachment; filename=S3-26{n:04}.pdf\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJSBsaWFpc29uCg==\r\n--BOUNDARY--\r\n",
        nonce = std::process::id()
    )
    .into_bytes()
}
