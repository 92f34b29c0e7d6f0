//! The public record in a real browser, driven as a person would: headless
//! Chromium over WebDriver (Debian's `chromium-driver`, through fantoccini:
//! a maintained async client that speaks plain HTTP to the driver on
//! loopback and needs no TLS stack of its own). It types into the search box,
//! opens the filters, picks a group, sorts by a column, follows a statement,
//! downloads an attachment, at desktop and at phone width; checks every page
//! kind with axe-core (WCAG 2.1 A and AA) in that browser; and keeps a
//! screenshot of each page kind in `target/tmp/screens/` to look at.
//! Without chromium and chromedriver the test is skipped loudly, except
//! under CI, where it fails.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::support::daemon::wait;
use crate::support::mailstack::free_ports;
use crate::support::record::{EVIL_HTML, Record};

/// axe-core, pinned: what "no violations" means does not move under us.
const AXE: &str = "axe-core@4.10.3";

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// axe.min.js, installed once with npm into the test's own target folder.
fn axe_source() -> &'static str {
    static AXE_JS: OnceLock<String> = OnceLock::new();
    AXE_JS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("axe");
        let file = dir.join("node_modules/axe-core/axe.min.js");
        if !file.exists() {
            std::fs::create_dir_all(&dir).unwrap();
            let out = Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&dir)
                .arg(AXE)
                .output()
                .expect("npm runs (apt-get install npm)");
            assert!(
                out.status.success(),
                "npm install {AXE}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::fs::read_to_string(&file).unwrap()
    })
}

/// chromedriver on a free loopback port, in its own process group.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(bin: &Path) -> Driver {
        let [port] = free_ports().unwrap();
        let child = Command::new(bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        let up = wait(Duration::from_secs(20), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        assert!(up, "chromedriver did not listen on {port}");
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    /// A new headless browser: `phone` emulates a 390 x 844 phone screen.
    async fn browser(&self, downloads: &Path, phone: bool) -> Client {
        let mut options = json!({
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                     "--disable-dev-shm-usage", "--no-first-run"],
            "prefs": {
                "download.default_directory": downloads,
                "download.prompt_for_download": false,
            },
        });
        if phone {
            options["mobileEmulation"] = json!({
                "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2.0, "mobile": true, "touch": true}
            });
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a WebDriver session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.wait();
    }
}

/// Runs axe-core on the page and returns its WCAG A/AA violations, described.
async fn violations(c: &Client) -> Vec<String> {
    c.execute(axe_source(), vec![]).await.unwrap();
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// Checks the page with axe and keeps a screenshot of it under `name`.
async fn look(c: &Client, width: &str, name: &str) {
    let found = violations(c).await;
    assert!(found.is_empty(), "{width} {name}: {found:#?}");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screens");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{width}-{name}.png")), png).unwrap();
}

async fn texts(c: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in c.find_all(Locator::Css(css)).await.unwrap() {
        out.push(e.text().await.unwrap());
    }
    out
}

/// What a person sees of the list: the titles in order.
async fn titles(c: &Client) -> Vec<String> {
    texts(c, "td.title a").await
}

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap()
}

/// Nothing wider than the screen, and no date broken over two lines.
async fn fits(c: &Client, what: &str) {
    let overflow = js(
        c,
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
    )
    .await;
    assert!(
        overflow.as_f64().unwrap() <= 0.0,
        "{what}: wider than the screen by {overflow}"
    );
    let broken = js(
        c,
        "return [...document.querySelectorAll('time')].filter(t => t.getClientRects().length > 1
             || t.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(t).lineHeight || 20)).map(t => t.textContent);",
    )
    .await;
    assert_eq!(broken, json!([]), "{what}: dates broken over lines");
}

