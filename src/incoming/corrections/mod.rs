//! Coordinators' corrections by mail. A coordinator or liaison manager (and,
//! for a statement addressed to their own group, a chair or AD) writes about
//! a statement with one command per line; every command is checked first and
//! either all apply or none does. Each change is an event naming the actor and
//! the mail; the answer is the record as it now stands.

mod commands;

pub use commands::{Command, parse};

use std::sync::Arc;

use anyhow::Result;
use mail_parser::Message;
use serde_json::json;
use tracing::info;

use super::distribute::Distributor;
use crate::domain::directory::{Directory, Person};
use crate::domain::policy::Proof;
use crate::domain::{EventKind, MailPurpose, Purpose, State};
use crate::extract::{DateRead, read_date};
use crate::mail::compose::{Auto, Mail};
use crate::outbox::{Envelope, Limit, Post, Postman};
use crate::store::{StatementRow, Store, Tx};

pub struct Corrector {
    directory: Arc<Directory>,
    postman: Postman,
    distributor: Arc<Distributor>,
}

/// One change, validated, ready to apply.
enum Change {
    /// `redirect` (distributed to the new groups) or `to:` (corrected only).
    Groups {
        old: Vec<String>,
        new: Vec<String>,
    },
    Deadline(String),
    Title(String),
    Purpose(Purpose, String),
    Contacts(Vec<String>),
    Responded(i64, String),
    Close,
    Note(String),
}

/// The statement being corrected, by whom, in which mail.
struct Context<'a> {
    raw_id: i64,
    row: &'a StatementRow,
    actor: &'a str,
    redirect: bool,
    /// How the actor was proven, recorded with each change.
    proof: Proof,
}

impl Corrector {
    pub fn new(
        directory: Arc<Directory>,
        postman: Postman,
        distributor: Arc<Distributor>,
    ) -> Corrector {
        Corrector {
            directory,
            postman,
            distributor,
        }
    }

    /// Whether this person may correct this statement.
    pub fn may_correct(&self, p: &Person, row: &StatementRow) -> bool {
        if p.holds("coordinator") {
            return true;
        }
        let orgs = [
            row.from_organisation.as_deref(),
            row.to_organisation.as_deref(),
        ];
        let managed = orgs
            .iter()
            .flatten()
            .filter_map(|o| self.directory.organisation_named(o))
            .any(|o| p.holds(&format!("liaison-manager:{}", o.id)));
        let own_group = row
            .to_groups()
            .iter()
            .filter_map(|g| self.directory.group_by_name(g))
            .any(|g| {
                g.acronym.as_ref().is_some_and(|a| {
                    p.holds(&format!("chair:{a}"))
                        || (g.kind.as_deref() == Some("area") && p.holds(&format!("ad:{a}")))
                }) || g.area.as_ref().is_some_and(|a| p.holds(&format!("ad:{a}")))
            });
        managed || own_group
    }

    /// Checks every command; the changes, or every problem.
    async fn plan(
        &self,
        tx: &mut Tx,
        row: &StatementRow,
        commands: Vec<Command>,
    ) -> Result<Result<Vec<Change>, Vec<String>>> {
        let mut changes = Vec::new();
        let mut problems = Vec::new();
        for c in commands {
            match self.check(tx, row, c).await? {
                Ok(change) => changes.push(change),
                Err(problem) => problems.extend(problem),
            }
        }
        Ok(if problems.is_empty() {
            Ok(changes)
        } else {
            Err(problems)
        })
    }

    /// One command checked: its change, or what is wrong with it.
    async fn check(
        &self,
        tx: &mut Tx,
        row: &StatementRow,
        c: Command,
    ) -> Result<Result<Change, Vec<String>>> {
        Ok(match c {
            Command::Redirect(groups) | Command::To(groups) if groups.is_empty() => {
                Err(vec!["name at least one group".into()])
            }
            Command::Redirect(groups) | Command::To(groups) => self.groups(row, &groups),
            Command::Purpose(p) => match Purpose::parse_label(&p) {
                Some(purpose) => Ok(Change::Purpose(purpose, p)),
                None => Err(vec![format!(
                    "purpose {p:?}: use For Information, For Action or In Response"
                )]),
            },
            Command::Deadline(d) => match read_date(&d) {
                DateRead::Date(date) => Ok(Change::Deadline(date.format("%Y-%m-%d").to_string())),
                DateRead::Ambiguous(..) => Err(vec![format!(
                    "deadline {d:?} is ambiguous: write it as YYYY-MM-DD"
                )]),
                DateRead::NotADate => Err(vec![format!(
                    "deadline {d:?} is not a date: write it as YYYY-MM-DD"
                )]),
            },
            Command::FromContact(a) if a.is_empty() => {
                Err(vec!["from-contact: give at least one mail address".into()])
            }
            Command::FromContact(a) => Ok(Change::Contacts(a)),
            Command::Title(t) => Ok(Change::Title(t)),
            Command::Responded(reference) => match Store::statement_id(tx, &reference).await? {
                Some(id) if id != row.id => Ok(Change::Responded(id, reference)),
                _ => Err(vec![format!(
                    "{reference} is not another recorded statement"
                )]),
            },
            Command::Close => Ok(Change::Close),
            Command::Note(n) => Ok(Change::Note(n)),
        })
    }

