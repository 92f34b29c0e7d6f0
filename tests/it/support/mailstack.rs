//! Real mail servers for integration tests: a private Dovecot (IMAP + LMTP) and a private
//! Postfix (SMTP), both on 127.0.0.1 with free ports, configured in a fresh temp dir per stack.
//!
//! Mail path: SMTP client -> Postfix (`smtp_port`) -> LMTP -> Dovecot (`lmtp_port`) -> maildir,
//! read back over IMAP (`imap_port`). Every user logs in with [`PASSWORD`].
//!
//! Postfix accepts mail only for the configured users (others get `550 User unknown` at RCPT TO),
//! refuses other domains (`554 Relay access denied`) and has no route off the machine.
//! Folder hierarchy separator is Dovecot's maildir default, `.`.
//!
//! With [`StackOptions::dkim`] the stack also has DKIM keys for the test domains and a dnsmasq
//! serving them ([`MailStack::keys`], [`MailStack::dns`]); with [`StackOptions::milters`]
//! Postfix runs OpenDKIM and OpenDMARC as milters (support/milters.rs), is `mx.iab.example`,
//! and removes incoming `Authentication-Results` that claim that authserv-id.
//!
//! Needs root and the Debian packages dovecot-imapd, dovecot-lmtpd and postfix; for DKIM
//! dnsmasq-base and openssl, for the milters opendkim and opendmarc.
//! Set `MAILSTACK_KEEP=1` to keep the temp dir (configs, logs, maildirs) after the test.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, anyhow, bail};
use futures::TryStreamExt;
use lettre::address::{Address, Envelope};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::dkim::TestKeys;
use super::dns::{self, Dnsmasq};
use super::milters::{AUTHSERV_ID, Milters};

/// Password of every user.
pub const PASSWORD: &str = "secret";

/// Domains Postfix always accepts mail for, in addition to those of the users.
pub const STANDARD_DOMAINS: &[&str] = &[
    "iab.example",
    "ietf.example",
    "3gpp.example",
    "itu.example",
    "ieee.example",
];

/// Limit for one network operation of the helpers and for a server to start or stop.
const TIMEOUT: Duration = Duration::from_secs(10);

pub struct MailStack {
    pub dir: PathBuf,
    pub imap_port: u16,
    pub lmtp_port: u16,
    pub smtp_port: u16,
    /// Set by [`MailStack::start_tls`].
    pub tls: Option<Tls>,
    /// Dovecot runs in the foreground as our child, so that we reap it: a zombie master would
    /// make the next Dovecot start refuse ("already running"), as its pid still answers kill -0.
    dovecot: Option<Child>,
    postfix_running: bool,
    keys: Option<TestKeys>,
    dns: Option<Dnsmasq>,
    milters: Option<Milters>,
}

/// What a stack runs besides Dovecot and Postfix. `StackOptions::default()` is
/// [`MailStack::start`]'s plain stack.
#[derive(Clone, Default)]
pub struct StackOptions {
    /// TLS: see [`Tls`].
    pub tls: bool,
    /// DKIM keys for the test domains ([`TestKeys`], in the stack's dir) and a dnsmasq serving
    /// them and `extra_txt` on 127.0.0.1 at a free port: ~20 ms more (the first such stack of
    /// the test binary also makes the keys, 0.3 to 0.5 s).
    pub dkim: bool,
    /// OpenDKIM and OpenDMARC as milters of Postfix; implies `dkim`, the dnsmasq then listens
    /// on a 127.53.X.Y:53 of its own (OpenDMARC knows port 53 only). ~50 ms more than `dkim`.
    pub milters: bool,
    /// More TXT records (name, value) for the dnsmasq.
    pub extra_txt: Vec<(String, String)>,
}

/// TLS of a stack started with [`MailStack::start_tls`]: a private CA signed the servers'
/// certificate (for `localhost` and 127.0.0.1). IMAP offers STARTTLS on `imap_port` and
/// implicit TLS on `imaps_port`; SMTP offers STARTTLS on `smtp_port` (still optional, so the
/// helpers can submit in the clear) and implicit TLS on `smtps_port`. Both servers log
/// whether each session was encrypted.
pub struct Tls {
    pub ca_file: PathBuf,
    pub imaps_port: u16,
    pub smtps_port: u16,
}

