//! The acknowledgement a sender receives: the reference and what was recorded,
//! worded so that it asserts nothing extraction was unsure of.

use crate::extract::Extracted;

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

pub fn body(reference: &str, e: &Extracted, public_url: Option<&str>) -> String {
    let s = &e.statement;
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
    t.push_str(&format!(
        "  Title:          {}\n",
        if s.title.is_empty() {
            "(none)"
        } else {
            &s.title
        }
    ));
    t.push_str(&format!("  From:           {}\n", list(&s.from_groups)));
    t.push_str(&format!("  From-Contact:   {}\n", list(&s.from_contacts)));
    t.push_str(&format!(
        "  Send Reply To:  {}\n",
        s.reply_to.as_deref().unwrap_or("(not stated)")
    ));
    t.push_str(&format!("  To:             {}\n", list(&s.to_groups)));
    t.push_str(&format!(
        "  Purpose:        {}\n",
        s.purpose.map(|p| p.human()).unwrap_or("(not stated)")
    ));
    t.push_str(&format!(
        "  Deadline:       {}\n",
        s.deadline.as_deref().unwrap_or("(none)")
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
    if e.needs_review {
        t.push_str(
            "\nA liaison coordinator will review these points before the record is final:\n",
        );
        for r in &e.review_reasons {
            t.push_str(&format!("  - {r}\n"));
        }
    }
    t.push_str("\nThis is an automatic reply from the IETF liaison statement service.\n");
    t
}
