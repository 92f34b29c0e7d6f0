//! Reading the mail liaisond wrote, as its recipient's mail client would:
//! one header, the subject, the text, the address an answer goes to, and
//! waiting until a mail with a given subject has arrived.

use std::time::Duration;

use mail_parser::MessageParser;

use super::daemon::Daemon;
use super::mailstack::MailStack;

/// One header as written, unfolded ends trimmed; "" if there is none.
pub fn header(raw: &[u8], name: &str) -> String {
    let msg = MessageParser::default().parse(raw).unwrap();
    msg.header_raw(name).unwrap_or("").trim().to_string()
}

/// The subject, decoded.
pub fn subject(raw: &[u8]) -> String {
    let msg = MessageParser::default().parse(raw).unwrap();
    msg.subject().unwrap_or("").to_string()
}

/// The first text part, decoded.
pub fn text(raw: &[u8]) -> String {
    let msg = MessageParser::default().parse(raw).unwrap();
    msg.body_text(0).unwrap_or_default().into_owned()
}

/// A text with its lines joined: wrapping does not matter.
pub fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The address an answer goes to: the first of Reply-To.
pub fn token_address(raw: &[u8]) -> String {
    let msg = MessageParser::default().parse(raw).unwrap();
    let reply_to = msg
        .reply_to()
        .and_then(|r| r.first())
        .and_then(|a| a.address());
    reply_to.expect("a Reply-To address").to_string()
}

/// Everything in `user`'s INBOX now.
pub async fn inbox(stack: &MailStack, user: &str) -> Vec<Vec<u8>> {
    stack.fetch_all(user, "INBOX").await.unwrap()
}

/// The first mail in `user`'s INBOX whose subject contains `what`, waiting
/// up to 30 s for it; the daemon's log in the panic if none comes.
pub async fn wait_for(stack: &MailStack, d: &Daemon, user: &str, what: &str) -> Vec<u8> {
    for _ in 0..300 {
        let mail = inbox(stack, user)
            .await
            .into_iter()
            .find(|m| subject(m).contains(what));
        if let Some(m) = mail {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no mail {what:?} for {user}\n{}", d.logs());
}

/// The first mail in `user`'s INBOX whose text (its words, unwrapped)
/// contains `what`, waiting up to 30 s for it; the daemon's log in the panic
/// if none comes. For mail queued in a transaction that has just committed.
pub async fn wait_for_words(stack: &MailStack, d: &Daemon, user: &str, what: &str) -> Vec<u8> {
    for _ in 0..300 {
        let mail = inbox(stack, user)
            .await
            .into_iter()
            .find(|m| words(&text(m)).contains(what));
        if let Some(m) = mail {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no mail saying {what:?} for {user}\n{}", d.logs());
}
