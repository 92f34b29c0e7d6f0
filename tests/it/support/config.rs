//! The daemon's configuration file, built in code. A test says what it sets;
//! [`Config::write`] renders the TOML that `liaisond --config` reads. Only
//! what is set is written: everything else keeps the embedded default
//! (src/defaults.toml).

use std::path::{Path, PathBuf};

use serde::Serialize;

/// How a mailbox or the outgoing transport reaches its server.
#[derive(Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    Plain,
    Starttls,
    /// Implicit TLS: IMAPS and SMTPS (submissions).
    Tls,
}

/// A configuration file: one field per section, `None` (or no mailboxes)
/// when the file does not have it.
#[derive(Clone, Default, Serialize)]
pub struct Config {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<Database>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mailboxes: Vec<Mailbox>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outgoing: Option<Outgoing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ack: Option<Ack>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbox: Option<Outbox>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directory: Option<DirectoryFiles>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Roles>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication: Option<Authentication>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<Limits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reminders: Option<Reminders>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web: Option<Web>,
    /// Unset, the file puts the admin listener on any free port: daemons of
    /// concurrent tests would all want the default one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin: Option<Admin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<Log>,
}

/// `[admin]`: metrics and health.
#[derive(Clone, Serialize)]
pub struct Admin {
    pub listen: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbox_stuck_secs: Option<f64>,
}

/// `[log]`: `text` or `json`.
#[derive(Clone, Serialize)]
pub struct Log {
    pub format: &'static str,
}

#[derive(Clone, Serialize)]
pub struct Database {
    pub path: PathBuf,
}

#[derive(Clone, Serialize)]
pub struct Identity {
    pub address: String,
    pub own_addresses: Vec<String>,
    pub submission_address: String,
}

/// A `[[mailboxes]]` entry: a Maildir or an IMAP mailbox.
#[derive(Clone, Default, Serialize)]
pub struct Mailbox {
    pub name: String,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security: Option<Security>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_plain: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_ca_file: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processed_folder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idle: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poll_interval_secs: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reconnect_min_secs: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reconnect_max_secs: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<u64>,
}

/// `[outgoing]`: SMTP, or .eml files in a directory.
#[derive(Clone, Default, Serialize)]
pub struct Outgoing {
    pub transport: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbox_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security: Option<Security>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_plain: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_ca_file: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<u64>,
}

#[derive(Clone, Serialize)]
pub struct Ack {
    pub max_per_sender_per_day: u32,
}

/// `[outbox]`: how often the queue is looked at and failed mail retried.
#[derive(Clone, Serialize)]
pub struct Outbox {
    pub poll_interval_secs: f64,
    pub retry_base_secs: f64,
    pub retry_max_secs: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
}

#[derive(Clone, Serialize)]
pub struct DirectoryFiles {
    pub files: Vec<PathBuf>,
}

#[derive(Clone, Serialize)]
pub struct Roles {
    pub coordinators: Vec<String>,
}

/// `[approval]` of outgoing statements.
#[derive(Clone, Default, Serialize)]
pub struct Approval {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check_interval_secs: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_hours: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remind_before_hours: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_authentication: Option<bool>,
}

/// `[authentication]`: how senders are proven.
#[derive(Clone, Default, Serialize)]
pub struct Authentication {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dkim: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns_servers: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted_authserv_ids: Option<Vec<String>>,
}

/// `[limits]`: what strangers can make liaisond send.
#[derive(Clone, Default, Serialize)]
pub struct Limits {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unverified_answers_per_day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmations_per_person_per_day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statements_per_sender_per_day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_every_secs: Option<f64>,
}

/// `[reminders]` before deadlines, and the coordinators' weekly digest.
#[derive(Clone, Default, Serialize)]
pub struct Reminders {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check_interval_secs: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekly_digest: Option<bool>,
}

#[derive(Clone, Serialize)]
pub struct Web {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl Config {
    /// A file that sets nothing.
    pub fn new() -> Config {
        Config::default()
    }

    pub fn database(mut self, path: impl Into<PathBuf>) -> Config {
        self.database = Some(Database { path: path.into() });
        self
    }

    /// The bot's `address`, the addresses that are liaisond's own, and where
    /// outgoing statements are submitted.
    pub fn identity(mut self, address: &str, own: &[&str], submission: &str) -> Config {
        self.identity = Some(Identity {
            address: address.into(),
            own_addresses: strings(own),
            submission_address: submission.into(),
        });
        self
    }

    /// One more mailbox, after those already there.
    pub fn mailbox(mut self, mailbox: Mailbox) -> Config {
        self.mailboxes.push(mailbox);
        self
    }

    pub fn outgoing(mut self, outgoing: Outgoing) -> Config {
        self.outgoing = Some(outgoing);
        self
    }