impl MailStack {
    /// Starts Dovecot and Postfix for `users` (full addresses, e.g. `liaison@iab.example`).
    /// Takes about 0.3 s (mostly `postfix start`'s own checks).
    pub fn start(users: &[&str]) -> Result<MailStack> {
        Self::start_with(users, StackOptions::default())
    }

    /// As [`MailStack::start`], with TLS: see [`Tls`].
    pub fn start_tls(users: &[&str]) -> Result<MailStack> {
        let tls = StackOptions {
            tls: true,
            ..StackOptions::default()
        };
        Self::start_with(users, tls)
    }

    /// As [`MailStack::start`], with what `options` asks for.
    pub fn start_with(users: &[&str], options: StackOptions) -> Result<MailStack> {
        // A probed free port can still be taken by another process before the server binds
        // it; such a start fails with EADDRINUSE and is simply retried with new ports.
        let mut attempt = 1;
        loop {
            match Self::try_start(users, &options) {
                Err(e) if attempt < 3 && format!("{e:#}").contains("Address already in use") => {
                    attempt += 1
                }
                result => return result,
            }
        }
    }

    fn try_start(users: &[&str], options: &StackOptions) -> Result<MailStack> {
        // Short, fixed parent (not $TMPDIR): unix sockets under it need paths < 108 bytes and
        // Postfix's maillog_file_prefixes allows /tmp.
        let dir = tempfile::Builder::new()
            .prefix("ms")
            .tempdir_in("/tmp")?
            .keep();
        let [imap_port, lmtp_port, smtp_port, imaps_port, smtps_port] = free_ports()?;
        // Built first so that Drop cleans up whatever the rest of the start leaves behind.
        let mut stack = MailStack {
            dir,
            imap_port,
            lmtp_port,
            smtp_port,
            tls: None,
            dovecot: None,
            postfix_running: false,
            keys: None,
            dns: None,
            milters: None,
        };
        // The servers' unprivileged processes must traverse it (tempfile makes it 0700).
        fs::set_permissions(&stack.dir, fs::Permissions::from_mode(0o755))?;
        if options.tls {
            stack.tls = Some(stack.make_certificates(imaps_port, smtps_port)?);
        }
        let domains = mail_domains(users)?;
        stack.write_dovecot_config(users)?;
        stack.spawn_dovecot()?; // starts in the background while the rest starts
        if options.dkim || options.milters {
            stack.start_dns(options)?;
        }
        stack.write_postfix_config(users, &domains)?;
        stack.start_postfix()?;
        stack.wait_for_dovecot()?;
        Ok(stack)
    }

    /// Makes the DKIM keys, starts the dnsmasq serving them and, if asked, the milters
    /// (which must accept before Postfix starts).
    fn start_dns(&mut self, options: &StackOptions) -> Result<()> {
        let (keys_dir, dns_dir, milters_dir) = (
            self.dir.join("dkim"),
            self.dir.join("dns"),
            self.dir.join("milters"),
        );
        for sub in [&keys_dir, &dns_dir, &milters_dir] {
            fs::create_dir_all(sub)?;
        }
        let keys = TestKeys::new(&keys_dir, STANDARD_DOMAINS)?;
        let zone = options
            .extra_txt
            .iter()
            .fold(keys.zone(), |zone, (name, value)| zone.txt(name, value));
        self.keys = Some(keys);
        if options.milters {
            let ip = dns::port53_address()?;
            self.dns = Some(zone.start_at(&dns_dir, (ip, 53).into())?);
            self.milters = Some(Milters::start(&milters_dir, ip)?);
        } else {
            let port = dns::free_udp_tcp_port()?;
            self.dns = Some(zone.start_at(&dns_dir, ([127, 0, 0, 1], port).into())?);
        }
        Ok(())
    }

    /// The DKIM keys published for the test domains. Panics unless started with
    /// [`StackOptions::dkim`] or [`StackOptions::milters`].
    pub fn keys(&self) -> &TestKeys {
        self.keys
            .as_ref()
            .expect("a stack started with dkim or milters")
    }

