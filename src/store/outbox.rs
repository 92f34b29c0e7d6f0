//! The persistent outbox. A mail is queued in the transaction that decided to
//! send it; `dedupe_key` makes a second decision to send the same mail a no-op.

use anyhow::Result;
use serde_json::json;

use super::{Store, Tx, now};
use crate::domain::{EventKind, MailPurpose};

pub struct NewMail {
    /// What makes this mail unique, e.g. `ack:42`: queuing it twice queues it once.
    pub dedupe_key: String,
    pub purpose: MailPurpose,
    pub statement_id: Option<i64>,
    pub raw_message_id: Option<i64>,
    pub message_id: String,
    /// None sends with the null reverse-path (automatic replies, RFC 3834).
    pub envelope_from: Option<String>,
    pub recipients: Vec<String>,
    pub raw: Vec<u8>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub purpose: MailPurpose,
    pub statement_id: Option<i64>,
    pub message_id: String,
    pub envelope_from: Option<String>,
    pub recipients: String,
    pub raw: Vec<u8>,
    pub attempts: i64,
}

impl OutboxRow {
    pub fn recipients(&self) -> Vec<String> {
        serde_json::from_str(&self.recipients).unwrap_or_default()
    }
}

impl Store {
    /// Queues a mail; returns its id, or None when the same mail was queued before.
    pub async fn enqueue(tx: &mut Tx, m: NewMail) -> Result<Option<i64>> {
        let at = now();
        let id = sqlx::query_scalar(
            "INSERT INTO outbox (dedupe_key, purpose, statement_id, raw_message_id, message_id, envelope_from,
                 recipients, raw, next_attempt_at, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
        )
        .bind(&m.dedupe_key)
        .bind(m.purpose)
        .bind(m.statement_id)
        .bind(m.raw_message_id)
        .bind(&m.message_id)
        .bind(&m.envelope_from)
        .bind(serde_json::to_string(&m.recipients)?)
        .bind(&m.raw)
        .bind(&at)
        .bind(&at)
        .fetch_optional(&mut **tx)
        .await?;
        Ok(id)
    }

    /// Mails whose next attempt is due, oldest first.
    pub async fn due_mail(&self, limit: i64) -> Result<Vec<OutboxRow>> {
        Ok(sqlx::query_as(
            "SELECT id, purpose, statement_id, message_id, envelope_from, recipients, raw, attempts FROM outbox
             WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
        )
        .bind(now())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Takes a queued mail for sending; false if another sender took it.
    pub async fn claim_mail(&self, id: i64) -> Result<bool> {
        let done = sqlx::query("UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'queued'")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn mark_sent(&self, row: &OutboxRow) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ?",
        )
        .bind(now())
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
        let detail =
            json!({"purpose": row.purpose, "message_id": row.message_id, "to": row.recipients()});
        Self::add_event(
            &mut tx,
            EventKind::MailSent,
            row.statement_id,
            None,
            None,
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A failed attempt: queue again at `next_at`, or quarantine when `next_at` is None.
    pub async fn mark_attempt_failed(
        &self,
        row: &OutboxRow,
        error: &str,
        next_at: Option<String>,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        match &next_at {
            Some(at) => {
                sqlx::query("UPDATE outbox SET state = 'queued', last_error = ?, next_attempt_at = ? WHERE id = ?")
                    .bind(error)
                    .bind(at)
                    .bind(row.id)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query("UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?")
                    .bind(error)
                    .bind(row.id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let kind = if next_at.is_some() {
            EventKind::MailRetry
        } else {
            EventKind::MailFailed
        };
        let detail = json!({"purpose": row.purpose, "message_id": row.message_id, "error": error,
                            "attempts": row.attempts + 1, "next_attempt_at": next_at});
        Self::add_event(&mut tx, kind, row.statement_id, None, None, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// After a crash, mails caught mid-send are queued again. The window is
    /// between the server's final reply and our commit, so a resend is rare;
    /// it carries the same Message-ID, and the event says it happened.
    pub async fn recover_interrupted_sends(&self) -> Result<u64> {
        let mut tx = self.begin().await?;
        let rows: Vec<(i64, Option<i64>, String)> = sqlx::query_as(
            "UPDATE outbox SET state = 'queued' WHERE state = 'sending' RETURNING id, statement_id, message_id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (_, statement_id, message_id) in &rows {
            Self::add_event(
                &mut tx,
                EventKind::MailSendInterrupted,
                *statement_id,
                None,
                None,
                json!({"message_id": message_id}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(rows.len() as u64)
    }

    /// The statement a notice we sent was about (not a relayed statement), by its Message-ID.
    pub async fn statement_of_notice(tx: &mut Tx, message_id: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT statement_id FROM outbox WHERE message_id = ? AND purpose != 'relay' AND statement_id IS NOT NULL",
        )
        .bind(message_id)
        .fetch_optional(&mut **tx)
        .await?)
    }

    /// Records that a statement went to `recipient` for `group` in outbox mail `outbox_id`.
    pub async fn add_delivery(
        tx: &mut Tx,
        statement_id: i64,
        group: &str,
        recipient: &str,
        outbox_id: i64,
    ) -> Result<()> {
        sqlx::query("INSERT INTO deliveries (statement_id, grp, recipient, outbox_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
            .bind(statement_id)
            .bind(group)
            .bind(recipient)
            .bind(outbox_id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Outbox rows by state, for the CLI and tests.
    pub async fn outbox_counts(&self) -> Result<Vec<(String, i64)>> {
        Ok(
            sqlx::query_as("SELECT state, COUNT(*) FROM outbox GROUP BY state ORDER BY state")
                .fetch_all(&self.pool)
                .await?,
        )
    }
}
