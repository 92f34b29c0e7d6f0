//! Atom feeds (RFC 4287): all statements, per group and per organisation,
//! each taking the list's filters too. Built with atom_syndication, which escapes.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::query::{self, Filters};
use super::{App, Error};
use crate::store::StatementRow;

/// The feed's title: what it holds, in words.
fn title(f: &Filters) -> String {
    match f.describe() {
        d if d.is_empty() => "All liaison statements".to_string(),
        d => format!("Liaison statements: {d}"),
    }
}

/// Whether `name` (or words of it) names one of `known`, any case.
fn names_one(known: &[String], name: &str) -> bool {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    !words.is_empty()
        && known.iter().any(|k| {
            let k = k.to_lowercase();
            words.iter().all(|w| k.contains(w.as_str()))
        })
}

pub(super) async fn all(
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let f = Filters::from_query(raw.as_deref()).map_err(Error::BadRequest)?;
    feed(&app, f.clone(), f, "/feed.atom").await
}

pub(super) async fn group(
    State(app): State<App>,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let f = Filters::from_query(raw.as_deref()).map_err(Error::BadRequest)?;
    if !names_one(&app.names().await?.groups, &name) {
        return Err(Error::NotFound);
    }
    let path = format!("/groups/{}/feed.atom", super::pages::enc(&name));
    let selected = Filters {
        group: name,
        ..f.clone()
    };
    feed(&app, selected, f, &path).await
}

pub(super) async fn organisation(
    State(app): State<App>,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let f = Filters::from_query(raw.as_deref()).map_err(Error::BadRequest)?;
    if !names_one(&app.names().await?.organisations, &name) {
        return Err(Error::NotFound);
    }
    let path = format!("/organisations/{}/feed.atom", super::pages::enc(&name));
    let selected = Filters {
        organisation: name,
        ..f.clone()
    };
    feed(&app, selected, f, &path).await
}

fn time(stamp: &str) -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339(stamp).unwrap_or_default()
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    let mut l = Link::default();
    l.set_href(href);
    l.set_rel(rel);
    l.set_mime_type(mime.map(str::to_string));
    l
}

fn entry(app: &App, s: &StatementRow) -> Entry {
    let url = format!("{}/statements/{}", app.base, s.reference);
    let list = |json: &str| {
        serde_json::from_str::<Vec<String>>(json)
            .unwrap_or_default()
            .join(", ")
    };
    let (from, to) = (list(&s.from_groups), list(&s.to_groups));
    let mut author = Person::default();
    author.set_name(if from.is_empty() {
        "unknown".to_string()
    } else {
        from.clone()
    });
    let mut summary = format!(
        "{}: from {from} to {to}; {}",
        s.reference,
        super::view::human(s.state.as_str())
    );
    if let Some(d) = &s.deadline {
        summary.push_str(&format!("; deadline {d}"));
    }
    let mut content = Content::default();
    content.set_content_type("text".to_string());
    content.set_value(s.body.clone());
    let mut e = Entry::default();
    e.set_id(url.clone());
    e.set_title(Text::plain(format!("{}: {}", s.reference, s.title)));
    e.set_updated(time(&s.received_at));
    e.set_published(Some(time(&s.received_at)));
    e.set_authors(vec![author]);
    e.set_links(vec![link(url, "alternate", Some("text/html"))]);
    e.set_summary(Some(Text::plain(summary)));
    e.set_content(Some(content));
    e
}

/// `f` selects the entries and names the feed; `shown`, the filters in the
/// URL, makes the feed's own links.
async fn feed(app: &App, f: Filters, shown: Filters, path: &str) -> Result<Response, Error> {
    let page = query::list(&app.store, &f, &app.public, app.page_size).await?;
    let entries: Vec<Entry> = page.rows.iter().map(|s| entry(app, s)).collect();
    let mut author = Person::default();
    author.set_name(app.site.name.clone());
    let mut feed = Feed::default();
    feed.set_id(format!("{}{}", app.base, shown.href(path, 1)));
    feed.set_title(Text::plain(title(&f)));
    // Newest first, so the first entry is the latest change; an empty feed is as old as now.
    feed.set_updated(
        entries
            .first()
            .map(|e| *e.updated())
            .unwrap_or_else(|| chrono::Utc::now().into()),
    );
    feed.set_authors(vec![author]);
    let html = f.href("/", 1);
    feed.set_links(vec![
        link(
            format!("{}{}", app.base, shown.href(path, f.page())),
            "self",
            Some("application/atom+xml"),
        ),
        link(
            format!("{}{html}", app.base),
            "alternate",
            Some("text/html"),
        ),
    ]);
    feed.set_entries(entries);
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        // Well-formed for every reader, whatever an old record holds.
        crate::mail::text::xml_safe(&feed.to_string()),
    )
        .into_response())
}
