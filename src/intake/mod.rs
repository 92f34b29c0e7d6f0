//! Sources of incoming mail: IMAP mailboxes and local Maildirs. A source
//! hands each message to the pipeline and marks it processed at the source
//! only after the pipeline has committed its bytes.

pub mod imap;
pub mod maildir;

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::mail::Security;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MailboxKind {
    Imap,
    Maildir,
}

/// One mailbox to read (`[[mailboxes]]`).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Mailbox {
    pub name: String,
    pub kind: MailboxKind,
    /// Maildir root (kind = "maildir").
    #[serde(default)]
    pub path: Option<PathBuf>,
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub port: Option<u16>,
    #[serde(default = "default_security")]
    pub security: Security,
    #[serde(default)]
    pub allow_plain: bool,
    #[serde(default)]
    pub tls_ca_file: Option<PathBuf>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub password_file: Option<PathBuf>,
    #[serde(default = "default_folder")]
    pub folder: String,
    /// Move processed mail here; when unset, flag it with `processed_flag` instead.
    #[serde(default)]
    pub processed_folder: Option<String>,
    #[serde(default = "default_processed_flag")]
    pub processed_flag: String,
    #[serde(default = "yes")]
    pub idle: bool,
    /// IDLE is re-issued after this long (servers may drop it at 29 minutes).
    #[serde(default = "default_idle_reissue")]
    pub idle_reissue_secs: u64,
    /// Polling interval when the server has no IDLE (or `idle = false`); for Maildir too.
    #[serde(default = "default_poll")]
    pub poll_interval_secs: f64,
    #[serde(default = "default_reconnect_min")]
    pub reconnect_min_secs: f64,
    #[serde(default = "default_reconnect_max")]
    pub reconnect_max_secs: f64,
    /// Limit on any single IMAP command.
    #[serde(default = "default_command_timeout")]
    pub timeout_secs: u64,
}

impl Mailbox {
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.security {
            Security::Tls => 993,
            Security::Starttls | Security::Plain => 143,
        })
    }
}

fn default_security() -> Security {
    Security::Tls
}
fn default_folder() -> String {
    "INBOX".into()
}
fn default_processed_flag() -> String {
    "$LiaisondArchived".into()
}
fn yes() -> bool {
    true
}
fn default_idle_reissue() -> u64 {
    600
}
fn default_poll() -> f64 {
    60.0
}
fn default_reconnect_min() -> f64 {
    1.0
}
fn default_reconnect_max() -> f64 {
    300.0
}
fn default_command_timeout() -> u64 {
    120
}

/// Sleeps for `d` unless shutdown comes first; returns true on shutdown.
pub async fn sleep_or_shutdown(d: Duration, shutdown: &mut watch::Receiver<bool>) -> bool {
    if *shutdown.borrow() {
        return true;
    }
    tokio::select! {
        _ = tokio::time::sleep(d) => *shutdown.borrow(),
        _ = shutdown.changed() => true,
    }
}
