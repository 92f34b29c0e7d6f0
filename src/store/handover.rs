//! Which mails were handed over whole to the SMTP server: written the
//! instant the final dot has left, to a file of its own (an append, no
//! database write in between). After a crash, a mail claimed for sending
//! is sent again only if it is not here: one that is here reached the
//! server entire, and sending it again would deliver it twice. Between the
//! dot and this write is one system call; a crash there sends the mail
//! again (twice, never lost), and that is as far as SMTP allows (the
//! server's answer may always be lost).

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};

/// The file grows until a sender pass finds it larger than this with
/// nothing in flight, then starts again.
const RESET_AT: u64 = 256 * 1024;

#[derive(Clone)]
pub(super) struct Handover {
    path: PathBuf,
    file: Arc<Mutex<Option<File>>>,
}

/// Where the handovers of the database at `db` are noted.
fn path_of(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-handover");
    PathBuf::from(name)
}

impl Handover {
    pub fn new(db: &Path) -> Handover {
        Handover {
            path: path_of(db),
            file: Arc::default(),
        }
    }

    /// Notes that attempt `attempt` of outbox mail `id` hands the mail over now.
    pub fn note(&self, id: i64, attempt: i64) -> Result<()> {
        let mut file = self.file.lock().expect("not poisoned");
        if file.is_none() {
            *file = Some(
                OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&self.path)
                    .with_context(|| format!("opening {}", self.path.display()))?,
            );
        }
        let line = format!("{id} {attempt}\n");
        file.as_mut()
            .expect("opened")
            .write_all(line.as_bytes())
            .with_context(|| format!("writing {}", self.path.display()))
    }

    /// The attempts noted: (outbox id, attempt).
    pub fn noted(&self) -> Result<HashSet<(i64, i64)>> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(e).with_context(|| format!("reading {}", self.path.display())),
        };
        Ok(text
            .lines()
            .filter_map(|l| {
                let (id, attempt) = l.split_once(' ')?;
                Some((id.parse().ok()?, attempt.parse().ok()?))
            })
            .collect())
    }

    /// Starts the file again (nothing noted in it is needed any more).
    pub fn reset(&self) -> Result<()> {
        let mut file = self.file.lock().expect("not poisoned");
        *file = None;
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(e).with_context(|| format!("removing {}", self.path.display()))
            }
            _ => Ok(()),
        }
    }

    /// Whether the file has grown enough to start again.
    pub fn is_large(&self) -> bool {
        std::fs::metadata(&self.path).is_ok_and(|m| m.len() > RESET_AT)
    }
}
