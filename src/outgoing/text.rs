//! The words of the mails about outgoing statements.

use crate::domain::Statement;

pub const APPROVER_HELP: &str = "liaisond could not read your answer.\n\n\
Reply to the approval request with one line at the top:\n\
  approve\n\
or\n\
  reject: the reason\n\n\
Nothing has changed; the request is still open.\n";

pub const SUBMITTER_HELP: &str = "liaisond could not read your mail.\n\n\
To withdraw the statement before it is approved, reply with the single word\n\
  withdraw\n\n\
Nothing has changed.\n";

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.join(", ")
    }
}

pub fn problems(problems: &[String]) -> String {
    let mut t = String::from(
        "Your liaison statement was not submitted. Please fix the following and send it again:\n\n",
    );
    for p in problems {
        t.push_str(&format!("  - {p}\n"));
    }
    t.push_str(
        "\nA submission is a mail to this address with these lines at the top, then the text:\n\
         From: / From-Contact: / Send Reply To: / To: / To-Contact: / Send To: /\n\
         Purpose: / Deadline: / Title: / Consensus: / Body:\n",
    );
    t
}

pub fn confirmation(
    reference: &str,
    s: &Statement,
    consensus: Option<&str>,
    (to, cc): (&[String], &[String]),
    expires: &str,
    submitter: &str,
) -> String {
    format!(
        "{submitter} submitted a liaison statement that needs your approval\n\
         (draft-iab-rfc4053bis 4.1) before liaisond sends it.\n\n\
         It will be sent\n  To: {}\n  Cc: {}\n\n\
         Reply to this mail with one line at the top:\n  approve\nor\n  reject: the reason\n\n\
         This request expires at {expires}. It can be answered once, from your address only.\n\n\
         ---------- the statement as it will be sent ----------\n{}\n{}\n",
        list(to),
        list(cc),
        s.metadata(reference, consensus),
        s.body
    )
}

pub fn pending(reference: &str, approvers: &[String], role: &str, expires: &str) -> String {
    format!(
        "Your liaison statement is recorded as {reference} and waits for approval by\n\
         {} ({role}), who have been asked by mail. It expires unapproved at {expires}.\n\n\
         To withdraw it before it is approved, reply to this mail with the word\n  withdraw\n",
        approvers.join(", ")
    )
}

pub fn relay(reference: &str, s: &Statement, consensus: Option<&str>, approver: &str) -> String {
    format!(
        "{}Approved by:         {approver}\n\n{}\n\n-- \nSent by the IETF liaison statement service; recorded as {reference}.\n\
         Please send any reply to the Send Reply To address above.\n",
        s.metadata(reference, consensus),
        s.body
    )
}

pub fn rejected(reference: &str, approver: &str, reason: &str) -> String {
    format!(
        "{approver} did not approve {reference}. It was not sent.\n\nReason: {}\n",
        if reason.is_empty() {
            "(none given)"
        } else {
            reason
        }
    )
}

pub fn expired(reference: &str) -> String {
    format!(
        "{reference} expired without approval and was not sent. Submit it again if it is still wanted.\n"
    )
}

pub fn reminder(reference: &str, expires: &str) -> String {
    format!(
        "{reference} still waits for your approval and expires at {expires}.\n\
         Reply to the original approval request with \"approve\" or \"reject: reason\".\n"
    )
}

pub fn sent(reference: &str, s: &Statement) -> String {
    format!(
        "{reference} was sent.\n\n  To: {}\n  Message-ID: <{}>\n",
        s.send_to
            .clone()
            .map(|a| vec![a])
            .unwrap_or_else(|| s.to_contacts.clone())
            .join(", "),
        s.message_id.as_deref().unwrap_or("")
    )
}