/// Clicks what `at` finds and waits for the page it leads to to load.
async fn go(c: &Client, at: Locator<'_>) {
    let before = js(c, "return performance.timeOrigin;").await;
    c.find(at).await.unwrap().click().await.unwrap();
    for _ in 0..200 {
        let now = js(c, "return [performance.timeOrigin, document.readyState];").await;
        if now[0] != before && now[1] == "complete" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no page loaded after a click");
}

async fn wait_for_file(file: &Path) -> Vec<u8> {
    for _ in 0..100 {
        if let Ok(bytes) = std::fs::read(file) {
            return bytes;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{} was not downloaded", file.display());
}

/// A visitor at a desk: search, filter, sort, follow, download.
async fn desktop(c: &Client, r: &Record, downloads: &Path) {
    c.goto(&r.url("/")).await.unwrap();
    assert_eq!(texts(c, "h1").await, ["Liaison statements"]);
    assert_eq!(texts(c, "#count").await, ["6 statements"]);
    look(c, "desktop", "list").await;

    // Search for a Tdoc number, as a coordinator pastes it.
    c.find(Locator::Id("q"))
        .await
        .unwrap()
        .send_keys("S3-261234")
        .await
        .unwrap();
    go(c, Locator::Css(".search button")).await;
    assert_eq!(titles(c).await, ["LS on key hierarchy"]);

    // Open the filters, type part of a group's name, show.
    c.goto(&r.url("/")).await.unwrap();
    c.find(Locator::Css("summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Id("group"))
        .await
        .unwrap()
        .send_keys("ccamp")
        .await
        .unwrap();
    go(c, Locator::Css(".actions button")).await;
    assert_eq!(titles(c).await.len(), 1);
    assert!(
        c.current_url()
            .await
            .unwrap()
            .as_str()
            .contains("group=ccamp")
    );

    // Sort by deadline with the column heading: the passed deadline first.
    c.goto(&r.url("/")).await.unwrap();
    go(c, Locator::LinkText("Deadline")).await;
    assert_eq!(titles(c).await[0], "LS on certificate profiles");
    let sorted = c.find(Locator::Css("th[aria-sort]")).await.unwrap();
    assert_eq!(
        sorted.attr("aria-sort").await.unwrap().as_deref(),
        Some("ascending")
    );

    // What is owed.
    go(c, Locator::LinkText("Responses owed")).await;
    assert_eq!(texts(c, "h1").await, ["Responses owed"]);
    look(c, "desktop", "owed").await;

    // Follow a statement and download its attachment as it was sent.
    c.goto(&r.url("/?sort=deadline")).await.unwrap();
    go(c, Locator::LinkText("LS on certificate profiles")).await;
    assert_eq!(texts(c, "h1").await, ["LS on certificate profiles"]);
    look(c, "desktop", "statement").await;
    c.find(Locator::LinkText("notes.txt"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        wait_for_file(&downloads.join("notes.txt")).await,
        b"The kangaroo clause applies."
    );
    // HTML from a stranger is saved, not rendered.
    c.find(Locator::LinkText("evil.html"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        wait_for_file(&downloads.join("evil.html")).await,
        EVIL_HTML.as_bytes()
    );
    go(c, Locator::LinkText("read its text")).await;
    look(c, "desktop", "text").await;

    // Markup from mail stays text: no script ran, no element was made of it.
    c.goto(&r.url(&format!("/statements/{}", r.refs["markup"])))
        .await
        .unwrap();
    assert!(!c.title().await.unwrap().starts_with("pwned"));
    assert_eq!(
        js(
            c,
            "return document.querySelectorAll('script, img, main b').length;"
        )
        .await,
        0
    );
    assert!(texts(c, "h1").await[0].starts_with("<script>"));
    c.goto(&r.url(&format!("/statements/{}", r.refs["unsure"])))
        .await
        .unwrap();
    look(c, "desktop", "review").await;
    c.goto(&r.url("/statements/LS-1999-0001")).await.unwrap();
    assert_eq!(texts(c, "h1").await, ["Not found"]);
    look(c, "desktop", "error").await;
}

/// A visitor on a phone: the filters folded, rows as cards, nothing cut.
async fn phone(c: &Client, r: &Record) {
    c.goto(&r.url("/")).await.unwrap();
    assert_eq!(
        js(c, "return document.querySelector('details').open;").await,
        false
    );
    let (_, _, _, height) = c
        .find(Locator::Css("form.filters"))
        .await
        .unwrap()
        .rectangle()
        .await
        .unwrap();
    assert!(
        height < 300.0,
        "the folded filters take {height}px of an 844px screen"
    );
    fits(c, "list").await;
    look(c, "phone", "list").await;
    // Filters set: shown unfolded, and the sort is in the form.
    c.goto(&r.url("/?group=lamps")).await.unwrap();
    assert_eq!(
        js(c, "return document.querySelector('details').open;").await,
        true
    );
    c.find(Locator::Id("sort"))
        .await
        .unwrap()
        .select_by_value("deadline")
        .await
        .unwrap();
    go(c, Locator::Css(".actions button")).await;
    assert_eq!(titles(c).await[0], "LS on certificate profiles");
    fits(c, "filtered list").await;
    go(c, Locator::LinkText("LS on certificate profiles")).await;
    fits(c, "statement").await;
    look(c, "phone", "statement").await;
    c.goto(&r.url("/owed")).await.unwrap();
    fits(c, "owed").await;
    look(c, "phone", "owed").await;
    c.goto(&r.url(&format!(
        "/statements/{}/attachments/0/text",
        r.refs["action"]
    )))
    .await
    .unwrap();
    look(c, "phone", "text").await;
    c.goto(&r.url("/?page=x")).await.unwrap();
    look(c, "phone", "error").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_person_searches_filters_sorts_follows_and_downloads_at_desktop_and_phone_width() {
    let (Some(chromium), Some(driver)) = (on_path("chromium"), on_path("chromedriver")) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium and chromium-driver are not installed (.ci/run installs them)"
        );
        eprintln!("\n*** SKIPPED: apt-get install chromium chromium-driver ***\n");
        return;
    };
    let _ = chromium;
    let r = Record::start(50);
    let downloads = tempfile::tempdir().unwrap();
    let d = Driver::start(&driver);
    let c = d.browser(downloads.path(), false).await;
    let desk =
        tokio::time::timeout(Duration::from_secs(240), desktop(&c, &r, downloads.path())).await;
    c.close().await.unwrap();
    desk.expect("the desktop visit finished in time");
    let c = d.browser(downloads.path(), true).await;
    let small = tokio::time::timeout(Duration::from_secs(240), phone(&c, &r)).await;
    c.close().await.unwrap();
    small.expect("the phone visit finished in time");
}
