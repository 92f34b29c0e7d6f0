//! Reading an attachment in a child process (`liaisond doctext`, hidden):
//! the document arrives on stdin, the texts leave as JSON on stdout. The
//! child limits its own address space and CPU time; the parent kills it at
//! the wall-clock limit. A crash, a hang or an allocation storm costs one
//! child, and the attachment is kept with a note instead of text.
//!
//! Two ways, measured side by side by `cargo bench --bench ingest`: a child
//! per document (`extract_isolated`), or a few children that stay and read
//! one document after another (`Readers`, `doctext --serve`), each under the
//! same memory limit and the same wall-clock kill, and replaced after a
//! crash, a kill, or `SERVE_DOCUMENTS` documents. Starting a process costs
//! about 4 ms of CPU and wall time per document; a kept one, microseconds.

use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;
use std::sync::mpsc;

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

/// Limits this process (a reader) to `memory` bytes of address space and
/// `cpu` seconds of CPU; the limits it reads documents with.
fn limit_self(timeout_secs: u64, memory: u64, cpu: u64) -> anyhow::Result<Limits> {
    rlimit::setrlimit(Resource::CPU, cpu, cpu + 1)?;
    rlimit::setrlimit(Resource::AS, memory, memory)?;
    Ok(Limits {
        timeout: std::time::Duration::from_secs(timeout_secs),
        memory,
        ..Limits::default()
    })
}

/// The child side: limits itself, reads stdin, prints the texts as JSON.
pub fn child_main(
    name: &str,
    media_type: &str,
    timeout_secs: u64,
    memory: u64,
) -> anyhow::Result<()> {
    // CPU time backs up the parent's wall-clock kill; address space bounds memory.
    let limits = limit_self(timeout_secs, memory, timeout_secs)?;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(limits.max_document + 1)
        .read_to_end(&mut bytes)?;
    let texts = extract_in_process(name, media_type, &bytes, &limits);
    serde_json::to_writer(std::io::stdout().lock(), &texts)?;
    Ok(())
}

/// A kept reader reads at most this many documents, then a fresh one takes over.
const SERVE_DOCUMENTS: usize = 100;
/// Kept readers idle at most (more only while more documents are read at once).
const KEEP_IDLE: usize = 4;

/// Whether a document needs a parser (else it is read in this process).
fn needs_child(name: &str, media_type: &str, bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK")
        || !matches!(
            kind(name, media_type, bytes),
            DocKind::Text | DocKind::Unknown
        )
}

/// Child processes that stay (`doctext --serve`) and read one document after
/// another, a document at a time each.
pub struct Readers {
    exe: PathBuf,
    limits: Limits,
    idle: Mutex<Vec<Reader>>,
}

struct Reader {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    read: usize,
}

impl Drop for Reader {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Readers {
    pub fn new(exe: PathBuf, limits: Limits) -> Readers {
        Readers {
            exe,
            limits,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// The texts of one document, read by a kept child process.
    pub fn read(&self, name: &str, media_type: &str, bytes: &[u8]) -> Vec<DocText> {
        if !needs_child(name, media_type, bytes) {
            return extract_in_process(name, media_type, bytes, &self.limits);
        }
        let reader = self.idle.lock().expect("not poisoned").pop();
        let reader = match reader.map_or_else(|| self.spawn(), Ok) {
            Ok(r) => r,
            Err(why) => return vec![DocText::new(name, media_type, None, Some(why))],
        };
        match self.ask(reader, name, media_type, bytes) {
            Ok((texts, reader)) => {
                if reader.read < SERVE_DOCUMENTS {
                    let mut idle = self.idle.lock().expect("not poisoned");
                    if idle.len() < KEEP_IDLE {
                        idle.push(reader);
                    }
                }
                texts
            }
            Err(why) => {
                warn!(attachment = name, %why, "attachment text not read");
                vec![DocText::new(name, media_type, None, Some(why))]
            }
        }
    }

    fn spawn(&self) -> Result<Reader, String> {
        let mut child = Command::new(&self.exe)
            .args(["doctext", "--serve", "--name", "-", "--media-type", "-"])
            .args([
                "--timeout-secs",
                &self.limits.timeout.as_secs().max(1).to_string(),
            ])
            .args(["--memory", &self.limits.memory.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("the document reader could not start: {e}"))?;
        Ok(Reader {
            stdin: child.stdin.take().expect("piped"),
            stdout: BufReader::new(child.stdout.take().expect("piped")),
            child,
            read: 0,
        })
    }

    /// One document through `reader`, within the time limit; the reader back
    /// when it answered, else it is killed.
    fn ask(
        &self,
        mut reader: Reader,
        name: &str,
        media_type: &str,
        bytes: &[u8],
    ) -> Result<(Vec<DocText>, Reader), String> {
        let cut = bytes.len().min(self.limits.max_document as usize + 1);
        let request = [name.as_bytes(), media_type.as_bytes(), &bytes[..cut]].map(<[u8]>::to_vec);
        let pid = reader.child.id();
        let (done, answer) = mpsc::channel();
        std::thread::spawn(move || {
            let result = exchange(&mut reader, &request);
            let _ = done.send((result, reader));
        });
        let limit = self.limits.timeout;
        match answer.recv_timeout(limit) {
            Ok((Ok(texts), mut reader)) => {
                reader.read += 1;
                Ok((texts, reader))
            }
            Ok((Err(e), mut reader)) => {
                let status = reader
                    .child
                    .wait()
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                Err(match e.kind() {
                    std::io::ErrorKind::InvalidData => {
                        format!("the document reader's answer is unreadable: {e}")
                    }
                    _ => format!("the document reader stopped ({status}): {e}"),
                })
            }
            Err(_) => {
                // The exchange thread ends, and drops the reader, once it is dead.
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
                Err(format!(
                    "reading it was stopped after {} seconds",
                    limit.as_secs()
                ))
            }
        }
    }
}

/// Writes one request (name, media type, document: each length-prefixed)
/// and reads the answer (length-prefixed JSON).
fn exchange(reader: &mut Reader, request: &[Vec<u8>; 3]) -> std::io::Result<Vec<DocText>> {
    for part in request {
        reader.stdin.write_all(&(part.len() as u64).to_le_bytes())?;
        reader.stdin.write_all(part)?;
    }
    reader.stdin.flush()?;
    let mut len = [0u8; 8];
    reader.stdout.read_exact(&mut len)?;
    let len = u64::from_le_bytes(len);
    if len > MAX_REPLY {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("an answer of {len} bytes"),
        ));
    }
    let mut json = vec![0u8; len as usize];
    reader.stdout.read_exact(&mut json)?;
    serde_json::from_slice(&json)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// One length-prefixed part of a request, or None at the end of input.
fn read_part(input: &mut impl Read, max: u64) -> anyhow::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 8];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e.into()),
    }
    let len = u64::from_le_bytes(len);
    anyhow::ensure!(len <= max, "a request part of {len} bytes");
    let mut part = vec![0u8; len as usize];
    input.read_exact(&mut part)?;
    Ok(Some(part))
}

