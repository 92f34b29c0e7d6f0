//! HTML pages. Askama escapes every value put into a template, so a title or
//! body from mail is always shown as text; nothing here writes markup by hand.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::query::{self, Filters, Link};
use super::view::{Mark, day, human, size, type_name, when};
use super::{App, Error};
use crate::domain::{Purpose, State as Stage};
use crate::store::StatementRow;
use crate::store::public::Details;

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

fn purpose(row: &StatementRow) -> String {
    row.purpose
        .map(|p| p.human().to_string())
        .or_else(|| row.purpose_label.clone())
        .unwrap_or_default()
}

fn names(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

fn groups(json: &str) -> Vec<Named> {
    names(json).into_iter().map(Named::group).collect()
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

impl Named {
    fn group(name: String) -> Named {
        Named {
            href: format!("/?group={}", enc(&name)),
            name,
        }
    }
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

/// One row of the list.
struct Item {
    reference: String,
    title: String,
    state: String,
    received: String,
    received_at: String,
    from: Vec<Named>,
    to: Vec<Named>,
    purpose: String,
    deadline: Option<String>,
    mark: Option<Mark>,
    review: bool,
}

impl Item {
    fn of(r: &StatementRow, today: NaiveDate) -> Item {
        Item {
            reference: r.reference.clone(),
            title: title(r),
            state: human(r.state.as_str()),
            received: day(&r.received_at),
            received_at: when(&r.received_at),
            from: groups(&r.from_groups),
            to: groups(&r.to_groups),
            purpose: purpose(r),
            deadline: r.deadline.clone(),
            mark: Mark::of(r, today),
            review: r.needs_review,
        }
    }
}

/// A column heading that sorts by its column: a plain link.
struct Column {
    label: &'static str,
    href: String,
    /// `ascending` or `descending` when the list is sorted by it (aria-sort).
    sorted: Option<&'static str>,
    /// ▲ or ▼ when sorted by it.
    arrow: &'static str,
}

fn column(f: &Filters, path: &str, key: &'static str, label: &'static str) -> Column {
    let current = f.sorting();
    let natural = Filters {
        sort: key.to_string(),
        order: String::new(),
        ..f.clone()
    }
    .sorting();
    let is_current = natural.by == current.by;
    let ascending = if is_current {
        !current.ascending
    } else {
        natural.ascending
    };
    let linked = Filters {
        sort: key.to_string(),
        order: if ascending { "asc" } else { "desc" }.to_string(),
        ..f.clone()
    };
    Column {
        label,
        href: linked.href(path, 1),
        sorted: is_current.then_some(if current.ascending {
            "ascending"
        } else {
            "descending"
        }),
        arrow: match (is_current, current.ascending) {
            (false, _) => "",
            (true, true) => "▲",
            (true, false) => "▼",
        },
    }
}

#[derive(Template)]
#[template(path = "list.html")]
struct ListPage {
    heading: &'static str,
    owed: bool,
    path: &'static str,
    described: String,
    statements_to: Option<String>,
    f: Filters,
    open_filters: bool,
    directions: Vec<Opt>,
    purposes: Vec<Opt>,
    states: Vec<Opt>,
    deadlines: Vec<Opt>,
    sorts: Vec<Opt>,
    orders: Vec<Opt>,
    group_names: Vec<String>,
    organisation_names: Vec<String>,
    columns: Vec<Column>,
    items: Vec<Item>,
    count: i64,
    page: u32,
    pages: i64,
    prev: Option<String>,
    next: Option<String>,
    feed: String,
    json: String,
}

/// The filter menus: the public states (and "awaiting response"), purposes, deadlines, orders.
fn menus(app: &App, f: &Filters) -> [Vec<Opt>; 6] {
    let states: Vec<&'static str> = Stage::all()
        .filter(|s| *s == Stage::AwaitingResponse || app.public.contains(s))
        .map(Stage::as_str)
        .collect();
    let purposes: Vec<&'static str> = Purpose::all().map(Purpose::as_str).collect();
    [
        options(&["incoming", "outgoing"], &f.direction, human),
        options(&purposes, &f.purpose, |p| {
            p.parse::<Purpose>()
                .map(|p| p.human().to_string())
                .unwrap_or_default()
        }),
        options(&states, &f.state, human),
        options(&["passed", "coming"], &f.deadline, |d| {
            if d == "passed" { "Passed" } else { "To come" }.into()
        }),
        options(&query::SORTS, &f.sort, human),
        options(&["asc", "desc"], &f.order, |o| {
            if o == "asc" {
                "Ascending (A to Z, oldest first)"
            } else {
                "Descending (Z to A, newest first)"
            }
            .into()
        }),
    ]
}

pub(super) async fn list(
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, Error> {
    let f = Filters::from_query(raw.as_deref()).map_err(Error::BadRequest)?;
    render_list(&app, f, false).await
}

/// What is owed: For Action statements not yet answered, overdue first.
pub(super) async fn owed(
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, Error> {
    let mut f = Filters::from_query(raw.as_deref()).map_err(Error::BadRequest)?;
    f.state = Stage::AwaitingResponse.as_str().to_string();
    if f.sort.is_empty() {
        f.sort = "deadline".into();
    }
    render_list(&app, f, true).await
}

async fn render_list(app: &App, f: Filters, owed: bool) -> Result<Html<String>, Error> {
    let path = if owed { "/owed" } else { "/" };
    let page = query::list(&app.store, &f, &app.public, app.page_size).await?;
    let count = query::count(&app.store, &f, &app.public).await?;
    let today = chrono::Utc::now().date_naive();
    let items = page.rows.iter().map(|r| Item::of(r, today)).collect();
    let names = app.names().await?;
    let [directions, purposes, states, deadlines, sorts, orders] = menus(app, &f);
    let n = f.page();
    let size = i64::from(app.page_size);
    let columns = [
        ("reference", "Reference"),
        ("received", "Received"),
        ("from", "From"),
        ("to", "To"),
        ("purpose", "Purpose"),
        ("deadline", "Deadline"),
        ("state", "State"),
    ]
    .into_iter()
    .map(|(key, label)| column(&f, path, key, label))
    .collect();
    let t = ListPage {
        heading: if owed {
            "Responses owed"
        } else {
            "Liaison statements"
        },
        owed,
        path,
        described: f.describe(),
        statements_to: app.site.statements_to.clone(),
        open_filters: f.any() && !owed,
        directions,
        purposes,
        states,
        deadlines,
        sorts,
        orders,
        group_names: names.groups.clone(),
        organisation_names: names.organisations.clone(),
        columns,
        items,
        count,
        page: n,
        pages: ((count + size - 1) / size).max(1),
        prev: (n > 1).then(|| f.href(path, n - 1)),
        next: page.has_next.then(|| f.href(path, n + 1)),
        feed: f.href("/feed.atom", 1),
        json: f.href("/api/statements", 1),
        f,
    };
    Ok(Html(t.render().map_err(anyhow::Error::from)?))
}

struct AttachmentView {
    n: usize,
    name: String,
    kind: String,
    size: String,
    has_text: bool,
}

/// A contact address, linked for mail when it is one.
struct Contact {
    address: String,
    mailto: Option<String>,
}

impl Contact {
    fn of(address: &str) -> Contact {
        let plain = address.contains('@')
            && !address.contains(|c: char| c.is_whitespace() || "<>\"'".contains(c));
        Contact {
            address: address.to_string(),
            mailto: plain.then(|| format!("mailto:{address}")),
        }
    }
}

/// An addressed group with the purpose the statement states for it.
struct Addressee {
    group: Named,
    purpose: Option<String>,
}

/// The addressed groups, each with its own purpose when extraction read one
/// per addressee and the groups are still those it read.
fn addressees(row: &StatementRow, details: &Details) -> Vec<Addressee> {
    #[derive(serde::Deserialize)]
    struct Read {
        group: String,
        purpose: Option<Purpose>,
    }
    let to = names(&row.to_groups);
    let read: Vec<Read> = serde_json::from_str(&details.addressees).unwrap_or_default();
    let same = read.len() == to.len() && read.iter().all(|a| to.contains(&a.group));
    let distinct = read
        .iter()
        .filter_map(|a| a.purpose)
        .collect::<std::collections::HashSet<_>>()
        .len()
        > 1;
    to.into_iter()
        .map(|g| Addressee {
            purpose: read
                .iter()
                .find(|a| same && distinct && a.group == g)
                .and_then(|a| a.purpose)
                .map(|p| p.human().to_string()),
            group: Named::group(g),
        })
        .collect()
}

struct HistoryView {
    at: String,
    when: String,
    what: String,
}

#[derive(Template)]
#[template(path = "statement.html")]
struct StatementPage {
    s: StatementRow,
    title: String,
    direction: String,
    state: String,
    mark: Option<Mark>,
    purpose: String,
    from: Vec<Named>,
    to: Vec<Addressee>,
    from_contacts: Vec<Contact>,
    reply_to: Option<Contact>,
    to_contacts: Vec<Contact>,
    send_to: Option<Contact>,
    identifiers: Vec<(&'static str, String)>,
    received: String,
    attachments: Vec<AttachmentView>,
    links: Vec<Link>,
    history: Vec<HistoryView>,
}

async fn public_statement(app: &App, reference: &str) -> Result<StatementRow, Error> {
    app.store
        .public_statement(reference, &app.public)
        .await?
        .ok_or(Error::NotFound)
}

async fn attachment_views(app: &App, id: i64) -> Result<Vec<AttachmentView>, Error> {
    let infos = app.store.attachment_infos(id).await?;
    let texts = app.store.attachments_with_text(id).await?;
    Ok(infos
        .into_iter()
        .zip(texts)
        .enumerate()
        .map(|(n, (a, has_text))| AttachmentView {
            n,
            kind: type_name(&a.media_type, &a.name),
            size: size(a.size),
            // The name it is saved under, never a path.
            name: file_name(&a.name, n as u32),
            has_text,
        })
        .collect())
}

/// The statement's own numbers and those it quotes.
fn identifiers(s: &StatementRow, details: &Details) -> Vec<(&'static str, String)> {
    [
        ("Document number", details.doc_number.clone()),
        ("In response to", s.response_to.clone()),
        ("Dated", s.sent_date.as_deref().map(when)),
        ("Message-ID", s.message_id.clone()),
    ]
    .into_iter()
    .filter_map(|(label, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (label, v)))
    .collect()
}

pub(super) async fn statement(
    State(app): State<App>,
    Path(reference): Path<String>,
) -> Result<Html<String>, Error> {
    let s = public_statement(&app, &reference).await?;
    let details = app.store.public_details(s.id).await?;
    let contacts = |json: &str| -> Vec<Contact> {
        names(json)
            .iter()
            .filter(|a| app.shown_contact(a))
            .map(|a| Contact::of(a))
            .collect()
    };
    let one = |a: &Option<String>| {
        a.as_deref()
            .filter(|a| app.shown_contact(a))
            .map(Contact::of)
    };
    let history = query::history(&app.store, s.id)
        .await?
        .into_iter()
        .map(|h| HistoryView {
            when: when(&h.at),
            at: h.at,
            what: h.what,
        })
        .collect();
    let t = StatementPage {
        title: title(&s),
        direction: human(s.direction.as_str()),
        state: human(s.state.as_str()),
        mark: Mark::of(&s, chrono::Utc::now().date_naive()),
        purpose: purpose(&s),
        from: groups(&s.from_groups),
        to: addressees(&s, &details),
        from_contacts: contacts(&s.from_contacts),
        reply_to: one(&s.reply_to),
        to_contacts: contacts(&s.to_contacts),
        send_to: one(&s.send_to),
        identifiers: identifiers(&s, &details),
        received: when(&s.received_at),
        attachments: attachment_views(&app, s.id).await?,
        links: query::links(&app.store, s.id, &app.public).await?,
        history,
        s,
    };
    Ok(Html(t.render().map_err(anyhow::Error::from)?))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    heading: &'a str,
    message: &'a str,
}

/// An error in the site's layout, with a way back.
pub(super) fn error_page(status: StatusCode, heading: &str, message: &str) -> Response {
    let page = ErrorPage {
        status: status.as_u16(),
        heading,
        message,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        // Plain text: a message that echoes input can never become markup.
        Err(_) => (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{heading}: {message}\n"),
        )
            .into_response(),
    }
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
    let essence = crate::mail::text::essence(media_type);
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

/// An attachment's number from its URL; anything else names no attachment.
fn number(n: &str) -> Result<u32, Error> {
    n.parse().map_err(|_| Error::NotFound)
}

pub(super) async fn attachment(
    State(app): State<App>,
    Path((reference, n)): Path<(String, String)>,
) -> Result<Response, Error> {
    let n = number(&n)?;
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
    Path((reference, n)): Path<(String, String)>,
) -> Result<Html<String>, Error> {
    let n = number(&n)?;
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
