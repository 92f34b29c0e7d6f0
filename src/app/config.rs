//! Settings: embedded defaults, then an optional TOML file, then `LIAISOND_...`
//! environment variables (nested keys joined by `__`), read strictly
//! (`strict.rs`): an unknown key anywhere is an error with the nearest name.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use serde::{Deserialize, Serialize};

use crate::domain::clock::Clock;
use crate::extract::{DocMode, Limits};
use crate::intake::{Mailbox, MailboxKind};
use crate::mail::Security;
use crate::mail::address::looks_like_address;
use crate::outbox::{Delivery, Policy as OutboxPolicy, TransportKind};
use crate::web::Settings as Web;

use super::strict::Layers;

/// Defaults shown by `check-config`; every key a deployment may set is here.
const DEFAULTS: &str = include_str!("defaults.toml");

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Settings {
    pub database: Database,
    pub identity: Identity,
    #[serde(default)]
    pub mailboxes: Vec<Mailbox>,
    pub outgoing: Delivery,
    pub ack: Ack,
    pub outbox: OutboxPolicy,
    pub directory: DirectoryFiles,
    pub extraction: Extraction,
    pub roles: Roles,
    pub approval: Approval,
    pub authentication: Authentication,
    pub limits: LimitSettings,
    pub distribution: Distribution,
    pub reminders: Reminders,
    pub clock: ClockSettings,
    pub web: Web,
    pub admin: Admin,
    pub log: Log,
}

/// The admin listener (`[admin]`): `/metrics`, `/healthz`, `/readyz`, apart
/// from the public web and on loopback by default.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Admin {
    pub enabled: bool,
    pub listen: std::net::SocketAddr,
    /// Readiness fails when a mail has waited in the outbox longer than this.
    pub outbox_stuck_secs: f64,
}

/// How logs are written (`[log]`); `RUST_LOG` says how much.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Log {
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One line of text per event.
    Text,
    /// One JSON object per line, with the fields of the message being processed.
    Json,
}

/// Reminders before a For Action deadline (draft-iab-rfc4053bis 5.1).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Reminders {
    pub enabled: bool,
    /// Days before the deadline; one more reminder once it has passed.
    pub days_before: Vec<u32>,
    /// A weekly digest of all open actions to the coordinators (on Mondays).
    pub weekly_digest: bool,
    pub check_interval_secs: f64,
}

/// The time reminders follow: empty `start` and `speed` 1 is the wall clock.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ClockSettings {
    #[serde(default)]
    pub start: String,
    pub speed: f64,
}

impl ClockSettings {
    pub fn clock(&self) -> anyhow::Result<Clock> {
        let start = if self.start.is_empty() {
            None
        } else {
            Some(
                self.start
                    .parse()
                    .with_context(|| format!("clock.start {:?}", self.start))?,
            )
        };
        Ok(Clock::new(start, self.speed))
    }
}

/// Incoming statements sent on to the groups they are for.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Distribution {
    pub enabled: bool,
    /// Also to the WG's mailing list, not only its chairs.
    pub include_lists: bool,
    /// A forwarded statement is acknowledged to its original sender (else only the forwarder is told).
    pub acknowledge_forwarded: bool,
}

/// Approval of outgoing statements (draft-iab-rfc4053bis 4.1).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Approval {
    /// A pending approval expires after this long (default 14 days).
    pub expiry_hours: f64,
    /// Approvers are reminded once, this long before expiry.
    pub remind_before_hours: f64,
    /// How often pending approvals and sent relays are looked at.
    pub check_interval_secs: f64,
    /// Require, besides the token, a DKIM signature of the approver's domain.
    pub require_authentication: bool,
}

/// How senders are proven (`[authentication]`): DKIM checked by liaisond
/// itself, or the receiving MTA's Authentication-Results.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Authentication {
    /// Check DKIM signatures (keys looked up in DNS).
    pub dkim: bool,
    /// Name servers for DKIM keys, "IP:PORT"; empty: the system's resolver.
    #[serde(default)]
    pub dns_servers: Vec<std::net::SocketAddr>,
    /// Limit on one DNS query.
    pub dns_timeout_secs: f64,
    /// authserv-ids of the receiving MTA whose Authentication-Results are believed
    /// (RFC 8601): only those above its own Received line (`by <authserv-id>`).
    #[serde(default)]
    pub trusted_authserv_ids: Vec<String>,
}

