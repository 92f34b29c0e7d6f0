//! The extraction corpus (tests/corpus/cases, written by tests/corpus/generate.py):
//! 40 statements in the six formats (rfc4053bis form, Datatracker mail, 3GPP LS,
//! ITU-T LS, letter, plain mail) with .docx, .pdf and .zip attachments (a zip
//! holding a docx, a zip in a zip), scored field by field by
//! `liaisond accuracy tests/corpus/cases --json`, documents read in the isolated
//! child process as in the daemon.
//!
//! Floors sit just below what extraction achieved when they were set, so a
//! regression fails: 99.5% of all fields; every field at 100% except
//! deadline 36/38 (a deadline quoted from the statement a response answers,
//! form-response-quoting-original; a date wrapped over two PDF lines in a
//! letter, letter-ieee80211-pdf) and purpose 39/40 (an ITU-T LS/r "for
//! information" that answers an IETF statement, itu-t-sg15-reply-docx).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const OVERALL: f64 = 0.99;
/// Per field; a field not listed must stay at or above `DEFAULT_FIELD`.
const FIELD_FLOORS: [(&str, f64); 2] = [("deadline", 0.94), ("purpose", 0.97)];
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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/cases");
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
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
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
