//! HTML pages. Askama escapes every value put into a template, so a title or
//! body from mail is always shown as text; nothing here writes markup by hand.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::query::{self, Filters, HistoryItem, Link};
use super::{App, Error};
use crate::domain::{Purpose, State as Stage};
use crate::store::StatementRow;

/// Characters RFC 8187 allows unencoded in `filename*` (attr-char).
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// Everything but RFC 3986's unreserved characters.
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path segment or query value.
pub(super) fn enc(s: &str) -> String {
    utf8_percent_encode(s, RESERVED).to_string()
}

pub(super) fn human(state: &str) -> String {
    let s = state.replace('_', " ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn purpose(row: &StatementRow) -> String {
    row.purpose
        .map(|p| p.human().to_string())
        .or_else(|| row.purpose_label.clone())
        .unwrap_or_default()
}

fn groups(json: &str) -> Vec<Named> {
    serde_json::from_str::<Vec<String>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(|name| Named {
            href: format!("/?group={}", enc(&name)),
            name,
        })
        .collect()
}

fn organisation(name: Option<&str>) -> Option<Named> {
    name.map(|n| Named {
        name: n.to_string(),
        href: format!("/?organisation={}", enc(n)),
    })
}

fn title(row: &StatementRow) -> String {
    if row.title.trim().is_empty() {
        "(no title)".to_string()
    } else {
        row.title.clone()
    }
}

struct Named {
    name: String,
    href: String,
}

struct Opt {
    value: &'static str,
    label: String,
    selected: bool,
}

fn options(values: &[&'static str], chosen: &str, label: impl Fn(&str) -> String) -> Vec<Opt> {
    values
        .iter()
        .map(|v| Opt {
            value: v,
            label: label(v),
            selected: *v == chosen,
        })
        .collect()
}

struct Item {
    reference: String,
    title: String,
    direction: String,
    state: String,
    received: String,
    from: Vec<Named>,
    to: Vec<Named>,
    purpose: String,
    deadline: Option<String>,
}

#[derive(Template)]
#[template(path = "list.html")]
struct ListPage {
    f: Filters,
    directions: Vec<Opt>,
    purposes: Vec<Opt>,
    states: Vec<Opt>,
    deadlines: Vec<Opt>,
    items: Vec<Item>,
    page: u32,
    prev: Option<String>,
    next: Option<String>,
    feed: String,
    json: String,
}

pub(super) async fn list(
    State(app): State<App>,
    Query(f): Query<Filters>,
) -> Result<Html<String>, Error> {
    f.check().map_err(Error::BadRequest)?;
    let page = query::list(&app.store, &f, &app.public, app.page_size).await?;
    let items = page
        .rows
        .iter()
        .map(|r| Item {
            reference: r.reference.clone(),
            title: title(r),
            direction: human(r.direction.as_str()),
            state: human(r.state.as_str()),
            received: r.received_at.chars().take(10).collect(),
            from: groups(&r.from_groups),
            to: groups(&r.to_groups),
            purpose: purpose(r),
            deadline: r.deadline.clone(),
        })
        .collect();
    // The states a visitor may pick: the public ones, and the derived "awaiting response".
    let states: Vec<&'static str> = Stage::all()
        .filter(|s| *s == Stage::AwaitingResponse || app.public.contains(s))
        .map(Stage::as_str)
        .collect();
    let purposes: Vec<&'static str> = Purpose::all().map(Purpose::as_str).collect();
    let n = f.page();
    let t = ListPage {
        directions: options(&["incoming", "outgoing"], &f.direction, human),
        purposes: options(&purposes, &f.purpose, |p| {
            p.parse::<Purpose>()
                .map(|p| p.human().to_string())
                .unwrap_or_default()
        }),
        states: options(&states, &f.state, human),
        deadlines: options(&["passed", "coming"], &f.deadline, |d| {
            if d == "passed" {
                "Passed".into()
            } else {
                "Coming".into()
            }
        }),
        items,
        page: n,
        prev: (n > 1).then(|| f.href("/", n - 1)),
        next: page.has_next.then(|| f.href("/", n + 1)),
        feed: f.href("/feed.atom", 1),
        json: f.href("/api/statements", 1),
        f,
    };
    Ok(Html(t.render().map_err(anyhow::Error::from)?))
}

struct AttachmentView {
    n: usize,
    name: String,
    media_type: String,
    size: u64,
    has_text: bool,
}

#[derive(Template)]
#[template(path = "statement.html")]
struct StatementPage {
    s: StatementRow,
    title: String,
    direction: String,
    state: String,
    purpose: String,
    from: Vec<Named>,
    from_organisation: Option<Named>,
    from_contacts: String,
    to: Vec<Named>,
    to_organisation: Option<Named>,
    to_contacts: String,
    attachments: Vec<AttachmentView>,
    links: Vec<Link>,
    history: Vec<HistoryItem>,
}

async fn public_statement(app: &App, reference: &str) -> Result<StatementRow, Error> {
    app.store
        .public_statement(reference, &app.public)
        .await?
        .ok_or(Error::NotFound)
}

pub(super) async fn statement(
    State(app): State<App>,
    Path(reference): Path<String>,
) -> Result<Html<String>, Error> {
    let s = public_statement(&app, &reference).await?;
    let infos = app.store.attachment_infos(s.id).await?;
    let texts = app.store.attachments_with_text(s.id).await?;
    let attachments = infos
        .into_iter()
        .zip(texts)
        .enumerate()
        .map(|(n, (a, has_text))| AttachmentView {
            n,
            name: a.name,
            media_type: a.media_type,
            size: a.size,
            has_text,
        })
        .collect();
    let contacts = |json: &str| {
        serde_json::from_str::<Vec<String>>(json)
            .unwrap_or_default()
            .join(", ")
    };
    let t = StatementPage {
        title: title(&s),
        direction: human(s.direction.as_str()),
        state: human(s.state.as_str()),
        purpose: purpose(&s),
        from: groups(&s.from_groups),
        from_organisation: organisation(s.from_organisation.as_deref()),
        from_contacts: contacts(&s.from_contacts),
        to: groups(&s.to_groups),
        to_organisation: organisation(s.to_organisation.as_deref()),
        to_contacts: contacts(&s.to_contacts),
        attachments,
        links: query::links(&app.store, s.id, &app.public).await?,
        history: query::history(&app.store, s.id).await?,
        s,
    };
    Ok(Html(t.render().map_err(anyhow::Error::from)?))
}

/// Media types a browser only displays or saves; anything else (HTML, SVG,
/// XML, scripts) goes out as opaque bytes.
fn harmless(media_type: &str) -> &'static str {
    const SAFE: &[&str] = &[
        "application/pdf",
        "application/zip",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "text/plain",
        "text/csv",
        "image/png",
        "image/jpeg",
        "image/gif",
    ];
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    SAFE.iter()
        .find(|t| **t == essence)
        .copied()
        .unwrap_or("application/octet-stream")
}

/// The name a download is saved under: its last path component, without
/// control characters or leading dots, never empty.
fn file_name(name: &str, n: u32) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim().trim_start_matches('.');
    if clean.is_empty() {
        format!("attachment-{n}")
    } else {
        clean.to_string()
    }
}

