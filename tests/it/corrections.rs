//! Misdirected and forwarded statements, distribution, and coordinators'
//! corrections by mail, over real Postfix and Dovecot.

use std::time::Duration;

use crate::support::config::Config;
use crate::support::daemon::{CENTRAL, Daemon};
use crate::support::directory::{Directory, Group, MANAGER_3GPP as MANAGER, Organisation};
use crate::support::inbox::{inbox, subject, wait_for};
use crate::support::mailstack::{MailStack, StackOptions};

const COORD: &str = "coord@iab.example";
const OFFICER: &str = "officer@3gpp.example";
const SA3_LS: &str = "sa3-ls@3gpp.example";
const LAMPS: &str = "lamps-chairs@ietf.example";
const OPSAWG: &str = "opsawg-chairs@ietf.example";
const CCAMP: &str = "ccamp-chairs@ietf.example";
const TEAS: &str = "teas-chairs@ietf.example";
const MALLORY: &str = "mallory@ietf.example";
const PASSERBY: &str = "participant@ietf.example";

const USERS: &[&str] = &[
    CENTRAL,
    "liaison-bot@iab.example",
    "liaison-submit@iab.example",
    COORD,
    OFFICER,
    SA3_LS,
    LAMPS,
    OPSAWG,
    CCAMP,
    TEAS,
    MANAGER,
    MALLORY,
    PASSERBY,
];

/// A stack whose DNS publishes the test domains' DKIM keys, which the daemon checks.
fn stack() -> MailStack {
    let dkim = StackOptions {
        dkim: true,
        ..StackOptions::default()
    };
    MailStack::start_with(USERS, dkim).unwrap()
}

fn start(stack: &MailStack) -> Daemon {
    let file = stack.dir.join("directory.toml");
    Directory::new()
        .organisation(Organisation::three_gpp())
        .group(Group::ietf_wg("IETF LAMPS WG", "lamps", "sec", LAMPS))
        .group(Group::ietf_wg("IETF OPSAWG WG", "opsawg", "ops", OPSAWG))
        .group(Group::ietf_wg("IETF CCAMP WG", "ccamp", "rtg", CCAMP))
        .group(Group::ietf_wg("IETF TEAS WG", "teas", "rtg", TEAS))
        .person(COORD, &["coordinator"])
        .person(LAMPS, &["chair:lamps"])
        .write(&file);
    Daemon::start(stack, Config::new().directory(file))
}

/// The statement as the 3GPP officer mails it.
fn statement(n: u32) -> String {
    format!(
        "From: SA3 Officer <{OFFICER}>\r\nTo: {LAMPS}\r\nSubject: LS on certificate topic {n}\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n\
Message-ID: <ls-{n}@3gpp.example>\r\n\r\nFrom: 3GPP TSG SA WG3\r\nSend Reply To: {SA3_LS}\r\nTo: IETF LAMPS WG\r\n\
Purpose: For Information\r\nTitle: LS on certificate topic {n}\r\nBody:\r\nSA3 informs LAMPS about topic {n}.\r\n"
    )
}

async fn events(d: &Daemon, kind: &str) -> Vec<(Option<String>, String)> {
    let store = liaisond::store::Store::open(&d.db()).await.unwrap();
    sqlx::query_as("SELECT actor, detail FROM events WHERE kind = ? ORDER BY id")
        .bind(kind)
        .fetch_all(store.pool())
        .await
        .unwrap()
}

fn forward(shape: &str, n: u32) -> Vec<u8> {
    let original = statement(n);
    let (head, body) = original.split_once("\r\n\r\n").unwrap();
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap()
            .to_string()
    };
    let block = match shape {
        "gmail" => format!(
            "---------- Forwarded message ---------\r\nFrom: {}\r\nDate: Mon, Mar 2, 2026 at 10:00 AM\r\nSubject: {}\r\nTo: <{LAMPS}>\r\n",
            header("From"),
            header("Subject")
        ),
        "outlook" => format!(
            "________________________________\r\nFrom: {}\r\nSent: Monday, March 2, 2026 10:00 AM\r\nTo: {LAMPS}\r\nSubject: {}\r\n",
            header("From"),
            header("Subject")
        ),
        "thunderbird" => format!(
            "-------- Forwarded Message --------\r\nSubject: {}\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nFrom: {}\r\nTo: {LAMPS}\r\n",
            header("Subject"),
            header("From")
        ),
        "apple" => format!(
            "Begin forwarded message:\r\n\r\nFrom: {}\r\nSubject: {}\r\nDate: March 2, 2026 at 10:00:00 GMT+1\r\nTo: {LAMPS}\r\n",
            header("From"),
            header("Subject")
        ),
        _ => unreachable!(),
    };
    format!(
        "From: Coordinator <{COORD}>\r\nTo: {CENTRAL}\r\nSubject: Fwd: {}\r\nMessage-ID: <fwd-{shape}-{n}@iab.example>\r\n\r\n\
This reached the LAMPS chairs directly; please record it.\r\n\r\n{block}\r\n{body}",
        header("Subject")
    )
    .into_bytes()
}

