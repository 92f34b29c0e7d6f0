//! Text out of attachments: PDF (text layer), DOCX, ZIP (recursively), HTML,
//! plain text, message/rfc822, and legacy formats through an installed
//! converter. Every document is untrusted input: sizes, entry counts, depth
//! and text are bounded here, and `isolate` runs all of it in a child process
//! with a memory and time limit so a hostile file cannot take the daemon down.
//! Nothing here touches the original bytes; callers keep them whatever happens.

mod archive;
mod convert;
mod docx;
pub mod isolate;
mod pdf;

use std::time::Duration;

use mail_parser::{MessageParser, MimeHeaders};
use serde::{Deserialize, Serialize};

pub use isolate::extract_isolated;

/// Bounds on what one attachment may cost.
#[derive(Debug, Clone)]
pub struct Limits {
    /// A document larger than this is kept but not parsed.
    pub max_document: u64,
    /// Bytes unpacked from archives (ZIP entries, DOCX parts) per attachment.
    pub max_unpacked: u64,
    /// Archive entries looked at per attachment.
    pub max_entries: usize,
    /// Archives within archives (a .docx in a .zip in a .zip is depth 2).
    pub max_depth: usize,
    /// Characters of text kept per document.
    pub max_text: usize,
    /// Wall-clock time for one attachment (child process) or one converter run.
    pub timeout: Duration,
    /// Address space of the child process, in bytes.
    pub memory: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_document: 64 << 20,
            max_unpacked: 256 << 20,
            max_entries: 1000,
            max_depth: 3,
            max_text: 2 << 20,
            timeout: Duration::from_secs(60),
            memory: 2 << 30,
        }
    }
}

/// The text of one document. An archive yields one per entry, with `path`
/// naming the entry inside it ("LS.zip/S3-231234.docx").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocText {
    pub path: String,
    pub media_type: String,
    pub text: Option<String>,
    /// What went wrong or was cut; none for a document without text (an image).
    pub note: Option<String>,
}

impl DocText {
    fn new(path: &str, media_type: &str, text: Option<String>, note: Option<String>) -> DocText {
        DocText {
            path: path.into(),
            media_type: media_type.into(),
            text,
            note,
        }
    }
}

/// What a document really is: its bytes first, then its name, then the
/// media type the sender declared (often wrong).
#[derive(Debug, Clone, Copy, PartialEq)]
enum DocKind {
    Pdf,
    Docx,
    Zip,
    Html,
    Message,
    Text,
    /// Word 97-2003 and other OLE files, RTF, OpenDocument: an external converter.
    Legacy,
    Unknown,
}

fn kind(name: &str, media_type: &str, bytes: &[u8]) -> DocKind {
    let n = name.to_lowercase();
    let ext = n.rsplit_once('.').map_or("", |(_, e)| e);
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return DocKind::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return match ext {
            "odt" | "ods" | "odp" => DocKind::Legacy,
            _ if archive::has_entry(bytes, "word/document.xml") => DocKind::Docx,
            _ => DocKind::Zip,
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || bytes.starts_with(b"{\\rtf") {
        return DocKind::Legacy;
    }
    let start = String::from_utf8_lossy(&head[..head.len().min(256)]).to_lowercase();
    let start = start.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return DocKind::Html;
    }
    match (media_type, ext) {
        ("text/html" | "application/xhtml+xml", _) | (_, "html" | "htm") => DocKind::Html,
        ("message/rfc822", _) | (_, "eml") => DocKind::Message,
        (m, _) if m.starts_with("text/") => DocKind::Text,
        (_, "txt" | "text" | "md" | "csv") => DocKind::Text,
        (_, "doc" | "rtf" | "odt" | "wpd") => DocKind::Legacy,
        _ if looks_like_text(bytes) => DocKind::Text,
        _ => DocKind::Unknown,
    }
}

fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    !head.is_empty() && !head.contains(&0) && std::str::from_utf8(head).is_ok()
}

/// Text in UTF-8 if it is, else read as Windows-1252 (the usual mislabel).
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            s.into_owned()
        }
    }
}

/// Keeps at most `max` characters, saying so.
fn bounded(mut text: String, max: usize) -> (String, Option<String>) {
    match text.char_indices().nth(max) {
        Some((cut, _)) => {
            text.truncate(cut);
            (text, Some(format!("text cut at {max} characters")))
        }
        None => (text, None),
    }
}

