//! What the operator's side asks of the store: counts for the metrics, the
//! readiness write, failed messages to reprocess, the review queue, and a
//! consistent copy of the whole database.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use rusqlite::params;

use super::statements::COLUMNS;
use super::{StatementRow, Store, Tx, now};

/// An archived message whose processing has not completed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Unprocessed {
    pub id: i64,
    pub mailbox: String,
    pub message_id: Option<String>,
    pub received_at: String,
    /// Why it failed the last time, if it was tried.
    pub process_error: Option<String>,
}

/// The outbox at a glance: mails by state, and when the oldest unsent one was queued.
#[derive(Debug, Clone, Default)]
pub struct OutboxSummary {
    pub by_state: Vec<(String, i64)>,
    pub oldest_unsent: Option<String>,
}

impl Store {
    /// Statements by (direction, state).
    pub async fn statement_counts(&self) -> Result<Vec<(String, String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT direction, state, COUNT(*) FROM statements GROUP BY direction, state",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn outbox_summary(&self) -> Result<OutboxSummary> {
        let oldest_unsent = sqlx::query_scalar(
            "SELECT MIN(created_at) FROM outbox WHERE state IN ('queued', 'sending')",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(OutboxSummary {
            by_state: self.outbox_counts().await?,
            oldest_unsent,
        })
    }

    /// Writes one row in a transaction of its own: fails when the database
    /// cannot be written (read-only file, full disk, a lock held too long).
    pub async fn write_check(&self) -> Result<()> {
        let tx = self.begin().await?;
        tx.prepare_cached(
            "INSERT INTO health (id, written_at) VALUES (1, ?)
             ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at",
        )?
        .execute(params![now()])?;
        tx.commit().await?;
        Ok(())
    }

    /// Archived messages not processed yet, oldest first, with why they failed.
    pub async fn unprocessed_messages(&self) -> Result<Vec<Unprocessed>> {
        Ok(sqlx::query_as(
            "SELECT id, mailbox, message_id, received_at, process_error FROM raw_messages
             WHERE processed_at IS NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The mailbox an archived message came from.
    pub async fn mailbox_of_raw(&self, raw_id: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT mailbox FROM raw_messages WHERE id = ?")
                .bind(raw_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Statements marked for review, oldest first: the coordinators' queue.
    pub async fn review_queue(&self) -> Result<Vec<StatementRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM statements WHERE needs_review = 1 ORDER BY received_at, id"
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?)
    }

    /// Copies the whole database into `target`, and its raw messages into
    /// `raw_path(target)` (both must not exist or be empty), each as one read
    /// transaction: a consistent snapshot while writers go on. The raw
    /// messages are copied second: their bytes are committed before the rows
    /// that name them, so every message the copy names is in its raw copy.
    pub async fn backup_into(&self, target: &Path) -> Result<()> {
        vacuum_into(&self.pool, target).await?;
        vacuum_into(&self.raw.readers(), &super::raw_path(target)).await
    }

    /// SQLite's own check of a database file's structure; "ok" when sound.
    /// (Of the database and of its raw messages' file.)
    pub async fn integrity(&self) -> Result<String> {
        let mut rows: Vec<String> = Vec::new();
        for pool in [&self.pool, &self.raw.readers()] {
            let said: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_all(pool)
                .await?;
            rows.extend(said.into_iter().filter(|r| r != "ok"));
        }
        Ok(if rows.is_empty() {
            "ok".into()
        } else {
            rows.join("; ")
        })
    }

    /// How many statements and archived messages the database holds.
    pub async fn totals(&self) -> Result<(i64, i64)> {
        Ok(sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM statements), (SELECT COUNT(*) FROM raw_messages)",
        )
        .fetch_one(&self.pool)
        .await?)
    }
}

impl Store {
    /// The archived message a statement was filed from, and whether it came forwarded.
    pub async fn statement_message(&self, statement_id: i64) -> Result<Option<(Vec<u8>, bool)>> {
        let found: Option<(String, bool)> = sqlx::query_as(
            "SELECT r.sha256, s.forwarded_by != '[]' FROM statements s
             JOIN raw_messages r ON r.id = s.raw_message_id WHERE s.id = ?",
        )
        .bind(statement_id)
        .fetch_optional(&self.pool)
        .await?;
        match found {
            Some((sha256, forwarded)) => Ok(Some((self.raw_bytes(&sha256).await?, forwarded))),
            None => Ok(None),
        }
    }

    /// The fields people corrected by mail (the `field` of each `corrected` or `redirected` event).
    pub async fn corrected_fields(&self, statement_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT json_extract(detail, '$.field') FROM events
             WHERE statement_id = ? AND kind IN ('corrected', 'redirected')
               AND json_extract(detail, '$.field') IS NOT NULL AND actor IS NOT 're-extract'",
        )
        .bind(statement_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Sets one field that extraction fills to `value` (as `re-extract` shows it).
    pub async fn set_extracted_field(
        tx: &mut Tx,
        id: i64,
        field: &str,
        value: &Value,
    ) -> Result<()> {
        let column = match field {
            "title" | "from_groups" | "from_contacts" | "reply_to" | "to_groups"
            | "to_contacts" | "send_to" | "purpose" | "deadline" | "review_reasons" => field,
            other => bail!("{other} is not a field extraction fills"),
        };
        let text: Option<String> = match value {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        };
        let sql = format!("UPDATE statements SET {column} = ?, updated_at = ? WHERE id = ?");
        tx.prepare_cached(&sql)?
            .execute(params![&text, now(), id])?;
        if column == "review_reasons" {
            let needs = value.as_array().is_some_and(|a| !a.is_empty());
            tx.prepare_cached("UPDATE statements SET needs_review = ? WHERE id = ?")?
                .execute(params![needs, id])?;
        }
        Ok(())
    }

    /// Closes the connections (a backup copy is renamed only once it is closed).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// SQLite's `VACUUM INTO`: a compact, consistent copy of the file `pool` reads.
async fn vacuum_into(pool: &sqlx::SqlitePool, target: &Path) -> Result<()> {
    let name = target
        .to_str()
        .context("the backup path is not valid UTF-8")?;
    sqlx::query("VACUUM INTO ?")
        .bind(name)
        .execute(pool)
        .await
        .with_context(|| format!("copying into {}", target.display()))?;
    Ok(())
}