    /// The dnsmasq serving the keys: point liaisond at `dns().server()`. Panics as
    /// [`MailStack::keys`].
    pub fn dns(&self) -> &Dnsmasq {
        self.dns
            .as_ref()
            .expect("a stack started with dkim or milters")
    }

    /// The dnsmasq's "IP:PORT" when the stack has one.
    pub fn dns_server(&self) -> Option<String> {
        self.dns.as_ref().map(|d| d.server())
    }

    /// Whether Postfix runs OpenDKIM and OpenDMARC.
    pub fn has_milters(&self) -> bool {
        self.milters.is_some()
    }

    /// Stops Dovecot (IMAP and LMTP) and waits until its ports are closed; takes ~1.1 s, as
    /// Dovecot's master sleeps a second for its children. The mail stays. While Dovecot is
    /// down, Postfix queues incoming mail and retries about every second.
    pub fn stop_imap(&mut self) -> Result<()> {
        self.signal_dovecot();
        self.reap_dovecot()
    }

    /// Starts Dovecot again on the same ports with the same mail; returns once IMAP accepts.
    pub fn start_imap(&mut self) -> Result<()> {
        if self.dovecot.is_none() {
            self.spawn_dovecot()?;
        }
        self.wait_for_dovecot()
    }

    /// Submits `raw` (a complete RFC 5322 message) over SMTP with the given envelope.
    pub async fn send_smtp(&self, from: &str, to: &[&str], raw: &[u8]) -> Result<()> {
        self.submit(Some(from), to, raw).await
    }

    /// Submits `raw` over SMTP with the null reverse path `MAIL FROM:<>`, as bounces have.
    pub async fn send_smtp_null_sender(&self, to: &[&str], raw: &[u8]) -> Result<()> {
        self.submit(None, to, raw).await
    }

    /// Signs `raw` with the RSA key of `domain` ([`TestKeys::sign`]), submits it as
    /// [`MailStack::send_smtp`] does and returns the signed message.
    pub async fn send_signed(
        &self,
        from: &str,
        to: &[&str],
        raw: &[u8],
        domain: &str,
    ) -> Result<Vec<u8>> {
        let signed = self.keys().sign(raw, domain);
        self.send_smtp(from, to, &signed).await?;
        Ok(signed)
    }

