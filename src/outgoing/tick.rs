//! The periodic part: pending approvals expire (with a reminder before), and
//! submitter and approver are told once a relayed statement went out.

use anyhow::Result;
use serde_json::json;
use tracing::info;

use super::{Outgoing, text};
use crate::domain::{EventKind, MailPurpose, State};
use crate::mail::compose::{Auto, Mail};
use crate::outbox::{Envelope, Limit, Post};
use crate::store::{Store, Tx, now};

impl Outgoing {
    /// Expiry, reminders and "it went out" notices; run periodically.
    pub async fn tick(&self, store: &Store) -> Result<()> {
        let now_s = now();
        let remind = chrono::Duration::milliseconds(
            (self.settings.remind_before_hours * 3_600_000.0) as i64,
        );
        for (sid, expires) in store.pending_approvals().await? {
            let mut tx = store.begin().await?;
            let due_reminder = chrono::DateTime::parse_from_rfc3339(&expires)
                .is_ok_and(|e| e.with_timezone(&chrono::Utc) - remind < chrono::Utc::now());
            if expires < now_s {
                self.expire(&mut tx, sid, &expires).await?;
            } else if due_reminder
                && Store::claim_reminder(&mut tx, sid, "approval-reminder").await?
            {
                self.remind_approvers(&mut tx, sid, &expires).await?;
            }
            tx.commit().await?;
        }
        for sid in store.sent_relays().await? {
            let mut tx = store.begin().await?;
            if Store::transition(&mut tx, sid, State::Approved, State::Sent).await? {
                self.confirm_sent(&mut tx, sid).await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }

    /// A pending approval ran out: the statement expires and the submitter is told.
    async fn expire(&self, tx: &mut Tx, sid: i64, expires: &str) -> Result<()> {
        if !Store::transition(tx, sid, State::PendingApproval, State::Expired).await? {
            return Ok(());
        }
        let detail = json!({"expires_at": expires});
        Store::add_event(tx, EventKind::Expired, Some(sid), None, None, detail).await?;
        let st = self.load(tx, sid).await?;
        let to: Vec<String> = st.submitter.clone().into_iter().collect();
        let subject = format!(
            "[{}] Expired without approval: {}",
            st.reference, st.statement.title
        );
        let body = text::expired(&st.reference);
        self.notice(
            tx,
            format!("expired:{sid}"),
            MailPurpose::Notice,
            sid,
            Mail::new("expired", &to, &subject, &body, Auto::Generated),
        )
        .await?;
        info!(reference = %st.reference, "approval expired");
        Ok(())
    }

    /// Approvers who have not answered are reminded once before expiry.
    async fn remind_approvers(&self, tx: &mut Tx, sid: i64, expires: &str) -> Result<()> {
        let st = self.load(tx, sid).await?;
        let waiting = Store::approvals_of(tx, sid)
            .await?
            .into_iter()
            .filter(|a| a.role != "submitter" && a.used_at.is_none());
        for a in waiting {
            let list = [a.approver.clone()];
            let subject = format!(
                "[{}] Reminder: approval needed by {}",
                st.reference,
                &expires[..10]
            );
            let body = text::reminder(&st.reference, expires);
            let mail = Mail::new("remind", &list, &subject, &body, Auto::Generated);
            let key = format!("remind:{sid}:{}", a.approver);
            self.notice(tx, key, MailPurpose::Reminder, sid, mail)
                .await?;
        }
        let detail = json!({"expires_at": expires});
        Store::add_event(
            tx,
            EventKind::ApprovalReminder,
            Some(sid),
            None,
            None,
            detail,
        )
        .await?;
        Ok(())
    }

    /// The relay went out: the statement is sent, what it answers is responded,
    /// and submitter and approver are told.
    async fn confirm_sent(&self, tx: &mut Tx, sid: i64) -> Result<()> {
        crate::incoming::links::mark_answered(tx, sid).await?;
        let st = self.load(tx, sid).await?;
        let approver = Store::approver_of(tx, sid).await?;
        let detail = json!({"message_id": st.statement.message_id});
        Store::add_event(tx, EventKind::Sent, Some(sid), None, None, detail).await?;
        let to: Vec<String> = st
            .submitter
            .iter()
            .chain(approver.iter())
            .cloned()
            .collect();
        let subject = format!("[{}] Sent: {}", st.reference, st.statement.title);
        let body = text::sent(&st.reference, &st.statement);
        let mail = Mail::new("sent", &to, &subject, &body, Auto::Generated);
        self.notice(tx, format!("sent:{sid}"), MailPurpose::Notice, sid, mail)
            .await?;
        info!(reference = %st.reference, "relay sent; submitter and approver told");
        Ok(())
    }

    /// Queues a notice liaisond starts itself about statement `sid`.
    async fn notice(
        &self,
        tx: &mut Tx,
        key: String,
        purpose: MailPurpose,
        sid: i64,
        mail: Mail<'_>,
    ) -> Result<()> {
        let post = Post {
            key,
            purpose,
            statement: Some(sid),
            raw: None,
            envelope: Envelope::Ours,
            limit: Limit::None,
            mail,
        };
        self.postman.post(tx, post).await?;
        Ok(())
    }
}
