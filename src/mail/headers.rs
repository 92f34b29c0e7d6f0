//! Reading a parsed message: who sent it, to whom it went, what it replies
//! to, and its own text.

use mail_parser::{HeaderValue, Message, PartType};

use super::address::addresses;

/// The first From address, lower-cased.
pub fn sender(msg: &Message) -> Option<String> {
    msg.from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(|a| a.trim().to_lowercase())
        .filter(|a| !a.is_empty())
}

/// The sender, when there is exactly one: one From header holding one
/// address. A mail with two From headers, or a From with two addresses,
/// or none, has no sender anyone can be held to.
pub fn single_sender(msg: &Message) -> Option<String> {
    let froms = msg
        .headers_raw()
        .filter(|(name, _)| name.eq_ignore_ascii_case("From"))
        .count();
    let addresses = msg.from().map_or(0, |a| a.iter().count());
    if froms == 1 && addresses == 1 {
        sender(msg)
    } else {
        None
    }
}

/// Every address of an address header, lower-cased.
pub fn all_addresses(a: Option<&mail_parser::Address>) -> Vec<String> {
    a.map(|a| {
        a.iter()
            .filter_map(|x| x.address())
            .map(|x| x.trim().to_lowercase())
            .collect()
    })
    .unwrap_or_default()
}

/// The Message-IDs a mail replies to (In-Reply-To, then References), without angle brackets.
pub fn reply_ids(msg: &Message) -> Vec<String> {
    let mut ids = Vec::new();
    for v in [msg.in_reply_to(), msg.references()] {
        match v {
            HeaderValue::Text(t) => ids.push(t.to_string()),
            HeaderValue::TextList(l) => ids.extend(l.iter().map(|t| t.to_string())),
            _ => {}
        }
    }
    ids.iter()
        .map(|i| i.trim_matches(|c| c == '<' || c == '>').to_string())
        .collect()
}

/// Every address a message was delivered or addressed to, lower-cased.
pub fn recipients(msg: &Message) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"] {
        for v in msg.header_values(name) {
            match v {
                HeaderValue::Address(a) => {
                    out.extend(a.iter().filter_map(|x| x.address()).map(str::to_lowercase))
                }
                HeaderValue::Text(t) => out.extend(addresses(t)),
                _ => {}
            }
        }
    }
    out
}

/// The mail's own text: its text parts, or its HTML rendered as text.
pub fn body_text(msg: &Message) -> String {
    let text: String = msg
        .text_bodies()
        .filter(|p| matches!(p.body, PartType::Text(_)))
        .filter_map(|p| p.text_contents())
        .collect::<Vec<_>>()
        .join("\n\n");
    if text.trim().is_empty() {
        msg.body_text(0).map(|t| t.into_owned()).unwrap_or_default()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    #[test]
    fn reply_ids_come_from_in_reply_to_and_references() {
        let raw =
            b"From: A <A@X.example>\r\nIn-Reply-To: <a@x>\r\nReferences: <b@x> <a@x>\r\n\r\nhi";
        let msg = MessageParser::default().parse(raw).unwrap();
        assert_eq!(reply_ids(&msg), vec!["a@x", "b@x", "a@x"]);
        assert_eq!(sender(&msg).as_deref(), Some("a@x.example"));
        assert_eq!(single_sender(&msg).as_deref(), Some("a@x.example"));
    }

    #[test]
    fn two_from_headers_or_two_addresses_are_no_sender() {
        let parse = |raw: &'static [u8]| MessageParser::default().parse(raw).unwrap();
        let two = parse(b"From: chair@ietf.example\r\nFrom: attacker@evil.example\r\n\r\nx");
        assert_eq!(single_sender(&two), None);
        let both = parse(b"From: chair@ietf.example, attacker@evil.example\r\n\r\nx");
        assert_eq!(single_sender(&both), None);
        let none = parse(b"Subject: x\r\n\r\nx");
        assert_eq!(single_sender(&none), None);
    }
}
