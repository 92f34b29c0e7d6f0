//! Authentication-Results (RFC 8601): a DKIM or DMARC pass, taken only from a
//! header that the deployment's own receiving MTA wrote (its authserv-id).

/// Whether a trusted Authentication-Results header says the mail from
/// `from_domain` passed DMARC, or DKIM with a signature of that domain.
pub fn passes(headers: &[&str], trusted: &[String], from_domain: &str) -> bool {
    headers.iter().any(|h| {
        let mut parts = h.split(';').map(str::trim);
        let authserv = parts
            .next()
            .unwrap_or("")
            .split_whitespace()
            .next()
            .unwrap_or("");
        if !trusted.iter().any(|t| t.eq_ignore_ascii_case(authserv)) {
            return false;
        }
        parts.any(|result| {
            let lower = result.to_lowercase();
            let mut words = lower.split_whitespace();
            match words.next() {
                Some("dmarc=pass") => true,
                Some("dkim=pass") => words.any(|w| {
                    w.strip_prefix("header.d=")
                        .or_else(|| w.strip_prefix("header.i=@"))
                        .is_some_and(|d| {
                            let d = d.trim_end_matches(';');
                            let f = from_domain.to_lowercase();
                            f == d || f.ends_with(&format!(".{d}"))
                        })
                }),
                _ => false,
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::passes;

    fn trusted() -> Vec<String> {
        vec!["mx.iab.example".into()]
    }

    #[test]
    fn a_pass_from_our_own_mta_counts() {
        assert!(passes(
            &["mx.iab.example; dmarc=pass (p=reject) header.from=ietf.example"],
            &trusted(),
            "ietf.example"
        ));
        assert!(passes(
            &["mx.iab.example 1; dkim=pass header.d=ietf.example header.s=s1"],
            &trusted(),
            "ietf.example"
        ));
        assert!(passes(
            &["mx.iab.example; spf=fail; dkim=pass header.i=@ietf.example"],
            &trusted(),
            "mail.ietf.example"
        ));
    }

    #[test]
    fn anything_else_does_not() {
        // Forged by the sender: another authserv-id.
        assert!(!passes(
            &["evil.example; dmarc=pass header.from=ietf.example"],
            &trusted(),
            "ietf.example"
        ));
        assert!(!passes(
            &["mx.iab.example; dmarc=fail header.from=ietf.example"],
            &trusted(),
            "ietf.example"
        ));
        // A valid signature of some other domain.
        assert!(!passes(
            &["mx.iab.example; dkim=pass header.d=attacker.example"],
            &trusted(),
            "ietf.example"
        ));
        assert!(!passes(&[], &trusted(), "ietf.example"));
    }
}
