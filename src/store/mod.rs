//! The SQLite store (WAL). It knows tables, not workflows: every SQL
//! statement of liaisond is here, behind a function named for what it does.
//!
//! One writer per database file (`writer`): every write goes through one
//! task and its one connection (rusqlite, driven on the thread of the work
//! that holds it), in group commits; reads go to a pool of read-only
//! connections (sqlx), and migrations are sqlx's. Big immutable bytes are written once, addressed
//! by SHA-256, never in a row that changes (`blobs`): raw messages in a file
//! of their own beside the database, the rest in the `blobs` table.

mod admin;
mod approvals;
mod blobs;
mod confirmations;
mod events;
mod handover;
mod names;
mod outbox;
pub mod public;
mod raw;
mod statements;
mod writer;

use std::path::Path;
use std::str::FromStr;

use anyhow::{Context, Result, anyhow};
use rusqlite::params;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, SqlitePool};

pub use admin::{OutboxSummary, Unprocessed};
pub use approvals::ApprovalRow;
pub use blobs::raw_path;
pub use confirmations::{Attempt, ConfirmationRow, NewConfirmation};
pub use events::Event;
pub use outbox::{MailState, NewMail, OutboxEntry, OutboxRow, Splice};
pub use raw::{NewRaw, RawMessage};
pub use statements::{Brief, Lookup, NewStatement, StatementRow};
pub use writer::{Durable, Tx};

use blobs::{BUSY, RawFile};
use writer::{Opener, Writer};

#[derive(Clone)]
pub struct Store {
    /// Read-only connections to the main database.
    pool: SqlitePool,
    /// The main database's one writer; None when opened read-only.
    writer: Option<Writer>,
    raw: RawFile,
    handover: handover::Handover,
}

fn main_options(path: &Path) -> Result<SqliteConnectOptions> {
    Ok(SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .busy_timeout(BUSY))
}

fn readers(path: &Path) -> Result<SqlitePool> {
    Ok(SqlitePoolOptions::new()
        .max_connections(4)
        .min_connections(0)
        .connect_lazy_with(main_options(path)?.read_only(true)))
}

