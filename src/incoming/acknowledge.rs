//! The mail about a received statement: the acknowledgement its sender gets
//! (when one may go at all: RFC 3834, loops, a cap per address), worded so
//! that it asserts nothing extraction was unsure of, and the review request
//! coordinators get.

use anyhow::Result;
use serde_json::json;
use tracing::info;

use super::Settings;
use super::record::{Filing, Recorder};
use crate::domain::{EventKind, MailPurpose, ReviewReason};
use crate::extract::Extracted;
use crate::mail::address::looks_like_address;
use crate::mail::classify::Kind;
use crate::mail::compose::{Auto, Mail};
use crate::mail::text;
use crate::outbox::{Envelope, Limit, Post};
use crate::store::{Store, Tx};

impl Recorder {
    /// The acknowledgement, to the sender (for a forward: the original's Send Reply To, else its sender).
    pub(super) async fn acknowledge(&self, tx: &mut Tx, f: &Filing<'_>) -> Result<bool> {
        let (r, e, reference) = (f.receipt, f.e, f.reference);
        let forwarded = r.forwarded_by.is_some();
        let to = match forwarded {
            // Send Reply To may hold several addresses, or names: the first address.
            true => e
                .statement
                .reply_to
                .as_deref()
                .and_then(|r| crate::mail::address::addresses(r).into_iter().next())
                .or(e.sender.clone()),
            false => e.sender.clone(),
        };
        let refusal = if forwarded && !self.settings.acknowledge_forwarded {
            Some("forwarded statements are not acknowledged to their senders (distribution.acknowledge_forwarded)".into())
        } else {
            self.ack_refusal(tx, r.kind, r.why, to.as_deref()).await?
        };
        if let Some(reason) = refusal {
            let detail = json!({"reason": reason});
            Store::add_event(
                tx,
                EventKind::AckSuppressed,
                Some(f.sid),
                Some(r.raw_id),
                None,
                detail,
            )
            .await?;
            info!(%reference, %reason, "not acknowledged");
            return Ok(false);
        }
        let to = [to.expect("checked by ack_refusal")];
        let subject = subject(reference, &e.statement.title);
        let body = body(reference, e, &self.settings);
        let mail = Mail {
            in_reply_to: e.statement.message_id.as_deref(),
            ..Mail::new("ack", &to, &subject, &body, Auto::Replied)
        };
        let posted = self
            .postman
            .post(
                tx,
                Post {
                    key: format!("ack:{}", f.sid),
                    purpose: MailPurpose::Ack,
                    statement: Some(f.sid),
                    raw: Some(r.raw_id),
                    envelope: Envelope::Null,
                    // Its limit (Limit::Answer) was checked by ack_refusal in
                    // this same transaction; the mail still counts against it.
                    limit: Limit::None,
                    mail,
                },
            )
            .await?;
        let detail = json!({"to": to[0], "message_id": posted.message_id});
        Store::add_event(
            tx,
            EventKind::AckQueued,
            Some(f.sid),
            Some(r.raw_id),
            None,
            detail,
        )
        .await?;
        info!(%reference, to = %to[0], "acknowledgement queued");
        Ok(true)
    }

    /// Why this statement must not be acknowledged, if it must not.
    async fn ack_refusal(
        &self,
        tx: &mut Tx,
        kind: Kind,
        why: &str,
        to: Option<&str>,
    ) -> Result<Option<String>> {
        if !kind.may_answer() {
            return Ok(Some(format!(
                "automatic replies never go to list or bulk mail ({why})"
            )));
        }
        if !self.settings.acknowledge {
            return Ok(Some(
                "acknowledgements are disabled (ack.enabled = false)".into(),
            ));
        }
        let Some(to) = to.filter(|s| looks_like_address(s)) else {
            return Ok(Some("no usable From address".into()));
        };
        if self.settings.own.contains(to) {
            return Ok(Some("the sender is liaisond itself".into()));
        }
        self.postman.over_limit(tx, Limit::Answer, to).await
    }
}

const UNSURE: &str = "(to be confirmed by a liaison coordinator)";

pub fn subject(reference: &str, title: &str) -> String {
    if title.is_empty() {
        format!("Liaison statement received: {reference}")
    } else {
        format!("Liaison statement received: {reference}: {title}")
    }
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "(not stated)".into()
    } else {
        v.join(", ")
    }
}

/// A field's value as the ack may state it: only what was read with confidence.
fn sure(e: &Extracted, field: &str, value: String, empty: &str) -> String {
    match (e.provenance.contains_key(field), e.is_sure(field)) {
        (false, _) => empty.to_string(),
        (true, true) => value,
        (true, false) => UNSURE.to_string(),
    }
}

/// One "  Name:  value" line, the values aligned; "-" for nothing.
fn row(name: &str, value: &str) -> String {
    let value = if value.trim().is_empty() { "-" } else { value };
    format!("  {:<15} {value}\n", format!("{name}:"))
}

