//! Statements and their attachments: filing, reading, and the changes
//! workflows make to a filed statement.

use anyhow::{Context, Result, bail};
use chrono::Datelike;
use serde_json::Value;
use sqlx::Arguments;

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
        let n: i64 = sqlx::query_scalar(
            "INSERT INTO reference_counters (year, last) VALUES (?, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
        )
        .bind(year)
        .fetch_one(&mut **tx)
        .await?;
        Ok(format!("LS-{year}-{n:04}"))
    }

    /// Files a statement with its attachments; returns (id, reference).
    pub async fn insert_statement(tx: &mut Tx, s: NewStatement<'_>) -> Result<(i64, String)> {
        let reference = Self::next_reference(tx).await?;
        let st = s.statement;
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO statements (reference, direction, state, raw_message_id, message_id, from_groups,
                 from_contacts, reply_to, to_groups, to_contacts, send_to, purpose, purpose_label, deadline,
                 title, body, needs_review, review_reasons, provenance, sent_date, received_at, updated_at,
                 format, from_organisation, to_organisation, addressees, response_to, consensus,
                 fingerprint, forwarded_by, doc_number, submitter)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&reference)
        .bind(st.direction)
        .bind(s.state)
        .bind(s.raw_message_id)
        .bind(&st.message_id)
        .bind(json(&st.from_groups))
        .bind(json(&st.from_contacts))
        .bind(&st.reply_to)
        .bind(json(&st.to_groups))
        .bind(json(&st.to_contacts))
        .bind(&st.send_to)
        .bind(st.purpose)
        .bind(s.purpose_label)
        .bind(&st.deadline)
        .bind(&st.title)
        .bind(&st.body)
        .bind(!s.review_reasons.is_empty())
        .bind(json(s.review_reasons))
        .bind(s.provenance.to_string())
        .bind(s.sent_date)
        .bind(&at)
        .bind(&at)
        .bind(s.format)
        .bind(s.from_organisation)
        .bind(s.to_organisation)
        .bind(s.addressees.to_string())
        .bind(s.response_to)
        .bind(s.consensus)
        .bind(s.fingerprint)
        .bind(json(s.forwarded_by))
        .bind(s.doc_number)
        .bind(s.submitter)
        .fetch_one(&mut **tx)
        .await?;
        for (position, a) in s.attachments.iter().enumerate() {
            Self::insert_attachment(tx, id, position, a, s.raw_message_id).await?;
        }
        // Indexed for search once, with its attachments' text (migration
        // 0010), when the piece of work ends: nothing searches before, and
        // it then takes the row as the piece left it.
        tx.defer(
            "INSERT INTO statements_fts (rowid, title, body, attachments)
             SELECT id, title, body,
                 COALESCE((SELECT group_concat(text, char(10)) FROM attachments WHERE statement_id = ?), '')
             FROM statements WHERE id = ?",
            |a| {
                a.add(id)?;
                a.add(id)
            },
        )?;
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
        sqlx::query(
            "INSERT INTO attachments (statement_id, position, name, media_type, size, sha256, text,
                 raw_message_id, span_start, span_end, encoding)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(statement_id)
        .bind(position as i64)
        .bind(&a.info.name)
        .bind(&a.info.media_type)
        .bind(a.info.size as i64)
        .bind(&a.info.sha256)
        .bind(&a.text)
        .bind(part.map(|(raw, _)| raw))
        .bind(part.map(|(_, s)| s.start))
        .bind(part.map(|(_, s)| s.end))
        .bind(part.map(|(_, s)| s.encoding.as_str()))
        .execute(&mut **tx)
        .await?;
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
        let rows: Vec<(i64, i64, String, Option<String>)> = sqlx::query_as(SAME_STATEMENT)
            .bind(message_id)
            .bind(fingerprint)
            .fetch_all(&mut **tx)
            .await?;
        let mut found = (None, None);
        for (by, id, reference, theirs) in rows {
            match by {
                0 => found.0 = Some((id, reference, theirs)),
                _ => found.1 = Some((id, reference)),
            }
        }
        Ok(found)
    }

    /// The id of the statement with this reference.
    pub async fn statement_id(tx: &mut Tx, reference: &str) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM statements WHERE reference = ?")
                .bind(reference)
                .fetch_optional(&mut **tx)
                .await?,
        )
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
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_one(&mut **tx)
            .await?)
    }

    /// A statement as the write sees it, with its attachments in order (what
    /// a mail that carries them needs to know; their bytes are put in when
    /// it is sent): one round trip, the attachments a JSON array beside the row.
    pub async fn statement_with_attachments(
        tx: &mut Tx,
        id: i64,
    ) -> Result<(StatementRow, Vec<AttachmentInfo>)> {
        use sqlx::{FromRow, Row};
        let sql = format!(
            "SELECT {COLUMNS}, (SELECT json_group_array(json_object('name', name,
                 'media_type', media_type, 'size', size, 'sha256', sha256) ORDER BY position)
                 FROM attachments WHERE statement_id = statements.id) AS attachment_infos
             FROM statements WHERE id = ?"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
        let infos: String = row.try_get("attachment_infos")?;
        let infos = serde_json::from_str(&infos)
            .with_context(|| format!("the attachments of statement {id}"))?;
        Ok((StatementRow::from_row(&row)?, infos))
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
        let done = sqlx::query(
            "UPDATE statements SET state = ?, updated_at = ? WHERE id = ? AND state = ?",
        )
        .bind(to)
        .bind(now())
        .bind(id)
        .bind(from)
        .execute(&mut **tx)
        .await?;
        Ok(done.rows_affected() == 1)
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
        sqlx::query("UPDATE statements SET needs_review = ? WHERE id = ?")
            .bind(!reasons.is_empty())
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// One text column of a statement; `column` is one of the names above, never input.
    async fn update(tx: &mut Tx, id: i64, column: &'static str, value: &str) -> Result<()> {
        let sql = format!("UPDATE statements SET {column} = ?, updated_at = ? WHERE id = ?");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(value)
            .bind(now())
            .bind(id)
            .execute(&mut **tx)
            .await?;
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
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(value)
            .bind(except)
            .fetch_optional(&mut **tx)
            .await?)
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
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(direction)
            .bind(except)
            .bind(limit)
            .fetch_all(&mut **tx)
            .await?)
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
        sqlx::query(
            "INSERT INTO statement_links (response_id, answers_id, method, confirmed, created_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (response_id, answers_id) DO UPDATE SET confirmed = confirmed OR excluded.confirmed",
        )
        .bind(response)
        .bind(answers)
        .bind(method)
        .bind(confirmed)
        .bind(now())
        .execute(&mut **tx)
        .await?;
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
        Ok(sqlx::query_scalar(
            "UPDATE statements SET state = 'responded', updated_at = ? WHERE state NOT IN ('closed', 'responded')
             AND id IN (SELECT answers_id FROM statement_links WHERE response_id = ? AND confirmed = 1) RETURNING id",
        )
        .bind(now())
        .bind(response)
        .fetch_all(&mut **tx)
        .await?)
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
