//! Outgoing statements (draft-iab-rfc4053bis 4.1): a chair or AD mails one
//! to the submission address; liaisond validates it, asks each approver by
//! mail, and relays it only after an approver answered "approve" from the
//! address holding the approving role, through a single-use, expiring token
//! bound to that statement and that approver. Everything else is refused,
//! recorded, and reported to the coordinators; nothing is mailed to a sender
//! who was not verified.

mod answer;
mod auth;

pub use auth::passes as auth_passes;
mod text;
mod tick;
mod validate;

use std::sync::Arc;

use anyhow::Result;
use mail_parser::{HeaderValue, Message};
use rand::RngCore;
use serde_json::json;
use tracing::info;

use crate::compose::{Auto, Composer, Mail};
use crate::config::Settings;
use crate::directory::Directory;
use crate::extract::Extracted;
use crate::sha256_hex;
use crate::statement::Statement;
use crate::store::{NewMail, NewStatement, Store, Tx, stamp};

/// What a message addressed to liaisond is, by the address it came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    Statement,
    Submission,
    /// A reply to liaison-bot+TOKEN@...
    Token(String),
}

/// Every address a message was delivered or addressed to.
fn recipients(msg: &Message) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"] {
        for v in msg.header_values(name) {
            match v {
                HeaderValue::Address(a) => {
                    out.extend(a.iter().filter_map(|x| x.address()).map(str::to_lowercase))
                }
                HeaderValue::Text(t) => out.extend(crate::extract::addresses(t)),
                _ => {}
            }
        }
    }
    out
}

pub fn route(msg: &Message, settings: &Settings) -> Route {
    let bot = settings.identity.address.to_lowercase();
    let (local, domain) = bot.split_once('@').unwrap_or((&bot, ""));
    let all = recipients(msg);
    for r in &all {
        if let Some((l, d)) = r.split_once('@')
            && let Some(token) = l
                .strip_prefix(local)
                .and_then(|rest| rest.strip_prefix('+'))
            && d == domain
        {
            return Route::Token(token.to_string());
        }
    }
    match &settings.identity.submission_address {
        Some(s) if all.iter().any(|r| r.eq_ignore_ascii_case(s)) => Route::Submission,
        _ => Route::Statement,
    }
}

/// A new random token: 160 bits, hex, safe in an address's local part.
fn new_token() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub struct Outgoing {
    settings: Arc<Settings>,
    directory: Arc<Directory>,
    composer: Composer,
}

/// Queues one mail in the filing transaction.
struct Queue<'t> {
    tx: &'t mut Tx,
    statement_id: Option<i64>,
    raw_message_id: Option<i64>,
}

impl Queue<'_> {
    async fn mail(
        &mut self,
        key: String,
        purpose: &'static str,
        from: Option<String>,
        to: Vec<String>,
        mail: crate::compose::Composed,
    ) -> Result<()> {
        Store::enqueue(
            self.tx,
            NewMail {
                dedupe_key: key,
                purpose,
                statement_id: self.statement_id,
                raw_message_id: self.raw_message_id,
                message_id: mail.message_id,
                envelope_from: from,
                recipients: to,
                raw: mail.bytes,
            },
        )
        .await?;
        Ok(())
    }
}

impl Outgoing {
    pub fn new(settings: Arc<Settings>, directory: Arc<Directory>) -> Outgoing {
        let composer = Composer::new(&settings.identity);
        Outgoing {
            settings,
            directory,
            composer,
        }
    }

    fn bot(&self) -> Option<String> {
        Some(self.settings.identity.address.clone())
    }

    fn expiry(&self) -> String {
        stamp(
            chrono::Utc::now()
                + chrono::Duration::milliseconds(
                    (self.settings.approval.expiry_hours * 3_600_000.0) as i64,
                ),
        )
    }

