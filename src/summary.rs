//! What the coordinators should know and nobody was mailed about: refused
//! attempts to act by mail (approvals, commands, submissions,
//! confirmations), statements held because one sender sent too many, and
//! mail not sent because its recipient had had enough. At most one summary
//! per period, of everything since the last one, never one mail per
//! attempt: a stranger's flood costs the coordinators one mail.

use std::time::Duration;

use anyhow::Result;
use chrono::{DateTime, Utc};
use tracing::info;

use crate::domain::{EventKind, MailPurpose};
use crate::mail::compose::{Auto, Mail};
use crate::outbox::{Envelope, Limit, Post, Postman};
use crate::store::{Attempt, Store, stamp};

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

    /// At most once a period: every attempt since the last summary (or in
    /// the last day, the first time), if any, in one mail.
    pub async fn tick(&self, store: &Store) -> Result<()> {
        if self.coordinators.is_empty() {
            return Ok(());
        }
        let now = Utc::now();
        let (after, since) = match store.last_summary().await? {
            Some((at, _)) if !self.due(&at, now)? => return Ok(()),
            Some((_, last)) => (last, String::new()),
            None => (0, stamp(now - chrono::Duration::days(1))),
        };
        let attempts = store.attempts_after(after, &since).await?;
        if !attempts.is_empty() {
            self.send(store, &attempts).await?;
        }
        Ok(())
    }

    /// Whether a period has passed since the summary queued `at`.
    fn due(&self, at: &str, now: DateTime<Utc>) -> Result<bool> {
        let at: DateTime<Utc> = at.parse()?;
        Ok(now - at >= chrono::Duration::from_std(self.every)?)
    }

    async fn send(&self, store: &Store, attempts: &[Attempt]) -> Result<()> {
        let (first, last) = (&attempts[0], &attempts[attempts.len() - 1]);
        let period = format!(
            "{} to {}",
            crate::mail::text::when(&first.at),
            crate::mail::text::when(&last.at)
        );
        let subject = format!(
            "Refused and held by liaisond: {}",
            crate::mail::text::count(attempts.len(), "attempt", "attempts")
        );
        let body = crate::mail::text::wrap(&text(&period, attempts));
        let mut tx = store.begin().await?;
        let post = Post {
            key: format!("summary:{}", last.id),
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

/// The summary's words: one line per attempt, what and why.
fn text(period: &str, attempts: &[Attempt]) -> String {
    let mut t = format!(
        "What liaisond refused or held back, {period}.\n\
         Nothing here was answered: the senders may not be who they claim.\n\n"
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
            EventKind::Correspondence => "kept as correspondence, not a statement",
            _ => "refused",
        };
        t.push_str(&format!(
            "  {}  {what}{}\n    from: {}\n",
            crate::mail::text::when(&a.at),
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
        "\nEvery attempt is kept with its mail; `liaisond show REF` gives a statement's history. \
         Mail kept as correspondence becomes a statement when a coordinator forwards it to the \
         central address.\n",
    );
    t
}
