//! What is true of mail whatever the workflow: what kind of mail a message
//! is (RFC 3834), who sent it and what it answers, the new text of a reply,
//! the original inside a forward, DKIM signatures and what the receiving
//! MTA's Authentication-Results say (RFC 8601), addresses in text,
//! composing the mail liaisond sends, and TLS to mail servers. Depends on
//! nothing else in the crate.

pub mod address;
pub mod auth_results;
pub mod classify;
pub mod compose;
pub mod dkim;
pub mod forward;
pub mod headers;
pub mod proof;
pub mod quoting;
pub mod text;
pub mod tls;

/// Transport security for IMAP and SMTP. `Plain` is refused unless the
/// deployment allows it (loopback tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    Tls,
    Starttls,
    Plain,
}