pub(super) async fn attachment(
    State(app): State<App>,
    Path((reference, n)): Path<(String, u32)>,
) -> Result<Response, Error> {
    let s = public_statement(&app, &reference).await?;
    let a = app.store.download(s.id, n).await?.ok_or(Error::NotFound)?;
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        utf8_percent_encode(&file_name(&a.name, n), ATTR_CHAR)
    );
    Ok((
        [
            (header::CONTENT_TYPE, harmless(&a.media_type).to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        a.content,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "text.html")]
struct TextPage {
    reference: String,
    name: String,
    n: u32,
    text: String,
}

pub(super) async fn attachment_text(
    State(app): State<App>,
    Path((reference, n)): Path<(String, u32)>,
) -> Result<Html<String>, Error> {
    let s = public_statement(&app, &reference).await?;
    let a = app.store.download(s.id, n).await?.ok_or(Error::NotFound)?;
    let text = a.text.filter(|t| !t.is_empty()).ok_or(Error::NotFound)?;
    let t = TextPage {
        reference: s.reference,
        name: a.name,
        n,
        text,
    };
    Ok(Html(t.render().map_err(anyhow::Error::from)?))
}

pub(super) async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("style.css"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_are_names_not_paths() {
        assert_eq!(file_name("../../etc/passwd", 0), "passwd");
        assert_eq!(file_name("C:\\x\\..\\evil.exe", 1), "evil.exe");
        assert_eq!(file_name("..", 2), "attachment-2");
        assert_eq!(file_name("a\r\nSet-Cookie: x.pdf", 3), "aSet-Cookie: x.pdf");
        assert_eq!(harmless("text/html"), "application/octet-stream");
        assert_eq!(harmless("image/svg+xml"), "application/octet-stream");
        assert_eq!(harmless("Application/PDF; name=x"), "application/pdf");
    }
}