    /// The groups named, as the directory names them; unknown names are problems.
    fn groups(&self, row: &StatementRow, written: &[String]) -> Result<Change, Vec<String>> {
        let mut names = Vec::new();
        let mut problems = Vec::new();
        for g in written {
            match self.directory.group(g) {
                Some(found) => names.push(found.name.clone()),
                None => problems.push(format!("{g:?} is not a group in the directory")),
            }
        }
        if problems.is_empty() {
            Ok(Change::Groups {
                old: row.to_groups(),
                new: names,
            })
        } else {
            Err(problems)
        }
    }

    /// Applies the commands in `new_text` from `actor` to statement `row`; the answer to send back.
    pub async fn apply(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        row: &StatementRow,
        actor: &str,
        new_text: &str,
        proof: Proof,
    ) -> Result<String> {
        let commands = match parse(new_text) {
            Ok(c) if c.is_empty() => {
                return self
                    .refusal(tx, raw_id, row, actor, &["no command found".into()])
                    .await;
            }
            Ok(c) => c,
            Err(unknown) => {
                let problems: Vec<String> = unknown
                    .iter()
                    .map(|l| format!("not a command: {l:?}"))
                    .collect();
                return self.refusal(tx, raw_id, row, actor, &problems).await;
            }
        };
        let redirect = commands.iter().any(|c| matches!(c, Command::Redirect(_)));
        let mut changes = match self.plan(tx, row, commands).await? {
            Ok(c) => c,
            Err(problems) => return self.refusal(tx, raw_id, row, actor, &problems).await,
        };
        // New groups last: a redirect distributes the statement as every
        // other change in the same mail (a new purpose, a deadline) left it.
        changes.sort_by_key(|c| matches!(c, Change::Groups { .. }));
        let cx = Context {
            raw_id,
            row,
            actor,
            redirect,
            proof,
        };
        let mut done = Vec::new();
        for change in changes {
            done.push(self.change(tx, &cx, change).await?);
        }
        info!(reference = %row.reference, %actor, ?done, "corrected by mail");
        let now_row = Store::statement_row(tx, row.id).await?;
        let record = self.distributor.shown(now_row.to_contract(Vec::new()));
        let done: String = done.iter().map(|d| format!("  - {d}\n")).collect();
        Ok(format!(
            "Done, in {}:\n{done}\nThe record as it now stands ({}):\n\n{}{}",
            row.reference,
            now_row.state.as_str().replace('_', " "),
            crate::mail::text::wrap(&record.metadata(&row.reference, now_row.consensus.as_deref())),
            MORE
        ))
    }

    /// Applies one change and records it; what to tell the actor.
    async fn change(&self, tx: &mut Tx, cx: &Context<'_>, change: Change) -> Result<String> {
        let (sid, row) = (cx.row.id, cx.row);
        let corrected = |field: &str, old: serde_json::Value, new: serde_json::Value| {
            (
                EventKind::Corrected,
                json!({"field": field, "old": old, "new": new}),
            )
        };
        let ((kind, detail), said) = match change {
            Change::Groups { old, new } => {
                Store::set_to_groups(tx, sid, &new).await?;
                let said = if cx.redirect {
                    self.redirect(tx, cx.raw_id, sid, &old, &new).await?;
                    format!("redirected to {}", new.join(", "))
                } else {
                    format!("To set to {}", new.join(", "))
                };
                let kind = if cx.redirect {
                    EventKind::Redirected
                } else {
                    EventKind::Corrected
                };
                ((kind, json!({"field": "to", "old": old, "new": new})), said)
            }
            Change::Deadline(new) => {
                Store::set_deadline(tx, sid, &new).await?;
                let said = format!("deadline set to {new}");
                (corrected("deadline", json!(row.deadline), json!(new)), said)
            }
            Change::Title(new) => {
                Store::set_title(tx, sid, &new).await?;
                let said = format!("title set to {new}");
                (corrected("title", json!(row.title), json!(new)), said)
            }
            Change::Purpose(p, label) => {
                Store::set_purpose(tx, sid, p, &label).await?;
                let said = format!("purpose set to {}", p.human());
                (corrected("purpose", json!(row.purpose), json!(p)), said)
            }
            Change::Contacts(a) => {
                Store::set_from_contacts(tx, sid, &a).await?;
                let said = format!("From-Contact set to {}", a.join(", "));
                (
                    corrected("from_contacts", json!(row.from_contacts), json!(a)),
                    said,
                )
            }
            Change::Responded(other, reference) => {
                Store::add_link(tx, other, sid, "command", true).await?;
                Store::set_state(tx, sid, State::Responded).await?;
                let said = format!("marked as answered by {reference}");
                ((EventKind::Responded, json!({"by": reference})), said)
            }
            Change::Close => {
                Store::set_state(tx, sid, State::Closed).await?;
                let said = "state set to closed".to_string();
                ((EventKind::Closed, json!({"old_state": row.state})), said)
            }
            Change::Note(n) => (
                (EventKind::Note, json!({"text": n})),
                "note added".to_string(),
            ),
        };
        let mut detail = detail;
        detail["proof"] = json!(cx.proof);
        Store::add_event(tx, kind, Some(sid), Some(cx.raw_id), Some(cx.actor), detail).await?;
        Ok(said)
    }

