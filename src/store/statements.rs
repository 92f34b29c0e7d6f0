//! Statements and their attachments: filing, reading, and the changes
//! workflows make to a filed statement.

use anyhow::{Context, Result, bail};
use chrono::Datelike;
use rusqlite::{OptionalExtension, params};
use serde_json::Value;

use super::{Store, Tx, blobs, now};
use crate::domain::{
    Attachment, AttachmentInfo, Direction, Purpose, ReviewReason, Span, State, Statement,
    TransferEncoding, sha256_hex,
};

/// What a workflow files: the statement fields plus what the contract omits.
pub struct NewStatement<'a> {
    pub statement: &'a Statement,
    pub state: State,
    pub raw_message_id: Option<i64>,
    pub purpose_label: Option<&'a str>,
    pub sent_date: Option<&'a str>,
    pub attachments: &'a [Attachment],
    pub review_reasons: &'a [ReviewReason],
    pub provenance: Value,
    pub format: Option<&'a str>,
    pub from_organisation: Option<&'a str>,
    pub to_organisation: Option<&'a str>,
    pub addressees: Value,
    pub response_to: Option<&'a str>,
    pub consensus: Option<&'a str>,
    /// The same statement by another route has the same fingerprint.
    pub fingerprint: Option<&'a str>,
    pub forwarded_by: &'a [&'a str],
    pub doc_number: Option<&'a str>,
    /// Outgoing: who submitted it.
    pub submitter: Option<&'a str>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatementRow {
    pub id: i64,
    pub reference: String,
    pub direction: Direction,
    pub state: State,
    pub message_id: Option<String>,
    pub from_groups: String,
    pub from_contacts: String,
    pub reply_to: Option<String>,
    pub to_groups: String,
    pub to_contacts: String,
    pub send_to: Option<String>,
    pub purpose: Option<Purpose>,
    pub purpose_label: Option<String>,
    pub deadline: Option<String>,
    pub title: String,
    pub body: String,
    pub needs_review: bool,
    pub review_reasons: String,
    pub provenance: String,
    pub sent_date: Option<String>,
    pub received_at: String,
    pub format: Option<String>,
    pub from_organisation: Option<String>,
    pub to_organisation: Option<String>,
    pub response_to: Option<String>,
    pub consensus: Option<String>,
    pub submitter: Option<String>,
}

pub(crate) const COLUMNS: &str = "id, reference, direction, state, message_id, from_groups, from_contacts, reply_to, \
    to_groups, to_contacts, send_to, purpose, purpose_label, deadline, title, body, needs_review, \
    review_reasons, provenance, sent_date, received_at, format, from_organisation, to_organisation, response_to, consensus, submitter";

fn list(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).expect("plain values serialise")
}

impl StatementRow {
    /// The row in the public JSON contract.
    pub fn to_contract(&self, attachments: Vec<AttachmentInfo>) -> Statement {
        Statement {
            reference: Some(self.reference.clone()),
            direction: self.direction,
            state: Some(self.state),
            from_groups: list(&self.from_groups),
            from_contacts: list(&self.from_contacts),
            reply_to: self.reply_to.clone(),
            to_groups: list(&self.to_groups),
            to_contacts: list(&self.to_contacts),
            send_to: self.send_to.clone(),
            purpose: self.purpose,
            deadline: self.deadline.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            attachments,
            received_at: Some(self.received_at.clone()),
            message_id: self.message_id.clone(),
        }
    }

    pub fn review_reasons(&self) -> Vec<String> {
        list(&self.review_reasons)
    }

    pub fn to_groups(&self) -> Vec<String> {
        list(&self.to_groups)
    }

    pub fn from_groups(&self) -> Vec<String> {
        list(&self.from_groups)
    }

