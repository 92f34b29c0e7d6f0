//! The operator's commands: `backup`, `reprocess`, `re-extract`, `review
//! list`, `directory check`. Each is safe while `liaisond run` runs on the
//! same database.

use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use super::Wired;
use super::config::Settings;
use super::wiring::extractor_for;
use crate::domain::EventKind;
use crate::domain::directory::Directory;
use crate::extract::Extracted;
use crate::store::raw_path;
use crate::store::{StatementRow, Store};

/// Copies the database into `target` as one consistent snapshot (SQLite's
/// `VACUUM INTO`, a read transaction: writers go on), checks the copy, and
/// only then gives it its name. Never overwrites.
pub async fn backup(settings: Settings, target: &Path) -> Result<()> {
    let db = &settings.database.path;
    if !db.exists() {
        bail!("no database at {}: nothing to back up", db.display());
    }
    for path in [target.to_path_buf(), raw_path(target)] {
        if path.exists() {
            bail!("{} exists: a backup never overwrites", path.display());
        }
    }
    let partial = PathBuf::from(format!("{}.partial", target.display()));
    // Created empty and private first: the copy holds every mail that arrived.
    for path in [&partial, &raw_path(&partial)] {
        let _ = std::fs::remove_file(path);
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .with_context(|| format!("creating {}", path.display()))?;
    }
    let store = Store::open(db).await?;
    store.backup_into(&partial).await?;
    let (statements, messages) = check_copy(&partial).await?;
    // The raw messages first: a database is never named without them.
    for (from, to) in [
        (raw_path(&partial), raw_path(target)),
        (partial, target.into()),
    ] {
        std::fs::rename(&from, &to).with_context(|| format!("naming the copy {}", to.display()))?;
    }
    let size = std::fs::metadata(target)?.len() + std::fs::metadata(raw_path(target))?.len();
    println!(
        "{}: a consistent copy of {} ({statements} statements, {messages} archived messages, \
         {size} bytes with its raw messages in {})",
        target.display(),
        db.display(),
        raw_path(target).display()
    );
    Ok(())
}

/// SQLite's integrity check of a copy; its statements and archived messages.
async fn check_copy(copy: &Path) -> Result<(i64, i64)> {
    let copy = Store::open_read_only(copy).await?;
    let integrity = copy.integrity().await?;
    if integrity != "ok" {
        bail!("the copy failed SQLite's integrity check: {integrity}");
    }
    let totals = copy.totals().await?;
    copy.close().await;
    Ok(totals)
}

/// Processes again every archived message whose processing has not completed.
pub async fn reprocess(settings: Settings, send: bool) -> Result<()> {
    let w = Wired::new(settings).await?;
    let waiting = w.store.unprocessed_messages().await?;
    if waiting.is_empty() {
        println!("nothing to reprocess: every archived message is processed");
    }
    let mut failed = 0;
    for m in &waiting {
        let what = format!(
            "message {} ({}, {})",
            m.id,
            m.mailbox,
            m.message_id.as_deref().unwrap_or("no Message-ID")
        );
        match w.pipeline.process(m.id).await {
            Ok(_) => {
                let kind = w.store.raw_message(m.id).await?.kind;
                let kind = kind.map_or("?", |k| k.as_str());
                let reference = w.store.reference_of_raw(m.id).await?;
                let said = reference.map_or(format!("processed ({kind})"), |r| {
                    format!("processed ({kind}): {r}")
                });
                println!("{what}: {said}");
            }
            Err(e) => {
                failed += 1;
                let now = crate::store::stamp(chrono::Utc::now());
                w.store
                    .processing_failed(m.id, &format!("{e:#}"), &now)
                    .await?;
                println!("{what}: failed again: {e:#}");
            }
        }
    }
    if send {
        let n = w.sender()?.deliver_due().await?;
        println!("{n} mail(s) sent");
    }
    if failed > 0 {
        bail!("{failed} message(s) still fail; they stay archived and unprocessed");
    }
    Ok(())
}

/// One field extraction fills, as stored and as extracted today.
struct Difference {
    field: &'static str,
    old: Value,
    new: Value,
}

