//! Web benchmark (not a test): N statements (default 10,000) filed straight
//! into a fresh database through the Store, `liaisond run` (release build)
//! serving it, and `wrk` on loopback against the list page, a filtered list
//! and a full-text search. Prints each one's median and 99th percentile.
//!
//!     cargo bench --bench web -- 10000
//!
//! Needs `wrk` (Debian: apt-get install wrk).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use liaisond::domain::{Attachment, AttachmentInfo, Direction, Purpose, State, Statement};
use liaisond::store::{NewStatement, Store};
use rand::prelude::*;

const BIN: &str = env!("CARGO_BIN_EXE_liaisond");
const GROUPS: [&str; 8] = [
    "3GPP TSG SA WG3",
    "3GPP TSG CT WG4",
    "ITU-T Study Group 15",
    "ITU-T Study Group 17",
    "IEEE 802.1",
    "IETF LAMPS WG",
    "IETF CCAMP WG",
    "IETF OPSAWG",
];
const STATES: [State; 6] = [
    State::Received,
    State::Received,
    State::Sent,
    State::Responded,
    State::Closed,
    State::PendingApproval,
];
const WORDS: [&str; 24] = [
    "security",
    "profile",
    "certificate",
    "routing",
    "timing",
    "optical",
    "network",
    "slice",
    "privacy",
    "identity",
    "transport",
    "management",
    "yang",
    "model",
    "key",
    "exchange",
    "latency",
    "clock",
    "protection",
    "restoration",
    "multicast",
    "roaming",
    "policy",
    "quantum",
];

fn text(rng: &mut impl Rng, words: usize) -> String {
    (0..words)
        .map(|_| *WORDS.choose(rng).unwrap())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn fill(store: &Store, n: usize) {
    let mut rng = StdRng::seed_from_u64(7);
    let mut tx = store.begin().await.unwrap();
    for i in 0..n {
        let from = GROUPS.choose(&mut rng).unwrap().to_string();
        let to = GROUPS.choose(&mut rng).unwrap().to_string();
        let org = |g: &str| g.split(' ').next().unwrap().to_string();
        let purpose = [
            Purpose::ForInformation,
            Purpose::ForAction,
            Purpose::InResponse,
        ][i % 3];
        let st = Statement {
            direction: if from.starts_with("IETF") {
                Direction::Outgoing
            } else {
                Direction::Incoming
            },
            from_groups: vec![from.clone()],
            from_contacts: vec![format!("officer{i}@sdo.example")],
            to_groups: vec![to.clone()],
            purpose: Some(purpose),
            deadline: (purpose == Purpose::ForAction)
                .then(|| format!("20{:02}-{:02}-15", 24 + i % 6, 1 + i % 12)),
            title: format!("LS {i} on {}", text(&mut rng, 4)),
            body: text(&mut rng, 250),
            ..Statement::default()
        };
        let content = text(&mut rng, 600);
        let attachments = vec![Attachment {
            info: AttachmentInfo {
                name: format!("LS-{i}.txt"),
                media_type: "text/plain".into(),
                size: content.len() as u64,
                sha256: liaisond::domain::sha256_hex(content.as_bytes()),
            },
            text: Some(content.clone()),
            content: content.into_bytes(),
            span: None,
        }];
        let (from_org, to_org) = (org(&from), org(&to));
        Store::insert_statement(
            &mut tx,
            NewStatement {
                statement: &st,
                state: STATES[i % STATES.len()],
                raw_message_id: None,
                purpose_label: None,
                sent_date: None,
                attachments: &attachments,
                review_reasons: &[],
                provenance: serde_json::json!({}),
                format: None,
                from_organisation: Some(&from_org),
                to_organisation: Some(&to_org),
                addressees: serde_json::json!([]),
                response_to: None,
                consensus: None,
                fingerprint: None,
                forwarded_by: &[],
                doc_number: None,
                submitter: None,
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

/// Runs wrk and returns (requests/s, median, p99) as wrk prints them.
fn wrk(url: &str, secs: u64) -> (String, String, String) {
    let out = Command::new("wrk")
        .args(["-t2", "-c16", &format!("-d{secs}s"), "--latency", url])
        .output()
        .expect("wrk runs");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |prefix: &str| {
        report
            .lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(prefix))
            .map(|v| v.split_whitespace().next().unwrap_or_default().to_string())
            .unwrap_or_else(|| panic!("no {prefix:?} in wrk's report:\n{report}"))
    };
    assert!(
        !report.contains("Non-2xx"),
        "some requests failed:\n{report}"
    );
    (field("Requests/sec:"), field("50%"), field("99%"))
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("\n*** the load tool wrk is missing: apt-get install wrk ***\n");
        std::process::exit(1);
    }
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let store = Store::open(&dir.path().join("liaisond.db")).await.unwrap();
    fill(&store, n).await;
    store.pool().close().await;
    eprintln!("filed {n} statements in {:.1?}", started.elapsed());

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    std::fs::write(
        dir.path().join("liaisond.toml"),
        format!(
            "[database]\npath = \"liaisond.db\"\n[[mailboxes]]\nname = \"local\"\nkind = \"maildir\"\npath = \"maildir\"\n\
             [outgoing]\ntransport = \"file\"\noutbox_dir = \"outbox\"\n[reminders]\nenabled = false\n\
             [web]\nlisten = \"127.0.0.1:{port}\"\n"
        ),
    )
    .unwrap();
    let mut daemon = Command::new(BIN)
        .args(["--config", "liaisond.toml", "run"])
        .current_dir(dir.path())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let up = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            up.elapsed() < Duration::from_secs(20),
            "liaisond did not listen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let secs = 10;
    println!(
        "{n} statements, 50 per page; wrk -t2 -c16 -d{secs}s on loopback, 2 cores shared with the server"
    );
    println!(
        "{:<52} {:>10} {:>10} {:>10}",
        "page", "req/s", "median", "p99"
    );
    for (what, path) in [
        ("list, newest first", "/"),
        ("list, page 20", "/?page=20"),
        (
            "filtered: incoming, for action, received",
            "/?direction=incoming&purpose=for_action&state=received",
        ),
        ("filtered: group", "/?group=IETF%20LAMPS%20WG"),
        // The corpus draws on 24 words: these two occur in every statement.
        (
            "search: two words matching every statement",
            "/?q=quantum+roaming",
        ),
        (
            "search: two words matching one statement",
            "/?q=4242+quantum",
        ),
        (
            "JSON list, filtered by organisation",
            "/api/statements?organisation=ITU-T",
        ),
    ] {
        let (rps, median, p99) = wrk(&format!("{base}{path}"), secs);
        println!("{what:<52} {rps:>10} {median:>10} {p99:>10}");
    }
    let _ = Command::new("kill")
        .args(["-TERM", &daemon.id().to_string()])
        .status();
    let _ = daemon.wait();
}
