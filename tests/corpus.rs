//! The extraction corpus (tests/corpus/cases, written by make_corpus.py):
//! statements in every supported format, with .docx, .pdf and .zip
//! attachments, scored field by field by `liaisond accuracy`, attachments
//! read in the isolated child process as in the daemon.

use std::process::Command;

/// Floors just below what extraction achieves on this corpus (99.4% overall
/// when written; the misses: an organisation for a group missing from the
/// directory, and a letter's "Dear ... of the IAB"), so a regression fails.
const OVERALL: f64 = 0.97;
const PER_FIELD: f64 = 0.85;

#[test]
fn the_corpus_is_extracted_field_by_field() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    let out = Command::new(env!("CARGO_BIN_EXE_liaisond"))
        .args(["accuracy", dir, "--json"])
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["cases"].as_u64().unwrap() >= 30, "{report}");
    assert_eq!(report["failed"], serde_json::json!([]));
    let fields = report["fields"].as_object().unwrap();
    // Every field of the contract and the ones extraction adds are scored.
    for f in [
        "format",
        "from_groups",
        "from_organisation",
        "from_contacts",
        "reply_to",
        "to_groups",
        "to_contacts",
        "send_to",
        "purpose",
        "deadline",
        "title",
        "in_response_to",
        "needs_review",
        "attachments",
    ] {
        assert!(fields.contains_key(f), "{f} is never scored");
    }
    let (mut correct, mut total) = (0.0, 0.0);
    for (name, score) in fields {
        let (c, t) = (
            score["correct"].as_f64().unwrap(),
            score["total"].as_f64().unwrap(),
        );
        assert!(
            c / t >= PER_FIELD,
            "{name}: {c}/{t}\n{:#}",
            report["misses"]
        );
        correct += c;
        total += t;
    }
    assert!(
        correct / total >= OVERALL,
        "{correct}/{total}\n{:#}",
        report["misses"]
    );
    // Every attachment is reported by name: nothing is lost on the way.
    assert_eq!(
        fields["attachments"]["correct"],
        fields["attachments"]["total"]
    );
}
