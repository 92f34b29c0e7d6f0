//! What extraction reads: the mail's own text and the text of each
//! attachment, with the attachments' original bytes kept beside.

use mail_parser::{Encoding, Message, MimeHeaders, PartType};

use super::doctext::{self, DocText};
use super::rules::FORMATS;
use super::{DocMode, Extractor};
use crate::domain::{Attachment, AttachmentInfo, ReviewReason, Span, TransferEncoding, sha256_hex};
use crate::mail::headers::body_text;
use crate::mail::text::one_line;

/// A text extraction reads: the mail body or one document's text.
pub(super) struct Source {
    pub name: String,
    pub text: String,
    /// It held a markdown table, whose cells join a list's values with
    /// spaces: names in one cell cannot be told apart.
    pub markdown: bool,
}

impl Source {
    /// Table cells (tab-separated, as documents give them, or a markdown
    /// table's `| label | value |`) each on their own line, so a label in
    /// any column starts a line and its value follows.
    pub fn new(name: String, text: &str) -> Source {
        let markdown = text.lines().any(|l| is_markdown_row(l.trim()));
        let text = text
            .lines()
            .flat_map(|l| {
                let l = l.trim();
                let sep = if is_markdown_row(l) { '|' } else { '\t' };
                l.split(sep)
                    .map(str::trim)
                    .filter(|c| !c.is_empty() && !is_rule(c))
                    .chain(l.is_empty().then_some(""))
            })
            .collect::<Vec<_>>()
            .join("\n");
        Source {
            name,
            text,
            markdown,
        }
    }
}

