//! Which way a statement goes, and what it asks of its addressees.

use strum::{AsRefStr, Display, EnumIter, EnumString, IntoStaticStr};

use super::names::named;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    AsRefStr,
    IntoStaticStr,
    EnumString,
    EnumIter,
    Display,
)]
#[strum(serialize_all = "snake_case")]
pub enum Direction {
    /// From another body to the IETF.
    #[default]
    Incoming,
    /// From the IETF, relayed after approval.
    Outgoing,
}

impl Direction {
    pub fn opposite(self) -> Direction {
        match self {
            Direction::Incoming => Direction::Outgoing,
            Direction::Outgoing => Direction::Incoming,
        }
    }
}

/// draft-iab-rfc4053bis section 2: For Information, For Action (with a
/// deadline), In Response; "For Comment" is the legacy RFC 4053 label.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, AsRefStr, IntoStaticStr, EnumString, EnumIter, Display,
)]
#[strum(serialize_all = "snake_case")]
pub enum Purpose {
    ForInformation,
    ForAction,
    InResponse,
    /// Legacy RFC 4053 label, kept as received.
    ForComment,
}

named!(Direction, Purpose);

impl Purpose {
    /// Reads the label as bodies write it: "For Action", "for information", "In-Response", ...
    pub fn parse_label(label: &str) -> Option<Purpose> {
        let l = label.to_lowercase().replace(['-', '_'], " ");
        let l = l.trim().trim_end_matches('.');
        let l = l.strip_prefix("for ").unwrap_or(l);
        match l {
            "information" | "info" => Some(Purpose::ForInformation),
            "action" => Some(Purpose::ForAction),
            "in response" | "response" => Some(Purpose::InResponse),
            "comment" | "comments" => Some(Purpose::ForComment),
            _ => None,
        }
    }

    /// As people write it: "For Action".
    pub fn human(self) -> &'static str {
        match self {
            Purpose::ForInformation => "For Information",
            Purpose::ForAction => "For Action",
            Purpose::InResponse => "In Response",
            Purpose::ForComment => "For Comment",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name_for_json_the_store_and_the_code() {
        assert_eq!(Purpose::ForAction.as_str(), "for_action");
        assert_eq!(
            "in_response".parse::<Purpose>().unwrap(),
            Purpose::InResponse
        );
        assert_eq!(
            serde_json::to_string(&Purpose::ForComment).unwrap(),
            "\"for_comment\""
        );
        let err = serde_json::from_str::<Purpose>("\"urgent\"").unwrap_err();
        assert!(err.to_string().contains("for_information"), "{err}");
        assert_eq!(Direction::Outgoing.as_str(), "outgoing");
    }

    #[test]
    fn labels_as_bodies_write_them() {
        assert_eq!(
            Purpose::parse_label("For Action."),
            Some(Purpose::ForAction)
        );
        assert_eq!(
            Purpose::parse_label("In-Response"),
            Some(Purpose::InResponse)
        );
        assert_eq!(Purpose::parse_label("comments"), Some(Purpose::ForComment));
        assert_eq!(Purpose::parse_label("urgent"), None);
    }
}