    /// Submits `raw` to `user` from the envelope sender `from` and returns it as delivered to
    /// `user`'s INBOX (found by its Message-ID), with what Postfix and the milters added. For
    /// tests of the harness: a running liaisond would take the message away.
    pub async fn deliver(&self, from: &str, user: &str, raw: &[u8]) -> Result<Vec<u8>> {
        let id = message_id(raw).context("deliver: the message has no Message-ID")?;
        self.send_smtp(from, &[user], raw).await?;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let inbox = self.fetch_all(user, "INBOX").await?;
            if let Some(m) = inbox.into_iter().find(|m| message_id(m) == Some(id)) {
                return Ok(m);
            }
            if Instant::now() >= deadline {
                return Err(self.failure(&format!("{id} not delivered to {user}")));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn submit(&self, from: Option<&str>, to: &[&str], raw: &[u8]) -> Result<()> {
        let from = from.map(str::parse::<Address>).transpose()?;
        let to = to
            .iter()
            .map(|a| a.parse())
            .collect::<Result<Vec<Address>, _>>()?;
        let envelope = Envelope::new(from, to)?;
        let smtp = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
            .port(self.smtp_port)
            .timeout(Some(TIMEOUT))
            .build();
        smtp.send_raw(&envelope, raw).await.map_err(|e| {
            self.failure(&format!(
                "SMTP submission to port {} failed: {e}",
                self.smtp_port
            ))
        })?;
        Ok(())
    }

    /// Appends one message to `folder` of `user` by IMAP APPEND, creating the folder if needed.
    pub async fn append(&self, user: &str, folder: &str, raw: &[u8]) -> Result<()> {
        self.append_many(user, folder, &[raw]).await
    }

    /// Appends several messages over one IMAP session (fast bulk loading).
    pub async fn append_many(&self, user: &str, folder: &str, raws: &[&[u8]]) -> Result<()> {
        let what = format!("IMAP APPEND to {user}/{folder}");
        timed(&what, async {
            let mut imap = self.imap_login(user).await?;
            for raw in raws {
                if imap.append(folder, None, None, raw).await.is_err() {
                    // Most likely the folder does not exist ([TRYCREATE]): create it, retry once.
                    imap.create(folder).await.context("CREATE")?;
                    imap.append(folder, None, None, raw)
                        .await
                        .context("APPEND")?;
                }
            }
            imap.logout().await?;
            Ok(())
        })
        .await
    }

    /// Raw bytes of every message in `folder` of `user`, in mailbox order. Read-only
    /// (EXAMINE, BODY.PEEK): flags such as \Seen and \Recent are left for the daemon.
    pub async fn fetch_all(&self, user: &str, folder: &str) -> Result<Vec<Vec<u8>>> {
        let what = format!("IMAP fetch of {user}/{folder}");
        timed(&what, async {
            let mut imap = self.imap_login(user).await?;
            let mailbox = imap.examine(folder).await.context("EXAMINE")?;
            let mut messages = Vec::new();
            if mailbox.exists > 0 {
                let fetches: Vec<_> = imap
                    .fetch("1:*", "BODY.PEEK[]")
                    .await?
                    .try_collect()
                    .await?;
                // Unsolicited FETCH responses (flag changes by others) carry no body.
                messages = fetches
                    .iter()
                    .filter_map(|f| Some((f.message, f.body()?.to_vec())))
                    .collect();
                messages.sort_by_key(|(seq, _)| *seq);
            }
            imap.logout().await?;
            Ok(messages.into_iter().map(|(_, raw)| raw).collect())
        })
        .await
    }

    /// Polls `folder` until it holds at least `n` messages and returns all of them. After
    /// `timeout` fails with the last observation and the tails of both server logs.
    pub async fn wait_for_messages(
        &self,
        user: &str,
        folder: &str,
        n: usize,
        timeout: Duration,
    ) -> Result<Vec<Vec<u8>>> {
        let deadline = Instant::now() + timeout;
        loop {
            let seen = match self.fetch_all(user, folder).await {
                Ok(messages) if messages.len() >= n => return Ok(messages),
                Ok(messages) => format!("{} message(s)", messages.len()),
                Err(e) => format!("error: {e:#}"), // e.g. the folder does not exist yet
            };
            if Instant::now() >= deadline {
                return Err(self.failure(&format!(
                    "waited {timeout:?} for {n} message(s) in {user}/{folder}; last saw {seen}"
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Names of all folders of `user`, sorted.
    pub async fn list_folders(&self, user: &str) -> Result<Vec<String>> {
        timed(&format!("IMAP LIST for {user}"), async {
            let mut imap = self.imap_login(user).await?;
            let names: Vec<_> = imap.list(Some(""), Some("*")).await?.try_collect().await?;
            let mut folders: Vec<String> = names.iter().map(|n| n.name().to_owned()).collect();
            imap.logout().await?;
            folders.sort();
            Ok(folders)
        })
        .await
    }

    async fn imap_login(&self, user: &str) -> Result<async_imap::Session<tokio::net::TcpStream>> {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.imap_port))
            .await
            .with_context(|| format!("connecting to IMAP port {}", self.imap_port))?;
        let mut client = async_imap::Client::new(tcp);
        client
            .read_response()
            .await?
            .context("IMAP connection closed before the greeting")?;
        let session = client.login(user, PASSWORD).await.map_err(|(e, _)| e);
        session.with_context(|| format!("IMAP LOGIN as {user}"))
    }

    /// Postfix's log (SMTP sessions, queue, LMTP delivery attempts).
    pub fn postfix_log(&self) -> String {
        fs::read_to_string(self.dir.join("log/postfix.log")).unwrap_or_default()
    }

    /// Dovecot's log (IMAP logins, LMTP deliveries, errors).
    pub fn dovecot_log(&self) -> String {
        fs::read_to_string(self.dir.join("log/dovecot.log")).unwrap_or_default()
    }

    /// The last `lines` lines of each server's log, and whatever the servers wrote to
    /// stdout/stderr (start-up errors), labelled, for failure messages.
    pub fn log_tails(&self, lines: usize) -> String {
        let mut out = String::new();
        for name in [
            "log/postfix.log",
            "log/postfix.out",
            "log/dovecot.log",
            "log/dovecot.out",
            "dns/dnsmasq.log",
            "milters/opendkim.out",
            "milters/opendmarc.out",
        ] {
            let text = fs::read_to_string(self.dir.join(name)).unwrap_or_default();
            let all: Vec<&str> = text.lines().collect();
            if !all.is_empty() {
                let _ = writeln!(out, "--- {} ---", self.dir.join(name).display());
                for line in &all[all.len().saturating_sub(lines)..] {
                    let _ = writeln!(out, "{line}");
                }
            }
        }
        out
    }

    fn failure(&self, what: &str) -> anyhow::Error {
        anyhow!("{what}\n{}", self.log_tails(25))
    }

    fn write_dovecot_config(&self, users: &[&str]) -> Result<()> {
        let d = self.dir.display();
        for sub in ["log", "run", "mail", "postfix", "postfix-queue"] {
            fs::create_dir_all(self.dir.join(sub))?;
        }
        // Dovecot delivers and reads mail as the `dovecot` user.
        run(Command::new("chown")
            .arg("dovecot:dovecot")
            .arg(self.dir.join("mail")))?;

        let passwd: String = users
            .iter()
            .map(|u| format!("{u}:{{PLAIN}}{PASSWORD}::::::\n"))
            .collect();
        fs::write(self.dir.join("users"), passwd)?;
        fs::write(
            self.dir.join("dovecot.conf"),
            format!(
                r#"base_dir = {d}/run
state_dir = {d}/run/state
instance_name = mailstack-{imap}
protocols = imap lmtp
listen = 127.0.0.1
log_path = {d}/log/dovecot.log
auth_verbose = yes
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{d}/mail/%u
# LMTP delivers user+detail@domain to user@domain's INBOX.
recipient_delimiter = +
mail_uid = dovecot
mail_gid = dovecot
# The `dovecot` system uid is below the default limit of 500.
first_valid_uid = 0
default_internal_user = dovecot
default_internal_group = dovecot
# Login processes refuse to run as root.
default_login_user = dovenull
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={d}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps}
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp}
  }}
}}
protocol imap {{
  # The daemon and the test helpers may hold many sessions at once.
  mail_max_userip_connections = 100
}}
"#,
                imap = self.imap_port,
                lmtp = self.lmtp_port,
                imaps = self.tls.as_ref().map_or(0, |t| t.imaps_port),
                ssl = match &self.tls {
                    Some(_) => format!(
                        "ssl = yes\nssl_cert = <{d}/tls/server.pem\nssl_key = <{d}/tls/server.key"
                    ),
                    None => "ssl = no".into(),
                },
            ),
        )?;

        Ok(())
    }

