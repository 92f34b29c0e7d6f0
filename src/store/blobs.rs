//! Big immutable bytes, written once and addressed by their SHA-256, never
//! in a row that changes, read only when needed.
//!
//! Raw messages live in a file of their own beside the database
//! (`<database>-raw`), in SQLite's rollback-journal mode: pages appended to
//! a database are written once, where the write-ahead log writes every page
//! twice (log, then checkpoint), and raw mail is most of what liaisond
//! writes. That file has its own single writer, so a large batch of raw
//! mail never holds up the main database's writer. Its bytes are committed
//! before the rows that name them: a crash in between leaves bytes no row
//! names yet, which the next archive of the same message reuses.
//!
//! The smaller immutable bytes (outbox bodies, attachments that are not a
//! part of their archived message) are in the main database's `blobs` table,
//! written in the transaction that needs them.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rusqlite::params;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, SqlitePool};

use super::writer::{Opener, Tx, Writer};
use crate::domain::sha256_hex;

/// How long a reader or a writer of another process waits for a lock.
pub(super) const BUSY: Duration = Duration::from_secs(5);

/// The raw messages' file: its readers and its one writer.
#[derive(Clone)]
pub(super) struct RawFile {
    pool: SqlitePool,
    writer: Option<Writer>,
}

/// Where the raw messages of the database at `db` are kept.
pub fn raw_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-raw");
    PathBuf::from(name)
}

fn options(path: &Path) -> Result<SqliteConnectOptions> {
    Ok(SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .busy_timeout(BUSY))
}

impl RawFile {
    /// Opens (creating it if missing) the raw file of the database at `db`.
    pub async fn open(db: &Path) -> Result<RawFile> {
        let path = raw_path(db);
        let write = options(&path)?
            .create_if_missing(true)
            // The journal file is kept between commits: no directory changes per commit.
            .journal_mode(SqliteJournalMode::Persist)
            .synchronous(SqliteSynchronous::Full);
        let mut conn = write
            .connect()
            .await
            .with_context(|| format!("opening {}", path.display()))?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS raw (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, bytes BLOB NOT NULL)",
        )
        .execute(&mut conn)
        .await
        .with_context(|| format!("creating the table of {}", path.display()))?;
        conn.close().await?;
        let writer = Writer::spawn(Opener {
            path: path.clone(),
            busy: BUSY,
            // Most of a batch of raw mail fits the page cache: its pages go
            // to the file at commit.
            setup: "PRAGMA journal_mode = PERSIST;
                PRAGMA synchronous = FULL;
                PRAGMA cache_size = -16384;
                PRAGMA journal_size_limit = 4194304;
                PRAGMA temp_store = MEMORY",
            name: "raw messages",
        });
        Ok(RawFile {
            pool: read_pool(&path).await?,
            writer: Some(writer),
        })
    }

    /// Opens the raw file for reading only (the public web).
    pub async fn open_read_only(db: &Path) -> Result<RawFile> {
        Ok(RawFile {
            pool: read_pool(&raw_path(db)).await?,
            writer: None,
        })
    }

    /// Stores every message of a batch durably, in one commit; bytes stored
    /// before (the same message fetched again) are not written again.
    pub async fn put(&self, messages: &[(&str, &[u8])]) -> Result<()> {
        let Some(writer) = &self.writer else {
            bail!("the raw messages' file is open read-only");
        };
        let tx = writer.begin().await?;
        // Megabytes copied into pages: off the async workers.
        crate::cpu::bound(|| -> Result<()> {
            let mut insert = tx.prepare_cached(
                "INSERT INTO raw (sha256, bytes) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING",
            )?;
            for (sha256, bytes) in messages {
                insert.execute(params![sha256, bytes])?;
            }
            Ok(())
        })?;
        tx.commit().await
    }

    /// The bytes of a raw message.
    pub async fn get(&self, sha256: &str) -> Result<Vec<u8>> {
        let bytes: Option<Vec<u8>> = sqlx::query_scalar("SELECT bytes FROM raw WHERE sha256 = ?")
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await?;
        bytes
            .with_context(|| format!("raw message {sha256} is missing from the raw messages' file"))
    }

    /// The readers of the file (for copies and checks).
    pub fn readers(&self) -> SqlitePool {
        self.pool.clone()
    }
}

async fn read_pool(path: &Path) -> Result<SqlitePool> {
    Ok(SqlitePoolOptions::new()
        .max_connections(2)
        .min_connections(0)
        .connect_lazy_with(options(path)?.read_only(true)))
}

/// Puts bytes into the main database's `blobs` (if not there already);
/// returns their SHA-256.
pub(super) async fn put_blob(tx: &mut Tx, bytes: &[u8]) -> Result<String> {
    let sha256 = sha256_hex(bytes);
    put_hashed(tx, bytes, &sha256)?;
    Ok(sha256)
}

/// As `put_blob`, for bytes whose SHA-256 is known.
pub(super) fn put_hashed(tx: &mut Tx, bytes: &[u8], sha256: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO blobs (sha256, bytes) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING",
    )?
    .execute(params![sha256, bytes])?;
    Ok(())
}

/// Bytes from the main database's `blobs`.
pub(super) async fn get_blob<'e, E>(executor: E, sha256: &str) -> Result<Vec<u8>>
where
    E: sqlx::SqliteExecutor<'e>,
{
    let bytes: Option<Vec<u8>> = sqlx::query_scalar("SELECT bytes FROM blobs WHERE sha256 = ?")
        .bind(sha256)
        .fetch_optional(executor)
        .await?;
    bytes.with_context(|| format!("stored bytes {sha256} are missing"))
}
