//! The SQLite store (sqlx, WAL). It knows tables, not workflows: every SQL
//! statement of liaisond is here, behind a function named for what it does.

mod admin;
mod approvals;
mod confirmations;
mod events;
mod names;
mod outbox;
pub mod public;
mod raw;
mod statements;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, Result};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

pub use admin::{OutboxSummary, Unprocessed};
pub use approvals::ApprovalRow;
pub use confirmations::{Attempt, ConfirmationRow, NewConfirmation};
pub use events::Event;
pub use outbox::{NewMail, OutboxRow};
pub use raw::{NewRaw, RawMessage};
pub use statements::{Brief, File, Lookup, NewStatement, StatementRow};

pub type Tx = Transaction<'static, Sqlite>;

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if missing) the database and applies migrations.
    pub async fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .with_context(|| format!("opening database {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("applying migrations")?;
        Ok(Store { pool })
    }

    /// Opens an existing, migrated database on connections SQLite itself keeps
    /// from writing: for the public web, where no request may change the store.
    pub async fn open_read_only(path: &Path) -> Result<Store> {
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .read_only(true)
            .busy_timeout(Duration::from_secs(30));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .with_context(|| format!("opening database {} read-only", path.display()))?;
        Ok(Store { pool })
    }

    /// A write transaction that takes the write lock at once, so two writers
    /// wait on the busy timeout instead of failing on a lock upgrade.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Whether the database answers (for health checks).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// The connection pool, for tests that look into the tables.
    #[doc(hidden)]
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// Current time as stored: RFC 3339 UTC with milliseconds (sorts as text).
pub fn now() -> String {
    stamp(chrono::Utc::now())
}

pub fn stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{State, Statement};

    #[tokio::test]
    async fn a_state_outside_the_known_ones_is_refused_by_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let st = Statement {
            title: "LS on states".into(),
            ..Default::default()
        };
        let new = NewStatement {
            statement: &st,
            state: State::Received,
            raw_message_id: None,
            purpose_label: None,
            sent_date: None,
            attachments: &[],
            review_reasons: &[],
            provenance: serde_json::json!({}),
            format: None,
            from_organisation: None,
            to_organisation: None,
            addressees: serde_json::json!([]),
            response_to: None,
            consensus: None,
            fingerprint: None,
            forwarded_by: &[],
            doc_number: None,
            submitter: None,
        };
        let (id, _) = Store::insert_statement(&mut tx, new).await.unwrap();
        for state in State::all() {
            Store::set_state(&mut tx, id, state).await.unwrap();
            assert_eq!(Store::statement_state(&mut tx, id).await.unwrap(), state);
        }
        let bogus = sqlx::query("UPDATE statements SET state = 'published' WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await;
        assert!(bogus.is_err(), "an unknown state was stored");
        let found: Vec<i64> = sqlx::query_scalar(
            "SELECT rowid FROM statements_fts WHERE statements_fts MATCH 'states'",
        )
        .fetch_all(&mut *tx)
        .await
        .unwrap();
        assert_eq!(found, vec![id], "search still follows the rebuilt table");
    }
}
