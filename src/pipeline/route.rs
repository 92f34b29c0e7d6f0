//! Where a message goes. By the address it came to: an answer to a token
//! address is an approval or a confirmation, a submission goes to the
//! outgoing workflow. Mail to the central address: from a person holding a
//! role, a forward is unwrapped to its original; a mail about a recorded
//! statement carrying commands is decided by the policy; a reply to one of
//! our notices is correspondence; everything else is an incoming statement.

use std::sync::LazyLock;

use anyhow::Result;
use mail_parser::Message;
use regex::Regex;
use serde_json::json;

use super::{Identity, Mail, Outcome, Pipeline};
use crate::domain::policy::{self, Refusal, Request, Subject, Verdict};
use crate::domain::{EventKind, RawKind};
use crate::incoming::corrections::{Command, parse};
use crate::incoming::record::Receipt;
use crate::mail::classify::Kind;
use crate::mail::headers::{body_text, recipients, reply_ids};
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

/// What the policy needs to know of a recorded statement.
pub(super) fn subject_of<'a>(
    row: &'a StatementRow,
    groups: &'a (Vec<String>, Vec<String>),
) -> Subject<'a> {
    Subject {
        direction: row.direction,
        from_groups: &groups.0,
        to_groups: &groups.1,
        from_organisation: row.from_organisation.as_deref(),
        to_organisation: row.to_organisation.as_deref(),
        submitter: row.submitter.as_deref(),
    }
}

