//! Builds the running parts from the settings: the directory, the
//! extractor, the workflows with their plain-value settings, the pipeline,
//! the outbox sender. Nothing below `app` reads the configuration.

use std::sync::Arc;

use anyhow::Result;

use super::config::Settings;
use crate::domain::directory::Directory;
use crate::extract::Extractor;
use crate::incoming::corrections::Corrector;
use crate::incoming::distribute::{self, Distributor};
use crate::incoming::record::Recorder;
use crate::mail::compose::Composer;
use crate::mail::dkim::Verifier;
use crate::mail::proof::Prover;
use crate::outbox::{Limits, Postman, Sender, Transport};
use crate::outgoing::{self, Outgoing};
use crate::pipeline::{self, Pipeline, Workflows};
use crate::reminders::{self, Reminders};
use crate::store::Store;
use crate::summary::Summary;
use crate::{incoming, web};

/// Everything `run` and the commands need, built once.
pub struct Wired {
    pub settings: Arc<Settings>,
    pub store: Store,
    pub pipeline: Pipeline,
    pub outgoing: Arc<Outgoing>,
    pub reminders: Arc<Reminders>,
    pub summary: Arc<Summary>,
    /// The directory every part holds; `reload_directory` swaps its entries.
    pub directory: Arc<Directory>,
}

impl Wired {
    /// Opens the store and builds every part from `settings`.
    pub async fn new(settings: Settings) -> Result<Wired> {
        let settings = Arc::new(settings);
        let store = open_store(&settings.database.path).await?;
        let directory = Arc::new(Directory::load(&settings.directory.files)?);
        let postman = Postman::new(composer(&settings), limits(&settings));
        let distributor = Arc::new(Distributor::new(
            directory.clone(),
            postman.clone(),
            distribution(&settings),
        ));
        let recorder = Arc::new(Recorder::new(
            Arc::new(incoming_settings(&settings)),
            postman.clone(),
            distributor.clone(),
        ));
        let corrector = Arc::new(Corrector::new(
            directory.clone(),
            postman.clone(),
            distributor.clone(),
        ));
        let outgoing = Arc::new(Outgoing::new(
            approval(&settings),
            directory.clone(),
            postman.clone(),
        ));
        let reminders = Arc::new(Reminders::new(
            reminder_settings(&settings),
            distributor,
            postman.clone(),
            settings.clock.clock()?,
        ));
        let flows = Workflows {
            extractor: extractor(&settings, directory.clone())?,
            directory: directory.clone(),
            recorder,
            corrector,
            outgoing: outgoing.clone(),
            prover: prover(&settings)?,
            postman: postman.clone(),
        };
        // Messages parsed and read at once: two per core, as reading a
        // document is partly waiting for its reader process (and pdftotext).
        let readers = 2 * std::thread::available_parallelism().map_or(2, |n| n.get());
        let pipeline = Pipeline::new(store.clone(), identity(&settings), flows, readers);
        let summary = Arc::new(Summary::new(
            settings.roles.coordinators.clone(),
            std::time::Duration::from_secs_f64(settings.limits.summary_every_secs),
            postman,
        ));
        Ok(Wired {
            settings,
            store,
            pipeline,
            outgoing,
            reminders,
            summary,
            directory,
        })
    }

    /// Reads the directory files again (SIGHUP); a file that does not read
    /// leaves the directory in force as it was, and the log says why.
    pub fn reload_directory(&self) {
        let files = &self.settings.directory.files;
        match self.directory.reload(files) {
            Ok(()) => {
                tracing::info!(files = ?files, "directory reloaded");
                crate::telemetry::directory_reloaded(true);
            }
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "directory not reloaded; the one in force stays");
                crate::telemetry::directory_reloaded(false);
            }
        }
    }

    /// The outbox's sender over the configured transport.
    pub fn sender(&self) -> Result<Sender> {
        let s = &self.settings;
        let transport = Transport::from_settings(&s.outgoing)?;
        Ok(Sender::new(
            self.store.clone(),
            transport,
            s.outbox.clone(),
            s.outgoing.timeout_secs,
        ))
    }

    /// The public record's server, bound, with the database open read-only.
    pub async fn web(&self) -> Result<web::Server> {
        let s = &self.settings;
        web::Server::bind(&s.web, &s.database.path, site(s)).await
    }
}