    /// main.cf, master.cf and the tables, for mail to `users` and any address of `domains`.
    fn write_postfix_config(&self, users: &[&str], domains: &str) -> Result<()> {
        let d = self.dir.display();
        // Config only: `postfix start` warns about every file in it not owned by root, so the
        // queue and data directories live beside it.
        let pf = self.dir.join("postfix");
        let vmailbox: String = users.iter().map(|u| format!("{u} ok\n")).collect();
        fs::write(pf.join("vmailbox"), vmailbox)?;
        let mut tables = vec!["main.cf", "master.cf", "vmailbox"];
        let milters = match &self.milters {
            Some(m) => {
                Milters::write_header_checks(&pf.join("header_checks"))?;
                tables.push("header_checks");
                m.postfix_main_cf(&pf.join("header_checks"))
            }
            None => String::new(),
        };
        fs::write(
            pf.join("main.cf"),
            format!(
                r#"compatibility_level = 3.6
queue_directory = {d}/postfix-queue
data_directory = {d}/postfix-data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
# There is no syslog.
maillog_file = {d}/log/postfix.log
maillog_file_prefixes = /tmp
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = {myhostname}
mydestination =
alias_maps =
alias_database =
local_recipient_maps =
smtputf8_enable = no
smtpd_relay_restrictions = reject_unauth_destination
virtual_mailbox_domains = {domains}
# texthash: needs no postmap; unknown users are refused at RCPT TO.
virtual_mailbox_maps = texthash:{d}/postfix/vmailbox
virtual_transport = lmtp:inet:127.0.0.1:{lmtp}
# user+detail@domain reaches user@domain (liaisond's reply tokens).
recipient_delimiter = +
# Nothing ever leaves the machine, not even a bounce to an outside sender.
default_transport = error:5.7.1 test mail stack delivers nowhere else
relay_transport = error:5.7.1 test mail stack delivers nowhere else
# Mail queued while Dovecot is stopped (stop_imap) goes out soon after start_imap.
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
{tls}
{milters}"#,
                lmtp = self.lmtp_port,
                myhostname = if self.milters.is_some() {
                    AUTHSERV_ID
                } else {
                    "mx.test.example"
                },
                tls = match &self.tls {
                    Some(_) => format!(
                        "smtpd_tls_cert_file = {d}/tls/server.pem\nsmtpd_tls_key_file = {d}/tls/server.key\nsmtpd_tls_security_level = may\nsmtpd_tls_loglevel = 1"
                    ),
                    None => String::new(),
                },
            ),
        )?;
        // Only the services this setup uses, none chrooted (Debian's master.cf chroots most).
        fs::write(
            pf.join("master.cf"),
            format!(
                "127.0.0.1:{smtp} inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
lmtp      unix  - - n - - lmtp
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
{tls}",
                smtp = self.smtp_port,
                tls = match &self.tls {
                    Some(t) => format!(
                        "tlsmgr    unix  - - n 1000? 1 tlsmgr\n127.0.0.1:{} inet n - n - - smtpd -o smtpd_tls_wrappermode=yes\n",
                        t.smtps_port
                    ),
                    None => String::new(),
                },
            ),
        )?;
        // Postfix daemons wait ~2 s before using a config or table file that is from the
        // current second (it might be incomplete): backdate them.
        let past = SystemTime::now() - Duration::from_secs(60);
        for name in tables {
            File::options()
                .write(true)
                .open(pf.join(name))?
                .set_modified(past)?;
        }
        Ok(())
    }

