//! What liaisond is about, whatever the mail or the store: statements and
//! their fields (draft-iab-rfc4053bis section 2), the states a statement goes
//! through, the events of its history, the reasons a record needs review,
//! the group directory, and the clock reminders follow. Depends on nothing
//! else in the crate.

mod attachment;
pub mod clock;
pub mod directory;
mod event;
mod names;
pub mod policy;
mod purpose;
mod review;
mod state;
mod statement;

pub use attachment::{Attachment, AttachmentInfo, Span, TransferEncoding};
pub use event::{EventKind, MailPurpose, RawKind};
pub use purpose::{Direction, Purpose};
pub use review::ReviewReason;
pub use state::State;
pub use statement::Statement;

use sha2::{Digest, Sha256};

/// Hex SHA-256 of some bytes: how raw mail, attachments and tokens are named.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
