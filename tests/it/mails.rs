//! A reference copy of every kind of mail liaisond writes, compared on every
//! run: acknowledgement, review request, distribution, redirect (to the new
//! group and the old), correction answers, forwarder's notice, "not
//! submitted", approval request, "waiting for approval", help, relay,
//! "not approved", refused approval, approval reminder, expiry, "sent",
//! deadline reminder and weekly digest. Each is made through the real paths
//! (`liaisond ingest`, `submit` and `run`, files out), read back as its
//! recipient's mail program would decode it, with what changes from run to
//! run (dates, Message-IDs, tokens, MIME boundaries, the year in
//! references, times of day) replaced by placeholders, and compared with
//! `tests/mails/NAME.txt`. A change to any mail shows in review as a change
//! to those files: `LIAISOND_BLESS=1 cargo test --test it mails::` rewrites
//! them, to be read before committing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use mail_parser::{MessageParser, MimeHeaders};
use regex::Regex;

use crate::support::config::{Approval, Authentication, Config, Mailbox, Outgoing, Reminders};
use crate::support::daemon::{BIN, BOT, CENTRAL, SUBMIT, wait};
use crate::support::directory::{Directory, Group, Organisation};

const COORD: &str = "coord@iab.example";
const CHAIR: &str = "chair@ietf.example";
const AD: &str = "ad1@ietf.example";
const OFFICER: &str = "officer@3gpp.example";

struct Run {
    dir: PathBuf,
}

impl Run {
    fn new() -> Run {
        let dir = tempfile::Builder::new()
            .prefix("mails")
            .tempdir_in("/tmp")
            .unwrap()
            .keep();
        Directory::new()
            .organisation(Organisation::three_gpp())
            .group(Group::ietf_wg(
                "IETF LAMPS WG",
                "lamps",
                "sec",
                "lamps-chairs@ietf.example",
            ))
            .group(Group::ietf_wg(
                "IETF OPSAWG WG",
                "opsawg",
                "ops",
                "opsawg-chairs@ietf.example",
            ))
            .person(CHAIR, &["chair:lamps"])
            .person(AD, &["ad:sec"])
            .person(COORD, &["coordinator"])
            .write(&dir.join("people.toml"));
        Config::new()
            .database("liaisond.db")
            .identity(BOT, &[CENTRAL], SUBMIT)
            .mailbox(Mailbox::maildir("local", "maildir"))
            .outgoing(Outgoing::file("outbox"))
            .directory("people.toml")
            .coordinators(&[COORD])
            .approval(Approval::new().check_interval_secs(0.2))
            .reminders(
                Reminders::new()
                    .check_interval_secs(0.2)
                    .weekly_digest(true),
            )
            .web_disabled()
            // No resolver here: role holders prove their mailbox instead.
            .authentication(Authentication {
                dkim: Some(false),
                ..Authentication::default()
            })
            .write(&dir.join("liaisond.toml"));
        Run { dir }
    }

    fn cli(&self, command: &str, name: &str, mail: &str, env: &[(&str, &str)]) -> String {
        let file = self.dir.join(format!("{name}.eml"));
        std::fs::write(&file, mail).unwrap();
        let out = Command::new(BIN)
            .args(["--config", "liaisond.toml", command])
            .arg(&file)
            .current_dir(&self.dir)
            .env(
                "LIAISOND_IDENTITY__PUBLIC_URL",
                "https://liaisons.example.org",
            )
            .envs(env.iter().copied())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{command} {name}: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        text
    }

    fn reference(text: &str) -> String {
        crate::support::record::Record::reference_in(text)
    }

    /// Every mail in the outbox, parsed: (Message-ID tag, first recipient and subject, bytes).
    fn outbox(&self) -> Vec<(String, String, Vec<u8>)> {
        let mut all = Vec::new();
        for e in std::fs::read_dir(self.dir.join("outbox")).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_none_or(|x| x != "eml") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let m = MessageParser::default().parse(&bytes).unwrap();
            let tag = m
                .message_id()
                .unwrap()
                .split('.')
                .next()
                .unwrap()
                .to_string();
            let to = m
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_string();
            let subject = m.subject().unwrap_or_default();
            all.push((tag, format!("{to} {subject}"), bytes));
        }
        all
    }

    /// The token address of the mail tagged `tag` to `to` about `reference`.
    fn token(&self, tag: &str, to: &str, reference: &str) -> String {
        let (_, _, bytes) = self
            .outbox()
            .into_iter()
            .find(|(t, r, _)| t == tag && r.starts_with(&format!("{to} ")) && r.contains(reference))
            .unwrap_or_else(|| panic!("no {tag} mail to {to}"));
        let m = MessageParser::default().parse(&bytes).unwrap();
        m.reply_to()
            .unwrap()
            .first()
            .unwrap()
            .address()
            .unwrap()
            .to_string()
    }

    /// `liaisond run` for a while, with `env`, then stopped as systemd would.
    fn run_for(&self, secs: u64, env: &[(&str, &str)]) {
        let mut child = Command::new(BIN)
            .args(["--config", "liaisond.toml", "run"])
            .current_dir(&self.dir)
            .env(
                "LIAISOND_IDENTITY__PUBLIC_URL",
                "https://liaisons.example.org",
            )
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_secs(secs));
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let _ = child.wait();
    }
}

