//! Nothing changes, is sent or is published on a forged word (issue 12),
//! tried as an attacker would, over real Postfix and Dovecot, with DKIM keys
//! served by a real DNS server and, where the MTA's word is tested, OpenDKIM
//! and OpenDMARC as its milters. Each attack is answered by the legitimate
//! way of doing the same thing, which still works.

use std::time::Duration;

use crate::support::config::{Approval, Authentication, Config, Limits, Reminders};
use crate::support::daemon::{BOT, CENTRAL, Daemon, SUBMIT, stack_mailbox};
use crate::support::directory::{Directory, Group, MANAGER_3GPP as MANAGER, Organisation};
use crate::support::inbox::{
    header, inbox, subject, text, token_address, wait_for, wait_for_words,
};
use crate::support::mailstack::{MailStack, StackOptions, free_ports};

const COORD: &str = "coord@iab.example";
const OFFICER: &str = "officer@3gpp.example";
const LAMPS: &str = "lamps-chairs@ietf.example";
const OPSAWG: &str = "opsawg-chairs@ietf.example";
const CHAIR: &str = "chair@ietf.example";
const AD: &str = "ad1@ietf.example";
const SA3: &str = "sa3-ls@3gpp.example";
const MALLORY: &str = "mallory@attacker.example";
const VICTIM: &str = "victim@3gpp.example";

const USERS: &[&str] = &[
    CENTRAL, BOT, SUBMIT, COORD, OFFICER, LAMPS, OPSAWG, CHAIR, AD, SA3, MALLORY, VICTIM, MANAGER,
];

fn stack(milters: bool) -> MailStack {
    let options = StackOptions {
        dkim: true,
        milters,
        ..StackOptions::default()
    };
    MailStack::start_with(USERS, options).unwrap()
}

fn start(stack: &MailStack, extra: Config) -> Daemon {
    let file = stack.dir.join("directory.toml");
    Directory::new()
        .organisation(Organisation::three_gpp())
        .group(Group::ietf_wg("IETF LAMPS WG", "lamps", "sec", LAMPS))
        .group(Group::ietf_wg("IETF OPSAWG WG", "opsawg", "ops", OPSAWG))
        .person(COORD, &["coordinator"])
        .person(CHAIR, &["chair:lamps"])
        .person(AD, &["ad:sec"])
        .write(&file);
    let base = Config::new()
        .directory(file)
        .coordinators(&[COORD])
        .mailbox(stack_mailbox(stack, "submissions", SUBMIT).reconnect_max_secs(1.0))
        .mailbox(stack_mailbox(stack, "bot", BOT).reconnect_max_secs(1.0))
        .approval(Approval::new().check_interval_secs(0.3))
        .reminders(Reminders::new().weekly_digest(false));
    Daemon::start(stack, base.with(extra))
}

fn id() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// A mail as a mail client writes it.
fn mail(from: &str, to: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Mon, 30 Nov 2026 12:00:00 +0000\r\n\
Message-ID: <t.{}@example.org>\r\n\r\n{body}\r\n",
        id()
    )
    .into_bytes()
}

/// The 3GPP statement for LAMPS that the tests correct.
fn statement(title: &str, message_id: &str) -> Vec<u8> {
    format!(
        "From: SA3 Officer <{OFFICER}>\r\nTo: {CENTRAL}\r\nSubject: {title}\r\nDate: Mon, 30 Nov 2026 09:00:00 +0000\r\n\
Message-ID: <{message_id}>\r\n\r\nFrom: 3GPP TSG SA WG3\r\nSend Reply To: {SA3}\r\nTo: IETF LAMPS WG\r\n\
Purpose: For Information\r\nTitle: {title}\r\nBody:\r\nSA3 informs LAMPS.\r\n"
    )
    .into_bytes()
}