/// What strangers can make liaisond send (`[limits]`), per address and 24 hours.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct LimitSettings {
    /// Problem reports, help and command answers to a sender nothing proves.
    pub unverified_answers_per_day: u32,
    /// "Please confirm" mails to one role holder.
    pub confirmations_per_person_per_day: u32,
    /// Statements recorded from one sender; beyond, they are held for review, not distributed.
    pub statements_per_sender_per_day: u32,
    /// Refused attempts and held statements reach the coordinators as one summary this often.
    pub summary_every_secs: f64,
}

/// More group directory files: organisations, groups, aliases and the people
/// holding roles, extending or overriding rules/directory.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DirectoryFiles {
    #[serde(default)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Extraction {
    /// Read attachments in a child process with time and memory limits.
    pub isolate: bool,
    /// Wall-clock limit for reading one attachment.
    pub timeout_secs: u64,
    /// Memory (address space) limit of the child process reading attachments.
    pub memory_mb: u64,
}

impl Extraction {
    pub fn limits(&self) -> Limits {
        Limits {
            timeout: std::time::Duration::from_secs(self.timeout_secs.max(1)),
            memory: self.memory_mb.max(64) << 20,
            ..Limits::default()
        }
    }

    /// Documents read in a child process (this same program) when `isolate`.
    pub fn mode(&self) -> Result<DocMode> {
        Ok(if self.isolate {
            DocMode::Isolated(std::env::current_exe()?)
        } else {
            DocMode::InProcess
        })
    }
}

/// People liaisond tells about things that need a human.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Roles {
    /// IAB liaison coordinators: told about statements that need review.
    #[serde(default)]
    pub coordinators: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Database {
    pub path: PathBuf,
}

/// Who liaisond is when it writes mail.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Identity {
    /// From address of every mail liaisond sends.
    pub address: String,
    pub name: String,
    /// Value of the X-Loop header on our mail; seen on incoming mail it means "ours".
    pub loop_id: String,
    /// Base URL of the public record, used in acknowledgements when set.
    #[serde(default)]
    pub public_url: Option<String>,
    /// Further addresses that are liaisond itself (aliases of the central address).
    #[serde(default)]
    pub own_addresses: Vec<String>,
    /// Where WG chairs and ADs mail outgoing statements; none: submission by mail is off.
    #[serde(default)]
    pub submission_address: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Ack {
    pub enabled: bool,
    /// Cap on acknowledgements to one address in 24 hours: a guard against loops.
    pub max_per_sender_per_day: u32,
}

/// The embedded default intake: a local Maildir, no mail server needed.
const EMBEDDED_MAILBOX: &str = "name = \"local\"\nkind = \"maildir\"\npath = \"./data/maildir\"";