    /// A submission: refused with every problem listed, or filed as pending
    /// approval with a confirmation to each approver.
    pub async fn submit(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        mut e: Extracted,
        submitter: Option<&str>,
    ) -> Result<String> {
        // To-Contacts of an outgoing statement are what the submitter wrote, never our own address.
        if e.provenance
            .get("to_contacts")
            .is_some_and(|p| p.rule == "header")
        {
            e.statement.to_contacts.clear();
        }
        let today = chrono::Utc::now().date_naive();
        let problems = validate::problems(&e, submitter, &self.directory, today);
        let mut q = Queue {
            tx,
            statement_id: None,
            raw_message_id: Some(raw_id),
        };
        if !problems.is_empty() {
            Store::add_event(
                q.tx,
                "submission_refused",
                None,
                Some(raw_id),
                submitter,
                json!({"problems": problems}),
            )
            .await?;
            info!(raw_id, ?submitter, ?problems, "submission refused");
            if let Some(to) = submitter {
                let mail = self.composer.auto_reply(
                    "problems",
                    to,
                    &format!("Not submitted: {}", e.statement.title),
                    &text::problems(&problems),
                    e.statement.message_id.as_deref(),
                );
                q.mail(
                    format!("problems:{raw_id}"),
                    "problems",
                    None,
                    vec![to.to_string()],
                    mail,
                )
                .await?;
            }
            return Ok(format!("refused: {}", problems.join("; ")));
        }
        let submitter = submitter.expect("validated: the submission has a sender");
        let group = self
            .directory
            .group_by_name(&e.statement.from_groups[0])
            .expect("validated: known group");
        let role = self
            .directory
            .approving_role(group)
            .expect("validated: has an approving role");
        let approvers: Vec<String> = self
            .directory
            .approvers(group)
            .iter()
            .map(|p| p.address.to_lowercase())
            .collect();
        e.statement.direction = crate::statement::Direction::Outgoing;
        let reasons: Vec<String> = Vec::new();
        let (sid, reference) = Store::insert_statement(
            q.tx,
            NewStatement {
                statement: &e.statement,
                state: "pending_approval",
                raw_message_id: Some(raw_id),
                purpose_label: e.purpose_label.as_deref(),
                sent_date: e.sent_date.as_deref(),
                attachments: &e.attachments,
                needs_review: false,
                review_reasons: &reasons,
                provenance: json!(e.provenance),
                format: Some(&e.format),
                from_organisation: e.from_organisation.as_deref(),
                to_organisation: e.to_organisation.as_deref(),
                addressees: json!(e.addressees),
                response_to: e.in_response_to.as_deref(),
                consensus: e.consensus.as_deref(),
            },
        )
        .await?;
        sqlx::query("UPDATE statements SET submitter = ? WHERE id = ?")
            .bind(submitter)
            .bind(sid)
            .execute(&mut **q.tx)
            .await?;
        q.statement_id = Some(sid);
        // What it answers; the answered statement counts as responded once this is sent.
        for reason in crate::links::link_response(q.tx, sid, "outgoing", &e).await? {
            Store::add_event(
                q.tx,
                "link_unsure",
                Some(sid),
                Some(raw_id),
                None,
                json!({"reason": reason}),
            )
            .await?;
        }
        let expires = self.expiry();
        Store::add_event(q.tx, "submitted", Some(sid), Some(raw_id), Some(submitter), json!({"reference": reference, "approvers": approvers, "role": role, "expires_at": expires})).await?;
        let (to, cc) = self.relay_recipients(&e.statement);
        for approver in &approvers {
            let token = new_token();
            Store::insert_approval_request(
                q.tx,
                sid,
                approver,
                &role,
                &sha256_hex(token.as_bytes()),
                &expires,
            )
            .await?;
            let reply_to = self.composer.token_address(&token);
            let body = text::confirmation(
                &reference,
                &e.statement,
                e.consensus.as_deref(),
                &to,
                &cc,
                &expires,
                submitter,
            );
            let list = [approver.clone()];
            let subject = format!("[{reference}] Approval needed: {}", e.statement.title);
            let mail = self.composer.compose(Mail {
                reply_to: Some(&reply_to),
                ..Mail::new("confirm", &list, &subject, &body, Auto::Generated)
            });
            q.mail(
                format!("confirm:{sid}:{approver}"),
                "approval_request",
                self.bot(),
                vec![approver.clone()],
                mail,
            )
            .await?;
        }
        // The submitter's own token lets them withdraw it.
        let token = new_token();
        Store::insert_approval_request(
            q.tx,
            sid,
            submitter,
            "submitter",
            &sha256_hex(token.as_bytes()),
            &expires,
        )
        .await?;
        let reply_to = self.composer.token_address(&token);
        let list = [submitter.to_string()];
        let subject = format!("[{reference}] Waiting for approval: {}", e.statement.title);
        let body = text::pending(&reference, &approvers, &role, &expires);
        let mail = self.composer.compose(Mail {
            reply_to: Some(&reply_to),
            in_reply_to: e.statement.message_id.as_deref(),
            ..Mail::new("pending", &list, &subject, &body, Auto::Replied)
        });
        q.mail(
            format!("pending:{sid}"),
            "notice",
            self.bot(),
            list.to_vec(),
            mail,
        )
        .await?;
        info!(%reference, %submitter, ?approvers, "submitted; approval requested");
        Ok(format!(
            "submitted as {reference}, waiting for {}",
            approvers.join(", ")
        ))
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
        let row = Store::statement_row(tx, sid).await?;
        let files: Vec<(String, String, Vec<u8>)> =
            sqlx::query_as("SELECT name, media_type, content FROM attachments WHERE statement_id = ? ORDER BY position")
                .bind(sid)
                .fetch_all(&mut **tx)
                .await?;
        Ok(Loaded {
            reference: row.reference.clone(),
            submitter: row.submitter.clone(),
            consensus: row.consensus.clone(),
            statement: row.to_contract(Vec::new()),
            files,
        })
    }
}

/// An outgoing statement as filed, with its attachments.
struct Loaded {
    reference: String,
    submitter: Option<String>,
    consensus: Option<String>,
    statement: Statement,
    files: Vec<(String, String, Vec<u8>)>,
}
