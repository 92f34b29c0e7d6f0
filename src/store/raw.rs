//! Raw messages: the exact bytes of everything that arrived (in the raw
//! messages' file), and what became of each (here).

use anyhow::Result;
use rusqlite::{OptionalExtension, params};

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

/// An archived message with its bytes.
#[derive(Debug)]
pub struct RawMessage {
    pub id: i64,
    pub mailbox: String,
    pub message_id: Option<String>,
    pub raw: Vec<u8>,
    pub sha256: String,
    pub received_at: String,
    pub processed_at: Option<String>,
    pub kind: Option<RawKind>,
}

#[derive(sqlx::FromRow)]
struct RawRow {
    id: i64,
    mailbox: String,
    message_id: Option<String>,
    sha256: String,
    received_at: String,
    processed_at: Option<String>,
    kind: Option<RawKind>,
}

impl Store {
    /// Commits the bytes durably. Returns the row id and whether it is new;
    /// a message seen before (same mailbox and key) is not stored twice.
    pub async fn archive(&self, m: NewRaw<'_>) -> Result<(i64, bool)> {
        Ok(self.archive_batch(&[m]).await?[0])
    }

    /// Commits a batch of messages durably: their bytes in one commit of the
    /// raw messages' file, then their rows in one commit. Returns each row id
    /// and whether it is new, in the batch's order.
    pub async fn archive_batch(&self, batch: &[NewRaw<'_>]) -> Result<Vec<(i64, bool)>> {
        let hashes: Vec<String> =
            crate::cpu::bound(|| batch.iter().map(|m| sha256_hex(m.bytes)).collect());
        let bytes: Vec<(&str, &[u8])> = hashes
            .iter()
            .zip(batch)
            .map(|(h, m)| (h.as_str(), m.bytes))
            .collect();
        self.raw.put(&bytes).await?;
        // Ahead of the filing of the batch before: the messages are safe
        // sooner, and read while that batch is filed.
        let mut tx = self.begin_urgent().await?;
        let mut out = Vec::with_capacity(batch.len());
        for (m, sha256) in batch.iter().zip(&hashes) {
            out.push(Self::insert_raw(&mut tx, m, sha256).await?);
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn insert_raw(tx: &mut Tx, m: &NewRaw<'_>, sha256: &str) -> Result<(i64, bool)> {
        let inserted: Option<i64> = tx
            .prepare_cached(
                "INSERT INTO raw_messages (mailbox, source_key, uidvalidity, uid, message_id, sha256, size, received_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (mailbox, source_key) DO NOTHING RETURNING id",
            )?
            .query_row(
                params![
                    m.mailbox,
                    &m.source_key,
                    m.uidvalidity,
                    m.uid,
                    &m.message_id,
                    sha256,
                    m.bytes.len() as i64,
                    now(),
                ],
                |r| r.get(0),
            )
            .optional()?;
        Ok(match inserted {
            Some(id) => (id, true),
            None => {
                let id = tx
                    .prepare_cached(
                        "SELECT id FROM raw_messages WHERE mailbox = ? AND source_key = ?",
                    )?
                    .query_row(params![m.mailbox, &m.source_key], |r| r.get(0))?;
                (id, false)
            }
        })
    }

    /// An archived message with its bytes (read from the raw messages' file).
    pub async fn raw_message(&self, id: i64) -> Result<RawMessage> {
        let r: RawRow = sqlx::query_as(
            "SELECT id, mailbox, message_id, sha256, received_at, processed_at, kind FROM raw_messages WHERE id = ?",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        Ok(RawMessage {
            raw: self.raw.get(&r.sha256).await?,
            sha256: r.sha256,
            id: r.id,
            mailbox: r.mailbox,
            message_id: r.message_id,
            received_at: r.received_at,
            processed_at: r.processed_at,
            kind: r.kind,
        })
    }

    /// The bytes of the archived message with this SHA-256.
    pub async fn raw_bytes(&self, sha256: &str) -> Result<Vec<u8>> {
        self.raw.get(sha256).await
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
        let at: Option<String> = tx
            .prepare_cached("SELECT processed_at FROM raw_messages WHERE id = ?")?
            .query_row([id], |r| r.get(0))?;
        Ok(at.is_some())
    }

    /// Marks processing done inside the transaction that did the work.
    pub async fn mark_processed(tx: &mut Tx, id: i64, kind: RawKind) -> Result<()> {
        tx.prepare_cached(
            "UPDATE raw_messages SET processed_at = ?, kind = ?, process_error = NULL, retry_at = NULL WHERE id = ?",
        )?
        .execute(params![now(), kind, id])?;
        Ok(())
    }

    /// Records why processing failed and when to try again; the message stays
    /// unprocessed. Returns how many attempts have failed.
    pub async fn processing_failed(&self, id: i64, error: &str, retry_at: &str) -> Result<i64> {
        let tx = self.begin().await?;
        let attempts = tx
            .prepare_cached(
                "UPDATE raw_messages SET process_error = ?, attempts = attempts + 1, retry_at = ?
                 WHERE id = ? AND processed_at IS NULL RETURNING attempts",
            )?
            .query_row(params![error, retry_at, id], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        tx.commit().await?;
        Ok(attempts)
    }

    /// How many times processing of a message has failed so far.
    pub async fn failed_attempts(&self, id: i64) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT attempts FROM raw_messages WHERE id = ?")
                .bind(id)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Messages whose processing failed and is due again, and when the next
    /// one after them is due.
    pub async fn due_retries(&self) -> Result<(Vec<i64>, Option<String>)> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, retry_at FROM raw_messages WHERE processed_at IS NULL AND retry_at IS NOT NULL ORDER BY retry_at",
        )
        .fetch_all(&self.pool)
        .await?;
        let at = now();
        let (due, later): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, r)| *r <= at);
        Ok((
            due.into_iter().map(|(id, _)| id).collect(),
            later.into_iter().next().map(|(_, r)| r),
        ))
    }

    /// Messages whose processing failed and is not done yet: (id, mailbox,
    /// attempts, error, next try), for reports.
    pub async fn failed_messages(&self) -> Result<Vec<(i64, String, i64, String, Option<String>)>> {
        Ok(sqlx::query_as(
            "SELECT id, mailbox, attempts, process_error, retry_at FROM raw_messages
             WHERE processed_at IS NULL AND process_error IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?)
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
        // Ahead of waiting filings: the next batch is fetched only after it.
        let tx = self.begin_urgent().await?;
        tx.prepare_cached(
            "INSERT INTO mailbox_state (mailbox, uidvalidity, last_uid, last_sync_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity,
                 last_uid = excluded.last_uid, last_sync_at = excluded.last_sync_at",
        )?
        .execute(params![mailbox, uidvalidity, last_uid, now()])?;
        tx.commit().await
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