/// Reads one attachment in this process. Panics in parsers are caught, but
/// only a child process bounds memory and time: see `extract_isolated`.
pub fn extract_in_process(
    name: &str,
    media_type: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Vec<DocText> {
    let mut budget = archive::Budget::new(limits);
    read(name, media_type, bytes, limits, 0, &mut budget)
}

fn read(
    path: &str,
    media_type: &str,
    bytes: &[u8],
    limits: &Limits,
    depth: usize,
    budget: &mut archive::Budget,
) -> Vec<DocText> {
    if bytes.len() as u64 > limits.max_document {
        let note = format!(
            "{} bytes is over the {} byte limit for reading a document",
            bytes.len(),
            limits.max_document
        );
        return vec![DocText::new(path, media_type, None, Some(note))];
    }
    let kind = kind(path, media_type, bytes);
    let result = match kind {
        DocKind::Zip => return archive::read(path, bytes, limits, depth, budget),
        // Images and other binaries: nothing to read, nothing went wrong.
        DocKind::Unknown => return vec![DocText::new(path, media_type, None, None)],
        DocKind::Pdf => guarded(|| pdf::text(bytes, limits)),
        DocKind::Docx => guarded(|| docx::text(bytes, limits, budget)),
        DocKind::Html => guarded(|| Ok(html(bytes))),
        DocKind::Message => guarded(|| Ok(message(bytes))),
        DocKind::Text => Ok(decode(bytes)),
        DocKind::Legacy => convert::legacy(path, bytes, limits),
    };
    let (text, note) = match result {
        Ok(text) => {
            let (text, note) = bounded(text, limits.max_text);
            (Some(text), note)
        }
        Err(why) => (None, Some(why)),
    };
    vec![DocText::new(path, media_type, text, note)]
}

/// A parser's panic becomes a note (in process; the child process also
/// bounds what a panic cannot: memory and time).
fn guarded(f: impl FnOnce() -> Result<String, String>) -> Result<String, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err("the document parser failed on this file".into()))
}

/// HTML as text: never rendered, only read.
fn html(bytes: &[u8]) -> String {
    html_cells(bytes)
}

/// HTML read as text, each table cell on its own lines (not drawn as a
/// grid), headings without their `#` marks, lines not wrapped (a long
/// title stays one line).
pub fn html_cells(bytes: &[u8]) -> String {
    match html2text::config::plain()
        .raw_mode(true)
        .string_from_read(bytes, 10_000)
    {
        Ok(t) => t
            .lines()
            .map(|l| match l.trim_start().strip_prefix('#') {
                Some(h) => h.trim_start_matches('#').trim(),
                None => l,
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Err(_) => decode(bytes),
    }
}

/// A forwarded or attached message: its headers and readable body.
fn message(bytes: &[u8]) -> String {
    let Some(msg) = MessageParser::default().parse(bytes) else {
        return decode(bytes);
    };
    let mut t = String::new();
    for (label, value) in [
        ("From", msg.header_raw("From")),
        ("To", msg.header_raw("To")),
        ("Date", msg.header_raw("Date")),
    ] {
        if let Some(v) = value {
            t.push_str(&format!("{label}: {}\n", v.trim()));
        }
    }
    if let Some(s) = msg.subject() {
        t.push_str(&format!("Subject: {s}\n"));
    }
    t.push('\n');
    match msg.body_text(0) {
        Some(body) => t.push_str(&body),
        None => {
            if let Some(h) = msg.body_html(0) {
                t.push_str(&html(h.as_bytes()));
            }
        }
    }
    for part in msg.attachments() {
        if let Some(name) = part.attachment_name() {
            t.push_str(&format!("\n[attachment: {name}]"));
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_decide_the_kind_not_the_declared_type() {
        assert_eq!(
            kind("ls.pdf", "application/pdf", b"<html><body>x</body></html>"),
            DocKind::Html
        );
        assert_eq!(
            kind("x.bin", "application/octet-stream", b"%PDF-1.4\n"),
            DocKind::Pdf
        );
        assert_eq!(
            kind("ls.doc", "application/msword", &[0xD0, 0xCF, 0x11, 0xE0, 0]),
            DocKind::Legacy
        );
        assert_eq!(
            kind("blob", "application/octet-stream", &[0, 1, 2, 255]),
            DocKind::Unknown
        );
    }

    #[test]
    fn mislabelled_latin1_is_read() {
        let d = extract_in_process("a.txt", "text/plain", b"Gen\xe8ve", &Limits::default());
        assert_eq!(d[0].text.as_deref(), Some("Genève"));
    }

    #[test]
    fn text_is_bounded() {
        let limits = Limits {
            max_text: 10,
            ..Limits::default()
        };
        let d = extract_in_process("a.txt", "text/plain", &[b'a'; 100], &limits);
        assert_eq!(d[0].text.as_deref(), Some("aaaaaaaaaa"));
        assert!(d[0].note.as_deref().unwrap().contains("cut"));
    }

    #[test]
    fn an_oversized_document_is_not_parsed() {
        let limits = Limits {
            max_document: 4,
            ..Limits::default()
        };
        let d = extract_in_process("a.txt", "text/plain", b"hello", &limits);
        assert_eq!(d[0].text, None);
        assert!(d[0].note.as_deref().unwrap().contains("limit"));
    }

    #[test]
    fn html_is_read_as_text_not_markup() {
        let d = extract_in_process(
            "ls.html",
            "text/html",
            b"<html><body><h1>LS</h1><p>Title: <b>OTN</b></p><script>alert(1)</script></body></html>",
            &Limits::default(),
        );
        let t = d[0].text.as_deref().unwrap();
        assert!(
            t.contains("Title: OTN") || t.contains("Title: **OTN**"),
            "{t}"
        );
        assert!(!t.contains("<b>"));
    }

    #[test]
    fn an_attached_message_gives_headers_and_body() {
        let d = extract_in_process(
            "fwd.eml",
            "message/rfc822",
            b"From: a@b.example\r\nSubject: LS on X\r\n\r\nTitle: X\r\n",
            &Limits::default(),
        );
        let t = d[0].text.as_deref().unwrap();
        assert!(
            t.contains("Subject: LS on X") && t.contains("Title: X"),
            "{t}"
        );
    }
}
