//! What the public may ask of the record: list filters turned into SQL, and
//! one statement with its attachments, links and history. Every query here
//! is limited to the public states.

use anyhow::Result;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::{QueryBuilder, Sqlite};

use crate::statement::AttachmentInfo;
use crate::store::{STATEMENT_COLUMNS, StatementRow, Store};

/// List filters as they appear in URLs; an empty value means "any" (HTML
/// forms send every field), so the same URL works for pages, JSON and feeds.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Filters {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub direction: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub group: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub purpose: String,
    /// A stored state, or `awaiting_response`: open For Action statements.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub state: String,
    /// `passed` or `coming`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub deadline: String,
    /// Received on or after this day (YYYY-MM-DD).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub since: String,
    /// Received on or before this day (YYYY-MM-DD).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub until: String,
    /// Words to find in titles, bodies and attachment text.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub q: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

pub const PURPOSES: [&str; 4] = [
    "for_information",
    "for_action",
    "in_response",
    "for_comment",
];

impl Filters {
    /// What is wrong with the filters, said for the person who typed them.
    pub fn check(&self) -> Result<(), String> {
        let one_of = |name: &str, value: &str, allowed: &[&str]| {
            if value.is_empty() || allowed.contains(&value) {
                Ok(())
            } else {
                Err(format!("{name} must be one of: {}", allowed.join(", ")))
            }
        };
        one_of("direction", &self.direction, &["incoming", "outgoing"])?;
        one_of("purpose", &self.purpose, &PURPOSES)?;
        one_of("state", &self.state, &super::STATES)?;
        one_of("deadline", &self.deadline, &["passed", "coming"])?;
        for (name, day) in [("since", &self.since), ("until", &self.until)] {
            if !day.is_empty() && chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_err() {
                return Err(format!("{name} must be a date such as 2026-03-01"));
            }
        }
        if self.page == Some(0) {
            return Err("page numbers start at 1".into());
        }
        Ok(())
    }

    pub fn page(&self) -> u32 {
        self.page.unwrap_or(1)
    }

    /// `path` with these filters and another page, as a link.
    pub fn href(&self, path: &str, page: u32) -> String {
        let f = Filters {
            page: (page > 1).then_some(page),
            ..self.clone()
        };
        match serde_urlencoded::to_string(&f) {
            Ok(q) if !q.is_empty() => format!("{path}?{q}"),
            _ => path.to_string(),
        }
    }
}

/// The words of a search, each quoted, so that FTS5 reads them as words
/// (all must occur) and never as its query syntax.
fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> = q
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn push_public(qb: &mut QueryBuilder<Sqlite>, public: &[String]) {
    qb.push("state IN (");
    let mut states = qb.separated(", ");
    for s in public {
        states.push_bind(s.clone());
    }
    // No public state at all: an empty IN list is valid SQLite and matches nothing.
    states.push_unseparated(")");
}

pub struct Page {
    pub rows: Vec<StatementRow>,
    pub has_next: bool,
}

/// One page of public statements matching `f`, newest first.
pub async fn list(store: &Store, f: &Filters, public: &[String], size: u32) -> Result<Page> {
    // Pick the page's ids first, then read their rows: sorting many matches
    // (a search for common words) then moves ids, not whole bodies.
    let mut qb = QueryBuilder::new(format!(
        "SELECT {STATEMENT_COLUMNS} FROM statements WHERE id IN (SELECT id FROM statements WHERE "
    ));
    push_public(&mut qb, public);
    if !f.direction.is_empty() {
        qb.push(" AND direction = ").push_bind(f.direction.clone());
    }
    if !f.organisation.is_empty() {
        qb.push(" AND (from_organisation = ")
            .push_bind(f.organisation.clone())
            .push(" COLLATE NOCASE OR to_organisation = ")
            .push_bind(f.organisation.clone())
            .push(" COLLATE NOCASE)");
    }
    if !f.group.is_empty() {
        qb.push(" AND (EXISTS (SELECT 1 FROM json_each(from_groups) WHERE value = ")
            .push_bind(f.group.clone())
            .push(" COLLATE NOCASE) OR EXISTS (SELECT 1 FROM json_each(to_groups) WHERE value = ")
            .push_bind(f.group.clone())
            .push(" COLLATE NOCASE))");
    }
    if !f.purpose.is_empty() {
        qb.push(" AND purpose = ").push_bind(f.purpose.clone());
    }
    match f.state.as_str() {
        "" => {}
        // An action asked and not yet answered, whatever the state is called.
        "awaiting_response" => {
            qb.push(
                " AND (state = 'awaiting_response' OR (purpose = 'for_action' AND state IN ('received', 'sent')))",
            );
        }
        state => {
            qb.push(" AND state = ").push_bind(state.to_string());
        }
    }
    let today = chrono::Utc::now().date_naive().to_string();
    match f.deadline.as_str() {
        "passed" => {
            qb.push(" AND deadline < ").push_bind(today);
        }
        "coming" => {
            qb.push(" AND deadline >= ").push_bind(today);
        }
        _ => {}
    }
    // Stored times are RFC 3339 UTC text, so days compare as prefixes.
    if !f.since.is_empty() {
        qb.push(" AND received_at >= ").push_bind(f.since.clone());
    }
    if !f.until.is_empty() {
        qb.push(" AND substr(received_at, 1, 10) <= ")
            .push_bind(f.until.clone());
    }
    if let Some(words) = fts_query(&f.q) {
        qb.push(" AND id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ")
            .push_bind(words)
            .push(")");
    }
    let offset = u64::from(f.page() - 1) * u64::from(size);
    qb.push(" ORDER BY received_at DESC, id DESC LIMIT ")
        .push_bind(i64::from(size) + 1)
        .push(" OFFSET ")
        .push_bind(offset as i64)
        .push(") ORDER BY received_at DESC, id DESC");
    let mut rows: Vec<StatementRow> = qb.build_query_as().fetch_all(store.pool()).await?;
    let has_next = rows.len() > size as usize;
    rows.truncate(size as usize);
    Ok(Page { rows, has_next })
}