    /// A private CA and a server certificate it signed, made with the openssl CLI.
    fn make_certificates(&self, imaps_port: u16, smtps_port: u16) -> Result<Tls> {
        let tls = self.dir.join("tls");
        fs::create_dir_all(&tls)?;
        fs::write(
            tls.join("server.ext"),
            "subjectAltName = DNS:localhost, IP:127.0.0.1\nbasicConstraints = CA:FALSE\n\
             keyUsage = digitalSignature\nextendedKeyUsage = serverAuth\n",
        )?;
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        let openssl = |args: &[&str]| {
            run(Command::new("openssl").args(args).current_dir(&tls))
                .context("running openssl (is the openssl package installed?)")
        };
        openssl(
            &[
                &["req", "-x509"],
                &ec[..],
                &[
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=liaisond test CA",
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign",
                ],
            ]
            .concat(),
        )?;
        openssl(
            &[
                &["req"],
                &ec[..],
                &[
                    "-keyout",
                    "server.key",
                    "-out",
                    "server.csr",
                    "-subj",
                    "/CN=localhost",
                ],
            ]
            .concat(),
        )?;
        openssl(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ])?;
        Ok(Tls {
            ca_file: tls.join("ca.pem"),
            imaps_port,
            smtps_port,
        })
    }

    fn spawn_dovecot(&mut self) -> Result<()> {
        // -F: stay in the foreground as our child. Output goes to a file: Dovecot keeps the
        // caller's stderr open, so a pipe would never reach EOF.
        let out = log_file(&self.dir.join("log/dovecot.out"))?;
        let child = Command::new("dovecot")
            .arg("-F")
            .arg("-c")
            .arg(self.dir.join("dovecot.conf"))
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .context("running dovecot (is dovecot-imapd installed?)")?;
        self.dovecot = Some(child);
        Ok(())
    }

    fn wait_for_dovecot(&mut self) -> Result<()> {
        let port = self.imap_port;
        let master = self.dovecot.as_mut().context("Dovecot is not running")?;
        // The master binds all its listeners before it forks any service, so IMAP greeting
        // means LMTP accepts too. The greeting (rather than an open port) also means that the
        // services are up: a Dovecot stopped in its first ~100 ms takes 6 s to shut down.
        let mut exited = None;
        let ready = wait_until(TIMEOUT, || {
            exited = master.try_wait().ok().flatten();
            exited.is_some() || imap_greets(port)
        });
        match (ready, exited) {
            (Ok(()), None) => Ok(()),
            (_, Some(status)) => {
                self.dovecot = None;
                Err(self.failure(&format!("Dovecot exited at start with {status}")))
            }
            (Err(_), None) => Err(self.failure("Dovecot did not open its IMAP port")),
        }
    }

    /// Asks Dovecot to shut down (SIGTERM lets the master stop its children and close the
    /// connections of IMAP clients; Child::kill would send SIGKILL).
    fn signal_dovecot(&self) {
        if let Some(master) = &self.dovecot {
            let _ = Command::new("kill").arg(master.id().to_string()).status();
        }
    }

    fn reap_dovecot(&mut self) -> Result<()> {
        let Some(mut master) = self.dovecot.take() else {
            return Ok(());
        };
        if wait_until(TIMEOUT, || matches!(master.try_wait(), Ok(Some(_)))).is_err() {
            let _ = master.kill();
            let _ = master.wait();
        }
        self.kill_client_processes();
        let (imap, lmtp) = (self.imap_port, self.lmtp_port);
        wait_until(TIMEOUT, || !accepts(imap) && !accepts(lmtp))
            .map_err(|_| self.failure("Dovecot ports still open after stopping it"))
    }

    /// Ends the IMAP processes still serving clients once the master is gone, as a real
    /// server restart does; without this a client's connection outlives the "restart".
    /// They are named after the instance (`dovecot-mailstack-PORT/imap`).
    fn kill_client_processes(&self) {
        let tag = format!("mailstack-{}/", self.imap_port);
        let Ok(procs) = fs::read_dir("/proc") else {
            return;
        };
        for p in procs.flatten() {
            let Ok(cmdline) = fs::read(p.path().join("cmdline")) else {
                continue;
            };
            if String::from_utf8_lossy(&cmdline).contains(&tag) {
                let _ = Command::new("kill")
                    .args(["-KILL", &p.file_name().to_string_lossy()])
                    .status();
            }
        }
    }

    fn start_postfix(&mut self) -> Result<()> {
        // `postfix start` returns once the master has bound its listeners (master -w).
        let status = self.postfix("start")?;
        if !status.success() {
            // In case a master outlived its failed start.
            let _ = self.postfix("stop");
            return Err(self.failure(&format!("postfix start failed with {status}")));
        }
        self.postfix_running = true;
        Ok(())
    }

    /// Runs the `postfix` command for this instance, its output going to log/postfix.out.
    fn postfix(&self, command: &str) -> Result<std::process::ExitStatus> {
        let out = log_file(&self.dir.join("log/postfix.out"))?;
        Command::new("postfix")
            .arg("-c")
            .arg(self.dir.join("postfix"))
            .arg(command)
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .status()
            .context("running postfix (is postfix installed?)")
    }

    fn stop_postfix(&mut self) -> Result<()> {
        if !std::mem::take(&mut self.postfix_running) {
            return Ok(());
        }
        // Sends SIGTERM and waits until the master's lock is released.
        let status = self.postfix("stop")?;
        if !status.success() {
            return Err(self.failure(&format!("postfix stop failed with {status}")));
        }
        let port = self.smtp_port;
        wait_until(TIMEOUT, || !accepts(port))
            .map_err(|_| anyhow!("Postfix port {port} still open"))
    }
}