impl Store {
    /// Opens (creating if missing) the database and its raw messages' file,
    /// applies migrations, and starts the writers.
    pub async fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let options = main_options(path)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true);
        let mut conn = options
            .connect()
            .await
            .with_context(|| format!("opening database {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&mut conn)
            .await
            .with_context(|| format!("applying migrations to {}", path.display()))?;
        conn.close().await?;
        let writer = Writer::spawn(Opener {
            path: path.to_path_buf(),
            busy: BUSY,
            // Pages changed again and again between checkpoints (the ends
            // of tables and indexes) reach the database file once.
            // Each piece of a group's work is a savepoint: the pages it
            // changes are copied aside first, in memory rather than to a
            // temporary file (a system call per page).
            setup: "PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                PRAGMA foreign_keys = ON;
                PRAGMA wal_autocheckpoint = 10000;
                PRAGMA temp_store = MEMORY",
            name: "main",
        });
        let store = Store {
            pool: readers(path)?,
            writer: Some(writer),
            raw: RawFile::open(path).await?,
            handover: handover::Handover::new(path),
        };
        store.import_legacy_bytes().await?;
        Ok(store)
    }

    /// Opens an existing, migrated database on connections SQLite itself keeps
    /// from writing: for the public web, where no request may change the store.
    pub async fn open_read_only(path: &Path) -> Result<Store> {
        let store = Store {
            pool: readers(path)?,
            writer: None,
            raw: RawFile::open_read_only(path).await?,
            handover: handover::Handover::new(path),
        };
        store
            .ping()
            .await
            .with_context(|| format!("opening database {} read-only", path.display()))?;
        Ok(store)
    }

    fn writer(&self) -> Result<&Writer> {
        self.writer
            .as_ref()
            .ok_or_else(|| anyhow!("the database is open read-only"))
    }

    /// A write: the writer's connection, inside its group transaction.
    /// `commit` returns once the write is durable; dropping it rolls it back.
    pub async fn begin(&self) -> Result<Tx> {
        self.writer()?.begin().await
    }

    /// A write whose place in the writer's queue is taken now; the future
    /// waits for its turn. Writes queued one after the other are served in
    /// that order, and share a commit when they come close together.
    pub fn queue_write(&self) -> Result<impl Future<Output = Result<Tx>> + Send + use<>> {
        self.writer()?.queue()
    }

    /// A write served before any waiting one, and committed right after.
    async fn begin_urgent(&self) -> Result<Tx> {
        self.writer()?.begin_urgent().await
    }

    /// Whether the database answers (for health checks).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// The read-only connection pool, for tests that look into the tables.
    #[doc(hidden)]
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Moves bytes a database from before the raw messages' file still holds
    /// (migration 0009) to where they now belong. Nothing to do on later starts.
    async fn import_legacy_bytes(&self) -> Result<()> {
        loop {
            let rows: Vec<(String, Vec<u8>)> =
                sqlx::query_as("SELECT sha256, bytes FROM raw_import LIMIT 64")
                    .fetch_all(&self.pool)
                    .await?;
            if rows.is_empty() {
                break;
            }
            let batch: Vec<(&str, &[u8])> = rows
                .iter()
                .map(|(s, b)| (s.as_str(), b.as_slice()))
                .collect();
            self.raw.put(&batch).await?;
            let tx = self.begin().await?;
            for (sha256, _) in &rows {
                tx.prepare_cached("DELETE FROM raw_import WHERE sha256 = ?")?
                    .execute(params![sha256])?;
            }
            tx.commit().await?;
        }
        loop {
            let rows: Vec<(i64, Vec<u8>)> =
                sqlx::query_as("SELECT outbox_id, bytes FROM outbox_import LIMIT 64")
                    .fetch_all(&self.pool)
                    .await?;
            if rows.is_empty() {
                return Ok(());
            }
            let mut tx = self.begin().await?;
            for (id, bytes) in &rows {
                let sha256 = blobs::put_blob(&mut tx, bytes).await?;
                tx.prepare_cached("UPDATE outbox SET body = ? WHERE id = ?")?
                    .execute(params![&sha256, id])?;
                tx.prepare_cached("DELETE FROM outbox_import WHERE outbox_id = ?")?
                    .execute(params![id])?;
            }
            tx.commit().await?;
        }
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
    use std::sync::Arc;

    use super::*;
    use crate::domain::{
        Attachment, AttachmentInfo, MailPurpose, Span, State, Statement, TransferEncoding,
        sha256_hex,
    };

    fn new_statement<'a>(
        st: &'a Statement,
        attachments: &'a [Attachment],
        raw_message_id: Option<i64>,
    ) -> NewStatement<'a> {
        NewStatement {
            statement: st,
            state: State::Received,
            raw_message_id,
            purpose_label: None,
            sent_date: None,
            attachments,
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
        }
    }

    #[tokio::test]
    async fn a_state_outside_the_known_ones_is_refused_by_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let st = Statement {
            title: "LS on states".into(),
            ..Default::default()
        };
        let new = new_statement(&st, &[], None);
        let (id, _) = Store::insert_statement(&mut tx, new).await.unwrap();
        for state in State::all() {
            Store::set_state(&mut tx, id, state).await.unwrap();
            assert_eq!(Store::statement_state(&mut tx, id).await.unwrap(), state);
        }
        let bogus = tx.execute(
            "UPDATE statements SET state = 'published' WHERE id = ?",
            [id],
        );
        assert!(bogus.is_err(), "an unknown state was stored");
        let found: Vec<i64> = tx
            .prepare("SELECT rowid FROM statements_fts WHERE statements_fts MATCH 'states'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(found, vec![id], "search still follows the rebuilt table");
    }

    /// A count of mail to an address sees the mail queued earlier in the
    /// same piece of work (an answer cap must not be passed within one
    /// piece), and a queued mail's bytes and recipients are kept.
    #[tokio::test]
    async fn mail_queued_in_a_piece_is_counted_in_it_and_kept_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).await.unwrap();
        let mail = |key: &str| NewMail {
            dedupe_key: key.into(),
            purpose: MailPurpose::Ack,
            statement_id: None,
            raw_message_id: None,
            message_id: format!("{key}@example"),
            envelope_from: None,
            recipients: vec!["Officer@SDO.example".into()],
            raw: format!("Subject: {key}\r\n\r\nbody\r\n").into_bytes(),
            splices: Vec::new(),
        };
        let count = async |tx: &mut Tx| {
            Store::mail_to_since(tx, "officer@sdo.example", &[MailPurpose::Ack], "2000", 10)
                .await
                .unwrap()
        };
        let mut tx = store.begin().await.unwrap();
        Store::enqueue(&mut tx, mail("a")).await.unwrap().unwrap();
        assert_eq!(count(&mut tx).await, 1, "counted in the same piece");
        Store::enqueue(&mut tx, mail("b")).await.unwrap().unwrap();
        assert_eq!(count(&mut tx).await, 2);
        tx.commit().await.unwrap();

        let rows = store.claim_due(10).await.unwrap();
        assert_eq!(rows.len(), 2);
        for row in &rows {
            let body = store.mail_body(row).await.unwrap();
            assert!(body.starts_with(b"Subject: "), "the bytes were kept");
        }
        let mut tx = store.begin().await.unwrap();
        assert_eq!(count(&mut tx).await, 2, "and the recipients");
    }

    /// Looking for the same statement reads two index entries, whatever the
    /// number of statements stored, not every incoming statement in turn.
    #[tokio::test]
    async fn the_same_statement_is_looked_up_by_its_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).await.unwrap();
        let plan: Vec<String> = sqlx::query_as::<_, (i64, i64, i64, String)>(sqlx::AssertSqlSafe(
            format!("EXPLAIN QUERY PLAN {}", statements::SAME_STATEMENT),
        ))
        .bind("<m@x>")
        .bind("fp")
        .fetch_all(store.pool())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.3)
        .collect();
        let searches: Vec<&String> = plan.iter().filter(|d| d.starts_with("SEARCH")).collect();
        assert_eq!(searches.len(), 2, "{plan:?}");
        assert!(
            searches[0].contains("statements_message_id")
                && searches[1].contains("statements_fingerprint"),
            "{plan:?}"
        );
    }

    /// The writer opens its own connection: it must be set up as the
    /// schema and durability expect.
    #[tokio::test]
    async fn the_writers_connection_checks_keys_syncs_fully_and_waits_for_locks() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).await.unwrap();
        let tx = store.begin().await.unwrap();
        let pragma = |name: &str| -> String {
            let v: rusqlite::types::Value = tx
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .unwrap();
            match v {
                rusqlite::types::Value::Integer(n) => n.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            }
        };
        assert_eq!(pragma("foreign_keys"), "1", "foreign keys are checked");
        assert_eq!(pragma("synchronous"), "2", "synchronous = FULL");
        assert_eq!(pragma("journal_mode"), "wal");
        assert_eq!(pragma("busy_timeout"), BUSY.as_millis().to_string());
        // A savepoint's copies of the pages it changes stay in memory.
        assert_eq!(pragma("temp_store"), "2", "temp_store = MEMORY");
        let orphan = tx.execute(
            "INSERT INTO attachments (statement_id, position, name, media_type, size, sha256)
             VALUES (999, 0, 'a', 'b', 1, 'c')",
            [],
        );
        assert!(orphan.is_err(), "an attachment of no statement was kept");
    }

    #[tokio::test]
    async fn an_attachment_is_kept_as_a_part_of_its_archived_message_not_copied() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).await.unwrap();
        let raw = b"Subject: x\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAw==\r\n".to_vec();
        let start = raw.windows(8).position(|w| w == b"AAECAw==").unwrap() as u32;
        let (raw_id, _) = store
            .archive(NewRaw {
                mailbox: "m",
                source_key: "k".into(),
                uidvalidity: None,
                uid: None,
                message_id: None,
                bytes: &raw,
            })
            .await
            .unwrap();
        let content = vec![0u8, 1, 2, 3];
        let sha = sha256_hex(&content);
        let attachment = [Attachment {
            info: AttachmentInfo {
                name: "a.bin".into(),
                media_type: "application/octet-stream".into(),
                size: 4,
                sha256: sha.clone(),
            },
            content: content.clone(),
            text: None,
            span: Some(Span {
                start,
                end: start + 8,
                encoding: TransferEncoding::Base64,
            }),
        }];
        let st = Statement::default();
        let blobs = || async {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM blobs")
                .fetch_one(store.pool())
                .await
                .unwrap()
        };

        let mut tx = store.begin().await.unwrap();
        tx.hold(raw_id, Arc::from(raw.clone()));
        let (part, _) =
            Store::insert_statement(&mut tx, new_statement(&st, &attachment, Some(raw_id)))
                .await
                .unwrap();
        let (row, infos) = Store::statement_with_attachments(&mut tx, part)
            .await
            .unwrap();
        assert_eq!(row.id, part);
        assert_eq!(infos, vec![attachment[0].info.clone()]);
        tx.commit().await.unwrap();
        assert_eq!(blobs().await, 0, "no second copy");
        assert_eq!(
            store.attachment_contents(part).await.unwrap(),
            vec![(sha.clone(), content.clone())]
        );

        // Without the message at hand, the span cannot be checked: the bytes are copied.
        let mut tx = store.begin().await.unwrap();
        let (copy, _) =
            Store::insert_statement(&mut tx, new_statement(&st, &attachment, Some(raw_id)))
                .await
                .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(blobs().await, 1);
        assert_eq!(
            store.attachment_contents(copy).await.unwrap(),
            vec![(sha, content)]
        );
    }
}