/// The attachments of several statements at once, in each statement's order.
pub async fn attachments_of(store: &Store, ids: &[i64]) -> Result<Vec<(i64, AttachmentInfo)>> {
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
        qb.build_query_as().fetch_all(store.pool()).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, media_type, size, sha256)| {
            let size = size as u64;
            (
                id,
                AttachmentInfo {
                    name,
                    media_type,
                    size,
                    sha256,
                },
            )
        })
        .collect())
}

/// A statement by reference, if it exists and its state is public.
pub async fn statement(
    store: &Store,
    reference: &str,
    public: &[String],
) -> Result<Option<StatementRow>> {
    Ok(store
        .statement(reference)
        .await?
        .filter(|row| public.contains(&row.state)))
}

pub struct Attachment {
    pub name: String,
    pub media_type: String,
    pub content: Vec<u8>,
    pub text: Option<String>,
}

/// The attachment at `position` of a statement; addressed by number so that
/// names from mail never become paths.
pub async fn attachment(
    store: &Store,
    statement_id: i64,
    position: u32,
) -> Result<Option<Attachment>> {
    let row: Option<(String, String, Vec<u8>, Option<String>)> = sqlx::query_as(
        "SELECT name, media_type, content, text FROM attachments WHERE statement_id = ? AND position = ?",
    )
    .bind(statement_id)
    .bind(position)
    .fetch_optional(store.pool())
    .await?;
    Ok(row.map(|(name, media_type, content, text)| Attachment {
        name,
        media_type,
        content,
        text,
    }))
}

/// Which attachments of a statement have extracted text, by position.
pub async fn attachments_with_text(store: &Store, statement_id: i64) -> Result<Vec<bool>> {
    Ok(sqlx::query_scalar(
        "SELECT text IS NOT NULL AND text != '' FROM attachments WHERE statement_id = ? ORDER BY position",
    )
    .bind(statement_id)
    .fetch_all(store.pool())
    .await?)
}

#[derive(Debug, Serialize)]
pub struct Link {
    /// `answers` or `answered_by`.
    pub relation: &'static str,
    pub reference: String,
    pub title: String,
}

/// Confirmed links to other public statements, both ways.
pub async fn links(store: &Store, id: i64, public: &[String]) -> Result<Vec<Link>> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT 'answered_by', s.reference, s.title, s.state FROM statement_links l JOIN statements s ON s.id = l.response_id
         WHERE l.answers_id = ? AND l.confirmed = 1
         UNION ALL SELECT 'answers', s.reference, s.title, s.state FROM statement_links l JOIN statements s ON s.id = l.answers_id
         WHERE l.response_id = ? AND l.confirmed = 1",
    )
    .bind(id)
    .bind(id)
    .fetch_all(store.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, _, state)| public.contains(state))
        .map(|(relation, reference, title, _)| Link {
            relation: if relation == "answers" {
                "answers"
            } else {
                "answered_by"
            },
            reference,
            title,
        })
        .collect())
}

#[derive(Debug, Serialize)]
pub struct HistoryItem {
    pub at: String,
    /// The event as stored (`recorded`, `distributed`, ...).
    pub event: String,
    /// What happened, in words.
    pub what: String,
}

/// The public part of a statement's history. Internal events (review
/// requests, refused commands, approval tokens, notes) and who did what stay
/// private: the record says what happened to the statement, not to whom mail went.
pub async fn history(store: &Store, id: i64) -> Result<Vec<HistoryItem>> {
    Ok(store
        .events_of(id)
        .await?
        .into_iter()
        .filter_map(|e| {
            let d: Value = serde_json::from_str(&e.detail).unwrap_or_default();
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            let list = |k: &str| match &d[k] {
                Value::Array(v) => v
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.as_str().unwrap_or_default().to_string(),
            };
            let what = match e.kind.as_str() {
                "recorded" => "Received and recorded".to_string(),
                "received_again" => "Received again (another copy)".to_string(),
                "mail_sent" if d["purpose"] == "ack" => "Acknowledged to the sender".to_string(),
                "distributed" => format!("Distributed to {}", s("group")),
                "redirected" => format!("Redirected to {}", list("new")),
                "corrected" => format!("Corrected: {}", s("field").replace('_', " ")),
                "submitted" => "Submitted for approval".to_string(),
                "approved" => "Approved".to_string(),
                "sent" => "Sent".to_string(),
                "reminder" => format!("Deadline reminder ({})", s("kind")),
                "linked" if d["confirmed"] == true => {
                    format!("Linked as a response to {}", s("answers"))
                }
                "responded" => format!("Answered by {}", s("by")),
                "closed" => "Closed".to_string(),
                "rejected" => "Rejected".to_string(),
                "withdrawn" => "Withdrawn".to_string(),
                "expired" => "Approval expired".to_string(),
                _ => return None,
            };
            Some(HistoryItem {
                at: e.at,
                event: e.kind,
                what,
            })
        })
        .collect())
}
