//! Why a record needs a coordinator's eye. Code decides on the kind; people
//! read the words (`Display`), which is also what is stored and shown.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewReason {
    /// A group name the directory does not know (`field` is From, To or Cc).
    UnknownGroup {
        field: String,
        written: String,
    },
    UnknownPurpose {
        written: String,
    },
    /// A deadline whose day and month could be swapped.
    AmbiguousDeadline {
        written: String,
        /// The two readings, when both are dates, and where it was found.
        readings: Option<(String, String, String)>,
    },
    NotADate {
        written: String,
        source: String,
    },
    /// Two templates in one mail disagree on a field.
    Conflict {
        field: String,
        first: String,
        first_source: String,
        other: String,
        other_source: String,
    },
    UnreadableAttachment {
        path: String,
        why: String,
    },
    /// A contact given by name that may be several names run together
    /// (a table cell that lost its line breaks).
    RunTogether {
        field: String,
        written: String,
    },
    /// The mail's sender was added as a From-Contact beside contacts the
    /// statement names without an address.
    SenderNotNamed {
        sender: String,
        named: String,
    },
    /// What a template's rules always ask a person to check (e.g. prose letters).
    FormatNote(String),
    NoFrom,
    NoTo,
    NoPurpose,
    ActionWithoutDeadline,
    LegacyComment {
        deadline_given: bool,
    },
    NoTitle,
    /// It came as list or bulk mail.
    ListMail {
        why: String,
    },
    /// It quotes what it answers, but that is not recorded.
    AnswersUnknown {
        quoted: String,
    },
    /// Threading and quoted reference name two different statements.
    ThreadAndQuoteDisagree {
        threaded: String,
        quoted: String,
    },
    /// It names a statement of its own direction.
    SameDirection {
        reference: String,
        direction: String,
    },
    /// It may answer a statement with a similar title.
    SimilarTitle {
        reference: String,
        percent: u32,
    },
    /// Its Message-ID is already recorded as another statement, from another
    /// sender or with other content: not merged into that record.
    MessageIdReused {
        message_id: String,
        reference: String,
    },
    /// Held: more statements from this sender today than the deployment allows.
    Held {
        sender: String,
        count: u32,
    },
}

impl ReviewReason {
    /// A value a submitter wrote that liaisond cannot use as it stands.
    pub fn is_unusable_value(&self) -> bool {
        matches!(
            self,
            ReviewReason::UnknownGroup { .. }
                | ReviewReason::UnknownPurpose { .. }
                | ReviewReason::AmbiguousDeadline { .. }
                | ReviewReason::NotADate { .. }
        )
    }
}

impl fmt::Display for ReviewReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ReviewReason::*;
        match self {
            UnknownGroup { field, written } => {
                write!(f, "{field} group {written:?} is not in the group directory")
            }
            UnknownPurpose { written } => write!(
                f,
                "purpose {written:?} is not For Information, For Action or In Response"
            ),
            AmbiguousDeadline {
                written,
                readings: Some((a, b, source)),
            } => write!(
                f,
                "deadline {written:?} is ambiguous: {a} or {b}? ({source})"
            ),
            AmbiguousDeadline {
                written,
                readings: None,
            } => write!(
                f,
                "deadline {written:?} is ambiguous (day and month could be swapped)"
            ),
            NotADate { written, source } => {
                write!(f, "deadline {written:?} is not a date ({source})")
            }
            Conflict {
                field,
                first,
                first_source,
                other,
                other_source,
            } => write!(
                f,
                "conflicting {field}: {first:?} ({first_source}) but {other:?} ({other_source})"
            ),
            UnreadableAttachment { path, why } => write!(
                f,
                "attachment {path} could not be read ({why}); its original is kept"
            ),
            RunTogether { field, written } => {
                write!(f, "{field} {written:?} may be several names run together")
            }
            SenderNotNamed { sender, named } => write!(
                f,
                "From-Contact {sender} is who mailed it; the statement names {named} without an address"
            ),
            FormatNote(note) => f.write_str(note),
            NoFrom => f.write_str("the sending group (From) is not stated"),
            NoTo => f.write_str("the addressed group (To) is not stated"),
            NoPurpose => f.write_str("the purpose is not stated"),
            ActionWithoutDeadline => f.write_str("For Action without a deadline"),
            LegacyComment { deadline_given } => write!(
                f,
                "legacy purpose \"For Comment\": treat as {} (draft-iab-rfc4053bis)",
                if *deadline_given {
                    "For Action, as a deadline is given"
                } else {
                    "For Information, as no deadline is given"
                }
            ),
            NoTitle => f.write_str("no title"),
            ListMail { why } => write!(f, "arrived as list or bulk mail ({why})"),
            AnswersUnknown { quoted } => {
                write!(f, "answers {quoted:?}, which is not a recorded statement")
            }
            ThreadAndQuoteDisagree { threaded, quoted } => write!(
                f,
                "replies to {threaded} but quotes {quoted}: confirm which it answers with \"responded\""
            ),
            SameDirection {
                reference,
                direction,
            } => write!(
                f,
                "names {reference}, which is {direction} like this one: not linked without a coordinator"
            ),
            SimilarTitle { reference, percent } => write!(
                f,
                "may answer {reference} (similar title, {percent}% of words): confirm with \"responded\" on {reference}"
            ),
            MessageIdReused {
                message_id,
                reference,
            } => write!(
                f,
                "its Message-ID <{message_id}> is already recorded as {reference}, from another sender or with other content: recorded apart, not merged"
            ),
            Held { sender, count } => write!(
                f,
                "held for review, not distributed: {count} statements from {sender} in 24 hours (limits.statements_per_sender_per_day)"
            ),
        }
    }
}

/// Stored and shown as its words.
impl serde::Serialize for ReviewReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
