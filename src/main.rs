use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use liaisond::app::config::{LogFormat, Settings};
use liaisond::app::{cli, daemon, ops};

/// Receives, records, acknowledges and relays liaison statements by mail.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// TOML configuration file; without one, the embedded default runs on ./data.
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Watch the mailboxes, record and acknowledge statements, send the outbox.
    Run,
    /// Record .eml files as if they had arrived (and send what that queues).
    Ingest {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Only queue the acknowledgements; `liaisond run` sends them later.
        #[arg(long)]
        no_send: bool,
    },
    /// Submit outgoing statements from .eml files, as if mailed to the submission address.
    Submit {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Only queue the mails; `liaisond run` sends them later.
        #[arg(long)]
        no_send: bool,
    },
    /// Print what extraction makes of an .eml file, as JSON; writes nothing.
    Extract {
        file: PathBuf,
        /// Accepted for symmetry: the output is always JSON.
        #[arg(long)]
        json: bool,
    },
    /// List recorded statements, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one statement with its history.
    Show {
        reference: String,
        #[arg(long)]
        json: bool,
    },
    /// Print the effective configuration (secrets masked) and what is wrong with it.
    CheckConfig,
    /// Copy the database into PATH, consistent while liaisond runs (never overwrites).
    Backup { path: PathBuf },
    /// Process again the archived messages whose processing failed.
    Reprocess {
        /// Only queue what they cause; `liaisond run` sends it.
        #[arg(long)]
        no_send: bool,
    },
    /// Extract a statement again with today's rules: what would change (--apply changes it).
    ReExtract {
        reference: String,
        /// Apply the changes (fields a person corrected by mail are kept).
        #[arg(long)]
        apply: bool,
    },
    /// Statements waiting for a coordinator's review.
    Review {
        #[command(subcommand)]
        command: ReviewCommand,
    },
    /// The group directory: built-in plus directory.files.
    Directory {
        #[command(subcommand)]
        command: DirectoryCommand,
    },
    /// Mail waiting in the outbox, stuck or quarantined, and what to do with it.
    Outbox {
        #[command(subcommand)]
        command: OutboxCommand,
    },
    /// Per-field extraction accuracy on a corpus of message.eml + expected.json directories.
    Accuracy {
        dir: PathBuf,
        /// List every mismatch.
        #[arg(long)]
        verbose: bool,
        #[arg(long)]
        json: bool,
    },
    /// Internal: read one attachment from stdin in a limited child process.
    #[command(hide = true)]
    Doctext {
        #[arg(long)]
        name: String,
        #[arg(long)]
        media_type: String,
        #[arg(long)]
        timeout_secs: u64,
        #[arg(long)]
        memory: u64,
        /// Stay, and read one document after another (length-prefixed on stdin).
        #[arg(long)]
        serve: bool,
    },
}

#[derive(Subcommand)]
enum OutboxCommand {
    /// Mail not sent yet (queued, being sent, failed), and mail taken as sent
    /// without the server's answer (liaisond stopped right then).
    List {
        /// Every mail, sent and cancelled too.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// One mail: where it stands, its attempts and last error, and its
    /// headers (the whole mail with --raw).
    Show {
        id: i64,
        #[arg(long)]
        raw: bool,
    },
    /// Queue failed (or waiting, or unconfirmed) mail again, to be sent at once.
    Retry {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Make sure queued or failed mail is never sent.
    Cancel {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
}

#[derive(Subcommand)]
enum ReviewCommand {
    /// Statements marked for review, oldest first, with the reasons.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum DirectoryCommand {
    /// Read the directory files and report what is wrong or missing in them.
    Check,
}

fn main() -> std::process::ExitCode {
    match start() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // `liaisond list | head`: the reader had enough.
        Err(e) if e.downcast_ref::<cli::Closed>().is_some() => std::process::ExitCode::SUCCESS,
        // A person's mistake or the world's (a missing file, a busy port):
        // the reason in one line, never a backtrace, whatever RUST_BACKTRACE says.
        Err(e) => {
            eprintln!("liaisond: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn start() -> Result<()> {
    let args = Args::parse();
    // The document reader runs before any runtime or thread exists: its
    // address-space limit must bound the document, not idle thread arenas.
    if let Command::Doctext {
        name,
        media_type,
        timeout_secs,
        memory,
        serve,
    } = &args.command
    {
        if *serve {
            return liaisond::extract::doctext::isolate::serve_main(*timeout_secs, *memory);
        }
        return liaisond::extract::doctext::isolate::child_main(
            name,
            media_type,
            *timeout_secs,
            *memory,
        );
    }
    let settings = match Settings::load(args.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("liaisond: {e:#}");
            std::process::exit(2);
        }
    };
    logging(settings.log.format);
    tokio::runtime::Runtime::new()?.block_on(run(args, settings))
}

/// Logs to stderr as text or JSON lines; RUST_LOG says how much. Panics are
/// logged too, so that a JSON log stays one object per line.
fn logging(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    let text = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => text
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init(),
        LogFormat::Json => text
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
    std::panic::set_hook(Box::new(|panic| {
        tracing::error!(%panic, "panicked");
    }));
}

async fn run(args: Args, settings: Settings) -> Result<()> {
    match args.command {
        Command::Run => {
            // Once each: a plain line, or (logged as JSON lines, stderr
            // has nothing else) a log line.
            let plain = settings.log.format == LogFormat::Text;
            for w in settings.warnings() {
                if plain {
                    eprintln!("liaisond: warning: {w}");
                } else {
                    tracing::warn!(warning = %w, "configuration");
                }
            }
            daemon::run(settings).await
        }
        Command::Ingest { files, no_send } => cli::ingest(settings, &files, !no_send, false).await,
        Command::Submit { files, no_send } => cli::ingest(settings, &files, !no_send, true).await,
        Command::List { json } => cli::list(settings, json).await,
        Command::Show { reference, json } => cli::show(settings, &reference, json).await,
        Command::CheckConfig => {
            println!("{}", settings.to_masked_toml());
            println!("# configuration is valid");
            for w in settings.warnings() {
                eprintln!("liaisond: warning: {w}");
            }
            Ok(())
        }
        Command::Backup { path } => ops::backup(settings, &path).await,
        Command::Reprocess { no_send } => ops::reprocess(settings, !no_send).await,
        Command::ReExtract { reference, apply } => {
            ops::re_extract(settings, &reference, apply).await
        }
        Command::Review {
            command: ReviewCommand::List { json },
        } => ops::review_list(settings, json).await,
        Command::Directory {
            command: DirectoryCommand::Check,
        } => ops::directory_check(&settings),
        Command::Extract { file, .. } => cli::extract_file(&settings, &file),
        Command::Outbox { command } => match command {
            OutboxCommand::List { all, json } => cli::outbox_list(settings, all, json).await,
            OutboxCommand::Show { id, raw } => cli::outbox_show(settings, id, raw).await,
            OutboxCommand::Retry { ids } => cli::outbox_change(settings, &ids, false).await,
            OutboxCommand::Cancel { ids } => cli::outbox_change(settings, &ids, true).await,
        },
        Command::Accuracy { dir, verbose, json } => cli::accuracy(&settings, &dir, verbose, json),
        Command::Doctext { .. } => unreachable!("handled before the configuration is read"),
    }
}
