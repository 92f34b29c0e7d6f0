//! Where a message goes. By the address it came to: an answer to a token
//! address goes to the approval workflow, a submission to the outgoing
//! workflow. Mail to the central address: from a person holding a role, a
//! forward is unwrapped to its original and a mail about a recorded
//! statement carries corrections; a reply to one of our notices is
//! correspondence; everything else is an incoming statement.

use std::sync::LazyLock;

use anyhow::Result;
use mail_parser::Message;
use regex::Regex;
use serde_json::json;

use super::{Identity, Mail, Outcome, Pipeline};
use crate::domain::directory::Person;
use crate::domain::{EventKind, RawKind};
use crate::incoming::corrections::parse;
use crate::incoming::record::Receipt;
use crate::mail::classify::Kind;
use crate::mail::headers::{body_text, recipients, reply_ids, sender};
use crate::mail::quoting::new_text;
use crate::store::{StatementRow, Store, Tx};

/// What a message addressed to liaisond is, by the address it came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    Statement,
    Submission,
    /// A reply to liaison-bot+TOKEN@...
    Token(String),
}

pub fn route(msg: &Message, identity: &Identity) -> Route {
    let bot = identity.address.to_lowercase();
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
    match &identity.submission_address {
        Some(s) if all.iter().any(|r| r.eq_ignore_ascii_case(s)) => Route::Submission,
        _ => Route::Statement,
    }
}

impl Pipeline {
    /// Mail to the central address: a statement, a forwarded one, corrections, or correspondence.
    pub(super) async fn incoming(
        &self,
        tx: &mut Tx,
        m: &Mail<'_>,
        msg: &Message<'_>,
    ) -> Result<Outcome> {
        let from = sender(msg);
        let role = from
            .as_deref()
            .and_then(|s| self.flows.directory.person(s))
            .filter(|p| !p.roles.is_empty());
        if let Some(person) = role {
            if let Some(original) = crate::mail::forward::original(m.raw) {
                return self
                    .forwarded(tx, m, &original.bytes, &person.address)
                    .await;
            }
            if let Some(row) = self.about(tx, msg).await? {
                return self.commands(tx, m, msg, person, &row).await;
            }
        } else if let Some(from) = from.as_deref()
            && let Some(outcome) = self.stranger(tx, m, msg, from).await?
        {
            return Ok(outcome);
        }
        self.statement(tx, m, msg, None).await
    }

    /// A statement: extracted and filed (`forwarded_by` when a role holder forwarded it).
    async fn statement(
        &self,
        tx: &mut Tx,
        m: &Mail<'_>,
        msg: &Message<'_>,
        forwarded_by: Option<&str>,
    ) -> Result<Outcome> {
        let e = match self.extract(m, msg) {
            Ok(e) => e,
            Err(err) => return self.unparseable(tx, m.raw_id, err).await,
        };
        let kind = if forwarded_by.is_some() {
            Kind::Statement
        } else {
            m.verdict.kind
        };
        let r = Receipt {
            raw_id: m.raw_id,
            mailbox: m.mailbox,
            kind,
            why: &m.verdict.reason,
            forwarded_by,
        };
        Ok(Outcome::Filed(self.flows.recorder.file(tx, r, e).await?))
    }

    /// A role holder forwarded a statement: the original is recorded.
    async fn forwarded(
        &self,
        tx: &mut Tx,
        m: &Mail<'_>,
        original: &[u8],
        forwarder: &str,
    ) -> Result<Outcome> {
        let Some(msg) = mail_parser::MessageParser::default().parse(original) else {
            return self
                .unparseable(tx, m.raw_id, crate::extract::NotAMessage)
                .await;
        };
        let forwarder = forwarder.to_lowercase();
        self.statement(tx, m, &msg, Some(&forwarder)).await
    }

