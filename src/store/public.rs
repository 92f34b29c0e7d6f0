//! The record as the public reads it: filtered lists, one statement with its
//! attachments and links. Every query here is limited to the public states.

use anyhow::Result;
use sqlx::{QueryBuilder, Sqlite};

use super::statements::{COLUMNS, STORED_BY, Stored};
use super::{StatementRow, Store};
use crate::domain::{AttachmentInfo, Direction, Purpose, State};

/// What a list asks for; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Only statements in these states exist for the public.
    pub public: Vec<State>,
    pub direction: Option<Direction>,
    /// An organisation as recorded, either side, any case.
    pub organisation: Option<String>,
    /// A group as recorded, sending or addressed, any case.
    pub group: Option<String>,
    pub purpose: Option<Purpose>,
    /// A state; `AwaitingResponse` means For Action statements not yet answered.
    pub state: Option<State>,
    pub deadline: Option<Deadline>,
    /// Received on or after / on or before these days (YYYY-MM-DD).
    pub since: Option<String>,
    pub until: Option<String>,
    /// Words that must all occur in the title, body or attachment text.
    pub words: Option<String>,
    /// 1, 2, ...
    pub page: u32,
    pub size: u32,
}

/// Deadlines before or from `today`.
#[derive(Debug, Clone, Copy)]
pub enum Deadline {
    Passed { today: chrono::NaiveDate },
    Coming { today: chrono::NaiveDate },
}

pub struct Page {
    pub rows: Vec<StatementRow>,
    pub has_next: bool,
}

/// An attachment as the public downloads it.
pub struct Download {
    pub name: String,
    pub media_type: String,
    pub content: Vec<u8>,
    pub text: Option<String>,
}

