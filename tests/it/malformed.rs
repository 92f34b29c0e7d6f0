//! Hostile and broken input (tests/malformed/cases, written by
//! tests/malformed/generate.py): truncated MIME, wrong charsets, 8-bit
//! headers, deep nesting, zip and docx bombs, path traversal in zips, broken
//! PDFs and DOCX, an empty file, binary garbage. Each goes through
//! `liaisond --config ... ingest --no-send` (documents read in the isolated
//! child process, as in the daemon) under a wall-clock limit: no panic, no
//! hang, the original archived byte for byte, every attachment kept with its
//! original sha256, and an unreadable document named for review.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use liaisond::domain::sha256_hex;
use liaisond::store::Store;
use mail_parser::MimeHeaders;
use wait_timeout::ChildExt;

use crate::support::config::{Config, Mailbox};

/// Per message; the bombs must be refused well within it.
const LIMIT: Duration = Duration::from_secs(60);

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    files.sort();
    files
}

fn ingest(dir: &Path, file: &Path) {
    let started = Instant::now();
    let stderr_path = dir.join("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_liaisond"))
        .args(["--config", "c.toml", "ingest", "--no-send"])
        .arg(file)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let status = match child.wait_timeout(LIMIT).unwrap() {
        Some(s) => s,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{} hung: killed after {:?}",
                file.display(),
                started.elapsed()
            );
        }
    };
    let stderr = std::fs::read_to_string(&stderr_path).unwrap();
    assert!(
        !stderr.contains("panicked at"),
        "{}: {stderr}",
        file.display()
    );
    assert!(status.success(), "{}: {status}: {stderr}", file.display());
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_input_is_kept_whole_and_never_crashes_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    Config::new()
        .mailbox(Mailbox::maildir("local", "data/maildir"))
        .write(&dir.path().join("c.toml"));
    let files = cases();
    assert!(files.len() >= 25, "only {} cases", files.len());
    for f in &files {
        ingest(dir.path(), f);
    }
    let store = Store::open(&dir.path().join("data/liaisond.db"))
        .await
        .unwrap();

    // Every input archived byte for byte (found by its sha256).
    let mut statements = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let sha = sha256_hex(&bytes);
        let row: Option<i64> = sqlx::query_scalar("SELECT id FROM raw_messages WHERE sha256 = ?")
            .bind(&sha)
            .fetch_optional(store.pool())
            .await
            .unwrap();
        let id = row.unwrap_or_else(|| panic!("{} not archived", f.display()));
        let raw = store.raw_bytes(&sha).await.unwrap();
        assert!(raw == bytes, "{} not kept byte for byte", f.display());
        let statement: Option<i64> =
            sqlx::query_scalar("SELECT id FROM statements WHERE raw_message_id = ?")
                .bind(id)
                .fetch_optional(store.pool())
                .await
                .unwrap();
        statements.push(statement);
    }

    // Every attachment mail-parser sees in a recorded statement is kept, its
    // bytes unchanged (same sha256, same content).
    for (f, statement) in files.iter().zip(&statements) {
        let raw = std::fs::read(f).unwrap();
        let Some(msg) = mail_parser::MessageParser::default().parse(&raw) else {
            continue;
        };
        let Some(statement) = statement else {
            assert_eq!(msg.attachment_count(), 0, "{}: no statement", f.display());
            continue;
        };
        let kept: Vec<(String, Vec<u8>)> = store.attachment_contents(*statement).await.unwrap();
        for part in msg.attachments() {
            let sha = sha256_hex(part.contents());
            assert!(
                kept.iter()
                    .any(|(s, c)| *s == sha && c.as_slice() == part.contents()),
                "{}: attachment {:?} lost or changed",
                f.display(),
                part.attachment_name()
            );
        }
    }

    // Documents that cannot be read are named in the review reasons. (The
    // docx bomb's 150 MB document.xml is within the unpacking budget: its
    // text is read and cut, so it is not among them.)
    for (title, document) in [
        ("zip bomb", "LS.zip"),
        ("nested zip bomb", "LS-package.zip"),
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
