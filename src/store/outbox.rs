//! The persistent outbox. A mail is queued in the transaction that decided to
//! send it; `dedupe_key` makes a second decision to send the same mail a no-op.
//! Its bytes are in `blobs`, written once; a mail that carries a statement's
//! attachments is stored without them (`splices` says where they go back).

use anyhow::{Context, Result};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Store, Tx, blobs, now};
use crate::domain::{EventKind, MailPurpose, sha256_hex};

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
    /// The mail as stored: whole, or without the attachments in `splices`.
    pub raw: Vec<u8>,
    pub splices: Vec<Splice>,
}

/// An attachment of the mail's statement, cut out of the stored bytes: its
/// base64 goes back at byte `at` when the mail is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Splice {
    pub at: usize,
    pub sha256: String,
}

/// A mail being sent (claimed).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub purpose: MailPurpose,
    pub statement_id: Option<i64>,
    pub message_id: String,
    pub envelope_from: Option<String>,
    pub recipients: String,
    pub body: String,
    pub splices: String,
    pub attempts: i64,
}

impl OutboxRow {
    pub fn recipients(&self) -> Vec<String> {
        serde_json::from_str(&self.recipients).unwrap_or_default()
    }

    pub fn splices(&self) -> Vec<Splice> {
        serde_json::from_str(&self.splices).unwrap_or_default()
    }

    /// The row as the writer's connection reads it, columns in `ROW` order.
    fn direct(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxRow> {
        Ok(OutboxRow {
            id: r.get(0)?,
            purpose: r.get(1)?,
            statement_id: r.get(2)?,
            message_id: r.get(3)?,
            envelope_from: r.get(4)?,
            recipients: r.get(5)?,
            body: r.get(6)?,
            splices: r.get(7)?,
            attempts: r.get(8)?,
        })
    }
}

/// Where a mail stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::AsRefStr, strum::Display)]
#[strum(serialize_all = "snake_case")]
pub enum MailState {
    Queued,
    Sending,
    Sent,
    /// Quarantined: refused permanently, or failed too often.
    Failed,
    Cancelled,
}

impl sqlx::Type<sqlx::Sqlite> for MailState {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <&str as sqlx::Type<sqlx::Sqlite>>::type_info()
    }
    fn compatible(ty: &sqlx::sqlite::SqliteTypeInfo) -> bool {
        <&str as sqlx::Type<sqlx::Sqlite>>::compatible(ty)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Sqlite> for MailState {
    fn decode(value: sqlx::sqlite::SqliteValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let s = <&str as sqlx::Decode<sqlx::Sqlite>>::decode(value)?;
        Ok(s.parse()?)
    }
}

impl rusqlite::types::FromSql for MailState {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
    }
}

/// A mail in the outbox as `liaisond outbox` shows it.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct OutboxEntry {
    pub id: i64,
    pub purpose: MailPurpose,
    #[serde(serialize_with = "as_str")]
    pub state: MailState,
    pub reference: Option<String>,
    pub message_id: String,
    pub recipients: String,
    pub attempts: i64,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// False: taken as sent after a crash, the server's answer never read.
    pub confirmed: bool,
}

fn as_str<S: serde::Serializer>(v: &MailState, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.as_ref())
}

const ENTRY: &str = "SELECT o.id, o.purpose, o.state, s.reference, o.message_id, o.recipients, o.attempts,
    o.next_attempt_at, o.last_error, o.created_at, o.sent_at, o.confirmed FROM outbox o LEFT JOIN statements s ON s.id = o.statement_id";

const ROW: &str =
    "id, purpose, statement_id, message_id, envelope_from, recipients, body, splices, attempts";

