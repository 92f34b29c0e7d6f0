//! Raw messages: the exact bytes of everything that arrived.

use anyhow::Result;

use super::{Store, Tx, now};
use crate::domain::{RawKind, sha256_hex};

pub struct NewRaw<'a> {
    pub mailbox: &'a str,
    /// Identifies the message within its mailbox: imap:UIDVALIDITY:UID, maildir:NAME, file:SHA256.
    pub source_key: String,
    pub uidvalidity: Option<u32>,
    pub uid: Option<u32>,
    pub message_id: Option<String>,
    pub bytes: &'a [u8],
}

#[derive(Debug, sqlx::FromRow)]
pub struct RawMessage {
    pub id: i64,
    pub mailbox: String,
    pub message_id: Option<String>,
    pub raw: Vec<u8>,
    pub received_at: String,
    pub processed_at: Option<String>,
    pub kind: Option<RawKind>,
}

impl Store {
    /// Commits the bytes durably. Returns the row id and whether it is new;
    /// a message seen before (same mailbox and key) is not stored twice.
    pub async fn archive(&self, m: NewRaw<'_>) -> Result<(i64, bool)> {
        let mut tx = self.begin().await?;
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO raw_messages (mailbox, source_key, uidvalidity, uid, message_id, sha256, size, raw, received_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (mailbox, source_key) DO NOTHING RETURNING id",
        )
        .bind(m.mailbox)
        .bind(&m.source_key)
        .bind(m.uidvalidity.map(i64::from))
        .bind(m.uid.map(i64::from))
        .bind(&m.message_id)
        .bind(sha256_hex(m.bytes))
        .bind(m.bytes.len() as i64)
        .bind(m.bytes)
        .bind(now())
        .fetch_optional(&mut *tx)
        .await?;
        let result = match inserted {
            Some(id) => (id, true),
            None => {
                let id = sqlx::query_scalar(
                    "SELECT id FROM raw_messages WHERE mailbox = ? AND source_key = ?",
                )
                .bind(m.mailbox)
                .bind(&m.source_key)
                .fetch_one(&mut *tx)
                .await?;
                (id, false)
            }
        };
        tx.commit().await?;
        Ok(result)
    }

    pub async fn raw_message(&self, id: i64) -> Result<RawMessage> {
        Ok(sqlx::query_as(
            "SELECT id, mailbox, message_id, raw, received_at, processed_at, kind FROM raw_messages WHERE id = ?",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Archived messages whose processing has not completed (after a crash, say).
    pub async fn unprocessed(&self) -> Result<Vec<i64>> {
        Ok(
            sqlx::query_scalar(
                "SELECT id FROM raw_messages WHERE processed_at IS NULL ORDER BY id",
            )
            .fetch_all(&self.pool)
            .await?,
        )
    }

    /// Whether the message was processed (checked inside the write transaction,
    /// as another task may have finished it meanwhile).
    pub async fn is_processed(tx: &mut Tx, id: i64) -> Result<bool> {
        let at: Option<String> =
            sqlx::query_scalar("SELECT processed_at FROM raw_messages WHERE id = ?")
                .bind(id)
                .fetch_one(&mut **tx)
                .await?;
        Ok(at.is_some())
    }

    /// Marks processing done inside the transaction that did the work.
    pub async fn mark_processed(tx: &mut Tx, id: i64, kind: RawKind) -> Result<()> {
        sqlx::query(
            "UPDATE raw_messages SET processed_at = ?, kind = ?, process_error = NULL WHERE id = ?",
        )
        .bind(now())
        .bind(kind)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Records why processing failed; the message stays unprocessed and is retried at start.
    pub async fn mark_process_error(&self, id: i64, error: &str) -> Result<()> {
        sqlx::query("UPDATE raw_messages SET process_error = ? WHERE id = ?")
            .bind(error)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn mailbox_state(&self, mailbox: &str) -> Result<Option<(u32, u32)>> {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT uidvalidity, last_uid FROM mailbox_state WHERE mailbox = ?")
                .bind(mailbox)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(v, u)| (v as u32, u as u32)))
    }

    pub async fn set_mailbox_state(
        &self,
        mailbox: &str,
        uidvalidity: u32,
        last_uid: u32,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO mailbox_state (mailbox, uidvalidity, last_uid, last_sync_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity,
                 last_uid = excluded.last_uid, last_sync_at = excluded.last_sync_at",
        )
        .bind(mailbox)
        .bind(i64::from(uidvalidity))
        .bind(i64::from(last_uid))
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

impl Store {
    /// The statement a message was recorded as, or recorded again as.
    pub async fn reference_of_raw(&self, raw_id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT s.reference FROM statements s WHERE s.raw_message_id = ?
             UNION ALL SELECT s.reference FROM events e JOIN statements s ON s.id = e.statement_id
             WHERE e.raw_message_id = ? AND e.kind = 'received_again' LIMIT 1",
        )
        .bind(raw_id)
        .bind(raw_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// What was wrong with a refused submission, as its event says.
    pub async fn submission_problems(&self, raw_id: i64) -> Result<Option<Vec<String>>> {
        let detail: Option<String> = sqlx::query_scalar(
            "SELECT detail FROM events WHERE raw_message_id = ? AND kind = 'submission_refused'",
        )
        .bind(raw_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(detail.map(|d| {
            let v: serde_json::Value = serde_json::from_str(&d).unwrap_or_default();
            v["problems"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect()
        }))
    }
}