impl Settings {
    /// Loads defaults, then `file` if given, then the environment, then
    /// resolves `password_file`s and validates everything.
    pub fn load(file: Option<&Path>) -> Result<Settings> {
        let text = match file {
            Some(path) if !path.exists() => {
                bail!("configuration file {} does not exist", path.display())
            }
            Some(path) => Some(
                std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?,
            ),
            None => None,
        };
        let env = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)));
        let file = text.as_deref().zip(file);
        let mut settings: Settings = Layers::read(DEFAULTS, file, EMBEDDED_MAILBOX, env)
            .and_then(|layers| layers.settings())
            .map_err(|problems| {
                anyhow!(
                    "configuration is not usable:\n  - {}",
                    problems.join("\n  - ")
                )
            })?;
        settings.resolve_secrets()?;
        let problems = settings.problems();
        if !problems.is_empty() {
            bail!(
                "configuration is not usable:\n  - {}",
                problems.join("\n  - ")
            );
        }
        Ok(settings)
    }

    /// Settings that are valid but lose work silently or mail real people.
    pub fn warnings(&self) -> Vec<String> {
        let mut w = Vec::new();
        if self.roles.coordinators.is_empty() {
            w.push("roles.coordinators is empty: review requests for statements that need review and reports of refused approvals go to nobody (the statements are still recorded: `liaisond review list` shows them)".into());
        }
        let mails_groups = self.distribution.enabled || self.reminders.enabled;
        if self.outgoing.transport == TransportKind::Smtp
            && mails_groups
            && self.directory.files.is_empty()
        {
            w.push("outgoing.transport = \"smtp\" with only the built-in directory: it holds the real IETF chairs', ADs' and liaison managers' addresses, so distributions and reminders would reach them. For a trial use transport = \"file\" (or distribution.enabled = false and reminders.enabled = false); a production service lists its own directory file (people, approvers) in directory.files".into());
        }
        if !self.admin.listen.ip().is_loopback() {
            w.push(format!("admin.listen {} is not a loopback address: metrics and health are open to the network", self.admin.listen));
        }
        w
    }

    fn resolve_secrets(&mut self) -> Result<()> {
        for mb in &mut self.mailboxes {
            if let Some(file) = &mb.password_file {
                mb.password =
                    Some(read_secret(file).with_context(|| format!("mailbox {}", mb.name))?);
            }
        }
        if let Some(file) = &self.outgoing.password_file {
            self.outgoing.password = Some(read_secret(file).context("outgoing")?);
        }
        Ok(())
    }

    /// Everything wrong with these settings, each with what to do about it.
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        if !looks_like_address(&self.identity.address) {
            p.push(format!(
                "identity.address {:?} is not a mail address",
                self.identity.address
            ));
        }
        if let Some(a) = self
            .identity
            .submission_address
            .as_deref()
            .filter(|a| !looks_like_address(a))
        {
            p.push(format!(
                "identity.submission_address {a:?} is not a mail address"
            ));
        }
        self.mailbox_problems(&mut p);
        self.delivery_problems(&mut p);
        self.policy_problems(&mut p);
        for c in &self.roles.coordinators {
            if !looks_like_address(c) {
                p.push(format!("roles.coordinators: {c:?} is not a mail address"));
            }
        }
        for f in &self.directory.files {
            if !f.exists() {
                p.push(format!("directory.files: {} does not exist", f.display()));
            }
        }
        p
    }

    fn mailbox_problems(&self, p: &mut Vec<String>) {
        if self.mailboxes.is_empty() {
            p.push(
                "no [[mailboxes]] configured: add at least one (kind = \"imap\" or \"maildir\")"
                    .into(),
            );
        }
        let mut names = HashSet::new();
        for mb in &self.mailboxes {
            let at = format!("mailbox {:?}", mb.name);
            if !names.insert(mb.name.as_str()) {
                p.push(format!(
                    "{at}: the name is used twice; mailbox names must be unique"
                ));
            }
            match mb.kind {
                MailboxKind::Maildir if mb.path.is_none() => {
                    p.push(format!("{at}: kind = \"maildir\" needs path"));
                }
                MailboxKind::Imap => imap_problems(mb, &at, p),
                MailboxKind::Maildir => {}
            }
            if !positive(mb.poll_interval_secs)
                || !positive(mb.reconnect_min_secs)
                || mb.reconnect_max_secs < mb.reconnect_min_secs
            {
                p.push(format!("{at}: poll_interval_secs and reconnect_min_secs must be > 0 and reconnect_max_secs >= reconnect_min_secs"));
            }
        }
    }

    fn delivery_problems(&self, p: &mut Vec<String>) {
        let out = &self.outgoing;
        if out.transport == TransportKind::Smtp {
            if out.host.is_none() {
                p.push("outgoing: transport = \"smtp\" needs host".into());
            }
            if out.security == Security::Plain && !out.allow_plain {
                p.push("outgoing: security = \"plain\" is unencrypted; set allow_plain = true only for loopback tests".into());
            }
            if out.username.is_some() != out.password.is_some() {
                p.push("outgoing: username and password (or password_file) go together".into());
            }
        }
        if !positive(self.outbox.retry_base_secs)
            || self.outbox.retry_max_secs < self.outbox.retry_base_secs
            || self.outbox.max_attempts == 0
        {
            p.push("outbox: retry_base_secs > 0, retry_max_secs >= retry_base_secs and max_attempts >= 1 are required".into());
        }
        if !positive(self.outbox.poll_interval_secs) {
            p.push("outbox: poll_interval_secs must be > 0".into());
        }
    }

    fn policy_problems(&self, p: &mut Vec<String>) {
        if self.approval.require_authentication
            && !self.authentication.dkim
            && self.authentication.trusted_authserv_ids.is_empty()
        {
            p.push("approval.require_authentication needs a way to check signatures: authentication.dkim = true, or authentication.trusted_authserv_ids (your MTA's authserv-id)".into());
        }
        if !positive(self.authentication.dns_timeout_secs)
            || !positive(self.limits.summary_every_secs)
        {
            p.push(
                "authentication.dns_timeout_secs and limits.summary_every_secs must be > 0".into(),
            );
        }
        if !positive(self.approval.expiry_hours) || !positive(self.approval.check_interval_secs) {
            p.push("approval.expiry_hours and approval.check_interval_secs must be > 0".into());
        }
        if self.clock.clock().is_err() || self.clock.speed <= 0.0 {
            p.push("clock.start must be empty or an RFC 3339 time, and clock.speed > 0".into());
        }
        if !(1..=500).contains(&self.web.page_size) {
            p.push("web.page_size must be between 1 and 500".into());
        }
        let same = self.admin.listen == self.web.listen && self.web.listen.port() != 0;
        if self.admin.enabled && self.web.enabled && same {
            p.push("admin.listen and web.listen must differ: metrics and health are not for the public".into());
        }
        if !positive(self.admin.outbox_stuck_secs) {
            p.push("admin.outbox_stuck_secs must be > 0".into());
        }
    }

    /// The effective settings as TOML with every secret masked.
    pub fn to_masked_toml(&self) -> String {
        let mut shown = self.clone();
        for mb in &mut shown.mailboxes {
            mb.password = mb.password.as_ref().map(|_| "********".into());
        }
        shown.outgoing.password = shown.outgoing.password.as_ref().map(|_| "********".into());
        toml::to_string_pretty(&shown).unwrap_or_else(|e| format!("# cannot render: {e}"))
    }

    /// Addresses that are liaisond itself: mail from them is never answered.
    pub fn own_addresses(&self) -> HashSet<String> {
        let mut own: HashSet<String> = self
            .identity
            .own_addresses
            .iter()
            .map(|a| a.to_lowercase())
            .collect();
        own.insert(self.identity.address.to_lowercase());
        if let Some(a) = &self.identity.submission_address {
            own.insert(a.to_lowercase());
        }
        for mb in &self.mailboxes {
            if let Some(user) = mb.username.as_deref().filter(|u| looks_like_address(u)) {
                own.insert(user.to_lowercase());
            }
        }
        own
    }
}