/// The recorded fields, one per line.
fn fields(e: &Extracted) -> String {
    let s = &e.statement;
    let title = if s.title.is_empty() {
        "(none)".to_string()
    } else {
        s.title.clone()
    };
    let purpose = s.purpose.map(|p| p.human().to_string()).unwrap_or_default();
    let mut t = String::new();
    t.push_str(&row("Title", &sure(e, "title", title, "(none)")));
    let from = list(&s.from_groups);
    t.push_str(&row("From", &sure(e, "from_groups", from, "(not stated)")));
    let contacts = list(&s.from_contacts);
    let contacts = sure(e, "from_contacts", contacts, "(not stated)");
    t.push_str(&row("From-Contact", &contacts));
    let reply = s.reply_to.clone().unwrap_or_default();
    t.push_str(&row(
        "Send Reply To",
        &sure(e, "reply_to", reply, "(not stated)"),
    ));
    let to = list(&s.to_groups);
    t.push_str(&row("To", &sure(e, "to_groups", to, "(not stated)")));
    t.push_str(&row(
        "Purpose",
        &sure(e, "purpose", purpose, "(not stated)"),
    ));
    let deadline = s.deadline.clone().unwrap_or_default();
    t.push_str(&row("Deadline", &sure(e, "deadline", deadline, "(none)")));
    if s.attachments.is_empty() {
        t.push_str(&row("Attachments", "(none)"));
    } else {
        t.push_str("  Attachments:\n");
        t.push_str(&text::file_list(
            s.attachments
                .iter()
                .map(|a| (&a.name[..], &a.media_type[..], a.size)),
            4,
        ));
    }
    t
}

/// The acknowledgement: the reference, what was recorded, how to answer.
pub fn body(reference: &str, e: &Extracted, settings: &Settings) -> String {
    let mut t = format!(
        "Thank you. Your liaison statement has been received and recorded as\n\
         {reference}. Please quote {reference} in any mail about it.\n\n"
    );
    if let Some(base) = &settings.public_url {
        t.push_str(&format!(
            "It is on the public record at\n  {}/statements/{reference}\n\n",
            base.trim_end_matches('/')
        ));
    }
    t.push_str("As recorded:\n");
    t.push_str(&fields(e));
    if e.needs_review {
        t.push_str(
            "\nA liaison coordinator will check the details marked above, or any\n\
             that were unclear, before the record is final.\n",
        );
    }
    t.push_str(&format!(
        "\nThe statement goes to the chairs of the IETF groups it is addressed\n\
         to. Their answer, if one is due, comes from them as a liaison statement\n\
         to your Send Reply To address.\n\n\
         This mail was sent automatically; a reply to it is filed with\n\
         {reference}. To send a further statement, mail it to {}.\n",
        settings
            .central
            .as_deref()
            .unwrap_or("the address you used")
    ));
    text::wrap(&t)
}

/// For the coordinators: what needs a human, where each value came from, and how to fix it.
pub fn review_body(
    reference: &str,
    e: &Extracted,
    reasons: &[ReviewReason],
    public_url: Option<&str>,
) -> String {
    let mut t = format!("{reference} was recorded, but a person should check it:\n");
    for r in reasons {
        t.push_str(&format!("  - {r}\n"));
    }
    if let Some(base) = public_url {
        t.push_str(&format!(
            "\nOn the public record (marked \"details under review\"):\n  {}/statements/{reference}\n",
            base.trim_end_matches('/')
        ));
    }
    t.push_str(&format!(
        "\nRead as the {} template. As recorded:\n",
        e.format
    ));
    let s = &e.statement;
    t.push_str(&row("Title", &s.title));
    t.push_str(&row("From", &list(&s.from_groups)));
    t.push_str(&row("From-Contact", &list(&s.from_contacts)));
    t.push_str(&row("Send Reply To", s.reply_to.as_deref().unwrap_or("")));
    t.push_str(&row("To", &list(&s.to_groups)));
    t.push_str(&row("Send To", s.send_to.as_deref().unwrap_or("")));
    let purpose = s
        .purpose
        .map(|p| p.human().to_string())
        .or(e.purpose_label.clone())
        .unwrap_or_default();
    t.push_str(&row("Purpose", &purpose));
    t.push_str(&row("Deadline", s.deadline.as_deref().unwrap_or("")));
    t.push_str("\nWhere each value came from:\n");
    for (field, p) in &e.provenance {
        t.push_str(&format!(
            "  - {}: {} ({} rule, {:.0}% sure)\n",
            field.replace('_', " "),
            p.source,
            p.rule,
            p.confidence * 100.0
        ));
    }
    t.push_str(CORRECT);
    text::wrap(&t)
}

/// How a coordinator corrects a record: by replying.
pub const CORRECT: &str = "\nTo correct the record, reply to this mail with one command per line\n\
at the top, for example:\n\
\x20 to: ccamp, teas\n\
\x20 purpose: for action\n\
\x20 deadline: 2026-12-01\n\
\x20 title: the right title\n\
\x20 redirect opsawg        (sends it on to that group instead)\n\
liaisond applies them all or none and answers with the record as it\n\
then stands.\n";
