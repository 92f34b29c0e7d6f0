//! A local Maildir (the embedded default): every file in `new/` is archived,
//! then moved to `cur/` with the Seen flag. Polled, as Maildir has no push.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use tokio::sync::watch;
use tracing::{info, warn};

use super::Mailbox;
use super::sleep_or_shutdown;
use crate::pipeline::{Arrival, Pipeline};

pub async fn run(mb: Mailbox, pipeline: Pipeline, mut shutdown: watch::Receiver<bool>) {
    let root = mb.path.clone().expect("validated: maildir has a path");
    let every = Duration::from_secs_f64(mb.poll_interval_secs.min(2.0));
    info!(mailbox = %mb.name, path = %root.display(), "watching Maildir");
    loop {
        match scan(&mb.name, &root, &pipeline).await {
            Ok(_) => crate::telemetry::mailbox_synced(&mb.name),
            Err(e) => {
                crate::telemetry::mailbox_down(&mb.name, &format!("{e:#}"));
                warn!(mailbox = %mb.name, error = %format!("{e:#}"), "Maildir scan failed; trying again");
            }
        }
        if sleep_or_shutdown(every, &mut shutdown).await {
            return;
        }
    }
}

/// Creates new/, cur/ and tmp/ when missing.
pub fn ensure(root: &Path) -> Result<()> {
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(root.join(sub))
            .with_context(|| format!("creating {}", root.join(sub).display()))?;
    }
    Ok(())
}

/// Messages archived in one commit.
const BATCH: usize = 64;

/// Archives every message in new/, oldest name first, a batch per commit;
/// each is moved to cur/ once archived and processed. Returns how many.
pub async fn scan(mailbox: &str, root: &Path, pipeline: &Pipeline) -> Result<usize> {
    ensure(root)?;
    let mut names: Vec<PathBuf> = std::fs::read_dir(root.join("new"))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    names.sort();
    for chunk in names.chunks(BATCH) {
        let mut arrivals = Vec::with_capacity(chunk.len());
        let mut bases = Vec::with_capacity(chunk.len());
        for path in chunk {
            let file = path
                .file_name()
                .expect("listed files have names")
                .to_string_lossy()
                .into_owned();
            let base = file.split(':').next().unwrap_or(&file).to_string();
            let bytes = tokio::fs::read(path)
                .await
                .with_context(|| format!("reading {}", path.display()))?;
            arrivals.push(Arrival {
                source_key: format!("maildir:{base}"),
                uidvalidity: None,
                uid: None,
                bytes,
            });
            bases.push(base);
        }
        pipeline.receive_batch(mailbox, arrivals).await?;
        for (path, base) in chunk.iter().zip(&bases) {
            let done = root.join("cur").join(format!("{base}:2,S"));
            std::fs::rename(path, &done)
                .with_context(|| format!("moving {} to cur/", path.display()))?;
        }
    }
    Ok(names.len())
}
