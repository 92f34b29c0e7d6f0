//! A mail that carries a statement's attachments is stored without them:
//! each attachment's base64 is cut out of the composed mail and put back
//! from the stored attachment when the mail is sent. The bytes sent are
//! exactly the bytes composed (checked when the mail is queued), and the
//! attachments are stored once, not once more per mail.

use encodify::base64::MIME;

use crate::store::Splice;

/// An attachment's body as the composed mail has it (mail-builder writes
/// attachments in MIME base64 with this same encoder).
pub fn encoded(bytes: &[u8]) -> Vec<u8> {
    MIME.encode(bytes).into_bytes()
}

/// The composed mail without the base64 of these attachments (by SHA-256),
/// and where each goes back. An attachment not found as expected stays in.
pub fn cut(composed: &[u8], attachments: &[(String, &[u8])]) -> (Vec<u8>, Vec<Splice>) {
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    for (sha256, bytes) in attachments {
        let body = encoded(bytes);
        // Small ones are not worth a splice.
        if body.len() < 1024 {
            continue;
        }
        let from = found.iter().map(|(at, len, _)| at + len).max().unwrap_or(0);
        if let Some(at) = find(&composed[from..], &body) {
            found.push((from + at, body.len(), sha256));
        }
    }
    let mut stored = Vec::with_capacity(composed.len());
    let mut splices = Vec::with_capacity(found.len());
    let mut next = 0;
    for (at, len, sha256) in found {
        stored.extend_from_slice(&composed[next..at]);
        splices.push(Splice {
            at: stored.len(),
            sha256: sha256.to_string(),
        });
        next = at + len;
    }
    stored.extend_from_slice(&composed[next..]);
    (stored, splices)
}

/// The mail as composed: the stored bytes with each attachment's base64 put
/// back (`bodies` in the order of `splices`).
pub fn join(stored: &[u8], splices: &[Splice], bodies: &[Vec<u8>]) -> Vec<u8> {
    let mut mail = Vec::with_capacity(stored.len() + bodies.iter().map(Vec::len).sum::<usize>());
    let mut next = 0;
    for (s, body) in splices.iter().zip(bodies) {
        mail.extend_from_slice(&stored[next..s.at]);
        mail.extend_from_slice(body);
        next = s.at;
    }
    mail.extend_from_slice(&stored[next..]);
    mail
}

/// Where `needle` first occurs in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut from = 0;
    while let Some(i) = hay[from..].iter().position(|&b| b == first) {
        let at = from + i;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sha256_hex;
    use crate::mail::compose::{Auto, Composer, Mail};

    #[test]
    fn a_composed_mail_comes_back_byte_for_byte_without_storing_its_attachments() {
        let composer = Composer::new("Bot", "bot@iab.example", "liaisond");
        let pdf: Vec<u8> = (0..150_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let doc: Vec<u8> = (0..70_001u32).map(|i| (i * 13 % 253) as u8).collect();
        let files = vec![
            (
                "LS.pdf".to_string(),
                "application/pdf".to_string(),
                pdf.clone(),
            ),
            (
                "LS.docx".to_string(),
                "application/octet-stream".to_string(),
                doc.clone(),
            ),
        ];
        let to = ["chairs@ietf.example".to_string()];
        let composed = composer.compose(Mail {
            attachments: &files,
            ..Mail::new("dist", &to, "LS", "A statement.", Auto::Generated)
        });
        let attachments = [
            (sha256_hex(&pdf), pdf.as_slice()),
            (sha256_hex(&doc), doc.as_slice()),
        ];
        let (stored, splices) = cut(&composed.bytes, &attachments);
        assert_eq!(splices.len(), 2, "both attachments are cut out");
        assert!(stored.len() < 4096, "stored {} bytes", stored.len());
        let bodies = [encoded(&pdf), encoded(&doc)];
        assert_eq!(join(&stored, &splices, &bodies), composed.bytes);
    }

    #[test]
    fn an_attachment_not_in_the_mail_is_left_alone() {
        let mail = b"Subject: x\r\n\r\nno attachments here\r\n".repeat(100);
        let other = vec![1u8; 5000];
        let (stored, splices) = cut(&mail, &[(sha256_hex(&other), &other)]);
        assert!(splices.is_empty());
        assert_eq!(stored, mail);
    }
}
