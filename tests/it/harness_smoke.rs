//! Checks the harness itself: the real mail servers (support/mailstack.rs), the DNS server,
//! the DKIM signer and the milters (support/dns.rs, dkim.rs, milters.rs).

use std::time::Duration;

use anyhow::Result;
use mail_auth::{AuthenticatedMessage, DkimResult};

use crate::support::daemon::SDO;
use crate::support::dkim::{self, IETF_SUBDOMAIN, KeyKind, SigningKey, TestKeys, tamper_body};
use crate::support::mailstack::{MailStack, StackOptions};
use crate::support::milters::AUTHSERV_ID;

const LIAISON: &str = "liaison@iab.example";
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

// ------------------------------------------------------------------------------------------
// DKIM, DNS and the milter stack (support/dns.rs, dkim.rs, milters.rs)

const CHAIR: &str = "chair@ietf.example";
const ATTACKER: &str = "mallory@attacker.example";

fn milter_stack() -> Result<MailStack> {
    let options = StackOptions {
        milters: true,
        ..StackOptions::default()
    };
    MailStack::start_with(&[LIAISON], options)
}

/// An approval as a chair would send it; `extra` goes on top of the header.
fn approval(from: &str, id: &str, extra: &str) -> Vec<u8> {
    format!(
        "{extra}From: IETF Chair <{from}>\r\nTo: {LIAISON}\r\nSubject: Re: LS-2026-0042\r\n\
         Date: Mon, 1 Jan 2024 12:00:00 +0000\r\nMessage-ID: <{id}@ietf.example>\r\n\
         In-Reply-To: <ls-42@iab.example>\r\n\r\nApproved, thanks!\r\n"
    )
    .into_bytes()
}

