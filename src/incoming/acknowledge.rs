//! The mail about a received statement: the acknowledgement its sender gets
//! (when one may go at all: RFC 3834, loops, a cap per address), worded so
//! that it asserts nothing extraction was unsure of, and the review request
//! coordinators get.

use anyhow::Result;
use serde_json::json;
use tracing::info;

use super::record::{Filing, Recorder};
use crate::domain::{EventKind, MailPurpose, ReviewReason};
use crate::extract::Extracted;
use crate::mail::address::looks_like_address;
use crate::mail::classify::Kind;
use crate::mail::compose::{Auto, Mail};
use crate::outbox::{Envelope, Post};
use crate::store::{Store, Tx};

impl Recorder {
    /// The acknowledgement, to the sender (for a forward: the original's Send Reply To, else its sender).
    pub(super) async fn acknowledge(&self, tx: &mut Tx, f: &Filing<'_>) -> Result<bool> {
        let (r, e, reference) = (f.receipt, f.e, f.reference);
        let forwarded = r.forwarded_by.is_some();
        let to = match forwarded {
            true => e.statement.reply_to.clone().or(e.sender.clone()),
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
        let body = body(reference, e, self.settings.public_url.as_deref());
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
        let since = crate::store::stamp(chrono::Utc::now() - chrono::Duration::hours(24));
        let cap = self.settings.answers_per_day;
        if Store::acks_to_since(tx, to, &since, i64::from(cap)).await? >= i64::from(cap) {
            return Ok(Some(format!(
                "{to} already had {cap} acknowledgements in 24 hours (ack.max_per_sender_per_day)"
            )));
        }
        Ok(None)
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

/// The recorded fields, one per line.
fn fields(e: &Extracted) -> String {
    let s = &e.statement;
    let mut t = String::new();
    let title = if s.title.is_empty() {
        "(none)".to_string()
    } else {
        s.title.clone()
    };
    t.push_str(&format!(
        "  Title:          {}\n",
        sure(e, "title", title, "(none)")
    ));
    t.push_str(&format!(
        "  From:           {}\n",
        sure(e, "from_groups", list(&s.from_groups), "(not stated)")
    ));
    t.push_str(&format!(
        "  From-Contact:   {}\n",
        sure(e, "from_contacts", list(&s.from_contacts), "(not stated)")
    ));
    let reply = s.reply_to.clone().unwrap_or_default();
    t.push_str(&format!(
        "  Send Reply To:  {}\n",
        sure(e, "reply_to", reply, "(not stated)")
    ));
    t.push_str(&format!(
        "  To:             {}\n",
        sure(e, "to_groups", list(&s.to_groups), "(not stated)")
    ));
    let purpose = s.purpose.map(|p| p.human().to_string()).unwrap_or_default();
    t.push_str(&format!(
        "  Purpose:        {}\n",
        sure(e, "purpose", purpose, "(not stated)")
    ));
    let deadline = s.deadline.clone().unwrap_or_default();
    t.push_str(&format!(
        "  Deadline:       {}\n",
        sure(e, "deadline", deadline, "(none)")
    ));
    if s.attachments.is_empty() {
        t.push_str("  Attachments:    (none)\n");
    } else {
        t.push_str("  Attachments:\n");
        for a in &s.attachments {
            t.push_str(&format!(
                "    - {} ({}, {} bytes)\n",
                a.name, a.media_type, a.size
            ));
        }
    }
    t
}

pub fn body(reference: &str, e: &Extracted, public_url: Option<&str>) -> String {
    let mut t = format!(
        "Your liaison statement has been received and recorded as {reference}.\n\
         Please quote {reference} in any mail about this statement.\n\n"
    );
    if let Some(base) = public_url {
        t.push_str(&format!(
            "Public record: {}/statements/{reference}\n\n",
            base.trim_end_matches('/')
        ));
    }
    t.push_str("As recorded:\n");
    t.push_str(&fields(e));
    if e.needs_review {
        t.push_str("\nA liaison coordinator will review the record before it is final.\n");
    }
    t.push_str("\nThis is an automatic reply from the IETF liaison statement service.\n");
    t
}

/// For the coordinators: what needs a human, and where each value came from.
pub fn review_body(reference: &str, e: &Extracted, reasons: &[ReviewReason]) -> String {
    let mut t = format!("{reference} was recorded, but needs review:\n");
    for r in reasons {
        t.push_str(&format!("  - {r}\n"));
    }
    t.push_str(&format!(
        "\nRecognised format: {}\n\nAs extracted:\n",
        e.format
    ));
    let s = &e.statement;
    let row = |name: &str, value: String| format!("  {name:<14} {value}\n");
    t.push_str(&row("Title:", s.title.clone()));
    t.push_str(&row("From:", list(&s.from_groups)));
    t.push_str(&row("From-Contact:", list(&s.from_contacts)));
    t.push_str(&row(
        "Send Reply To:",
        s.reply_to.clone().unwrap_or_default(),
    ));
    t.push_str(&row("To:", list(&s.to_groups)));
    t.push_str(&row("Send To:", s.send_to.clone().unwrap_or_default()));
    t.push_str(&row(
        "Purpose:",
        s.purpose
            .map(|p| p.human().to_string())
            .or(e.purpose_label.clone())
            .unwrap_or_default(),
    ));
    t.push_str(&row("Deadline:", s.deadline.clone().unwrap_or_default()));
    t.push_str("\nWhere each value came from:\n");
    for (field, p) in &e.provenance {
        t.push_str(&format!(
            "  {field:<16} {} ({}, confidence {:.2})\n",
            p.source, p.rule, p.confidence
        ));
    }
    t
}