fn submission(from: &str) -> Vec<u8> {
    mail(
        from,
        SUBMIT,
        "Outgoing LS",
        "From: IETF LAMPS WG\r\nFrom-Contact: chair@ietf.example\r\nTo: 3GPP TSG SA WG3\r\n\
Send To: sa3-ls@3gpp.example\r\nPurpose: For Information\r\nTitle: LS on LAMPS profiles\r\n\
Consensus: WG consensus\r\nBody:\r\nLAMPS informs SA3.",
    )
}

async fn count(d: &Daemon, kind: &str) -> usize {
    let store = liaisond::store::Store::open(&d.db()).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE kind = ?")
        .bind(kind)
        .fetch_one(store.pool())
        .await
        .unwrap();
    n as usize
}

async fn wait_events(d: &Daemon, kind: &str, n: usize) {
    for _ in 0..150 {
        if count(d, kind).await >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("fewer than {n} {kind} events\n{}", d.logs());
}

/// What the mail system had time to do after the last step.
async fn settle() {
    tokio::time::sleep(Duration::from_secs(2)).await;
}

async fn record_one(stack: &MailStack, d: &Daemon) -> String {
    let raw = statement(
        "LS on certificate topic",
        &format!("ls.{}@3gpp.example", id()),
    );
    stack.send_smtp(OFFICER, &[CENTRAL], &raw).await.unwrap();
    wait_for(stack, d, LAMPS, "for IETF LAMPS WG").await;
    d.statements()[0]["reference"].as_str().unwrap().to_string()
}

fn the(d: &Daemon, reference: &str) -> serde_json::Value {
    d.statements()
        .into_iter()
        .find(|s| s["reference"] == reference)
        .unwrap()
}

/// An answer to one of liaisond's mails, from `from`, first line `first`.
fn answer(from: &str, to_mail: &[u8], first: &str) -> Vec<u8> {
    let to = token_address(to_mail);
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: Re: {}\r\nDate: Mon, 30 Nov 2026 12:30:00 +0000\r\nIn-Reply-To: {}\r\n\
Message-ID: <a.{}@example.org>\r\n\r\n{first}\r\n\r\nOn Mon, liaisond wrote:\r\n> confirm\r\n> approve\r\n",
        subject(to_mail),
        header(to_mail, "Message-ID"),
        id()
    )
    .into_bytes()
}

const EVERYTHING: &str = "redirect opsawg\r\npurpose: for action\r\ndeadline: 2027-03-01\r\n\
to: opsawg\r\nfrom-contact: mallory@attacker.example\r\nclose";

