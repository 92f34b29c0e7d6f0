//! The commands besides `run`: ingest, submit, extract, accuracy, list,
//! show, outbox, check-config.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Wired;
use super::config::Settings;
use super::wiring::extractor_for;
use crate::domain::{Statement, sha256_hex};
use crate::outbox::stored_mail;
use crate::pipeline::{Origin, SUBMIT_MAILBOX};
use crate::store::{MailState, OutboxEntry, StatementRow, Store};

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
        let started = crate::store::now();
        let id = w.pipeline.receive(origin, &bytes).await?;
        let raw = w.store.raw_message(id).await?;
        // Archived before this command: the same file again, already recorded.
        let again = raw.received_at < started;
        let outcome = match raw.kind {
            Some(_) if again => "duplicate".to_string(),
            Some(kind) => kind.as_str().to_string(),
            None => "archived; processing failed (see log), retried at next start".into(),
        };
        out(format_args!(
            "{}: {}",
            file.display(),
            describe(&w.store, id, &outcome).await?
        ))?;
    }
    if send {
        let n = w.sender()?.deliver_due().await?;
        out(format_args!(
            "{} sent",
            crate::mail::text::count(n, "mail", "mails")
        ))?;
    }
    Ok(())
}

/// One line on standard output; a closed pipe (`liaisond list | head`)
/// ends the output quietly instead of panicking.
fn out(line: std::fmt::Arguments<'_>) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{line}") {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Closed.into()),
        other => Ok(other?),
    }
}

/// Standard output was closed by its reader: stop printing, not an error.
#[derive(Debug, thiserror::Error)]
#[error("standard output closed")]
pub struct Closed;

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
    out(format_args!("{}", serde_json::to_string_pretty(&e)?))
}

pub async fn list(settings: Settings, json: bool) -> Result<()> {
    let store = Store::open(&settings.database.path).await?;
    let rows = store.statements().await?;
    if json {
        let mut all = Vec::with_capacity(rows.len());
        for row in &rows {
            all.push(row.to_contract(store.attachment_infos(row.id).await?));
        }
        return out(format_args!("{}", serde_json::to_string_pretty(&all)?));
    }
    if rows.is_empty() {
        return out(format_args!("no statements recorded yet"));
    }
    out(format_args!(
        "{:<12}  {:<10}  {:<8}  {:<17}  {:<15}  {:<10}  TITLE",
        "REFERENCE", "RECEIVED", "WAY", "STATE", "PURPOSE", "DEADLINE"
    ))?;
    for r in &rows {
        let purpose = r.purpose.map_or("-", |p| p.human());
        let flag = if r.needs_review {
            "  [needs review]"
        } else {
            ""
        };
        out(format_args!(
            "{:<12}  {:<10}  {:<8}  {:<17}  {:<15}  {:<10}  {}{}",
            r.reference,
            r.received_at.get(..10).unwrap_or(&r.received_at),
            r.direction.as_str(),
            r.state.as_str(),
            purpose,
            r.deadline.as_deref().unwrap_or("-"),
            r.title,
            flag
        ))?;
    }
    Ok(())
}

/// `show --json`: the statement in the JSON contract, with the links and
/// public history the web's JSON has, and what a coordinator needs: review reasons.
#[derive(serde::Serialize)]
struct Shown {
    #[serde(flatten)]
    statement: Statement,
    needs_review: bool,
    review_reasons: Vec<String>,
    links: Vec<crate::web::Link>,
    history: Vec<crate::web::HistoryItem>,
}

pub async fn show(settings: Settings, reference: &str, json: bool) -> Result<()> {
    let store = Store::open(&settings.database.path).await?;
    // References are written in capitals; any case finds them.
    let reference = reference.trim().to_uppercase();
    let Some((row, st)) = store.contract(&reference).await? else {
        bail!("no statement {reference} (see `liaisond list`)");
    };
    if json {
        let every: Vec<crate::domain::State> = crate::domain::State::all().collect();
        let shown = Shown {
            needs_review: row.needs_review,
            review_reasons: row.review_reasons(),
            links: crate::web::links(&store, row.id, &every).await?,
            history: crate::web::history(&store, row.id).await?,
            statement: st,
        };
        return out(format_args!("{}", serde_json::to_string_pretty(&shown)?));
    }
    print_fields(&row, &st)?;
    out(format_args!("\n{}\n", st.body))?;
    for (how, other, method, confirmed) in store.links_of(row.id).await? {
        let unsure = if confirmed { "" } else { ", to be confirmed" };
        out(format_args!(
            "Link:            {how} {other} (by {method}{unsure})"
        ))?;
    }
    out(format_args!("History:"))?;
    for e in store.events_of(row.id).await? {
        out(format_args!(
            "  {}  {:22} {}",
            crate::mail::text::when(&e.at),
            e.kind.as_str(),
            e.detail
        ))?;
    }
    Ok(())
}

