//! Checks an outgoing statement before anyone is asked to approve it. Every
//! problem is listed with how to fix it.

use chrono::NaiveDate;

use crate::domain::directory::Directory;
use crate::domain::{Purpose, ReviewReason};
use crate::extract::Extracted;
use crate::mail::address::looks_like_address;
use crate::mail::text::role;

pub fn problems(
    e: &Extracted,
    submitter: Option<&str>,
    directory: &Directory,
    today: NaiveDate,
) -> Vec<String> {
    let mut p = Vec::new();
    // Unknown groups and unreadable values come from extraction's own review reasons.
    for r in e.review_reasons.iter().filter(|r| r.is_unusable_value()) {
        p.push(format!("{r}: {}", fix_for(r)));
    }
    sender_problems(e, submitter, directory, &mut p);
    addressee_problems(e, &mut p);
    content_problems(e, today, &mut p);
    p.dedup();
    p
}

/// How to fix a value that cannot be used, for that value alone.
fn fix_for(r: &ReviewReason) -> &'static str {
    match r {
        ReviewReason::UnknownGroup { .. } => {
            "write the group as the directory names it, e.g. \"IETF LAMPS WG\" or \"3GPP TSG SA WG3\""
        }
        ReviewReason::UnknownPurpose { .. } => "write For Information, For Action or In Response",
        _ => "write the date as YYYY-MM-DD, e.g. 2026-12-01",
    }
}

/// Whether the submitter wrote a field (not taken from the mail's headers).
fn written(e: &Extracted, field: &str) -> bool {
    e.provenance.get(field).is_some_and(|p| p.rule != "header")
}

/// The sending IETF group, whether it can send, and whether the submitter may.
fn sender_problems(
    e: &Extracted,
    submitter: Option<&str>,
    directory: &Directory,
    p: &mut Vec<String>,
) {
    let s = &e.statement;
    let from = s
        .from_groups
        .first()
        .and_then(|g| directory.group_by_name(g));
    match from {
        None if s.from_groups.is_empty() => p.push("no From line: name the IETF group sending it, e.g. \"From: IETF LAMPS WG\"".into()),
        Some(g) if g.org != "ietf" => p.push(format!("From {:?} is not an IETF group, area, the IETF, the IESG or the IAB", g.name)),
        Some(g) if directory.approving_role(g).is_none() => p.push(format!("{:?} cannot send liaison statements (no approver is defined for it)", g.name)),
        Some(g) if directory.approvers(g).is_empty() => {
            p.push(format!("nobody in the directory is {} to approve a statement from {:?}; ask the liaison coordinators", directory.approving_role(g).map(|r| role(&r)).unwrap_or_default(), g.name))
        }
        _ => {}
    }
    if let (Some(g), Some(sub)) = (from, submitter) {
        let roles = directory.submitting_roles(g);
        if !directory
            .person(sub)
            .is_some_and(|person| roles.iter().any(|r| person.holds(r)))
        {
            let roles: Vec<String> = roles.iter().map(|r| role(r)).collect();
            p.push(format!("{sub} holds no role in {:?} (only the {} may); a chair or AD of the group must submit it", g.name, roles.join(" or ")));
        }
    }
    if submitter.is_none() {
        p.push("the submission has no From address".into());
    }
}

/// Whom it goes to, and the addresses given.
fn addressee_problems(e: &Extracted, p: &mut Vec<String>) {
    let s = &e.statement;
    if s.to_groups.is_empty() {
        p.push(
            "no To line: name the receiving organisation's group, e.g. \"To: 3GPP TSG SA WG3\""
                .into(),
        );
    }
    if s.send_to.is_none() && (!written(e, "to_contacts") || s.to_contacts.is_empty()) {
        p.push("no address to send it to: give \"To-Contact:\" addresses or the body's \"Send To:\" address".into());
    }
    for (field, list) in [
        ("From-Contact", &s.from_contacts),
        ("To-Contact", &s.to_contacts),
    ] {
        for a in list.iter().filter(|a| !looks_like_address(a)) {
            p.push(format!("{field} {a:?} is not a mail address"));
        }
    }
    if written(e, "to_contacts") && s.to_contacts.is_empty() {
        p.push("the To-Contact line holds no valid mail address".into());
    }
}

/// Purpose, deadline, title and consensus.
fn content_problems(e: &Extracted, today: NaiveDate, p: &mut Vec<String>) {
    let s = &e.statement;
    match s.purpose {
        None => p.push("no Purpose: write \"Purpose: For Information\", \"For Action\" or \"In Response\"".into()),
        Some(Purpose::ForAction) if s.deadline.is_none() => p.push("Purpose For Action needs a deadline: add \"Deadline: YYYY-MM-DD\"".into()),
        Some(Purpose::ForComment) => p.push("\"For Comment\" is no longer a purpose: use For Action with a deadline, or For Information".into()),
        _ => {}
    }
    if let Some(d) = s
        .deadline
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        && d < today
    {
        p.push(format!("the deadline {d} is in the past"));
    }
    if !written(e, "title") || s.title.trim().is_empty() {
        p.push("no title: add a one-line \"Title:\"".into());
    }
    if e.consensus.as_deref().is_none_or(|c| c.trim().is_empty()) {
        p.push("state the level of consensus (draft-iab-rfc4053bis 4.2), e.g. \"Consensus: WG consensus\" or \"Consensus: none sought\"".into());
    }
}
