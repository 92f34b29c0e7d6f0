//! What the coordinators should know and nobody was mailed about: refused
//! attempts to act by mail (approvals, commands, submissions,
//! confirmations), statements held because one sender sent too many, and
//! mail not sent because its recipient had had enough. One summary per
//! period, never one mail per attempt: a stranger's flood costs the
//! coordinators one mail.

use std::time::Duration;

use anyhow::Result;
use chrono::{DateTime, TimeZone, Utc};
use tracing::info;

use crate::domain::{EventKind, MailPurpose};
use crate::mail::compose::{Auto, Mail};
use crate::outbox::{Envelope, Limit, Post, Postman};
use crate::store::{Attempt, Store, stamp};

/// How many past periods are looked at (and at most a day back).
const LOOKBACK: i64 = 48;

pub struct Summary {
    coordinators: Vec<String>,
    every: Duration,
    postman: Postman,
}

impl Summary {
    pub fn new(coordinators: Vec<String>, every: Duration, postman: Postman) -> Summary {
        Summary {
            coordinators,
            every: every.max(Duration::from_secs(1)),
            postman,
        }
    }

    /// Queues one summary for each finished period that had something, once.
    pub async fn tick(&self, store: &Store) -> Result<()> {
        if self.coordinators.is_empty() {
            return Ok(());
        }
        let every = self.every.as_secs() as i64;
        let now = Utc::now().timestamp();
        let current = now - now.rem_euclid(every);
        let periods = LOOKBACK.min(86_400 / every).max(1);
        for k in (1..=periods).rev() {
            let from = at(current - k * every);
            let to = at(current - (k - 1) * every);
            let attempts = store.attempts_between(&stamp(from), &stamp(to)).await?;
            if !attempts.is_empty() {
                self.send(store, from, to, &attempts).await?;
            }
        }
        Ok(())
    }

    async fn send(
        &self,
        store: &Store,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        attempts: &[Attempt],
    ) -> Result<()> {
        let period = format!(
            "{} to {} UTC",
            from.format("%Y-%m-%d %H:%M"),
            to.format("%H:%M")
        );
        let subject = format!("Refused and held by liaisond, {period}: {}", attempts.len());
        let body = text(&period, attempts);
        let mut tx = store.begin().await?;
        let post = Post {
            key: format!("summary:{}", stamp(from)),
            purpose: MailPurpose::Summary,
            statement: None,
            raw: None,
            envelope: Envelope::Ours,
            limit: Limit::None,
            mail: Mail::new(
                "summary",
                &self.coordinators,
                &subject,
                &body,
                Auto::Generated,
            ),
        };
        let queued = self.postman.post(&mut tx, post).await?.id.is_some();
        tx.commit().await?;
        if queued {
            info!(%period, attempts = attempts.len(), "summary of refused and held mail queued");
        }
        Ok(())
    }
}

fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().unwrap_or_default()
}

/// The summary's words: one line per attempt, what and why.
fn text(period: &str, attempts: &[Attempt]) -> String {
    let mut t = format!(
        "What liaisond refused or held back, {period}. Nothing here was answered:\n\
         the senders may not be who they claim.\n\n"
    );
    for a in attempts {
        let detail: serde_json::Value = serde_json::from_str(&a.detail).unwrap_or_default();
        let why = detail["reason"]
            .as_str()
            .map(str::to_string)
            .or_else(|| detail["why"].as_str().map(str::to_string))
            .or_else(|| {
                detail["problems"].as_array().map(|p| {
                    p.iter()
                        .filter_map(|x| x.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
            })
            .unwrap_or_default();
        let what = match a.kind {
            EventKind::ApprovalRefused => "approval mail refused",
            EventKind::CommandsRefused => "commands refused",
            EventKind::SubmissionRefused => "submission refused",
            EventKind::ConfirmationRefused => "confirmation refused",
            EventKind::Held => "statement held for review",
            EventKind::MailCapped => "mail not sent",
            _ => "refused",
        };
        t.push_str(&format!(
            "  {}  {what}{}\n    from: {}\n",
            &a.at.get(11..16).unwrap_or(""),
            a.reference
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default(),
            a.actor.as_deref().unwrap_or("(no single sender)")
        ));
        if !why.is_empty() {
            t.push_str(&format!("    why:  {why}\n"));
        }
    }
    t.push_str(
        "\nEvery attempt is kept with its mail; `liaisond show REF` gives a statement's history.\n",
    );
    t
}
