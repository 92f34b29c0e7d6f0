//! Attachment-reading benchmark (not a test): `liaisond extract` (release
//! build, attachments read in the isolated child as in the daemon) on a mail
//! with a 20 MB PDF and on one with a 200-entry ZIP. Prints wall time and the
//! peak resident memory of the process tree (extract + document reader).
//!
//!     cargo bench --bench doctext

use std::io::{Cursor, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use zip::write::{SimpleFileOptions, ZipWriter};

// The documents the benchmarks share.
#[path = "support/documents.rs"]
mod documents;
use documents::pdf;

/// A DOCX holding a 3GPP-style LS: a header table and paragraphs.
fn docx(n: usize) -> Vec<u8> {
    let p = |t: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>");
    let row = |a: &str, b: &str| format!("<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>", p(a), p(b));
    let body = format!(
        "{}<w:tbl>{}{}{}</w:tbl>{}{}",
        p(&format!("3GPP TSG-SA WG3 Meeting #115 S3-23{n:04}")),
        row("Title:", &format!("LS number {n}")),
        row("Source:", "SA3"),
        row("To:", "IETF LAMPS WG"),
        p("1. Overall Description:"),
        p(&"SA3 thanks LAMPS for the work on certificate management. ".repeat(40)),
    );
    let doc = format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("word/document.xml", SimpleFileOptions::default())
        .unwrap();
    w.write_all(doc.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

fn zip_of_200() -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for n in 0..200 {
        let (name, data) = match n % 3 {
            0 => (format!("S3-23{n:04}.docx"), docx(n)),
            1 => (format!("annex-{n}.pdf"), pdf(2, 40)),
            _ => (
                format!("notes-{n}.txt"),
                format!("Title: note {n}\n").repeat(200).into_bytes(),
            ),
        };
        w.start_file(name, SimpleFileOptions::default()).unwrap();
        w.write_all(&data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn mail(name: &str, media_type: &str, bytes: &[u8]) -> Vec<u8> {
    mail_builder::MessageBuilder::new()
        .from(("Officer", "officer@itu.example"))
        .to("liaison@iab.example")
        .subject(format!("LS with {name}"))
        .text_body("Please find the LS attached.")
        .attachment(media_type, name, bytes)
        .write_to_vec()
        .unwrap()
}

/// Runs `liaisond extract`: (seconds, peak RSS KiB of the tree, documents not read).
#[allow(clippy::zombie_processes)] // reaped by wait4, which also gives its rusage
fn extract(bin: &Path, dir: &Path, eml: &Path, path_env: &str) -> (f64, i64, usize) {
    let started = Instant::now();
    let child = Command::new(bin)
        .args(["extract", eml.to_str().unwrap()])
        .current_dir(dir)
        .env("PATH", path_env)
        .stdout(std::fs::File::create(dir.join("out.json")).unwrap())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4 failed");
    let secs = started.elapsed().as_secs_f64();
    let out: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out.json")).unwrap())
            .expect("extract printed JSON");
    // Reasons about attachments: what could not be read.
    let unread = out["review_reasons"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r.as_str().is_some_and(|r| r.contains("could not be read")))
        .count();
    (secs, usage.ru_maxrss, unread)
}

fn main() {
    let status = Command::new("cargo")
        .args(["build", "--release", "--quiet"])
        .status()
        .unwrap();
    assert!(status.success());
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/liaisond");
    let dir = tempfile::tempdir().unwrap();
    let big = pdf(2600, 70);
    let zip = zip_of_200();
    let cases = [
        ("LS.pdf", "application/pdf", &big),
        ("LS.zip", "application/zip", &zip),
    ];
    let with_poppler = std::env::var("PATH").unwrap_or_default();
    println!(
        "{:<34} {:>9} {:>10} {:>14}",
        "attachment", "size", "seconds", "peak RSS"
    );
    for (name, media_type, bytes) in cases {
        let eml = dir.path().join(format!("{name}.eml"));
        std::fs::write(&eml, mail(name, media_type, bytes)).unwrap();
        for (reader, path_env) in [
            ("", with_poppler.as_str()),
            (" (no pdftotext)", "/nonexistent"),
        ] {
            if media_type == "application/zip" && !reader.is_empty() {
                continue;
            }
            let (secs, rss, unread) = extract(&bin, dir.path(), &eml, path_env);
            println!(
                "{:<34} {:>6.1} MB {:>10.2} {:>10.1} MiB{}",
                format!("{name}{reader}"),
                bytes.len() as f64 / 1e6,
                secs,
                rss as f64 / 1024.0,
                if unread > 0 {
                    format!("  ({unread} documents not read)")
                } else {
                    String::new()
                }
            );
        }
    }
}