    /// `[ack] max_per_sender_per_day`.
    pub fn ack_cap(mut self, max_per_sender_per_day: u32) -> Config {
        self.ack = Some(Ack {
            max_per_sender_per_day,
        });
        self
    }

    /// One sender mailing statements in bulk (the load and fault tests): no
    /// cap on its acknowledgements, none on its statements per day.
    pub fn bulk_sender(self) -> Config {
        let limits = self.limits.clone().unwrap_or_default();
        self.ack_cap(1_000_000)
            .limits(limits.statements_per_sender_per_day(1_000_000))
    }

    pub fn outbox(mut self, outbox: Outbox) -> Config {
        self.outbox = Some(outbox);
        self
    }

    /// A group directory file (see [`super::directory::Directory`]).
    pub fn directory(mut self, file: impl Into<PathBuf>) -> Config {
        self.directory = Some(DirectoryFiles {
            files: vec![file.into()],
        });
        self
    }

    /// `[roles] coordinators`.
    pub fn coordinators(mut self, addresses: &[&str]) -> Config {
        self.roles = Some(Roles {
            coordinators: strings(addresses),
        });
        self
    }

    pub fn approval(mut self, approval: Approval) -> Config {
        self.approval = Some(approval);
        self
    }

    pub fn authentication(mut self, authentication: Authentication) -> Config {
        self.authentication = Some(authentication);
        self
    }

    pub fn limits(mut self, limits: Limits) -> Config {
        self.limits = Some(limits);
        self
    }

    pub fn reminders(mut self, reminders: Reminders) -> Config {
        self.reminders = Some(reminders);
        self
    }

    /// The public record on `listen`, `page_size` statements a page.
    pub fn web(mut self, listen: &str, page_size: u32) -> Config {
        self.web = Some(Web {
            enabled: None,
            listen: Some(listen.into()),
            page_size: Some(page_size),
        });
        self
    }

    /// The admin listener on `listen` (e.g. `127.0.0.1:PORT`).
    pub fn admin(mut self, listen: &str) -> Config {
        self.admin = Some(Admin {
            listen: listen.into(),
            outbox_stuck_secs: None,
        });
        self
    }

    /// Logs as JSON lines.
    pub fn json_logs(mut self) -> Config {
        self.log = Some(Log { format: "json" });
        self
    }

    pub fn web_disabled(mut self) -> Config {
        self.web = Some(Web {
            enabled: Some(false),
            listen: None,
            page_size: None,
        });
        self
    }

    /// This file with the sections of `more` added, its mailboxes after these.
    /// A section both set is a mistake (a TOML file cannot have it twice).
    pub fn with(mut self, more: Config) -> Config {
        fn one<T>(section: &str, mine: Option<T>, theirs: Option<T>) -> Option<T> {
            assert!(
                mine.is_none() || theirs.is_none(),
                "[{section}] is set twice"
            );
            mine.or(theirs)
        }
        let Config {
            database,
            identity,
            mailboxes,
            outgoing,
            ack,
            outbox,
            directory,
            roles,
            approval,
            authentication,
            limits,
            reminders,
            web,
            admin,
            log,
        } = more;
        self.mailboxes.extend(mailboxes);
        Config {
            database: one("database", self.database, database),
            identity: one("identity", self.identity, identity),
            mailboxes: self.mailboxes,
            outgoing: one("outgoing", self.outgoing, outgoing),
            ack: one("ack", self.ack, ack),
            outbox: one("outbox", self.outbox, outbox),
            directory: one("directory", self.directory, directory),
            roles: one("roles", self.roles, roles),
            approval: one("approval", self.approval, approval),
            // A test may choose how senders are proven over the stack's default.
            authentication: authentication.or(self.authentication),
            limits: one("limits", self.limits, limits),
            reminders: one("reminders", self.reminders, reminders),
            // A test may turn on the web the stack's default turns off.
            web: web.or(self.web),
            admin: one("admin", self.admin, admin),
            log: one("log", self.log, log),
        }
    }

    /// The TOML.
    pub fn render(&self) -> String {
        let mut shown = self.clone();
        shown.admin.get_or_insert(Admin {
            listen: "127.0.0.1:0".into(),
            outbox_stuck_secs: None,
        });
        toml::to_string(&shown).expect("a test configuration renders as TOML")
    }

    /// Writes the TOML to `path`.
    pub fn write(&self, path: &Path) {
        std::fs::write(path, self.render()).unwrap();
    }
}

impl Mailbox {
    pub fn maildir(name: &str, path: impl Into<PathBuf>) -> Mailbox {
        Mailbox {
            name: name.into(),
            kind: "maildir",
            path: Some(path.into()),
            ..Mailbox::default()
        }
    }

    /// An IMAP mailbox; say how it is reached with [`Mailbox::plain`] or [`Mailbox::tls`].
    pub fn imap(name: &str, host: &str, port: u16) -> Mailbox {
        Mailbox {
            name: name.into(),
            kind: "imap",
            host: Some(host.into()),
            port: Some(port),
            ..Mailbox::default()
        }
    }

