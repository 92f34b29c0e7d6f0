//! The public record in a real browser (Debian's headless `chromium`): load
//! the list, follow a statement from the DOM the browser built, download an
//! attachment, and see markup from mail shown as text, never run.
//! Without chromium the test is skipped loudly, except under CI, where it fails.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::record::Record;
use regex::Regex;

fn chromium() -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join("chromium"))
        .find(|p| p.is_file())
}

/// Chromium in its own process group, with its own home (where downloads
/// go) and profile, so that it can be stopped whole.
fn browser(bin: &Path, home: &Path, args: &[&str], stdout: Stdio) -> Child {
    let profile = tempfile::tempdir_in(home).unwrap().keep();
    Command::new(bin)
        .args([
            "--headless=new",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .env("HOME", home)
        .stdout(stdout)
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap()
}

fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-s", "KILL", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();
}

/// The DOM after the page loaded and any script could have run.
fn dump_dom(bin: &Path, home: &Path, url: &str) -> String {
    let out = home.join("dom.html");
    let file = std::fs::File::create(&out).unwrap();
    let mut child = browser(bin, home, &["--dump-dom", url], file.into());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            stop(&mut child);
            panic!("chromium --dump-dom {url} did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "chromium --dump-dom {url} failed");
    std::fs::read_to_string(out).unwrap()
}

/// Lets the browser open `url` as a person clicking a link would, and waits for the finished download.
fn download(bin: &Path, home: &Path, url: &str, name: &str) -> Vec<u8> {
    let mut child = browser(bin, home, &[url], Stdio::null());
    let file = home.join("Downloads").join(name);
    let start = Instant::now();
    while !file.exists() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(100));
    }
    // Chromium writes NAME.crdownload and renames it when complete.
    std::thread::sleep(Duration::from_millis(300));
    stop(&mut child);
    std::fs::read(&file).unwrap_or_else(|_| panic!("{url} was not downloaded as {name}"))
}

fn link_to(dom: &str, label_start: &str) -> String {
    let re = Regex::new(&format!(
        r#"<a href="(/statements/[^"]+)">{}"#,
        regex::escape(label_start)
    ))
    .unwrap();
    re.captures(dom)
        .unwrap_or_else(|| panic!("no link {label_start:?} in\n{dom}"))[1]
        .to_string()
}

#[test]
fn a_person_browses_the_record_follows_a_statement_and_downloads_its_attachment() {
    let Some(bin) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed (.ci/run installs it)"
        );
        eprintln!("\n*** SKIPPED: chromium is not installed; apt-get install chromium ***\n");
        return;
    };
    let r = Record::start(50);
    let home = tempfile::tempdir().unwrap();

    let list = dump_dom(&bin, home.path(), &r.url("/"));
    assert!(list.contains("<h1>Liaison statements</h1>"), "{list}");
    let no_markup = |dom: &str| {
        let title = Regex::new(r"<title>([^<]*)</title>")
            .unwrap()
            .captures(dom)
            .unwrap()[1]
            .to_string();
        assert!(
            !title.starts_with("pwned"),
            "a script from mail ran: {title}"
        );
        assert!(
            !dom.contains("<script") && !dom.contains("<img") && !dom.contains("<b>x</b>"),
            "markup from mail became elements:\n{dom}"
        );
    };
    no_markup(&list);
    assert!(
        list.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;"),
        "{list}"
    );

    // Follow the statement whose title and body are markup.
    let page = link_to(&list, "&lt;script&gt;");
    assert_eq!(page, format!("/statements/{}", r.refs["markup"]));
    let dom = dump_dom(&bin, home.path(), &r.url(&page));
    no_markup(&dom);
    assert!(
        dom.contains(
            "<h1>&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;</h1>"
        ),
        "{dom}"
    );
    assert!(
        dom.contains("&lt;img src=x onerror="),
        "the body is text: {dom}"
    );
    let live_link = Regex::new(r#"<a [^>]*href="javascript:"#).unwrap();
    assert!(!live_link.is_match(&dom), "{dom}");

    // Follow another statement and download its attachments as they were sent.
    let page = link_to(&list, "LS on certificate profiles");
    let dom = dump_dom(&bin, home.path(), &r.url(&page));
    let attachment = Regex::new(r#"<a href="(/statements/[^"]+/attachments/\d+)">notes\.txt</a>"#)
        .unwrap()
        .captures(&dom)
        .unwrap_or_else(|| panic!("no attachment link in {dom}"))[1]
        .to_string();
    let bytes = download(&bin, home.path(), &r.url(&attachment), "notes.txt");
    assert_eq!(bytes, b"The kangaroo clause applies.");
    // HTML from a stranger is saved, not rendered, under a name that is no path.
    let bytes = download(
        &bin,
        home.path(),
        &r.url(&format!("{page}/attachments/1")),
        "evil.html",
    );
    assert_eq!(bytes, crate::support::record::EVIL_HTML.as_bytes());
}
