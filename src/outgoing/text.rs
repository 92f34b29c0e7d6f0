//! The words of the mails about outgoing statements. Each says what
//! happened, what it means for the reader, and how to answer; times read to
//! the minute in UTC and roles in words, never as stored.

use crate::domain::Statement;
use crate::mail::text::{count, role, size, type_name, when, wrap};

pub const APPROVER_HELP: &str = "liaisond could not read your answer, so nothing has changed: the\n\
request is still open.\n\n\
Reply to the approval request with one line at the top, either\n\
  approve\n\
or\n\
  reject: the reason\n";

pub const SUBMITTER_HELP: &str = "liaisond could not read your mail, so nothing has changed.\n\n\
To withdraw the statement before it is approved, reply to the \"waiting\n\
for approval\" mail with the single word\n\
  withdraw\n";

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.join(", ")
    }
}

/// The attachments that go with the statement, one per line.
fn attachments(s: &Statement) -> String {
    if s.attachments.is_empty() {
        return "  with no attachments.\n".into();
    }
    let head = format!(
        "  with {}:\n",
        count(s.attachments.len(), "attachment", "attachments")
    );
    head + &s
        .attachments
        .iter()
        .map(|a| {
            format!(
                "  - {} ({}, {})\n",
                a.name,
                type_name(&a.media_type, &a.name),
                size(a.size)
            )
        })
        .collect::<String>()
}

pub fn problems(problems: &[String]) -> String {
    let mut t = format!(
        "Your liaison statement was not submitted, and nobody has been asked to\n\
         approve it. Please fix {} and send it again:\n\n",
        if problems.len() == 1 { "this" } else { "these" }
    );
    for p in problems {
        t.push_str(&format!("  - {p}\n"));
    }
    t.push_str(
        "\nA submission is a mail to this address with these lines at the top,\n\
         then the text of the statement:\n\n\
         \x20 From: IETF LAMPS WG\n\
         \x20 From-Contact: lamps-chairs@ietf.org\n\
         \x20 Send Reply To: liaison-coordination@iab.org\n\
         \x20 To: 3GPP TSG SA WG3\n\
         \x20 To-Contact: sa3-chair@example.org\n\
         \x20 Send To: (the other body's liaison address, if it has one)\n\
         \x20 Purpose: For Action\n\
         \x20 Deadline: 2026-12-01\n\
         \x20 Title: LS on certificate profiles\n\
         \x20 Consensus: WG consensus\n\
         \x20 Body:\n",
    );
    wrap(&t)
}

pub fn confirmation(
    reference: &str,
    s: &Statement,
    consensus: Option<&str>,
    (to, cc): (&[String], &[String]),
    expires: &str,
    submitter: &str,
) -> String {
    let head = wrap(&format!(
        "{submitter} submitted a liaison statement from {} that needs your approval before it is sent (draft-iab-rfc4053bis 4.1).\n\n\
         To approve it, reply to this mail with one line at the top:\n  approve\n\
         To send it back to {submitter}, reply with:\n  reject: the reason\n\n\
         Only your reply, from your address, counts; it can be given once, until {}.\n\n\
         It will go out from liaisond:\n  To: {}\n  Cc: {}\n{}",
        list(&s.from_groups),
        when(expires),
        list(to),
        list(cc),
        attachments(s)
    ));
    format!(
        "{head}\n---------- the statement as it will be sent ----------\n{}\n{}\n",
        wrap(&s.metadata(reference, consensus)),
        s.body.trim_end()
    )
}

pub fn pending(reference: &str, approvers: &[String], role_held: &str, expires: &str) -> String {
    wrap(&format!(
        "Your liaison statement is recorded as {reference}. It is not sent yet: it waits for approval by {} ({}), who {} been asked by mail. If nobody approves it by {}, it expires unsent.\n\n\
         You will hear when it is sent or sent back.\n\n\
         To withdraw it before it is approved, reply to this mail with the word\n  withdraw\n",
        approvers.join(", "),
        role(role_held),
        if approvers.len() == 1 { "has" } else { "have" },
        when(expires)
    ))
}

pub fn relay(reference: &str, s: &Statement, consensus: Option<&str>, approver: &str) -> String {
    format!(
        "{}Approved by:         {approver}\n\n{}\n\n-- \nSent by the IETF liaison statement service; recorded as {reference}.\n\
         Please send any reply to the Send Reply To address above,\nquoting {reference}.\n",
        wrap(&s.metadata(reference, consensus)),
        s.body.trim_end()
    )
}

pub fn rejected(reference: &str, approver: &str, reason: &str) -> String {
    wrap(&format!(
        "{approver} did not approve {reference}, so it was not sent.\n\nReason given: {}\n\n\
         To try again, submit the corrected statement as a new mail to the submission address.\n",
        if reason.is_empty() { "(none)" } else { reason }
    ))
}

pub fn expired(reference: &str) -> String {
    wrap(&format!(
        "{reference} was not approved in time, so it expired and was not sent.\n\n\
         If it is still wanted, submit it again as a new mail to the submission address.\n"
    ))
}

pub fn reminder(reference: &str, expires: &str) -> String {
    wrap(&format!(
        "{reference} still waits for your approval. It expires unsent at {}.\n\n\
         Reply to the original approval request (not to this reminder) with one line at the top:\n  approve\nor\n  reject: the reason\n",
        when(expires)
    ))
}

pub fn sent(reference: &str, s: &Statement) -> String {
    let to = s
        .send_to
        .clone()
        .map(|a| vec![a])
        .unwrap_or_else(|| s.to_contacts.clone());
    wrap(&format!(
        "{reference} was sent to {} ({}).\n\n\
         Answers go to its Send Reply To address, {}; when one arrives as a liaison statement, liaisond links it to {reference}.\n\n\
         Message-ID: <{}>\n",
        to.join(", "),
        list(&s.to_groups),
        s.reply_to.as_deref().unwrap_or("(none given)"),
        s.message_id.as_deref().unwrap_or("")
    ))
}
