//! Forwarded statements: the original inside a forward, as a message/rfc822
//! attachment or inline in the shapes that Outlook, Gmail, Thunderbird and
//! Apple Mail write, forwarded once or several times. Pure: bytes in, the
//! original's bytes out.

use std::sync::LazyLock;

use mail_builder::MessageBuilder;
use mail_builder::headers::raw::Raw;
use mail_parser::{Message, MessageParser, MimeHeaders, PartType};
use regex::Regex;

/// The original statement found in a forward.
#[derive(Debug, Clone, PartialEq)]
pub struct Original {
    /// A message to extract from: the attached original byte for byte, or for
    /// an inline forward one rebuilt from its quoted header block, its text
    /// and the forward's attachments.
    pub bytes: Vec<u8>,
    pub inline: bool,
    /// How many forwards deep it was.
    pub depth: usize,
}

/// Lines that start a forwarded message's quoted header block.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)^[ \t>]*(?:-{2,}\s*(?:Forwarded message|Original Message|Weitergeleitete Nachricht|Message transféré)\s*-{2,}|-{2,}\s*Forwarded Message\s*-{2,}|Begin forwarded message:|_{10,})[ \t]*$",
    )
    .unwrap()
});

static HEADER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[ \t>]*\*?(From|Sent|Date|To|Cc|Subject|Reply-To|Message-ID)\*?\s*:\s*(.*)$")
        .unwrap()
});

/// The original inside `raw`, if `raw` is a forward.
pub fn original(raw: &[u8]) -> Option<Original> {
    let mut current = unwrap_once(raw)?;
    // Forwarded more than once: keep unwrapping.
    while let Some(inner) = unwrap_once(&current.bytes) {
        current = Original {
            depth: current.depth + 1,
            ..inner
        };
    }
    Some(current)
}

fn unwrap_once(raw: &[u8]) -> Option<Original> {
    let msg = MessageParser::default().parse(raw)?;
    if let Some(inner) = attached_message(&msg) {
        return Some(Original {
            bytes: inner,
            inline: false,
            depth: 1,
        });
    }
    inline(&msg).map(|bytes| Original {
        bytes,
        inline: true,
        depth: 1,
    })
}

/// The first message/rfc822 attachment, byte for byte.
fn attached_message(msg: &Message) -> Option<Vec<u8>> {
    msg.attachments().find_map(|p| match &p.body {
        PartType::Message(m) => Some(m.raw_message().to_vec()),
        _ => None,
    })
}

/// An inline forward rebuilt as a message of its own.
fn inline(msg: &Message) -> Option<Vec<u8>> {
    let text = super::headers::body_text(msg);
    let lines: Vec<&str> = text.lines().collect();
    // The first marker whose next lines are a header block with a From.
    let (start, headers, body_at) = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| MARKER.is_match(l))
        .find_map(|(i, _)| {
            let mut headers: Vec<(String, String)> = Vec::new();
            let mut j = i + 1;
            while j < lines.len()
                && lines[j].trim_start_matches(['>', ' ', '\t']).is_empty()
                && headers.is_empty()
            {
                j += 1;
            }
            while j < lines.len() {
                let Some(c) = HEADER_LINE.captures(lines[j]) else {
                    break;
                };
                headers.push((c[1].to_lowercase(), c[2].trim().to_string()));
                j += 1;
            }
            headers
                .iter()
                .any(|(k, _)| k == "from")
                .then_some((i, headers, j))
        })?;
    let _ = start;
    let quoted = |l: &str| {
        l.strip_prefix("> ")
            .or_else(|| l.strip_prefix('>'))
            .unwrap_or(l)
            .to_string()
    };
    let body: Vec<String> = lines[body_at..].iter().map(|l| quoted(l)).collect();
    let get = |k: &str| {
        headers
            .iter()
            .find(|(h, _)| h == k)
            .map(|(_, v)| v.as_str())
    };
    let (name, address) = mail_address(get("from")?)?;
    let mut b = MessageBuilder::new()
        .from((name.as_str(), address.as_str()))
        .subject(get("subject").unwrap_or(""));
    if let Some(to) = get("to") {
        b = b.header("To", Raw::new(to.to_string()));
    }
    if let Some(cc) = get("cc") {
        b = b.header("Cc", Raw::new(cc.to_string()));
    }
    if let Some(date) = get("date").or(get("sent")) {
        match mail_parser::DateTime::parse_rfc822(date) {
            Some(d) => b = b.date(d.to_timestamp()),
            None => b = b.header("X-Forwarded-Date", Raw::new(date.to_string())),
        }
    }
    if let Some(id) = get("message-id") {
        b = b.message_id(id.trim_matches(|c| c == '<' || c == '>').to_string());
    }
    b = b.text_body(body.join("\n").trim().to_string());
    // An inline forward carries the original's attachments as its own.
    for part in msg.attachments() {
        let media = part
            .content_type()
            .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("octet-stream")))
            .unwrap_or_else(|| "application/octet-stream".into());
        let name = part.attachment_name().unwrap_or("attachment").to_string();
        b = b.attachment(media, name, part.contents().to_vec());
    }
    b.write_to_vec().ok()
}

