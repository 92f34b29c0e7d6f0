//! The commands besides `run`: ingest, submit, extract, accuracy, list,
//! show, check-config.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Wired;
use super::config::Settings;
use super::wiring::extractor_for;
use crate::domain::{Statement, sha256_hex};
use crate::pipeline::{Origin, SUBMIT_MAILBOX};
use crate::store::{StatementRow, Store};

/// Records .eml files as if they had arrived, then sends what they queued.
/// With `submit`, each file is an outgoing statement submitted for approval.
pub async fn ingest(settings: Settings, files: &[PathBuf], send: bool, submit: bool) -> Result<()> {
    let w = Wired::new(settings).await?;
    for file in files {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let origin = Origin {
            mailbox: if submit { SUBMIT_MAILBOX } else { "cli" },
            source_key: format!("file:{}", sha256_hex(&bytes)),
            uidvalidity: None,
            uid: None,
        };
        let id = w.pipeline.receive(origin, &bytes).await?;
        let raw = w.store.raw_message(id).await?;
        let outcome = match raw.kind {
            Some(kind) => kind.as_str().to_string(),
            None => "archived; processing failed (see log), retried at next start".into(),
        };
        println!(
            "{}: {}",
            file.display(),
            describe(&w.store, id, &outcome).await?
        );
    }
    if send {
        let n = w.sender()?.deliver_due().await?;
        println!("{n} mail(s) sent");
    }
    Ok(())
}

async fn describe(store: &Store, raw_id: i64, kind: &str) -> Result<String> {
    let reference = store.reference_of_raw(raw_id).await?;
    if kind == "submission" {
        if let Some(problems) = store.submission_problems(raw_id).await? {
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
pub fn extract_file(settings: &Settings, file: &Path) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let e = extractor_for(settings)?
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
        let purpose = r.purpose.map_or("-", |p| p.as_str());
        let flag = if r.needs_review {
            " [needs review]"
        } else {
            ""
        };
        println!(
            "{}  {:8}  {:9}  {}  {:15}  {}{}",
            r.reference,
            r.direction.as_str(),
            r.state.as_str(),
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
    print_fields(&row, &st);
    println!("\n{}\n", st.body);
    for (how, other, method, confirmed) in store.links_of(row.id).await? {
        let unsure = if confirmed { "" } else { ", to be confirmed" };
        println!("Link:            {how} {other} (by {method}{unsure})");
    }
    println!("History:");
    for e in store.events_of(row.id).await? {
        println!("  {}  {:22} {}", e.at, e.kind.as_str(), e.detail);
    }
    Ok(())
}

/// The statement's fields, one per line.
fn print_fields(row: &StatementRow, st: &Statement) {
    let list = |v: &[String]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.join(", ")
        }
    };
    let org = |o: &Option<String>| o.as_deref().map(|o| format!(" ({o})")).unwrap_or_default();
    println!("Reference:       {}", row.reference);
    println!("Direction:       {}", row.direction);
    println!("State:           {}", row.state);
    println!("Title:           {}", st.title);
    println!("Format:          {}", row.format.as_deref().unwrap_or("-"));
    println!(
        "From:            {}{}",
        list(&st.from_groups),
        org(&row.from_organisation)
    );
    println!("From-Contact:    {}", list(&st.from_contacts));
    println!("Send Reply To:   {}", st.reply_to.as_deref().unwrap_or("-"));
    println!(
        "To:              {}{}",
        list(&st.to_groups),
        org(&row.to_organisation)
    );
    println!("To-Contact:      {}", list(&st.to_contacts));
    println!("Send To:         {}", st.send_to.as_deref().unwrap_or("-"));
    let purpose = st
        .purpose
        .map(|p| p.human())
        .or(row.purpose_label.as_deref());
    println!("Purpose:         {}", purpose.unwrap_or("-"));
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
}

pub fn accuracy(settings: &Settings, dir: &Path, verbose: bool, json: bool) -> Result<()> {
    let extractor = extractor_for(settings)?;
    let report = crate::extract::accuracy::run(dir, &extractor)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{}", crate::extract::accuracy::render(&report, verbose));
    }
    Ok(())
}
