//! Answers to token addresses, and proof by possession of the mailbox. A
//! token liaisond mailed is either an approval request's (approve, reject,
//! withdraw: the outgoing workflow) or a confirmation's: a role holder whose
//! request by mail was not signed was asked, at their address in the
//! directory, to confirm it; their answer from that mailbox applies it.
//! Submissions come through here too, as they need the same proof.

use anyhow::Result;
use mail_parser::{Message, MessageParser};
use serde_json::json;
use tracing::info;

use super::{Mail, Outcome, Pipeline};
use crate::domain::policy::{self, Action, Proof, Request, Subject, Verdict};
use crate::domain::{Direction, EventKind, MailPurpose, RawKind, sha256_hex};
use crate::incoming::corrections::parse;
use crate::mail::compose::{Auto, Mail as Letter};
use crate::mail::headers::body_text;
use crate::mail::quoting::new_text;
use crate::outbox::{Envelope, Limit, Post};
use crate::outgoing::decision::confirms;
use crate::store::{ConfirmationRow, NewConfirmation, StatementRow, Store, Tx, now, stamp};

/// How long a confirmation may be answered.
const CONFIRM_HOURS: i64 = 72;

impl Pipeline {
    /// A mail to liaison-bot+TOKEN: an approval answer or a confirmation.
    pub(super) async fn token(
        &self,
        tx: &mut Tx,
        m: &Mail<'_>,
        msg: &Message<'_>,
        token: &str,
    ) -> Result<Outcome> {
        let hash = sha256_hex(token.to_lowercase().as_bytes());
        if let Some(c) = Store::confirmation_by_token(tx, &hash).await? {
            return self.confirmation(tx, m, msg, c).await;
        }
        let approval = Store::approval_by_token(tx, &hash).await?;
        let what = self
            .flows
            .outgoing
            .answer(tx, m.raw_id, msg, approval, m.sender, m.proof)
            .await?;
        Ok(Outcome::Handled {
            kind: RawKind::ApprovalReply,
            what,
        })
    }

    /// An outgoing statement mailed to the submission address.
    pub(super) async fn submission(
        &self,
        tx: &mut Tx,
        m: &Mail<'_>,
        msg: &Message<'_>,
    ) -> Result<Outcome> {
        let e = match self.extract(m, msg) {
            Ok(e) => e,
            Err(err) => return self.unparseable(tx, m.raw_id, err).await,
        };
        let standings = match m.sender {
            Some(s) => self.flows.directory.standings(
                s,
                &Subject {
                    direction: Direction::Outgoing,
                    from_groups: &e.statement.from_groups,
                    to_groups: &e.statement.to_groups,
                    from_organisation: e.from_organisation.as_deref(),
                    to_organisation: e.to_organisation.as_deref(),
                    submitter: None,
                },
            ),
            None => Vec::new(),
        };
        let verdict = policy::decide(&Request {
            action: Action::Submit,
            statement: None,
            standings: &standings,
            proof: m.proof,
            approval_needs_signature: false,
        });
        let outgoing = &self.flows.outgoing;
        let what = match (verdict, m.sender) {
            (Verdict::Confirm, Some(sender)) if outgoing.valid(&e, m.sender) => {
                return self
                    .ask_confirmation(
                        tx,
                        m,
                        sender,
                        "submission",
                        None,
                        "the statement you submitted",
                    )
                    .await;
            }
            (_, sender) => outgoing.submit(tx, m.raw_id, e, sender, m.proof).await?,
        };
        Ok(Outcome::Handled {
            kind: RawKind::Submission,
            what,
        })
    }

