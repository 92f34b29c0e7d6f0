//! The review request: coordinators learn what a statement needs them to
//! look at, with where each value came from.

use anyhow::Result;
use serde_json::json;
use tracing::info;

use super::acknowledge;
use super::record::{Filing, Recorder};
use crate::domain::{EventKind, MailPurpose, ReviewReason};
use crate::mail::compose::{Auto, Mail};
use crate::outbox::{Envelope, Limit, Post};
use crate::store::{Store, Tx};

impl Recorder {
    /// Tells the coordinators what a statement needs them to look at.
    pub(super) async fn ask_review(
        &self,
        tx: &mut Tx,
        f: &Filing<'_>,
        reasons: &[ReviewReason],
    ) -> Result<()> {
        let (sid, reference, e, raw) = (f.sid, f.reference, f.e, f.receipt.raw_id);
        let to = &self.settings.coordinators;
        if to.is_empty() {
            return Ok(());
        }
        let subject = format!("Review needed: {reference}: {}", e.statement.title);
        let public_url = self.settings.public_url.as_deref();
        let body = acknowledge::review_body(reference, e, reasons, public_url);
        let references: Vec<String> = e.statement.message_id.clone().into_iter().collect();
        let mail = Mail {
            references,
            ..Mail::new("review", to, &subject, &body, Auto::Generated)
        };
        self.postman
            .post(
                tx,
                Post {
                    key: format!("review:{sid}"),
                    purpose: MailPurpose::Review,
                    statement: Some(sid),
                    raw: Some(raw),
                    envelope: Envelope::Ours,
                    limit: Limit::None,
                    mail,
                },
            )
            .await?;
        let detail = json!({"to": to, "reasons": reasons});
        Store::add_event(
            tx,
            EventKind::ReviewRequested,
            Some(sid),
            Some(raw),
            None,
            detail,
        )
        .await?;
        info!(%reference, coordinators = ?to, "coordinators asked to review");
        Ok(())
    }
}
