//! The extraction corpora. tests/corpus/cases (written by tests/corpus/generate.py
//! together with the rules):
//! 40 statements in the six formats (rfc4053bis form, Datatracker mail, 3GPP LS,
//! ITU-T LS, letter, plain mail) with .docx, .pdf and .zip attachments (a zip
//! holding a docx, a zip in a zip), scored field by field by
//! `liaisond accuracy tests/corpus/cases --json`, documents read in the isolated
//! child process as in the daemon. tests/corpus/real: published statements
//! nobody here wrote (see `the_real_corpus_is_extracted_field_by_field`).
//!
//! Floors sit just below what extraction achieved when they were set, so a
//! regression fails: on tests/corpus/cases 100% of every field since issue 14
//! (the deadline a response quotes from what it answers, a date a PDF letter
//! wrapped, an ITU-T answer sent "for information" are now read right).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

const OVERALL: f64 = 0.99;
/// Per field; a field not listed must stay at or above `DEFAULT_FIELD`.
const FIELD_FLOORS: [(&str, f64); 0] = [];
const DEFAULT_FIELD: f64 = 0.99;

/// Every field the contract has, and those extraction adds, must be scored.
const FIELDS: [&str; 15] = [
    "format",
    "from_groups",
    "from_organisation",
    "from_contacts",
    "reply_to",
    "to_groups",
    "to_organisation",
    "to_contacts",
    "send_to",
    "purpose",
    "deadline",
    "title",
    "in_response_to",
    "needs_review",
    "attachments",
];

#[test]
fn the_corpus_is_extracted_field_by_field() {
    let report = accuracy("cases");
    let cases = report["cases"].as_u64().unwrap();
    assert!(cases >= 30, "only {cases} cases");
    assert_eq!(report["failed"], serde_json::json!([]), "unreadable cases");

    let fields = report["fields"].as_object().unwrap();
    for f in FIELDS {
        assert!(fields.contains_key(f), "{f} is never scored");
    }
    let floors: BTreeMap<&str, f64> = FIELD_FLOORS.into_iter().collect();
    let (mut correct, mut total) = (0.0, 0.0);
    let mut low = Vec::new();
    for (name, score) in fields {
        let (c, t) = (
            score["correct"].as_f64().unwrap(),
            score["total"].as_f64().unwrap(),
        );
        let floor = floors.get(name.as_str()).copied().unwrap_or(DEFAULT_FIELD);
        if c / t < floor {
            low.push(format!("{name}: {c}/{t} below {floor}"));
        }
        correct += c;
        total += t;
    }
    assert!(low.is_empty(), "{low:?}\n{:#}", report["misses"]);
    assert!(
        correct / total >= OVERALL,
        "{correct}/{total} below {OVERALL}\n{:#}",
        report["misses"]
    );
}

/// Every attachment of every case is reported by its file name: nothing is
/// lost on the way, whatever the format or packing.
#[test]
fn every_attachment_is_reported_by_name() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/cases");
    let mut checked = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        let Some(want) = expected["attachments"].as_array() else {
            continue;
        };
        let out = Command::new(env!("CARGO_BIN_EXE_liaisond"))
            .arg("extract")
            .arg(dir.join("message.eml"))
            .env_remove("RUST_LOG")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", dir.display());
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut names: Vec<&str> = got["attachments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        let mut want: Vec<&str> = want.iter().map(|a| a.as_str().unwrap()).collect();
        names.sort();
        want.sort();
        assert_eq!(names, want, "{}", dir.display());
        checked += 1;
    }
    assert!(
        checked >= 30,
        "only {checked} cases state their attachments"
    );
}

/// `liaisond accuracy DIR --json` on a corpus under tests/corpus.
fn accuracy(corpus: &str) -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(corpus);
    let out = Command::new(env!("CARGO_BIN_EXE_liaisond"))
        .arg("accuracy")
        .arg(&dir)
        .arg("--json")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The wrong fields of cases nobody was asked to review.