/// The statement's fields, one per line.
fn print_fields(row: &StatementRow, st: &Statement) -> Result<()> {
    let list = |v: &[String]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.join(", ")
        }
    };
    let org = |o: &Option<String>| o.as_deref().map(|o| format!(" ({o})")).unwrap_or_default();
    let purpose = st
        .purpose
        .map(|p| p.human())
        .or(row.purpose_label.as_deref());
    let mut lines = vec![
        ("Reference", row.reference.clone()),
        ("Direction", row.direction.to_string()),
        ("State", row.state.to_string()),
        ("Title", st.title.clone()),
        ("Format", row.format.clone().unwrap_or("-".into())),
        ("From", list(&st.from_groups) + &org(&row.from_organisation)),
        ("From-Contact", list(&st.from_contacts)),
        ("Send Reply To", st.reply_to.clone().unwrap_or("-".into())),
        ("To", list(&st.to_groups) + &org(&row.to_organisation)),
        ("To-Contact", list(&st.to_contacts)),
        ("Send To", st.send_to.clone().unwrap_or("-".into())),
        ("Purpose", purpose.unwrap_or("-").to_string()),
        ("Deadline", st.deadline.clone().unwrap_or("-".into())),
    ];
    if let Some(r) = &row.response_to {
        lines.push(("In response to", r.clone()));
    }
    lines.push(("Received", crate::mail::text::when(&row.received_at)));
    lines.push(("Message-ID", st.message_id.clone().unwrap_or("-".into())));
    for a in &st.attachments {
        let what = format!(
            "{} ({}, {}, sha256 {})",
            a.name,
            crate::mail::text::type_name(&a.media_type, &a.name),
            crate::mail::text::size(a.size),
            a.sha256
        );
        lines.push(("Attachment", what));
    }
    for r in row.review_reasons() {
        lines.push(("Needs review", r));
    }
    for (name, value) in lines {
        out(format_args!("{:<16} {value}", format!("{name}:")))?;
    }
    Ok(())
}

pub fn accuracy(settings: &Settings, dir: &Path, verbose: bool, json: bool) -> Result<()> {
    let extractor = extractor_for(settings)?;
    let report = crate::extract::accuracy::run(dir, &extractor)?;
    if json {
        out(format_args!("{}", serde_json::to_string_pretty(&report)?))
    } else {
        out(format_args!(
            "{}",
            crate::extract::accuracy::render(&report, verbose)
        ))
    }
}

/// `outbox list`: mail not sent yet, and mail sent without the server's
/// answer (every mail with `all`), oldest first.
pub async fn outbox_list(settings: Settings, all: bool, json: bool) -> Result<()> {
    let store = Store::open(&settings.database.path).await?;
    let states: &[MailState] = if all {
        &[]
    } else {
        &[MailState::Queued, MailState::Sending, MailState::Failed]
    };
    let entries = store.outbox_entries(states, !all).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(());
    }
    if entries.is_empty() {
        println!(
            "{}",
            if all {
                "the outbox is empty"
            } else {
                "nothing waits in the outbox"
            }
        );
    }
    for e in &entries {
        println!(
            "{:>6}  {:9}  {:16}  {:13}  {}  {}",
            e.id,
            e.state.as_ref(),
            e.purpose.as_str(),
            e.reference.as_deref().unwrap_or("-"),
            when(e),
            recipients(e)
        );
        if let Some(error) = &e.last_error {
            println!(
                "        last error after {} attempt(s): {error}",
                e.attempts
            );
        }
    }
    Ok(())
}

/// When a mail went, or is to go next.
fn when(e: &OutboxEntry) -> String {
    match (e.state, &e.sent_at) {
        (MailState::Sent, Some(at)) if !e.confirmed => {
            format!("sent {at}, unconfirmed: liaisond stopped before the server's answer")
        }
        (MailState::Sent, Some(at)) => format!("sent {at}"),
        (MailState::Queued, _) => format!("next {}", e.next_attempt_at),
        (state, _) => state.as_ref().to_string(),
    }
}

fn recipients(e: &OutboxEntry) -> String {
    serde_json::from_str::<Vec<String>>(&e.recipients)
        .map(|r| r.join(", "))
        .unwrap_or_else(|_| e.recipients.clone())
}

/// `outbox show ID`: where a mail stands, and its headers (or all of it).
pub async fn outbox_show(settings: Settings, id: i64, raw: bool) -> Result<()> {
    let store = Store::open(&settings.database.path).await?;
    let (Some(e), Some(row)) = (store.outbox_entry(id).await?, store.outbox_row(id).await?) else {
        bail!("no mail {id} in the outbox");
    };
    let mail = stored_mail(&store, &row).await?;
    if raw {
        use std::io::Write;
        std::io::stdout().write_all(&mail)?;
        return Ok(());
    }
    println!("Mail:            {}", e.id);
    println!("State:           {}", e.state.as_ref());
    println!("Purpose:         {}", e.purpose.as_str());
    println!("Statement:       {}", e.reference.as_deref().unwrap_or("-"));
    println!("Message-ID:      {}", e.message_id);
    println!("To:              {}", recipients(&e));
    println!("Queued:          {}", e.created_at);
    println!("Attempts:        {}", e.attempts);
    println!("When:            {}", when(&e));
    println!(
        "Last error:      {}",
        e.last_error.as_deref().unwrap_or("-")
    );
    let end = mail
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(mail.len());
    println!("\n{}", String::from_utf8_lossy(&mail[..end]));
    Ok(())
}

/// `outbox retry` (queue again) or `outbox cancel` (never send) each mail.
pub async fn outbox_change(settings: Settings, ids: &[i64], cancel: bool) -> Result<()> {
    let store = Store::open(&settings.database.path).await?;
    let mut refused = 0;
    for &id in ids {
        let was = if cancel {
            store.cancel_mail(id).await?
        } else {
            store.requeue_mail(id).await?
        };
        match was {
            None => {
                refused += 1;
                println!("{id}: no such mail");
            }
            Some(MailState::Queued | MailState::Failed) if cancel => {
                println!("{id}: cancelled; it will not be sent")
            }
            Some(MailState::Queued | MailState::Failed) => {
                println!("{id}: queued again; it goes out at once")
            }
            Some(state) => {
                refused += 1;
                println!("{id}: {state}; left as it is");
            }
        }
    }
    if refused > 0 {
        bail!("{refused} of {} mail(s) left as they were", ids.len());
    }
    Ok(())
}
