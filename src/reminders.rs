//! Deadlines kept (draft-iab-rfc4053bis 5.1): reminders before a For Action
//! deadline to the addressed groups' chairs and the liaison manager (for an
//! incoming statement) or to the submitter once it passed unanswered (for an
//! outgoing one), and a weekly digest of open actions to the coordinators.
//! Each reminder is claimed in the store before it is queued, so a restart
//! neither loses nor repeats one; a responded or closed statement gets none.

use std::sync::Arc;

use anyhow::Result;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde_json::json;
use tracing::info;

use crate::domain::clock::Clock;
use crate::domain::{Direction, EventKind, MailPurpose};
use crate::incoming::distribute::Distributor;
use crate::mail::compose::{Auto, Mail};
use crate::mail::text;
use crate::outbox::{Envelope, Limit, Post, Postman};
use crate::store::{StatementRow, Store, Tx};

/// When reminders go (plain values from the daemon's configuration).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub enabled: bool,
    /// Days before the deadline; one more reminder once it has passed.
    pub days_before: Vec<u32>,
    /// A weekly digest of all open actions to the coordinators (on Mondays).
    pub weekly_digest: bool,
    pub coordinators: Vec<String>,
    /// Base URL of the public record, for the digest's link to what is owed.
    pub public_url: Option<String>,
}

pub struct Reminders {
    settings: Settings,
    distributor: Arc<Distributor>,
    postman: Postman,
    clock: Clock,
}

/// The reminder due at `now` for a deadline, and those before it that are
/// now past (skipped, never sent late): (kind, skipped kinds).
fn due(
    days_before: &[u32],
    deadline: NaiveDate,
    now: DateTime<Utc>,
) -> Option<(String, Vec<String>)> {
    let end = deadline.and_hms_opt(23, 59, 59)?.and_utc();
    let mut kinds: Vec<(DateTime<Utc>, String)> = days_before
        .iter()
        .map(|d| (end - Duration::days(i64::from(*d)), format!("before-{d}d")))
        .collect();
    kinds.push((end, "overdue".into()));
    kinds.sort();
    let passed: Vec<String> = kinds
        .iter()
        .filter(|(at, _)| *at <= now)
        .map(|(_, k)| k.clone())
        .collect();
    let (last, earlier) = passed.split_last()?;
    Some((last.clone(), earlier.to_vec()))
}

fn groups(json: &str) -> String {
    serde_json::from_str::<Vec<String>>(json)
        .unwrap_or_default()
        .join(", ")
}

impl Reminders {
    pub fn new(
        settings: Settings,
        distributor: Arc<Distributor>,
        postman: Postman,
        clock: Clock,
    ) -> Reminders {
        Reminders {
            settings,
            distributor,
            postman,
            clock,
        }
    }

    pub async fn tick(&self, store: &Store) -> Result<()> {
        if !self.settings.enabled {
            return Ok(());
        }
        let now = self.clock.now();
        for id in store.open_actions().await? {
            let mut tx = store.begin().await?;
            let row = Store::statement_row(&mut tx, id).await?;
            self.remind(&mut tx, &row, now).await?;
            tx.commit().await?;
        }
        if self.settings.weekly_digest && now.weekday() == chrono::Weekday::Mon {
            self.digest(store, now).await?;
        }
        Ok(())
    }

    /// The reminder now due for one statement, claimed once.
    async fn remind(&self, tx: &mut Tx, row: &StatementRow, now: DateTime<Utc>) -> Result<()> {
        let Some(deadline) = row
            .deadline
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            return Ok(());
        };
        let Some((kind, skipped)) = due(&self.settings.days_before, deadline, now) else {
            return Ok(());
        };
        // Outgoing: only the submitter, only once the deadline passed unanswered.
        if row.direction == Direction::Outgoing && kind != "overdue" {
            return Ok(());
        }
        if !Store::claim_reminder(tx, row.id, &kind).await? {
            return Ok(());
        }
        for k in &skipped {
            if Store::claim_reminder(tx, row.id, k).await? {
                skip(tx, row.id, k, "later reminder due").await?;
            }
        }
        let to = self.recipients(row);
        if to.is_empty() {
            return skip(tx, row.id, &kind, "nobody to remind").await;
        }
        let left = (deadline - now.date_naive()).num_days();
        let when = if kind == "overdue" {
            format!("was due on {deadline}")
        } else {
            format!("is due on {deadline}, {}", text::in_days(left))
        };
        let subject = format!("Reminder: {} {}: {}", row.reference, when, row.title);
        let body = reminder_body(row, deadline, &when, now);
        let references: Vec<String> = row.message_id.clone().into_iter().collect();
        let mail = Mail {
            references,
            ..Mail::new("remind", &to, &subject, &body, Auto::Generated)
        };
        let post = Post {
            key: format!("remind:{}:{kind}", row.id),
            purpose: MailPurpose::Reminder,
            statement: Some(row.id),
            raw: None,
            envelope: Envelope::Ours,
            limit: Limit::None,
            mail,
        };
        self.postman.post(tx, post).await?;
        let detail = json!({"kind": kind, "to": to, "as_of": now.to_rfc3339()});
        Store::add_event(tx, EventKind::Reminder, Some(row.id), None, None, detail).await?;
        info!(reference = %row.reference, %kind, ?to, "reminder queued");
        Ok(())
    }

    /// Outgoing: the submitter. Incoming: the addressed IETF groups' chairs and the liaison manager.
    fn recipients(&self, row: &StatementRow) -> Vec<String> {
        if row.direction == Direction::Outgoing {
            return row.submitter.iter().cloned().collect();
        }
        let mut to: Vec<String> = self
            .distributor
            .ietf_groups(&row.to_groups())
            .iter()
            .flat_map(|g| self.distributor.recipients(g))
            .collect();
        to.extend(self.distributor.manager_of(row));
        to.dedup();
        to
    }

    /// Every open action, to the coordinators, once per ISO week.
    async fn digest(&self, store: &Store, now: DateTime<Utc>) -> Result<()> {
        let to = &self.settings.coordinators;
        if to.is_empty() {
            return Ok(());
        }
        let open = store.open_action_summaries().await?;
        let week = now.iso_week();
        let today = now.format("%Y-%m-%d").to_string();
        let body = digest_body(&open, &today, self.settings.public_url.as_deref());
        let subject = format!(
            "Open liaison actions, week {}-W{:02}",
            week.year(),
            week.week()
        );
        let mut tx = store.begin().await?;
        let post = Post {
            key: format!("digest:{}-W{:02}", week.year(), week.week()),
            purpose: MailPurpose::Digest,
            statement: None,
            raw: None,
            envelope: Envelope::Ours,
            limit: Limit::None,
            mail: Mail::new("digest", to, &subject, &body, Auto::Generated),
        };
        let queued = self.postman.post(&mut tx, post).await?.id;
        tx.commit().await?;
        if queued.is_some() {
            info!(open = open.len(), "weekly digest queued");
        }
        Ok(())
    }
}