#[tokio::test(flavor = "multi_thread")]
async fn a_forged_coordinator_changes_nothing_and_the_coordinator_is_asked() {
    let stack = stack(true);
    let d = start(&stack, Config::new());
    let reference = record_one(&stack, &d).await;
    let before = the(&d, &reference);
    // Mallory writes in the coordinator's name, from her own server: the MTA says dmarc=fail.
    let forged = mail(COORD, CENTRAL, &format!("Re: {reference}"), EVERYTHING);
    stack.send_smtp(MALLORY, &[CENTRAL], &forged).await.unwrap();
    let ask = wait_for(&stack, &d, COORD, "Please confirm").await;
    assert!(text(&ask).contains("confirm"), "{}", text(&ask));
    settle().await;
    let after = the(&d, &reference);
    for field in ["state", "to_groups", "purpose", "deadline", "from_contacts"] {
        assert_eq!(
            after[field], before[field],
            "{field} changed on a forged word"
        );
    }
    assert!(inbox(&stack, OPSAWG).await.is_empty(), "nothing redirected");
    assert!(
        inbox(&stack, MALLORY).await.is_empty(),
        "no mail to the forger"
    );
    for kind in ["redirected", "corrected", "closed"] {
        assert_eq!(count(&d, kind).await, 0, "{kind}");
    }
    // Mallory cannot answer the confirmation: its token went to the coordinator only.
    // The coordinator, who sent nothing, ignores it: nothing ever changes.
    assert_eq!(
        inbox(&stack, COORD).await.len(),
        1,
        "one confirmation, nothing else"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unsigned_coordinator_confirms_from_their_mailbox_and_a_signed_one_needs_not() {
    let stack = stack(false);
    let d = start(&stack, Config::new());
    let reference = record_one(&stack, &d).await;
    // Unsigned: applied only once confirmed from the coordinator's own mailbox.
    let unsigned = mail(
        COORD,
        CENTRAL,
        &format!("Re: {reference}"),
        "purpose: for action\r\ndeadline: 2027-03-01",
    );
    stack.send_smtp(COORD, &[CENTRAL], &unsigned).await.unwrap();
    let ask = wait_for(&stack, &d, COORD, "Please confirm").await;
    settle().await;
    assert_eq!(the(&d, &reference)["purpose"], "for_information");
    // A forger who saw nothing sends "confirm" to a guessed token: refused.
    let guessed = format!("liaison-bot+{}@iab.example", "0f".repeat(20));
    let guess = mail(COORD, &guessed, "Re: Please confirm", "confirm");
    stack.send_smtp(MALLORY, &[&guessed], &guess).await.unwrap();
    // The coordinator confirms.
    let token = token_address(&ask);
    stack
        .send_smtp(COORD, &[&token], &answer(COORD, &ask, "Confirm - thanks!"))
        .await
        .unwrap();
    let done = wait_for(&stack, &d, COORD, &format!("Re: {reference}")).await;
    assert!(text(&done).contains("2027-03-01"), "{}", text(&done));
    let s = the(&d, &reference);
    assert_eq!(s["purpose"], "for_action");
    assert_eq!(s["deadline"], "2027-03-01");
    // Replayed: the token is spent.
    stack
        .send_smtp(COORD, &[&token], &answer(COORD, &ask, "confirm"))
        .await
        .unwrap();
    wait_events(&d, "confirmation_refused", 1).await;
    // Signed by the coordinator's domain: applied at once, no confirmation.
    let signed = stack.keys().sign(
        &mail(
            COORD,
            CENTRAL,
            &format!("Re: {reference}"),
            "redirect opsawg",
        ),
        "iab.example",
    );
    stack.send_smtp(COORD, &[CENTRAL], &signed).await.unwrap();
    wait_for(&stack, &d, OPSAWG, "for IETF OPSAWG WG").await;
    assert_eq!(count(&d, "confirmation_requested").await, 1);
    assert_eq!(count(&d, "approval_refused").await, 1, "the guessed token");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pending_statement_cannot_be_corrected_closed_or_published() {
    let stack = stack(false);
    let d = start(&stack, Config::new());
    let signed = stack.keys().sign(&submission(CHAIR), "ietf.example");
    stack.send_smtp(CHAIR, &[SUBMIT], &signed).await.unwrap();
    let request = wait_for(&stack, &d, AD, "Approval needed").await;
    let reference = d.statements()[0]["reference"].as_str().unwrap().to_string();
    // Even signed by a coordinator: a pending statement is what the approver saw.
    for commands in ["from-contact: mallory@attacker.example", "close"] {
        let m = mail(COORD, CENTRAL, &format!("Re: {reference}"), commands);
        let m = stack.keys().sign(&m, "iab.example");
        stack.send_smtp(COORD, &[CENTRAL], &m).await.unwrap();
    }
    wait_events(&d, "commands_refused", 2).await;
    // The refusal says why (its mail goes once the refusal is committed).
    wait_for_words(&stack, &d, COORD, "pending approval cannot be closed").await;
    assert_eq!(the(&d, &reference)["state"], "pending_approval");
    // The approver approves, as people write it; the relay has no stranger in copy.
    stack
        .send_smtp(
            AD,
            &[&token_address(&request)],
            &answer(AD, &request, "Approved, thanks!"),
        )
        .await
        .unwrap();
    let relayed = wait_for(&stack, &d, SA3, "LS on LAMPS profiles").await;
    assert!(
        !header(&relayed, "Cc").contains("mallory"),
        "{}",
        header(&relayed, "Cc")
    );
    // A rejected statement is not closed into the record either.
    let signed = stack.keys().sign(&submission(CHAIR), "ietf.example");
    stack.send_smtp(CHAIR, &[SUBMIT], &signed).await.unwrap();
    let second = loop {
        let all = inbox(&stack, AD).await;
        let requests: Vec<_> = all
            .into_iter()
            .filter(|m| subject(m).contains("Approval needed"))
            .collect();
        if requests.len() == 2 {
            break requests[1].clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    stack
        .send_smtp(
            AD,
            &[&token_address(&second)],
            &answer(AD, &second, "reject: not yet"),
        )
        .await
        .unwrap();
    wait_events(&d, "rejected", 1).await;
    let rejected = d
        .statements()
        .into_iter()
        .find(|s| s["state"] == "rejected")
        .unwrap();
    let r = rejected["reference"].as_str().unwrap();
    let m = stack.keys().sign(
        &mail(COORD, CENTRAL, &format!("Re: {r}"), "close"),
        "iab.example",
    );
    stack.send_smtp(COORD, &[CENTRAL], &m).await.unwrap();
    wait_events(&d, "commands_refused", 3).await;
    assert_eq!(the(&d, r)["state"], "rejected");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_forged_submission_in_a_chairs_name_is_not_filed() {
    let stack = stack(false);
    let d = start(&stack, Config::new());
    stack
        .send_smtp(MALLORY, &[SUBMIT], &submission(CHAIR))
        .await
        .unwrap();
    let ask = wait_for(&stack, &d, CHAIR, "Please confirm your submission").await;
    settle().await;
    assert!(d.statements().is_empty(), "nothing filed");
    assert!(inbox(&stack, AD).await.is_empty(), "no approver asked");
    assert!(inbox(&stack, MALLORY).await.is_empty());
    // The chair, had it been theirs, confirms: then it is filed and the AD asked.
    stack
        .send_smtp(
            CHAIR,
            &[&token_address(&ask)],
            &answer(CHAIR, &ask, "confirm"),
        )
        .await
        .unwrap();
    wait_for(&stack, &d, AD, "Approval needed").await;
    assert_eq!(d.statements()[0]["state"], "pending_approval");
}

#[tokio::test(flavor = "multi_thread")]
async fn only_the_mtas_own_word_counts_and_only_for_one_sender() {
    // The MTA's milters only (no DKIM check here): Authentication-Results decide.
    let stack = stack(true);
    let d = start(
        &stack,
        Config::new().authentication(Authentication::trusted_mta("mx.iab.example")),
    );
    let reference = record_one(&stack, &d).await;
    let about = format!("Re: {reference}");
    // A pass written by the sender in our MTA's name (the MTA strips it; liaisond
    // would not believe it below the MTA's Received either).
    let fake = [
        b"Authentication-Results: mx.iab.example; dkim=pass header.d=iab.example\r\n".as_slice(),
        &mail(COORD, CENTRAL, &about, "note: fake pass"),
    ]
    .concat();
    stack.send_smtp(MALLORY, &[CENTRAL], &fake).await.unwrap();
    // A real signature of a public suffix above iab.example: OpenDMARC says pass.
    let suffix =
        stack
            .keys()
            .sign_by_public_suffix(&mail(COORD, CENTRAL, &about, "note: public suffix"));
    stack.send_smtp(MALLORY, &[CENTRAL], &suffix).await.unwrap();
    // Two From headers, signed by the coordinator's domain: no single sender.
    let two = [
        format!("From: {MALLORY}\r\n").into_bytes(),
        mail(COORD, CENTRAL, &about, "note: two senders"),
    ]
    .concat();
    stack
        .send_smtp(COORD, &[CENTRAL], &stack.keys().sign(&two, "iab.example"))
        .await
        .unwrap();
    wait_events(&d, "confirmation_requested", 2).await;
    wait_events(&d, "commands_refused", 1).await;
    assert_eq!(count(&d, "note").await, 0, "no forged note applied");
    // OpenDKIM's pass, in the form it writes it ("(2048-bit key; unprotected)"), counts.
    let real = stack.keys().sign(
        &mail(COORD, CENTRAL, &about, "note: a real one"),
        "iab.example",
    );
    stack.send_smtp(COORD, &[CENTRAL], &real).await.unwrap();
    wait_events(&d, "note", 1).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn what_strangers_can_make_liaisond_send_is_capped() {
    let stack = stack(false);
    let d = start(
        &stack,
        Config::new().limits(
            Limits::new()
                .statements_per_sender_per_day(5)
                .summary_every_secs(2.0),
        ),
    );
    // 25 bad submissions in someone's name: a few answers, not 25.
    for _ in 0..25 {
        let bad = mail(VICTIM, SUBMIT, "LS", "From: IETF NOSUCH WG\r\nTitle: x");
        stack.send_smtp(MALLORY, &[SUBMIT], &bad).await.unwrap();
    }
    // 50 guessed tokens: one summary to the coordinators, not 50 mails.
    for i in 0..50 {
        let to = format!("liaison-bot+{:040x}@iab.example", i + 1);
        stack
            .send_smtp(MALLORY, &[&to], &mail(MALLORY, &to, "Re: x", "approve"))
            .await
            .unwrap();
    }
    // 12 statements from one sender: 5 distributed, the rest held for review.
    for n in 0..12 {
        let raw = statement(
            &format!("LS on topic {n}"),
            &format!("ls.{n}.{}@3gpp.example", id()),
        );
        stack.send_smtp(OFFICER, &[CENTRAL], &raw).await.unwrap();
    }
    wait_events(&d, "submission_refused", 25).await;
    wait_events(&d, "approval_refused", 50).await;
    wait_events(&d, "held", 7).await;
    settle().await;
    settle().await;
    let victim = inbox(&stack, VICTIM).await;
    assert!(
        !victim.is_empty() && victim.len() <= 3,
        "{} answers to an unproven sender",
        victim.len()
    );
    let lamps = inbox(&stack, LAMPS).await;
    assert_eq!(lamps.len(), 5, "distributions beyond the cap");
    let coord = inbox(&stack, COORD).await;
    assert!(
        !coord.is_empty() && coord.len() <= 4,
        "{} mails to the coordinators",
        coord.len()
    );
    assert!(
        coord
            .iter()
            .all(|m| subject(m).starts_with("Refused and held by liaisond")),
        "summaries only: no review request per held statement: {:?}",
        coord.iter().map(|m| subject(m)).collect::<Vec<_>>()
    );
    assert_eq!(d.statements().len(), 12, "every statement is recorded");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_message_id_is_not_an_identity() {
    let stack = stack(false);
    let d = start(&stack, Config::new());
    let taken = format!("ls.{}@3gpp.example", id());
    // Looks enough like a statement to be filed as one.
    let squat = format!(
        "From: {MALLORY}\r\nTo: {CENTRAL}\r\nSubject: LS on nothing to see\r\nDate: Mon, 30 Nov 2026 08:00:00 +0000\r\n\
Message-ID: <{taken}>\r\n\r\nFrom: ITU-T Study Group 15\r\nTo: IETF LAMPS WG\r\nPurpose: For Information\r\n\
Title: LS on nothing to see\r\nBody:\r\nhello\r\n"
    );
    stack
        .send_smtp(MALLORY, &[CENTRAL], squat.as_bytes())
        .await
        .unwrap();
    wait_events(&d, "recorded", 1).await;
    let real = statement("LS on the real topic", &taken);
    stack.send_smtp(OFFICER, &[CENTRAL], &real).await.unwrap();
    wait_events(&d, "recorded", 2).await;
    let all = d.statements();
    let mine = all
        .iter()
        .find(|s| s["title"] == "LS on the real topic")
        .expect("the real statement has its own record");
    assert_eq!(mine["from_groups"], serde_json::json!(["3GPP TSG SA WG3"]));
    let shown = d.cli(&["show", mine["reference"].as_str().unwrap()]);
    assert!(shown.contains("already recorded as"), "{shown}");
    assert_eq!(count(&d, "received_again").await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn out_of_office_mail_is_neither_recorded_nor_answered() {
    let stack = stack(false);
    let d = start(&stack, Config::new());
    let signed = stack.keys().sign(&submission(CHAIR), "ietf.example");
    stack.send_smtp(CHAIR, &[SUBMIT], &signed).await.unwrap();
    let request = wait_for(&stack, &d, AD, "Approval needed").await;
    // Exchange's out-of-office, without Auto-Submitted, to the central address and to the token.
    let ooo = |to: &str| {
        format!(
            "From: {AD}\r\nTo: {to}\r\nSubject: Automatic reply: LS on LAMPS profiles\r\nX-Auto-Response-Suppress: All\r\n\
Date: Mon, 30 Nov 2026 12:00:00 +0000\r\nMessage-ID: <oof.{}@ietf.example>\r\n\r\nI am out of the office until Monday.\r\n",
            id()
        )
        .into_bytes()
    };
    stack
        .send_smtp(AD, &[CENTRAL], &ooo(CENTRAL))
        .await
        .unwrap();
    let token = token_address(&request);
    stack.send_smtp(AD, &[&token], &ooo(&token)).await.unwrap();
    wait_events(&d, "ignored", 2).await;
    settle().await;
    assert_eq!(d.statements().len(), 1, "not recorded as a statement");
    assert_eq!(
        inbox(&stack, AD).await.len(),
        1,
        "no help, no acknowledgement"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn text_from_mail_cannot_break_the_outputs() {
    let stack = stack(false);
    let [port] = free_ports::<1>().unwrap();
    let listen = format!("127.0.0.1:{port}");
    let d = start(&stack, Config::new().web(&listen, 50));
    // A title with CR LF, a line separator, NEL and a vertical tab, in an encoded word.
    let hostile = "LS on X\r\nApproved by: mallory\u{2028}Sent\u{85}now\x0b done";
    let encoded = format!("=?utf-8?B?{}?=", base64(hostile.as_bytes()));
    let raw = format!(
        "From: SA3 Officer <{OFFICER}>\r\nTo: {CENTRAL}\r\nSubject: {encoded}\r\nDate: Mon, 30 Nov 2026 09:00:00 +0000\r\n\
Message-ID: <x.{}@3gpp.example>\r\n\r\nFrom: 3GPP TSG SA WG3\r\nTo: IETF LAMPS WG\r\nPurpose: For Information\r\nBody:\r\nx\r\n",
        id()
    );
    stack
        .send_smtp(OFFICER, &[CENTRAL], raw.as_bytes())
        .await
        .unwrap();
    let ack = wait_for(&stack, &d, OFFICER, "received").await;
    let title = d.statements()[0]["title"].as_str().unwrap().to_string();
    assert_eq!(title, "LS on X Approved by: mallory Sent now done");
    assert!(
        !text(&ack)
            .lines()
            .any(|l| l.trim_start().starts_with("Approved by:")),
        "no injected line: {}",
        text(&ack)
    );
    let base = format!("http://{listen}");
    let client = reqwest::Client::new();
    let feed = client
        .get(format!("{base}/feed.atom"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&feed);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("the feed is not well-formed XML: {e}\n{feed}"),
        }
    }
    for path in ["/", "/api/statements", "/feed.atom"] {
        for q in [
            "%00",
            "%22%22%22",
            "NEAR(a%20b)",
            "a*%20OR%20%5E",
            "%0b%0d%0a",
        ] {
            let status = client
                .get(format!("{base}{path}?q={q}"))
                .send()
                .await
                .unwrap()
                .status();
            assert!(
                status.as_u16() == 200 || status.as_u16() == 400,
                "{path}?q={q}: {status}"
            );
        }
    }
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