    /// Distributes to the new groups and tells the old ones it moved.
    async fn redirect(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        sid: i64,
        old: &[String],
        new: &[String],
    ) -> Result<()> {
        let added: Vec<String> = new.iter().filter(|g| !old.contains(g)).cloned().collect();
        let groups = self.distributor.ietf_groups(&added);
        let note = format!(
            "This liaison statement was redirected to {} by the liaison coordinators, who found it was meant for {}.",
            new.join(", "),
            if added.len() == 1 {
                "this group"
            } else {
                "these groups"
            }
        );
        self.distributor
            .send(tx, sid, Some(raw_id), &groups, &note)
            .await?;
        let reference = Store::statement_row(tx, sid).await?.reference;
        let removed: Vec<String> = old.iter().filter(|g| !new.contains(g)).cloned().collect();
        for g in self.distributor.ietf_groups(&removed) {
            let to = self.distributor.recipients(g);
            if to.is_empty() {
                continue;
            }
            let body = crate::mail::text::wrap(&format!(
                "{reference}, which was sent to {} earlier, has been redirected to {} by the liaison coordinators. Nothing more is needed from {}: the statement is now theirs to answer.\n",
                g.name,
                new.join(", "),
                g.name
            ));
            let subject = format!("{reference} redirected away from {}", g.name);
            let mail = Mail::new("moved", &to, &subject, &body, Auto::Generated);
            let key = format!("moved:{raw_id}:{}", g.name);
            self.post(tx, key, sid, raw_id, mail).await?;
        }
        Ok(())
    }

    async fn refusal(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        row: &StatementRow,
        actor: &str,
        problems: &[String],
    ) -> Result<String> {
        let detail = json!({"problems": problems});
        Store::add_event(
            tx,
            EventKind::CommandsRefused,
            Some(row.id),
            Some(raw_id),
            Some(actor),
            detail,
        )
        .await?;
        let problems: String = problems.iter().map(|p| format!("  - {p}\n")).collect();
        Ok(format!(
            "Nothing was changed in {}, because:\n{problems}\n{HELP}",
            row.reference
        ))
    }

    /// Answers the actor (a verified role holder) with what happened.
    pub async fn answer(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        row: &StatementRow,
        to: &str,
        msg: &Message<'_>,
        text: &str,
    ) -> Result<()> {
        let subject = crate::mail::text::reply_subject(msg.subject().unwrap_or(&row.reference));
        let to = [to.to_string()];
        let mail = Mail {
            in_reply_to: msg.message_id(),
            ..Mail::new("cmd", &to, &subject, text, Auto::Replied)
        };
        self.post(tx, format!("commands:{raw_id}"), row.id, raw_id, mail)
            .await
    }

    async fn post(
        &self,
        tx: &mut Tx,
        key: String,
        sid: i64,
        raw_id: i64,
        mail: Mail<'_>,
    ) -> Result<()> {
        let post = Post {
            key,
            purpose: MailPurpose::Notice,
            statement: Some(sid),
            raw: Some(raw_id),
            envelope: Envelope::Ours,
            limit: Limit::None,
            mail,
        };
        self.postman.post(tx, post).await?;
        Ok(())
    }
}

/// After the record: how to go on.
const MORE: &str = "\nTo change more, reply to this mail with one command per line.\n";

const HELP: &str = "Write one command per line at the top of your mail; every command\n\
must be one of these, or none is applied:\n\
\x20 redirect opsawg            send it to another group instead\n\
\x20 purpose: for action        for information / for action / in response\n\
\x20 deadline: 2026-12-01\n\
\x20 to: ccamp, teas            correct the addressed groups\n\
\x20 from-contact: a@example.org\n\
\x20 title: ...\n\
\x20 responded LS-2026-0042     it was answered by that statement\n\
\x20 close\n\
\x20 note: any text\n";