impl Pipeline {
    /// Mail to the central address: a statement, a forwarded one, commands, or correspondence.
    pub(super) async fn incoming(
        &self,
        tx: &mut Tx,
        m: &Mail<'_>,
        msg: &Message<'_>,
    ) -> Result<Outcome> {
        let holds_role = m
            .sender
            .and_then(|s| self.flows.directory.person(s))
            .is_some_and(|p| !p.roles.is_empty());
        if holds_role && let Some(original) = crate::mail::forward::original(m.raw) {
            let forwarder = m.sender.expect("a role holder has an address");
            return self.forwarded(tx, m, &original.bytes, forwarder).await;
        }
        let text = new_text(&body_text(msg));
        let commands = parse(&text);
        // A role holder writing about a statement means commands; anyone else only when it parses.
        let acts = holds_role || matches!(&commands, Ok(c) if !c.is_empty());
        if acts && let Some(row) = self.about(tx, msg).await? {
            return self.commands(tx, m, msg, &row, commands).await;
        }
        // A reply to one of our notices about a statement is correspondence, not a new statement.
        if let (Some(from), Some(sid)) = (m.sender, self.reply_to_notice(tx, msg).await?) {
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
            return Ok(Outcome::Handled {
                kind: RawKind::Correspondence,
                what: format!("noted on statement #{sid}"),
            });
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
        if forwarded_by.is_none() && e.kind == crate::extract::Kind::Correspondence {
            return self.correspondence(tx, m, msg, &e).await;
        }
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

    /// Mail that extraction found to be no statement (a question, a flyer,
    /// a list post, an out-of-office reply): kept as correspondence with the
    /// reason, not filed, published, distributed or acknowledged.
    ///
    /// Hand-off for issue 14: showing these to the coordinators and a
    /// command that turns one into a statement are to be integrated with
    /// issue 12's policy and issue 15's publishing rule.
    async fn correspondence(
        &self,
        tx: &mut Tx,
        m: &Mail<'_>,
        msg: &Message<'_>,
        e: &crate::extract::Extracted,
    ) -> Result<Outcome> {
        let detail = json!({"subject": msg.subject(), "reason": e.kind_reason});
        let from = e.sender.as_deref();
        Store::add_event(
            tx,
            EventKind::Correspondence,
            None,
            Some(m.raw_id),
            from,
            detail,
        )
        .await?;
        tracing::info!(raw_id = m.raw_id, reason = %e.kind_reason, "correspondence, not a statement");
        Ok(Outcome::Handled {
            kind: RawKind::Correspondence,
            what: e.kind_reason.clone(),
        })
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
        self.statement(tx, m, &msg, Some(forwarder)).await
    }

    /// Commands about a recorded statement, decided by the policy: applied,
    /// refused, or held until the sender confirms from their own mailbox.
    pub(super) async fn commands(
        &self,
        tx: &mut Tx,
        m: &Mail<'_>,
        msg: &Message<'_>,
        row: &StatementRow,
        commands: Result<Vec<Command>, Vec<String>>,
    ) -> Result<Outcome> {
        let Some(actor) = m.sender else {
            let why = vec!["the mail has no single From address".to_string()];
            return self.refuse_commands(tx, m, msg, row, &why).await;
        };
        let groups = (row.from_groups(), row.to_groups());
        let standings = self
            .flows
            .directory
            .standings(actor, &subject_of(row, &groups));
        let verdicts: Vec<Verdict> = commands
            .iter()
            .flatten()
            .map(|c| {
                policy::decide(&Request {
                    action: c.action(),
                    statement: Some((row.state, row.direction)),
                    standings: &standings,
                    proof: m.proof,
                    approval_needs_signature: false,
                })
            })
            .collect();
        let refusals: Vec<String> = verdicts
            .iter()
            .filter_map(|v| match v {
                Verdict::Refuse(r) => Some(refusal_text(r, row)),
                _ => None,
            })
            .collect();
        if !refusals.is_empty() {
            return self.refuse_commands(tx, m, msg, row, &refusals).await;
        }
        if commands.is_ok() && verdicts.contains(&Verdict::Confirm) {
            let what = format!("the commands in your mail about {}", row.reference);
            return self
                .ask_confirmation(tx, m, actor, "commands", Some(row), &what)
                .await;
        }
        let corrector = &self.flows.corrector;
        let text = new_text(&body_text(msg));
        let answer = corrector
            .apply(tx, m.raw_id, row, actor, &text, m.proof)
            .await?;
        corrector
            .answer(tx, m.raw_id, row, actor, msg, &answer)
            .await?;
        Ok(Outcome::Handled {
            kind: RawKind::Commands,
            what: answer.lines().next().unwrap_or("").to_string(),
        })
    }

    /// Records the refusal; answers only a sender whose mail is signed (no backscatter).
    async fn refuse_commands(
        &self,
        tx: &mut Tx,
        m: &Mail<'_>,
        msg: &Message<'_>,
        row: &StatementRow,
        problems: &[String],
    ) -> Result<Outcome> {
        let detail = json!({"problems": problems, "proof": m.proof});
        Store::add_event(
            tx,
            EventKind::CommandsRefused,
            Some(row.id),
            Some(m.raw_id),
            m.sender,
            detail,
        )
        .await?;
        if let Some(to) = m.sender.filter(|_| m.proof.has_signature()) {
            let text = format!(
                "Nothing was changed in {}:\n{}\n",
                row.reference,
                problems
                    .iter()
                    .map(|p| format!("  - {p}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            self.flows
                .corrector
                .answer(tx, m.raw_id, row, to, msg, &text)
                .await?;
        }
        Ok(Outcome::Handled {
            kind: RawKind::Commands,
            what: format!("refused: {}", problems.join("; ")),
        })
    }

    /// The recorded statement a mail is about: its reference in the subject, or
    /// a reply to a mail we sent about it.
    async fn about(&self, tx: &mut Tx, msg: &Message<'_>) -> Result<Option<StatementRow>> {
        static REFERENCE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(?i)\bLS-\d{4}-\d{4,}\b").unwrap());
        let by_subject = msg
            .subject()
            .and_then(|s| REFERENCE.find(s))
            .map(|m| m.as_str().to_uppercase());
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

/// A refusal as the sender reads it.
fn refusal_text(r: &Refusal, row: &StatementRow) -> String {
    match r {
        Refusal::NotEntitled(_) => format!(
            "only liaison coordinators, liaison managers, and the chairs and ADs of the groups {} is for may correct it",
            row.reference
        ),
        other => other.to_string(),
    }
}
