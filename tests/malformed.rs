//! Hostile and broken input (tests/malformed/cases, written by
//! make_malformed.py): truncated MIME, wrong charsets, deep nesting, zip
//! bombs, broken PDFs and DOCX. Each goes through `liaisond ingest` with
//! the isolated reader: no panic, no hang, the original kept byte for byte,
//! every attachment kept, and an unreadable document named for review.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use liaisond::store::Store;
use mail_parser::MimeHeaders;
use wait_timeout::ChildExt;

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn ingest(dir: &Path, file: &Path) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_liaisond"))
        .args(["ingest", "--no-send"])
        .arg(file)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("stderr")).unwrap())
        .spawn()
        .unwrap();
    let status = match child.wait_timeout(Duration::from_secs(90)).unwrap() {
        Some(s) => s,
        None => {
            let _ = child.kill();
            panic!("{} hung for {:?}", file.display(), started.elapsed());
        }
    };
    let stderr = std::fs::read_to_string(dir.join("stderr")).unwrap();
    assert!(!stderr.contains("panicked"), "{}: {stderr}", file.display());
    assert!(status.success(), "{}: {status}: {stderr}", file.display());
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_input_is_kept_whole_and_never_crashes_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    let files = cases();
    assert!(files.len() >= 20);
    for f in &files {
        ingest(dir.path(), f);
    }
    let store = Store::open(&dir.path().join("data/liaisond.db"))
        .await
        .unwrap();
    let raws: Vec<Vec<u8>> = sqlx::query_scalar("SELECT raw FROM raw_messages ORDER BY id")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert_eq!(raws.len(), files.len(), "every input is archived");
    for (f, raw) in files.iter().zip(&raws) {
        assert!(
            *raw == std::fs::read(f).unwrap(),
            "{} not kept byte for byte",
            f.display()
        );
    }

    // Every attachment mail-parser sees in the original is kept with its bytes.
    let kept: Vec<(String, Vec<u8>)> = sqlx::query_as(
        "SELECT s.title, a.content FROM attachments a JOIN statements s ON s.id = a.statement_id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    for f in &files {
        let raw = std::fs::read(f).unwrap();
        let Some(msg) = mail_parser::MessageParser::default().parse(&raw) else {
            continue;
        };
        for part in msg.attachments() {
            assert!(
                kept.iter().any(|(_, c)| c.as_slice() == part.contents()),
                "{}: attachment {:?} lost",
                f.display(),
                part.attachment_name()
            );
        }
    }

    // Documents that cannot be read are named in the review reasons.
    for (title, document) in [
        ("zip bomb", "LS.zip"),
        ("truncated pdf", "LS.pdf"),
        ("garbage pdf", "LS.pdf"),
        ("docx not xml", "LS.docx"),
        ("broken doc", "LS.doc"),
    ] {
        let (review, reasons): (bool, String) =
            sqlx::query_as("SELECT needs_review, review_reasons FROM statements WHERE title = ?")
                .bind(title)
                .fetch_one(store.pool())
                .await
                .unwrap_or_else(|e| panic!("{title}: {e}"));
        assert!(review && reasons.contains(document), "{title}: {reasons}");
    }
}
