//! The commands besides `run`: ingest, extract, list, show, check-config.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use crate::config::Settings;
use crate::extract::Extractor;
use crate::pipeline::{Origin, Pipeline, SUBMIT_MAILBOX};
use crate::send::{Sender, Transport};
use crate::sha256_hex;
use crate::store::Store;

/// Records .eml files as if they had arrived, then sends what they queued.
/// With `submit`, each file is an outgoing statement submitted for approval.
pub async fn ingest(settings: Settings, files: &[PathBuf], send: bool, submit: bool) -> Result<()> {
    let settings = Arc::new(settings);
    let store = Store::open(&settings.database.path).await?;
    let pipeline = Pipeline::new(store.clone(), settings.clone())?;
    for file in files {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let origin = Origin {
            mailbox: if submit { SUBMIT_MAILBOX } else { "cli" },
            source_key: format!("file:{}", sha256_hex(&bytes)),
            uidvalidity: None,
            uid: None,
        };
        let id = pipeline.receive(origin, &bytes).await?;
        let raw = store.raw_message(id).await?;
        let outcome = match raw.kind.as_deref() {
            Some(kind) => kind.to_string(),
            None => "archived; processing failed (see log), retried at next start".into(),
        };
        println!(
            "{}: {}",
            file.display(),
            describe(&store, id, &outcome).await?
        );
    }
    if send {
        let transport = Transport::from_settings(&settings.outgoing)?;
        let sender = Sender::new(
            store,
            transport,
            settings.outbox.clone(),
            settings.outgoing.timeout_secs,
        );
        let n = sender.deliver_due().await?;
        println!("{n} mail(s) sent");
    }
    Ok(())
}

async fn describe(store: &Store, raw_id: i64, kind: &str) -> Result<String> {
    let reference: Option<String> = sqlx::query_scalar(
        "SELECT s.reference FROM statements s WHERE s.raw_message_id = ?
         UNION ALL SELECT s.reference FROM events e JOIN statements s ON s.id = e.statement_id
         WHERE e.raw_message_id = ? AND e.kind = 'received_again' LIMIT 1",
    )
    .bind(raw_id)
    .bind(raw_id)
    .fetch_optional(store.pool())
    .await?;
    if kind == "submission" {
        let refused: Option<String> = sqlx::query_scalar(
            "SELECT detail FROM events WHERE raw_message_id = ? AND kind = 'submission_refused'",
        )
        .bind(raw_id)
        .fetch_optional(store.pool())
        .await?;
        if let Some(detail) = refused {
            let v: serde_json::Value = serde_json::from_str(&detail)?;
            let problems: Vec<&str> = v["problems"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str())
                .collect();
            return Ok(format!("not submitted:\n  - {}", problems.join("\n  - ")));
        }
        if let Some(r) = &reference {
            return Ok(format!("submitted as {r}, waiting for approval"));
        }
    }
    Ok(match (kind, reference) {
        ("duplicate", Some(r)) => format!("already recorded as {r}"),
        (_, Some(r)) => format!("recorded as {r}"),
        (k, None) => format!("archived only ({k})"),
    })
}

/// Prints what extraction makes of a file, as JSON; writes nothing.
pub fn extract_file(settings: &Settings, file: &PathBuf) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let extractor = Extractor::configured(&settings.directory.files, &settings.extraction)?;
    let e = extractor
        .extract(&bytes)
        .with_context(|| format!("{}", file.display()))?;
    println!("{}", serde_json::to_string_pretty(&e)?);
    Ok(())
}

pub async fn list(settings: Settings, json: bool) -> Result<()> {
    let store = Store::open(&settings.database.path).await?;
    let rows = store.statements().await?;
    if json {
        let mut all = Vec::with_capacity(rows.len());
        for row in &rows {
            all.push(row.to_contract(store.attachment_infos(row.id).await?));
        }
        println!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(());
    }
    if rows.is_empty() {
        println!("no statements recorded yet");
    }
    for r in &rows {
        let purpose = r.purpose.as_deref().unwrap_or("-");
        let flag = if r.needs_review {
            " [needs review]"
        } else {
            ""
        };
        println!(
            "{}  {:8}  {:9}  {}  {:15}  {}{}",
            r.reference,
            r.direction,
            r.state,
            &r.received_at[..10],
            purpose,
            r.title,
            flag
        );
    }
    Ok(())
}

pub async fn show(settings: Settings, reference: &str, json: bool) -> Result<()> {
    let store = Store::open(&settings.database.path).await?;
    let Some((row, st)) = store.contract(reference).await? else {
        bail!("no statement {reference}");
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&st)?);
        return Ok(());
    }
    let list = |v: &[String]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.join(", ")
        }
    };
    println!("Reference:       {}", row.reference);
    println!("Direction:       {}", row.direction);
    println!("State:           {}", row.state);
    println!("Title:           {}", st.title);
    println!("Format:          {}", row.format.as_deref().unwrap_or("-"));
    println!(
        "From:            {}{}",
        list(&st.from_groups),
        row.from_organisation
            .as_deref()
            .map(|o| format!(" ({o})"))
            .unwrap_or_default()
    );
    println!("From-Contact:    {}", list(&st.from_contacts));
    println!("Send Reply To:   {}", st.reply_to.as_deref().unwrap_or("-"));
    println!(
        "To:              {}{}",
        list(&st.to_groups),
        row.to_organisation
            .as_deref()
            .map(|o| format!(" ({o})"))
            .unwrap_or_default()
    );
    println!("To-Contact:      {}", list(&st.to_contacts));
    println!("Send To:         {}", st.send_to.as_deref().unwrap_or("-"));
    println!(
        "Purpose:         {}",
        st.purpose
            .map(|p| p.human())
            .or(row.purpose_label.as_deref())
            .unwrap_or("-")
    );
    println!("Deadline:        {}", st.deadline.as_deref().unwrap_or("-"));
    if let Some(r) = &row.response_to {
        println!("In response to:  {r}");
    }
    println!("Received:        {}", row.received_at);
    println!(
        "Message-ID:      {}",
        st.message_id.as_deref().unwrap_or("-")
    );
    for a in &st.attachments {
        println!(
            "Attachment:      {} ({}, {} bytes, sha256 {})",
            a.name, a.media_type, a.size, a.sha256
        );
    }
    for r in row.review_reasons() {
        println!("Needs review:    {r}");
    }
    println!("\n{}\n", st.body);
    let links: Vec<(String, String, String, bool)> = sqlx::query_as(
        "SELECT 'answered by', s.reference, l.method, l.confirmed FROM statement_links l JOIN statements s ON s.id = l.response_id WHERE l.answers_id = ?
         UNION ALL SELECT 'answers', s.reference, l.method, l.confirmed FROM statement_links l JOIN statements s ON s.id = l.answers_id WHERE l.response_id = ?",
    )
    .bind(row.id)
    .bind(row.id)
    .fetch_all(store.pool())
    .await?;
    for (how, other, method, confirmed) in links {
        let unsure = if confirmed { "" } else { ", to be confirmed" };
        println!("Link:            {how} {other} (by {method}{unsure})");
    }
    println!("History:");
    for e in store.events_of(row.id).await? {
        println!("  {}  {:22} {}", e.at, e.kind, e.detail);
    }
    Ok(())
}

pub fn accuracy(
    settings: &Settings,
    dir: &std::path::Path,
    verbose: bool,
    json: bool,
) -> Result<()> {
    let extractor = Extractor::configured(&settings.directory.files, &settings.extraction)?;
    let report = crate::accuracy::run(dir, &extractor)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{}", crate::accuracy::render(&report, verbose));
    }
    Ok(())
}