/// Opens the store; while another process holds the database's write lock
/// (a migration cannot run), waits for it, saying so.
pub async fn open_store(path: &std::path::Path) -> Result<Store> {
    let mut wait = std::time::Duration::from_secs(1);
    loop {
        match Store::open(path).await {
            Err(e) if is_locked(&e) => {
                tracing::warn!(database = %path.display(), retry_in = ?wait, "the database is locked by another process; waiting");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(std::time::Duration::from_secs(30));
            }
            other => return other,
        }
    }
}

/// Whether SQLite said the database is locked (busy): its own words, as
/// the writer hands errors on as text.
pub(super) fn is_locked(e: &anyhow::Error) -> bool {
    format!("{e:#}").contains("database is locked")
}

/// The extractor alone (for `extract` and `accuracy`, which need no store).
pub fn extractor_for(settings: &Settings) -> Result<Extractor> {
    extractor(
        settings,
        Arc::new(Directory::load(&settings.directory.files)?),
    )
}

fn extractor(s: &Settings, directory: Arc<Directory>) -> Result<Extractor> {
    Ok(Extractor::new(
        directory,
        s.extraction.mode()?,
        s.extraction.limits(),
    ))
}

fn prover(s: &Settings) -> Result<Prover> {
    let a = &s.authentication;
    let timeout = std::time::Duration::from_secs_f64(a.dns_timeout_secs);
    Ok(Prover {
        dkim: a
            .dkim
            .then(|| Verifier::new(&a.dns_servers, timeout))
            .transpose()?,
        trusted_authserv_ids: a.trusted_authserv_ids.clone(),
    })
}

fn limits(s: &Settings) -> Limits {
    Limits {
        answers: s.ack.max_per_sender_per_day,
        unverified_answers: s.limits.unverified_answers_per_day,
        confirmations: s.limits.confirmations_per_person_per_day,
    }
}

fn composer(s: &Settings) -> Composer {
    let id = &s.identity;
    Composer::new(&id.name, &id.address, &id.loop_id)
}

/// What the public record says about who runs it: statements are mailed to
/// the first of `identity.own_addresses` (the central address).
fn site(s: &Settings) -> web::Site {
    let id = &s.identity;
    web::Site {
        name: id.name.clone(),
        public_url: id.public_url.clone(),
        statements_to: id
            .own_addresses
            .first()
            .cloned()
            .or_else(|| Some(id.address.clone())),
        own: s.own_addresses().into_iter().collect(),
    }
}

fn identity(s: &Settings) -> pipeline::Identity {
    pipeline::Identity {
        address: s.identity.address.clone(),
        loop_id: s.identity.loop_id.clone(),
        submission_address: s.identity.submission_address.clone(),
        own: s.own_addresses(),
    }
}

fn distribution(s: &Settings) -> distribute::Settings {
    distribute::Settings {
        enabled: s.distribution.enabled,
        include_lists: s.distribution.include_lists,
        own: s.own_addresses(),
        public_url: s.identity.public_url.clone(),
        submission: s.identity.submission_address.clone(),
    }
}

fn incoming_settings(s: &Settings) -> incoming::Settings {
    incoming::Settings {
        acknowledge: s.ack.enabled,
        statements_per_sender_per_day: s.limits.statements_per_sender_per_day,
        acknowledge_forwarded: s.distribution.acknowledge_forwarded,
        public_url: s.identity.public_url.clone(),
        central: s.identity.own_addresses.first().cloned(),
        coordinators: s.roles.coordinators.clone(),
        own: s.own_addresses(),
    }
}

fn approval(s: &Settings) -> outgoing::Settings {
    let a = &s.approval;
    outgoing::Settings {
        expiry_hours: a.expiry_hours,
        remind_before_hours: a.remind_before_hours,
        require_authentication: a.require_authentication,
    }
}

fn reminder_settings(s: &Settings) -> reminders::Settings {
    let r = &s.reminders;
    reminders::Settings {
        enabled: r.enabled,
        days_before: r.days_before.clone(),
        weekly_digest: r.weekly_digest,
        coordinators: s.roles.coordinators.clone(),
        public_url: s.identity.public_url.clone(),
    }
}