/// The fields re-extraction compares, with the name a correction by mail gives each.
fn differences(row: &StatementRow, e: &Extracted) -> Vec<Difference> {
    let list = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
    let st = &e.statement;
    let pairs = [
        ("title", json!(row.title), json!(st.title)),
        ("from_groups", list(&row.from_groups), json!(st.from_groups)),
        (
            "from_contacts",
            list(&row.from_contacts),
            json!(st.from_contacts),
        ),
        ("reply_to", json!(row.reply_to), json!(st.reply_to)),
        ("to_groups", list(&row.to_groups), json!(st.to_groups)),
        ("to_contacts", list(&row.to_contacts), json!(st.to_contacts)),
        ("send_to", json!(row.send_to), json!(st.send_to)),
        ("purpose", json!(row.purpose), json!(st.purpose)),
        ("deadline", json!(row.deadline), json!(st.deadline)),
        (
            "review_reasons",
            list(&row.review_reasons),
            json!(e.review_reasons),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| Difference { field, old, new })
        .collect()
}

/// The name a correction by mail records a field under (`to` for the groups addressed).
fn corrected_as(field: &str) -> &str {
    if field == "to_groups" { "to" } else { field }
}

/// Extracts a statement's message again with today's rules and shows what
/// would change; with `apply`, changes it (keeping what a person corrected
/// by mail) and records each change in its history.
pub async fn re_extract(settings: Settings, reference: &str, apply: bool) -> Result<()> {
    let extractor = extractor_for(&settings)?;
    let store = Store::open(&settings.database.path).await?;
    let Some(row) = store.statement(reference).await? else {
        bail!("no statement {reference}");
    };
    let Some((raw, forwarded)) = store.statement_message(row.id).await? else {
        bail!("{reference} has no archived message to extract again");
    };
    // A forwarded statement was filed from the original inside the forward.
    let bytes = match forwarded {
        true => crate::mail::forward::original(&raw).map_or(raw, |o| o.bytes),
        false => raw,
    };
    let e = extractor
        .extract(&bytes)
        .with_context(|| format!("extracting {reference} again"))?;
    let corrected = store.corrected_fields(row.id).await?;
    let found = differences(&row, &e);
    if found.is_empty() {
        println!("{reference}: today's rules extract the same fields; nothing to change");
        return Ok(());
    }
    let mut apply_these = Vec::new();
    for d in &found {
        let kept = corrected.iter().any(|c| c == corrected_as(d.field));
        let note = if kept {
            "  (kept: corrected by mail)"
        } else {
            ""
        };
        println!("{}:\n  now:   {}\n  today: {}{note}", d.field, d.old, d.new);
        if !kept {
            apply_these.push(d);
        }
    }
    if !apply {
        println!(
            "\n{reference}: nothing changed; `liaisond re-extract {reference} --apply` applies this"
        );
        return Ok(());
    }
    let mut tx = store.begin().await?;
    for d in &apply_these {
        Store::set_extracted_field(&mut tx, row.id, d.field, &d.new).await?;
        let detail = json!({"field": d.field, "old": d.old, "new": d.new, "by": "re-extract"});
        Store::add_event(
            &mut tx,
            EventKind::Corrected,
            Some(row.id),
            None,
            Some("re-extract"),
            detail,
        )
        .await?;
    }
    tx.commit().await?;
    println!("\n{reference}: {} field(s) changed", apply_these.len());
    Ok(())
}

/// Statements waiting for a coordinator's review, oldest first.
pub async fn review_list(settings: Settings, json_out: bool) -> Result<()> {
    let store = Store::open(&settings.database.path).await?;
    let rows = store.review_queue().await?;
    if json_out {
        let all: Vec<Value> = rows
            .iter()
            .map(|r| {
                json!({"reference": r.reference, "received_at": r.received_at, "state": r.state,
                       "title": r.title, "review_reasons": r.review_reasons()})
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(());
    }
    if rows.is_empty() {
        println!("no statement waits for review");
    }
    for r in &rows {
        println!("{}  {}  {}", r.reference, &r.received_at[..10], r.title);
        for reason in r.review_reasons() {
            println!("    - {reason}");
        }
    }
    Ok(())
}

/// Reads the directory (built-in plus `directory.files`) and reports what
/// is wrong (exit 1) or worth knowing.
pub fn directory_check(settings: &Settings) -> Result<()> {
    let files = &settings.directory.files;
    let d = Directory::load(files)?;
    let (orgs, groups, people, patterns) = d.sizes();
    let from = if files.is_empty() {
        "the built-in directory".to_string()
    } else {
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        format!("the built-in directory and {}", names.join(", "))
    };
    println!(
        "{from}: {orgs} organisations, {groups} groups, {people} people, {patterns} name patterns"
    );
    let (problems, notes) = d.check();
    for n in &notes {
        println!("note: {n}");
    }
    for p in &problems {
        println!("problem: {p}");
    }
    if !problems.is_empty() {
        bail!("{} problem(s) in the directory", problems.len());
    }
    println!("directory is usable");
    Ok(())
}
