//! Outgoing statements (draft-iab-rfc4053bis 4.1): a chair or AD mails one
//! to the submission address (`submit`); liaisond validates it (`validate`),
//! asks each approver by mail, and relays it only after an approver answered
//! "approve" (`answer`, `decision`) from the address holding the approving
//! role, through a single-use, expiring token bound to that statement and
//! that approver. Pending approvals expire and relays are confirmed in
//! `tick`; the words of every mail are in `text`. Everything refused is
//! recorded and reported to the coordinators; nothing is mailed to a sender
//! who was not verified.

mod answer;
pub mod decision;
mod submit;
mod text;
mod tick;
mod validate;

use std::sync::Arc;

use anyhow::Result;
use rand::RngCore;

use crate::domain::Statement;
use crate::domain::directory::Directory;
use crate::mail::compose::File;
use crate::outbox::Postman;
use crate::store::{Store, Tx, stamp};

/// What the deployment decided for approvals (plain values from the configuration).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// A pending approval expires after this long.
    pub expiry_hours: f64,
    /// Approvers are reminded once, this long before expiry.
    pub remind_before_hours: f64,
    /// Require, besides the token, a DKIM signature of the approver's domain.
    pub require_authentication: bool,
}

/// A new random token: 160 bits, hex, safe in an address's local part.
pub fn new_token() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub struct Outgoing {
    settings: Settings,
    directory: Arc<Directory>,
    postman: Postman,
}

/// An outgoing statement as filed, with its attachments.
struct Loaded {
    reference: String,
    submitter: Option<String>,
    consensus: Option<String>,
    statement: Statement,
    files: Vec<File>,
}

impl Outgoing {
    pub fn new(settings: Settings, directory: Arc<Directory>, postman: Postman) -> Outgoing {
        Outgoing {
            settings,
            directory,
            postman,
        }
    }

    fn expiry(&self) -> String {
        let ms = (self.settings.expiry_hours * 3_600_000.0) as i64;
        stamp(chrono::Utc::now() + chrono::Duration::milliseconds(ms))
    }

    /// Where the statement goes: the Send To address only, else the To-Contacts;
    /// Cc the From-Contacts and the relationship's liaison manager.
    fn relay_recipients(&self, s: &Statement) -> (Vec<String>, Vec<String>) {
        let to: Vec<String> = match &s.send_to {
            Some(a) => vec![a.clone()],
            None => s.to_contacts.clone(),
        };
        let mut cc: Vec<String> = s
            .from_contacts
            .iter()
            .filter(|a| !to.contains(a))
            .cloned()
            .collect();
        let manager = s
            .to_groups
            .iter()
            .filter_map(|g| self.directory.group_by_name(g))
            .filter_map(|g| self.directory.organisation(&g.org))
            .find_map(|o| o.liaison_manager.clone());
        if let Some(m) = manager.filter(|m| !to.contains(m) && !cc.contains(m)) {
            cc.push(m);
        }
        (to, cc)
    }

    async fn load(&self, tx: &mut Tx, sid: i64) -> Result<Loaded> {
        let (row, infos) = Store::statement_with_attachments(tx, sid).await?;
        let files = crate::outbox::stored_attachments(&infos);
        Ok(Loaded {
            reference: row.reference.clone(),
            submitter: row.submitter.clone(),
            consensus: row.consensus.clone(),
            statement: row.to_contract(Vec::new()),
            files,
        })
    }
}
