//! The periodic part: pending approvals expire (with a reminder before), and
//! submitter and approver are told once a relayed statement went out.

use anyhow::Result;
use serde_json::json;
use tracing::info;

use super::{Outgoing, Queue, text};
use crate::store::{Store, now};

impl Outgoing {
    /// Expiry, reminders and "it went out" notices; run periodically.
    pub async fn tick(&self, store: &Store) -> Result<()> {
        let now_s = now();
        let remind = chrono::Duration::milliseconds(
            (self.settings.approval.remind_before_hours * 3_600_000.0) as i64,
        );
        for (sid, expires) in store.pending_approvals().await? {
            let mut tx = store.begin().await?;
            if expires < now_s {
                if Store::transition(&mut tx, sid, "pending_approval", "expired").await? {
                    Store::add_event(
                        &mut tx,
                        "expired",
                        Some(sid),
                        None,
                        None,
                        json!({"expires_at": expires}),
                    )
                    .await?;
                    let st = self.load(&mut tx, sid).await?;
                    let to: Vec<String> = st.submitter.clone().into_iter().collect();
                    let mail = self.composer.notice(
                        "expired",
                        &to,
                        &format!(
                            "[{}] Expired without approval: {}",
                            st.reference, st.statement.title
                        ),
                        &text::expired(&st.reference),
                        None,
                    );
                    Queue {
                        tx: &mut tx,
                        statement_id: Some(sid),
                        raw_message_id: None,
                    }
                    .mail(format!("expired:{sid}"), "notice", self.bot(), to, mail)
                    .await?;
                    info!(reference = %st.reference, "approval expired");
                }
            } else if chrono::DateTime::parse_from_rfc3339(&expires)
                .is_ok_and(|e| e.with_timezone(&chrono::Utc) - remind < chrono::Utc::now())
                && Store::claim_reminder(&mut tx, sid, "approval-reminder").await?
            {
                let st = self.load(&mut tx, sid).await?;
                for a in Store::approvals_of(&mut tx, sid)
                    .await?
                    .into_iter()
                    .filter(|a| a.role != "submitter" && a.used_at.is_none())
                {
                    let list = [a.approver.clone()];
                    let mail = self.composer.notice(
                        "remind",
                        &list,
                        &format!(
                            "[{}] Reminder: approval needed by {}",
                            st.reference,
                            &expires[..10]
                        ),
                        &text::reminder(&st.reference, &expires),
                        None,
                    );
                    Queue {
                        tx: &mut tx,
                        statement_id: Some(sid),
                        raw_message_id: None,
                    }
                    .mail(
                        format!("remind:{sid}:{}", a.approver),
                        "reminder",
                        self.bot(),
                        list.to_vec(),
                        mail,
                    )
                    .await?;
                }
                Store::add_event(
                    &mut tx,
                    "approval_reminder",
                    Some(sid),
                    None,
                    None,
                    json!({"expires_at": expires}),
                )
                .await?;
            }
            tx.commit().await?;
        }
        for sid in store.sent_relays().await? {
            let mut tx = store.begin().await?;
            if Store::transition(&mut tx, sid, "approved", "sent").await? {
                crate::links::mark_answered(&mut tx, sid).await?;
                let st = self.load(&mut tx, sid).await?;
                let approver: Option<String> = sqlx::query_scalar("SELECT approver FROM approval_requests WHERE statement_id = ? AND decision = 'approve'").bind(sid).fetch_optional(&mut *tx).await?;
                Store::add_event(
                    &mut tx,
                    "sent",
                    Some(sid),
                    None,
                    None,
                    json!({"message_id": st.statement.message_id}),
                )
                .await?;
                let to: Vec<String> = st
                    .submitter
                    .iter()
                    .chain(approver.iter())
                    .cloned()
                    .collect();
                let mail = self.composer.notice(
                    "sent",
                    &to,
                    &format!("[{}] Sent: {}", st.reference, st.statement.title),
                    &text::sent(&st.reference, &st.statement),
                    None,
                );
                Queue {
                    tx: &mut tx,
                    statement_id: Some(sid),
                    raw_message_id: None,
                }
                .mail(format!("sent:{sid}"), "notice", self.bot(), to, mail)
                .await?;
                info!(reference = %st.reference, "relay sent; submitter and approver told");
            }
            tx.commit().await?;
        }
        Ok(())
    }
}