fn imap_problems(mb: &Mailbox, at: &str, p: &mut Vec<String>) {
    if mb.host.is_none() {
        p.push(format!("{at}: kind = \"imap\" needs host"));
    }
    if mb.username.is_none() {
        p.push(format!("{at}: kind = \"imap\" needs username"));
    }
    if mb.password.is_none() {
        p.push(format!("{at}: set password or password_file"));
    }
    if mb.security == Security::Plain && !mb.allow_plain {
        p.push(format!(
            "{at}: security = \"plain\" sends the password unencrypted; set allow_plain = true only for loopback tests"
        ));
    }
    if mb.idle_reissue_secs == 0 || mb.idle_reissue_secs >= 29 * 60 {
        p.push(format!(
            "{at}: idle_reissue_secs must be between 1 and 1739 (servers drop IDLE at 29 minutes)"
        ));
    }
}

fn read_secret(path: &Path) -> Result<String> {
    let s = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read password_file {}", path.display()))?;
    Ok(s.trim_end_matches(['\r', '\n']).to_string())
}

/// True for a positive number (false for NaN, unlike `!(x <= 0.0)`).
fn positive(x: f64) -> bool {
    x > 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shipped configuration uses only keys the settings have.
    #[test]
    fn the_shipped_configurations_are_strictly_valid() {
        for (name, text) in [
            (
                "deploy/liaisond.toml",
                include_str!("../../deploy/liaisond.toml"),
            ),
            (
                "deploy/liaisond.example.toml",
                include_str!("../../deploy/liaisond.example.toml"),
            ),
        ] {
            let layers = Layers::read(
                DEFAULTS,
                Some((text, Path::new(name))),
                EMBEDDED_MAILBOX,
                [],
            )
            .unwrap_or_else(|p| panic!("{name}: {p:?}"));
            let s: Settings = layers
                .settings()
                .unwrap_or_else(|p| panic!("{name}: {p:?}"));
            assert!(!s.mailboxes.is_empty(), "{name}");
        }
    }
}
