//! Confirmations: requests by mail waiting for their sender to prove the
//! mailbox, and the counts behind the limits on what strangers can make
//! liaisond send.

use anyhow::Result;

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

impl Store {
    pub async fn insert_confirmation(tx: &mut Tx, c: NewConfirmation<'_>) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO confirmations (token_sha256, person, action, statement_id, raw_message_id, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(c.token_sha256)
        .bind(c.person)
        .bind(c.action)
        .bind(c.statement_id)
        .bind(c.raw_message_id)
        .bind(now())
        .bind(c.expires_at)
        .fetch_one(&mut **tx)
        .await?)
    }

    pub async fn confirmation_by_token(
        tx: &mut Tx,
        token_sha256: &str,
    ) -> Result<Option<ConfirmationRow>> {
        Ok(sqlx::query_as(
            "SELECT id, person, action, statement_id, raw_message_id, expires_at, used_at
             FROM confirmations WHERE token_sha256 = ?",
        )
        .bind(token_sha256)
        .fetch_optional(&mut **tx)
        .await?)
    }

    /// Spends a confirmation; false when it was spent already.
    pub async fn spend_confirmation(tx: &mut Tx, id: i64, outcome: &str) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE confirmations SET used_at = ?, outcome = ? WHERE id = ? AND used_at IS NULL",
        )
        .bind(now())
        .bind(outcome)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Confirmations mailed to this person since `since`.
    pub async fn confirmations_to_since(tx: &mut Tx, person: &str, since: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM confirmations WHERE person = ? AND created_at > ?",
        )
        .bind(person)
        .bind(since)
        .fetch_one(&mut **tx)
        .await?)
    }

    /// Statements recorded from this sender since `since`.
    pub async fn statements_from_since(tx: &mut Tx, sender: &str, since: &str) -> Result<i64> {
        tx.flush_for("events").await?;
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM events WHERE actor = ? AND kind = 'recorded' AND at > ?",
        )
        .bind(sender)
        .bind(since)
        .fetch_one(&mut **tx)
        .await?)
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
