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
use crate::domain::{EventKind, MailPurpose, Purpose, Statement};
use crate::mail::compose::{Auto, Mail};
use crate::mail::text;
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
    /// Base URL of the public record, quoted in the mail.
    pub public_url: Option<String>,
    /// Where chairs and ADs mail outgoing statements (a response), if submission by mail is on.
    pub submission: Option<String>,
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

    /// The statement as mail shows it: liaisond's own addresses (the central
    /// address the sender wrote to) are no contact of the statement.
    pub fn shown(&self, mut st: Statement) -> Statement {
        let own = |a: &String| self.settings.own.contains(&a.to_lowercase());
        st.to_contacts.retain(|a| !own(a));
        st.from_contacts.retain(|a| !own(a));
        st.send_to = st.send_to.filter(|a| !own(a));
        st.reply_to = st.reply_to.filter(|a| !own(a));
        st
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
        let (row, infos) = Store::statement_with_attachments(tx, sid).await?;
        let files = crate::outbox::stored_attachments(&infos);
        let st = self.shown(row.to_contract(infos));
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
            let subject = format!(
                "Liaison statement {} for {}: {}",
                row.reference, g.name, st.title
            );
            let body = self.body(&row, &st, note);
            let mail = Mail {
                cc: &cc,
                attachments: &files,
                references: row.message_id.clone().into_iter().collect(),
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
            Store::add_deliveries(tx, sid, &g.name, &recipients, outbox_id).await?;
            let detail = json!({"group": g.name, "to": to, "cc": cc});
            Store::add_event(tx, EventKind::Distributed, Some(sid), raw_id, None, detail).await?;
            info!(reference = %row.reference, group = %g.name, ?to, "distributed");
            everyone.extend(recipients);
        }
        Ok(everyone)
    }
}

impl Distributor {
    /// What the chairs read: why it came, what it asks of them by when, the
    /// statement as recorded, and how to answer or send it on.
    fn body(&self, row: &StatementRow, st: &Statement, note: &str) -> String {
        let reference = &row.reference;
        let mut head = format!("{note}\n");
        match (st.purpose, st.deadline.as_deref()) {
            (Some(Purpose::ForAction), Some(d)) => head.push_str(&format!(
                "\nIt asks for action by {d}. The chairs of the group, with the\n\
                 liaison manager, see that a response is sent by then; if that is not\n\
                 possible, a response saying so is still due by then\n\
                 (draft-iab-rfc4053bis 5.1).\n"
            )),
            (Some(Purpose::ForAction), None) => {
                head.push_str("\nIt asks for action but gives no deadline.\n")
            }
            _ => head.push_str("\nIt is for information: no response is needed.\n"),
        }
        if let Some(base) = &self.settings.public_url {
            head.push_str(&format!(
                "\nPublic record: {}/statements/{reference}\n",
                base.trim_end_matches('/')
            ));
        }
        let mut answer = String::from("\n-- \n");
        match &self.settings.submission {
            Some(a) => answer.push_str(&format!(
                "To respond, the group sends a liaison statement with \"Purpose: In\n\
                 Response\" that names {reference}: mail it to {a}.\n"
            )),
            None => answer.push_str(&format!(
                "To respond, the group sends a liaison statement with \"Purpose: In\n\
                 Response\" that names {reference}.\n"
            )),
        }
        answer.push_str(
            "If it reached the wrong group, reply to this mail with the line\n\
             \"redirect <group>\" (chairs and ADs of the addressed groups, liaison\n\
             managers and coordinators may).\n",
        );
        let mut files = String::new();
        if !st.attachments.is_empty() {
            files = format!(
                "Attachments (with this mail):\n{}",
                text::file_list(
                    st.attachments
                        .iter()
                        .map(|a| (&a.name[..], &a.media_type[..], a.size)),
                    2
                )
            );
        }
        format!(
            "{}\n---------- the statement ----------\n{}{files}\n{}\n{}",
            text::wrap(&head),
            text::wrap(&st.metadata(reference, row.consensus.as_deref())),
            st.body.trim_end(),
            answer
        )
    }
}