impl Store {
    /// Queues a mail; returns its id, or None when the same mail was queued before.
    pub async fn enqueue(tx: &mut Tx, m: NewMail) -> Result<Option<i64>> {
        let at = now();
        let body = sha256_hex(&m.raw);
        let id: Option<i64> = tx
            .prepare_cached(
                "INSERT INTO outbox (dedupe_key, purpose, statement_id, raw_message_id, message_id, envelope_from,
                     recipients, body, splices, next_attempt_at, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
            )?
            .query_row(
                params![
                    &m.dedupe_key,
                    m.purpose,
                    m.statement_id,
                    m.raw_message_id,
                    &m.message_id,
                    &m.envelope_from,
                    serde_json::to_string(&m.recipients)?,
                    &body,
                    serde_json::to_string(&m.splices)?,
                    &at,
                    &at,
                ],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = id else {
            return Ok(None);
        };
        blobs::put_hashed(tx, &m.raw, &body)?;
        let mut to = tx.prepare_cached(
            "INSERT INTO mail_to (recipient, purpose, at, outbox_id) VALUES (lower(?), ?, ?, ?)",
        )?;
        for r in &m.recipients {
            to.execute(params![r, m.purpose, &at, id])?;
        }
        Ok(Some(id))
    }

    /// Takes up to `limit` mails whose next attempt is due, oldest first, for
    /// sending: one commit for all of them.
    pub async fn claim_due(&self, limit: i64) -> Result<Vec<OutboxRow>> {
        let tx = self.begin().await?;
        let sql = format!(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id IN
                 (SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?)
             RETURNING {ROW}"
        );
        let mut rows: Vec<OutboxRow> = tx
            .prepare_cached(&sql)?
            .query_map(params![now(), limit], OutboxRow::direct)?
            .collect::<rusqlite::Result<_>>()?;
        tx.commit().await?;
        // Attempts as they were before this one.
        for r in &mut rows {
            r.attempts -= 1;
        }
        rows.sort_by_key(|r| r.id);
        Ok(rows)
    }

    /// The stored bytes of a mail (without the attachments in its splices).
    pub async fn mail_body(&self, row: &OutboxRow) -> Result<Vec<u8>> {
        blobs::get_blob(&self.pool, &row.body)
            .await
            .with_context(|| format!("the body of outbox mail {}", row.id))
    }

    /// The server accepted the mail: marked sent in a commit of its own,
    /// ahead of any other write.
    pub async fn mark_sent(&self, row: &OutboxRow) -> Result<()> {
        let mut tx = self.begin_urgent().await?;
        tx.prepare_cached(
            "UPDATE outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ?",
        )?
        .execute(params![now(), row.id])?;
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
        tx.commit().await
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
                tx.prepare_cached(
                    "UPDATE outbox SET state = 'queued', last_error = ?, next_attempt_at = ? WHERE id = ?",
                )?
                .execute(params![error, at, row.id])?;
            }
            None => {
                tx.prepare_cached(
                    "UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?",
                )?
                .execute(params![error, row.id])?;
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
        tx.commit().await
    }

    /// Notes, the instant its final dot has left, that attempt `attempt` of
    /// mail `id` handed the whole mail to the server (see `handover`).
    pub fn handed_over(&self, id: i64, attempt: i64) -> Result<()> {
        self.handover.note(id, attempt)
    }

    /// Starts the notes of handed-over mail again when they have grown;
    /// only while no mail is being sent.
    pub fn forget_handovers(&self) -> Result<()> {
        if self.handover.is_large() {
            self.handover.reset()?;
        }
        Ok(())
    }

    /// After a crash, the mails caught mid-send: one that had been handed
    /// over whole is taken as sent, unconfirmed (sending it again would
    /// deliver it twice); the others never reached the end of their data and
    /// are queued again. Returns (queued again, taken as sent).
    pub async fn recover_interrupted_sends(&self) -> Result<(u64, u64)> {
        let handed = self.handover.noted()?;
        let mut tx = self.begin().await?;
        let caught: Vec<(i64, Option<i64>, String, i64)> = tx
            .prepare(
                "SELECT id, statement_id, message_id, attempts FROM outbox WHERE state = 'sending'",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut counts = (0, 0);
        for (id, statement_id, message_id, attempts) in &caught {
            let over = handed.contains(&(*id, *attempts));
            let (sql, kind) = if over {
                counts.1 += 1;
                (
                    "UPDATE outbox SET state = 'sent', sent_at = ?, confirmed = 0 WHERE id = ?",
                    EventKind::MailSentUnconfirmed,
                )
            } else {
                counts.0 += 1;
                (
                    "UPDATE outbox SET state = 'queued', next_attempt_at = ? WHERE id = ?",
                    EventKind::MailSendInterrupted,
                )
            };
            tx.prepare_cached(sql)?.execute(params![now(), id])?;
            Self::add_event(
                &mut tx,
                kind,
                *statement_id,
                None,
                None,
                json!({"message_id": message_id}),
            )
            .await?;
        }
        tx.commit().await?;
        self.handover.reset()?;
        Ok(counts)
    }

    /// The statement a notice we sent was about (not a relayed statement), by its Message-ID.
    pub async fn statement_of_notice(tx: &mut Tx, message_id: &str) -> Result<Option<i64>> {
        Ok(tx
            .prepare_cached(
                "SELECT statement_id FROM outbox WHERE message_id = ? AND purpose != 'relay' AND statement_id IS NOT NULL",
            )?
            .query_row([message_id], |r| r.get(0))
            .optional()?)
    }

    /// Records that a statement went to `recipients` for `group` in outbox mail `outbox_id`.
    pub async fn add_deliveries(
        tx: &mut Tx,
        statement_id: i64,
        group: &str,
        recipients: &[String],
        outbox_id: i64,
    ) -> Result<()> {
        let mut insert = tx.prepare_cached(
            "INSERT INTO deliveries (statement_id, grp, recipient, outbox_id) VALUES (?, ?, ?, ?)
             ON CONFLICT DO NOTHING",
        )?;
        for r in recipients {
            insert.execute(params![statement_id, group, r, outbox_id])?;
        }
        Ok(())
    }

    /// Mail of these purposes queued to this address since `since`, counted
    /// up to `cap`: what one address had before costs nothing more.
    pub async fn mail_to_since(
        tx: &mut Tx,
        recipient: &str,
        purposes: &[MailPurpose],
        since: &str,
        cap: i64,
    ) -> Result<i64> {
        let list = purposes
            .iter()
            .map(|p| format!("'{}'", p.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM mail_to
             WHERE recipient = lower(?) AND at > ? AND purpose IN ({list}) LIMIT ?)"
        );
        Ok(tx
            .prepare_cached(&sql)?
            .query_row(params![recipient, since, cap], |r| r.get(0))?)
    }

    /// Outbox rows by state, for the CLI and tests.
    pub async fn outbox_counts(&self) -> Result<Vec<(String, i64)>> {
        Ok(
            sqlx::query_as("SELECT state, COUNT(*) FROM outbox GROUP BY state ORDER BY state")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Mails in these states (all when empty), and those sent unconfirmed
    /// with `unconfirmed`, oldest first.
    pub async fn outbox_entries(
        &self,
        states: &[MailState],
        unconfirmed: bool,
    ) -> Result<Vec<OutboxEntry>> {
        let mut qb = sqlx::QueryBuilder::new(ENTRY);
        if !states.is_empty() {
            qb.push(" WHERE (o.state IN (");
            let mut list = qb.separated(", ");
            for s in states {
                list.push_bind(s.as_ref());
            }
            list.push_unseparated(")");
            qb.push(if unconfirmed {
                " OR (o.state = 'sent' AND o.confirmed = 0))"
            } else {
                ")"
            });
        }
        qb.push(" ORDER BY o.id");
        Ok(qb.build_query_as().fetch_all(&self.pool).await?)
    }

    /// One mail of the outbox.
    pub async fn outbox_entry(&self, id: i64) -> Result<Option<OutboxEntry>> {
        let sql = format!("{ENTRY} WHERE o.id = ?");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// A mail as the sender takes it, whatever its state (to show it).
    pub async fn outbox_row(&self, id: i64) -> Result<Option<OutboxRow>> {
        let sql = format!("SELECT {ROW} FROM outbox WHERE id = ?");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Queues a failed (or waiting) mail again, to go at once with its
    /// attempts counted from zero; the state it was in, or None if there is no
    /// such mail. Sent, sending and cancelled mail is left as it is.
    pub async fn requeue_mail(&self, id: i64) -> Result<Option<MailState>> {
        self.change_mail(
            id,
            EventKind::MailRequeued,
            &[MailState::Failed, MailState::Queued],
            "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ? WHERE id = ?",
        )
        .await
    }

    /// Makes sure a mail not sent yet never is; the state it was in, or None
    /// if there is no such mail. Only queued and failed mail can be cancelled.
    pub async fn cancel_mail(&self, id: i64) -> Result<Option<MailState>> {
        self.change_mail(
            id,
            EventKind::MailCancelled,
            &[MailState::Failed, MailState::Queued],
            "UPDATE outbox SET state = 'cancelled', next_attempt_at = ? WHERE id = ?",
        )
        .await
    }

    async fn change_mail(
        &self,
        id: i64,
        kind: EventKind,
        from: &[MailState],
        update: &'static str,
    ) -> Result<Option<MailState>> {
        let mut tx = self.begin().await?;
        let row: Option<(MailState, bool, Option<i64>, String)> = tx
            .prepare_cached(
                "SELECT state, confirmed, statement_id, message_id FROM outbox WHERE id = ?",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((state, confirmed, statement_id, message_id)) = row else {
            return Ok(None);
        };
        // Sent without the server's answer: whoever knows it did not arrive may send it again.
        let doubtful = kind == EventKind::MailRequeued && state == MailState::Sent && !confirmed;
        if from.contains(&state) || doubtful {
            tx.prepare_cached(update)?.execute(params![now(), id])?;
            let detail = json!({"message_id": message_id, "was": state.as_ref()});
            Self::add_event(&mut tx, kind, statement_id, None, None, detail).await?;
            tx.commit().await?;
        }
        Ok(Some(if doubtful { MailState::Failed } else { state }))
    }
}
