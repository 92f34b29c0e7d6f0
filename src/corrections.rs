//! Coordinators' corrections by mail. A coordinator or liaison manager (and,
//! for a statement addressed to their own group, a chair or AD) writes about
//! a statement with one command per line; every command is checked first and
//! either all apply or none does. Each change is an event naming the actor and
//! the mail; the answer is the record as it now stands.

use std::sync::Arc;

use anyhow::Result;
use mail_parser::Message;
use serde_json::json;
use tracing::info;

use crate::commands::{Command, parse};
use crate::compose::Composer;
use crate::config::Settings;
use crate::directory::{Directory, Person};
use crate::distribute::Distributor;
use crate::extract::{DateRead, read_date};
use crate::statement::Purpose;
use crate::store::{NewMail, StatementRow, Store, Tx, now};

pub struct Corrector {
    settings: Arc<Settings>,
    directory: Arc<Directory>,
    composer: Composer,
    distributor: Arc<Distributor>,
}

/// One change, validated, ready to apply.
enum Change {
    Groups {
        column: &'static str,
        old: Vec<String>,
        new: Vec<String>,
    },
    Text {
        column: &'static str,
        old: Option<String>,
        new: String,
    },
    Purpose(Purpose, String),
    Contacts(Vec<String>),
    Responded(i64, String),
    State(&'static str),
    Note(String),
}

impl Corrector {
    pub fn new(
        settings: Arc<Settings>,
        directory: Arc<Directory>,
        distributor: Arc<Distributor>,
    ) -> Corrector {
        Corrector {
            composer: Composer::new(&settings.identity),
            settings,
            directory,
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
        let to: Vec<String> = serde_json::from_str(&row.to_groups).unwrap_or_default();
        let own_group = to
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
        let list = |json: &str| serde_json::from_str::<Vec<String>>(json).unwrap_or_default();
        for c in commands {
            match c {
                Command::Redirect(groups) | Command::To(groups) if groups.is_empty() => {
                    problems.push("name at least one group".into())
                }
                Command::Redirect(groups) | Command::To(groups) => {
                    let mut names = Vec::new();
                    for g in &groups {
                        match self.directory.group(g) {
                            Some(found) => names.push(found.name.clone()),
                            None => problems.push(format!("{g:?} is not a group in the directory")),
                        }
                    }
                    changes.push(Change::Groups {
                        column: "to_groups",
                        old: list(&row.to_groups),
                        new: names,
                    });
                }
                Command::Purpose(p) => match Purpose::parse_label(&p) {
                    Some(purpose) => changes.push(Change::Purpose(purpose, p)),
                    None => problems.push(format!(
                        "purpose {p:?}: use For Information, For Action or In Response"
                    )),
                },
                Command::Deadline(d) => match read_date(&d) {
                    DateRead::Date(date) => changes.push(Change::Text {
                        column: "deadline",
                        old: row.deadline.clone(),
                        new: date.format("%Y-%m-%d").to_string(),
                    }),
                    DateRead::Ambiguous(..) => problems.push(format!(
                        "deadline {d:?} is ambiguous: write it as YYYY-MM-DD"
                    )),
                    DateRead::NotADate => problems.push(format!(
                        "deadline {d:?} is not a date: write it as YYYY-MM-DD"
                    )),
                },
                Command::FromContact(a) if a.is_empty() => {
                    problems.push("from-contact: give at least one mail address".into())
                }
                Command::FromContact(a) => changes.push(Change::Contacts(a)),
                Command::Title(t) => changes.push(Change::Text {
                    column: "title",
                    old: Some(row.title.clone()),
                    new: t,
                }),
                Command::Responded(reference) => {
                    let other: Option<i64> =
                        sqlx::query_scalar("SELECT id FROM statements WHERE reference = ?")
                            .bind(&reference)
                            .fetch_optional(&mut **tx)
                            .await?;
                    match other {
                        Some(id) if id != row.id => changes.push(Change::Responded(id, reference)),
                        _ => {
                            problems.push(format!("{reference} is not another recorded statement"))
                        }
                    }
                }
                Command::Close => changes.push(Change::State("closed")),
                Command::Note(n) => changes.push(Change::Note(n)),
            }
        }
        Ok(if problems.is_empty() {
            Ok(changes)
        } else {
            Err(problems)
        })
    }

    /// Applies the commands in `new_text` from `actor` to statement `row`; the answer to send back.
    pub async fn apply(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        row: &StatementRow,
        actor: &str,
        new_text: &str,
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
        let changes = match self.plan(tx, row, commands).await? {
            Ok(c) => c,
            Err(problems) => return self.refusal(tx, raw_id, row, actor, &problems).await,
        };
        let mut done = Vec::new();
        for change in changes {
            done.push(
                self.change(tx, raw_id, row, actor, change, redirect)
                    .await?,
            );
        }
        sqlx::query("UPDATE statements SET updated_at = ? WHERE id = ?")
            .bind(now())
            .bind(row.id)
            .execute(&mut **tx)
            .await?;
        info!(reference = %row.reference, %actor, ?done, "corrected by mail");
        let now_row = Store::statement_row(tx, row.id).await?;
        let record = now_row.to_contract(Vec::new());
        Ok(format!(
            "Done:\n{}\n\n{} as it now stands (state: {}):\n\n{}",
            done.iter()
                .map(|d| format!("  - {d}"))
                .collect::<Vec<_>>()
                .join("\n"),
            row.reference,
            now_row.state,
            record.metadata(&row.reference, now_row.consensus.as_deref())
        ))
    }

    async fn change(
        &self,
        tx: &mut Tx,
        raw_id: i64,
        row: &StatementRow,
        actor: &str,
        change: Change,
        redirect: bool,
    ) -> Result<String> {
        let sid = row.id;
        let event = |kind: &'static str, detail: serde_json::Value| (kind, detail);
        let (kind, detail, said) = match change {
            Change::Groups { column, old, new } => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE statements SET {column} = ? WHERE id = ?"
                )))
                .bind(serde_json::to_string(&new)?)
                .bind(sid)
                .execute(&mut **tx)
                .await?;
                if redirect {
                    self.redirect(tx, raw_id, sid, &old, &new).await?;
                }
                let (k, d) = event(
                    if redirect { "redirected" } else { "corrected" },
                    json!({"field": "to", "old": old, "new": new}),
                );
                (
                    k,
                    d,
                    format!(
                        "{} {}",
                        if redirect {
                            "redirected to"
                        } else {
                            "To set to"
                        },
                        new.join(", ")
                    ),
                )
            }
            Change::Text { column, old, new } => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE statements SET {column} = ? WHERE id = ?"
                )))
                .bind(&new)
                .bind(sid)
                .execute(&mut **tx)
                .await?;
                let (k, d) = event(
                    "corrected",
                    json!({"field": column, "old": old, "new": new}),
                );
                (k, d, format!("{column} set to {new}"))
            }
            Change::Purpose(p, label) => {
                sqlx::query("UPDATE statements SET purpose = ?, purpose_label = ? WHERE id = ?")
                    .bind(p.as_str())
                    .bind(&label)
                    .bind(sid)
                    .execute(&mut **tx)
                    .await?;
                let (k, d) = event(
                    "corrected",
                    json!({"field": "purpose", "old": row.purpose, "new": p.as_str()}),
                );
                (k, d, format!("purpose set to {}", p.human()))
            }
            Change::Contacts(a) => {
                sqlx::query("UPDATE statements SET from_contacts = ? WHERE id = ?")
                    .bind(serde_json::to_string(&a)?)
                    .bind(sid)
                    .execute(&mut **tx)
                    .await?;
                let (k, d) = event(
                    "corrected",
                    json!({"field": "from_contacts", "old": row.from_contacts, "new": a}),
                );
                (k, d, format!("From-Contact set to {}", a.join(", ")))
            }
            Change::Responded(other, reference) => {
                sqlx::query(
                    "INSERT INTO statement_links (response_id, answers_id, method, confirmed, created_at) VALUES (?, ?, 'command', 1, ?)
                     ON CONFLICT (response_id, answers_id) DO UPDATE SET confirmed = 1",
                )
                .bind(other)
                .bind(sid)
                .bind(now())
                .execute(&mut **tx)
                .await?;
                sqlx::query("UPDATE statements SET state = 'responded' WHERE id = ?")
                    .bind(sid)
                    .execute(&mut **tx)
                    .await?;
                let (k, d) = event("responded", json!({"by": reference}));
                (k, d, format!("marked as answered by {reference}"))
            }
            Change::State(state) => {
                sqlx::query("UPDATE statements SET state = ? WHERE id = ?")
                    .bind(state)
                    .bind(sid)
                    .execute(&mut **tx)
                    .await?;
                let (k, d) = event("closed", json!({"old_state": row.state}));
                (k, d, format!("state set to {state}"))
            }
            Change::Note(n) => {
                let (k, d) = event("note", json!({"text": n}));
                (k, d, "note added".to_string())
            }
        };
        Store::add_event(tx, kind, Some(sid), Some(raw_id), Some(actor), detail).await?;
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
        self.distributor
            .send(
                tx,
                sid,
                Some(raw_id),
                &groups,
                &format!(
                    "This statement was redirected to {} by the liaison coordinators.",
                    new.join(", ")
                ),
            )
            .await?;
        let reference: String = sqlx::query_scalar("SELECT reference FROM statements WHERE id = ?")
            .bind(sid)
            .fetch_one(&mut **tx)
            .await?;
        for g in self.distributor.ietf_groups(
            &old.iter()
                .filter(|g| !new.contains(g))
                .cloned()
                .collect::<Vec<_>>(),
        ) {
            let to = self.distributor.recipients(g);
            if to.is_empty() {
                continue;
            }
            let body = format!(
                "{reference}, which was sent to {}, has been redirected to {}. Nothing more is needed from {}.\n",
                g.name,
                new.join(", "),
                g.name
            );
            let mail = self.composer.notice(
                "moved",
                &to,
                &format!("{reference} redirected away from {}", g.name),
                &body,
                None,
            );
            self.queue(
                tx,
                format!("moved:{raw_id}:{}", g.name),
                sid,
                raw_id,
                to,
                mail,
            )
            .await?;
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
        Store::add_event(
            tx,
            "commands_refused",
            Some(row.id),
            Some(raw_id),
            Some(actor),
            json!({"problems": problems}),
        )
        .await?;
        Ok(format!(
            "Nothing was changed in {}:\n{}\n\n{}",
            row.reference,
            problems
                .iter()
                .map(|p| format!("  - {p}"))
                .collect::<Vec<_>>()
                .join("\n"),
            HELP
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
        let subject = format!("Re: {}", msg.subject().unwrap_or(&row.reference));
        let mail = self
            .composer
            .auto_reply("cmd", to, &subject, text, msg.message_id());
        let to = vec![to.to_string()];
        self.queue(tx, format!("commands:{raw_id}"), row.id, raw_id, to, mail)
            .await
    }

    async fn queue(
        &self,
        tx: &mut Tx,
        key: String,
        sid: i64,
        raw_id: i64,
        to: Vec<String>,
        mail: crate::compose::Composed,
    ) -> Result<()> {
        Store::enqueue(
            tx,
            NewMail {
                dedupe_key: key,
                purpose: "notice",
                statement_id: Some(sid),
                raw_message_id: Some(raw_id),
                message_id: mail.message_id,
                envelope_from: Some(self.settings.identity.address.clone()),
                recipients: to,
                raw: mail.bytes,
            },
        )
        .await?;
        Ok(())
    }
}

const HELP: &str = "Write one command per line at the top of your mail:\n\
  redirect opsawg            send it to another group instead\n\
  purpose: for action        for information / for action / in response\n\
  deadline: 2026-12-01\n\
  to: ccamp, teas            correct the addressed groups\n\
  from-contact: a@example.org\n\
  title: ...\n\
  responded LS-2026-0042     it was answered by that statement\n\
  close\n\
  note: any text\n";