fn silent(report: &Value) -> Vec<&Value> {
    report["misses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["flagged"] == false)
        .collect()
}

/// Fields right out of fields scored, over every field.
fn overall(report: &Value) -> (f64, f64) {
    report["fields"]
        .as_object()
        .unwrap()
        .values()
        .fold((0.0, 0.0), |(c, t), f| {
            (
                c + f["correct"].as_f64().unwrap(),
                t + f["total"].as_f64().unwrap(),
            )
        })
}

/// tests/corpus/real: published statements in the shapes they reach the
/// central address (Datatracker page as text, markdown or HTML table, the
/// Datatracker's notification, the bodies' own LS documents, letters),
/// written by someone who did not write the rules, and mail that is no
/// statement. `heldout/` is only ever scored: its floor is the number that
/// predicts statements nobody has seen.
///
/// Floors sit just below what extraction achieved when they were set (see
/// the issue 14 note): heldout 97.4%, the whole real corpus 97.9%; every
/// field of the whole corpus listed below. Any wrong field must be flagged
/// for review, except the one heldout from_contacts miss in a markdown page
/// that is known and counted (REAL_SILENT); no statement may be taken for
/// correspondence, no correspondence for a statement.
#[test]
fn the_real_corpus_is_extracted_field_by_field() {
    const HELDOUT: f64 = 0.97;
    const REAL: f64 = 0.975;
    const REAL_SILENT: usize = 1;
    const FIELD_FLOORS: [(&str, f64); 13] = [
        ("attachments", 1.0),
        ("deadline", 1.0),
        ("from_contacts", 0.88),
        ("from_groups", 0.96),
        ("from_organisation", 0.98),
        ("in_response_to", 0.97),
        ("kind", 1.0),
        ("purpose", 0.96),
        ("reply_to", 0.97),
        ("title", 1.0),
        ("to_contacts", 0.98),
        ("to_groups", 0.98),
        ("to_organisation", 0.96),
    ];
    let heldout = accuracy("real/heldout");
    assert!(heldout["cases"].as_u64().unwrap() >= 45);
    let (c, t) = overall(&heldout);
    assert!(
        c / t >= HELDOUT,
        "heldout {c}/{t} below {HELDOUT}\n{:#}",
        heldout["fields"]
    );

    let real = accuracy("real");
    let cases = real["cases"].as_u64().unwrap();
    assert!(cases >= 75, "only {cases} real cases");
    assert_eq!(real["failed"], serde_json::json!([]), "unreadable cases");
    let fields = real["fields"].as_object().unwrap();
    let mut low = Vec::new();
    for (name, floor) in FIELD_FLOORS {
        let f = &fields[name];
        let (c, t) = (f["correct"].as_f64().unwrap(), f["total"].as_f64().unwrap());
        if c / t < floor {
            low.push(format!("{name}: {c}/{t} below {floor}"));
        }
    }
    assert!(low.is_empty(), "{low:?}\n{:#}", real["misses"]);
    let (c, t) = overall(&real);
    assert!(c / t >= REAL, "real {c}/{t} below {REAL}");

    assert_eq!(
        real["statements_as_correspondence"],
        serde_json::json!([]),
        "statements taken for correspondence"
    );
    assert_eq!(
        real["correspondence_as_statements"],
        serde_json::json!([]),
        "correspondence taken for statements"
    );
    let silent = silent(&real);
    assert!(
        silent.len() <= REAL_SILENT,
        "wrong and not flagged for review: {silent:#?}"
    );
}

/// The rules written on the train cases hold there: nothing wrong unflagged.
#[test]
fn the_real_train_cases_have_no_silent_error() {
    let train = accuracy("real/train");
    let (c, t) = overall(&train);
    assert!(c / t >= 0.985, "train {c}/{t}\n{:#}", train["misses"]);
    let silent = silent(&train);
    assert!(silent.is_empty(), "{silent:#?}");
}

/// Mail that is no statement (the real corpus's correspondence: a question,
/// a flyer, a list post, automatic replies, a newsletter, an invitation) is
/// archived as correspondence, not filed, acknowledged or distributed,
/// while a pasted Datatracker page in the same run is recorded. Through
/// `liaisond ingest`, the daemon's own pipeline.
#[test]
fn correspondence_is_kept_but_never_filed_or_answered() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/real");
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(root.join("correspondence")).unwrap() {
        let case = entry.unwrap().path();
        let name = format!("{}.eml", case.file_name().unwrap().to_string_lossy());
        std::fs::copy(case.join("message.eml"), dir.path().join(&name)).unwrap();
        names.push(name);
    }
    assert!(names.len() >= 9);
    names.sort();
    let page = "11-etsi-zsm-agents-autonomy-a2";
    std::fs::copy(
        root.join("train").join(page).join("message.eml"),
        dir.path().join("page.eml"),
    )
    .unwrap();
    let mut args = vec!["ingest"];
    args.extend(names.iter().map(String::as_str));
    args.push("page.eml");
    let out = Command::new(env!("CARGO_BIN_EXE_liaisond"))
        .args(&args)
        .current_dir(dir.path())
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    for name in &names {
        let line = text.lines().find(|l| l.starts_with(name.as_str())).unwrap();
        assert!(line.contains("archived only ("), "{line}");
    }
    let as_correspondence = text
        .lines()
        .filter(|l| l.contains("archived only (correspondence)"))
        .count();
    assert!(as_correspondence >= 5, "{text}");
    assert!(text.contains("page.eml: recorded as LS-"), "{text}");

    let list = Command::new(env!("CARGO_BIN_EXE_liaisond"))
        .args(["list", "--json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let listed: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed:#}");
    // Nothing went to those who wrote the correspondence.
    let outbox = dir.path().join("data/outbox");
    for mail in std::fs::read_dir(&outbox).into_iter().flatten() {
        let mail = std::fs::read_to_string(mail.unwrap().path()).unwrap();
        for who in [
            "priya.raman@",
            "events@ntif",
            "kenji.ito@",
            "lena.svensson@",
            "elodie.marchand@",
        ] {
            assert!(!mail.contains(who), "answered {who}: {mail}");
        }
    }
}