    /// The row as the writer's connection reads it, columns in `COLUMNS` order.
    fn direct(r: &rusqlite::Row<'_>) -> rusqlite::Result<StatementRow> {
        Ok(StatementRow {
            id: r.get(0)?,
            reference: r.get(1)?,
            direction: r.get(2)?,
            state: r.get(3)?,
            message_id: r.get(4)?,
            from_groups: r.get(5)?,
            from_contacts: r.get(6)?,
            reply_to: r.get(7)?,
            to_groups: r.get(8)?,
            to_contacts: r.get(9)?,
            send_to: r.get(10)?,
            purpose: r.get(11)?,
            purpose_label: r.get(12)?,
            deadline: r.get(13)?,
            title: r.get(14)?,
            body: r.get(15)?,
            needs_review: r.get(16)?,
            review_reasons: r.get(17)?,
            provenance: r.get(18)?,
            sent_date: r.get(19)?,
            received_at: r.get(20)?,
            format: r.get(21)?,
            from_organisation: r.get(22)?,
            to_organisation: r.get(23)?,
            response_to: r.get(24)?,
            consensus: r.get(25)?,
            submitter: r.get(26)?,
        })
    }
}

/// A statement as other statements point at it (links, responses).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Brief {
    pub id: i64,
    pub reference: String,
    pub direction: Direction,
    pub title: String,
}

const BRIEF: &str = "id, reference, direction, title";

impl Brief {
    fn direct(r: &rusqlite::Row<'_>) -> rusqlite::Result<Brief> {
        Ok(Brief {
            id: r.get(0)?,
            reference: r.get(1)?,
            direction: r.get(2)?,
            title: r.get(3)?,
        })
    }
}

/// An attachment row with where its bytes are.
#[derive(sqlx::FromRow)]
pub(super) struct Stored {
    pub name: String,
    pub media_type: String,
    pub text: Option<String>,
    sha256: String,
    raw_sha256: Option<String>,
    span_start: Option<u32>,
    span_end: Option<u32>,
    encoding: Option<String>,
}

impl Stored {
    fn span(&self) -> Option<Span> {
        Some(Span {
            start: self.span_start?,
            end: self.span_end?,
            encoding: TransferEncoding::parse(self.encoding.as_deref()?)?,
        })
    }
}

/// Attachment rows with their archived message's SHA-256, by statement.
pub(super) const STORED_BY: &str = "SELECT a.name, a.media_type, a.text, a.sha256,
    r.sha256 AS raw_sha256, a.span_start, a.span_end, a.encoding
    FROM attachments a LEFT JOIN raw_messages r ON r.id = a.raw_message_id WHERE a.statement_id = ?";

/// Decoded bytes, only if they are the attachment's (same SHA-256).
fn checked(row: &Stored, bytes: Option<Vec<u8>>) -> Result<Vec<u8>> {
    match bytes {
        Some(b) if sha256_hex(&b) == row.sha256 => Ok(b),
        _ => bail!(
            "attachment {} ({}) does not decode from its archived message",
            row.name,
            row.sha256
        ),
    }
}

async fn infos<'e>(
    e: impl sqlx::SqliteExecutor<'e>,
    statement_id: i64,
) -> Result<Vec<AttachmentInfo>> {
    let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT name, media_type, size, sha256 FROM attachments WHERE statement_id = ? ORDER BY position",
    )
    .bind(statement_id)
    .fetch_all(e)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, media_type, size, sha256)| AttachmentInfo {
            name,
            media_type,
            size: size as u64,
            sha256,
        })
        .collect())
}

/// The lookup of `Store::same_statement`. `+direction`: the statement is
/// found by its fingerprint, not by walking every incoming statement in
/// order, as SQLite otherwise chooses (without statistics it prefers the
/// index that also gives the order).
pub(super) const SAME_STATEMENT: &str = "SELECT * FROM (SELECT 0, id, reference, fingerprint FROM statements
                            WHERE message_id = ?1 ORDER BY id LIMIT 1)
             UNION ALL
             SELECT * FROM (SELECT 1, id, reference, NULL FROM statements
                            WHERE fingerprint = ?2 AND +direction = 'incoming' ORDER BY id LIMIT 1)";