/// A confirmed link to another public statement: (relation, reference, title),
/// the relation being `answers` or `answered_by`.
pub type LinkRow = (&'static str, String, String);

/// The words of a search, each quoted, so that FTS5 reads them as words
/// (all must occur) and never as its query syntax.
fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> = q
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn push_public(qb: &mut QueryBuilder<Sqlite>, public: &[State]) {
    qb.push("state IN (");
    let mut states = qb.separated(", ");
    for s in public {
        states.push_bind(*s);
    }
    // No public state at all: an empty IN list is valid SQLite and matches nothing.
    states.push_unseparated(")");
}

/// The WHERE conditions of a list after the public states.
fn push_filters(qb: &mut QueryBuilder<Sqlite>, q: &ListQuery) {
    if let Some(d) = q.direction {
        qb.push(" AND direction = ").push_bind(d);
    }
    if let Some(o) = &q.organisation {
        qb.push(" AND (from_organisation = ")
            .push_bind(o.clone())
            .push(" COLLATE NOCASE OR to_organisation = ")
            .push_bind(o.clone())
            .push(" COLLATE NOCASE)");
    }
    if let Some(g) = &q.group {
        qb.push(" AND (EXISTS (SELECT 1 FROM json_each(from_groups) WHERE value = ")
            .push_bind(g.clone())
            .push(" COLLATE NOCASE) OR EXISTS (SELECT 1 FROM json_each(to_groups) WHERE value = ")
            .push_bind(g.clone())
            .push(" COLLATE NOCASE))");
    }
    if let Some(p) = q.purpose {
        qb.push(" AND purpose = ").push_bind(p);
    }
    match q.state {
        None => {}
        // An action asked and not yet answered, whatever the state is called.
        Some(State::AwaitingResponse) => {
            qb.push(
                " AND (state = 'awaiting_response' OR (purpose = 'for_action' AND state IN ('received', 'sent')))",
            );
        }
        Some(state) => {
            qb.push(" AND state = ").push_bind(state);
        }
    }
    match q.deadline {
        Some(Deadline::Passed { today }) => {
            qb.push(" AND deadline < ").push_bind(today.to_string());
        }
        Some(Deadline::Coming { today }) => {
            qb.push(" AND deadline >= ").push_bind(today.to_string());
        }
        None => {}
    }
    // Stored times are RFC 3339 UTC text, so days compare as prefixes.
    if let Some(since) = &q.since {
        qb.push(" AND received_at >= ").push_bind(since.clone());
    }
    if let Some(until) = &q.until {
        qb.push(" AND substr(received_at, 1, 10) <= ")
            .push_bind(until.clone());
    }
    if let Some(words) = q.words.as_deref().and_then(fts_query) {
        qb.push(" AND id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ")
            .push_bind(words)
            .push(")");
    }
}

impl Store {
    /// One page of public statements matching `q`, newest first.
    pub async fn public_list(&self, q: &ListQuery) -> Result<Page> {
        // Pick the page's ids first, then read their rows: sorting many matches
        // (a search for common words) then moves ids, not whole bodies.
        let mut qb = QueryBuilder::new(format!(
            "SELECT {COLUMNS} FROM statements WHERE id IN (SELECT id FROM statements WHERE "
        ));
        push_public(&mut qb, &q.public);
        push_filters(&mut qb, q);
        let offset = u64::from(q.page.max(1) - 1) * u64::from(q.size);
        qb.push(" ORDER BY received_at DESC, id DESC LIMIT ")
            .push_bind(i64::from(q.size) + 1)
            .push(" OFFSET ")
            .push_bind(offset as i64)
            .push(") ORDER BY received_at DESC, id DESC");
        let mut rows: Vec<StatementRow> = qb.build_query_as().fetch_all(&self.pool).await?;
        let has_next = rows.len() > q.size as usize;
        rows.truncate(q.size as usize);
        Ok(Page { rows, has_next })
    }

    /// The attachments of several statements at once, in each statement's order.
    pub async fn attachments_of(&self, ids: &[i64]) -> Result<Vec<(i64, AttachmentInfo)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::new(
            "SELECT statement_id, name, media_type, size, sha256 FROM attachments WHERE statement_id IN (",
        );
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        list.push_unseparated(") ORDER BY statement_id, position");
        let rows: Vec<(i64, String, String, i64, String)> =
            qb.build_query_as().fetch_all(&self.pool).await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, media_type, size, sha256)| {
                let size = size as u64;
                let info = AttachmentInfo {
                    name,
                    media_type,
                    size,
                    sha256,
                };
                (id, info)
            })
            .collect())
    }

    /// A statement by reference, if it exists and its state is public.
    pub async fn public_statement(
        &self,
        reference: &str,
        public: &[State],
    ) -> Result<Option<StatementRow>> {
        Ok(self
            .statement(reference)
            .await?
            .filter(|row| public.contains(&row.state)))
    }

    /// The attachment at `position` of a statement; addressed by number so that
    /// names from mail never become paths.
    pub async fn download(&self, statement_id: i64, position: u32) -> Result<Option<Download>> {
        let sql = format!("{STORED_BY} AND a.position = ?");
        let row: Option<Stored> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(statement_id)
            .bind(position)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let content = self.stored_bytes(&row).await?;
        Ok(Some(Download {
            name: row.name,
            media_type: row.media_type,
            content,
            text: row.text,
        }))
    }

    /// Which attachments of a statement have extracted text, by position.
    pub async fn attachments_with_text(&self, statement_id: i64) -> Result<Vec<bool>> {
        Ok(sqlx::query_scalar(
            "SELECT text IS NOT NULL AND text != '' FROM attachments WHERE statement_id = ? ORDER BY position",
        )
        .bind(statement_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Confirmed links to other public statements, both ways.
    pub async fn public_links(&self, id: i64, public: &[State]) -> Result<Vec<LinkRow>> {
        let rows: Vec<(String, String, String, State)> = sqlx::query_as(
            "SELECT 'answered_by', s.reference, s.title, s.state FROM statement_links l JOIN statements s ON s.id = l.response_id
             WHERE l.answers_id = ? AND l.confirmed = 1
             UNION ALL SELECT 'answers', s.reference, s.title, s.state FROM statement_links l JOIN statements s ON s.id = l.answers_id
             WHERE l.response_id = ? AND l.confirmed = 1",
        )
        .bind(id)
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter(|(_, _, _, state)| public.contains(state))
            .map(|(relation, reference, title, _)| {
                let relation = if relation == "answers" {
                    "answers"
                } else {
                    "answered_by"
                };
                (relation, reference, title)
            })
            .collect())
    }
}