/// The digest: every open action, soonest deadline first, overdue ones marked.
fn digest_body(
    open: &[(String, Direction, String, String)],
    today: &str,
    public: Option<&str>,
) -> String {
    let overdue = open.iter().filter(|o| o.2.as_str() < today).count();
    let mut t = format!(
        "{} open as of {today}, {overdue} of them overdue.\n\n",
        text::count(
            open.len(),
            "For Action statement is",
            "For Action statements are"
        )
    );
    for (reference, direction, deadline, title) in open {
        let flag = if deadline.as_str() < today {
            "OVERDUE "
        } else {
            ""
        };
        let who = match direction {
            Direction::Incoming => "response owed by the IETF",
            Direction::Outgoing => "response owed to the IETF",
        };
        t.push_str(&format!(
            "- {reference}, {flag}due {deadline}, {who}\n  {}\n",
            text::one_line(title)
        ));
    }
    if let Some(base) = public {
        t.push_str(&format!(
            "\nThe same list on the web: {}/owed\n",
            base.trim_end_matches('/')
        ));
    }
    t.push_str(
        "\nTo record that one was answered, or to close it, reply to any mail about\n\
         it with \"responded LS-...\" or \"close\".\n",
    );
    text::wrap(&t)
}

/// Records that a reminder was not sent, and why.
async fn skip(tx: &mut Tx, sid: i64, kind: &str, because: &str) -> Result<()> {
    let detail = json!({"kind": kind, "because": because});
    Store::add_event(
        tx,
        EventKind::ReminderSkipped,
        Some(sid),
        None,
        None,
        detail,
    )
    .await
}

/// What a reminder says, for the submitter (outgoing) or the addressed chairs (incoming).
fn reminder_body(
    row: &StatementRow,
    deadline: NaiveDate,
    when: &str,
    now: DateTime<Utc>,
) -> String {
    let as_of = now.format("%Y-%m-%d");
    let t = if row.direction == Direction::Outgoing {
        format!(
            "As of {as_of}, {} (\"{}\") asked {} for action by {deadline}, and no answer has been linked to it.\n\n\
             If an answer arrived, ask the IAB liaison coordinators to link it to {}. Otherwise you may want to follow up with {}.\n",
            row.reference,
            text::one_line(&row.title),
            groups(&row.to_groups),
            row.reference,
            groups(&row.to_groups)
        )
    } else {
        format!(
            "As of {as_of}, {} (\"{}\") from {} asks for action and {when}.\n\n\
             The chairs of the addressed group, with the liaison manager, see that a response is sent by the deadline; if the request cannot be met in time, a response saying so, proposing a later date or another course, should still be sent by the deadline (draft-iab-rfc4053bis 5.1).\n\n\
             To answer, the group sends a liaison statement with \"Purpose: In Response\" naming {}. If it was answered already, reply to this mail with the line \"responded LS-...\" naming the answer.\n",
            row.reference,
            text::one_line(&row.title),
            groups(&row.from_groups),
            row.reference
        )
    };
    text::wrap(&t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn the_latest_due_reminder_wins_and_earlier_ones_are_skipped() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let days = [14, 7, 1];
        assert_eq!(due(&days, d, at("2026-11-10T00:00:00Z")), None);
        assert_eq!(
            due(&days, d, at("2026-11-18T00:00:00Z")),
            Some(("before-14d".into(), vec![]))
        );
        assert_eq!(
            due(&days, d, at("2026-11-25T00:00:00Z")),
            Some(("before-7d".into(), vec!["before-14d".into()]))
        );
        assert_eq!(
            due(&days, d, at("2026-12-02T00:00:00Z")).unwrap().0,
            "overdue"
        );
    }
}
