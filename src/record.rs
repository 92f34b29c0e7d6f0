//! Filing an incoming statement: one record per statement however often and
//! by whatever route it arrives, a review request when something is
//! uncertain, the acknowledgement, and distribution to the groups it is for.

use std::collections::HashSet;
use std::sync::Arc;

use anyhow::Result;
use serde_json::json;
use tracing::info;

use crate::ack;
use crate::classify::Kind;
use crate::compose::{Composed, Composer};
use crate::config::Settings;
use crate::directory::normalise;
use crate::distribute::Distributor;
use crate::extract::Extracted;
use crate::sha256_hex;
use crate::store::{NewMail, NewStatement, Store, Tx};

/// What filing made of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filed {
    Recorded {
        reference: String,
        acknowledged: bool,
    },
    Duplicate {
        reference: String,
    },
}

/// How a statement reached us.
pub struct Receipt<'a> {
    pub raw_id: i64,
    pub mailbox: &'a str,
    pub kind: Kind,
    /// Why classification said so (e.g. "List-Id: ...").
    pub why: &'a str,
    /// Who forwarded it to us, when it came forwarded.
    pub forwarded_by: Option<&'a str>,
}

pub struct Recorder {
    settings: Arc<Settings>,
    own: Arc<HashSet<String>>,
    composer: Composer,
    distributor: Arc<Distributor>,
}

/// The same statement by another route, even without a common Message-ID:
/// its sender, title, and attachments (or, without attachments, its text).
fn fingerprint(e: &Extracted) -> String {
    let mut files: Vec<&str> = e
        .attachments
        .iter()
        .map(|a| a.info.sha256.as_str())
        .collect();
    files.sort_unstable();
    let text: String = if files.is_empty() {
        e.statement
            .body
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(300)
            .collect()
    } else {
        String::new()
    };
    let sender = e.sender.as_deref().unwrap_or("");
    sha256_hex(
        format!(
            "{sender}\n{}\n{}\n{text}",
            normalise(&e.statement.title),
            files.join(",")
        )
        .as_bytes(),
    )
}

