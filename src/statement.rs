//! The liaison statement (draft-iab-rfc4053bis section 2) and its JSON
//! contract, shared by extraction, the store and the CLI.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Incoming,
    Outgoing,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Incoming => "incoming",
            Direction::Outgoing => "outgoing",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    ForInformation,
    ForAction,
    InResponse,
    /// Legacy RFC 4053 label, kept as received.
    ForComment,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::ForInformation => "for_information",
            Purpose::ForAction => "for_action",
            Purpose::InResponse => "in_response",
            Purpose::ForComment => "for_comment",
        }
    }

    pub fn from_db(s: &str) -> Option<Purpose> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
    }

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

    pub fn human(self) -> &'static str {
        match self {
            Purpose::ForInformation => "For Information",
            Purpose::ForAction => "For Action",
            Purpose::InResponse => "In Response",
            Purpose::ForComment => "For Comment",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
}

/// A statement in the public JSON contract. Field names must not change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub reference: Option<String>,
    pub direction: Direction,
    pub state: Option<String>,
    pub from_groups: Vec<String>,
    pub from_contacts: Vec<String>,
    pub reply_to: Option<String>,
    pub to_groups: Vec<String>,
    pub to_contacts: Vec<String>,
    pub send_to: Option<String>,
    pub purpose: Option<Purpose>,
    /// YYYY-MM-DD
    pub deadline: Option<String>,
    pub title: String,
    pub body: String,
    pub attachments: Vec<AttachmentInfo>,
    pub received_at: Option<String>,
    pub message_id: Option<String>,
}

impl Statement {
    /// The metadata block of draft-iab-rfc4053bis, as people read it in mail.
    pub fn metadata(&self, reference: &str, consensus: Option<&str>) -> String {
        let list = |v: &[String]| {
            if v.is_empty() {
                "-".to_string()
            } else {
                v.join(", ")
            }
        };
        let mut t = String::new();
        t.push_str(&format!("Reference:           {reference}\n"));
        t.push_str(&format!(
            "From:                {}\n",
            list(&self.from_groups)
        ));
        t.push_str(&format!(
            "From-Contact:        {}\n",
            list(&self.from_contacts)
        ));
        t.push_str(&format!(
            "Send Reply To:       {}\n",
            self.reply_to.as_deref().unwrap_or("-")
        ));
        t.push_str(&format!("To:                  {}\n", list(&self.to_groups)));
        t.push_str(&format!(
            "To-Contact:          {}\n",
            list(&self.to_contacts)
        ));
        t.push_str(&format!(
            "Send To:             {}\n",
            self.send_to.as_deref().unwrap_or("-")
        ));
        t.push_str(&format!(
            "Purpose:             {}\n",
            self.purpose.map(|p| p.human()).unwrap_or("-")
        ));
        t.push_str(&format!(
            "Deadline:            {}\n",
            self.deadline.as_deref().unwrap_or("-")
        ));
        t.push_str(&format!("Title:               {}\n", self.title));
        if let Some(c) = consensus {
            t.push_str(&format!("Level of consensus:  {c}\n"));
        }
        t
    }
}
