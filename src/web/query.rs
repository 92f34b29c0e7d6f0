//! What the public may ask of the record: list filters turned into SQL, and
//! one statement with its attachments, links and history. Every query here
//! is limited to the public states.

use anyhow::Result;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::{EventKind, MailPurpose, Purpose, State};
use crate::store::Store;
use crate::store::public::{Deadline, ListQuery, Page, Sort, SortBy};

/// List filters as they appear in URLs; an empty value means "any" (HTML
/// forms send every field), so the same URL works for pages, JSON and feeds.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Filters {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub direction: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub group: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub purpose: String,
    /// A stored state, or `awaiting_response`: open For Action statements.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub state: String,
    /// `passed` or `coming`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub deadline: String,
    /// Received on or after this day (YYYY-MM-DD).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub since: String,
    /// Received on or before this day (YYYY-MM-DD).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub until: String,
    /// Words to find in titles, bodies and attachment text; or a reference,
    /// a document number, an address.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub q: String,
    /// A column: `reference`, `received`, `from`, `to`, `purpose`, `deadline`, `state`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sort: String,
    /// `asc` or `desc`; each column has its natural default.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub order: String,
    /// 1, 2, ...; kept as written so that a wrong value gets a clear answer.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub page: String,
}

/// The columns a list sorts by, as URLs name them.
pub const SORTS: [&str; 7] = [
    "reference",
    "received",
    "from",
    "to",
    "purpose",
    "deadline",
    "state",
];

impl Filters {
    /// The filters of a URL's query, checked; what is wrong, said for the person who typed it.
    pub fn from_query(raw: Option<&str>) -> Result<Filters, String> {
        let f: Filters = serde_urlencoded::from_str(raw.unwrap_or_default())
            .map_err(|e| format!("the filters in this address cannot be read ({e})"))?;
        f.check()?;
        Ok(f)
    }

    /// What is wrong with the filters, said for the person who typed them.
    pub fn check(&self) -> Result<(), String> {
        let one_of = |name: &str, value: &str, allowed: &[&str]| {
            if value.is_empty() || allowed.contains(&value) {
                Ok(())
            } else {
                Err(format!("{name} must be one of: {}", allowed.join(", ")))
            }
        };
        let purposes: Vec<&str> = Purpose::all().map(Purpose::as_str).collect();
        let states: Vec<&str> = State::all().map(State::as_str).collect();
        one_of("direction", &self.direction, &["incoming", "outgoing"])?;
        one_of("purpose", &self.purpose, &purposes)?;
        one_of("state", &self.state, &states)?;
        one_of("deadline", &self.deadline, &["passed", "coming"])?;
        for (name, day) in [("since", &self.since), ("until", &self.until)] {
            if !day.is_empty() && chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_err() {
                return Err(format!("{name} must be a date such as 2026-03-01"));
            }
        }
        one_of("sort", &self.sort, &SORTS)?;
        one_of("order", &self.order, &["asc", "desc"])?;
        match self.page.parse::<u32>() {
            _ if self.page.is_empty() => {}
            Ok(0) | Err(_) => return Err("page must be a number from 1 on, such as 2".into()),
            Ok(_) => {}
        }
        Ok(())
    }

    pub fn page(&self) -> u32 {
        self.page.parse().unwrap_or(1)
    }

    /// The order asked for: newest first unless a column is named; deadlines
    /// and references read best from the earliest, the rest A to Z.
    pub fn sorting(&self) -> Sort {
        let by = match self.sort.as_str() {
            "reference" => SortBy::Reference,
            "from" => SortBy::From,
            "to" => SortBy::To,
            "purpose" => SortBy::Purpose,
            "deadline" => SortBy::Deadline,
            "state" => SortBy::State,
            _ => SortBy::Received,
        };
        let natural = !matches!(by, SortBy::Received | SortBy::Reference);
        let ascending = match self.order.as_str() {
            "asc" => true,
            "desc" => false,
            _ => natural,
        };
        Sort { by, ascending }
    }

    /// Whether a filter other than the search is set (the filters are then shown unfolded).
    pub fn any(&self) -> bool {
        [
            &self.direction,
            &self.organisation,
            &self.group,
            &self.purpose,
            &self.state,
            &self.deadline,
            &self.since,
            &self.until,
        ]
        .iter()
        .any(|v| !v.is_empty())
    }

