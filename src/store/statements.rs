//! Statements and their attachments.

use anyhow::{Context, Result};
use chrono::Datelike;
use serde_json::Value;

use super::{Store, Tx, now};
use crate::extract::Attachment;
use crate::statement::{AttachmentInfo, Direction, Purpose, Statement};

/// What a workflow files: the statement fields plus what the contract omits.
pub struct NewStatement<'a> {
    pub statement: &'a Statement,
    pub state: &'a str,
    pub raw_message_id: Option<i64>,
    pub purpose_label: Option<&'a str>,
    pub sent_date: Option<&'a str>,
    pub attachments: &'a [Attachment],
    pub needs_review: bool,
    pub review_reasons: &'a [String],
    pub provenance: Value,
    pub format: Option<&'a str>,
    pub from_organisation: Option<&'a str>,
    pub to_organisation: Option<&'a str>,
    pub addressees: Value,
    pub response_to: Option<&'a str>,
    pub consensus: Option<&'a str>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatementRow {
    pub id: i64,
    pub reference: String,
    pub direction: String,
    pub state: String,
    pub message_id: Option<String>,
    pub from_groups: String,
    pub from_contacts: String,
    pub reply_to: Option<String>,
    pub to_groups: String,
    pub to_contacts: String,
    pub send_to: Option<String>,
    pub purpose: Option<String>,
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

impl StatementRow {
    /// The row in the public JSON contract.
    pub fn to_contract(&self, attachments: Vec<AttachmentInfo>) -> Statement {
        Statement {
            reference: Some(self.reference.clone()),
            direction: if self.direction == "outgoing" {
                Direction::Outgoing
            } else {
                Direction::Incoming
            },
            state: Some(self.state.clone()),
            from_groups: list(&self.from_groups),
            from_contacts: list(&self.from_contacts),
            reply_to: self.reply_to.clone(),
            to_groups: list(&self.to_groups),
            to_contacts: list(&self.to_contacts),
            send_to: self.send_to.clone(),
            purpose: self.purpose.as_deref().and_then(Purpose::from_db),
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
}

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
        let json = |v: &Vec<String>| serde_json::to_string(v).expect("strings serialise");
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO statements (reference, direction, state, raw_message_id, message_id, from_groups,
                 from_contacts, reply_to, to_groups, to_contacts, send_to, purpose, purpose_label, deadline,
                 title, body, needs_review, review_reasons, provenance, sent_date, received_at, updated_at,
                 format, from_organisation, to_organisation, addressees, response_to, consensus)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&reference)
        .bind(st.direction.as_str())
        .bind(s.state)
        .bind(s.raw_message_id)
        .bind(&st.message_id)
        .bind(json(&st.from_groups))
        .bind(json(&st.from_contacts))
        .bind(&st.reply_to)
        .bind(json(&st.to_groups))
        .bind(json(&st.to_contacts))
        .bind(&st.send_to)
        .bind(st.purpose.map(Purpose::as_str))
        .bind(s.purpose_label)
        .bind(&st.deadline)
        .bind(&st.title)
        .bind(&st.body)
        .bind(s.needs_review)
        .bind(serde_json::to_string(s.review_reasons)?)
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
        .fetch_one(&mut **tx)
        .await?;
        for (position, a) in s.attachments.iter().enumerate() {
            sqlx::query(
                "INSERT INTO attachments (statement_id, position, name, media_type, size, sha256, content, text)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(&a.info.name)
            .bind(&a.info.media_type)
            .bind(a.info.size as i64)
            .bind(&a.info.sha256)
            .bind(&a.content)
            .bind(&a.text)
            .execute(&mut **tx)
            .await?;
        }
        Ok((id, reference))
    }

    /// The statement already filed for this Message-ID, if any.
    pub async fn statement_by_message_id(
        tx: &mut Tx,
        message_id: &str,
    ) -> Result<Option<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, reference FROM statements WHERE message_id = ? ORDER BY id LIMIT 1",
        )
        .bind(message_id)
        .fetch_optional(&mut **tx)
        .await?)
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

    /// All statements, newest first.
    pub async fn statements(&self) -> Result<Vec<StatementRow>> {
        let sql = format!("SELECT {COLUMNS} FROM statements ORDER BY received_at DESC, id DESC");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn attachment_infos(&self, statement_id: i64) -> Result<Vec<AttachmentInfo>> {
        let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
            "SELECT name, media_type, size, sha256 FROM attachments WHERE statement_id = ? ORDER BY position",
        )
        .bind(statement_id)
        .fetch_all(&self.pool)
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
}
