//! Answers to liaison-bot+TOKEN: an approver's approve, reject or unclear
//! reply, a submitter's withdrawal, and the refusal of everything else.

use anyhow::Result;
use mail_parser::Message;
use serde_json::json;
use tracing::{info, warn};

use super::{Outgoing, Queue, auth, text};
use crate::compose::{Auto, Mail};
use crate::reply::{Decision, decision, first_line};
use crate::sha256_hex;
use crate::store::{ApprovalRow, Store, Tx, now};

impl Outgoing {
    /// A mail to liaison-bot+TOKEN: an approver's answer or a submitter's withdrawal.
    pub async fn answer(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        msg: &Message<'_>,
        token: &str,
    ) -> Result<String> {
        let sender = msg
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_lowercase);
        let row = match Store::approval_by_token(tx, &sha256_hex(token.to_lowercase().as_bytes()))
            .await?
        {
            Some(row) => row,
            None => {
                return self
                    .refuse(
                        tx,
                        raw_id,
                        None,
                        sender.as_deref(),
                        "unknown token (forged, mistyped or from another system)",
                    )
                    .await;
            }
        };
        let sid = Some(row.statement_id);
        if sender.as_deref() != Some(row.approver.as_str()) {
            let why = format!(
                "sent from {} but the token belongs to {}",
                sender.as_deref().unwrap_or("(no From)"),
                row.approver
            );
            return self.refuse(tx, raw_id, sid, sender.as_deref(), &why).await;
        }
        if row.used_at.is_some() {
            return self
                .refuse(
                    tx,
                    raw_id,
                    sid,
                    sender.as_deref(),
                    "token already used (replayed)",
                )
                .await;
        }
        if row.expires_at < now() {
            return self
                .refuse(tx, raw_id, sid, sender.as_deref(), "token expired")
                .await;
        }
        let state = Store::statement_state(tx, row.statement_id).await?;
        if state != "pending_approval" {
            return self
                .refuse(
                    tx,
                    raw_id,
                    sid,
                    sender.as_deref(),
                    &format!("the statement is {state}, not pending approval"),
                )
                .await;
        }
        if row.role != "submitter" && !self.still_holds(&row) {
            return self
                .refuse(
                    tx,
                    raw_id,
                    sid,
                    sender.as_deref(),
                    &format!("{} no longer holds {}", row.approver, row.role),
                )
                .await;
        }
        if self.settings.approval.require_authentication {
            let results: Vec<&str> = msg
                .header_values("Authentication-Results")
                .filter_map(|v| v.as_text())
                .collect();
            let domain = row.approver.rsplit('@').next().unwrap_or("");
            if !auth::passes(
                &results,
                &self.settings.approval.trusted_authserv_ids,
                domain,
            ) {
                return self.refuse(tx, raw_id, sid, sender.as_deref(), "no passing DKIM/DMARC verdict from a trusted Authentication-Results header").await;
            }
        }
        let body = crate::extract::body_text(msg);
        if row.role == "submitter" {
            return self.withdraw(tx, raw_id, &row, &body, msg).await;
        }
        match decision(&body) {
            Decision::Approve => self.approve(tx, raw_id, &row).await,
            Decision::Reject(reason) => self.reject(tx, raw_id, &row, &reason).await,
            Decision::Unclear => self.help(tx, raw_id, &row, msg, text::APPROVER_HELP).await,
        }
    }

    fn still_holds(&self, row: &ApprovalRow) -> bool {
        self.directory
            .person(&row.approver)
            .is_some_and(|p| p.holds(&row.role))
    }

    /// Refuses and records; tells the coordinators, never the unverified sender.
    async fn refuse(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        sid: Option<i64>,
        sender: Option<&str>,
        why: &str,
    ) -> Result<String> {
        warn!(raw_id, ?sid, ?sender, reason = why, "approval mail refused");
        Store::add_event(
            tx,
            "approval_refused",
            sid,
            Some(raw_id),
            sender,
            json!({"reason": why}),
        )
        .await?;
        let to = self.settings.roles.coordinators.clone();
        if !to.is_empty() {
            let body = text::refused(why, sender, raw_id);
            let mail = self.composer.notice(
                "refused",
                &to,
                &format!(
                    "Refused approval mail from {}",
                    sender.unwrap_or("(no From)")
                ),
                &body,
                None,
            );
            Queue {
                tx,
                statement_id: sid,
                raw_message_id: Some(raw_id),
            }
            .mail(format!("refused:{raw_id}"), "notice", self.bot(), to, mail)
            .await?;
        }
        Ok(format!("refused: {why}"))
    }

    async fn approve(&self, tx: &mut Tx, raw_id: i64, row: &ApprovalRow) -> Result<String> {
        if !Store::spend_token(tx, row.id, Some("approve")).await?
            || !Store::transition(tx, row.statement_id, "pending_approval", "approved").await?
        {
            return self
                .refuse(
                    tx,
                    raw_id,
                    Some(row.statement_id),
                    Some(&row.approver),
                    "token already used (replayed)",
                )
                .await;
        }
        Store::add_event(
            tx,
            "approved",
            Some(row.statement_id),
            Some(raw_id),
            Some(&row.approver),
            json!({"role": row.role}),
        )
        .await?;
        let st = self.load(tx, row.statement_id).await?;
        let (to, cc) = self.relay_recipients(&st.statement);
        let reference = st.reference.clone();
        let subject = format!("Liaison statement {reference}: {}", st.statement.title);
        let body = text::relay(
            &reference,
            &st.statement,
            st.consensus.as_deref(),
            &row.approver,
        );
        let mail = self.composer.compose(Mail {
            cc: &cc,
            reply_to: st.statement.reply_to.as_deref(),
            attachments: &st.files,
            ..Mail::new("ls", &to, &subject, &body, Auto::No)
        });
        Store::set_statement_message_id(tx, row.statement_id, &mail.message_id).await?;
        let recipients: Vec<String> = to.iter().chain(&cc).cloned().collect();
        Store::add_event(
            tx,
            "relay_queued",
            Some(row.statement_id),
            Some(raw_id),
            None,
            json!({"to": to, "cc": cc, "message_id": mail.message_id}),
        )
        .await?;
        Queue {
            tx,
            statement_id: Some(row.statement_id),
            raw_message_id: Some(raw_id),
        }
        .mail(
            format!("relay:{}", row.statement_id),
            "relay",
            self.bot(),
            recipients,
            mail,
        )
        .await?;
        info!(%reference, approver = %row.approver, "approved; relay queued");
        Ok(format!("{reference} approved by {}", row.approver))
    }

    async fn reject(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        row: &ApprovalRow,
        reason: &str,
    ) -> Result<String> {
        if !Store::spend_token(tx, row.id, Some("reject")).await?
            || !Store::transition(tx, row.statement_id, "pending_approval", "rejected").await?
        {
            return self
                .refuse(
                    tx,
                    raw_id,
                    Some(row.statement_id),
                    Some(&row.approver),
                    "token already used (replayed)",
                )
                .await;
        }
        Store::add_event(
            tx,
            "rejected",
            Some(row.statement_id),
            Some(raw_id),
            Some(&row.approver),
            json!({"reason": reason}),
        )
        .await?;
        let st = self.load(tx, row.statement_id).await?;
        let to: Vec<String> = st.submitter.clone().into_iter().collect();
        let body = text::rejected(&st.reference, &row.approver, reason);
        let mail = self.composer.notice(
            "rejected",
            &to,
            &format!("[{}] Not approved: {}", st.reference, st.statement.title),
            &body,
            None,
        );
        Queue {
            tx,
            statement_id: Some(row.statement_id),
            raw_message_id: Some(raw_id),
        }
        .mail(
            format!("rejected:{}", row.statement_id),
            "notice",
            self.bot(),
            to,
            mail,
        )
        .await?;
        Ok(format!("{} rejected by {}", st.reference, row.approver))
    }

    async fn withdraw(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        row: &ApprovalRow,
        body: &str,
        msg: &Message<'_>,
    ) -> Result<String> {
        let asked = first_line(body).is_some_and(|l| {
            l.trim()
                .trim_end_matches('.')
                .eq_ignore_ascii_case("withdraw")
        });
        if !asked {
            return self.help(tx, raw_id, row, msg, text::SUBMITTER_HELP).await;
        }
        if !Store::spend_token(tx, row.id, None).await?
            || !Store::transition(tx, row.statement_id, "pending_approval", "withdrawn").await?
        {
            return self
                .refuse(
                    tx,
                    raw_id,
                    Some(row.statement_id),
                    Some(&row.approver),
                    "token already used (replayed)",
                )
                .await;
        }
        Store::add_event(
            tx,
            "withdrawn",
            Some(row.statement_id),
            Some(raw_id),
            Some(&row.approver),
            json!({}),
        )
        .await?;
        Ok("withdrawn".into())
    }

    /// A short help reply to a verified sender whose answer was unclear; nothing changes.
    async fn help(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        row: &ApprovalRow,
        msg: &Message<'_>,
        help: &str,
    ) -> Result<String> {
        Store::add_event(
            tx,
            "unclear_answer",
            Some(row.statement_id),
            Some(raw_id),
            Some(&row.approver),
            json!({}),
        )
        .await?;
        let subject = format!("Re: {}", msg.subject().unwrap_or("your answer"));
        let mail =
            self.composer
                .auto_reply("help", &row.approver, &subject, help, msg.message_id());
        Queue {
            tx,
            statement_id: Some(row.statement_id),
            raw_message_id: Some(raw_id),
        }
        .mail(
            format!("help:{raw_id}"),
            "help",
            None,
            vec![row.approver.clone()],
            mail,
        )
        .await?;
        Ok("unclear answer; help sent".into())
    }
}
