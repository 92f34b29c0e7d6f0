//! What must hold in every store the suite leaves behind (issue 12): no
//! statement changed state, and no mail went out, without an event naming
//! an authorised actor and how they were proven. Checked when a daemon goes
//! away, so every test that runs one is checked.

use std::path::Path;

use serde_json::Value;

/// Events of actions by mail: each names its actor and a proof.
const BY_MAIL: [&str; 9] = [
    "submitted",
    "approved",
    "rejected",
    "withdrawn",
    "redirected",
    "corrected",
    "closed",
    "note",
    "confirmed",
];

const PROOFS: [&str; 4] = ["token", "signature", "token_and_signature", "system"];

/// Every violation in the database at `db`; empty when all holds.
pub fn violations(db: &Path) -> Vec<String> {
    let db = db.to_path_buf();
    // Its own runtime on its own thread: callers may be inside one already.
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(check(&db))
    })
    .join()
    .unwrap()
}

type Row = (
    i64,
    String,
    Option<i64>,
    Option<String>,
    String,
    Option<i64>,
);

async fn check(db: &Path) -> Vec<String> {
    let Ok(store) = liaisond::store::Store::open_read_only(db).await else {
        return Vec::new();
    };
    let pool = store.pool();
    let events: Vec<Row> = sqlx::query_as(
        "SELECT id, kind, statement_id, actor, detail, raw_message_id FROM events ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap_or_default();
    let statements: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, reference, state FROM statements")
            .fetch_all(pool)
            .await
            .unwrap_or_default();
    let relays: Vec<(Option<i64>,)> =
        sqlx::query_as("SELECT statement_id FROM outbox WHERE purpose = 'relay'")
            .fetch_all(pool)
            .await
            .unwrap_or_default();
    let mut bad = Vec::new();
    for (id, kind, _, actor, detail, _) in &events {
        if !BY_MAIL.contains(&kind.as_str()) {
            continue;
        }
        let proof = serde_json::from_str::<Value>(detail).unwrap_or_default()["proof"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_default();
        if actor.is_none() || !PROOFS.contains(&proof.as_str()) {
            bad.push(format!(
                "event {id} {kind}: actor {actor:?}, proof {proof:?}"
            ));
        }
        if matches!(kind.as_str(), "approved" | "rejected" | "withdrawn")
            && !proof.contains("token")
        {
            bad.push(format!("event {id} {kind} without the token"));
        }
    }
    let has = |sid: i64, kind: &str| events.iter().any(|e| e.2 == Some(sid) && e.1 == kind);
    for (sid, reference, state) in &statements {
        let needs = match state.as_str() {
            "approved" | "sent" => Some("approved"),
            "rejected" => Some("rejected"),
            "withdrawn" => Some("withdrawn"),
            "expired" => Some("expired"),
            "closed" => Some("closed"),
            "pending_approval" => Some("submitted"),
            _ => None,
        };
        if let Some(kind) = needs
            && !has(*sid, kind)
        {
            bad.push(format!("{reference} is {state} with no {kind} event"));
        }
    }
    for (sid,) in &relays {
        if !sid.is_some_and(|s| has(s, "approved")) {
            bad.push(format!(
                "a relay of statement {sid:?} went out with no approval"
            ));
        }
    }
    // A distribution caused by a later mail than the statement's own is a redirect's.
    let first_raw = |sid: i64| {
        events
            .iter()
            .find(|e| e.2 == Some(sid) && e.1 == "recorded")
            .and_then(|e| e.5)
    };
    for (id, kind, sid, _, _, raw) in &events {
        if kind != "distributed" {
            continue;
        }
        let Some(sid) = sid else { continue };
        if *raw != first_raw(*sid)
            && !events
                .iter()
                .any(|e| e.1 == "redirected" && e.2 == Some(*sid) && e.5 == *raw)
        {
            bad.push(format!(
                "event {id}: statement {sid} distributed by a mail that redirected nothing"
            ));
        }
    }
    bad
}