impl Drop for MailStack {
    fn drop(&mut self) {
        if std::thread::panicking() {
            // Shown by the test harness together with the panic.
            eprintln!("mail stack logs at the failure:\n{}", self.log_tails(40));
        }
        // Both take up to a second or so: let them shut down at the same time.
        self.signal_dovecot();
        if let Err(e) = self.stop_postfix() {
            eprintln!("mail stack: stopping Postfix: {e:#}");
        }
        if let Err(e) = self.reap_dovecot() {
            eprintln!("mail stack: stopping Dovecot: {e:#}");
        }
        // Killed and reaped by their own Drop, once Postfix no longer talks to them.
        self.milters = None;
        self.dns = None;
        if std::env::var_os("MAILSTACK_KEEP").is_some() {
            eprintln!("mail stack: kept {}", self.dir.display());
            return;
        }
        // Exiting server children may still write a last log line: retry briefly.
        let removed = wait_until(Duration::from_secs(2), || {
            fs::remove_dir_all(&self.dir).is_ok() || !self.dir.exists()
        });
        if removed.is_err() {
            eprintln!("mail stack: could not remove {}", self.dir.display());
        }
    }
}

/// Distinct free ports on 127.0.0.1, none handed out before in this process (the one test
/// binary: the record's web servers take theirs here too).
pub fn free_ports<const N: usize>() -> Result<[u16; N]> {
    // The kernel may offer a port again once its probe socket is closed, while another stack
    // of this test binary is about to bind it.
    static HANDED_OUT: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());
    let mut handed_out = HANDED_OUT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut probes = Vec::new(); // kept bound until the end so that they differ
    let mut ports = Vec::new();
    while ports.len() < N {
        let probe = TcpListener::bind("127.0.0.1:0")?;
        let port = probe.local_addr()?.port();
        if handed_out.insert(port) {
            ports.push(port);
        }
        probes.push(probe);
    }
    Ok(ports.try_into().expect("N ports"))
}

