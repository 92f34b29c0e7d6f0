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

use crate::directory::normalise;
use crate::extract::Extracted;
use crate::store::{Store, Tx, now};

#[derive(Debug, Clone, sqlx::FromRow)]
struct Found {
    id: i64,
    reference: String,
    direction: String,
    title: String,
}

const COLUMNS: &str = "id, reference, direction, title";

async fn by(tx: &mut Tx, column: &str, value: &str, except: i64) -> Result<Option<Found>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM statements WHERE {column} = ? AND id != ? ORDER BY id LIMIT 1"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(value)
        .bind(except)
        .fetch_optional(&mut **tx)
        .await?)
}

/// The statement a quoted "Response to" names, by LS reference or document number.
async fn quoted(tx: &mut Tx, text: &str, except: i64) -> Result<Option<Found>> {
    static LS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bLS-\d{4}-\d{4,}\b").unwrap());
    static DOC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b([SCR][1-6P]-\d{6,7}|(?:COM|TD|SG)\s?\d+\s?[-–]\s?LS\s?\d+)\b").unwrap()
    });
    if let Some(m) = LS.find(text) {
        return by(tx, "reference", &m.as_str().to_uppercase(), except).await;
    }
    if let Some(m) = DOC.find(text) {
        let doc = m
            .as_str()
            .split_whitespace()
            .collect::<String>()
            .replace('–', "-")
            .to_uppercase();
        return by(tx, "doc_number", &doc, except).await;
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
    answers: &Found,
    method: &str,
    confirmed: bool,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO statement_links (response_id, answers_id, method, confirmed, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (response_id, answers_id) DO NOTHING",
    )
    .bind(response)
    .bind(answers.id)
    .bind(method)
    .bind(confirmed)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    let detail = json!({"answers": answers.reference, "method": method, "confirmed": confirmed});
    Store::add_event(tx, "linked", Some(response), None, None, detail).await?;
    Ok(())
}

/// Marks what `response` answers (confirmed links) as responded, once the response exists.
pub async fn mark_answered(tx: &mut Tx, response: i64) -> Result<()> {
    let reference: String = sqlx::query_scalar("SELECT reference FROM statements WHERE id = ?")
        .bind(response)
        .fetch_one(&mut **tx)
        .await?;
    let answered: Vec<i64> = sqlx::query_scalar(
        "UPDATE statements SET state = 'responded', updated_at = ? WHERE state NOT IN ('closed', 'responded')
         AND id IN (SELECT answers_id FROM statement_links WHERE response_id = ? AND confirmed = 1) RETURNING id",
    )
    .bind(now())
    .bind(response)
    .fetch_all(&mut **tx)
    .await?;
    for id in answered {
        Store::add_event(
            tx,
            "responded",
            Some(id),
            None,
            None,
            json!({"by": reference}),
        )
        .await?;
        info!(statement = id, by = %reference, "answered");
    }
    Ok(())
}

/// Links statement `sid` (just filed, `direction`) to what it answers. Returns
/// review reasons for what a coordinator must confirm.
pub async fn link_response(
    tx: &mut Tx,
    sid: i64,
    direction: &str,
    e: &Extracted,
) -> Result<Vec<String>> {
    let mut reasons = Vec::new();
    let mut threaded = None;
    for id in &e.reply_ids {
        if let Some(f) = by(tx, "message_id", id, sid).await? {
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
        reasons.push(format!("answers {q:?}, which is not a recorded statement"));
    }
    let wrong_direction = |f: &Found| f.direction == direction;
    match (threaded, named) {
        (Some(a), Some(b)) if a.id != b.id => {
            link(tx, sid, &a, "in-reply-to", false).await?;
            link(tx, sid, &b, "reference", false).await?;
            reasons.push(format!(
                "replies to {} but quotes {}: confirm which it answers with \"responded\"",
                a.reference, b.reference
            ));
        }
        (Some(f), _) | (None, Some(f)) if wrong_direction(&f) => {
            link(tx, sid, &f, "reference", false).await?;
            reasons.push(format!(
                "names {}, which is {} like this one: not linked without a coordinator",
                f.reference, f.direction
            ));
        }
        (Some(f), _) => link(tx, sid, &f, "in-reply-to", true).await?,
        (None, Some(f)) => link(tx, sid, &f, "reference", true).await?,
        (None, None)
            if quote.is_some()
                || e.statement.purpose == Some(crate::statement::Purpose::InResponse) =>
        {
            let opposite = if direction == "incoming" {
                "outgoing"
            } else {
                "incoming"
            };
            let sql = format!(
                "SELECT {COLUMNS} FROM statements WHERE direction = ? AND id != ? ORDER BY id DESC LIMIT 500"
            );
            let all: Vec<Found> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(opposite)
                .bind(sid)
                .fetch_all(&mut **tx)
                .await?;
            let best = all
                .into_iter()
                .map(|f| (similarity(&f.title, &e.statement.title), f))
                .filter(|(s, _)| *s >= 0.5)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((score, f)) = best {
                link(tx, sid, &f, "title", false).await?;
                reasons.push(format!(
                    "may answer {} (similar title, {:.0}% of words): confirm with \"responded\" on {}",
                    f.reference,
                    score * 100.0,
                    f.reference
                ));
            }
        }
        (None, None) => {}
    }
    if direction == "incoming" {
        mark_answered(tx, sid).await?;
    }
    Ok(reasons)
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