/// The mail's text as a source. A reply that quotes what it answers ("> ")
/// is read without the quote when what it says itself follows a template
/// (the quoted lines are blanked, so line numbers stay); a mail that only
/// quotes (a forward by quoting) is read whole.
pub(super) fn mail_source(text: &str) -> Source {
    let whole = Source::new("body".into(), text);
    if !whole.text.lines().any(|l| l.trim_start().starts_with('>')) {
        return whole;
    }
    let blanked = whole
        .text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with('>') {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    if FORMATS
        .iter()
        .any(|f| !f.cover_note && f.detects(&blanked).is_some())
    {
        Source {
            text: blanked,
            ..whole
        }
    } else {
        whole
    }
}

/// `| Submitted Date | 2022-02-08 |`, `State | Posted |`, `| Body |`.
fn is_markdown_row(line: &str) -> bool {
    (line.starts_with('|') || line.ends_with('|')) && line.len() > 1
}

/// A markdown table's rule cell: `---`, `:---:`.
fn is_rule(cell: &str) -> bool {
    cell.len() >= 3 && cell.chars().all(|c| c == '-' || c == ':')
}

/// The mail's own text: its text parts, or, for an HTML-only mail, its
/// HTML read as text with every table cell on its own line (a label cell,
/// then its value), so a pasted page reads like one copied as text.
pub(super) fn mail_text(msg: &Message) -> String {
    let has_text = msg
        .text_bodies()
        .any(|p| matches!(p.body, PartType::Text(_)));
    match msg.body_html(0) {
        Some(html) if !has_text => doctext::html_cells(html.as_bytes()),
        _ => body_text(msg),
    }
}

impl Extractor {
    fn doc_texts(&self, a: &Attachment) -> Vec<DocText> {
        let (name, media) = (&a.info.name, &a.info.media_type);
        match &self.mode {
            DocMode::InProcess => {
                doctext::extract_in_process(name, media, &a.content, &self.limits)
            }
            DocMode::Isolated(exe) => match &self.readers {
                Some(readers) => readers.read(name, media, &a.content),
                None => doctext::extract_isolated(exe, name, media, &a.content, &self.limits),
            },
        }
    }

    /// Reads every attachment's text into it and a source of its own; what
    /// cannot be read is a review reason, its original kept all the same.
    pub(super) fn read_attachments(
        &self,
        attachments: &mut [Attachment],
        sources: &mut Vec<Source>,
        reasons: &mut Vec<ReviewReason>,
    ) {
        for a in attachments {
            let mut joined = Vec::new();
            for t in self.doc_texts(a) {
                match t.text {
                    Some(text) if !text.trim().is_empty() => {
                        sources.push(Source::new(format!("attachment {}", t.path), &text));
                        joined.push(text);
                    }
                    _ if t.note.is_some() || is_document(&t.media_type, &t.path) => {
                        reasons.push(ReviewReason::UnreadableAttachment {
                            path: t.path,
                            why: t.note.unwrap_or_else(|| "no text".into()),
                        });
                    }
                    _ => {}
                }
            }
            if !joined.is_empty() {
                a.text = Some(joined.join("\n\n"));
            }
        }
    }
}

/// Every attachment with its bytes after transfer decoding, and where its
/// body sits in the message (the store checks that it decodes to the bytes).
pub(super) fn attachments(msg: &Message) -> Vec<Attachment> {
    msg.attachments()
        .enumerate()
        .map(|(i, part)| {
            let media_type = part
                .content_type()
                .map(|c| match c.subtype() {
                    Some(sub) => format!("{}/{}", c.ctype(), sub),
                    None => c.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into())
                .to_lowercase();
            let content = part.contents().to_vec();
            let name = part
                .attachment_name()
                .map(one_line)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("attachment-{}", i + 1));
            Attachment {
                info: AttachmentInfo {
                    name,
                    media_type,
                    size: content.len() as u64,
                    sha256: sha256_hex(&content),
                },
                content,
                text: None,
                span: Some(Span {
                    start: part.offset_body,
                    end: part.offset_end,
                    encoding: match part.encoding {
                        Encoding::Base64 => TransferEncoding::Base64,
                        Encoding::QuotedPrintable => TransferEncoding::QuotedPrintable,
                        Encoding::None => TransferEncoding::Identity,
                    },
                }),
            }
        })
        .collect()
}

/// Whether an unreadable attachment may have held the statement itself
/// (3GPP statements often come as a .docx inside a .zip).
fn is_document(media_type: &str, name: &str) -> bool {
    let n = name.to_lowercase();
    media_type.contains("pdf")
        || media_type.contains("word")
        || media_type.contains("officedocument")
        || media_type.contains("opendocument")
        || media_type.contains("rtf")
        || media_type.contains("zip")
        || [".pdf", ".doc", ".docx", ".rtf", ".odt", ".zip"]
            .iter()
            .any(|x| n.ends_with(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_rows_become_a_label_line_and_a_value_line() {
        let s = Source::new(
            "body".into(),
            "| Submitted Date | 2022-02-08 |\n|---|---|\nState | Posted |\n---|---|---|\n| Body |\ntext | more\n",
        );
        assert_eq!(
            s.text,
            "Submitted Date\n2022-02-08\nState\nPosted\nBody\ntext | more"
        );
        assert!(s.markdown);
        assert!(!Source::new("b".into(), "a\tb\n").markdown);
    }

    #[test]
    fn an_html_table_becomes_a_label_line_and_value_lines() {
        let html = b"<p>Hello,</p><h2>Liaison statement</h2><h3>A title</h3><table>\
<tr><th>Purpose</th><td>For information</td></tr>\
<tr><th>To Contacts</th><td>Ann Lee &lt;&gt;<br>Bob Roe &lt;&gt;</td></tr></table>";
        let text = doctext::html_cells(html);
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            lines,
            vec![
                "Hello,",
                "Liaison statement",
                "A title",
                "Purpose",
                "For information",
                "To Contacts",
                "Ann Lee <>",
                "Bob Roe <>"
            ]
        );
    }

    #[test]
    fn a_reply_is_read_without_the_statement_it_quotes() {
        let s = mail_source(
            "From: Broadband Forum\nTo: IETF OPSAWG WG\nPurpose: In Response\nTitle: Reply\n\n> Deadline: 2026-01-31\n> Purpose: For Action\n",
        );
        assert!(!s.text.contains("2026-01-31"));
        assert_eq!(s.text.lines().count(), 6, "line numbers kept");
        let forwarded = mail_source("> From: Broadband Forum\n> To: IETF OPSAWG WG\n");
        assert!(forwarded.text.contains("Broadband Forum"));
    }
}