fn accepts(port: u16) -> bool {
    TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(1)).is_ok()
}

/// Whether an IMAP server on `port` sends its greeting.
fn imap_greets(port: u16) -> bool {
    use std::io::Read;
    let Ok(mut tcp) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(2)));
    let mut greeting = [0u8; 4];
    tcp.read_exact(&mut greeting).is_ok() && &greeting == b"* OK"
}

/// Polls `done` every 20 ms until it is true or `timeout` has passed.
pub fn wait_until(timeout: Duration, mut done: impl FnMut() -> bool) -> Result<()> {
    let deadline = Instant::now() + timeout;
    while !done() {
        if Instant::now() >= deadline {
            bail!("timed out after {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

/// The mail domains of `users` (full addresses) and the standard ones, space-separated.
fn mail_domains(users: &[&str]) -> Result<String> {
    let mut domains: BTreeSet<&str> = STANDARD_DOMAINS.iter().copied().collect();
    for user in users {
        match user.split_once('@') {
            Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {
                domains.insert(domain)
            }
            _ => bail!("user {user:?} is not a full address like name@domain"),
        };
    }
    Ok(domains.into_iter().collect::<Vec<_>>().join(" "))
}

/// The Message-ID field's value of `raw`, as written (angle brackets included).
fn message_id(raw: &[u8]) -> Option<&str> {
    let header = &raw[..find(raw, b"\r\n\r\n").unwrap_or(raw.len())];
    std::str::from_utf8(header)
        .ok()?
        .split("\r\n")
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("Message-ID")
                .then(|| value.trim())
        })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn log_file(path: &Path) -> Result<File> {
    Ok(File::options().create(true).append(true).open(path)?)
}

/// Runs a short command, failing with its output if it fails.
fn run(cmd: &mut Command) -> Result<()> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running {cmd:?}"))?;
    if !out.status.success() {
        bail!(
            "{cmd:?} failed with {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

async fn timed<T>(what: &str, work: impl Future<Output = Result<T>>) -> Result<T> {
    match tokio::time::timeout(TIMEOUT, work).await {
        Ok(result) => result.with_context(|| what.to_owned()),
        Err(_) => bail!("{what}: no answer within {TIMEOUT:?}"),
    }
}
