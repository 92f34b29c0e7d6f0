//! Deadlines kept, over real Postfix and Dovecot, with liaisond's clock run
//! fast: reminders reach the chairs' IMAP inboxes at the right simulated
//! times, a restart repeats none, and they stop once a response is linked.
//! Responses are linked by threading, by quoted reference and Tdoc, and only
//! with a coordinator's confirmation by title or when the clues disagree.

use std::time::Duration;

use crate::support::config::{Approval, Config, Reminders};
use crate::support::daemon::{BOT, CENTRAL, Daemon, SUBMIT, stack_mailbox};
use crate::support::directory::{Directory, Group, MANAGER_3GPP as MANAGER, Organisation};
use crate::support::inbox::{subject, token_address, wait_for};
use crate::support::mailstack::{MailStack, StackOptions};
use mail_parser::MessageParser;

const OFFICER: &str = "officer@3gpp.example";
const SA3_LS: &str = "sa3-ls@3gpp.example";
const LAMPS: &str = "lamps-chairs@ietf.example";
const AD1: &str = "ad1@ietf.example";
const COORD: &str = "coord@iab.example";

const USERS: &[&str] = &[
    CENTRAL, BOT, SUBMIT, OFFICER, SA3_LS, LAMPS, MANAGER, AD1, COORD,
];

/// Half a simulated day per real second.
const SPEED: f64 = 43_200.0;

fn config(stack: &MailStack) -> Config {
    let file = stack.dir.join("directory.toml");
    Directory::new()
        .organisation(Organisation::three_gpp())
        .group(Group::ietf_wg("IETF LAMPS WG", "lamps", "sec", LAMPS))
        .person(LAMPS, &["chair:lamps"])
        .person(AD1, &["ad:sec"])
        .person(COORD, &["coordinator"])
        .write(&file);
    Config::new()
        .mailbox(stack_mailbox(stack, "bot", BOT))
        .mailbox(stack_mailbox(stack, "submissions", SUBMIT))
        .directory(file)
        .coordinators(&[COORD])
        .approval(Approval::new().check_interval_secs(0.2))
        .reminders(
            Reminders::new()
                .check_interval_secs(0.2)
                .weekly_digest(false),
        )
}

/// A 3GPP LS for action, Tdoc S3-261234, in the 3GPP template.
fn for_action() -> Vec<u8> {
    format!(
        "From: SA3 Officer <{OFFICER}>\r\nTo: {CENTRAL}\r\nSubject: LS on certificate profiles for 5G\r\n\
Message-ID: <s3-261234@3gpp.example>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\n\
3GPP TSG-SA WG3 Meeting #124          S3-261234\r\nDallas, US, 2 - 6 November 2026\r\n\r\n\
Title:\tLS on certificate profiles for 5G\r\nRelease:\tRel-19\r\nWork Item:\tSCAS\r\nSource:\tSA3\r\nTo:\tIETF LAMPS WG\r\n\
Contact Person:\r\nName:\tJane Officer\r\nE-mail Address:\t{OFFICER}\r\nSend any reply LS to:\t3GPP Liaisons Coordinator, mailto:{SA3_LS}\r\n\
Deadline:\t1 December 2026\r\n\r\n1. Overall Description:\r\nSA3 asks LAMPS to review its certificate profile.\r\n\r\n\
2. Actions:\r\nTo IETF LAMPS WG.\r\nACTION: SA3 asks LAMPS to review the profile and respond by 1 December 2026.\r\n\r\n\
3. Date of Next TSG-SA WG3 Meetings:\r\nSA3#125  2 - 6 February 2027\r\n"
    )
    .into_bytes()
}

/// The stack publishes the test domains' DKIM keys: submissions come signed.
fn dkim() -> StackOptions {
    StackOptions {
        dkim: true,
        ..StackOptions::default()
    }
}