fn attached(from: &str, inner: &str, n: &str) -> String {
    format!(
        "From: {from}\r\nTo: {CENTRAL}\r\nSubject: Fwd: LS\r\nMessage-ID: <att-{n}@ietf.example>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=F{n}\r\n\r\n--F{n}\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n\
--F{n}\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n{inner}\r\n--F{n}--\r\n"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn every_forward_shape_records_the_original_not_the_forwarder() {
    let stack = stack();
    let d = start(&stack);
    let shapes = ["gmail", "outlook", "thunderbird", "apple"];
    for (i, shape) in shapes.iter().enumerate() {
        stack
            .send_smtp(COORD, &[CENTRAL], &forward(shape, i as u32 + 1))
            .await
            .unwrap();
    }
    // As a message/rfc822 attachment, and forwarded twice (an AD forwarded the coordinator's forward).
    stack
        .send_smtp(
            COORD,
            &[CENTRAL],
            attached(COORD, &statement(5), "a").as_bytes(),
        )
        .await
        .unwrap();
    let twice = attached(
        COORD,
        &attached("lamps-chairs@ietf.example", &statement(6), "b"),
        "c",
    );
    stack
        .send_smtp(COORD, &[CENTRAL], twice.as_bytes())
        .await
        .unwrap();

    for n in 1..=6 {
        let confirmation = wait_for(&stack, &d, COORD, &format!("certificate topic {n}")).await;
        assert!(
            subject(&confirmation).starts_with("Recorded: LS-"),
            "{}",
            subject(&confirmation)
        );
    }
    let all = d.statements();
    assert_eq!(all.len(), 6, "{all:?}");
    for s in &all {
        assert_eq!(s["from_groups"][0], "3GPP TSG SA WG3");
        assert!(
            s["from_contacts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == OFFICER),
            "the original sender, not the forwarder: {s}"
        );
        assert!(
            !s["from_contacts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == COORD)
        );
        assert!(
            s["title"]
                .as_str()
                .unwrap()
                .starts_with("LS on certificate topic")
        );
    }
    // The original's Send Reply To is acknowledged, six times.
    for _ in 0..100 {
        if inbox(&stack, SA3_LS).await.len() >= 6 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let acks = inbox(&stack, SA3_LS).await;
    assert_eq!(acks.len(), 6);
    assert!(
        acks.iter()
            .all(|a| subject(a).starts_with("Liaison statement received"))
    );
    let recorded = events(&d, "recorded").await;
    assert!(
        recorded
            .iter()
            .all(|(_, detail)| detail.contains(r#""forwarded_by":"coord@iab.example""#)),
        "{recorded:?}"
    );
    // The rfc822 forward kept the original Message-ID.
    assert!(all.iter().any(|s| s["message_id"] == "ls-5@3gpp.example"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_statement_directly_and_forwarded_is_one_record_with_both_receipts() {
    let stack = stack();
    let d = start(&stack);
    stack
        .send_smtp(OFFICER, &[CENTRAL], statement(1).as_bytes())
        .await
        .unwrap();
    wait_for(&stack, &d, OFFICER, "Liaison statement received").await;
    // Forwarded inline (no Message-ID survives) and as an attachment (it does).
    stack
        .send_smtp(COORD, &[CENTRAL], &forward("gmail", 1))
        .await
        .unwrap();
    stack
        .send_smtp(
            COORD,
            &[CENTRAL],
            attached(COORD, &statement(1), "d").as_bytes(),
        )
        .await
        .unwrap();
    for _ in 0..100 {
        if events(&d, "received_again").await.len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(d.statements().len(), 1, "one record");
    assert_eq!(
        events(&d, "received_again").await.len(),
        2,
        "both receipts in its history\n{}",
        d.logs()
    );
    let note = wait_for(&stack, &d, COORD, "Recorded").await;
    assert!(String::from_utf8_lossy(&note).contains("already recorded"));
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(inbox(&stack, OFFICER).await.len(), 1, "acknowledged once");
    // Distributed once to the LAMPS chairs, the liaison manager in copy.
    let lamps: Vec<Vec<u8>> = inbox(&stack, LAMPS)
        .await
        .into_iter()
        .filter(|m| subject(m).contains("for IETF LAMPS WG"))
        .collect();
    assert_eq!(lamps.len(), 1);
    assert!(String::from_utf8_lossy(&lamps[0]).contains(&format!("Cc: <{MANAGER}>")));
    assert_eq!(inbox(&stack, MANAGER).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_forward_from_someone_without_a_role_is_ordinary_mail() {
    let stack = stack();
    let d = start(&stack);
    let mail = String::from_utf8(forward("gmail", 1)).unwrap().replace(
        &format!("From: Coordinator <{COORD}>"),
        &format!("From: {PASSERBY}"),
    );
    stack
        .send_smtp(PASSERBY, &[CENTRAL], mail.as_bytes())
        .await
        .unwrap();
    wait_for(&stack, &d, PASSERBY, "Liaison statement received").await;
    let s = &d.statements()[0];
    assert!(
        s["from_contacts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == PASSERBY),
        "{s}"
    );
    assert!(
        events(&d, "recorded").await[0]
            .1
            .contains(r#""forwarded_by":null"#)
    );
}

async fn record_one(stack: &MailStack, d: &Daemon) -> String {
    stack
        .send_smtp(OFFICER, &[CENTRAL], statement(1).as_bytes())
        .await
        .unwrap();
    wait_for(stack, d, LAMPS, "for IETF LAMPS WG").await;
    d.statements()[0]["reference"].as_str().unwrap().to_string()
}

fn commands(from: &str, reference: &str, lines: &str) -> Vec<u8> {
    format!("From: {from}\r\nTo: {CENTRAL}\r\nSubject: Re: {reference}\r\nDate: Mon, 30 Nov 2026 11:00:00 +0000\r\nMessage-ID: <cmd.{}@iab.example>\r\n\r\n{lines}\r\n\r\n-- \r\nIAB liaison coordination\r\n", lines.len())
        .into_bytes()
}

/// Commands as a role holder's mail system sends them: signed by their domain.
fn signed_commands(stack: &MailStack, from: &str, reference: &str, lines: &str) -> Vec<u8> {
    let domain = from.rsplit('@').next().unwrap();
    stack.keys().sign(&commands(from, reference, lines), domain)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_reaches_the_new_group_and_tells_the_old_one() {
    let stack = stack();
    let d = start(&stack);
    let reference = record_one(&stack, &d).await;
    stack
        .send_smtp(
            COORD,
            &[CENTRAL],
            &signed_commands(&stack, COORD, &reference, "redirect opsawg"),
        )
        .await
        .unwrap();
    let new = wait_for(&stack, &d, OPSAWG, "for IETF OPSAWG WG").await;
    let new = String::from_utf8_lossy(&new)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(new.contains("redirected to IETF OPSAWG WG"), "{new}");
    let old = wait_for(&stack, &d, LAMPS, "redirected away").await;
    let old = String::from_utf8_lossy(&old)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(old.contains("Nothing more is needed"), "{old}");
    let answer = wait_for(&stack, &d, COORD, &reference).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.contains("redirected to IETF OPSAWG WG")
            && text.contains("To:                  IETF OPSAWG WG"),
        "{text}"
    );
    assert_eq!(
        d.statements()[0]["to_groups"],
        serde_json::json!(["IETF OPSAWG WG"])
    );
    let redirected = events(&d, "redirected").await;
    assert_eq!(redirected.len(), 1);
    assert_eq!(
        redirected[0].0.as_deref(),
        Some(COORD),
        "the actor is recorded"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_command_applies_and_a_second_correction_adds_its_own_events() {
    let stack = stack();
    let d = start(&stack);
    stack
        .send_smtp(OFFICER, &[CENTRAL], statement(2).as_bytes())
        .await
        .unwrap();
    let reference = record_one(&stack, &d).await;
    let other = d
        .statements()
        .iter()
        .map(|s| s["reference"].as_str().unwrap().to_string())
        .find(|r| *r != reference)
        .unwrap();
    let first = "purpose: for action\ndeadline: 2026-12-01\nto: ccamp, teas\nfrom-contact: New Officer <new@3gpp.example>\ntitle: LS on certificate topic 1 (corrected)\nnote: checked with the SA3 chair";
    stack
        .send_smtp(
            COORD,
            &[CENTRAL],
            &signed_commands(&stack, COORD, &reference, first),
        )
        .await
        .unwrap();
    wait_for(&stack, &d, COORD, &reference).await;
    let s = d
        .statements()
        .into_iter()
        .find(|s| s["reference"] == reference.as_str())
        .unwrap();
    assert_eq!(s["purpose"], "for_action");
    assert_eq!(s["deadline"], "2026-12-01");
    assert_eq!(
        s["to_groups"],
        serde_json::json!(["IETF CCAMP WG", "IETF TEAS WG"])
    );
    assert_eq!(s["from_contacts"], serde_json::json!(["new@3gpp.example"]));
    assert_eq!(s["title"], "LS on certificate topic 1 (corrected)");
    assert_eq!(events(&d, "corrected").await.len(), 5);
    assert_eq!(events(&d, "note").await.len(), 1);

    // A second correction, by the LAMPS chair... who may not: it is no longer their group's.
    stack
        .send_smtp(
            LAMPS,
            &[CENTRAL],
            &signed_commands(&stack, LAMPS, &reference, "close"),
        )
        .await
        .unwrap();
    // The coordinator corrects again: both corrections stay in the history.
    let second = format!("deadline: 15 January 2027\nresponded {other}");
    stack
        .send_smtp(
            COORD,
            &[CENTRAL],
            &signed_commands(&stack, COORD, &reference, &second),
        )
        .await
        .unwrap();
    for _ in 0..100 {
        if events(&d, "responded").await.len() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let corrected = events(&d, "corrected").await;
    assert_eq!(corrected.len(), 6, "{corrected:?}");
    let deadlines: Vec<&String> = corrected
        .iter()
        .map(|(_, d)| d)
        .filter(|d| d.contains("\"deadline\""))
        .collect();
    assert_eq!(
        deadlines.len(),
        2,
        "both deadline changes are in the history"
    );
    assert!(
        deadlines[1].contains("2026-12-01") && deadlines[1].contains("2027-01-15"),
        "old and new: {}",
        deadlines[1]
    );
    let s = d
        .statements()
        .into_iter()
        .find(|s| s["reference"] == reference.as_str())
        .unwrap();
    assert_eq!(s["state"], "responded", "not closed by the chair");
    assert_eq!(events(&d, "commands_refused").await.len(), 1);

    // The same mail processed twice (here: ingested twice) changes nothing twice.
    let file = d.dir.join("close.eml");
    std::fs::write(&file, signed_commands(&stack, COORD, &reference, "close")).unwrap();
    let path = file.to_str().unwrap();
    d.cli(&["ingest", "--no-send", path]);
    d.cli(&["ingest", "--no-send", path]);
    assert_eq!(events(&d, "closed").await.len(), 1);
    let s = d
        .statements()
        .into_iter()
        .find(|s| s["reference"] == reference.as_str())
        .unwrap();
    assert_eq!(s["state"], "closed");
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_commands_and_unauthorised_senders_change_nothing() {
    let stack = stack();
    let d = start(&stack);
    let reference = record_one(&stack, &d).await;
    stack
        .send_smtp(
            COORD,
            &[CENTRAL],
            &signed_commands(&stack, COORD, &reference, "redirect opsawg\nplease hurry"),
        )
        .await
        .unwrap();
    let answer = wait_for(&stack, &d, COORD, &reference).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.contains("Nothing was changed")
            && text.contains("please hurry")
            && text.contains("redirect opsawg "),
        "{text}"
    );
    // Mallory holds no role: refused, recorded, and (unverified) not answered.
    stack
        .send_smtp(
            MALLORY,
            &[CENTRAL],
            &commands(MALLORY, &reference, "redirect opsawg"),
        )
        .await
        .unwrap();
    for _ in 0..100 {
        if events(&d, "commands_refused").await.len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(events(&d, "commands_refused").await.len(), 2);
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(inbox(&stack, MALLORY).await.is_empty(), "no backscatter");
    assert!(inbox(&stack, OPSAWG).await.is_empty(), "nothing redirected");
    assert_eq!(
        d.statements().len(),
        1,
        "the commands were not taken for a new statement"
    );
    assert_eq!(
        d.statements()[0]["to_groups"],
        serde_json::json!(["IETF LAMPS WG"])
    );
}
