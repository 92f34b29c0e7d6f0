//! Reading an attachment in a child process (`liaisond doctext`, hidden):
//! the document arrives on stdin, the texts leave as JSON on stdout. The
//! child limits its own address space and CPU time; the parent kills it at
//! the wall-clock limit. A crash, a hang or an allocation storm costs one
//! child, and the attachment is kept with a note instead of text.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use rlimit::Resource;
use tracing::warn;
use wait_timeout::ChildExt;

use super::{DocKind, DocText, Limits, extract_in_process, kind};

/// Output larger than this is not a sane answer from the child.
const MAX_REPLY: u64 = 64 << 20;

pub fn extract_isolated(
    exe: &Path,
    name: &str,
    media_type: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Vec<DocText> {
    // Plain text and unknown binaries need no parser, only a look at their
    // first bytes: no child process for them (one costs ~5 ms).
    if !bytes.starts_with(b"PK")
        && matches!(
            kind(name, media_type, bytes),
            DocKind::Text | DocKind::Unknown
        )
    {
        return extract_in_process(name, media_type, bytes, limits);
    }
    match run_child(exe, name, media_type, bytes, limits) {
        Ok(texts) => texts,
        Err(why) => {
            warn!(attachment = name, %why, "attachment text not read");
            vec![DocText::new(name, media_type, None, Some(why))]
        }
    }
}

fn run_child(
    exe: &Path,
    name: &str,
    media_type: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Vec<DocText>, String> {
    let mut child = Command::new(exe)
        .args(["doctext", "--name", name, "--media-type", media_type])
        .args([
            "--timeout-secs",
            &limits.timeout.as_secs().max(1).to_string(),
        ])
        .args(["--memory", &limits.memory.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("the document reader could not start: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let input = bytes.to_vec();
    // Writing and reading on their own threads: neither side can block the other.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.take(MAX_REPLY).read_to_end(&mut out).map(|_| out)
    });
    let stderr = child.stderr.take().expect("piped");
    let errors = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = stderr.take(4096).read_to_string(&mut out);
        out
    });
    let status = match child.wait_timeout(limits.timeout) {
        Ok(Some(s)) => s,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "reading it was stopped after {} seconds",
                limits.timeout.as_secs()
            ));
        }
        Err(e) => return Err(format!("the document reader failed: {e}")),
    };
    let _ = writer.join();
    let out = reader.join().map_err(|_| "reader thread failed")?;
    let errors = errors.join().unwrap_or_default();
    if !status.success() {
        let last = errors.lines().last().unwrap_or("").trim();
        return Err(format!(
            "the document reader stopped ({status}){}",
            if last.is_empty() {
                String::new()
            } else {
                format!(": {last}")
            }
        ));
    }
    let out = out.map_err(|e| format!("reading the document reader's answer: {e}"))?;
    serde_json::from_slice(&out)
        .map_err(|e| format!("the document reader's answer is unreadable: {e}"))
}

/// The child side: limits itself, reads stdin, prints the texts as JSON.
pub fn child_main(
    name: &str,
    media_type: &str,
    timeout_secs: u64,
    memory: u64,
) -> anyhow::Result<()> {
    // CPU time backs up the parent's wall-clock kill; address space bounds memory.
    rlimit::setrlimit(Resource::CPU, timeout_secs, timeout_secs + 1)?;
    rlimit::setrlimit(Resource::AS, memory, memory)?;
    let limits = Limits {
        timeout: std::time::Duration::from_secs(timeout_secs),
        memory,
        ..Limits::default()
    };
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(limits.max_document + 1)
        .read_to_end(&mut bytes)?;
    let texts = extract_in_process(name, media_type, &bytes, &limits);
    serde_json::to_writer(std::io::stdout().lock(), &texts)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;
    use std::time::{Duration, Instant};

    use super::*;

    /// Bytes that need a parser, so the child is used.
    const PDF: &[u8] = b"%PDF-1.4\n";

    /// A stand-in child program: a shell script behaving as a hostile document makes it.
    fn child(dir: &tempfile::TempDir, script: &str) -> std::path::PathBuf {
        let path = dir.path().join("child.sh");
        std::fs::write(&path, format!("#!/bin/sh\ncat >/dev/null\n{script}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    fn limits(secs: u64) -> Limits {
        Limits {
            timeout: Duration::from_secs(secs),
            ..Limits::default()
        }
    }

    #[test]
    fn a_hanging_reader_is_killed_at_the_time_limit() {
        let dir = tempfile::tempdir().unwrap();
        let started = Instant::now();
        let d = extract_isolated(
            &child(&dir, "exec sleep 30"),
            "a.pdf",
            "application/pdf",
            PDF,
            &limits(1),
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(d[0].text, None);
        assert!(
            d[0].note
                .as_deref()
                .unwrap()
                .contains("stopped after 1 seconds")
        );
    }

    #[test]
    fn a_crashing_reader_leaves_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let d = extract_isolated(
            &child(&dir, "echo boom >&2; kill -SEGV $$"),
            "a.pdf",
            "application/pdf",
            PDF,
            &limits(5),
        );
        assert_eq!(d[0].text, None);
        assert!(d[0].note.as_deref().unwrap().contains("stopped"), "{d:?}");
    }

    #[test]
    fn a_garbled_answer_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let d = extract_isolated(
            &child(&dir, "echo '[{\"path\": 1'"),
            "a.pdf",
            "application/pdf",
            PDF,
            &limits(5),
        );
        assert!(d[0].note.as_deref().unwrap().contains("unreadable"));
    }

    #[test]
    fn text_needs_no_child() {
        let dir = tempfile::tempdir().unwrap();
        let exe = child(&dir, "exit 1");
        let d = extract_isolated(&exe, "a.txt", "text/plain", b"Title: x", &limits(5));
        assert_eq!(d[0].text.as_deref(), Some("Title: x"));
    }

    #[test]
    fn a_large_document_is_streamed_to_the_child() {
        let dir = tempfile::tempdir().unwrap();
        let exe = child(
            &dir,
            "echo '[{\"path\":\"a\",\"media_type\":\"text/plain\",\"text\":\"ok\",\"note\":null}]'",
        );
        let d = extract_isolated(
            &exe,
            "a.pdf",
            "application/pdf",
            &[PDF, &vec![b'x'; 8 << 20]].concat(),
            &limits(5),
        );
        assert_eq!(d[0].text.as_deref(), Some("ok"));
    }
}