    /// The filters in words, for titles: "For Action, from or to ccamp".
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.direction.is_empty() {
            parts.push(self.direction.clone());
        }
        if let Ok(p) = self.purpose.parse::<Purpose>() {
            parts.push(p.human().to_string());
        }
        if self.state == State::AwaitingResponse.as_str() {
            parts.push("awaiting a response".into());
        } else if !self.state.is_empty() {
            parts.push(self.state.replace('_', " "));
        }
        if !self.organisation.is_empty() {
            parts.push(format!("organisation {}", self.organisation));
        }
        if !self.group.is_empty() {
            parts.push(format!("from or to {}", self.group));
        }
        match self.deadline.as_str() {
            "passed" => parts.push("deadline passed".into()),
            "coming" => parts.push("deadline to come".into()),
            _ => {}
        }
        if !self.since.is_empty() {
            parts.push(format!("received from {}", self.since));
        }
        if !self.until.is_empty() {
            parts.push(format!("received until {}", self.until));
        }
        if !self.q.is_empty() {
            parts.push(format!("matching \u{201c}{}\u{201d}", self.q.trim()));
        }
        parts.join(", ")
    }

    /// `path` with these filters and another page, as a link.
    pub fn href(&self, path: &str, page: u32) -> String {
        let f = Filters {
            page: if page > 1 {
                page.to_string()
            } else {
                String::new()
            },
            ..self.clone()
        };
        match serde_urlencoded::to_string(&f) {
            Ok(q) if !q.is_empty() => format!("{path}?{q}"),
            _ => path.to_string(),
        }
    }
}

impl Filters {
    /// The store's question for these (checked) filters.
    fn to_query(&self, public: &[State], size: u32) -> ListQuery {
        let some = |s: &String| (!s.is_empty()).then(|| s.clone());
        let today = chrono::Utc::now().date_naive();
        ListQuery {
            public: public.to_vec(),
            direction: self.direction.parse().ok(),
            organisation: some(&self.organisation),
            group: some(&self.group),
            purpose: self.purpose.parse().ok(),
            state: self.state.parse().ok(),
            deadline: match self.deadline.as_str() {
                "passed" => Some(Deadline::Passed { today }),
                "coming" => Some(Deadline::Coming { today }),
                _ => None,
            },
            since: some(&self.since),
            until: some(&self.until),
            words: some(&self.q),
            sort: self.sorting(),
            page: self.page(),
            size,
        }
    }
}

/// One page of public statements matching `f`, in its order.
pub async fn list(store: &Store, f: &Filters, public: &[State], size: u32) -> Result<Page> {
    store.public_list(&f.to_query(public, size)).await
}

/// How many public statements match `f`.
pub async fn count(store: &Store, f: &Filters, public: &[State]) -> Result<i64> {
    store.public_count(&f.to_query(public, 1)).await
}

#[derive(Debug, Serialize)]
pub struct Link {
    /// `answers` or `answered_by`.
    pub relation: &'static str,
    pub reference: String,
    pub title: String,
}

/// Confirmed links to other public statements, both ways.
pub async fn links(store: &Store, id: i64, public: &[State]) -> Result<Vec<Link>> {
    Ok(store
        .public_links(id, public)
        .await?
        .into_iter()
        .map(|(relation, reference, title)| Link {
            relation,
            reference,
            title,
        })
        .collect())
}

#[derive(Debug, Serialize)]
pub struct HistoryItem {
    pub at: String,
    /// The event as stored (`recorded`, `distributed`, ...).
    pub event: String,
    /// What happened, in words.
    pub what: String,
}

/// The public part of a statement's history. Internal events (review
/// requests, refused commands, approval tokens, notes) and who did what stay
/// private: the record says what happened to the statement, not to whom mail went.
pub async fn history(store: &Store, id: i64) -> Result<Vec<HistoryItem>> {
    Ok(store
        .events_of(id)
        .await?
        .into_iter()
        .filter_map(|e| {
            let d: Value = serde_json::from_str(&e.detail).unwrap_or_default();
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            let list = |k: &str| match &d[k] {
                Value::Array(v) => v
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.as_str().unwrap_or_default().to_string(),
            };
            use EventKind as K;
            let what = match e.kind {
                K::Recorded => "Received and recorded".to_string(),
                K::ReceivedAgain => "Received again (another copy)".to_string(),
                K::MailSent if d["purpose"] == MailPurpose::Ack.as_str() => {
                    "Acknowledged to the sender".to_string()
                }
                K::Distributed => format!("Distributed to {}", s("group")),
                K::Redirected => format!("Redirected to {}", list("new")),
                K::Corrected => format!("Corrected: {}", s("field").replace('_', " ")),
                K::Submitted => "Submitted for approval".to_string(),
                K::Approved => "Approved".to_string(),
                K::Sent => "Sent".to_string(),
                K::Reminder => format!("Deadline reminder ({})", s("kind")),
                K::Linked if d["confirmed"] == true => {
                    format!("Linked as a response to {}", s("answers"))
                }
                K::Responded => format!("Answered by {}", s("by")),
                K::Closed => "Closed".to_string(),
                K::Rejected => "Rejected".to_string(),
                K::Withdrawn => "Withdrawn".to_string(),
                K::Expired => "Approval expired".to_string(),
                _ => return None,
            };
            Some(HistoryItem {
                at: e.at,
                event: e.kind.as_str().to_string(),
                what,
            })
        })
        .collect())
}
