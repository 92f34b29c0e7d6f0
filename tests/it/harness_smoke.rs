//! Checks the real-mail-server harness itself (support/mailstack.rs).

use std::time::Duration;

use crate::support::mailstack::MailStack;
use anyhow::Result;

const LIAISON: &str = "liaison@iab.example";
const SDO: &str = "sdo@3gpp.example";
const WAIT: Duration = Duration::from_secs(15);

fn message(from: &str, subject: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {LIAISON}\r\nSubject: {subject}\r\n\
         Date: Mon, 1 Jan 2024 12:00:00 +0000\r\nMessage-ID: <{subject}@test.example>\r\n\
         \r\nBody of {subject}.\r\n"
    )
    .into_bytes()
}

fn text(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw).into_owned()
}

#[tokio::test]
async fn smtp_delivery_survives_imap_restart() -> Result<()> {
    let mut stack = MailStack::start(&[LIAISON, SDO])?;

    stack
        .send_smtp(SDO, &[LIAISON], &message(SDO, "LS-on-timing"))
        .await?;
    let got = stack.wait_for_messages(LIAISON, "INBOX", 1, WAIT).await?;
    assert_eq!(got.len(), 1);
    let mail = text(&got[0]);
    assert!(mail.contains("Subject: LS-on-timing"), "{mail}");
    assert!(
        mail.starts_with(&format!("Return-Path: <{SDO}>\r\n")),
        "{mail}"
    );

    stack.stop_imap()?;
    assert!(
        stack.fetch_all(LIAISON, "INBOX").await.is_err(),
        "IMAP still answers"
    );
    stack.start_imap()?;
    assert_eq!(stack.fetch_all(LIAISON, "INBOX").await?, got);
    Ok(())
}

#[tokio::test]
async fn null_sender_mail_arrives_with_empty_return_path() -> Result<()> {
    let stack = MailStack::start(&[LIAISON, SDO])?;
    let bounce = message("MAILER-DAEMON@mx.3gpp.example", "bounce");
    stack.send_smtp_null_sender(&[LIAISON], &bounce).await?;
    let got = stack.wait_for_messages(LIAISON, "INBOX", 1, WAIT).await?;
    let mail = text(&got[0]);
    assert!(mail.starts_with("Return-Path: <>\r\n"), "{mail}");
    Ok(())
}

#[tokio::test]
async fn helpers_and_refusals() -> Result<()> {
    let mut stack = MailStack::start(&[LIAISON, SDO])?;

    // APPEND creates the folder; fetch_all keeps mailbox order.
    let (a, b) = (message(SDO, "first"), message(SDO, "second"));
    stack.append_many(LIAISON, "Archive", &[&a, &b]).await?;
    assert_eq!(stack.fetch_all(LIAISON, "Archive").await?, vec![a, b]);
    assert_eq!(stack.list_folders(LIAISON).await?, ["Archive", "INBOX"]);

    // Unknown users and outside domains are refused at RCPT TO.
    let m = message(SDO, "refused");
    assert!(
        stack
            .send_smtp(SDO, &["nobody@iab.example"], &m)
            .await
            .is_err()
    );
    assert!(
        stack
            .send_smtp(SDO, &["someone@elsewhere.example"], &m)
            .await
            .is_err()
    );

    // Mail accepted while Dovecot is down is delivered soon after it is back.
    stack.stop_imap()?;
    stack
        .send_smtp(SDO, &[LIAISON], &message(SDO, "queued"))
        .await?;
    stack.start_imap()?;
    let got = stack.wait_for_messages(LIAISON, "INBOX", 1, WAIT).await?;
    assert!(text(&got[0]).contains("Subject: queued"));
    Ok(())
}