fn statement(n: u32, fields: &str, body: &str, attachment: bool) -> String {
    let part = if attachment {
        "--B\r\nContent-Type: application/pdf; name=\"S3-260001.pdf\"\r\nContent-Disposition: attachment; filename=\"S3-260001.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJSBsaWFpc29uCg==\r\n"
    } else {
        ""
    };
    format!(
        "From: SA3 Officer <{OFFICER}>\r\nTo: {CENTRAL}\r\nSubject: LS {n}\r\nMessage-ID: <mails-{n}@3gpp.example>\r\n\
Date: Mon, 2 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n\
--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{fields}\r\nBody:\r\n{body}\r\n{part}--B--\r\n"
    )
}

fn submission(n: u32, from: &str, title: &str, extra: &str) -> String {
    format!(
        "From: Chair <{from}>\r\nTo: {SUBMIT}\r\nSubject: Outgoing LS {n}\r\nMessage-ID: <mails-sub-{n}@ietf.example>\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nFrom: IETF LAMPS WG\r\nFrom-Contact: {CHAIR}\r\n\
Send Reply To: liaison-coordination@iab.example\r\nTo: 3GPP TSG SA WG3\r\nTo-Contact: {OFFICER}\r\n\
Send To: sa3-ls@3gpp.example\r\nPurpose: For Action\r\nDeadline: 2099-12-01\r\nTitle: {title}\r\n{extra}Body:\r\n\
The LAMPS WG asks SA3 to review draft-ietf-lamps-foo.\r\n"
    )
}

fn reply(from: &str, to: &str, subject: &str, n: u32, text: &str) -> String {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <mails-reply-{n}@ietf.example>\r\n\r\n{text}\r\n"
    )
}

/// The mail as its recipient reads it, with what changes between runs replaced.
fn readable(bytes: &[u8]) -> String {
    let m = MessageParser::default().parse(bytes).unwrap();
    let raw = String::from_utf8_lossy(bytes);
    let mut t = String::new();
    // The Subject as it travels: plain ASCII must not be an encoded word.
    let subject_lines: Vec<&str> = raw
        .lines()
        .skip_while(|l| !l.starts_with("Subject:"))
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.starts_with([' ', '\t']))
        .map(|(_, l)| l)
        .collect();
    t.push_str(&format!("{}\n", subject_lines.join("\n")));
    for name in ["From", "To", "Cc", "Reply-To", "Auto-Submitted"] {
        if let Some(line) = raw.lines().find(|l| l.starts_with(&format!("{name}: "))) {
            t.push_str(line);
            t.push('\n');
        }
    }
    t.push('\n');
    t.push_str(&m.body_text(0).unwrap_or_default());
    for a in m.attachments() {
        t.push_str(&format!(
            "\n[attachment {} ({} bytes)]",
            a.attachment_name().unwrap_or("?"),
            a.contents().len()
        ));
    }
    normalise(&t)
}

fn normalise(text: &str) -> String {
    let rules = [
        (r"LS-\d{4}-", "LS-YYYY-"),
        (r"liaison-bot\+[0-9a-f]{40}@", "liaison-bot+TOKEN@"),
        (r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "YYYY-MM-DD HH:MM UTC"),
        // The approval's expiry, a day or so after the test runs.
        (r"needed by \d{4}-\d\d-\d\d", "needed by YYYY-MM-DD"),
        (r"<[a-z]+\.[0-9a-f]{16}@iab\.example>", "<MESSAGE-ID>"),
        (r"#\d+", "#N"),
    ];
    let mut t = text.replace("\r\n", "\n");
    for (re, with) in rules {
        t = Regex::new(re).unwrap().replace_all(&t, with).into_owned();
    }
    t
}

/// Compares with tests/mails/NAME.txt (or writes it, with LIAISOND_BLESS=1).
fn compare(name: &str, text: &str, failures: &mut Vec<String>) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/mails")
        .join(format!("{name}.txt"));
    if std::env::var_os("LIAISOND_BLESS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&file).unwrap_or_default();
    if want != text {
        failures.push(format!(
            "--- {} (expected)\n{want}\n+++ (now)\n{text}",
            file.display()
        ));
    }
}

