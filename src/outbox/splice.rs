//! A mail that carries a statement's attachments is stored without them:
//! each attachment's base64 is cut out of the composed mail and put back
//! from the stored attachment when the mail is sent, so the attachments are
//! stored once, not once more per mail.
//!
//! A mail is composed with a short stand-in in place of each stored
//! attachment (its SHA-256, in bytes that mail-builder always writes in
//! base64): nothing is read, decoded or encoded while it is queued, and the
//! stand-in's base64 is where the attachment's goes when the mail is sent.
//! Bytes given whole stay in the stored mail.

use encodify::base64::MIME;

use crate::store::Splice;

/// An attachment's body as the composed mail has it (mail-builder writes
/// attachments in MIME base64 with this same encoder).
pub fn encoded(bytes: &[u8]) -> Vec<u8> {
    MIME.encode(bytes).into_bytes()
}

/// Marks a stand-in; every byte of one has its high bit set, so that
/// mail-builder writes it in base64 whatever the attachment's media type
/// (quoted-printable would be three times as long).
const STAND_IN: &[u8; 8] = b"\xffLSBYTES";

/// What a composed mail carries in place of the stored attachment with this
/// SHA-256 (hex).
pub fn stand_in(sha256: &str) -> Vec<u8> {
    let mut b = STAND_IN.to_vec();
    b.extend(sha256.bytes().map(|c| c | 0x80));
    b
}

/// The SHA-256 a stand-in stands for, if these bytes are one.
pub fn stands_for(bytes: &[u8]) -> Option<String> {
    let hex = bytes.strip_prefix(STAND_IN)?;
    let sha: String = hex.iter().map(|&c| char::from(c & 0x7f)).collect();
    (hex.len() == 64
        && hex.iter().all(|c| c & 0x80 != 0)
        && sha.bytes().all(|c| c.is_ascii_hexdigit()))
    .then_some(sha)
}

/// The composed mail without the base64 of the stand-ins for these
/// attachments (by SHA-256), and where each goes back. A stand-in that is
/// not found is an error: its mail would carry it.
pub fn cut(composed: &[u8], stand_ins: &[String]) -> Result<(Vec<u8>, Vec<Splice>), String> {
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    for sha256 in stand_ins {
        let body = encoded(&stand_in(sha256));
        let from = found.iter().map(|(at, len, _)| at + len).max().unwrap_or(0);
        let at = find(&composed[from..], &body)
            .ok_or_else(|| format!("attachment {sha256} is not where the mail carries it"))?;
        found.push((from + at, body.len(), sha256));
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
    Ok((stored, splices))
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
    fn a_stand_in_that_is_not_in_the_mail_is_an_error() {
        let mail = b"Subject: x\r\n\r\nno attachments here\r\n".repeat(100);
        let missing = cut(&mail, &[sha256_hex(b"other")]);
        assert!(missing.is_err(), "a stand-in that is not found is an error");
        assert_eq!(cut(&mail, &[]).unwrap(), (mail.clone(), Vec::new()));
    }

    /// A mail composed with stand-ins, once the attachments are put back,
    /// is the mail composed with the attachments themselves, whatever their
    /// media type (a text file too: a stand-in is always written in base64,
    /// and so is what replaces it).
    #[test]
    fn a_mail_composed_with_stand_ins_is_sent_with_the_attachments_in_base64() {
        let composer = Composer::new("Bot", "bot@iab.example", "liaisond");
        let pdf: Vec<u8> = (0..150_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let text = b"Plain text notes\r\n".repeat(300);
        let to = ["chairs@ietf.example".to_string()];
        let file =
            |name: &str, media: &str, bytes: Vec<u8>| (name.to_string(), media.to_string(), bytes);
        let shas = [sha256_hex(&pdf), sha256_hex(&text)];
        let stand_ins = vec![
            file("LS.pdf", "application/pdf", stand_in(&shas[0])),
            file("notes.txt", "text/plain", stand_in(&shas[1])),
        ];
        assert_eq!(stands_for(&stand_ins[0].2), Some(shas[0].clone()));
        assert_eq!(stands_for(&pdf), None);
        let composed = composer.compose(Mail {
            attachments: &stand_ins,
            ..Mail::new("dist", &to, "LS", "A statement.", Auto::Generated)
        });
        let (stored, splices) = cut(&composed.bytes, &shas).unwrap();
        assert!(stored.len() < 4096, "stored {} bytes", stored.len());
        assert_eq!(splices.len(), 2);
        let sent = join(&stored, &splices, &[encoded(&pdf), encoded(&text)]);
        let parsed = mail_parser::MessageParser::default().parse(&sent).unwrap();
        let parts: Vec<&[u8]> = parsed.attachments().map(|a| a.contents()).collect();
        assert_eq!(parts, vec![&pdf[..], &text[..]]);
        for sha in &shas {
            let left = encoded(&stand_in(sha));
            assert!(
                find(&sent, &left).is_none(),
                "no stand-in is left in the mail"
            );
        }
        let sent = String::from_utf8_lossy(&sent);
        assert_eq!(sent.matches("Content-Transfer-Encoding: base64").count(), 2);
    }
}
