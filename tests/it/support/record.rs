//! A small public record made through the real paths (`liaisond ingest` and
//! `submit` on .eml files, corrections and an approval by mail), served by a
//! real `liaisond run` on a free port. No mail server: Maildir in, files out.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::config::{Approval, Authentication, Config, Mailbox, Outgoing};
use super::daemon::{BIN, BOT, CENTRAL, SUBMIT, wait};
use super::directory::Directory;
use super::mailstack::free_ports;

pub const COORD: &str = "coord@iab.example";
/// In a title and a body: must be shown as text everywhere.
pub const MARKUP_TITLE: &str = "<script>document.title='pwned'</script><b>x</b>";

pub struct Record {
    pub dir: PathBuf,
    pub base: String,
    /// Reference by name: `action` (passed deadline, answered by `answer`),
    /// `markup` (closed), `coming` (open For Action), `answer`, `unsure` (a
    /// 3GPP Tdoc to a group the directory does not know: details under
    /// review), `question` (a personal question: correspondence, never
    /// public), `pending` (awaiting approval: never public), `outgoing`
    /// (approved and sent).
    pub refs: HashMap<&'static str, String>,
    child: Option<Child>,
}

/// An HTML attachment with a script: its text is read, its markup never served as a page.
pub const EVIL_HTML: &str = "<p>Visible words</p><script>alert(1)</script>";

/// A 3GPP LS (its own template, its Tdoc number) to a group nobody knows.
const UNSURE: &str = "From: Officer <officer@3gpp.example>\r\nTo: liaison@iab.example\r\nSubject: LS on key hierarchy\r\n\
Message-ID: <web-9@sdo.example>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
3GPP TSG-SA WG3 Meeting #125        S3-261234\r\nTitle:           LS on key hierarchy\r\nRelease:         Rel-19\r\n\
Work Item:       KHIER\r\nSource:          SA3\r\nTo:              IETF Mystery WG\r\n\
Contact Person:  Name: Officer   E-mail Address: officer@3gpp.example\r\n\
Send any reply LS to:  3GPP Liaisons Coordinator, mailto:3GPPLiaison@etsi.org\r\n\r\n\
1. Overall Description:\r\nSA3 informs the IETF of its key hierarchy for the echidna protocol.\r\n\r\n2. Actions: none.\r\n";

/// Not a statement: someone's question, mailed to the central address.
pub const QUESTION: &str = "From: Curious Person <curious@example.net>\r\nTo: liaison@iab.example\r\n\
Subject: Question about RFC 9000 errata\r\nMessage-ID: <q-1@example.net>\r\nDate: Mon, 2 Mar 2026 11:00:00 +0000\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nHello, who decides on the quokka erratum? Thanks.\r\n";

fn incoming(n: u32, fields: &str, body: &str, attachments: &str) -> String {
    format!(
        "From: Officer <officer@3gpp.example>\r\nTo: liaison@iab.example\r\nSubject: LS {n}\r\n\
Message-ID: <web-{n}@sdo.example>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
{fields}\r\nBody:\r\n{body}\r\n{attachments}--B--\r\n"
    )
}

fn part(name: &str, media_type: &str, content: &str) -> String {
    format!(
        "--B\r\nContent-Type: {media_type}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\r\n{content}\r\n"
    )
}

fn submission(n: u32, title: &str) -> String {
    format!(
        "From: Chair <chair@ietf.example>\r\nTo: liaison-submit@iab.example\r\nSubject: Outgoing LS\r\n\
Message-ID: <web-sub-{n}@ietf.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
From: IETF LAMPS WG\r\nFrom-Contact: chair@ietf.example\r\nSend Reply To: liaison-coordination@iab.example\r\n\
To: 3GPP TSG SA WG3\r\nTo-Contact: officer@3gpp.example\r\nSend To: sa3-ls@3gpp.example\r\nPurpose: For Action\r\n\
Deadline: 2099-12-01\r\nTitle: {title}\r\nConsensus: WG consensus\r\nBody:\r\nThe LAMPS WG asks SA3 to review a draft.\r\n"
    )
}

