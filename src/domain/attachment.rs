//! Attachments: what the record says of one, and one with its bytes.

use serde::{Deserialize, Serialize};

/// An attachment as the JSON contract shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
}

/// An attachment with its original bytes (after transfer decoding) and its text.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub info: AttachmentInfo,
    pub content: Vec<u8>,
    pub text: Option<String>,
    /// Where its bytes sit, transfer-encoded, in the message it came in: the
    /// store keeps it as a part of that message instead of a second copy.
    pub span: Option<Span>,
}

/// A MIME part's body in a message: bytes `start..end`, transfer-encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub encoding: TransferEncoding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferEncoding {
    Base64,
    QuotedPrintable,
    /// 7bit, 8bit, binary: the bytes as they are.
    Identity,
}

impl TransferEncoding {
    pub fn as_str(self) -> &'static str {
        match self {
            TransferEncoding::Base64 => "base64",
            TransferEncoding::QuotedPrintable => "quoted-printable",
            TransferEncoding::Identity => "identity",
        }
    }

    pub fn parse(s: &str) -> Option<TransferEncoding> {
        [
            TransferEncoding::Base64,
            TransferEncoding::QuotedPrintable,
            TransferEncoding::Identity,
        ]
        .into_iter()
        .find(|e| e.as_str() == s)
    }
}

impl Span {
    /// The part's bytes, transfer-decoded, from the whole message; None when
    /// the span is not inside it or does not decode.
    pub fn decode(&self, message: &[u8]) -> Option<Vec<u8>> {
        let body = message.get(self.start as usize..self.end as usize)?;
        match self.encoding {
            TransferEncoding::Base64 => mail_parser::decoders::base64::base64_decode(body),
            TransferEncoding::QuotedPrintable => {
                mail_parser::decoders::quoted_printable::quoted_printable_decode(body)
            }
            TransferEncoding::Identity => Some(body.to_vec()),
        }
    }
}