/// The header fields of `raw` in order, unfolded: (lower-case name, value).
fn fields(raw: &[u8]) -> Vec<(String, String)> {
    let text = text(raw);
    let header = text.split("\r\n\r\n").next().unwrap_or_default();
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in header.split("\r\n") {
        match (line.starts_with([' ', '\t']), fields.last_mut()) {
            (true, Some((_, value))) => value.push_str(line),
            _ => {
                let (name, value) = line.split_once(':').expect("a header field");
                fields.push((name.to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
    }
    fields
}

/// The `Authentication-Results` values above Postfix's own `Received` (RFC 8601 section 5:
/// the only ones to trust); panics if there is no such Received or an A-R below it claims
/// our authserv-id.
fn trusted_results(delivered: &[u8]) -> Vec<String> {
    let fields = fields(delivered);
    let postfix = fields
        .iter()
        .position(|(n, v)| n == "received" && v.contains("by mx.iab.example (Postfix)"))
        .unwrap_or_else(|| panic!("no Received by mx.iab.example in\n{}", text(delivered)));
    for (name, value) in &fields[postfix..] {
        assert!(
            !(name == "authentication-results" && value.to_lowercase().contains(AUTHSERV_ID)),
            "a result claiming {AUTHSERV_ID} below Postfix's Received: {value}"
        );
    }
    let above: Vec<String> = fields[..postfix]
        .iter()
        .filter(|(n, _)| n == "authentication-results")
        .map(|(_, v)| v.clone())
        .collect();
    assert!(
        above
            .iter()
            .all(|v| v.starts_with(&format!("{AUTHSERV_ID};"))),
        "{above:?}"
    );
    above
}

/// The `;`-separated parts of an `Authentication-Results` value, comments removed (OpenDKIM
/// writes `dkim=pass (2048-bit key; unprotected) header.d=...`), quoted strings kept whole.
fn result_parts(value: &str) -> Vec<String> {
    let (mut parts, mut part) = (Vec::new(), String::new());
    let (mut depth, mut quoted) = (0usize, false);
    for c in value.chars() {
        match (c, quoted, depth) {
            ('"', _, 0) => {
                quoted = !quoted;
                part.push(c);
            }
            (_, true, _) => part.push(c),
            ('(', false, _) => depth += 1,
            (')', false, d) if d > 0 => depth -= 1,
            (';', false, 0) => parts.push(std::mem::take(&mut part)),
            (_, false, 0) => part.push(c),
            _ => {} // in a comment
        }
    }
    parts.push(part);
    parts
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The result of `method` (e.g. "dkim", "dmarc") in the trusted fields, with its properties.
fn verdict(results: &[String], method: &str) -> String {
    let prefix = format!("{method}=");
    let found: Vec<String> = results
        .iter()
        .flat_map(|r| result_parts(r))
        .filter(|part| part.starts_with(&prefix))
        .collect();
    assert_eq!(found.len(), 1, "one {method} result in {results:?}");
    found[0].clone()
}

#[tokio::test]
async fn milter_stack_vouches_for_signed_mail_above_its_received() -> Result<()> {
    let stack = milter_stack()?;
    let keys = stack.keys();
    let cases = [
        (
            "RSA",
            keys.sign(&approval(CHAIR, "rsa", ""), "ietf.example"),
            "header.d=ietf.example",
        ),
        (
            "Ed25519",
            keys.sign_ed25519(&approval(CHAIR, "ed", ""), "ietf.example"),
            "header.d=ietf.example",
        ),
        (
            "subdomain",
            keys.sign(&approval(CHAIR, "sub", ""), IETF_SUBDOMAIN),
            "header.d=mail.ietf.example",
        ),
    ];
    for (what, signed, d) in cases {
        let delivered = stack.deliver(CHAIR, LIAISON, &signed).await?;
        let results = trusted_results(&delivered);
        let dkim = verdict(&results, "dkim");
        assert!(
            dkim.starts_with("dkim=pass ") && dkim.contains(d),
            "{what}: {dkim}"
        );
        let dmarc = verdict(&results, "dmarc");
        assert!(dmarc.starts_with("dmarc=pass "), "{what}: {dmarc}");
        assert!(
            dmarc.ends_with("header.from=ietf.example"),
            "{what}: {dmarc}"
        );
    }
    // send_signed: the same through the helper.
    let raw = approval(CHAIR, "helper", "");
    let signed = stack
        .send_signed(CHAIR, &[LIAISON], &raw, "ietf.example")
        .await?;
    assert!(signed.starts_with(b"DKIM-Signature: v=1; a=rsa-sha256; s=s1; d=ietf.example;"));
    assert!(signed.ends_with(&raw));
    stack.wait_for_messages(LIAISON, "INBOX", 4, WAIT).await?;
    Ok(())
}

#[tokio::test]
async fn milter_stack_fails_forgeries_and_strips_forged_results() -> Result<()> {
    let stack = milter_stack()?;
    let keys = stack.keys();
    let forged_results = "Authentication-Results: mx.iab.example; dmarc=pass header.from=ietf.example\r\n\
        Authentication-Results:\r\n  MX.IAB.EXAMPLE; dkim=pass header.d=ietf.example\r\n\
        Authentication-Results: (ours) mx.iab.example 1; dmarc=pass header.from=ietf.example\r\n\
        Authentication-Results: elsewhere.example; dmarc=pass header.from=ietf.example\r\n";
    let signed = keys.sign(&approval(CHAIR, "tampered", ""), "ietf.example");
    // (what, message, in the dkim result, dmarc result)
    let cases = [
        (
            "unsigned",
            approval(CHAIR, "unsigned", ""),
            "dkim=none",
            "fail",
        ),
        (
            "forged results",
            approval(CHAIR, "forged", forged_results),
            "dkim=none",
            "fail",
        ),
        (
            "attacker's domain",
            keys.sign_by_attacker(&approval(CHAIR, "attacker", "")),
            "header.d=attacker.example",
            "fail",
        ),
        (
            "body tampered",
            tamper_body(&signed, "Approved", "Rejected"),
            "dkim=fail ",
            "fail",
        ),
        // OpenDMARC 1.4.2 (Debian 12) takes any parent of the From domain as relaxed-aligned,
        // public suffix or not (a label-suffix comparison before any PSL lookup): the MTA says
        // dmarc=pass here. liaisond must not take that pass alone; dkim's header.d=example is
        // the tell.
        (
            "public suffix",
            keys.sign_by_public_suffix(&approval(CHAIR, "suffix", "")),
            "header.d=example ",
            "pass",
        ),
    ];
    for (what, raw, dkim_says, dmarc_says) in cases {
        let delivered = stack.deliver(ATTACKER, LIAISON, &raw).await?;
        let results = trusted_results(&delivered);
        let dkim = verdict(&results, "dkim");
        assert!(dkim.contains(dkim_says), "{what}: {dkim}");
        let dmarc = verdict(&results, "dmarc");
        assert!(
            dmarc.starts_with(&format!("dmarc={dmarc_says} ")),
            "{what}: {dmarc}"
        );
        let mail = text(&delivered);
        assert!(
            !mail.contains("(ours)") && !mail.contains("MX.IAB"),
            "{mail}"
        );
        if what == "forged results" {
            // Results of other servers stay, below Postfix's Received, for liaisond to ignore.
            assert!(mail.contains("elsewhere.example; dmarc=pass"), "{mail}");
        }
    }
    Ok(())
}

#[tokio::test]
async fn dnsmasq_serves_the_keys_and_nothing_else() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let keys = TestKeys::new(dir.path(), &["ietf.example"])?;
    let extra = SigningKey::generate(dir.path(), "extra", KeyKind::Ed25519)?;
    assert_eq!(extra.kind, KeyKind::Ed25519);
    assert!(extra.pem.exists());
    let zone = keys
        .zone()
        .txt("s9._domainkey.ietf.example", extra.record());
    assert!(zone.records().len() > 5);
    let dns = zone.start()?;
    let server: std::net::SocketAddr = dns.server().parse()?;
    assert!(server.ip().is_loopback());

    let auth = dns.authenticator()?;
    let rsa = auth.txt_raw_lookup("s1._domainkey.ietf.example.").await?;
    assert!(keys.rsa.record().len() > 255, "served as two strings");
    assert_eq!(text(&rsa), keys.rsa.record());
    let ed = auth.txt_raw_lookup("s2._domainkey.ietf.example.").await?;
    assert_eq!(text(&ed), keys.ed25519.record());
    assert!(text(&ed).starts_with("v=DKIM1; k=ed25519; p="));
    let s9 = auth.txt_raw_lookup("s9._domainkey.ietf.example.").await?;
    assert_eq!(text(&s9), extra.record());
    let dmarc = auth.txt_raw_lookup("_dmarc.ietf.example.").await?;
    assert_eq!(text(&dmarc), "v=DMARC1; p=reject");
    assert!(
        auth.txt_raw_lookup("_dmarc.iab.example.").await.is_err(),
        "not in this zone"
    );
    assert!(dns.log().contains("query[TXT] s1._domainkey.ietf.example"));
    Ok(())
}

#[tokio::test]
async fn signatures_verify_through_the_stacks_dnsmasq_unless_tampered() -> Result<()> {
    let options = StackOptions {
        dkim: true,
        ..StackOptions::default()
    };
    let stack = MailStack::start_with(&[LIAISON], options)?;
    let (keys, auth) = (stack.keys(), stack.dns().authenticator()?);
    let raw = approval(CHAIR, "verify", "");
    let signed = keys.sign(&raw, "ietf.example");
    let results = |m: Vec<u8>| {
        let auth = &auth;
        async move {
            let message = AuthenticatedMessage::parse(&m).expect("parseable");
            auth.verify_dkim(&message)
                .await
                .iter()
                .map(|o| (o.result().clone(), o.signature().map(|s| s.d.clone())))
                .collect::<Vec<_>>()
        }
    };
    let pass = |d: &str| vec![(DkimResult::Pass, Some(d.to_owned()))];
    assert_eq!(results(signed.clone()).await, pass("ietf.example"));
    assert_eq!(
        results(keys.sign_ed25519(&raw, "ietf.example")).await,
        pass("ietf.example")
    );
    let wrong_key = results(dkim::sign(&raw, "ietf.example", "s1", &keys.attacker)).await;
    assert!(
        matches!(wrong_key[0].0, DkimResult::Fail(_)),
        "a key the domain did not publish: {wrong_key:?}"
    );
    assert_eq!(
        results(keys.sign_by_attacker(&raw)).await,
        pass("attacker.example")
    );
    assert_eq!(
        results(keys.sign_by_public_suffix(&raw)).await,
        pass("example")
    );
    let tampered = results(tamper_body(&signed, "Approved", "Rejected")).await;
    assert!(
        matches!(tampered[0].0, DkimResult::Neutral(_)),
        "{tampered:?}"
    );
    let resigned_header = text(&signed).replace("Subject: Re:", "Subject: Fwd:");
    let header_tampered = results(resigned_header.into_bytes()).await;
    assert!(
        matches!(header_tampered[0].0, DkimResult::Fail(_)),
        "{header_tampered:?}"
    );
    assert!(results(raw).await.is_empty(), "unsigned");
    Ok(())
}
