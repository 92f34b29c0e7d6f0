//! How values read on a page: times in UTC to the minute, sizes in kB, file
//! types by their plain names, states in words, and the marks a
//! coordinator scans a list for.

use chrono::NaiveDate;

use crate::domain::{Purpose, State};
use crate::store::StatementRow;

pub use crate::mail::text::{size, type_name, when};

/// The day of a stored time: "2026-11-30".
pub fn day(stamp: &str) -> String {
    stamp.chars().take(10).collect()
}

/// "Awaiting response" from `awaiting_response`.
pub fn human(state: &str) -> String {
    let s = state.replace('_', " ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// What a coordinator scans a list for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// For Action, not answered, deadline still ahead (or none given).
    ActionNeeded,
    /// For Action, not answered, deadline passed.
    Overdue,
    Answered,
}

impl Mark {
    pub fn of(row: &StatementRow, today: NaiveDate) -> Option<Mark> {
        if row.state == State::Responded {
            return Some(Mark::Answered);
        }
        let open = matches!(
            row.state,
            State::Received | State::Sent | State::AwaitingResponse
        );
        if row.purpose != Some(Purpose::ForAction) || !open {
            return None;
        }
        let passed = row
            .deadline
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .is_some_and(|d| d < today);
        Some(if passed {
            Mark::Overdue
        } else {
            Mark::ActionNeeded
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Mark::ActionNeeded => "Action needed",
            Mark::Overdue => "Overdue",
            Mark::Answered => "Answered",
        }
    }

    /// The CSS class that colours it.
    pub fn class(self) -> &'static str {
        match self {
            Mark::ActionNeeded => "mark action",
            Mark::Overdue => "mark overdue",
            Mark::Answered => "mark answered",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_people_say_them() {
        assert_eq!(when("2026-11-30T18:43:07.123Z"), "2026-11-30 18:43 UTC");
        assert_eq!(when("2026-11-30T20:43:07+02:00"), "2026-11-30 18:43 UTC");
        assert_eq!(when("yesterday"), "yesterday");
        assert_eq!(size(28), "1 kB");
        assert_eq!(size(12_300), "13 kB");
        assert_eq!(size(1_450_000), "1.4 MB");
        assert_eq!(
            type_name(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=x",
                "S3-26.docx"
            ),
            "Word document"
        );
        assert_eq!(
            type_name("application/octet-stream", "model.yang"),
            "YANG file"
        );
        assert_eq!(type_name("application/octet-stream", "blob"), "File");
        assert_eq!(human("awaiting_response"), "Awaiting response");
    }
}
