//! What extraction reads: the mail's own text and the text of each
//! attachment, with the attachments' original bytes kept beside.

use mail_parser::{Encoding, Message, MimeHeaders};

use super::doctext::{self, DocText};
use super::{DocMode, Extractor};
use crate::domain::{Attachment, AttachmentInfo, ReviewReason, Span, TransferEncoding, sha256_hex};

/// A text extraction reads: the mail body or one document's text.
pub(super) struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    /// Table cells (tab-separated, as documents give them) each on their own
    /// line, so a label in any column starts a line and its value follows.
    pub fn new(name: String, text: &str) -> Source {
        let text = text
            .lines()
            .flat_map(|l| {
                l.trim()
                    .split('\t')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .chain(l.trim().is_empty().then_some(""))
            })
            .collect::<Vec<_>>()
            .join("\n");
        Source { name, text }
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
                .map(str::to_string)
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