impl Recorder {
    pub fn new(settings: Arc<Settings>, distributor: Arc<Distributor>) -> Recorder {
        let own = Arc::new(settings.own_addresses());
        Recorder {
            composer: Composer::new(&settings.identity),
            settings,
            own,
            distributor,
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn queue(
        &self,
        tx: &mut Tx,
        key: String,
        purpose: &'static str,
        sid: i64,
        r: &Receipt<'_>,
        from: Option<String>,
        to: Vec<String>,
        mail: Composed,
    ) -> Result<()> {
        Store::enqueue(
            tx,
            NewMail {
                dedupe_key: key,
                purpose,
                statement_id: Some(sid),
                raw_message_id: Some(r.raw_id),
                message_id: mail.message_id,
                envelope_from: from,
                recipients: to,
                raw: mail.bytes,
            },
        )
        .await?;
        Ok(())
    }

    pub async fn file(&self, tx: &mut Tx, r: Receipt<'_>, e: Extracted) -> Result<Filed> {
        let fp = fingerprint(&e);
        let known = match &e.statement.message_id {
            Some(mid) => Store::statement_by_message_id(tx, mid).await?,
            None => None,
        };
        let known = match known {
            Some(k) => Some(k),
            None => sqlx::query_as("SELECT id, reference FROM statements WHERE fingerprint = ? AND direction = 'incoming' ORDER BY id LIMIT 1")
                .bind(&fp)
                .fetch_optional(&mut **tx)
                .await?,
        };
        if let Some((sid, reference)) = known {
            let detail = json!({"mailbox": r.mailbox, "message_id": e.statement.message_id, "forwarded_by": r.forwarded_by});
            Store::add_event(
                tx,
                "received_again",
                Some(sid),
                Some(r.raw_id),
                r.forwarded_by,
                detail,
            )
            .await?;
            info!(raw_id = r.raw_id, %reference, "already recorded: one record, another receipt");
            if let Some(f) = r.forwarded_by {
                self.tell_forwarder(tx, sid, &r, f, &reference, &e, true)
                    .await?;
            }
            return Ok(Filed::Duplicate { reference });
        }
        let mut reasons = e.review_reasons.clone();
        if r.kind == Kind::ListMail {
            reasons.push(format!("arrived as list or bulk mail ({})", r.why));
        }
        let (sid, reference) = Store::insert_statement(
            tx,
            NewStatement {
                statement: &e.statement,
                state: "received",
                raw_message_id: Some(r.raw_id),
                purpose_label: e.purpose_label.as_deref(),
                sent_date: e.sent_date.as_deref(),
                attachments: &e.attachments,
                needs_review: !reasons.is_empty(),
                review_reasons: &reasons,
                provenance: json!(e.provenance),
                format: Some(&e.format),
                from_organisation: e.from_organisation.as_deref(),
                to_organisation: e.to_organisation.as_deref(),
                addressees: json!(e.addressees),
                response_to: e.in_response_to.as_deref(),
                consensus: e.consensus.as_deref(),
            },
        )
        .await?;
        let forwarded: Vec<&str> = r.forwarded_by.into_iter().collect();
        sqlx::query(
            "UPDATE statements SET fingerprint = ?, forwarded_by = ?, doc_number = ? WHERE id = ?",
        )
        .bind(&fp)
        .bind(serde_json::to_string(&forwarded)?)
        .bind(&e.doc_number)
        .bind(sid)
        .execute(&mut **tx)
        .await?;
        let unsure = crate::links::link_response(tx, sid, "incoming", &e).await?;
        if !unsure.is_empty() {
            reasons.extend(unsure);
            sqlx::query("UPDATE statements SET needs_review = 1, review_reasons = ? WHERE id = ?")
                .bind(serde_json::to_string(&reasons)?)
                .bind(sid)
                .execute(&mut **tx)
                .await?;
        }
        let detail = json!({"reference": reference, "mailbox": r.mailbox, "sender": e.sender, "forwarded_by": r.forwarded_by, "review_reasons": reasons});
        Store::add_event(
            tx,
            "recorded",
            Some(sid),
            Some(r.raw_id),
            e.sender.as_deref(),
            detail,
        )
        .await?;
        info!(raw_id = r.raw_id, %reference, title = %e.statement.title, forwarded_by = ?r.forwarded_by, needs_review = !reasons.is_empty(), "recorded");

        if !reasons.is_empty() {
            self.ask_review(tx, sid, &r, &reference, &e, &reasons)
                .await?;
        }
        if let Some(f) = r.forwarded_by {
            self.tell_forwarder(tx, sid, &r, f, &reference, &e, false)
                .await?;
        }
        let acknowledged = self.acknowledge(tx, sid, &r, &reference, &e).await?;
        if r.kind == Kind::Statement {
            let groups = self.distributor.ietf_groups(&e.statement.to_groups);
            let note = format!(
                "A liaison statement for {} was received and recorded as {reference}.",
                e.statement.to_groups.join(", ")
            );
            self.distributor
                .send(tx, sid, Some(r.raw_id), &groups, &note)
                .await?;
        }
        Ok(Filed::Recorded {
            reference,
            acknowledged,
        })
    }

    /// The acknowledgement, to the sender (for a forward: the original's Send Reply To, else its sender).
    async fn acknowledge(
        &self,
        tx: &mut Tx,
        sid: i64,
        r: &Receipt<'_>,
        reference: &str,
        e: &Extracted,
    ) -> Result<bool> {
        let to = match r.forwarded_by {
            Some(_) if !self.settings.distribution.acknowledge_forwarded => None,
            Some(_) => e.statement.reply_to.clone().or(e.sender.clone()),
            None => e.sender.clone(),
        };
        let refusal = match r.forwarded_by {
            Some(_) if !self.settings.distribution.acknowledge_forwarded => Some("forwarded statements are not acknowledged to their senders (distribution.acknowledge_forwarded)".into()),
            _ => self.ack_refusal(tx, r.kind, r.why, to.as_deref()).await?,
        };
        if let Some(reason) = refusal {
            Store::add_event(
                tx,
                "ack_suppressed",
                Some(sid),
                Some(r.raw_id),
                None,
                json!({"reason": reason}),
            )
            .await?;
            info!(%reference, %reason, "not acknowledged");
            return Ok(false);
        }
        let to = to.expect("checked by ack_refusal");
        let subject = ack::subject(reference, &e.statement.title);
        let body = ack::body(reference, e, self.settings.identity.public_url.as_deref());
        let mail = self.composer.auto_reply(
            "ack",
            &to,
            &subject,
            &body,
            e.statement.message_id.as_deref(),
        );
        let message_id = mail.message_id.clone();
        self.queue(
            tx,
            format!("ack:{sid}"),
            "ack",
            sid,
            r,
            None,
            vec![to.clone()],
            mail,
        )
        .await?;
        Store::add_event(
            tx,
            "ack_queued",
            Some(sid),
            Some(r.raw_id),
            None,
            json!({"to": to, "message_id": message_id}),
        )
        .await?;
        info!(%reference, %to, "acknowledgement queued");
        Ok(true)
    }

    /// The forwarder learns the reference (and whether it was new).
    #[allow(clippy::too_many_arguments)]
    async fn tell_forwarder(
        &self,
        tx: &mut Tx,
        sid: i64,
        r: &Receipt<'_>,
        forwarder: &str,
        reference: &str,
        e: &Extracted,
        known: bool,
    ) -> Result<()> {
        let body = if known {
            format!(
                "The statement you forwarded was already recorded as {reference}; your copy is noted in its history.\n"
            )
        } else {
            format!(
                "The statement you forwarded is recorded as {reference}, with its original sender {} and date.\n\n{}",
                e.sender.as_deref().unwrap_or("(unknown)"),
                e.statement.metadata(reference, None)
            )
        };
        let subject = format!("Recorded: {reference}: {}", e.statement.title);
        let mail = self
            .composer
            .auto_reply("fwd", forwarder, &subject, &body, None);
        self.queue(
            tx,
            format!("forwarded:{}", r.raw_id),
            "notice",
            sid,
            r,
            None,
            vec![forwarder.to_string()],
            mail,
        )
        .await
    }

    /// Tells the coordinators what a statement needs them to look at.
    async fn ask_review(
        &self,
        tx: &mut Tx,
        sid: i64,
        r: &Receipt<'_>,
        reference: &str,
        e: &Extracted,
        reasons: &[String],
    ) -> Result<()> {
        let to = self.settings.roles.coordinators.clone();
        if to.is_empty() {
            return Ok(());
        }
        let subject = format!("Review needed: {reference}: {}", e.statement.title);
        let mail = self.composer.notice(
            "review",
            &to,
            &subject,
            &ack::review_body(reference, e, reasons),
            e.statement.message_id.as_deref(),
        );
        self.queue(
            tx,
            format!("review:{sid}"),
            "review",
            sid,
            r,
            Some(self.settings.identity.address.clone()),
            to.clone(),
            mail,
        )
        .await?;
        Store::add_event(
            tx,
            "review_requested",
            Some(sid),
            Some(r.raw_id),
            None,
            json!({"to": to, "reasons": reasons}),
        )
        .await?;
        info!(%reference, coordinators = ?to, "coordinators asked to review");
        Ok(())
    }

    /// Why this statement must not be acknowledged, if it must not.
    async fn ack_refusal(
        &self,
        tx: &mut Tx,
        kind: Kind,
        why: &str,
        to: Option<&str>,
    ) -> Result<Option<String>> {
        if !kind.may_answer() {
            return Ok(Some(format!(
                "automatic replies never go to list or bulk mail ({why})"
            )));
        }
        if !self.settings.ack.enabled {
            return Ok(Some(
                "acknowledgements are disabled (ack.enabled = false)".into(),
            ));
        }
        let Some(to) = to.filter(|s| crate::config::looks_like_address(s)) else {
            return Ok(Some("no usable From address".into()));
        };
        if self.own.contains(to) {
            return Ok(Some("the sender is liaisond itself".into()));
        }
        let since = crate::store::stamp(chrono::Utc::now() - chrono::Duration::hours(24));
        let cap = self.settings.ack.max_per_sender_per_day;
        if Store::acks_to_since(tx, to, &since).await? >= i64::from(cap) {
            return Ok(Some(format!(
                "{to} already had {cap} acknowledgements in 24 hours (ack.max_per_sender_per_day)"
            )));
        }
        Ok(None)
    }
}