    /// Commands from a role holder about a recorded statement: applied when they may, and answered.
    async fn commands(
        &self,
        tx: &mut Tx,
        m: &Mail<'_>,
        msg: &Message<'_>,
        person: &Person,
        row: &StatementRow,
    ) -> Result<Outcome> {
        let actor = person.address.to_lowercase();
        let corrector = &self.flows.corrector;
        if !corrector.may_correct(person, row) {
            let detail = json!({"problems": ["not authorised for this statement"]});
            Store::add_event(
                tx,
                EventKind::CommandsRefused,
                Some(row.id),
                Some(m.raw_id),
                Some(&actor),
                detail,
            )
            .await?;
            if self.flows.outgoing.verified(msg, &actor) {
                let text = format!(
                    "You are not among those who may correct {} (its coordinators, liaison managers, and the chairs and ADs of the groups it is for). Nothing was changed.\n",
                    row.reference
                );
                corrector
                    .answer(tx, m.raw_id, row, &actor, msg, &text)
                    .await?;
            }
            return Ok(Outcome::Handled {
                kind: RawKind::Commands,
                what: "not authorised".into(),
            });
        }
        let text = new_text(&body_text(msg));
        let answer = corrector.apply(tx, m.raw_id, row, &actor, &text).await?;
        corrector
            .answer(tx, m.raw_id, row, &actor, msg, &answer)
            .await?;
        Ok(Outcome::Handled {
            kind: RawKind::Commands,
            what: answer.lines().next().unwrap_or("").to_string(),
        })
    }

    /// Mail from someone holding no role: commands are refused (answered only
    /// if verified), a reply to our notice is correspondence; else None.
    async fn stranger(
        &self,
        tx: &mut Tx,
        m: &Mail<'_>,
        msg: &Message<'_>,
        from: &str,
    ) -> Result<Option<Outcome>> {
        let text = new_text(&body_text(msg));
        if matches!(parse(&text), Ok(c) if !c.is_empty())
            && let Some(row) = self.about(tx, msg).await?
        {
            let detail = json!({"problems": ["the sender holds no role"]});
            Store::add_event(
                tx,
                EventKind::CommandsRefused,
                Some(row.id),
                Some(m.raw_id),
                Some(from),
                detail,
            )
            .await?;
            if self.flows.outgoing.verified(msg, from) {
                let text = format!(
                    "Only liaison coordinators, liaison managers, and the chairs and ADs of the groups a statement is for may correct it. Nothing was changed in {}.\n",
                    row.reference
                );
                self.flows
                    .corrector
                    .answer(tx, m.raw_id, &row, from, msg, &text)
                    .await?;
            }
            return Ok(Some(Outcome::Handled {
                kind: RawKind::Commands,
                what: "sender holds no role".into(),
            }));
        }
        // A reply to one of our notices about a statement is correspondence, not a new statement.
        if let Some(sid) = self.reply_to_notice(tx, msg).await? {
            let detail = json!({"subject": msg.subject()});
            Store::add_event(
                tx,
                EventKind::Correspondence,
                Some(sid),
                Some(m.raw_id),
                Some(from),
                detail,
            )
            .await?;
            return Ok(Some(Outcome::Handled {
                kind: RawKind::Correspondence,
                what: format!("noted on statement #{sid}"),
            }));
        }
        Ok(None)
    }

    /// The recorded statement a mail is about: its reference in the subject, or
    /// a reply to a mail we sent about it.
    async fn about(&self, tx: &mut Tx, msg: &Message<'_>) -> Result<Option<StatementRow>> {
        static REFERENCE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\bLS-\d{4}-\d{4,}\b").unwrap());
        let by_subject = msg
            .subject()
            .and_then(|s| REFERENCE.find(s))
            .map(|m| m.as_str().to_string());
        let id = match by_subject {
            Some(r) => Store::statement_id(tx, &r).await?,
            None => self.reply_to_notice(tx, msg).await?,
        };
        Ok(match id {
            Some(id) => Some(Store::statement_row(tx, id).await?),
            None => None,
        })
    }

    /// The statement of the notice (not a relayed statement) this mail replies to.
    async fn reply_to_notice(&self, tx: &mut Tx, msg: &Message<'_>) -> Result<Option<i64>> {
        for id in reply_ids(msg) {
            if let Some(sid) = Store::statement_of_notice(tx, &id).await? {
                return Ok(Some(sid));
            }
        }
        Ok(None)
    }
}
