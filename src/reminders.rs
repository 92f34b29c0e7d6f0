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

use crate::clock::Clock;
use crate::compose::Composer;
use crate::config::Settings;
use crate::distribute::Distributor;
use crate::store::{NewMail, StatementRow, Store, Tx};

pub struct Reminders {
    settings: Arc<Settings>,
    distributor: Arc<Distributor>,
    directory: Arc<crate::directory::Directory>,
    composer: Composer,
    clock: Clock,
}

/// States in which an action is still open.
const OPEN: &str = "('received', 'sent', 'awaiting_response')";

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

impl Reminders {
    pub fn new(
        settings: Arc<Settings>,
        directory: Arc<crate::directory::Directory>,
        distributor: Arc<Distributor>,
    ) -> Result<Reminders> {
        let clock = settings.clock.clock()?;
        Ok(Reminders {
            composer: Composer::new(&settings.identity),
            settings,
            distributor,
            directory,
            clock,
        })
    }

    pub async fn tick(&self, store: &Store) -> Result<()> {
        if !self.settings.reminders.enabled {
            return Ok(());
        }
        let now = self.clock.now();
        let sql = format!(
            "SELECT id FROM statements WHERE purpose = 'for_action' AND deadline IS NOT NULL AND state IN {OPEN}"
        );
        let ids: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_all(store.pool())
            .await?;
        for id in ids {
            let mut tx = store.begin().await?;
            let row = Store::statement_row(&mut tx, id).await?;
            self.remind(&mut tx, &row, now).await?;
            tx.commit().await?;
        }
        if self.settings.reminders.weekly_digest && now.weekday() == chrono::Weekday::Mon {
            self.digest(store, now).await?;
        }
        Ok(())
    }

    async fn remind(&self, tx: &mut Tx, row: &StatementRow, now: DateTime<Utc>) -> Result<()> {
        let Some(deadline) = row
            .deadline
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            return Ok(());
        };
        let Some((kind, skipped)) = due(&self.settings.reminders.days_before, deadline, now) else {
            return Ok(());
        };
        // Outgoing: only the submitter, only once the deadline passed unanswered.
        let outgoing = row.direction == "outgoing";
        if outgoing && kind != "overdue" {
            return Ok(());
        }
        if !Store::claim_reminder(tx, row.id, &kind).await? {
            return Ok(());
        }
        for k in &skipped {
            if Store::claim_reminder(tx, row.id, k).await? {
                Store::add_event(
                    tx,
                    "reminder_skipped",
                    Some(row.id),
                    None,
                    None,
                    json!({"kind": k, "because": "later reminder due"}),
                )
                .await?;
            }
        }
        let to: Vec<String> = if outgoing {
            row.submitter.iter().cloned().collect()
        } else {
            let groups: Vec<String> = serde_json::from_str(&row.to_groups).unwrap_or_default();
            let mut to: Vec<String> = self
                .distributor
                .ietf_groups(&groups)
                .iter()
                .flat_map(|g| self.distributor.recipients(g))
                .collect();
            let manager = row
                .from_organisation
                .as_deref()
                .and_then(|o| self.directory.organisation_named(o))
                .and_then(|o| o.liaison_manager.clone());
            to.extend(manager);
            to.dedup();
            to
        };
        if to.is_empty() {
            Store::add_event(
                tx,
                "reminder_skipped",
                Some(row.id),
                None,
                None,
                json!({"kind": kind, "because": "nobody to remind"}),
            )
            .await?;
            return Ok(());
        }
        let left = (deadline - now.date_naive()).num_days();
        let when = if kind == "overdue" {
            format!("was due on {deadline}")
        } else {
            format!("is due on {deadline}, in {left} day(s)")
        };
        let subject = format!("Reminder: {} {} ({})", row.reference, when, row.title);
        let body = if outgoing {
            format!(
                "As of {}: {} ({}) asked {} for action by {deadline}, and no answer has been linked to it.\n\
                 If one arrived, a coordinator can link it with \"responded LS-...\"; otherwise you may want to follow up.\n",
                now.format("%Y-%m-%d"),
                row.reference,
                row.title,
                serde_json::from_str::<Vec<String>>(&row.to_groups)
                    .unwrap_or_default()
                    .join(", ")
            )
        } else {
            format!(
                "As of {}: {} ({}) from {} asks for action and {when}.\n\n\
                 draft-iab-rfc4053bis 5.1: the chairs of the addressed group, with the liaison manager, see that a\n\
                 response is sent by the deadline; if the request cannot be met in time, a response saying so\n\
                 (and proposing a later date or another course) should still be sent by the deadline.\n",
                now.format("%Y-%m-%d"),
                row.reference,
                row.title,
                serde_json::from_str::<Vec<String>>(&row.from_groups)
                    .unwrap_or_default()
                    .join(", ")
            )
        };
        let mail = self
            .composer
            .notice("remind", &to, &subject, &body, row.message_id.as_deref());
        Store::enqueue(
            tx,
            NewMail {
                dedupe_key: format!("remind:{}:{kind}", row.id),
                purpose: "reminder",
                statement_id: Some(row.id),
                raw_message_id: None,
                message_id: mail.message_id,
                envelope_from: Some(self.settings.identity.address.clone()),
                recipients: to.clone(),
                raw: mail.bytes,
            },
        )
        .await?;
        Store::add_event(
            tx,
            "reminder",
            Some(row.id),
            None,
            None,
            json!({"kind": kind, "to": to, "as_of": now.to_rfc3339()}),
        )
        .await?;
        info!(reference = %row.reference, %kind, ?to, "reminder queued");
        Ok(())
    }

    /// Every open action, to the coordinators, once per ISO week.
    async fn digest(&self, store: &Store, now: DateTime<Utc>) -> Result<()> {
        let to = self.settings.roles.coordinators.clone();
        if to.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "SELECT reference, direction, deadline, title FROM statements WHERE purpose = 'for_action' AND deadline IS NOT NULL AND state IN {OPEN} ORDER BY deadline"
        );
        let open: Vec<(String, String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(store.pool())
            .await?;
        let week = now.iso_week();
        let mut body = format!(
            "Open For Action statements as of {} (week {}-W{:02}):\n\n",
            now.format("%Y-%m-%d"),
            week.year(),
            week.week()
        );
        if open.is_empty() {
            body.push_str("  none\n");
        }
        for (reference, direction, deadline, title) in &open {
            let flag = if deadline.as_str() < now.format("%Y-%m-%d").to_string().as_str() {
                "  OVERDUE"
            } else {
                ""
            };
            body.push_str(&format!(
                "  {reference}  {direction:8}  due {deadline}{flag}  {title}\n"
            ));
        }
        let mail = self.composer.notice(
            "digest",
            &to,
            &format!(
                "Open liaison actions, week {}-W{:02}",
                week.year(),
                week.week()
            ),
            &body,
            None,
        );
        let mut tx = store.begin().await?;
        let queued = Store::enqueue(
            &mut tx,
            NewMail {
                dedupe_key: format!("digest:{}-W{:02}", week.year(), week.week()),
                purpose: "digest",
                statement_id: None,
                raw_message_id: None,
                message_id: mail.message_id,
                envelope_from: Some(self.settings.identity.address.clone()),
                recipients: to,
                raw: mail.bytes,
            },
        )
        .await?;
        tx.commit().await?;
        if queued.is_some() {
            info!(open = open.len(), "weekly digest queued");
        }
        Ok(())
    }
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
