//! The mail about a received statement: the acknowledgement its sender gets,
//! worded so that it asserts nothing extraction was unsure of, and the
//! review request coordinators get.

use crate::extract::Extracted;

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
pub fn review_body(reference: &str, e: &Extracted, reasons: &[String]) -> String {
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