async fn reminders(stack: &MailStack) -> Vec<Vec<u8>> {
    stack
        .fetch_all(LAMPS, "INBOX")
        .await
        .unwrap()
        .into_iter()
        .filter(|m| subject(m).starts_with("Reminder:"))
        .collect()
}

async fn kinds(d: &Daemon, event: &str) -> Vec<String> {
    let store = liaisond::store::Store::open(&d.db()).await.unwrap();
    let details: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM events WHERE kind = ? ORDER BY id")
            .bind(event)
            .fetch_all(store.pool())
            .await
            .unwrap();
    details
        .iter()
        .map(|d| {
            serde_json::from_str::<serde_json::Value>(d).unwrap()["kind"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

fn reply(from: &str, to: &str, text: &str, about: &[u8]) -> Vec<u8> {
    let m = MessageParser::default().parse(about).unwrap();
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: Re: {}\r\nIn-Reply-To: <{}>\r\n\r\n{text}\r\n",
        m.subject().unwrap_or(""),
        m.message_id().unwrap_or("")
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread")]
async fn reminders_come_on_time_survive_a_restart_and_stop_once_answered() {
    let stack = MailStack::start_with(USERS, dkim()).unwrap();
    let extra = config(&stack);
    let mut d = Daemon::start(&stack, extra);
    // Simulated time: from 16 November; the 14-day reminder is due at the end of 17 November.
    d.stop();
    d.spawn(&[
        ("LIAISOND_CLOCK__START", "2026-11-16T12:00:00Z"),
        ("LIAISOND_CLOCK__SPEED", &SPEED.to_string()),
    ]);
    stack
        .send_smtp(OFFICER, &[CENTRAL], &for_action())
        .await
        .unwrap();
    wait_for(&stack, &d, LAMPS, "for IETF LAMPS WG").await;
    let s = &d.statements()[0];
    assert_eq!(s["purpose"], "for_action");
    assert_eq!(s["deadline"], "2026-12-01");
    assert!(reminders(&stack).await.is_empty(), "none before its time");

    let first = wait_for(&stack, &d, LAMPS, "Reminder:").await;
    let text = String::from_utf8_lossy(&first);
    assert!(
        text.contains("As of 2026-11-18"),
        "sent when the 14-day mark passed: {text}"
    );
    assert!(text.contains("is due on 2026-12-01"));
    let manager = wait_for(&stack, &d, MANAGER, "Reminder:").await;
    assert_eq!(
        subject(&manager),
        subject(&first),
        "the liaison manager is reminded too"
    );

    // Restart between two reminders: simulated time goes on from 24 November.
    d.stop();
    d.spawn(&[
        ("LIAISOND_CLOCK__START", "2026-11-24T12:00:00Z"),
        ("LIAISOND_CLOCK__SPEED", &SPEED.to_string()),
    ]);
    for _ in 0..100 {
        if reminders(&stack).await.len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        kinds(&d, "reminder").await,
        vec!["before-14d", "before-7d"],
        "none repeated\n{}",
        d.logs()
    );

    // The chairs answer through liaisond, quoting the Tdoc; the AD approves; it is sent.
    let answer = format!(
        "From: {LAMPS}\r\nTo: {SUBMIT}\r\nSubject: Reply LS\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\nMessage-ID: <reply-ls@ietf.example>\r\n\r\nFrom: IETF LAMPS WG\r\nFrom-Contact: {LAMPS}\r\nTo: 3GPP TSG SA WG3\r\n\
Send To: {SA3_LS}\r\nPurpose: In Response\r\nIn Response To: S3-261234\r\nTitle: Reply LS on certificate profiles for 5G\r\n\
Consensus: WG consensus\r\nBody:\r\nLAMPS reviewed the profile.\r\n"
    );
    stack
        .send_signed(LAMPS, &[SUBMIT], answer.as_bytes(), "ietf.example")
        .await
        .unwrap();
    let confirmation = wait_for(&stack, &d, AD1, "Approval needed").await;
    let t = token_address(&confirmation);
    stack
        .send_smtp(AD1, &[&t], &reply(AD1, &t, "approve", &confirmation))
        .await
        .unwrap();
    wait_for(&stack, &d, SA3_LS, "Liaison statement LS-").await;
    for _ in 0..100 {
        if d.statements().iter().any(|s| s["state"] == "responded") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let incoming = d
        .statements()
        .into_iter()
        .find(|s| s["direction"] == "incoming")
        .unwrap();
    assert_eq!(incoming["state"], "responded", "linked by its Tdoc");
    let show = d.cli(&["show", incoming["reference"].as_str().unwrap()]);
    assert!(
        show.contains("answered by LS-") && show.contains("by reference"),
        "{show}"
    );

    // Simulated time passes the last reminder and the deadline: nothing more.
    let before = kinds(&d, "reminder").await.len();
    tokio::time::sleep(Duration::from_secs(16)).await;
    assert_eq!(
        kinds(&d, "reminder").await.len(),
        before,
        "no reminders after the response\n{}",
        d.logs()
    );
    assert!(reminders(&stack).await.len() <= 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn responses_are_linked_by_threading_and_reference_but_not_silently_on_doubt() {
    let stack = MailStack::start_with(USERS, dkim()).unwrap();
    let d = Daemon::start(&stack, config(&stack));
    // Two IETF statements sent to SA3.
    let mut relays = Vec::new();
    for title in ["LS on certificate profiles", "LS on OCSP stapling"] {
        let mail = format!(
            "From: {LAMPS}\r\nTo: {SUBMIT}\r\nSubject: {title}\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\nMessage-ID: <{}@ietf.example>\r\n\r\nFrom: IETF LAMPS WG\r\nTo: 3GPP TSG SA WG3\r\nSend To: {SA3_LS}\r\n\
Purpose: For Action\r\nDeadline: 2099-01-01\r\nTitle: {title}\r\nConsensus: WG consensus\r\nBody:\r\nPlease review.\r\n",
            title.replace(' ', "-")
        );
        stack
            .send_signed(LAMPS, &[SUBMIT], mail.as_bytes(), "ietf.example")
            .await
            .unwrap();
        let confirmation = wait_for(&stack, &d, AD1, title).await;
        let t = token_address(&confirmation);
        stack
            .send_smtp(AD1, &[&t], &reply(AD1, &t, "approve", &confirmation))
            .await
            .unwrap();
        relays.push(wait_for(&stack, &d, SA3_LS, title).await);
    }
    let refs: Vec<String> = {
        let mut all: Vec<String> = d
            .statements()
            .iter()
            .map(|s| s["reference"].as_str().unwrap().to_string())
            .collect();
        all.sort();
        all
    };
    let response = |subject: &str, in_reply_to: Option<&[u8]>, response_to: &str, title: &str| {
        let threading = in_reply_to
            .map(|r| {
                format!(
                    "In-Reply-To: <{}>\r\n",
                    MessageParser::default()
                        .parse(r)
                        .unwrap()
                        .message_id()
                        .unwrap()
                )
            })
            .unwrap_or_default();
        format!(
            "From: {OFFICER}\r\nTo: {CENTRAL}\r\nSubject: {subject}\r\n{threading}\r\nFrom: 3GPP TSG SA WG3\r\nTo: IETF LAMPS WG\r\n\
Purpose: In Response\r\n{response_to}Title: {title}\r\nBody:\r\nSA3's answer.\r\n"
        )
    };
    // 1. Threading alone: a reply to the first relay.
    stack
        .send_smtp(
            OFFICER,
            &[CENTRAL],
            response("Re: LS", Some(&relays[0]), "", "Reply 1").as_bytes(),
        )
        .await
        .unwrap();
    // 2. A quoted reference alone: the second.
    let quote = format!("Response to: {}\r\n", refs[1]);
    stack
        .send_smtp(
            OFFICER,
            &[CENTRAL],
            response("SA3 reply", None, &quote, "Reply 2").as_bytes(),
        )
        .await
        .unwrap();
    // 3. Threading to the first but quoting the second: not linked silently.
    stack
        .send_smtp(
            OFFICER,
            &[CENTRAL],
            response("Re: LS", Some(&relays[0]), &quote, "Reply 3").as_bytes(),
        )
        .await
        .unwrap();
    // 4. Nothing but a similar title: a coordinator must confirm.
    stack
        .send_smtp(
            OFFICER,
            &[CENTRAL],
            response("Reply", None, "", "Reply LS on OCSP stapling").as_bytes(),
        )
        .await
        .unwrap();
    for _ in 0..100 {
        if d.statements()
            .iter()
            .filter(|s| s["direction"] == "incoming")
            .count()
            == 4
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let store = liaisond::store::Store::open(&d.db()).await.unwrap();
    let links: Vec<(String, String, String, bool)> = sqlx::query_as(
        "SELECT r.title, a.reference, l.method, l.confirmed FROM statement_links l
         JOIN statements r ON r.id = l.response_id JOIN statements a ON a.id = l.answers_id ORDER BY r.id, a.id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let has = |title: &str, reference: &str, method: &str, confirmed: bool| {
        links
            .iter()
            .any(|l| l.0 == title && l.1 == reference && l.2 == method && l.3 == confirmed)
    };
    assert!(has("Reply 1", &refs[0], "in-reply-to", true), "{links:?}");
    assert!(has("Reply 2", &refs[1], "reference", true), "{links:?}");
    assert!(
        has("Reply 3", &refs[0], "in-reply-to", false)
            && has("Reply 3", &refs[1], "reference", false),
        "{links:?}"
    );
    assert!(
        has("Reply LS on OCSP stapling", &refs[1], "title", false),
        "{links:?}"
    );
    let all = d.statements();
    let get = |title: &str| all.iter().find(|s| s["title"] == title).unwrap().clone();
    let review = d.cli(&["show", get("Reply 3")["reference"].as_str().unwrap()]);
    assert!(
        review.contains("replies to") && review.contains("but quotes"),
        "{review}"
    );
    let review = d.cli(&[
        "show",
        get("Reply LS on OCSP stapling")["reference"]
            .as_str()
            .unwrap(),
    ]);
    assert!(review.contains("similar title"), "{review}");
    // Both IETF statements are answered (by replies 1 and 2), not by the doubtful ones alone.
    for r in &refs {
        let s = all.iter().find(|s| s["reference"] == r.as_str()).unwrap();
        assert_eq!(s["state"], "responded", "{r}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn coordinators_get_a_weekly_digest_of_open_actions_once_a_week() {
    let stack = MailStack::start_with(USERS, dkim()).unwrap();
    let mut d = Daemon::start(&stack, config(&stack));
    stack
        .send_smtp(OFFICER, &[CENTRAL], &for_action())
        .await
        .unwrap();
    wait_for(&stack, &d, LAMPS, "for IETF LAMPS WG").await;
    let reference = d.statements()[0]["reference"].as_str().unwrap().to_string();
    d.stop();
    // On a Monday, with the digest on.
    let monday = [
        ("LIAISOND_CLOCK__START", "2026-11-23T08:00:00Z"),
        ("LIAISOND_REMINDERS__WEEKLY_DIGEST", "true"),
    ];
    d.spawn(&monday);
    let digest = wait_for(&stack, &d, COORD, "Open liaison actions").await;
    assert!(
        subject(&digest).contains("2026-W48"),
        "{}",
        subject(&digest)
    );
    let text = String::from_utf8_lossy(&digest);
    assert!(
        text.contains(&reference) && text.contains("due 2026-12-01"),
        "{text}"
    );
    d.stop();
    d.spawn(&monday);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let digests = stack
        .fetch_all(COORD, "INBOX")
        .await
        .unwrap()
        .into_iter()
        .filter(|m| subject(m).contains("Open liaison actions"))
        .count();
    assert_eq!(digests, 1, "once a week; a restart adds none");
}