fn correction(reference: &str, command: &str) -> String {
    format!(
        "From: Coordinator <{COORD}>\r\nTo: liaison@iab.example\r\nSubject: {reference}\r\n\
Message-ID: <fix-{reference}-{}@iab.example>\r\n\r\n{command}\r\n",
        command.len()
    )
}

impl Record {
    /// Builds the record and starts `liaisond run` with the web on a free port.
    pub fn start(page_size: u32) -> Record {
        let dir = tempfile::Builder::new()
            .prefix("web")
            .tempdir_in("/tmp")
            .unwrap()
            .keep();
        Directory::new()
            .person("chair@ietf.example", &["chair:lamps"])
            .person("ad1@ietf.example", &["ad:sec"])
            .person(COORD, &["coordinator"])
            .write(&dir.join("people.toml"));
        let [port] = free_ports().unwrap();
        Config::new()
            .database("liaisond.db")
            .identity(BOT, &[CENTRAL], SUBMIT)
            .mailbox(Mailbox::maildir("local", "maildir"))
            .outgoing(Outgoing::file("outbox"))
            .directory("people.toml")
            .coordinators(&[COORD])
            .approval(Approval::new().check_interval_secs(0.2))
            // No resolver to ask here: the coordinator proves their mailbox instead.
            .authentication(Authentication {
                dkim: Some(false),
                ..Authentication::default()
            })
            .web(&format!("127.0.0.1:{port}"), page_size)
            .write(&dir.join("liaisond.toml"));
        let mut r = Record {
            dir,
            base: format!("http://127.0.0.1:{port}"),
            refs: HashMap::new(),
            child: None,
        };
        let lamps =
            "From: 3GPP TSG SA WG3\r\nSend Reply To: sa3-ls@3gpp.example\r\nTo: IETF LAMPS WG";
        r.ingest(
            "action",
            &incoming(
                1,
                &format!("{lamps}\r\nPurpose: For Action\r\nDeadline: 2020-01-15\r\nTitle: LS on certificate profiles"),
                "Please review the wombat profile.",
                &(part("notes.txt", "text/plain", "The kangaroo clause applies.")
                    + &part("../../evil.html", "text/html", EVIL_HTML)),
            ),
        );
        r.ingest(
            "markup",
            &incoming(
                2,
                &format!("From: ITU-T Study Group 15\r\nTo: IETF CCAMP WG\r\nPurpose: For Information\r\nTitle: {MARKUP_TITLE}"),
                "<img src=x onerror=\"document.title='pwned'\"> <a href=\"javascript:alert(1)\">click</a>",
                "",
            ),
        );
        r.ingest(
            "coming",
            &incoming(
                3,
                &format!("{lamps}\r\nPurpose: For Action\r\nDeadline: 2099-06-30\r\nTitle: LS on time synchronisation"),
                "Please comment on the platypus clock.",
                "",
            ),
        );
        r.ingest(
            "answer",
            &incoming(
                4,
                &format!("{lamps}\r\nPurpose: In Response\r\nTitle: Reply on certificate profiles"),
                "Thank you.",
                "",
            ),
        );
        r.ingest("unsure", UNSURE);
        let question = r.cli_file("ingest", "question", QUESTION);
        assert!(
            question.contains("archived only (correspondence)"),
            "{question}"
        );
        let (action, answer, markup) = (
            r.refs["action"].clone(),
            r.refs["answer"].clone(),
            r.refs["markup"].clone(),
        );
        r.cli_file(
            "ingest",
            "fix1",
            &correction(&action, &format!("responded {answer}")),
        );
        r.confirm(&action);
        r.cli_file("ingest", "fix2", &correction(&markup, "close"));
        r.confirm(&markup);
        r.submit("pending", &submission(1, "LS awaiting approval"));
        r.submit(
            "outgoing",
            &submission(2, "LS on LAMPS certificate profiles"),
        );
        // The approver answers the confirmation, as a mail client would.
        let confirmation = std::fs::read_dir(r.dir.join("outbox"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .find(|m| m.contains("To: <ad1@ietf.example>") && m.contains(&r.refs["outgoing"]))
            .expect("a confirmation to the AD");
        let token = confirmation
            .lines()
            .find_map(|l| l.strip_prefix("Reply-To: "))
            .unwrap()
            .trim_matches(['<', '>', ' '])
            .to_string();
        r.cli_file(
            "ingest",
            "approve",
            &format!(
                "From: AD <ad1@ietf.example>\r\nTo: {token}\r\nSubject: Re: approval\r\nMessage-ID: <ok@ietf.example>\r\n\r\napprove\r\n"
            ),
        );
        r.spawn();
        r
    }

    /// The coordinator answers "confirm" to the confirmation their (unsigned)
    /// correction of `reference` was answered with, as a mail client would.
    fn confirm(&self, reference: &str) {
        let ask = std::fs::read_dir(self.dir.join("outbox"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .find(|m| {
                m.contains(&format!("[{reference}] Please confirm")) && !m.contains("confirmed")
            })
            .expect("a confirmation to the coordinator");
        let token = ask
            .lines()
            .find_map(|l| l.strip_prefix("Reply-To: "))
            .unwrap()
            .trim_matches(['<', '>', ' '])
            .to_string();
        let answer = format!(
            "From: Coordinator <{COORD}>\r\nTo: {token}\r\nSubject: Re: confirm\r\nMessage-ID: <ok-{reference}@iab.example>\r\n\r\nconfirm\r\n"
        );
        self.cli_file("ingest", &format!("confirm-{reference}"), &answer);
    }

    fn cli_file(&self, command: &str, name: &str, mail: &str) -> String {
        let file = self.dir.join(format!("{name}.eml"));
        std::fs::write(&file, mail).unwrap();
        let out = Command::new(BIN)
            .args(["--config", "liaisond.toml", command])
            .arg(&file)
            .current_dir(&self.dir)
            .env_remove("RUST_LOG")
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

    /// The first reference (`LS-YYYY-NNNN`) in a command's output.
    pub fn reference_in(text: &str) -> String {
        let at = text
            .find("LS-")
            .unwrap_or_else(|| panic!("no reference in {text}"));
        text[at..at + 12].to_string()
    }

    fn ingest(&mut self, name: &'static str, mail: &str) {
        let out = self.cli_file("ingest", name, mail);
        self.refs.insert(name, Self::reference_in(&out));
    }

    fn submit(&mut self, name: &'static str, mail: &str) {
        let out = self.cli_file("submit", name, mail);
        assert!(!out.contains("not submitted"), "{out}");
        self.refs.insert(name, Self::reference_in(&out));
    }

    fn spawn(&mut self) {
        let log = std::fs::File::create(self.dir.join("run.log")).unwrap();
        let child = Command::new(BIN)
            .args(["--config", "liaisond.toml", "run"])
            .current_dir(&self.dir)
            .env("RUST_LOG", "liaisond=info")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
        let addr = self.base.trim_start_matches("http://").to_string();
        let up = wait(Duration::from_secs(20), || {
            std::net::TcpStream::connect(&addr).is_ok()
        });
        assert!(up, "the web server did not come up:\n{}", self.log());
        // The approved statement turns "sent" once its relay went out.
        let sent = wait(Duration::from_secs(20), || {
            let out = Command::new(BIN)
                .args([
                    "--config",
                    "liaisond.toml",
                    "show",
                    &self.refs["outgoing"],
                    "--json",
                ])
                .current_dir(&self.dir)
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).contains("\"state\": \"sent\"")
        });
        assert!(sent, "the approved statement was not sent:\n{}", self.log());
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("run.log")).unwrap_or_default()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Record {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
