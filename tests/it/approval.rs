//! Outgoing statements as mail, end to end over real Postfix and Dovecot: a
//! chair submits by SMTP, the approvers' IMAP inboxes get the confirmation,
//! they answer by SMTP, and the receiving body's mailbox gets the statement
//! only after a real approval. Every refusal is recorded, reported to the
//! coordinators, and answered to nobody.

use std::time::Duration;

use crate::support::config::{Approval, Config, Limits, Reminders};
use crate::support::daemon::{BOT, CENTRAL, Daemon, SUBMIT, stack_mailbox};
use crate::support::directory::{Directory, MANAGER_3GPP as MANAGER, Organisation};
use crate::support::inbox::{header, subject, token_address};
use crate::support::mailstack::{MailStack, StackOptions};
use mail_parser::{MessageParser, MimeHeaders};

const CHAIR: &str = "chair@ietf.example";
const AD1: &str = "ad1@ietf.example";
const AD2: &str = "ad2@ietf.example";
const RTG_AD: &str = "rtg-ad@ietf.example";
const IETF_CHAIR: &str = "ietf-chair@ietf.example";
const IAB_CHAIR: &str = "iab-chair@iab.example";
const IAB_MEMBER: &str = "member@iab.example";
const MALLORY: &str = "mallory@ietf.example";
const SA3: &str = "sa3-ls@3gpp.example";
const SA3_CONTACT: &str = "officer@3gpp.example";
const COORD: &str = "coord@iab.example";

const USERS: &[&str] = &[
    CENTRAL,
    BOT,
    SUBMIT,
    CHAIR,
    AD1,
    AD2,
    RTG_AD,
    IETF_CHAIR,
    IAB_CHAIR,
    IAB_MEMBER,
    MALLORY,
    SA3,
    SA3_CONTACT,
    MANAGER,
    COORD,
];

fn directory() -> Directory {
    Directory::new()
        .organisation(Organisation::three_gpp())
        .person(CHAIR, &["chair:lamps"])
        .person(AD1, &["ad:sec"])
        .person(AD2, &["ad:sec"])
        .person(RTG_AD, &["ad:rtg"])
        .person(IETF_CHAIR, &["ietf-chair"])
        .person(IAB_CHAIR, &["iab-chair", "iab-member"])
        .person(IAB_MEMBER, &["iab-member"])
}

fn start(stack: &MailStack, approval: Approval) -> Daemon {
    // In the stack's directory, which goes when the stack does.
    let people = stack.dir.join("people.toml");
    directory().write(&people);
    let extra = Config::new()
        .mailbox(stack_mailbox(stack, "submissions", SUBMIT).reconnect_max_secs(1.0))
        .mailbox(stack_mailbox(stack, "bot", BOT).reconnect_max_secs(1.0))
        .directory(&people)
        .coordinators(&[COORD])
        .limits(Limits::new().summary_every_secs(2.0))
        .reminders(Reminders::new().weekly_digest(false))
        .approval(approval.check_interval_secs(0.3));
    Daemon::start(stack, extra)
}

fn submission(from: &str, fields: &str) -> Vec<u8> {
    format!(
        "From: Chair <{from}>\r\nTo: {SUBMIT}\r\nSubject: Outgoing LS\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\nMessage-ID: <sub.{n}@ietf.example>\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=S\r\n\r\n--S\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
{fields}\r\nBody:\r\nThe LAMPS WG asks SA3 to review draft-ietf-lamps-foo.\r\n--S\r\n\
Content-Type: application/pdf; name=draft-ietf-lamps-foo.pdf\r\nContent-Disposition: attachment; filename=draft-ietf-lamps-foo.pdf\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJSBkcmFmdAo=\r\n--S--\r\n",
        n = rand_id()
    )
    .into_bytes()
}

/// A stack whose DNS publishes the test domains' DKIM keys, which the daemon checks.
fn stack() -> MailStack {
    let dkim = StackOptions {
        dkim: true,
        ..StackOptions::default()
    };
    MailStack::start_with(USERS, dkim).unwrap()
}

/// Submits a statement, signed by the submitter's domain (a chair's mail client
/// and their domain's outgoing server do that; the unsigned case is in `trust`).
async fn submit(stack: &MailStack, from: &str, fields: &str) {
    let domain = from.rsplit('@').next().unwrap();
    stack
        .send_signed(from, &[SUBMIT], &submission(from, fields), domain)
        .await
        .unwrap();
}