    /// In the clear, which liaisond does only when allowed to.
    pub fn plain(mut self) -> Mailbox {
        self.security = Some(Security::Plain);
        self.allow_plain = Some(true);
        self
    }

    /// Over TLS (STARTTLS or implicit), trusting the certificate authority in `ca_file`.
    pub fn tls(mut self, security: Security, ca_file: &Path) -> Mailbox {
        self.security = Some(security);
        self.tls_ca_file = Some(ca_file.into());
        self
    }

    pub fn login(mut self, username: &str, password: &str) -> Mailbox {
        self.username = Some(username.into());
        self.password = Some(password.into());
        self
    }

    pub fn processed_folder(mut self, folder: &str) -> Mailbox {
        self.processed_folder = Some(folder.into());
        self
    }

    pub fn poll_interval_secs(mut self, secs: f64) -> Mailbox {
        self.poll_interval_secs = Some(secs);
        self
    }

    pub fn reconnect_min_secs(mut self, secs: f64) -> Mailbox {
        self.reconnect_min_secs = Some(secs);
        self
    }

    pub fn reconnect_max_secs(mut self, secs: f64) -> Mailbox {
        self.reconnect_max_secs = Some(secs);
        self
    }

    pub fn timeout_secs(mut self, secs: u64) -> Mailbox {
        self.timeout_secs = Some(secs);
        self
    }
}

impl Outgoing {
    /// Each mail as an .eml file in `outbox_dir`.
    pub fn file(outbox_dir: impl Into<PathBuf>) -> Outgoing {
        Outgoing {
            transport: "file",
            outbox_dir: Some(outbox_dir.into()),
            ..Outgoing::default()
        }
    }

    /// By SMTP; say how it is reached with [`Outgoing::plain`] or [`Outgoing::tls`].
    pub fn smtp(host: &str, port: u16) -> Outgoing {
        Outgoing {
            transport: "smtp",
            host: Some(host.into()),
            port: Some(port),
            ..Outgoing::default()
        }
    }

    /// In the clear, which liaisond does only when allowed to.
    pub fn plain(mut self) -> Outgoing {
        self.security = Some(Security::Plain);
        self.allow_plain = Some(true);
        self
    }

    /// Over TLS (STARTTLS or implicit), trusting the certificate authority in `ca_file`.
    pub fn tls(mut self, security: Security, ca_file: &Path) -> Outgoing {
        self.security = Some(security);
        self.tls_ca_file = Some(ca_file.into());
        self
    }

    pub fn timeout_secs(mut self, secs: u64) -> Outgoing {
        self.timeout_secs = Some(secs);
        self
    }
}

impl Approval {
    /// Sets nothing.
    pub fn new() -> Approval {
        Approval::default()
    }

    pub fn check_interval_secs(mut self, secs: f64) -> Approval {
        self.check_interval_secs = Some(secs);
        self
    }

    pub fn expiry_hours(mut self, hours: f64) -> Approval {
        self.expiry_hours = Some(hours);
        self
    }

    pub fn remind_before_hours(mut self, hours: f64) -> Approval {
        self.remind_before_hours = Some(hours);
        self
    }

    /// An approval counts only with, besides its token, a signature of the approver's domain.
    pub fn require_authentication(mut self) -> Approval {
        self.require_authentication = Some(true);
        self
    }
}

impl Authentication {
    /// liaisond checks DKIM itself, its keys from `dns` ("IP:PORT", the stack's dnsmasq).
    pub fn dkim(dns: &str) -> Authentication {
        Authentication {
            dkim: Some(true),
            dns_servers: Some(vec![dns.to_string()]),
            trusted_authserv_ids: None,
        }
    }

    /// Only the trusted MTA's Authentication-Results count; no DKIM check here.
    pub fn trusted_mta(authserv_id: &str) -> Authentication {
        Authentication {
            dkim: Some(false),
            dns_servers: None,
            trusted_authserv_ids: Some(vec![authserv_id.to_string()]),
        }
    }
}

impl Limits {
    /// Sets nothing.
    pub fn new() -> Limits {
        Limits::default()
    }

    pub fn statements_per_sender_per_day(mut self, n: u32) -> Limits {
        self.statements_per_sender_per_day = Some(n);
        self
    }

    pub fn summary_every_secs(mut self, secs: f64) -> Limits {
        self.summary_every_secs = Some(secs);
        self
    }
}

impl Reminders {
    /// Sets nothing.
    pub fn new() -> Reminders {
        Reminders::default()
    }

    pub fn check_interval_secs(mut self, secs: f64) -> Reminders {
        self.check_interval_secs = Some(secs);
        self
    }

    pub fn weekly_digest(mut self, on: bool) -> Reminders {
        self.weekly_digest = Some(on);
        self
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}
