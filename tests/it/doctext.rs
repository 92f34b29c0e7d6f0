//! Attachments read in the limited child process of the real binary: a
//! hostile archive costs the child, never the caller, and is flagged.

use std::io::{Cursor, Write};
use std::process::{Command, Output, Stdio};

use zip::write::{SimpleFileOptions, ZipWriter};

const BIN: &str = env!("CARGO_BIN_EXE_liaisond");

/// 200 MB of zeros, deflated to a few hundred KB.
fn bomb() -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("zeros.txt", SimpleFileOptions::default())
        .unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..200 {
        w.write_all(&chunk).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn mail_with(zip: &[u8]) -> Vec<u8> {
    mail_builder::MessageBuilder::new()
        .from(("Officer", "officer@3gpp.example"))
        .to("liaison@iab.example")
        .subject("LS on bombs")
        .message_id("bomb@3gpp.example")
        .text_body("Please find the LS attached.")
        .attachment("application/zip", "LS.zip", zip)
        .write_to_vec()
        .unwrap()
}

/// `liaisond extract` on the embedded default, with environment overrides.
fn extract(dir: &std::path::Path, env: &[(&str, &str)], mail: &[u8]) -> Output {
    std::fs::write(dir.join("m.eml"), mail).unwrap();
    Command::new(BIN)
        .args(["extract", "m.eml"])
        .envs(env.iter().copied())
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn the_child_memory_limit_bounds_what_an_archive_may_unpack() {
    let dir = tempfile::tempdir().unwrap();
    let out = extract(
        dir.path(),
        &[("LIAISOND_EXTRACTION__MEMORY_MB", "100")],
        &mail_with(&bomb()),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["needs_review"], true);
    let reasons = e["review_reasons"].to_string();
    assert!(
        reasons.contains("LS.zip") && reasons.contains("could not be read"),
        "{reasons}"
    );
    // Under 100 MB the 200 MB entry cannot be unpacked; with the default it can.
    assert!(
        reasons.contains("out of memory") || reasons.contains("reader stopped"),
        "{reasons}"
    );
    assert_eq!(e["attachments"][0]["name"], "LS.zip");
}

#[test]
fn a_zip_bomb_stops_at_the_unpacking_limit_with_the_default_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let chunk = vec![0u8; 1 << 20];
    for name in ["a.txt", "b.txt"] {
        w.start_file(name, SimpleFileOptions::default()).unwrap();
        for _ in 0..150 {
            w.write_all(&chunk).unwrap();
        }
    }
    let zip = w.finish().unwrap().into_inner();
    let out = extract(dir.path(), &[], &mail_with(&zip));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reasons = e["review_reasons"].to_string();
    assert!(reasons.contains("size limit"), "{reasons}");
}
