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
}
