//! An approver's answer, read from the new text of the reply.

use std::sync::LazyLock;

use regex::Regex;

use crate::mail::quoting::{first_line, new_text};

/// An approver's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject(String),
    Unclear,
}

/// Thanks after the word, as people add them: ", thanks!", " - thank you", " cheers".
const THANKS: &str =
    r"(?:[\s,;:.!-]+(?:many\s+)?(?:thanks|thank\s+you|thx|ta|cheers)(?:\s+\w+)?[\s.!]*)?";

/// Reads "approve" (also "Approved.", "APPROVE", "yes, approve", "Approved,
/// thanks!", "Approve - thanks") or "reject: reason" from the first line of
/// the new text. Anything else ("not approved", "disapprove", "approve?", a
/// reply that says both) is unclear.
pub fn decision(body: &str) -> Decision {
    static APPROVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)^\s*(yes[,.!]?\s+)?(i\s+)?approve[ds]?\b[\s.!]*(\bit\b)?[\s.!]*{THANKS}$"
        ))
        .unwrap()
    });
    static REJECT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(no[,.!]?\s+)?(i\s+)?reject(ed|s)?\b\s*[:,.-]?\s*(.*)$").unwrap()
    });
    let Some(line) = first_line(body) else {
        return Decision::Unclear;
    };
    if APPROVE.is_match(&line) {
        return Decision::Approve;
    }
    if let Some(c) = REJECT.captures(&line) {
        let mut reason = c.get(4).map_or("", |m| m.as_str()).trim().to_string();
        if reason.is_empty() {
            // "reject" alone, with the reason on the following lines.
            reason = new_text(body)
                .lines()
                .skip_while(|l| !REJECT.is_match(l))
                .skip(1)
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_string();
        }
        return Decision::Reject(crate::mail::text::clean_text(&reason));
    }
    Decision::Unclear
}

/// Whether a reply confirms a request: "confirm" (also "Confirmed.",
/// "yes, confirm", "Confirm - thanks") on the first line of the new text.
pub fn confirms(body: &str) -> bool {
    static CONFIRM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)^\s*(yes[,.!]?\s+)?(i\s+)?confirm(ed|s)?\b[\s.!]*{THANKS}$"
        ))
        .unwrap()
    });
    first_line(body).is_some_and(|l| CONFIRM.is_match(&l))
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUOTED: &str = "\n\nOn Mon, 2 Mar 2026 at 10:00, IETF Liaison Statements <liaison-bot@iab.example> wrote:\n\
> Reply with \"approve\" to send it, or \"reject: reason\".\n> approve\n";

    #[test]
    fn approvals_in_the_shapes_people_write() {
        for reply in [
            "approve",
            "Approved.",
            "APPROVE",
            "yes, approve",
            "Yes, approved!",
            "I approve",
            "approve\n\n-- \nJane Doe, Security AD\n+1 555 0100",
            "Approved, thanks!",
            "Approve - thanks",
            "Yes, approved",
            "approved. Many thanks",
            "Approve, thank you.",
            "Approve\n\nSent from my iPhone",
            "\n\n  approve  \n",
        ] {
            assert_eq!(
                decision(&format!("{reply}{QUOTED}")),
                Decision::Approve,
                "{reply:?}"
            );
        }
    }

    #[test]
    fn rejections_carry_their_reason() {
        assert_eq!(
            decision(&format!("reject: wrong addressee{QUOTED}")),
            Decision::Reject("wrong addressee".into())
        );
        assert_eq!(
            decision(&format!("Rejected - needs WG consensus first{QUOTED}")),
            Decision::Reject("needs WG consensus first".into())
        );
        assert_eq!(
            decision(&format!("reject\nThe deadline is too short.{QUOTED}")),
            Decision::Reject("The deadline is too short.".into())
        );
    }

    #[test]
    fn quoted_approvals_and_prose_are_not_decisions() {
        // Only the quoted confirmation says "approve".
        assert_eq!(decision(QUOTED), Decision::Unclear);
        assert_eq!(decision("> approve\n"), Decision::Unclear);
        for reply in [
            "I don't approve of this wording",
            "approve? not sure",
            "Can you change the title first?",
            "do not approve",
            "not approved",
            "disapprove",
            "approve?",
            "Approved? Thanks",
            "approve, but fix the title first",
            "",
        ] {
            assert_eq!(decision(reply), Decision::Unclear, "{reply:?}");
        }
    }

    #[test]
    fn confirmations_in_the_shapes_people_write() {
        for yes in [
            "confirm",
            "Confirmed.",
            "yes, confirm",
            "Confirm - thanks!",
            "CONFIRM\n\n-- \nJane",
        ] {
            assert!(confirms(&format!("{yes}{QUOTED}")), "{yes:?}");
        }
        for no in [
            "",
            "confirm?",
            "I do not confirm",
            "not confirmed",
            "> confirm",
            "confirm the other one",
        ] {
            assert!(!confirms(no), "{no:?}");
        }
    }

    #[test]
    fn outlook_top_posting_is_cut_at_the_header_block() {
        let body = "Approved.\r\n\r\n________________________________\r\nFrom: IETF Liaison Statements <liaison-bot@iab.example>\r\nSent: Monday\r\nSubject: approve?\r\n\r\napprove\r\n";
        assert_eq!(decision(body), Decision::Approve);
    }
}
