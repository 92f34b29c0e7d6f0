//! Answers to liaison-bot+TOKEN: an approver's approve, reject or unclear
//! reply, a submitter's withdrawal, and the refusal of everything else.

use anyhow::Result;
use mail_parser::Message;
use serde_json::json;
use tracing::{info, warn};

use super::decision::{Decision, decision};
use super::{Outgoing, text};
use crate::domain::policy::{self, Action, Proof, Request, Standing, Verdict};
use crate::domain::{Direction, EventKind, MailPurpose, State};
use crate::mail::compose::{Auto, Mail};
use crate::mail::headers::body_text;
use crate::mail::quoting::first_line;
use crate::outbox::{Envelope, Limit, Post};
use crate::store::{ApprovalRow, Store, Tx, now};

/// Why this answer may not act on its token at all: another sender, a spent
/// or expired token.
fn why_not(a: &Answer<'_, '_>, row: &ApprovalRow) -> Option<String> {
    if a.sender != Some(row.approver.as_str()) {
        return Some(format!(
            "sent from {} but the token belongs to {}",
            a.sender.unwrap_or("(no single From)"),
            row.approver
        ));
    }
    if row.used_at.is_some() {
        return Some("token already used (replayed)".into());
    }
    if row.expires_at < now() {
        return Some("token expired".into());
    }
    None
}

/// A mail to a token address, being answered.
struct Answer<'a, 'm> {
    raw_id: i64,
    msg: &'a Message<'m>,
    sender: Option<&'a str>,
    /// How the sender is proven: the token, and a signature when there is one.
    proof: Proof,
}

impl Outgoing {
    /// A mail to liaison-bot+TOKEN with an approval request's token (or an
    /// unknown one): an approver's answer or a submitter's withdrawal, as
    /// the policy allows.
    pub async fn answer(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        msg: &Message<'_>,
        token: Option<ApprovalRow>,
        sender: Option<&str>,
        proof: Proof,
    ) -> Result<String> {
        let a = Answer {
            raw_id,
            msg,
            sender,
            proof: proof.with_token(),
        };
        let Some(row) = token else {
            let why = "unknown token (forged, mistyped or from another system)";
            return self.refuse(tx, &a, None, why).await;
        };
        if let Some(why) = why_not(&a, &row) {
            return self.refuse(tx, &a, Some(row.statement_id), &why).await;
        }
        let body = body_text(msg);
        let (action, reason) = if row.role == "submitter" {
            let withdraw = first_line(&body).is_some_and(|l| {
                l.trim()
                    .trim_end_matches('.')
                    .eq_ignore_ascii_case("withdraw")
            });
            if !withdraw {
                return self.help(tx, &a, &row, text::SUBMITTER_HELP).await;
            }
            (Action::Withdraw, String::new())
        } else {
            match decision(&body) {
                Decision::Approve => (Action::Approve, String::new()),
                Decision::Reject(reason) => (Action::Reject, reason),
                Decision::Unclear => return self.help(tx, &a, &row, text::APPROVER_HELP).await,
            }
        };
        if let Some(refusal) = self.forbidden(tx, &a, &row, action).await? {
            return self.refuse(tx, &a, Some(row.statement_id), &refusal).await;
        }
        match action {
            Action::Approve => self.approve(tx, &a, &row).await,
            Action::Reject => self.reject(tx, &a, &row, &reason).await,
            _ => self.withdraw(tx, &a, &row).await,
        }
    }

    /// What the policy says against this answer, if anything.
    async fn forbidden(
        &self,
        tx: &mut Tx,
        a: &Answer<'_, '_>,
        row: &ApprovalRow,
        action: Action,
    ) -> Result<Option<String>> {
        let standings: Vec<Standing> = if row.role == "submitter" {
            vec![Standing::Submitter]
        } else if self.still_holds(row) {
            vec![Standing::Approver]
        } else {
            return Ok(Some(format!(
                "{} no longer holds {}",
                row.approver, row.role
            )));
        };
        let state = Store::statement_state(tx, row.statement_id).await?;
        let verdict = policy::decide(&Request {
            action,
            statement: Some((state, Direction::Outgoing)),
            standings: &standings,
            proof: a.proof,
            approval_needs_signature: self.settings.require_authentication,
        });
        Ok(match verdict {
            Verdict::Allow { .. } => None,
            Verdict::Refuse(r) => Some(r.to_string()),
            Verdict::Confirm => Some("needs confirmation".into()),
        })
    }

    fn still_holds(&self, row: &ApprovalRow) -> bool {
        self.directory
            .person(&row.approver)
            .is_some_and(|p| p.holds(&row.role))
    }

    /// Refuses and records; the coordinators read it in their summary, the
    /// sender (who may not be who they claim) is never answered.
    async fn refuse(
        &self,
        tx: &mut Tx,
        a: &Answer<'_, '_>,
        sid: Option<i64>,
        why: &str,
    ) -> Result<String> {
        let (raw_id, sender) = (a.raw_id, a.sender);
        warn!(raw_id, ?sid, ?sender, reason = why, "approval mail refused");
        let detail = json!({"reason": why, "proof": a.proof});
        Store::add_event(
            tx,
            EventKind::ApprovalRefused,
            sid,
            Some(raw_id),
            sender,
            detail,
        )
        .await?;
        Ok(format!("refused: {why}"))
    }

