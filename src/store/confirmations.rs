//! Confirmations: requests by mail waiting for their sender to prove the
//! mailbox, and the counts behind the limits on what strangers can make
//! liaisond send.

use anyhow::Result;

use rusqlite::{OptionalExtension, params};

use super::{Store, Tx, now};
use crate::domain::EventKind;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConfirmationRow {
    pub id: i64,
    pub person: String,
    /// `commands` or `submission`.
    pub action: String,
    pub statement_id: Option<i64>,
    pub raw_message_id: i64,
    pub expires_at: String,
    pub used_at: Option<String>,
}

/// A confirmation to file.
pub struct NewConfirmation<'a> {
    pub token_sha256: &'a str,
    pub person: &'a str,
    pub action: &'a str,
    pub statement_id: Option<i64>,
    pub raw_message_id: i64,
    pub expires_at: &'a str,
}

/// A refused or held attempt, for the coordinators' summary.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attempt {
    pub id: i64,
    pub at: String,
    pub kind: EventKind,
    pub actor: Option<String>,
    pub reference: Option<String>,
    pub detail: String,
}

impl ConfirmationRow {
    fn direct(r: &rusqlite::Row<'_>) -> rusqlite::Result<ConfirmationRow> {
        Ok(ConfirmationRow {
            id: r.get(0)?,
            person: r.get(1)?,
            action: r.get(2)?,
            statement_id: r.get(3)?,
            raw_message_id: r.get(4)?,
            expires_at: r.get(5)?,
            used_at: r.get(6)?,
        })
    }
}

impl Store {
    pub async fn insert_confirmation(tx: &mut Tx, c: NewConfirmation<'_>) -> Result<i64> {
        let id = tx
            .prepare_cached(
                "INSERT INTO confirmations (token_sha256, person, action, statement_id, raw_message_id,
                     created_at, expires_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )?
            .query_row(
                params![
                    c.token_sha256,
                    c.person,
                    c.action,
                    c.statement_id,
                    c.raw_message_id,
                    now(),
                    c.expires_at
                ],
                |r| r.get(0),
            )?;
        Ok(id)
    }

    pub async fn confirmation_by_token(
        tx: &mut Tx,
        token_sha256: &str,
    ) -> Result<Option<ConfirmationRow>> {
        Ok(tx
            .prepare_cached(
                "SELECT id, person, action, statement_id, raw_message_id, expires_at, used_at
                 FROM confirmations WHERE token_sha256 = ?",
            )?
            .query_row(params![token_sha256], ConfirmationRow::direct)
            .optional()?)
    }

    /// Spends a confirmation; false when it was spent already.
    pub async fn spend_confirmation(tx: &mut Tx, id: i64, outcome: &str) -> Result<bool> {
        let done = tx
            .prepare_cached(
                "UPDATE confirmations SET used_at = ?, outcome = ? WHERE id = ? AND used_at IS NULL",
            )?
            .execute(params![now(), outcome, id])?;
        Ok(done == 1)
    }

    /// Confirmations mailed to this person since `since`.
    pub async fn confirmations_to_since(tx: &mut Tx, person: &str, since: &str) -> Result<i64> {
        Ok(tx
            .prepare_cached(
                "SELECT COUNT(*) FROM confirmations WHERE person = ? AND created_at > ?",
            )?
            .query_row(params![person, since], |r| r.get(0))?)
    }

    /// Statements recorded from this sender since `since`.
    pub async fn statements_from_since(tx: &mut Tx, sender: &str, since: &str) -> Result<i64> {
        Ok(tx
            .prepare_cached(
                "SELECT COUNT(*) FROM events WHERE actor = ? AND kind = 'recorded' AND at > ?",
            )?
            .query_row(params![sender, since], |r| r.get(0))?)
    }

    /// When the last summary to the coordinators was queued, and the last
    /// event it covered (its key names it: `summary:EVENT-ID`).
    pub async fn last_summary(&self) -> Result<Option<(String, i64)>> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT created_at, dedupe_key FROM outbox WHERE purpose = 'summary'
             ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        let Some((at, key)) = row else {
            return Ok(None);
        };
        let covered = key.strip_prefix("summary:").unwrap_or_default();
        let last = match covered.parse() {
            Ok(id) => id,
            // Keys written before they named events named the period's end.
            Err(_) => {
                sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM events WHERE at < ?")
                    .bind(covered)
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        Ok(Some((at, last)))
    }

    /// Refused and held attempts recorded after event `after` and at or after
    /// `since`, in the order they were recorded, for the summary. Events are
    /// numbered in commit order (one writer at a time), so an attempt
    /// committed late is never skipped, nor counted twice.
    pub async fn attempts_after(&self, after: i64, since: &str) -> Result<Vec<Attempt>> {
        Ok(sqlx::query_as(
            "SELECT e.id, e.at, e.kind, e.actor, s.reference, e.detail FROM events e
             LEFT JOIN statements s ON s.id = e.statement_id
             WHERE (e.kind IN ('approval_refused', 'commands_refused', 'submission_refused',
                               'confirmation_refused', 'held', 'mail_capped')
                    OR (e.kind = 'correspondence' AND e.statement_id IS NULL))
               AND e.id > ? AND e.at >= ? ORDER BY e.id",
        )
        .bind(after)
        .bind(since)
        .fetch_all(&self.pool)
        .await?)
    }
}
