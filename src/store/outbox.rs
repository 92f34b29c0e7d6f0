//! The persistent outbox. A mail is queued in the transaction that decided to
//! send it; `dedupe_key` makes a second decision to send the same mail a no-op.
//! Its bytes are in `blobs`, written once; a mail that carries a statement's
//! attachments is stored without them (`splices` says where they go back).

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Arguments;

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
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO outbox (dedupe_key, purpose, statement_id, raw_message_id, message_id, envelope_from,
                 recipients, body, splices, next_attempt_at, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
        )
        .bind(&m.dedupe_key)
        .bind(m.purpose)
        .bind(m.statement_id)
        .bind(m.raw_message_id)
        .bind(&m.message_id)
        .bind(&m.envelope_from)
        .bind(serde_json::to_string(&m.recipients)?)
        .bind(&body)
        .bind(serde_json::to_string(&m.splices)?)
        .bind(&at)
        .bind(&at)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(id) = id else {
            return Ok(None);
        };
        // Nothing reads these back before the piece of work ends (the cap
        // count flushes first): they go with its end, in one round trip.
        blobs::defer_blob(tx, &m.raw, body)?;
        for r in &m.recipients {
            tx.defer(
                "INSERT INTO mail_to (recipient, purpose, at, outbox_id) VALUES (lower(?), ?, ?, ?)",
                |a| {
                    a.add(r.as_str())?;
                    a.add(m.purpose)?;
                    a.add(at.as_str())?;
                    a.add(id)
                },
            )?;
        }
        Ok(Some(id))
    }

    /// Takes up to `limit` mails whose next attempt is due, oldest first, for
    /// sending: one commit for all of them.
    pub async fn claim_due(&self, limit: i64) -> Result<Vec<OutboxRow>> {
        let mut tx = self.begin().await?;
        let sql = format!(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id IN
                 (SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?)
             RETURNING {ROW}"
        );
        let mut rows: Vec<OutboxRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(now())
            .bind(limit)
            .fetch_all(&mut *tx)
            .await?;
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
        let caught: Vec<(i64, Option<i64>, String, i64)> = sqlx::query_as(
            "SELECT id, statement_id, message_id, attempts FROM outbox WHERE state = 'sending'",
        )
        .fetch_all(&mut *tx)
        .await?;
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
            sqlx::query(sql)
                .bind(now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
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
        Ok(sqlx::query_scalar(
            "SELECT statement_id FROM outbox WHERE message_id = ? AND purpose != 'relay' AND statement_id IS NOT NULL",
        )
        .bind(message_id)
        .fetch_optional(&mut **tx)
        .await?)
    }

    /// Records that a statement went to `recipients` for `group` in outbox mail `outbox_id`.
    pub async fn add_deliveries(
        tx: &mut Tx,
        statement_id: i64,
        group: &str,
        recipients: &[String],
        outbox_id: i64,
    ) -> Result<()> {
        // Read by nothing in a piece of work: written with its end.
        for r in recipients {
            tx.defer(
                "INSERT INTO deliveries (statement_id, grp, recipient, outbox_id) VALUES (?, ?, ?, ?)
                 ON CONFLICT DO NOTHING",
                |a| {
                    a.add(statement_id)?;
                    a.add(group)?;
                    a.add(r.as_str())?;
                    a.add(outbox_id)
                },
            )?;
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
        // Mail queued earlier in this piece of work counts too.
        tx.flush_for("mail_to").await?;
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM mail_to
             WHERE recipient = lower(?) AND at > ? AND purpose IN ({list}) LIMIT ?)"
        );
        Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(recipient)
            .bind(since)
            .bind(cap)
            .fetch_one(&mut **tx)
            .await?)
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
        let row: Option<(MailState, bool, Option<i64>, String)> = sqlx::query_as(
            "SELECT state, confirmed, statement_id, message_id FROM outbox WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((state, confirmed, statement_id, message_id)) = row else {
            return Ok(None);
        };
        // Sent without the server's answer: whoever knows it did not arrive may send it again.
        let doubtful = kind == EventKind::MailRequeued && state == MailState::Sent && !confirmed;
        if from.contains(&state) || doubtful {
            sqlx::query(update)
                .bind(now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let detail = json!({"message_id": message_id, "was": state.as_ref()});
            Self::add_event(&mut tx, kind, statement_id, None, None, detail).await?;
            tx.commit().await?;
        }
        Ok(Some(if doubtful { MailState::Failed } else { state }))
    }
}