    /// Spends the token, moves the statement from pending approval to `to`
    /// and records `kind` with the holder as actor; false when the token or
    /// the move was spent already (a replay, also under races).
    async fn decide(
        tx: &mut Tx,
        a: &Answer<'_, '_>,
        row: &ApprovalRow,
        decision: Option<&str>,
        to: State,
        kind: EventKind,
        detail: serde_json::Value,
    ) -> Result<bool> {
        let spent = Store::spend_token(tx, row.id, decision).await?
            && Store::transition(tx, row.statement_id, State::PendingApproval, to).await?;
        if spent {
            let (sid, actor) = (Some(row.statement_id), Some(row.approver.as_str()));
            let mut detail = detail;
            detail["proof"] = json!(a.proof);
            Store::add_event(tx, kind, sid, Some(a.raw_id), actor, detail).await?;
        }
        Ok(spent)
    }

    async fn replayed(&self, tx: &mut Tx, a: &Answer<'_, '_>, row: &ApprovalRow) -> Result<String> {
        self.refuse(
            tx,
            a,
            Some(row.statement_id),
            "token already used (replayed)",
        )
        .await
    }

    async fn approve(&self, tx: &mut Tx, a: &Answer<'_, '_>, row: &ApprovalRow) -> Result<String> {
        let detail = json!({"role": row.role});
        if !Self::decide(
            tx,
            a,
            row,
            Some("approve"),
            State::Approved,
            EventKind::Approved,
            detail,
        )
        .await?
        {
            return self.replayed(tx, a, row).await;
        }
        let sid = row.statement_id;
        let st = self.load(tx, sid).await?;
        let (to, cc) = self.relay_recipients(&st.statement);
        let reference = st.reference.clone();
        let subject = format!("Liaison statement {reference}: {}", st.statement.title);
        let body = text::relay(
            &reference,
            &st.statement,
            st.consensus.as_deref(),
            &row.approver,
        );
        let mail = Mail {
            cc: &cc,
            reply_to: st.statement.reply_to.as_deref(),
            attachments: &st.files,
            ..Mail::new("ls", &to, &subject, &body, Auto::No)
        };
        let post = Post {
            key: format!("relay:{sid}"),
            purpose: MailPurpose::Relay,
            statement: Some(sid),
            raw: Some(a.raw_id),
            envelope: Envelope::Ours,
            limit: Limit::None,
            mail,
        };
        // The relayed mail's Message-ID is the statement's: answers thread to it.
        let message_id = self.postman.post(tx, post).await?.message_id;
        Store::set_message_id(tx, sid, &message_id).await?;
        let detail = json!({"to": to, "cc": cc, "message_id": message_id});
        Store::add_event(
            tx,
            EventKind::RelayQueued,
            Some(sid),
            Some(a.raw_id),
            None,
            detail,
        )
        .await?;
        info!(%reference, approver = %row.approver, "approved; relay queued");
        Ok(format!("{reference} approved by {}", row.approver))
    }

    async fn reject(
        &self,
        tx: &mut Tx,
        a: &Answer<'_, '_>,
        row: &ApprovalRow,
        reason: &str,
    ) -> Result<String> {
        let detail = json!({"reason": reason});
        if !Self::decide(
            tx,
            a,
            row,
            Some("reject"),
            State::Rejected,
            EventKind::Rejected,
            detail,
        )
        .await?
        {
            return self.replayed(tx, a, row).await;
        }
        let sid = row.statement_id;
        let st = self.load(tx, sid).await?;
        let to: Vec<String> = st.submitter.clone().into_iter().collect();
        let body = text::rejected(&st.reference, &row.approver, reason);
        let subject = format!("[{}] Not approved: {}", st.reference, st.statement.title);
        let post = Post {
            key: format!("rejected:{sid}"),
            purpose: MailPurpose::Notice,
            statement: Some(sid),
            raw: Some(a.raw_id),
            envelope: Envelope::Ours,
            limit: Limit::None,
            mail: Mail::new("rejected", &to, &subject, &body, Auto::Generated),
        };
        self.postman.post(tx, post).await?;
        Ok(format!("{} rejected by {}", st.reference, row.approver))
    }

    async fn withdraw(&self, tx: &mut Tx, a: &Answer<'_, '_>, row: &ApprovalRow) -> Result<String> {
        if !Self::decide(
            tx,
            a,
            row,
            None,
            State::Withdrawn,
            EventKind::Withdrawn,
            json!({}),
        )
        .await?
        {
            return self.replayed(tx, a, row).await;
        }
        Ok("withdrawn".into())
    }

    /// A short help reply to a verified sender whose answer was unclear; nothing changes.
    async fn help(
        &self,
        tx: &mut Tx,
        a: &Answer<'_, '_>,
        row: &ApprovalRow,
        help: &str,
    ) -> Result<String> {
        let sid = Some(row.statement_id);
        Store::add_event(
            tx,
            EventKind::UnclearAnswer,
            sid,
            Some(a.raw_id),
            Some(&row.approver),
            json!({}),
        )
        .await?;
        let subject = crate::mail::text::reply_subject(a.msg.subject().unwrap_or("your answer"));
        let to = [row.approver.clone()];
        let post = Post {
            key: format!("help:{}", a.raw_id),
            purpose: MailPurpose::Help,
            statement: sid,
            raw: Some(a.raw_id),
            envelope: Envelope::Null,
            limit: Limit::Answer,
            mail: Mail {
                in_reply_to: a.msg.message_id(),
                ..Mail::new("help", &to, &subject, help, Auto::Replied)
            },
        };
        self.postman.post(tx, post).await?;
        Ok("unclear answer; help sent".into())
    }
}