/// The coordinators' summaries, once they say all of `what` (they come once a period).
async fn summaries_saying(stack: &MailStack, d: &Daemon, what: &[&str]) -> String {
    for _ in 0..150 {
        let mails = stack.fetch_all(COORD, "INBOX").await.unwrap();
        let all: String = mails
            .iter()
            .map(|m| {
                let msg = MessageParser::default().parse(m).unwrap();
                msg.body_text(0).unwrap_or_default().into_owned()
            })
            .collect::<Vec<_>>()
            .join(" ")
            // Wrapped lines: words, not line breaks, matter.
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if what.iter().all(|w| all.contains(w)) {
            assert!(
                mails
                    .iter()
                    .all(|m| subject(m).starts_with("Refused and held by liaisond")),
                "summaries, not one mail per refusal: {all}"
            );
            return all;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("no summary says {what:?}\n{}", d.logs())
}

fn rand_id() -> u64 {
    use std::time::SystemTime;
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

const LAMPS_FIELDS: &str = "From: IETF LAMPS WG\r\nFrom-Contact: chair@ietf.example\r\n\
Send Reply To: liaison-coordination@iab.example\r\nTo: 3GPP TSG SA WG3\r\nTo-Contact: officer@3gpp.example\r\n\
Send To: sa3-ls@3gpp.example\r\nPurpose: For Action\r\nDeadline: 2099-12-01\r\nTitle: LS on LAMPS certificate profiles\r\n\
Consensus: WG consensus on the draft";

async fn wait_mail(stack: &MailStack, d: &Daemon, user: &str, n: usize) -> Vec<Vec<u8>> {
    stack
        .wait_for_messages(user, "INBOX", n, Duration::from_secs(25))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", d.logs()))
}

/// A reply to a confirmation, as a mail client writes it.
fn answer(from: &str, to: &str, first: &str, confirmation: &[u8]) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: Re: {}\r\nDate: Mon, 30 Nov 2026 10:05:00 +0000\r\nIn-Reply-To: {}\r\nMessage-ID: <ans.{}@ietf.example>\r\n\r\n\
{first}\r\n\r\nOn Mon, 2 Mar 2026, IETF Liaison Statements wrote:\r\n> Reply to this mail with one line at the top:\r\n>   approve\r\n",
        subject(confirmation),
        header(confirmation, "Message-ID"),
        rand_id()
    )
    .into_bytes()
}

async fn events(d: &Daemon) -> Vec<(i64, String, Option<i64>)> {
    let store = liaisond::store::Store::open(&d.db()).await.unwrap();
    sqlx::query_as("SELECT id, kind, statement_id FROM events ORDER BY id")
        .fetch_all(store.pool())
        .await
        .unwrap()
}

async fn state(d: &Daemon) -> String {
    let s = d.statements();
    let out: Vec<&serde_json::Value> = s.iter().filter(|s| s["direction"] == "outgoing").collect();
    out.first()
        .map(|s| s["state"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

/// The invariant: every sent outgoing statement was approved before it was sent.
async fn assert_nothing_sent_unapproved(d: &Daemon) {
    let store = liaisond::store::Store::open(&d.db()).await.unwrap();
    let unapproved: Vec<(String,)> = sqlx::query_as(
        "SELECT s.reference FROM statements s JOIN outbox o ON o.statement_id = s.id AND o.purpose = 'relay'
         WHERE s.direction = 'outgoing' AND NOT EXISTS (
             SELECT 1 FROM events a WHERE a.statement_id = s.id AND a.kind = 'approved'
               AND a.id < (SELECT MIN(e.id) FROM events e WHERE e.statement_id = s.id AND e.kind = 'relay_queued'))",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert!(
        unapproved.is_empty(),
        "relayed without a prior approval: {unapproved:?}"
    );
    let sent_without: Vec<(String,)> = sqlx::query_as(
        "SELECT s.reference FROM statements s WHERE s.direction = 'outgoing' AND s.state = 'sent'
         AND NOT EXISTS (SELECT 1 FROM events a WHERE a.statement_id = s.id AND a.kind = 'approved')",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert!(sent_without.is_empty(), "{sent_without:?}");
}

async fn settle() {
    tokio::time::sleep(Duration::from_secs(2)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chair_submits_an_ad_approves_and_the_statement_reaches_the_other_body() {
    let stack = stack();
    let d = start(&stack, Approval::new());
    submit(&stack, CHAIR, LAMPS_FIELDS).await;

    // The chair learns who must approve; both Security ADs are asked (a two-AD area).
    let pending = wait_mail(&stack, &d, CHAIR, 1).await;
    assert!(
        subject(&pending[0]).contains("Waiting for approval"),
        "{}",
        subject(&pending[0])
    );
    let text = String::from_utf8_lossy(&pending[0]);
    assert!(text.contains(AD1) && text.contains(AD2), "{text}");
    let c1 = wait_mail(&stack, &d, AD1, 1).await.remove(0);
    let c2 = wait_mail(&stack, &d, AD2, 1).await.remove(0);
    let confirmation = String::from_utf8_lossy(&c1);
    assert!(
        confirmation.contains("LS on LAMPS certificate profiles") && confirmation.contains(SA3),
        "{confirmation}"
    );
    assert!(
        subject(&c1).contains("[LS-"),
        "the reference is in the subject"
    );
    let t1 = token_address(&c1);
    assert!(
        t1.starts_with("liaison-bot+") && t1.ends_with("@iab.example"),
        "{t1}"
    );
    assert_ne!(t1, token_address(&c2), "one token per approver");
    assert!(
        stack.fetch_all(SA3, "INBOX").await.unwrap().is_empty(),
        "nothing is sent before approval"
    );

    // AD1 approves, top-posted above the quoted confirmation (which itself says "approve").
    stack
        .send_smtp(
            AD1,
            &[&t1],
            &answer(AD1, &t1, "Approved.\r\n\r\n-- \r\nAD One, Security AD", &c1),
        )
        .await
        .unwrap();
    let ls = wait_mail(&stack, &d, SA3, 1).await.remove(0);
    assert!(header(&ls, "From").contains(BOT), "{}", header(&ls, "From"));
    assert_eq!(
        header(&ls, "To"),
        format!("<{SA3}>"),
        "Send To only, not the To-Contacts"
    );
    let cc = header(&ls, "Cc");
    assert!(
        cc.contains(CHAIR) && cc.contains(MANAGER),
        "Cc the From-Contacts and the liaison manager: {cc}"
    );
    assert!(header(&ls, "Reply-To").contains("liaison-coordination@iab.example"));
    assert!(
        header(&ls, "Auto-Submitted").is_empty(),
        "a statement is not automatic mail"
    );
    let parsed = MessageParser::default().parse(&ls).unwrap();
    let att = parsed.attachments().next().expect("the attachment travels");
    assert_eq!(att.attachment_name(), Some("draft-ietf-lamps-foo.pdf"));
    assert_eq!(att.contents(), b"%PDF-1.4\n% draft\n");
    let body = parsed.body_text(0).unwrap();
    assert!(
        body.contains("Purpose:             For Action")
            && body.contains("Approved by:         ad1@ietf.example"),
        "{body}"
    );
    assert!(
        stack
            .fetch_all(SA3_CONTACT, "INBOX")
            .await
            .unwrap()
            .is_empty(),
        "To-Contact skipped when Send To is given"
    );

    // Submitter and approver are told it went out; the record shows who approved.
    // The chair also has the statement itself, as a From-Contact in Cc.
    let chair_mail = wait_mail(&stack, &d, CHAIR, 3).await;
    assert!(chair_mail.iter().any(|m| subject(m).contains("Sent:")));
    assert!(
        chair_mail
            .iter()
            .any(|m| subject(m).starts_with("Liaison statement LS-"))
    );
    let ad_mail = wait_mail(&stack, &d, AD1, 2).await;
    assert!(ad_mail.iter().any(|m| subject(m).contains("Sent:")));
    assert_eq!(state(&d).await, "sent");
    let s = d
        .statements()
        .into_iter()
        .find(|s| s["direction"] == "outgoing")
        .unwrap();
    assert_eq!(
        s["message_id"].as_str().unwrap(),
        header(&ls, "Message-ID").trim_matches(|c| c == '<' || c == '>')
    );
    let history = d.cli(&["show", s["reference"].as_str().unwrap()]);
    assert!(
        history.contains("approved") && history.contains(AD1),
        "{history}"
    );

    // AD2's late approval, and AD1's approval replayed: refused, nothing sent twice, nobody answered.
    let t2 = token_address(&c2);
    stack
        .send_smtp(AD2, &[&t2], &answer(AD2, &t2, "approve", &c2))
        .await
        .unwrap();
    stack
        .send_smtp(AD1, &[&t1], &answer(AD1, &t1, "approve", &c1))
        .await
        .unwrap();
    summaries_saying(
        &stack,
        &d,
        &["cannot be approved", "token already used (replayed)"],
    )
    .await;
    settle().await;
    assert_eq!(
        stack.fetch_all(SA3, "INBOX").await.unwrap().len(),
        1,
        "sent once"
    );
    assert_eq!(
        stack.fetch_all(AD2, "INBOX").await.unwrap().len(),
        1,
        "no answer to AD2's refused mail"
    );
    assert_eq!(
        stack.fetch_all(AD1, "INBOX").await.unwrap().len(),
        2,
        "no answer to the replay"
    );
    assert_eq!(stack.fetch_all(CHAIR, "INBOX").await.unwrap().len(), 3);
    let kinds: Vec<String> = events(&d).await.into_iter().map(|e| e.1).collect();
    assert_eq!(
        kinds.iter().filter(|k| *k == "approval_refused").count(),
        2,
        "{kinds:?}"
    );
    assert_nothing_sent_unapproved(&d).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn forged_wrong_and_foreign_answers_are_refused_and_reported_never_answered() {
    let stack = stack();
    let d = start(&stack, Approval::new());
    submit(&stack, CHAIR, LAMPS_FIELDS).await;
    let c1 = wait_mail(&stack, &d, AD1, 1).await.remove(0);
    let t1 = token_address(&c1);

    // Mallory uses AD1's token; AD2 uses AD1's token; someone invents a token.
    stack
        .send_smtp(MALLORY, &[&t1], &answer(MALLORY, &t1, "approve", &c1))
        .await
        .unwrap();
    stack
        .send_smtp(AD2, &[&t1], &answer(AD2, &t1, "approve", &c1))
        .await
        .unwrap();
    let foreign = format!("liaison-bot+{}@iab.example", "ab".repeat(20));
    stack
        .send_smtp(
            MALLORY,
            &[&foreign],
            &answer(MALLORY, &foreign, "approve", &c1),
        )
        .await
        .unwrap();

    summaries_saying(
        &stack,
        &d,
        &["token belongs to ad1@ietf.example", "unknown token"],
    )
    .await;
    settle().await;
    assert_eq!(state(&d).await, "pending_approval", "nothing changed");
    assert!(
        stack.fetch_all(SA3, "INBOX").await.unwrap().is_empty(),
        "nothing sent"
    );
    assert!(
        stack.fetch_all(MALLORY, "INBOX").await.unwrap().is_empty(),
        "no backscatter"
    );
    assert_eq!(
        stack.fetch_all(AD2, "INBOX").await.unwrap().len(),
        1,
        "only AD2's own confirmation"
    );
    let refused = events(&d)
        .await
        .into_iter()
        .filter(|e| e.1 == "approval_refused")
        .count();
    assert_eq!(refused, 3);

    // The real approver still can.
    stack
        .send_smtp(AD1, &[&t1], &answer(AD1, &t1, "yes, approve", &c1))
        .await
        .unwrap();
    wait_mail(&stack, &d, SA3, 1).await;
    assert_nothing_sent_unapproved(&d).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unclear_answer_gets_help_a_rejection_goes_back_to_the_submitter() {
    let stack = stack();
    let d = start(&stack, Approval::new());
    submit(&stack, CHAIR, LAMPS_FIELDS).await;
    let c1 = wait_mail(&stack, &d, AD1, 1).await.remove(0);
    let t1 = token_address(&c1);
    stack
        .send_smtp(
            AD1,
            &[&t1],
            &answer(
                AD1,
                &t1,
                "Can we say 'draft' instead of 'specification'?",
                &c1,
            ),
        )
        .await
        .unwrap();
    let mail = wait_mail(&stack, &d, AD1, 2).await;
    let help = String::from_utf8_lossy(&mail[1]);
    assert!(
        help.contains("could not read your answer") && help.contains("reject: the reason"),
        "{help}"
    );
    assert_eq!(state(&d).await, "pending_approval");

    // An HTML-only reply from a web mailer.
    let html = format!(
        "From: {AD1}\r\nTo: {t1}\r\nSubject: Re: {}\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
<html><body><p>Reject: please wait for the WG last call.</p><blockquote>approve</blockquote></body></html>\r\n",
        subject(&c1)
    );
    stack.send_smtp(AD1, &[&t1], html.as_bytes()).await.unwrap();
    let chair = wait_mail(&stack, &d, CHAIR, 2).await;
    let notice = chair
        .iter()
        .find(|m| subject(m).contains("Not approved"))
        .expect("rejection notice");
    assert!(String::from_utf8_lossy(notice).contains("please wait for the WG last call"));
    settle().await;
    assert_eq!(state(&d).await, "rejected");
    assert!(stack.fetch_all(SA3, "INBOX").await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn withdrawn_and_expired_statements_cannot_be_approved() {
    let stack = stack();
    let d = start(
        &stack,
        Approval::new()
            .expiry_hours(0.0015)
            .remind_before_hours(0.001),
    );
    // Expired: about five seconds; the approvers are reminded before.
    submit(&stack, CHAIR, LAMPS_FIELDS).await;
    let c1 = wait_mail(&stack, &d, AD1, 1).await.remove(0);
    let reminder = wait_mail(&stack, &d, AD1, 2).await.remove(1);
    assert!(
        subject(&reminder).contains("Reminder"),
        "{}",
        subject(&reminder)
    );
    let expired = wait_mail(&stack, &d, CHAIR, 2).await;
    assert!(expired.iter().any(|m| subject(m).contains("Expired")));
    let t1 = token_address(&c1);
    stack
        .send_smtp(AD1, &[&t1], &answer(AD1, &t1, "approve", &c1))
        .await
        .unwrap();
    summaries_saying(&stack, &d, &["token expired"]).await;
    assert_eq!(
        stack.fetch_all(AD1, "INBOX").await.unwrap().len(),
        2,
        "no answer to the refused approval"
    );
    assert!(stack.fetch_all(SA3, "INBOX").await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_withdrawn_statement_cannot_be_approved() {
    let stack = stack();
    let d = start(&stack, Approval::new());
    submit(&stack, CHAIR, LAMPS_FIELDS).await;
    let pending = wait_mail(&stack, &d, CHAIR, 1).await.remove(0);
    let c1 = wait_mail(&stack, &d, AD1, 1).await.remove(0);
    let w = token_address(&pending);
    stack
        .send_smtp(CHAIR, &[&w], &answer(CHAIR, &w, "withdraw", &pending))
        .await
        .unwrap();
    let withdrawn = async {
        for _ in 0..100 {
            if state(&d).await == "withdrawn" {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        false
    };
    assert!(withdrawn.await, "{}", d.logs());
    let t1 = token_address(&c1);
    stack
        .send_smtp(AD1, &[&t1], &answer(AD1, &t1, "approve", &c1))
        .await
        .unwrap();
    summaries_saying(&stack, &d, &["withdrawn cannot be approved"]).await;
    settle().await;
    assert!(stack.fetch_all(SA3, "INBOX").await.unwrap().is_empty());
    assert_nothing_sent_unapproved(&d).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn iesg_statements_go_to_the_ietf_chair_and_iab_statements_to_the_iab_chair() {
    let stack = stack();
    let d = start(&stack, Approval::new());
    let iesg = LAMPS_FIELDS
        .replace("From: IETF LAMPS WG", "From: IESG")
        .replace("Title: LS on LAMPS", "Title: IESG LS on");
    submit(&stack, RTG_AD, &iesg).await;
    let c = wait_mail(&stack, &d, IETF_CHAIR, 1).await.remove(0);
    assert!(subject(&c).contains("IESG LS on"));
    let t = token_address(&c);
    stack
        .send_smtp(IETF_CHAIR, &[&t], &answer(IETF_CHAIR, &t, "APPROVE", &c))
        .await
        .unwrap();
    let ls = wait_mail(&stack, &d, SA3, 1).await.remove(0);
    assert!(subject(&ls).contains("IESG LS on"));

    let iab = LAMPS_FIELDS
        .replace("From: IETF LAMPS WG", "From: IAB")
        .replace("Title: LS on LAMPS", "Title: IAB LS on");
    submit(&stack, IAB_MEMBER, &iab).await;
    let c = wait_mail(&stack, &d, IAB_CHAIR, 1).await.remove(0);
    assert!(subject(&c).contains("IAB LS on"));
    assert!(
        stack.fetch_all(IETF_CHAIR, "INBOX").await.unwrap().len() <= 2,
        "the IETF Chair is not asked for the IAB's statement"
    );
    let t = token_address(&c);
    stack
        .send_smtp(IAB_CHAIR, &[&t], &answer(IAB_CHAIR, &t, "approve", &c))
        .await
        .unwrap();
    let got = wait_mail(&stack, &d, SA3, 2).await;
    assert!(got.iter().any(|m| subject(m).contains("IAB LS on")));
    assert_nothing_sent_unapproved(&d).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_submission_is_answered_with_every_problem_and_goes_nowhere() {
    let stack = stack();
    let d = start(&stack, Approval::new());
    let bad = "From: IETF NOSUCH WG\r\nTo: 3GPP TSG SA WG3\r\nTo-Contact: not-an-address\r\nPurpose: For Action\r\nDeadline: 2001-01-01";
    submit(&stack, CHAIR, bad).await;
    let reply = wait_mail(&stack, &d, CHAIR, 1).await.remove(0);
    let text = String::from_utf8_lossy(&reply);
    assert!(
        subject(&reply).starts_with("Not submitted"),
        "{}",
        subject(&reply)
    );
    for problem in [
        "not in the group directory",
        "in the past",
        "no title",
        "level of consensus",
        "no address to send it to",
    ] {
        assert!(text.contains(problem), "missing {problem:?} in {text}");
    }
    // A submitter without a role in the From group.
    submit(&stack, RTG_AD, LAMPS_FIELDS).await;
    let reply = wait_mail(&stack, &d, RTG_AD, 1).await.remove(0);
    assert!(String::from_utf8_lossy(&reply).contains("holds no role in \"IETF LAMPS WG\""));
    settle().await;
    assert!(
        stack.fetch_all(AD1, "INBOX").await.unwrap().is_empty(),
        "no approver asked"
    );
    assert!(
        d.statements().iter().all(|s| s["direction"] != "outgoing"),
        "nothing filed as outgoing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn with_authentication_required_only_a_signature_of_the_approvers_domain_counts() {
    // The MTA's milters write Authentication-Results; liaisond checks DKIM itself too.
    let milters = StackOptions {
        milters: true,
        ..StackOptions::default()
    };
    let stack = MailStack::start_with(USERS, milters).unwrap();
    let d = start(&stack, Approval::new().require_authentication());
    submit(&stack, CHAIR, LAMPS_FIELDS).await;
    let c1 = wait_mail(&stack, &d, AD1, 1).await.remove(0);
    let t1 = token_address(&c1);
    let approval = |extra: &str| {
        [
            extra.as_bytes(),
            answer(AD1, &t1, "approve", &c1).as_slice(),
        ]
        .concat()
    };
    let keys = stack.keys();
    // The token without a signature; a "pass" the sender wrote into the header
    // block, in our MTA's name; a real signature of another domain; a real
    // signature of a public suffix above ietf.example (OpenDMARC passes that).
    for attack in [
        approval(""),
        approval(
            "Authentication-Results: mx.iab.example; dkim=pass header.d=ietf.example; dmarc=pass header.from=ietf.example\r\n",
        ),
        keys.sign_by_attacker(&approval("")),
        keys.sign_by_public_suffix(&approval("")),
    ] {
        stack.send_smtp(AD1, &[&t1], &attack).await.unwrap();
    }
    summaries_saying(&stack, &d, &["needs a passing DKIM signature"]).await;
    let refused = async {
        for _ in 0..100 {
            let n = events(&d)
                .await
                .iter()
                .filter(|e| e.1 == "approval_refused")
                .count();
            if n == 4 {
                return n;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        0
    };
    assert_eq!(refused.await, 4, "{}", d.logs());
    assert_eq!(state(&d).await, "pending_approval");
    assert!(stack.fetch_all(SA3, "INBOX").await.unwrap().is_empty());
    // Signed by the approver's domain: approved and sent.
    stack
        .send_signed(AD1, &[&t1], &approval(""), "ietf.example")
        .await
        .unwrap();
    wait_mail(&stack, &d, SA3, 1).await;
    assert_nothing_sent_unapproved(&d).await;
}