    /// Asks the role holder `person` to confirm, from their own mailbox, what
    /// their unsigned mail asked; nothing applies until they do.
    pub(super) async fn ask_confirmation(
        &self,
        tx: &mut Tx,
        m: &Mail<'_>,
        person: &str,
        action: &str,
        row: Option<&StatementRow>,
        what: &str,
    ) -> Result<Outcome> {
        let token = crate::outgoing::new_token();
        let expires = stamp(chrono::Utc::now() + chrono::Duration::hours(CONFIRM_HOURS));
        let sid = row.map(|r| r.id);
        Store::insert_confirmation(
            tx,
            NewConfirmation {
                token_sha256: &sha256_hex(token.as_bytes()),
                person,
                action,
                statement_id: sid,
                raw_message_id: m.raw_id,
                expires_at: &expires,
            },
        )
        .await?;
        let composer = self.flows.postman.composer();
        let reply_to = composer.token_address(&token);
        let subject = match row {
            Some(r) => format!("[{}] Please confirm your mail", r.reference),
            None => "Please confirm your submission".to_string(),
        };
        let body = crate::mail::text::wrap(&format!(
            "liaisond received a mail in your name asking it to act on {what}. \
             Mail is easy to forge, and this one was not signed, so nothing has been done yet.\n\n\
             If you sent it, reply to this mail with the single word\n\n  confirm\n\n\
             and liaisond will do what it asked. If you did not, ignore this mail: \
             nothing will change. This request expires in {CONFIRM_HOURS} hours.\n"
        ));
        let to = [person.to_string()];
        let post = Post {
            key: format!("confirm-request:{}", m.raw_id),
            purpose: MailPurpose::Confirmation,
            statement: sid,
            raw: Some(m.raw_id),
            envelope: Envelope::Ours,
            limit: Limit::Confirmation,
            mail: Letter {
                reply_to: Some(&reply_to),
                ..Letter::new("verify", &to, &subject, &body, Auto::Generated)
            },
        };
        let queued = self.flows.postman.post(tx, post).await?.id.is_some();
        let detail =
            json!({"action": action, "to": person, "queued": queued, "expires_at": expires});
        Store::add_event(
            tx,
            EventKind::ConfirmationRequested,
            sid,
            Some(m.raw_id),
            Some(person),
            detail,
        )
        .await?;
        info!(raw_id = m.raw_id, %person, action, queued, "unsigned request: confirmation asked");
        let kind = if action == "submission" {
            RawKind::Submission
        } else {
            RawKind::Commands
        };
        Ok(Outcome::Handled {
            kind,
            what: format!("waiting for {person} to confirm"),
        })
    }

    /// An answer to a confirmation: from the person it went to, once, in time,
    /// saying "confirm"; then the request it confirms is carried out.
    async fn confirmation(
        &self,
        tx: &mut Tx,
        m: &Mail<'_>,
        msg: &Message<'_>,
        c: ConfirmationRow,
    ) -> Result<Outcome> {
        let why = if m.sender != Some(c.person.as_str()) {
            Some(format!(
                "sent from {} but the confirmation went to {}",
                m.sender.unwrap_or("(no single From)"),
                c.person
            ))
        } else if c.used_at.is_some() {
            Some("confirmation already used (replayed)".into())
        } else if c.expires_at < now() {
            Some("confirmation expired".into())
        } else if !confirms(&body_text(msg)) {
            Some("the answer does not say \"confirm\"".into())
        } else {
            None
        };
        if let Some(why) = why {
            let detail = json!({"reason": why});
            Store::add_event(
                tx,
                EventKind::ConfirmationRefused,
                c.statement_id,
                Some(m.raw_id),
                m.sender,
                detail,
            )
            .await?;
            return Ok(Outcome::Handled {
                kind: RawKind::ApprovalReply,
                what: format!("refused: {why}"),
            });
        }
        if !Store::spend_confirmation(tx, c.id, "confirmed").await? {
            return Ok(Outcome::Handled {
                kind: RawKind::ApprovalReply,
                what: "refused: confirmation already used".into(),
            });
        }
        let detail =
            json!({"action": c.action, "request": c.raw_message_id, "proof": Proof::Token});
        Store::add_event(
            tx,
            EventKind::Confirmed,
            c.statement_id,
            Some(m.raw_id),
            Some(&c.person),
            detail,
        )
        .await?;
        self.carry_out(tx, &c, m.proof.with_token()).await
    }

    /// Carries out the confirmed request, as if its mail had come with this proof.
    async fn carry_out(&self, tx: &mut Tx, c: &ConfirmationRow, proof: Proof) -> Result<Outcome> {
        let raw = self.store.raw_message(c.raw_message_id).await?;
        let Some(msg) = MessageParser::default().parse(&raw.raw) else {
            return self
                .unparseable(tx, raw.id, crate::extract::NotAMessage)
                .await;
        };
        let verdict = crate::mail::classify::Verdict {
            kind: crate::mail::classify::Kind::Statement,
            reason: "confirmed by its sender".into(),
        };
        let request = Mail {
            raw_id: raw.id,
            mailbox: &raw.mailbox,
            raw: &raw.raw,
            verdict: &verdict,
            sender: Some(&c.person),
            proof,
            prepared: None,
        };
        match (c.action.as_str(), c.statement_id) {
            ("commands", Some(sid)) => {
                let row = Store::statement_row(tx, sid).await?;
                let commands = parse(&new_text(&body_text(&msg)));
                self.commands(tx, &request, &msg, &row, commands).await
            }
            _ => self.submission(tx, &request, &msg).await,
        }
    }
}
