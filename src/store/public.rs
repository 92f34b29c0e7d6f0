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
    /// An organisation or part of its name (`ITU` finds `ITU-T`), either side, any case.
    pub organisation: Option<String>,
    /// A group or parts of its name (`ccamp` finds `IETF CCAMP WG`), sending or addressed, any case.
    pub group: Option<String>,
    pub purpose: Option<Purpose>,
    /// A state; `AwaitingResponse` means For Action statements not yet answered.
    pub state: Option<State>,
    pub deadline: Option<Deadline>,
    /// Received on or after / on or before these days (YYYY-MM-DD).
    pub since: Option<String>,
    pub until: Option<String>,
    /// Words that must all occur in the title, body or attachment text; or a
    /// reference, a document number, or part of a contact's address.
    pub words: Option<String>,
    pub sort: Sort,
    /// 1, 2, ...
    pub page: u32,
    pub size: u32,
}

/// A column a list can be sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortBy {
    Reference,
    #[default]
    Received,
    From,
    To,
    Purpose,
    /// Statements without a deadline come last either way.
    Deadline,
    State,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sort {
    pub by: SortBy,
    pub ascending: bool,
}

impl Sort {
    /// The ORDER BY clause; every order ends on the id, so pages never overlap.
    fn order_by(self) -> String {
        let dir = if self.ascending { "ASC" } else { "DESC" };
        let column = match self.by {
            SortBy::Reference => return format!("id {dir}"),
            SortBy::Received => return format!("received_at {dir}, id {dir}"),
            SortBy::From => "from_groups",
            SortBy::To => "to_groups",
            SortBy::Purpose => "purpose",
            SortBy::Deadline => "deadline",
            SortBy::State => "state",
        };
        format!("{column} IS NULL, {column} {dir}, received_at DESC, id DESC")
    }
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

/// The words of a search as the index cuts them (letters and digits;
/// everything else separates), each quoted, so that FTS5 reads them as words
/// (all must occur) and never as its query syntax: any input is a query.
fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
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

/// `text` as a LIKE pattern that finds it anywhere, its own `%` and `_` taken literally.
fn contains(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Each word of `name` occurs in a group of the JSON list `column`.
fn push_group_words(qb: &mut QueryBuilder<Sqlite>, column: &'static str, name: &str) {
    qb.push(format!("EXISTS (SELECT 1 FROM json_each({column}) WHERE 1"));
    for word in name.split_whitespace() {
        qb.push(" AND value LIKE ")
            .push_bind(contains(word))
            .push(" ESCAPE '\\'");
    }
    qb.push(")");
}

/// Words in the text, or the search as a reference, a document number or
/// (part of) an address: whatever a coordinator pastes in.
fn push_search(qb: &mut QueryBuilder<Sqlite>, q: &str) {
    let q = q.trim();
    qb.push(" AND (reference = ")
        .push_bind(q.to_string())
        .push(" COLLATE NOCASE OR doc_number = ")
        .push_bind(q.to_string())
        .push(" COLLATE NOCASE");
    if !q.contains(char::is_whitespace) && q.len() >= 3 {
        for column in ["from_contacts", "to_contacts", "reply_to", "send_to"] {
            qb.push(format!(" OR {column} LIKE "))
                .push_bind(contains(q))
                .push(" ESCAPE '\\'");
        }
    }
    if let Some(words) = fts_query(q) {
        qb.push(" OR id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ")
            .push_bind(words)
            .push(")");
    }
    qb.push(")");
}

/// The WHERE conditions of a list after the public states.
fn push_filters(qb: &mut QueryBuilder<Sqlite>, q: &ListQuery) {
    if let Some(d) = q.direction {
        qb.push(" AND direction = ").push_bind(d);
    }
    if let Some(o) = &q.organisation {
        let o = contains(o.trim());
        qb.push(" AND (from_organisation LIKE ")
            .push_bind(o.clone())
            .push(" ESCAPE '\\' OR to_organisation LIKE ")
            .push_bind(o)
            .push(" ESCAPE '\\')");
    }
    if let Some(g) = &q.group {
        qb.push(" AND (");
        push_group_words(qb, "from_groups", g);
        qb.push(" OR ");
        push_group_words(qb, "to_groups", g);
        qb.push(")");
    }
    if let Some(p) = q.purpose {
        qb.push(" AND purpose = ").push_bind(p);
    }
    match q.state {
        None => {}
        // An action asked and not yet answered, whatever the state is called.
        Some(State::AwaitingResponse) => {
            qb.push(AWAITING);
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
    if let Some(words) = q.words.as_deref().filter(|w| !w.trim().is_empty()) {
        push_search(qb, words);
    }
}

/// For Action and not answered, whatever the state is called.
const AWAITING: &str = " AND (state = 'awaiting_response' OR (purpose = 'for_action' AND state IN ('received', 'sent')))";

/// Names a visitor can pick from: the groups and organisations of public statements.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub groups: Vec<String>,
    pub organisations: Vec<String>,
}

/// What the public page of a statement shows beyond its row.
#[derive(Debug, Clone, Default)]
pub struct Details {
    /// `[{group, purpose}]`: the purpose stated per addressee.
    pub addressees: String,
    /// The statement's own document number (a Tdoc, an LS number).
    pub doc_number: Option<String>,
}

impl Store {
    /// One page of public statements matching `q`, in its order.
    pub async fn public_list(&self, q: &ListQuery) -> Result<Page> {
        // Pick the page's ids first, then read their rows: sorting many matches
        // (a search for common words) then moves ids, not whole bodies.
        let order = q.sort.order_by();
        let mut qb = QueryBuilder::new(format!(
            "SELECT {COLUMNS} FROM statements WHERE id IN (SELECT id FROM statements WHERE "
        ));
        push_public(&mut qb, &q.public);
        push_filters(&mut qb, q);
        let offset = u64::from(q.page.max(1) - 1) * u64::from(q.size);
        qb.push(format!(" ORDER BY {order} LIMIT "))
            .push_bind(i64::from(q.size) + 1)
            .push(" OFFSET ")
            .push_bind(offset as i64)
            .push(format!(") ORDER BY {order}"));
        let mut rows: Vec<StatementRow> = qb.build_query_as().fetch_all(&self.pool).await?;
        let has_next = rows.len() > q.size as usize;
        rows.truncate(q.size as usize);
        Ok(Page { rows, has_next })
    }

    /// How many public statements match `q` (on every page).
    pub async fn public_count(&self, q: &ListQuery) -> Result<i64> {
        let mut qb = QueryBuilder::new("SELECT count(*) FROM statements WHERE ");
        push_public(&mut qb, &q.public);
        push_filters(&mut qb, q);
        Ok(qb.build_query_scalar().fetch_one(&self.pool).await?)
    }

    /// The groups and organisations public statements name, sorted, for suggestions.
    pub async fn public_names(&self, public: &[State]) -> Result<Names> {
        let mut qb = QueryBuilder::new(
            "SELECT DISTINCT g.value FROM statements, json_each(statements.from_groups) g WHERE ",
        );
        push_public(&mut qb, public);
        qb.push(" UNION SELECT DISTINCT g.value FROM statements, json_each(statements.to_groups) g WHERE ");
        push_public(&mut qb, public);
        qb.push(" ORDER BY 1");
        let groups: Vec<String> = qb.build_query_scalar().fetch_all(&self.pool).await?;
        let mut qb = QueryBuilder::new("SELECT from_organisation FROM statements WHERE ");
        push_public(&mut qb, public);
        qb.push(" AND from_organisation IS NOT NULL UNION SELECT to_organisation FROM statements WHERE ");
        push_public(&mut qb, public);
        qb.push(" AND to_organisation IS NOT NULL ORDER BY 1");
        let organisations: Vec<String> = qb.build_query_scalar().fetch_all(&self.pool).await?;
        Ok(Names {
            groups,
            organisations,
        })
    }

    /// The per-addressee purposes and document number of a statement.
    pub async fn public_details(&self, id: i64) -> Result<Details> {
        let (addressees, doc_number): (String, Option<String>) =
            sqlx::query_as("SELECT addressees, doc_number FROM statements WHERE id = ?")
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
        Ok(Details {
            addressees,
            doc_number,
        })
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

    /// A statement by reference (any case), if it exists and is public:
    /// its state is public and it is not correspondence.
    pub async fn public_statement(
        &self,
        reference: &str,
        public: &[State],
    ) -> Result<Option<StatementRow>> {
        let mut qb = QueryBuilder::new(format!("SELECT {COLUMNS} FROM statements WHERE "));
        push_public(&mut qb, public);
        qb.push(" AND reference = ")
            .push_bind(reference.to_string())
            .push(" COLLATE NOCASE");
        Ok(qb.build_query_as().fetch_optional(&self.pool).await?)
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
