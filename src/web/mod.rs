//! The public record (draft-iab-rfc4053bis section 3): statement list and
//! pages, Atom feeds and JSON, served by `liaisond run`. Read-only: the
//! database is opened on connections that cannot write, and only GET is routed.

mod api;
mod feeds;
mod pages;
mod query;
mod view;

pub use query::{HistoryItem, Link, history, links};

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tracing::{info, warn};

use crate::domain::State;
use crate::store::Store;
use crate::store::public::Names;

/// Everything shown comes from strangers' mail: nothing may run, load or frame.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The public record's settings (`[web]`).
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct Settings {
    pub enabled: bool,
    pub listen: std::net::SocketAddr,
    /// States shown to the public; statements in any other state do not exist there.
    pub public_states: Vec<State>,
    /// Statements per page of the list, the JSON list and a feed.
    pub page_size: u32,
    /// Absolute base of links in feeds; unset: identity.public_url, else the listening address.
    #[serde(default)]
    pub base_url: Option<String>,
}

/// Who runs the record, from the daemon's identity: what the pages say about it.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Titles the feeds (`identity.name`).
    pub name: String,
    /// Base of links when `web.base_url` is unset (`identity.public_url`).
    pub public_url: Option<String>,
    /// Where to mail a statement to the IETF (the central address), said on the front page.
    pub statements_to: Option<String>,
    /// liaisond's own addresses, lower-case: never shown as a statement's contact.
    pub own: Vec<String>,
}

/// The suggested names and when they were read.
type Cached = (Instant, Arc<Names>);

#[derive(Clone)]
struct App {
    store: Store,
    public: Arc<[State]>,
    page_size: u32,
    /// Absolute base of feed links, without a trailing slash.
    base: Arc<str>,
    site: Arc<Site>,
    /// The names suggested in the filters, read at most once a minute.
    names: Arc<Mutex<Option<Cached>>>,
}

impl App {
    /// The groups and organisations of public statements (cached for a minute).
    async fn names(&self) -> anyhow::Result<Arc<Names>> {
        const FRESH: Duration = Duration::from_secs(60);
        if let Some((at, names)) = self.names.lock().expect("not poisoned").as_ref()
            && at.elapsed() < FRESH
        {
            return Ok(names.clone());
        }
        let names = Arc::new(self.store.public_names(&self.public).await?);
        *self.names.lock().expect("not poisoned") = Some((Instant::now(), names.clone()));
        Ok(names)
    }

    /// A contact as the public may see it: never liaisond's own address.
    fn shown_contact(&self, address: &str) -> bool {
        !self
            .site
            .own
            .iter()
            .any(|o| o.eq_ignore_ascii_case(address))
    }
}

/// The web server, bound and with its database open, not yet serving.
pub struct Server {
    listener: TcpListener,
    app: App,
}

impl Server {
    /// Binds `web.listen` and opens the database read-only; either failing is
    /// an error at start, not a silent absence of the public record.
    pub async fn bind(web: &Settings, database: &std::path::Path, site: Site) -> Result<Server> {
        let listener = TcpListener::bind(web.listen).await.with_context(|| {
            format!(
                "web: cannot listen on {} (is another server using it? set web.listen, or web.enabled = false)",
                web.listen
            )
        })?;
        let store = Store::open_read_only(database).await?;
        let addr = listener.local_addr()?;
        let base = web
            .base_url
            .clone()
            .or_else(|| site.public_url.clone())
            .unwrap_or_else(|| format!("http://{addr}"));
        let app = App {
            store,
            public: web.public_states.clone().into(),
            page_size: web.page_size,
            base: base.trim_end_matches('/').into(),
            site: Arc::new(site),
            names: Arc::default(),
        };
        Ok(Server { listener, app })
    }

    /// Where the record is served, as a person types it into a browser.
    pub fn url(&self) -> String {
        match self.listener.local_addr() {
            Ok(addr) if addr.ip().is_unspecified() => format!("http://localhost:{}/", addr.port()),
            Ok(addr) => format!("http://{addr}/"),
            Err(_) => "(unknown address)".into(),
        }
    }

    /// Serves until the shutdown channel says stop.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let addr = self.listener.local_addr().ok();
        info!(?addr, "public record on the web");
        let stop = async move {
            let _ = shutdown.wait_for(|stop| *stop).await;
        };
        if let Err(e) = axum::serve(self.listener, router(self.app))
            .with_graceful_shutdown(stop)
            .await
        {
            warn!(error = %e, "web server stopped");
        }
    }
}

fn router(app: App) -> Router {
    Router::new()
        .route("/", get(pages::list))
        .route("/statements", get(pages::list))
        .route("/owed", get(pages::owed))
        .route("/statements/{reference}", get(pages::statement))
        .route(
            "/statements/{reference}/attachments/{n}",
            get(pages::attachment),
        )
        .route(
            "/statements/{reference}/attachments/{n}/text",
            get(pages::attachment_text),
        )
        .route("/style.css", get(pages::style))
        .route("/feed.atom", get(feeds::all))
        .route("/groups/{name}/feed.atom", get(feeds::group))
        .route("/organisations/{name}/feed.atom", get(feeds::organisation))
        .route("/api/statements", get(api::list))
        .route("/api/statements/{reference}", get(api::statement))
        .route(
            "/api/{*rest}",
            get(|| async { api::Failed(Error::NotFound) }),
        )
        .route("/healthz", get(healthz))
        .fallback(|| async { Error::NotFound })
        .layer(axum::middleware::map_response(safety_headers))
        .with_state(app)
}

async fn safety_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// For monitoring: 200 when the database answers.
async fn healthz(
    axum::extract::State(app): axum::extract::State<App>,
) -> Result<&'static str, Error> {
    app.store.ping().await?;
    Ok("ok\n")
}

/// What a request can come to besides its answer.
enum Error {
    NotFound,
    BadRequest(String),
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Error {
        Error::Internal(e)
    }
}

impl Error {
    /// The status, a heading and what to tell the person (never the internal cause).
    fn parts(self) -> (StatusCode, &'static str, String) {
        match self {
            Error::NotFound => (
                StatusCode::NOT_FOUND,
                "Not found",
                "There is no such page or statement in the public record. A statement's \
                 reference looks like LS-2026-0042."
                    .into(),
            ),
            Error::BadRequest(why) => (
                StatusCode::BAD_REQUEST,
                "Cannot show this",
                format!("This address asks for something the record cannot show: {why}."),
            ),
            Error::Internal(e) => {
                warn!(error = %format!("{e:#}"), "web request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "The record could not be read just now; the error is logged. Please try again later."
                        .into(),
                )
            }
        }
    }
}

/// An error as a page in the site's layout, with a way back.
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, heading, message) = self.parts();
        pages::error_page(status, heading, &message)
    }
}
