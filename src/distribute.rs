//! Distribution: a recorded statement goes to the IETF groups it is for, to
//! their chairs (a WG's, and its list where configured) or ADs (an area's),
//! the relationship's liaison manager in copy, once per group; the record
//! lists who received it.

use std::sync::Arc;

use anyhow::Result;
use serde_json::json;
use tracing::info;

use crate::compose::{Auto, Composer, Mail};
use crate::config::Settings;
use crate::directory::{Directory, Group};
use crate::store::{NewMail, Store, Tx};

pub struct Distributor {
    directory: Arc<Directory>,
    composer: Composer,
    settings: Arc<Settings>,
}

impl Distributor {
    pub fn new(settings: Arc<Settings>, directory: Arc<Directory>) -> Distributor {
        Distributor {
            composer: Composer::new(&settings.identity),
            directory,
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
        if self.settings.distribution.include_lists {
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
        if !self.settings.distribution.enabled || groups.is_empty() {
            return Ok(Vec::new());
        }
        let row = Store::statement_row(tx, sid).await?;
        let st = row.to_contract(Vec::new());
        let files: Vec<(String, String, Vec<u8>)> =
            sqlx::query_as("SELECT name, media_type, content FROM attachments WHERE statement_id = ? ORDER BY position")
                .bind(sid)
                .fetch_all(&mut **tx)
                .await?;
        let own = self.settings.own_addresses();
        // "Send To" on an incoming statement: that address only (unless it is us).
        let send_to = st
            .send_to
            .clone()
            .filter(|a| !own.contains(&a.to_lowercase()));
        let manager = row
            .from_organisation
            .as_deref()
            .and_then(|o| self.directory.organisation_named(o))
            .and_then(|o| o.liaison_manager.clone());
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
            let subject = format!(
                "Liaison statement {} for {}: {}",
                row.reference, g.name, st.title
            );
            let body = format!(
                "{note}\n\n{}\n{}\n",
                st.metadata(&row.reference, row.consensus.as_deref()),
                st.body
            );
            let mail = self.composer.compose(Mail {
                cc: &cc,
                attachments: &files,
                ..Mail::new("dist", &to, &subject, &body, Auto::Generated)
            });
            let recipients: Vec<String> = to.iter().chain(&cc).cloned().collect();
            let queued = Store::enqueue(
                tx,
                NewMail {
                    dedupe_key: format!("distribute:{sid}:{}", g.name),
                    purpose: "distribute",
                    statement_id: Some(sid),
                    raw_message_id: raw_id,
                    message_id: mail.message_id,
                    envelope_from: Some(self.settings.identity.address.clone()),
                    recipients: recipients.clone(),
                    raw: mail.bytes,
                },
            )
            .await?;
            let Some(outbox_id) = queued else { continue };
            for r in &recipients {
                sqlx::query("INSERT INTO deliveries (statement_id, grp, recipient, outbox_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                    .bind(sid)
                    .bind(&g.name)
                    .bind(r)
                    .bind(outbox_id)
                    .execute(&mut **tx)
                    .await?;
            }
            Store::add_event(
                tx,
                "distributed",
                Some(sid),
                raw_id,
                None,
                json!({"group": g.name, "to": to, "cc": cc}),
            )
            .await?;
            info!(reference = %row.reference, group = %g.name, ?to, "distributed");
            everyone.extend(recipients);
        }
        Ok(everyone)
    }
}
