//! JSON: the list (same filters as the pages) and one statement, in the
//! field names of the CLI's JSON contract. Errors are JSON too:
//! `{"error": {"status": 404, "message": "..."}}`.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::query::{self, Filters, HistoryItem, Link};
use super::{App, Error};
use crate::domain::Statement;

/// An error answered in JSON, for programs.
pub(super) struct Failed(pub(super) Error);

impl From<Error> for Failed {
    fn from(e: Error) -> Failed {
        Failed(e)
    }
}

impl From<anyhow::Error> for Failed {
    fn from(e: anyhow::Error) -> Failed {
        Failed(Error::Internal(e))
    }
}

impl IntoResponse for Failed {
    fn into_response(self) -> Response {
        let (status, _, message) = self.0.parts();
        let body = serde_json::json!({"error": {"status": status.as_u16(), "message": message}});
        (status, Json(body)).into_response()
    }
}

#[derive(Serialize)]
pub(super) struct List {
    statements: Vec<Statement>,
    page: u32,
    /// The next page's URL (same filters), null on the last.
    next: Option<String>,
}

pub(super) async fn list(
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Result<Json<List>, Failed> {
    let f = Filters::from_query(raw.as_deref()).map_err(Error::BadRequest)?;
    let page = query::list(&app.store, &f, &app.public, app.page_size).await?;
    let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
    let attachments = app.store.attachments_of(&ids).await?;
    let statements = page
        .rows
        .iter()
        .map(|r| {
            let mine = attachments
                .iter()
                .filter(|(id, _)| *id == r.id)
                .map(|(_, a)| a.clone())
                .collect();
            r.to_contract(mine)
        })
        .collect();
    let n = f.page();
    Ok(Json(List {
        statements,
        page: n,
        next: page.has_next.then(|| f.href("/api/statements", n + 1)),
    }))
}

#[derive(Serialize)]
pub(super) struct Detail {
    #[serde(flatten)]
    statement: Statement,
    links: Vec<Link>,
    history: Vec<HistoryItem>,
}

pub(super) async fn statement(
    State(app): State<App>,
    Path(reference): Path<String>,
) -> Result<Json<Detail>, Failed> {
    let row = app
        .store
        .public_statement(&reference, &app.public)
        .await?
        .ok_or(Error::NotFound)?;
    let statement = row.to_contract(app.store.attachment_infos(row.id).await?);
    Ok(Json(Detail {
        statement,
        links: query::links(&app.store, row.id, &app.public).await?,
        history: query::history(&app.store, row.id).await?,
    }))
}
