//! Distribution: a recorded statement goes to the IETF groups it is for, to
//! their chairs (a WG's, and its list where configured) or ADs (an area's),
//! the relationship's liaison manager in copy, once per group; the record
//! lists who received it.

use std::collections::HashSet;
use std::sync::Arc;

use anyhow::Result;
use serde_json::json;
use tracing::info;

use crate::domain::directory::{Directory, Group};
use crate::domain::{EventKind, MailPurpose};
use crate::mail::compose::{Auto, Mail};
use crate::outbox::{Envelope, Limit, Post, Postman};
use crate::store::{StatementRow, Store, Tx};

/// Where statements go (plain values from the daemon's configuration).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub enabled: bool,
    /// Also to a WG's mailing list, not only its chairs.
    pub include_lists: bool,
    /// liaisond's own addresses, lower-case: a Send To naming one of them is ignored.
    pub own: HashSet<String>,
}

pub struct Distributor {
    directory: Arc<Directory>,
    postman: Postman,
    settings: Settings,
}

impl Distributor {
    pub fn new(directory: Arc<Directory>, postman: Postman, settings: Settings) -> Distributor {
        Distributor {
            directory,
            postman,
            settings,
        }
    }

    /// Who receives statements for this IETF group.
    pub fn recipients(&self, g: &Group) -> Vec<String> {
        let mut to: Vec<String> = match g.kind.as_deref() {
            Some("wg") => g.chairs.clone(),
            Some("area") => g.ads.clone(),
            _ => g.contacts.clone(),
        };
        if self.settings.include_lists {
            to.extend(g.list.clone());
        }
        to
    }

    /// The IETF groups among these names.
    pub fn ietf_groups<'a>(&'a self, names: &[String]) -> Vec<&'a Group> {
        names
            .iter()
            .filter_map(|n| self.directory.group_by_name(n))
            .filter(|g| g.org == "ietf")
            .collect()
    }

    /// The liaison manager of the sending organisation, if it has one.
    pub fn manager_of(&self, row: &StatementRow) -> Option<String> {
        row.from_organisation
            .as_deref()
            .and_then(|o| self.directory.organisation_named(o))
            .and_then(|o| o.liaison_manager.clone())
    }

    /// Sends statement `sid` to `groups` (each once, ever); `note` heads the mail.
    /// Returns the addresses it went to.
    pub async fn send(
        &self,
        tx: &mut Tx,
        sid: i64,
        raw_id: Option<i64>,
        groups: &[&Group],
        note: &str,
    ) -> Result<Vec<String>> {
        if !self.settings.enabled || groups.is_empty() {
            return Ok(Vec::new());
        }
        let row = Store::statement_row(tx, sid).await?;
        let files = Store::attachment_files(tx, sid).await?;
        // "Send To" on an incoming statement: that address only (unless it is us).
        let send_to = row
            .send_to
            .clone()
            .filter(|a| !self.settings.own.contains(&a.to_lowercase()));
        let manager = self.manager_of(&row);
        let mut everyone = Vec::new();
        for g in groups {
            let to = match &send_to {
                Some(a) => vec![a.clone()],
                None => self.recipients(g),
            };
            if to.is_empty() {
                continue;
            }
            let cc: Vec<String> = manager
                .iter()
                .filter(|m| !to.contains(m))
                .cloned()
                .collect();
            let st = row.to_contract(Vec::new());
            let subject = format!(
                "Liaison statement {} for {}: {}",
                row.reference, g.name, st.title
            );
            let body = format!(
                "{note}\n\n{}\n{}\n",
                st.metadata(&row.reference, row.consensus.as_deref()),
                st.body
            );
            let mail = Mail {
                cc: &cc,
                attachments: &files,
                ..Mail::new("dist", &to, &subject, &body, Auto::Generated)
            };
            let post = Post {
                key: format!("distribute:{sid}:{}", g.name),
                purpose: MailPurpose::Distribute,
                statement: Some(sid),
                raw: raw_id,
                envelope: Envelope::Ours,
                limit: Limit::None,
                mail,
            };
            let Some(outbox_id) = self.postman.post(tx, post).await?.id else {
                continue;
            };
            let recipients: Vec<String> = to.iter().chain(&cc).cloned().collect();
            for r in &recipients {
                Store::add_delivery(tx, sid, &g.name, r, outbox_id).await?;
            }
            let detail = json!({"group": g.name, "to": to, "cc": cc});
            Store::add_event(tx, EventKind::Distributed, Some(sid), raw_id, None, detail).await?;
            info!(reference = %row.reference, group = %g.name, ?to, "distributed");
            everyone.extend(recipients);
        }
        Ok(everyone)
    }
}
