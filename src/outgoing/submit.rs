//! A submission: refused with every problem listed, or filed as pending
//! approval with a confirmation to each approver and a notice, with a
//! withdraw token, to the submitter.

use anyhow::Result;
use serde_json::json;
use tracing::info;

use super::{Outgoing, new_token, text, validate};
use crate::domain::policy::Proof;
use crate::domain::{Direction, EventKind, MailPurpose, State, sha256_hex};
use crate::extract::Extracted;
use crate::incoming::record::new_statement;
use crate::mail::compose::{Auto, Mail};
use crate::outbox::{Envelope, Limit, Post};
use crate::store::{NewStatement, Store, Tx};

/// To-Contacts of an outgoing statement are what the submitter wrote, never
/// the addresses the submission mail went to (our own).
fn ignore_header_contacts(e: &mut Extracted) {
    if e.provenance
        .get("to_contacts")
        .is_some_and(|p| p.rule == "header")
    {
        e.statement.to_contacts.clear();
    }
}

/// A filed submission waiting for approval.
struct Pending<'a> {
    sid: i64,
    raw_id: i64,
    reference: &'a str,
    submitter: &'a str,
    role: &'a str,
    approvers: &'a [String],
    expires: &'a str,
}

impl Outgoing {
    /// Validates a submission, then refuses it or files it for approval. The
    /// policy has allowed it (a signed mail, or one its sender confirmed), or
    /// it is refused here.
    pub async fn submit(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        mut e: Extracted,
        submitter: Option<&str>,
        proof: Proof,
    ) -> Result<String> {
        ignore_header_contacts(&mut e);
        let problems = self.problems(&e, submitter);
        match submitter {
            Some(submitter) if problems.is_empty() => {
                self.file(tx, raw_id, e, submitter, proof).await
            }
            _ => {
                self.refuse_submission(tx, raw_id, &e, submitter, &problems, proof)
                    .await
            }
        }
    }

    /// Whether a submission has no problem (before anyone is asked anything).
    pub fn valid(&self, e: &Extracted, submitter: Option<&str>) -> bool {
        let mut e = e.clone();
        ignore_header_contacts(&mut e);
        self.problems(&e, submitter).is_empty()
    }

    fn problems(&self, e: &Extracted, submitter: Option<&str>) -> Vec<String> {
        let today = chrono::Utc::now().date_naive();
        validate::problems(e, submitter, &self.directory, today)
    }

    /// Records the refusal and tells the submitter every problem.
    async fn refuse_submission(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        e: &Extracted,
        submitter: Option<&str>,
        problems: &[String],
        proof: Proof,
    ) -> Result<String> {
        let detail = json!({"problems": problems});
        Store::add_event(
            tx,
            EventKind::SubmissionRefused,
            None,
            Some(raw_id),
            submitter,
            detail,
        )
        .await?;
        info!(raw_id, ?submitter, ?problems, "submission refused");
        if let Some(to) = submitter {
            let to = [to.to_string()];
            let subject = format!("Not submitted: {}", e.statement.title);
            let body = text::problems(problems);
            let mail = Mail {
                in_reply_to: e.statement.message_id.as_deref(),
                ..Mail::new("problems", &to, &subject, &body, Auto::Replied)
            };
            let post = Post {
                key: format!("problems:{raw_id}"),
                purpose: MailPurpose::Problems,
                statement: None,
                raw: Some(raw_id),
                envelope: Envelope::Null,
                limit: if proof.has_signature() {
                    Limit::Answer
                } else {
                    Limit::UnverifiedAnswer
                },
                mail,
            };
            self.postman.post(tx, post).await?;
        }
        Ok(format!("refused: {}", problems.join("; ")))
    }

