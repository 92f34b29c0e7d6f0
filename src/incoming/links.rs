//! Linking a response to the statement it answers (draft-iab-rfc4053bis 5.1):
//! by In-Reply-To/References against Message-IDs we recorded, by the
//! reference it quotes (an LS reference, a 3GPP Tdoc, an ITU-T LS number),
//! and only then by title similarity, which a coordinator must confirm. A
//! response whose threading and quoted reference disagree, or that quotes a
//! statement of its own direction, is never linked silently.

use std::collections::HashSet;
use std::sync::LazyLock;

use anyhow::Result;
use regex::Regex;
use serde_json::json;
use tracing::info;

use crate::domain::directory::normalise;
use crate::domain::{Direction, EventKind, Purpose, ReviewReason};
use crate::extract::Extracted;
use crate::store::{Brief, Lookup, Store, Tx};

/// The statement a quoted "Response to" names, by LS reference or document number.
async fn quoted(tx: &mut Tx, text: &str, except: i64) -> Result<Option<Brief>> {
    static LS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bLS-\d{4}-\d{4,}\b").unwrap());
    static DOC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b([SCR][1-6P]-\d{6,7}|(?:COM|TD|SG)\s?\d+\s?[-–]\s?LS\s?\d+)\b").unwrap()
    });
    if let Some(m) = LS.find(text) {
        let reference = m.as_str().to_uppercase();
        return Store::brief_by(tx, Lookup::Reference, &reference, except).await;
    }
    if let Some(m) = DOC.find(text) {
        let doc = m
            .as_str()
            .split_whitespace()
            .collect::<String>()
            .replace('–', "-")
            .to_uppercase();
        return Store::brief_by(tx, Lookup::DocNumber, &doc, except).await;
    }
    Ok(None)
}

fn words(title: &str) -> HashSet<String> {
    const NOISE: [&str; 12] = [
        "ls", "on", "the", "of", "to", "re", "reply", "response", "and", "for", "a", "liaison",
    ];
    normalise(title)
        .split(' ')
        .filter(|w| !w.is_empty() && !NOISE.contains(w))
        .map(str::to_string)
        .collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    let union = a.union(&b).count();
    if union == 0 {
        0.0
    } else {
        a.intersection(&b).count() as f64 / union as f64
    }
}

async fn link(
    tx: &mut Tx,
    response: i64,
    answers: &Brief,
    method: &str,
    confirmed: bool,
) -> Result<()> {
    Store::add_link(tx, response, answers.id, method, confirmed).await?;
    let detail = json!({"answers": answers.reference, "method": method, "confirmed": confirmed});
    Store::add_event(tx, EventKind::Linked, Some(response), None, None, detail).await?;
    Ok(())
}

/// Marks what `response` answers (confirmed links) as responded, once the response exists.
pub async fn mark_answered(tx: &mut Tx, response: i64) -> Result<()> {
    let reference = Store::statement_row(tx, response).await?.reference;
    for id in Store::mark_answered_by(tx, response).await? {
        let detail = json!({"by": reference});
        Store::add_event(tx, EventKind::Responded, Some(id), None, None, detail).await?;
        info!(statement = id, by = %reference, "answered");
    }
    Ok(())
}

/// Links statement `sid` (just filed) to what it answers. Returns review
/// reasons for what a coordinator must confirm.
pub async fn link_response(tx: &mut Tx, sid: i64, e: &Extracted) -> Result<Vec<ReviewReason>> {
    let direction = e.statement.direction;
    let mut reasons = Vec::new();
    let mut threaded = None;
    for id in &e.reply_ids {
        if let Some(f) = Store::brief_by(tx, Lookup::MessageId, id, sid).await? {
            threaded = Some(f);
            break;
        }
    }
    let quote = e.in_response_to.as_deref();
    let named = match quote {
        Some(q) => quoted(tx, q, sid).await?,
        None => None,
    };
    if let (Some(q), None) = (quote, &named)
        && quote_looks_like_a_reference(q)
    {
        reasons.push(ReviewReason::AnswersUnknown {
            quoted: q.to_string(),
        });
    }
    // Whether `sid` now answers a statement: only a confirmed link does.
    let answers = match (threaded, named) {
        (Some(a), Some(b)) if a.id != b.id => {
            link(tx, sid, &a, "in-reply-to", false).await?;
            link(tx, sid, &b, "reference", false).await?;
            reasons.push(ReviewReason::ThreadAndQuoteDisagree {
                threaded: a.reference,
                quoted: b.reference,
            });
            false
        }
        (Some(f), _) | (None, Some(f)) if f.direction == direction => {
            link(tx, sid, &f, "reference", false).await?;
            reasons.push(ReviewReason::SameDirection {
                reference: f.reference,
                direction: f.direction.as_str().to_string(),
            });
            false
        }
        (Some(f), _) => {
            link(tx, sid, &f, "in-reply-to", true).await?;
            true
        }
        (None, Some(f)) => {
            link(tx, sid, &f, "reference", true).await?;
            true
        }
        (None, None) if quote.is_some() || e.statement.purpose == Some(Purpose::InResponse) => {
            reasons.extend(similar_title(tx, sid, e).await?);
            false
        }
        (None, None) => false,
    };
    // A statement just filed has no link but those made here.
    if answers && direction == Direction::Incoming {
        mark_answered(tx, sid).await?;
    }
    Ok(reasons)
}

/// A statement of the other direction with a similar title: linked as a candidate only.
async fn similar_title(tx: &mut Tx, sid: i64, e: &Extracted) -> Result<Option<ReviewReason>> {
    let others = Store::recent_briefs(tx, e.statement.direction.opposite(), sid, 500).await?;
    let best = others
        .into_iter()
        .map(|f| (similarity(&f.title, &e.statement.title), f))
        .filter(|(s, _)| *s >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let Some((score, f)) = best else {
        return Ok(None);
    };
    link(tx, sid, &f, "title", false).await?;
    Ok(Some(ReviewReason::SimilarTitle {
        reference: f.reference,
        percent: (score * 100.0).round() as u32,
    }))
}

fn quote_looks_like_a_reference(q: &str) -> bool {
    static ANY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bLS-\d{4}-\d{4,}\b|\b[SCR][1-6P]-\d{6,7}\b|\bLS\s?\d+\b").unwrap()
    });
    ANY.is_match(q)
}

#[cfg(test)]
mod tests {
    use super::similarity;

    #[test]
    fn titles_are_compared_by_their_words() {
        assert!(
            similarity(
                "LS on certificate profiles for 5G",
                "Reply LS on certificate profiles for 5G"
            ) > 0.9
        );
        assert!(similarity("LS on certificate profiles", "LS on OTN YANG models") < 0.2);
    }
}
