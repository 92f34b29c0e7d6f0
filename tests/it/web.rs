//! The public record over real HTTP: `liaisond run` serving a record made
//! through the real paths (support/record.rs).

use std::collections::BTreeSet;
use std::str::FromStr;

use crate::support::record::{MARKUP_TITLE, Record};
use serde_json::Value;

async fn get(url: &str) -> reqwest::Response {
    reqwest::get(url).await.unwrap()
}

async fn text(url: &str) -> String {
    let r = get(url).await;
    assert_eq!(r.status(), 200, "{url}");
    r.text().await.unwrap()
}

async fn json(url: &str) -> Value {
    let r = get(url).await;
    assert_eq!(r.status(), 200, "{url}");
    r.json().await.unwrap()
}

/// The statements a list page links to, in order.
fn listed(html: &str) -> Vec<String> {
    let re =
        regex::Regex::new(r#"<td class="title"><a href="/statements/(LS-\d{4}-\d{4})">"#).unwrap();
    re.captures_iter(html).map(|c| c[1].to_string()).collect()
}

fn set<'a>(r: &Record, names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    names.into_iter().map(|n| r.refs[n].clone()).collect()
}

#[tokio::test]
async fn every_filter_selects_the_same_statements_on_the_page_and_in_json() {
    let r = Record::start(50);
    let today = chrono::Utc::now().date_naive();
    let (yesterday, tomorrow) = (today.pred_opt().unwrap(), today.succ_opt().unwrap());
    let all = ["action", "markup", "coming", "answer", "unsure", "outgoing"];
    let cases: Vec<(String, Vec<&str>)> = vec![
        ("".into(), all.to_vec()),
        (
            "direction=incoming".into(),
            vec!["action", "markup", "coming", "answer", "unsure"],
        ),
        ("direction=outgoing".into(), vec!["outgoing"]),
        (
            "organisation=3GPP".into(),
            vec!["action", "coming", "answer", "unsure", "outgoing"],
        ),
        ("organisation=itu-t".into(), vec!["markup"]),
        // Parts of names, any case: an acronym, an organisation without its suffix.
        ("organisation=ITU".into(), vec!["markup"]),
        ("group=ccamp".into(), vec!["markup"]),
        (
            "group=lamps".into(),
            vec!["action", "coming", "answer", "outgoing"],
        ),
        (
            "group=sa+wg3".into(),
            vec!["action", "coming", "answer", "unsure", "outgoing"],
        ),
        (
            "group=IETF%20LAMPS%20WG".into(),
            vec!["action", "coming", "answer", "outgoing"],
        ),
        ("group=ietf+ccamp+wg".into(), vec!["markup"]),
        ("purpose=for_information".into(), vec!["markup", "unsure"]),
        (
            "purpose=for_action".into(),
            vec!["action", "coming", "outgoing"],
        ),
        ("purpose=in_response".into(), vec!["answer"]),
        ("state=received".into(), vec!["coming", "answer", "unsure"]),
        ("state=responded".into(), vec!["action"]),
        ("state=closed".into(), vec!["markup"]),
        ("state=sent".into(), vec!["outgoing"]),
        ("state=awaiting_response".into(), vec!["coming", "outgoing"]),
        ("state=pending_approval".into(), vec![]),
        ("deadline=passed".into(), vec!["action"]),
        ("deadline=coming".into(), vec!["coming", "outgoing"]),
        (format!("since={today}"), all.to_vec()),
        (format!("since={tomorrow}"), vec![]),
        (format!("until={yesterday}"), vec![]),
        (format!("since=2000-01-01&until={today}"), all.to_vec()),
        ("q=kangaroo".into(), vec!["action"]),
        ("q=wombat".into(), vec!["action"]),
        ("q=synchronisation".into(), vec!["coming"]),
        ("q=Platypus+clock".into(), vec!["coming"]),
        (
            "q=certificate+profiles".into(),
            vec!["action", "answer", "outgoing"],
        ),
        ("q=awaiting+approval".into(), vec![]),
        // A reference, a document number, a contact's address: what a coordinator pastes in.
        (
            format!("q={}", r.refs["coming"].to_lowercase()),
            vec!["coming"],
        ),
        ("q=S3-261234".into(), vec!["unsure"]),
        (
            "q=sa3-ls%403gpp.example".into(),
            vec!["action", "coming", "answer", "outgoing"],
        ),
        // Correspondence is not on the record, even when searched for.
        ("q=quokka".into(), vec![]),
        // FTS5 syntax in a search is read as words, never as a query.
        ("q=%22+NEAR(+*+OR".into(), vec![]),
        (
            "direction=incoming&purpose=for_action".into(),
            vec!["action", "coming"],
        ),
        // An HTML form sends empty fields: they mean "any".
        ("q=&direction=&state=&since=".into(), all.to_vec()),
    ];
    for (query, expected) in cases {
        let want = set(&r, expected);
        let api = json(&r.url(&format!("/api/statements?{query}"))).await;
        let from_api: BTreeSet<String> = api["statements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["reference"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(from_api, want, "JSON for {query:?}");
        let html = text(&r.url(&format!("/?{query}"))).await;
        let from_page: BTreeSet<String> = listed(&html).into_iter().collect();
        assert_eq!(from_page, want, "page for {query:?}");
    }
    for bad in [
        "direction=sideways",
        "since=2026-13-45",
        "state=lost",
        "page=0",
        "page=x",
    ] {
        let resp = get(&r.url(&format!("/?{bad}"))).await;
        assert_eq!(resp.status(), 400, "{bad}");
        let resp = get(&r.url(&format!("/api/statements?{bad}"))).await;
        assert_eq!(resp.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn lists_are_newest_first_and_paginated_with_linkable_urls() {
    let r = Record::start(2);
    // Newest first: the outgoing statement was filed last.
    let first = listed(&text(&r.url("/")).await);
    assert_eq!(first.len(), 2);
    assert_eq!(first[0], r.refs["outgoing"]);

    let mut seen = Vec::new();
    let mut url = r.url("/api/statements");
    loop {
        let page = json(&url).await;
        for s in page["statements"].as_array().unwrap() {
            seen.push(s["reference"].as_str().unwrap().to_string());
        }
        match page["next"].as_str() {
            Some(next) => url = r.url(next),
            None => break,
        }
    }
    let next_link = regex::Regex::new(r#"<a rel="next" href="([^"]+)">"#).unwrap();
    let mut html_seen = Vec::new();
    let mut url = r.url("/");
    loop {
        let html = text(&url).await;
        html_seen.extend(listed(&html));
        let next = next_link
            .captures(&html)
            .map(|c| c[1].replace("&#38;", "&"));
        match next {
            Some(next) => url = r.url(&next),
            None => break,
        }
    }
    assert_eq!(seen, html_seen);
    assert_eq!(seen.len(), 6, "every public statement once: {seen:?}");
    let mut by_time = seen.clone();
    by_time.sort();
    by_time.reverse();
    assert_eq!(seen, by_time, "newest first");

    // Filters survive paging.
    let page1 = text(&r.url("/?direction=incoming")).await;
    assert!(
        page1.contains(r#"rel="next" href="/?direction=incoming&#38;page=2""#),
        "{page1}"
    );
    let page2 = listed(&text(&r.url("/?direction=incoming&page=2")).await);
    assert_eq!(page2, [r.refs["coming"].clone(), r.refs["markup"].clone()]);
}

#[tokio::test]
async fn a_statement_page_shows_its_fields_history_links_and_attachments() {
    let r = Record::start(50);
    let action = &r.refs["action"];
    let html = text(&r.url(&format!("/statements/{action}"))).await;
    for field in [
        "<h1>LS on certificate profiles</h1>",
        "<dt>From</dt>",
        "3GPP TSG SA WG3",
        "<dt>From-Contact</dt><dd><a href=\"mailto:officer@3gpp.example\">officer@3gpp.example</a></dd>",
        "<dt>Send Reply To</dt><dd><a href=\"mailto:sa3-ls@3gpp.example\">sa3-ls@3gpp.example</a></dd>",
        "<dt>To</dt>",
        "IETF LAMPS WG",
        "<dt>To-Contact</dt>",
        "<dt>Send To</dt>",
        "<dt>Purpose</dt><dd>For Action</dd>",
        "<time datetime=\"2020-01-15\">2020-01-15</time>",
        "<dt>State</dt><dd>Responded</dd>",
        "Please review the wombat profile.",
        "notes.txt</a> <span class=\"meta\">Text, 1 kB</span>",
        "evil.html</a> <span class=\"meta\">Web page (HTML), 1 kB</span>",
        "Received and recorded",
        "Acknowledged to the sender",
        "Distributed to",
        &format!("Answered by {}", r.refs["answer"]),
        &format!("<a href=\"/statements/{}\">", r.refs["answer"]),
    ] {
        assert!(html.contains(field), "{field:?} missing:\n{html}");
    }
    // Times to the minute in UTC, never raw RFC 3339 with milliseconds.
    let humane = regex::Regex::new(
        r#"<dt>Received</dt><dd><time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d UTC</time>"#,
    )
    .unwrap();
    assert!(humane.is_match(&html), "{html}");
    assert!(
        !regex::Regex::new(r">\d{4}-\d\d-\d\dT\d\d:")
            .unwrap()
            .is_match(&html),
        "{html}"
    );
    // No organisation in brackets after other bodies' groups; the central address is no contact.
    assert!(!html.contains("(IETF)") && !html.contains("(<a"), "{html}");
    for private in [
        "coord@iab.example",
        "needs review",
        "commands",
        "liaison@iab.example\">",
    ] {
        assert!(
            !html.to_lowercase().contains(private),
            "{private} shown:\n{html}"
        );
    }
    // The answer links back.
    let answer = text(&r.url(&format!("/statements/{}", r.refs["answer"]))).await;
    assert!(
        answer.contains(&format!("Answers <a href=\"/statements/{action}\">")),
        "{answer}"
    );
    // The outgoing statement's history says it was approved and sent.
    let out = text(&r.url(&format!("/statements/{}", r.refs["outgoing"]))).await;
    for h in ["Submitted for approval", "Approved", "Sent", "WG consensus"] {
        assert!(out.contains(h), "{h}:\n{out}");
    }
    // Extracted text, escaped in a <pre>.
    let t = text(&r.url(&format!("/statements/{action}/attachments/0/text"))).await;
    assert!(
        t.contains("<pre class=\"text\">The kangaroo clause applies."),
        "{t}"
    );
    // HTML is read as text: its words, never its markup or script.
    let t = text(&r.url(&format!("/statements/{action}/attachments/1/text"))).await;
    assert!(
        t.contains("Visible words") && !t.contains("<script>alert"),
        "{t}"
    );
    assert_eq!(get(&r.url("/statements/LS-1999-0001")).await.status(), 404);
}

#[tokio::test]
async fn attachments_download_in_their_original_form_with_safe_headers() {
    let r = Record::start(50);
    let action = &r.refs["action"];
    let resp = get(&r.url(&format!("/statements/{action}/attachments/0"))).await;
    assert_eq!(resp.status(), 200);
    let h = resp.headers().clone();
    assert_eq!(h["content-type"], "text/plain");
    assert_eq!(
        h["content-disposition"],
        "attachment; filename*=UTF-8''notes.txt"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
    assert_eq!(resp.text().await.unwrap(), "The kangaroo clause applies.");

    // HTML from a stranger is never served as HTML, and its name is no path.
    let resp = get(&r.url(&format!("/statements/{action}/attachments/1"))).await;
    assert_eq!(resp.headers()["content-type"], "application/octet-stream");
    assert_eq!(
        resp.headers()["content-disposition"],
        "attachment; filename*=UTF-8''evil.html"
    );

    for trick in [
        "..%2F..%2Fetc%2Fpasswd",
        "../../etc/passwd",
        "0%2F..%2F..",
        "-1",
        "2",
        "notes.txt",
    ] {
        let url = r.url(&format!("/statements/{action}/attachments/{trick}"));
        let status = get(&url).await.status().as_u16();
        assert!(status == 400 || status == 404, "{trick}: {status}");
    }
}

#[tokio::test]
async fn statements_in_non_public_states_do_not_exist_on_the_web() {
    let r = Record::start(50);
    let pending = &r.refs["pending"];
    for path in [
        format!("/statements/{pending}"),
        format!("/api/statements/{pending}"),
        format!("/statements/{pending}/attachments/0"),
    ] {
        assert_eq!(get(&r.url(&path)).await.status(), 404, "{path}");
    }
    for path in [
        "/",
        "/api/statements",
        "/feed.atom",
        "/?q=awaiting",
        "/groups/IETF%20LAMPS%20WG/feed.atom",
    ] {
        let body = text(&r.url(path)).await;
        assert!(
            !body.contains(pending.as_str()) && !body.contains("LS awaiting approval"),
            "{path}"
        );
    }
    // The state filter offers only public states.
    let html = text(&r.url("/")).await;
    assert!(!html.contains("value=\"pending_approval\""));
}

#[tokio::test]
async fn markup_from_mail_is_shown_as_text() {
    let r = Record::start(50);
    let markup = &r.refs["markup"];
    for path in ["/".to_string(), format!("/statements/{markup}")] {
        let html = text(&r.url(&path)).await;
        assert!(!html.contains("<script>document"), "{path}:\n{html}");
        assert!(
            !html.contains("<b>x</b>") && !html.contains("<img src=x"),
            "{path}"
        );
        assert!(html.contains("&#60;script&#62;document.title=&#39;pwned&#39;&#60;/script&#62;&#60;b&#62;x&#60;/b&#62;"), "{path}:\n{html}");
    }
    let feed = text(&r.url("/feed.atom")).await;
    assert!(!feed.contains("<script>"), "{feed}");
    let f = atom_syndication::Feed::from_str(&feed).unwrap();
    let entry = f
        .entries()
        .iter()
        .find(|e| e.id().ends_with(markup.as_str()))
        .unwrap();
    assert_eq!(entry.title().as_str(), format!("{markup}: {MARKUP_TITLE}"));
    let v = json(&r.url(&format!("/api/statements/{markup}"))).await;
    assert_eq!(v["title"], MARKUP_TITLE);
}

#[tokio::test]
async fn feeds_are_valid_atom_for_all_per_group_and_per_organisation() {
    let r = Record::start(50);
    for (path, expected) in [
        (
            "/feed.atom",
            vec!["action", "markup", "coming", "answer", "unsure", "outgoing"],
        ),
        ("/groups/IETF%20CCAMP%20WG/feed.atom", vec!["markup"]),
        (
            "/groups/IETF%20LAMPS%20WG/feed.atom?purpose=for_action",
            vec!["action", "coming", "outgoing"],
        ),
        ("/organisations/ITU-T/feed.atom", vec!["markup"]),
        (
            "/organisations/3GPP/feed.atom",
            vec!["action", "coming", "answer", "unsure", "outgoing"],
        ),
    ] {
        let resp = get(&r.url(path)).await;
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(
            resp.headers()["content-type"],
            "application/atom+xml; charset=utf-8"
        );
        let feed = atom_syndication::Feed::from_str(&resp.text().await.unwrap()).unwrap();
        assert!(feed.id().starts_with(&r.base), "{path}: {}", feed.id());
        assert!(!feed.title().as_str().is_empty() && !feed.authors().is_empty());
        let self_link = feed
            .links()
            .iter()
            .find(|l| l.rel() == "self")
            .expect("rel=self");
        assert_eq!(self_link.href(), r.url(path), "{path}");
        let ids: BTreeSet<String> = feed.entries().iter().map(|e| e.id().to_string()).collect();
        assert_eq!(ids.len(), feed.entries().len(), "{path}: unique ids");
        let want: BTreeSet<String> = expected
            .iter()
            .map(|n| r.url(&format!("/statements/{}", r.refs[n])))
            .collect();
        assert_eq!(ids, want, "{path}");
        for e in feed.entries() {
            let alt = e.links().iter().find(|l| l.rel() == "alternate").unwrap();
            assert_eq!(alt.href(), e.id());
            assert_eq!(get(alt.href()).await.status(), 200);
            assert!(e.updated() <= feed.updated(), "{path}");
            assert!(!e.authors().is_empty() && e.published().is_some());
        }
    }
}

const CONTRACT: [&str; 16] = [
    "reference",
    "direction",
    "state",
    "from_groups",
    "from_contacts",
    "reply_to",
    "to_groups",
    "to_contacts",
    "send_to",
    "purpose",
    "deadline",
    "title",
    "body",
    "attachments",
    "received_at",
    "message_id",
];

#[tokio::test]
async fn json_uses_the_field_names_of_the_cli_contract() {
    let r = Record::start(50);
    let list = json(&r.url("/api/statements")).await;
    assert_eq!(list["page"], 1);
    assert!(list["next"].is_null());
    let want: BTreeSet<&str> = CONTRACT.into_iter().collect();
    for s in list["statements"].as_array().unwrap() {
        let keys: BTreeSet<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, want);
    }
    let action = &r.refs["action"];
    let detail = json(&r.url(&format!("/api/statements/{action}"))).await;
    let keys: BTreeSet<&str> = detail
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut with_more = want.clone();
    with_more.extend(["links", "history"]);
    assert_eq!(keys, with_more);
    // The same values as `liaisond show --json`.
    let out = std::process::Command::new(crate::support::daemon::BIN)
        .args(["--config", "liaisond.toml", "show", action, "--json"])
        .current_dir(&r.dir)
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    for k in CONTRACT {
        assert_eq!(detail[k], cli[k], "{k}");
    }
    assert_eq!(detail["attachments"][0]["name"], "notes.txt");
    assert_eq!(detail["links"][0]["relation"], "answered_by");
    assert_eq!(detail["links"][0]["reference"], r.refs["answer"].as_str());
    assert_eq!(detail["history"][0]["event"], "recorded");
    assert_eq!(
        get(&r.url("/api/statements/LS-1999-0001")).await.status(),
        404
    );
}

#[tokio::test]
async fn every_response_has_the_safety_headers_and_no_request_writes() {
    let r = Record::start(50);
    let action = &r.refs["action"];
    let client = reqwest::Client::new();
    for path in [
        "/".to_string(),
        format!("/statements/{action}"),
        format!("/statements/{action}/attachments/0"),
        "/api/statements".to_string(),
        "/feed.atom".to_string(),
        "/healthz".to_string(),
        "/style.css".to_string(),
        "/no/such/page".to_string(),
    ] {
        let resp = client.get(r.url(&path)).send().await.unwrap();
        let h = resp.headers();
        assert_eq!(
            h["content-security-policy"],
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            "{path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        for method in [
            reqwest::Method::POST,
            reqwest::Method::PUT,
            reqwest::Method::DELETE,
        ] {
            let resp = client
                .request(method.clone(), r.url(&path))
                .body("x")
                .send()
                .await
                .unwrap();
            assert!(
                matches!(resp.status().as_u16(), 404 | 405),
                "{method} {path}"
            );
        }
    }
    assert_eq!(text(&r.url("/healthz")).await, "ok\n");
}

/// The text of the `class` cell of each row, in order.
fn cells(html: &str, label: &str) -> Vec<String> {
    let re = regex::Regex::new(&format!(r#"<td[^>]*data-label="{label}">(.*?)</td>"#)).unwrap();
    let tags = regex::Regex::new(r"<[^>]+>").unwrap();
    re.captures_iter(html)
        .map(|c| tags.replace_all(&c[1], "").trim().to_string())
        .collect()
}

#[tokio::test]
async fn a_coordinator_sorts_counts_and_sees_what_is_owed() {
    let r = Record::start(50);
    let html = text(&r.url("/")).await;
    // What the site is and where a statement goes.
    assert!(
        html.contains("draft-iab-rfc4053bis") && html.contains("mailto:liaison@iab.example"),
        "{html}"
    );
    assert!(
        html.contains("<h2 id=\"count\" class=\"count\">6 statements</h2>"),
        "{html}"
    );
    // Marks: the passed, answered action is Answered; the open one needs action; the outgoing one too.
    let states = cells(&html, "State");
    assert_eq!(states.len(), 6);
    let row_of = |name: &str| {
        listed(&html)
            .iter()
            .position(|x| *x == r.refs[name])
            .unwrap()
    };
    assert_eq!(states[row_of("action")], "Responded Answered");
    assert_eq!(states[row_of("coming")], "Received Action needed");
    assert!(
        html.contains("Details under review"),
        "the unsure statement is marked"
    );
    // Sorting by a column is a plain link; deadlines sort soonest first, none last.
    let by_deadline = text(&r.url("/?sort=deadline")).await;
    assert_eq!(
        listed(&by_deadline)[..3],
        [
            r.refs["action"].clone(),
            r.refs["coming"].clone(),
            r.refs["outgoing"].clone()
        ]
    );
    assert!(
        by_deadline
            .contains(r#"aria-sort="ascending"><a href="/?sort=deadline&#38;order=desc">Deadline"#),
        "{by_deadline}"
    );
    let desc = text(&r.url("/?sort=reference&order=asc")).await;
    let mut refs = listed(&desc);
    assert_eq!(refs.len(), 6);
    let sorted = {
        let mut v = refs.clone();
        v.sort();
        v
    };
    assert_eq!(refs, sorted);
    refs.reverse();
    assert_eq!(
        listed(&text(&r.url("/?sort=reference&order=desc")).await),
        refs
    );
    // What is owed: For Action, not answered; overdue first (here none is), then by deadline.
    let owed = text(&r.url("/owed")).await;
    assert_eq!(
        listed(&owed),
        [r.refs["coming"].clone(), r.refs["outgoing"].clone()]
    );
    assert!(owed.contains("2 statements: awaiting a response"), "{owed}");
    // Filters are folded unless one is set; suggestions come from the record.
    assert!(html.contains("<details>") && !html.contains("<details open>"));
    let filtered = text(&r.url("/?group=ccamp")).await;
    assert!(filtered.contains("<details open>"), "{filtered}");
    assert!(
        html.contains(r#"<datalist id="group-names">"#)
            && html.contains(r#"<option value="IETF CCAMP WG">"#),
        "{html}"
    );
    assert!(html.contains(r#"<option value="ITU-T">"#), "{html}");
    // References in any case, in URLs too.
    let lower = r.refs["coming"].to_lowercase();
    assert_eq!(
        get(&r.url(&format!("/statements/{lower}"))).await.status(),
        200
    );
    assert_eq!(
        get(&r.url(&format!("/api/statements/{lower}")))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_statement_under_review_is_public_and_says_so_and_correspondence_is_not() {
    let r = Record::start(50);
    let unsure = text(&r.url(&format!("/statements/{}", r.refs["unsure"]))).await;
    assert!(
        unsure.contains("<strong>Details under review.</strong>"),
        "{unsure}"
    );
    assert!(
        unsure.contains("<dt>Document number</dt><dd>S3-261234</dd>"),
        "{unsure}"
    );
    // The central address the sender wrote to is no To-Contact of the statement.
    assert!(unsure.contains("<dt>To-Contact</dt><dd>–</dd>"), "{unsure}");
    // The question was kept as correspondence (the record checks it), never filed.
    for path in ["/", "/api/statements", "/feed.atom", "/?q=quokka"] {
        let body = text(&r.url(path)).await;
        assert!(!body.contains("RFC 9000"), "{path}");
    }
}

#[tokio::test]
async fn errors_are_pages_with_a_way_back_json_on_the_api_and_404_for_unknown_feeds() {
    let r = Record::start(50);
    for (path, status) in [
        ("/?page=x", 400),
        ("/?since=2026-13-45", 400),
        ("/statements/LS-1999-0001", 404),
        ("/no/such/page", 404),
        ("/statements/LS-1999-0001/attachments/x", 404),
    ] {
        let resp = get(&r.url(path)).await;
        assert_eq!(resp.status(), status, "{path}");
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let html = resp.text().await.unwrap();
        assert!(
            html.contains("<a href=\"/\">Back to all liaison statements</a>")
                && html.contains("<link rel=\"stylesheet\" href=\"/style.css\">"),
            "{path}: {html}"
        );
        assert!(!html.contains("deserialize"), "{path}: {html}");
    }
    let bad = get(&r.url("/?page=x")).await.text().await.unwrap();
    assert!(bad.contains("page must be a number"), "{bad}");
    for (path, status) in [
        ("/api/statements?page=x", 400),
        ("/api/statements/LS-1999-0001", 404),
        ("/api/nothing", 404),
    ] {
        let resp = get(&r.url(path)).await;
        assert_eq!(resp.status(), status, "{path}");
        let v: Value = resp.json().await.unwrap();
        assert_eq!(v["error"]["status"], status, "{path}");
        assert!(!v["error"]["message"].as_str().unwrap().is_empty());
    }
    for path in [
        "/groups/Nobody/feed.atom",
        "/organisations/Nobody/feed.atom",
    ] {
        assert_eq!(get(&r.url(path)).await.status(), 404, "{path}");
    }
    // A feed's title says what it holds.
    let feed = text(&r.url("/groups/ccamp/feed.atom?purpose=for_information")).await;
    let f = atom_syndication::Feed::from_str(&feed).unwrap();
    assert_eq!(
        f.title().as_str(),
        "Liaison statements: For Information, from or to ccamp"
    );
    let all = atom_syndication::Feed::from_str(&text(&r.url("/feed.atom")).await).unwrap();
    assert_eq!(all.title().as_str(), "All liaison statements");
}