/// Every line liaisond wrote fits 78 columns; none holds a raw RFC 3339 time,
/// an internal role code, or liaisond's own central address as a contact.
fn check_reading(name: &str, text: &str, failures: &mut Vec<String>) {
    let stamp = Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d").unwrap();
    let role = Regex::new(r"\b(ad|chair):[a-z]").unwrap();
    for line in text.lines() {
        if line.chars().count() > 78 && !line.starts_with("Subject:") {
            failures.push(format!("{name}: line over 78 columns: {line:?}"));
        }
    }
    if stamp.is_match(text) || role.is_match(text) {
        failures.push(format!("{name}: an internal time or role code:\n{text}"));
    }
    if text.contains(&format!("To-Contact:          {CENTRAL}")) {
        failures.push(format!("{name}: our own address as To-Contact"));
    }
    if text.contains("Re: Re:") || text.contains("=?us-ascii") {
        failures.push(format!("{name}: Re: Re: or an encoded ASCII subject"));
    }
}

#[test]
fn every_mail_liaisond_writes_reads_as_its_reference_copy() {
    let r = Run::new();
    let lamps = "From: 3GPP TSG SA WG3\r\nSend Reply To: sa3-ls@3gpp.example\r\nTo: IETF LAMPS WG";
    // Acknowledgement, distribution (with the attachment), and later the deadline reminder.
    let long = "LS on a rather long title about certificate profiles for the 5G core network service based architecture";
    let first = Run::reference(&r.cli(
        "ingest",
        "first",
        &statement(
            1,
            &format!("{lamps}\r\nPurpose: For Action\r\nDeadline: 2026-12-15\r\nTitle: {long}"),
            "Please review the profile.",
            true,
        ),
        &[],
    ));
    // A group nobody knows: the review request; then redirected with a new purpose and deadline.
    let unsure = Run::reference(&r.cli(
        "ingest",
        "unsure",
        &statement(2, "From: 3GPP TSG SA WG3\r\nTo: IETF Mystery WG\r\nPurpose: For Information\r\nTitle: LS on YANG models", "FYI.", false),
        &[],
    ));
    let moving = Run::reference(&r.cli(
        "ingest",
        "moving",
        &statement(
            3,
            &format!("{lamps}\r\nPurpose: For Information\r\nTitle: LS on network telemetry"),
            "For your information.",
            false,
        ),
        &[],
    ));
    let _ = unsure;
    r.cli(
        "ingest",
        "fix",
        &reply(
            COORD,
            CENTRAL,
            &format!("Re: Re: {moving}"),
            1,
            "redirect opsawg\npurpose: for action\ndeadline: 2027-03-01",
        ),
        &[],
    );
    // Unsigned: the coordinator confirms from their mailbox.
    let verify = r.token("verify", COORD, &moving);
    r.cli(
        "ingest",
        "confirm",
        &reply(COORD, &verify, "Re: Please confirm your mail", 7, "confirm"),
        &[],
    );
    r.cli(
        "ingest",
        "badfix",
        &reply(COORD, CENTRAL, &format!("Re: {first}"), 2, "please fix it"),
        &[],
    );
    // A coordinator forwards a statement that reached them directly.
    r.cli("ingest", "forward", &format!(
        "From: Coordinator <{COORD}>\r\nTo: {CENTRAL}\r\nSubject: Fwd: LS on forwarded things\r\nMessage-ID: <mails-fwd@iab.example>\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nFYI, this reached me directly.\r\n\r\n---------- Forwarded message ---------\r\n\
From: SA3 Officer <{OFFICER}>\r\nDate: Mon, Mar 2, 2026 at 10:00 AM\r\nSubject: LS on forwarded things\r\nTo: <{COORD}>\r\n\r\n\
From: 3GPP TSG SA WG3\r\nTo: IETF LAMPS WG\r\nPurpose: For Information\r\nTitle: LS on forwarded things\r\nBody:\r\nHello.\r\n"
    ), &[]);
    // Outgoing: refused, then filed, answered unclearly, rejected, approved, left to expire.
    r.cli(
        "submit",
        "bad",
        &submission(1, CHAIR, "LS with problems", "").replace("Purpose: For Action\r\n", ""),
        &[],
    );
    let ok = Run::reference(&r.cli(
        "submit",
        "ok",
        &submission(
            2,
            CHAIR,
            "LS on LAMPS certificate profiles",
            "Consensus: WG consensus\r\n",
        ),
        &[],
    ));
    let token = r.token("confirm", AD, &ok);
    r.cli(
        "ingest",
        "unclear",
        &reply(
            AD,
            &token,
            &format!("Re: [{ok}] Approval needed"),
            3,
            "looks fine to me",
        ),
        &[],
    );
    r.cli(
        "ingest",
        "stranger",
        &reply("mallory@example.net", &token, "Re: approval", 4, "approve"),
        &[],
    );
    r.cli(
        "ingest",
        "approve",
        &reply(AD, &token, "Re: approval", 5, "approve"),
        &[],
    );
    let no = Run::reference(&r.cli(
        "submit",
        "no",
        &submission(3, CHAIR, "LS not yet", "Consensus: none sought\r\n"),
        &[],
    ));
    let token = r.token("confirm", AD, &no);
    r.cli(
        "ingest",
        "reject",
        &reply(
            AD,
            &token,
            "Re: approval",
            6,
            "reject: wait for the WG last call",
        ),
        &[],
    );
    r.cli(
        "submit",
        "late",
        &submission(4, CHAIR, "LS that expires", "Consensus: WG consensus\r\n"),
        &[
            ("LIAISOND_APPROVAL__EXPIRY_HOURS", "0.0005"),
            ("LIAISOND_APPROVAL__REMIND_BEFORE_HOURS", "1"),
        ],
    );
    // First the relay goes out ("sent") and the approval reminder, then, on
    // a Monday of liaisond's clock, the deadline reminder and the digest.
    r.run_for(
        3,
        &[
            ("LIAISOND_REMINDERS__ENABLED", "false"),
            ("LIAISOND_APPROVAL__REMIND_BEFORE_HOURS", "1"),
            ("LIAISOND_LIMITS__SUMMARY_EVERY_SECS", "1"),
        ],
    );
    r.run_for(
        3,
        &[
            ("LIAISOND_CLOCK__START", "2026-12-07T12:00:00Z"),
            ("LIAISOND_CLOCK__SPEED", "1"),
        ],
    );
    let expired = wait(Duration::from_secs(10), || {
        r.outbox().iter().any(|(t, ..)| t == "expired")
    });
    assert!(expired, "no expiry notice");

    // (Message-ID tag, recipient, words of the subject, reference copy)
    let names: [(&str, &str, &str, &str); 22] = [
        ("ack", OFFICER, "rather long title", "acknowledgement"),
        ("ack", OFFICER, "YANG models", "acknowledgement-unsure"),
        ("review", COORD, "YANG models", "review-request"),
        (
            "dist",
            "lamps-chairs@ietf.example",
            "rather long title",
            "distribution",
        ),
        (
            "dist",
            "opsawg-chairs@ietf.example",
            "telemetry",
            "redirect-to-new-group",
        ),
        (
            "moved",
            "lamps-chairs@ietf.example",
            "redirected",
            "redirect-to-old-group",
        ),
        ("cmd", COORD, &moving, "correction-answer"),
        ("cmd", COORD, &first, "correction-refused"),
        ("problems", CHAIR, "LS with problems", "not-submitted"),
        ("confirm", AD, "certificate profiles", "approval-request"),
        (
            "pending",
            CHAIR,
            "certificate profiles",
            "waiting-for-approval",
        ),
        ("help", AD, "", "unclear-answer-help"),
        ("summary", COORD, "Refused", "refused-and-held-summary"),
        ("verify", COORD, &moving, "confirmation"),
        ("ls", "sa3-ls@3gpp.example", "", "relay"),
        ("rejected", CHAIR, "", "not-approved"),
        ("sent", CHAIR, "", "sent"),
        ("remind", AD, "", "approval-reminder"),
        ("expired", CHAIR, "", "expired"),
        (
            "remind",
            "lamps-chairs@ietf.example",
            "",
            "deadline-reminder",
        ),
        ("digest", COORD, "", "weekly-digest"),
        ("fwd", COORD, "", "forwarder-notice"),
    ];
    let mail = r.outbox();
    let mut failures = Vec::new();
    for (tag, to, words, name) in names {
        let found: Vec<&(String, String, Vec<u8>)> = mail
            .iter()
            .filter(|(t, r, _)| t == tag && r.starts_with(&format!("{to} ")) && r.contains(words))
            .collect();
        let [(_, _, bytes)] = found[..] else {
            let all: Vec<(&String, &String)> = mail.iter().map(|(t, r, _)| (t, r)).collect();
            failures.push(format!(
                "{} {name} mails ({tag} to {to}); outbox has {all:#?}",
                found.len()
            ));
            continue;
        };
        let text = readable(bytes);
        check_reading(name, &text, &mut failures);
        compare(name, &text, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{}\n(in {})",
        failures.join("\n\n"),
        r.dir.display()
    );
    let _ = std::fs::remove_dir_all(&r.dir);
}