/// The kept child's side: limits itself, then reads documents from stdin
/// and answers each on stdout, until stdin ends.
pub fn serve_main(timeout_secs: u64, memory: u64) -> anyhow::Result<()> {
    // Each document is bounded by the parent's wall-clock kill; CPU time
    // backs it up over the documents a reader reads.
    let cpu = (timeout_secs + 1) * SERVE_DOCUMENTS as u64;
    let limits = limit_self(timeout_secs, memory, cpu)?;
    let mut input = std::io::stdin().lock();
    let mut output = std::io::stdout().lock();
    loop {
        let Some(name) = read_part(&mut input, 4096)? else {
            return Ok(());
        };
        let media_type = read_part(&mut input, 4096)?.unwrap_or_default();
        let bytes = read_part(&mut input, limits.max_document + 1)?.unwrap_or_default();
        let texts = extract_in_process(
            &String::from_utf8_lossy(&name),
            &String::from_utf8_lossy(&media_type),
            &bytes,
            &limits,
        );
        let json = serde_json::to_vec(&texts)?;
        output.write_all(&(json.len() as u64).to_le_bytes())?;
        output.write_all(&json)?;
        output.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    /// Bytes that need a parser, so the child is used.
    const PDF: &[u8] = b"%PDF-1.4\n";

    /// A stand-in child program: a shell script behaving as a hostile document makes it.
    fn child(dir: &tempfile::TempDir, script: &str) -> std::path::PathBuf {
        executable(
            dir,
            "child.sh",
            &format!("#!/bin/sh\ncat >/dev/null\n{script}\n"),
        )
    }

    /// Writes a script to run. The final file is made by another process:
    /// a file this one held open for writing could be inherited by a child
    /// another test forks meanwhile, and running it would then fail with
    /// "Text file busy".
    fn executable(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let draft = dir.path().join(format!("{name}.draft"));
        std::fs::write(&draft, text).unwrap();
        let path = dir.path().join(name);
        let installed = std::process::Command::new("install")
            .args(["-m", "755"])
            .arg(&draft)
            .arg(&path)
            .status()
            .unwrap();
        assert!(installed.success());
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
        stopped_at_one_second(&d, started);
    }

    /// The reader was stopped at its 1 s limit, long before it would have
    /// ended, and the document says so.
    fn stopped_at_one_second(d: &[DocText], started: Instant) {
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(d[0].text, None);
        assert!(
            d[0].note
                .as_deref()
                .unwrap()
                .contains("stopped after 1 seconds"),
            "{d:?}"
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

    /// A stand-in kept reader: it does not read the request, only misbehaves.
    fn readers(dir: &tempfile::TempDir, script: &str, secs: u64) -> Readers {
        let path = executable(dir, "server.sh", &format!("#!/bin/sh\n{script}\n"));
        Readers::new(path, limits(secs))
    }

    #[test]
    fn a_hanging_kept_reader_is_killed_at_the_time_limit() {
        let dir = tempfile::tempdir().unwrap();
        let started = Instant::now();
        let r = readers(&dir, "exec sleep 30", 1);
        let d = r.read("a.pdf", "application/pdf", PDF);
        stopped_at_one_second(&d, started);
        assert!(
            r.idle.lock().unwrap().is_empty(),
            "a killed reader is not kept"
        );
    }

    #[test]
    fn a_crashing_kept_reader_leaves_a_note_and_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let r = readers(&dir, "kill -SEGV $$", 5);
        let d = r.read("a.pdf", "application/pdf", PDF);
        assert_eq!(d[0].text, None);
        assert!(d[0].note.as_deref().unwrap().contains("stopped"), "{d:?}");
        assert!(r.idle.lock().unwrap().is_empty());
    }

    #[test]
    fn a_garbled_answer_from_a_kept_reader_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let r = readers(&dir, "printf 'garbage, not an answer'; sleep 5", 5);
        let d = r.read("a.pdf", "application/pdf", PDF);
        assert_eq!(d[0].text, None);
        assert!(
            d[0].note.as_deref().unwrap().contains("unreadable"),
            "{d:?}"
        );
    }
}