impl Store {
    /// Allocates the next public reference of the year, inside the filing transaction.
    async fn next_reference(tx: &mut Tx) -> Result<String> {
        let year = chrono::Utc::now().year();
        let n: i64 = tx
            .prepare_cached(
                "INSERT INTO reference_counters (year, last) VALUES (?, 1)
                 ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
            )?
            .query_row([year], |r| r.get(0))?;
        Ok(format!("LS-{year}-{n:04}"))
    }

    /// Files a statement with its attachments; returns (id, reference).
    pub async fn insert_statement(tx: &mut Tx, s: NewStatement<'_>) -> Result<(i64, String)> {
        let reference = Self::next_reference(tx).await?;
        let st = s.statement;
        let at = now();
        let id: i64 = tx
            .prepare_cached(
                "INSERT INTO statements (reference, direction, state, raw_message_id, message_id, from_groups,
                     from_contacts, reply_to, to_groups, to_contacts, send_to, purpose, purpose_label, deadline,
                     title, body, needs_review, review_reasons, provenance, sent_date, received_at, updated_at,
                     format, from_organisation, to_organisation, addressees, response_to, consensus,
                     fingerprint, forwarded_by, doc_number, submitter)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )?
            .query_row(
                params![
                    &reference,
                    st.direction,
                    s.state,
                    s.raw_message_id,
                    &st.message_id,
                    json(&st.from_groups),
                    json(&st.from_contacts),
                    &st.reply_to,
                    json(&st.to_groups),
                    json(&st.to_contacts),
                    &st.send_to,
                    st.purpose,
                    s.purpose_label,
                    &st.deadline,
                    &st.title,
                    &st.body,
                    !s.review_reasons.is_empty(),
                    json(s.review_reasons),
                    s.provenance.to_string(),
                    s.sent_date,
                    &at,
                    &at,
                    s.format,
                    s.from_organisation,
                    s.to_organisation,
                    s.addressees.to_string(),
                    s.response_to,
                    s.consensus,
                    s.fingerprint,
                    json(s.forwarded_by),
                    s.doc_number,
                    s.submitter,
                ],
                |r| r.get(0),
            )?;
        for (position, a) in s.attachments.iter().enumerate() {
            Self::insert_attachment(tx, id, position, a, s.raw_message_id).await?;
        }
        // Indexed for search once, with its attachments' text (migration
        // 0010).
        tx.prepare_cached(
            "INSERT INTO statements_fts (rowid, title, body, attachments)
             SELECT id, title, body,
                 COALESCE((SELECT group_concat(text, char(10)) FROM attachments WHERE statement_id = ?1), '')
             FROM statements WHERE id = ?1",
        )?
        .execute([id])?;
        Ok((id, reference))
    }

    /// Files one attachment: as a part of the archived message when the write
    /// holds that message and the part decodes to the attachment's bytes, else
    /// its bytes in `blobs`.
    async fn insert_attachment(
        tx: &mut Tx,
        statement_id: i64,
        position: usize,
        a: &Attachment,
        raw_message_id: Option<i64>,
    ) -> Result<()> {
        let part = match (a.span, raw_message_id) {
            (Some(span), Some(raw))
                if tx.held(raw).is_some_and(|m| span.end as usize <= m.len()) =>
            {
                Some((raw, span))
            }
            _ => None,
        };
        if part.is_none() {
            blobs::put_blob(tx, &a.content).await?;
        }
        tx.prepare_cached(
            "INSERT INTO attachments (statement_id, position, name, media_type, size, sha256, text,
                 raw_message_id, span_start, span_end, encoding)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )?
        .execute(params![
            statement_id,
            position as i64,
            &a.info.name,
            &a.info.media_type,
            a.info.size as i64,
            &a.info.sha256,
            &a.text,
            part.map(|(raw, _)| raw),
            part.map(|(_, s)| s.start),
            part.map(|(_, s)| s.end),
            part.map(|(_, s)| s.encoding.as_str()),
        ])?;
        Ok(())
    }

    /// What the store has of a statement being filed, in one query: the
    /// first statement under this Message-ID (id, reference, fingerprint),
    /// and the first incoming statement with this fingerprint (id,
    /// reference), the same statement by another route.
    pub async fn same_statement(
        tx: &mut Tx,
        message_id: Option<&str>,
        fingerprint: &str,
    ) -> Result<(Option<(i64, String, Option<String>)>, Option<(i64, String)>)> {
        let mut stmt = tx.prepare_cached(SAME_STATEMENT)?;
        let rows = stmt.query_map(params![message_id, fingerprint], |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        let mut found = (None, None);
        for row in rows {
            let (by, id, reference, theirs) = row?;
            match by {
                0 => found.0 = Some((id, reference, theirs)),
                _ => found.1 = Some((id, reference)),
            }
        }
        Ok(found)
    }

    /// The id of the statement with this reference.
    pub async fn statement_id(tx: &mut Tx, reference: &str) -> Result<Option<i64>> {
        Ok(tx
            .prepare_cached("SELECT id FROM statements WHERE reference = ?")?
            .query_row([reference], |r| r.get(0))
            .optional()?)
    }

    /// The reference of statement `id`.
    pub async fn reference_of(&self, id: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT reference FROM statements WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn statement(&self, reference: &str) -> Result<Option<StatementRow>> {
        let sql = format!("SELECT {COLUMNS} FROM statements WHERE reference = ?");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(reference)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn statement_row(tx: &mut Tx, id: i64) -> Result<StatementRow> {
        let sql = format!("SELECT {COLUMNS} FROM statements WHERE id = ?");
        Ok(tx
            .prepare_cached(&sql)?
            .query_row([id], StatementRow::direct)?)
    }

    /// A statement as the write sees it, with its attachments in order (what
    /// a mail that carries them needs to know; their bytes are put in when
    /// it is sent): one round trip, the attachments a JSON array beside the row.
    pub async fn statement_with_attachments(
        tx: &mut Tx,
        id: i64,
    ) -> Result<(StatementRow, Vec<AttachmentInfo>)> {
        let sql = format!(
            "SELECT {COLUMNS}, (SELECT json_group_array(json_object('name', name,
                 'media_type', media_type, 'size', size, 'sha256', sha256) ORDER BY position)
                 FROM attachments WHERE statement_id = statements.id) AS attachment_infos
             FROM statements WHERE id = ?"
        );
        let (row, infos): (StatementRow, String) = tx
            .prepare_cached(&sql)?
            .query_row([id], |r| Ok((StatementRow::direct(r)?, r.get(27)?)))?;
        let infos = serde_json::from_str(&infos)
            .with_context(|| format!("the attachments of statement {id}"))?;
        Ok((row, infos))
    }

    /// All statements, newest first.
    pub async fn statements(&self) -> Result<Vec<StatementRow>> {
        let sql = format!("SELECT {COLUMNS} FROM statements ORDER BY received_at DESC, id DESC");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn attachment_infos(&self, statement_id: i64) -> Result<Vec<AttachmentInfo>> {
        infos(&self.pool, statement_id).await
    }

    /// The bytes of a statement's attachment with this SHA-256 (what an
    /// outbox mail refers to), read from where they are stored.
    pub async fn attachment_bytes(&self, statement_id: i64, sha256: &str) -> Result<Vec<u8>> {
        let sql = format!("{STORED_BY} AND a.sha256 = ? LIMIT 1");
        let row: Stored = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(statement_id)
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await?
            .with_context(|| format!("statement {statement_id} has no attachment {sha256}"))?;
        self.stored_bytes(&row).await
    }

    /// Every attachment of a statement: (SHA-256, bytes as stored), in order.
    pub async fn attachment_contents(&self, statement_id: i64) -> Result<Vec<(String, Vec<u8>)>> {
        let sql = format!("{STORED_BY} ORDER BY a.position");
        let rows: Vec<Stored> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(statement_id)
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let bytes = self.stored_bytes(&row).await?;
            out.push((row.sha256, bytes));
        }
        Ok(out)
    }

    /// An attachment's bytes, from its archived message or from `blobs`.
    pub(super) async fn stored_bytes(&self, row: &Stored) -> Result<Vec<u8>> {
        match (row.span(), &row.raw_sha256) {
            (Some(span), Some(sha)) => {
                let raw = self.raw.get(sha).await?;
                crate::cpu::bound(|| checked(row, span.decode(&raw)))
            }
            _ => blobs::get_blob(&self.pool, &row.sha256).await,
        }
    }

    /// The statement in the JSON contract, by reference.
    pub async fn contract(&self, reference: &str) -> Result<Option<(StatementRow, Statement)>> {
        let Some(row) = self.statement(reference).await? else {
            return Ok(None);
        };
        let atts = self
            .attachment_infos(row.id)
            .await
            .context("reading attachments")?;
        let st = row.to_contract(atts);
        Ok(Some((row, st)))
    }

    /// Open For Action statements with a deadline, for reminders.
    pub async fn open_actions(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM statements WHERE purpose = 'for_action' AND deadline IS NOT NULL
             AND state IN ('received', 'sent', 'awaiting_response')",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Open For Action statements, soonest deadline first: (reference, direction, deadline, title).
    pub async fn open_action_summaries(&self) -> Result<Vec<(String, Direction, String, String)>> {
        Ok(sqlx::query_as(
            "SELECT reference, direction, deadline, title FROM statements WHERE purpose = 'for_action'
             AND deadline IS NOT NULL AND state IN ('received', 'sent', 'awaiting_response') ORDER BY deadline",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    // Changes to a filed statement. Each also stamps `updated_at`.

    /// Moves a statement from one state to another; false if it was not in `from`.
    pub async fn transition(tx: &mut Tx, id: i64, from: State, to: State) -> Result<bool> {
        let done = tx
            .prepare_cached(
                "UPDATE statements SET state = ?, updated_at = ? WHERE id = ? AND state = ?",
            )?
            .execute(params![to, now(), id, from])?;
        Ok(done == 1)
    }

    /// Sets the state whatever it was.
    pub async fn set_state(tx: &mut Tx, id: i64, state: State) -> Result<()> {
        Self::update(tx, id, "state", state.as_str()).await
    }

    pub async fn set_to_groups(tx: &mut Tx, id: i64, groups: &[String]) -> Result<()> {
        Self::update(tx, id, "to_groups", &json(groups)).await
    }

    pub async fn set_from_contacts(tx: &mut Tx, id: i64, contacts: &[String]) -> Result<()> {
        Self::update(tx, id, "from_contacts", &json(contacts)).await
    }

    pub async fn set_title(tx: &mut Tx, id: i64, title: &str) -> Result<()> {
        Self::update(tx, id, "title", title).await
    }

    pub async fn set_deadline(tx: &mut Tx, id: i64, deadline: &str) -> Result<()> {
        Self::update(tx, id, "deadline", deadline).await
    }

    pub async fn set_purpose(tx: &mut Tx, id: i64, purpose: Purpose, label: &str) -> Result<()> {
        Self::update(tx, id, "purpose", purpose.as_str()).await?;
        Self::update(tx, id, "purpose_label", label).await
    }

    pub async fn set_message_id(tx: &mut Tx, id: i64, message_id: &str) -> Result<()> {
        Self::update(tx, id, "message_id", message_id).await
    }

    /// Marks a statement for review with these reasons.
    pub async fn set_review(tx: &mut Tx, id: i64, reasons: &[ReviewReason]) -> Result<()> {
        Self::update(tx, id, "review_reasons", &json(reasons)).await?;
        tx.prepare_cached("UPDATE statements SET needs_review = ? WHERE id = ?")?
            .execute(params![!reasons.is_empty(), id])?;
        Ok(())
    }

    /// One text column of a statement; `column` is one of the names above, never input.
    async fn update(tx: &mut Tx, id: i64, column: &'static str, value: &str) -> Result<()> {
        let sql = format!("UPDATE statements SET {column} = ?, updated_at = ? WHERE id = ?");
        tx.prepare_cached(&sql)?
            .execute(params![value, now(), id])?;
        Ok(())
    }

    // Links between statements.

    /// A statement other than `except` whose `column` (message_id, reference or doc_number) is `value`.
    pub async fn brief_by(
        tx: &mut Tx,
        column: Lookup,
        value: &str,
        except: i64,
    ) -> Result<Option<Brief>> {
        let sql = format!(
            "SELECT {BRIEF} FROM statements WHERE {} = ? AND id != ? ORDER BY id LIMIT 1",
            column.column()
        );
        Ok(tx
            .prepare_cached(&sql)?
            .query_row(params![value, except], Brief::direct)
            .optional()?)
    }

    /// The newest statements of a direction, for title similarity.
    pub async fn recent_briefs(
        tx: &mut Tx,
        direction: Direction,
        except: i64,
        limit: i64,
    ) -> Result<Vec<Brief>> {
        let sql = format!(
            "SELECT {BRIEF} FROM statements WHERE direction = ? AND id != ? ORDER BY id DESC LIMIT ?"
        );
        let mut stmt = tx.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![direction, except, limit], Brief::direct)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Links `response` to what it `answers`; a second link of the same pair changes nothing,
    /// unless `confirmed`, which confirms it.
    pub async fn add_link(
        tx: &mut Tx,
        response: i64,
        answers: i64,
        method: &str,
        confirmed: bool,
    ) -> Result<()> {
        tx.prepare_cached(
            "INSERT INTO statement_links (response_id, answers_id, method, confirmed, created_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (response_id, answers_id) DO UPDATE SET confirmed = confirmed OR excluded.confirmed",
        )?
        .execute(params![response, answers, method, confirmed, now()])?;
        Ok(())
    }

    /// Every link of a statement, both ways: (relation, other reference, method, confirmed).
    pub async fn links_of(&self, id: i64) -> Result<Vec<(String, String, String, bool)>> {
        Ok(sqlx::query_as(
            "SELECT 'answered by', s.reference, l.method, l.confirmed FROM statement_links l JOIN statements s ON s.id = l.response_id WHERE l.answers_id = ?
             UNION ALL SELECT 'answers', s.reference, l.method, l.confirmed FROM statement_links l JOIN statements s ON s.id = l.answers_id WHERE l.response_id = ?",
        )
        .bind(id)
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Marks what `response` answers (confirmed links, still open) as responded; their ids.
    pub async fn mark_answered_by(tx: &mut Tx, response: i64) -> Result<Vec<i64>> {
        let mut stmt = tx.prepare_cached(
            "UPDATE statements SET state = 'responded', updated_at = ? WHERE state NOT IN ('closed', 'responded')
             AND id IN (SELECT answers_id FROM statement_links WHERE response_id = ? AND confirmed = 1) RETURNING id",
        )?;
        let ids = stmt.query_map(params![now(), response], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }
}

/// The columns a statement can be looked up by when linking.
#[derive(Debug, Clone, Copy)]
pub enum Lookup {
    MessageId,
    Reference,
    DocNumber,
}

impl Lookup {
    fn column(self) -> &'static str {
        match self {
            Lookup::MessageId => "message_id",
            Lookup::Reference => "reference",
            Lookup::DocNumber => "doc_number",
        }
    }
}