    /// Files a valid submission as pending approval and asks the approvers.
    async fn file(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        mut e: Extracted,
        submitter: &str,
        proof: Proof,
    ) -> Result<String> {
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
        e.statement.direction = Direction::Outgoing;
        let (sid, reference) = Store::insert_statement(
            tx,
            NewStatement {
                state: State::PendingApproval,
                raw_message_id: Some(raw_id),
                submitter: Some(submitter),
                ..new_statement(&e)
            },
        )
        .await?;
        // What it answers; the answered statement counts as responded once this is sent.
        for reason in crate::incoming::links::link_response(tx, sid, &e).await? {
            let detail = json!({"reason": reason});
            Store::add_event(
                tx,
                EventKind::LinkUnsure,
                Some(sid),
                Some(raw_id),
                None,
                detail,
            )
            .await?;
        }
        let expires = self.expiry();
        let detail = json!({"reference": reference, "approvers": approvers, "role": role, "expires_at": expires, "proof": proof});
        Store::add_event(
            tx,
            EventKind::Submitted,
            Some(sid),
            Some(raw_id),
            Some(submitter),
            detail,
        )
        .await?;
        let p = Pending {
            sid,
            raw_id,
            reference: &reference,
            submitter,
            role: &role,
            approvers: &approvers,
            expires: &expires,
        };
        self.ask_approvers(tx, &p, &e).await?;
        self.tell_submitter(tx, &p, &e).await?;
        info!(%reference, %submitter, ?approvers, "submitted; approval requested");
        Ok(format!(
            "submitted as {reference}, waiting for {}",
            approvers.join(", ")
        ))
    }

    /// A token and a confirmation mail for each approver, showing what will be sent to whom.
    async fn ask_approvers(&self, tx: &mut Tx, p: &Pending<'_>, e: &Extracted) -> Result<()> {
        let (to, cc) = self.relay_recipients(&e.statement);
        for approver in p.approvers {
            let reply_to = self.issue_token(tx, p, approver, p.role).await?;
            let body = text::confirmation(
                p.reference,
                &e.statement,
                e.consensus.as_deref(),
                (&to, &cc),
                p.expires,
                p.submitter,
            );
            let list = [approver.clone()];
            let subject = format!("[{}] Approval needed: {}", p.reference, e.statement.title);
            let mail = Mail {
                reply_to: Some(&reply_to),
                ..Mail::new("confirm", &list, &subject, &body, Auto::Generated)
            };
            let key = format!("confirm:{}:{approver}", p.sid);
            self.post(tx, p, key, MailPurpose::ApprovalRequest, mail)
                .await?;
        }
        Ok(())
    }

    /// The submitter learns who was asked; their own token lets them withdraw it.
    async fn tell_submitter(&self, tx: &mut Tx, p: &Pending<'_>, e: &Extracted) -> Result<()> {
        let reply_to = self.issue_token(tx, p, p.submitter, "submitter").await?;
        let list = [p.submitter.to_string()];
        let subject = format!(
            "[{}] Waiting for approval: {}",
            p.reference, e.statement.title
        );
        let body = text::pending(p.reference, p.approvers, p.role, p.expires);
        let mail = Mail {
            reply_to: Some(&reply_to),
            in_reply_to: e.statement.message_id.as_deref(),
            ..Mail::new("pending", &list, &subject, &body, Auto::Replied)
        };
        let key = format!("pending:{}", p.sid);
        self.post(tx, p, key, MailPurpose::Notice, mail).await
    }

    /// A fresh token for `person` acting as `role` on the pending statement:
    /// stored as its hash, given out as the Reply-To address that carries it.
    async fn issue_token(
        &self,
        tx: &mut Tx,
        p: &Pending<'_>,
        person: &str,
        role: &str,
    ) -> Result<String> {
        let token = new_token();
        let hash = sha256_hex(token.as_bytes());
        Store::insert_approval_request(tx, p.sid, person, role, &hash, p.expires).await?;
        Ok(self.postman.composer().token_address(&token))
    }

    async fn post(
        &self,
        tx: &mut Tx,
        p: &Pending<'_>,
        key: String,
        purpose: MailPurpose,
        mail: Mail<'_>,
    ) -> Result<()> {
        let post = Post {
            key,
            purpose,
            statement: Some(p.sid),
            raw: Some(p.raw_id),
            envelope: Envelope::Ours,
            limit: Limit::None,
            mail,
        };
        self.postman.post(tx, post).await?;
        Ok(())
    }
}