/// "Jane Doe <jane@x.org>", "Jane Doe [mailto:jane@x.org]", "jane@x.org" -> (name, address).
fn mail_address(value: &str) -> Option<(String, String)> {
    let addr = super::address::addresses(value).into_iter().next()?;
    let name = value
        .split(['<', '['])
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches('"')
        .trim();
    Some((
        if name.contains('@') {
            String::new()
        } else {
            name.to_string()
        },
        addr,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(o: &Original) -> Message<'_> {
        MessageParser::default().parse(&o.bytes).unwrap()
    }

    fn from(o: &Original) -> String {
        parsed(o)
            .from()
            .unwrap()
            .first()
            .unwrap()
            .address()
            .unwrap()
            .to_string()
    }

    const OUTER: &str = "From: Coordinator <coord@iab.example>\r\nTo: liaison@iab.example\r\nSubject: Fwd: LS on X\r\n\
Date: Tue, 3 Mar 2026 09:00:00 +0000\r\nMessage-ID: <fwd@iab.example>\r\n";

    #[test]
    fn gmail_inline_forward_with_a_comment_above() {
        let raw = format!(
            "{OUTER}\r\nPlease record this one.\r\n\r\n---------- Forwarded message ---------\r\nFrom: SA3 Officer <officer@3gpp.example>\r\n\
Date: Mon, Mar 2, 2026 at 10:00 AM\r\nSubject: LS on X\r\nTo: <lamps-chairs@ietf.example>\r\n\r\nFrom: 3GPP TSG SA WG3\r\nPurpose: For Information\r\n"
        );
        let o = original(raw.as_bytes()).unwrap();
        assert!(o.inline);
        assert_eq!(from(&o), "officer@3gpp.example");
        let m = parsed(&o);
        assert_eq!(m.subject(), Some("LS on X"));
        assert!(m.body_text(0).unwrap().starts_with("From: 3GPP TSG SA WG3"));
        assert!(!m.body_text(0).unwrap().contains("Please record"));
    }

    #[test]
    fn outlook_thunderbird_and_apple_mail_shapes() {
        for block in [
            "________________________________\r\nFrom: SA3 Officer <officer@3gpp.example>\r\nSent: Monday, March 2, 2026 10:00 AM\r\nTo: lamps-chairs@ietf.example\r\nSubject: LS on X\r\n",
            "-----Original Message-----\r\nFrom: SA3 Officer [mailto:officer@3gpp.example]\r\nSent: Monday, March 2, 2026 10:00 AM\r\nSubject: LS on X\r\n",
            "-------- Forwarded Message --------\r\nSubject: LS on X\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nFrom: SA3 Officer <officer@3gpp.example>\r\nTo: lamps-chairs@ietf.example\r\n",
            "Begin forwarded message:\r\n\r\nFrom: SA3 Officer <officer@3gpp.example>\r\nSubject: LS on X\r\nDate: March 2, 2026 at 10:00:00 GMT+1\r\nTo: lamps-chairs@ietf.example\r\n",
        ] {
            let raw = format!("{OUTER}\r\nFYI\r\n\r\n{block}\r\nThe statement text.\r\n");
            let o = original(raw.as_bytes()).unwrap_or_else(|| panic!("{block}"));
            assert_eq!(from(&o), "officer@3gpp.example", "{block}");
            assert_eq!(parsed(&o).subject(), Some("LS on X"));
        }
    }

    #[test]
    fn an_attached_original_is_kept_byte_for_byte_also_when_forwarded_twice() {
        let inner = "From: officer@3gpp.example\r\nSubject: LS on X\r\nMessage-ID: <ls@3gpp.example>\r\n\r\nText\r\n";
        let once = format!(
            "{OUTER}MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=A\r\n\r\n--A\r\nContent-Type: text/plain\r\n\r\nFYI\r\n\
--A\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n{inner}\r\n--A--\r\n"
        );
        let o = original(once.as_bytes()).unwrap();
        assert!(!o.inline);
        assert!(
            o.bytes.starts_with(inner.trim_end().as_bytes()),
            "{}",
            String::from_utf8_lossy(&o.bytes)
        );
        let twice = format!(
            "From: ad@ietf.example\r\nSubject: Fwd: Fwd: LS on X\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n\
--B\r\nContent-Type: text/plain\r\n\r\nsee below\r\n--B\r\nContent-Type: message/rfc822\r\n\r\n{once}\r\n--B--\r\n"
        );
        let o = original(twice.as_bytes()).unwrap();
        assert_eq!(o.depth, 2);
        assert_eq!(parsed(&o).message_id(), Some("ls@3gpp.example"));
    }

    #[test]
    fn a_plain_mail_or_a_reply_is_not_a_forward() {
        assert!(original(format!("{OUTER}\r\nJust a statement.\r\n").as_bytes()).is_none());
        let reply = format!("{OUTER}\r\napprove\r\n\r\nOn Mon, 2 Mar 2026, X wrote:\r\n> text\r\n");
        assert!(original(reply.as_bytes()).is_none());
    }
}
