//! The liaison statement (draft-iab-rfc4053bis section 2) and its JSON
//! contract, shared by extraction, the store, the web and the CLI.

use serde::{Deserialize, Serialize};

use super::{AttachmentInfo, Direction, Purpose, State};

/// A statement in the public JSON contract. Field names must not change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub reference: Option<String>,
    pub direction: Direction,
    pub state: Option<State>,
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
