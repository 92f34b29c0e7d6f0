//! Authentication-Results (RFC 8601): what the deployment's own receiving
//! MTA says of a mail's DKIM signatures and DMARC. Section 5: only the fields
//! that MTA added are believed, and those sit above its own `Received` line;
//! any claiming its authserv-id further down were in the mail when it came,
//! written by whoever sent it. A pass counts only when it speaks for the
//! From domain: `dkim=pass` with a `header.d` aligned with it (the same
//! organisational domain by the public suffix list). A `dmarc=pass` alone
//! does not count: OpenDMARC 1.4 aligns by suffix, so a signature of a
//! public suffix ("d=example" for From @ietf.example) passes there.

use super::dkim::aligned;

/// One result of an Authentication-Results field: `dkim=pass` with its properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResInfo {
    pub method: String,
    pub result: String,
    /// (ptype.property, value), e.g. ("header.d", "ietf.org").
    pub props: Vec<(String, String)>,
}

impl ResInfo {
    fn prop(&self, name: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An Authentication-Results field: its authserv-id and its results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub authserv_id: String,
    pub results: Vec<ResInfo>,
}

/// The fields a trusted MTA wrote: those with its authserv-id above the first
/// `Received` it added (`by <authserv-id>`). Without such a `Received`,
/// nothing is trusted. `headers` in the order of the message, top first.
pub fn trusted<'a>(
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    trusted_ids: &[String],
) -> Vec<Field> {
    let is_trusted = |id: &str| trusted_ids.iter().any(|t| t.eq_ignore_ascii_case(id));
    let mut above = Vec::new();
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("Received") {
            if received_by(value).is_some_and(|by| is_trusted(&by)) {
                return above;
            }
        } else if name.eq_ignore_ascii_case("Authentication-Results")
            && let Some(f) = parse(value).filter(|f| is_trusted(&f.authserv_id))
        {
            above.push(f);
        }
    }
    Vec::new()
}

/// Whether trusted fields vouch for mail from `from_domain`: a DKIM pass
/// whose signing domain is aligned with it.
pub fn vouch_for(fields: &[Field], from_domain: &str) -> bool {
    fields.iter().flat_map(|f| &f.results).any(|r| {
        let signer = r.prop("header.d").or_else(|| {
            r.prop("header.i")
                .and_then(|i| i.rsplit_once('@').map(|(_, d)| d))
        });
        r.method == "dkim" && r.result == "pass" && signer.is_some_and(|d| aligned(d, from_domain))
    })
}

/// The host after "by" in a Received field.
fn received_by(value: &str) -> Option<String> {
    let text = without_comments(value);
    let mut words = text.split_whitespace();
    while let Some(w) = words.next() {
        if w.eq_ignore_ascii_case("by") {
            return words.next().map(|h| h.trim_end_matches(';').to_lowercase());
        }
    }
    None
}

/// Parses one field: `authserv-id [version] ; resinfo ; resinfo ...`, with
/// comments removed and quoted strings kept whole (a `;` inside either is text).
pub fn parse(value: &str) -> Option<Field> {
    let text = without_comments(value);
    let mut parts = split_outside_quotes(&text, ';').into_iter();
    let authserv_id = parts.next()?.split_whitespace().next()?.to_lowercase();
    let results = parts.filter_map(|p| resinfo(&p)).collect();
    Some(Field {
        authserv_id,
        results,
    })
}

/// `method=result reason="..." ptype.property=value ...`
fn resinfo(text: &str) -> Option<ResInfo> {
    let words = split_outside_quotes(text.trim(), ' ');
    let mut words = words.iter().map(|w| w.trim()).filter(|w| !w.is_empty());
    let (method, result) = words.next()?.split_once('=')?;
    let props = words
        .filter_map(|w| w.split_once('='))
        .map(|(k, v)| (k.to_lowercase(), v.trim_matches('"').to_lowercase()))
        .collect();
    Some(ResInfo {
        method: method.to_lowercase(),
        result: result.to_lowercase(),
        props,
    })
}

/// The text without RFC 5322 comments (nested parentheses, escapes), quoted strings untouched.
fn without_comments(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for c in value.chars() {
        if escaped {
            escaped = false;
            if depth == 0 {
                out.push(c);
            }
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                if depth == 0 {
                    out.push(c);
                }
            }
            '"' if depth == 0 => {
                quoted = !quoted;
                out.push(c);
            }
            '(' if !quoted => depth += 1,
            ')' if !quoted && depth > 0 => {
                depth -= 1;
                out.push(' ');
            }
            _ if depth == 0 => out.push(if c.is_whitespace() { ' ' } else { c }),
            _ => {}
        }
    }
    out
}

/// Splits at `sep` outside double quotes.
fn split_outside_quotes(text: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                parts.last_mut().expect("one part").push(c);
            }
            c if c == sep && !quoted => parts.push(String::new()),
            c => parts.last_mut().expect("one part").push(c),
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> Vec<String> {
        vec!["mx.iab.example".into()]
    }

    const OURS: &str = "from client.example (localhost [127.0.0.1])\n\tby mx.iab.example (Postfix) with ESMTP id 0EC9B98E070";

    fn vouches(headers: &[(&str, &str)], from: &str) -> bool {
        vouch_for(&trusted(headers.iter().copied(), &ids()), from)
    }

    #[test]
    fn opendkim_and_opendmarc_as_they_write_them() {
        let dkim = "mx.iab.example;\n\tdkim=pass (2048-bit key; unprotected) header.d=ietf.example header.i=@ietf.example header.a=rsa-sha256 header.s=s1 header.b=msdYdf1b;\n\tdkim-atps=neutral";
        assert!(vouches(
            &[("Authentication-Results", dkim), ("Received", OURS)],
            "ietf.example"
        ));
        // OpenDMARC's pass alone is not enough: it aligns by suffix.
        let dmarc = "mx.iab.example; dmarc=pass (p=reject dis=none) header.from=ietf.example";
        assert!(!vouches(
            &[("Authentication-Results", dmarc), ("Received", OURS)],
            "ietf.example"
        ));
        // A subdomain's signature speaks for its organisation (relaxed alignment).
        let sub = "mx.iab.example; dkim=pass header.d=mail.ietf.example";
        assert!(vouches(
            &[("Authentication-Results", sub), ("Received", OURS)],
            "ietf.example"
        ));
    }

    #[test]
    fn a_field_the_sender_wrote_counts_for_nothing() {
        let fake = "mx.iab.example; dkim=pass header.d=ietf.example";
        let real = "mx.iab.example; dkim=none; dkim-atps=neutral";
        // The forger's field sits below our MTA's Received.
        assert!(!vouches(
            &[
                ("Authentication-Results", real),
                ("Received", OURS),
                ("Authentication-Results", fake)
            ],
            "ietf.example"
        ));
        // Without our MTA's Received, nothing is believed.
        assert!(!vouches(
            &[("Authentication-Results", fake)],
            "ietf.example"
        ));
        // Another authserv-id is not ours.
        let other = "evil.example; dkim=pass header.d=ietf.example";
        assert!(!vouches(
            &[("Authentication-Results", other), ("Received", OURS)],
            "ietf.example"
        ));
    }

    #[test]
    fn a_pass_for_another_domain_is_not_a_pass_for_this_one() {
        let dmarc = "mx.iab.example; dmarc=pass header.from=attacker.example";
        assert!(!vouches(
            &[("Authentication-Results", dmarc), ("Received", OURS)],
            "ietf.example"
        ));
        let dkim = "mx.iab.example; dkim=pass header.d=attacker.example";
        assert!(!vouches(
            &[("Authentication-Results", dkim), ("Received", OURS)],
            "ietf.example"
        ));
        // A parent that is a public suffix aligns with nothing.
        let parent = "mx.iab.example; dkim=pass header.d=example";
        assert!(!vouches(
            &[("Authentication-Results", parent), ("Received", OURS)],
            "ietf.example"
        ));
        let fail = "mx.iab.example; dkim=fail reason=\"signature verification failed\" (2048-bit key; unprotected) header.d=ietf.example";
        assert!(!vouches(
            &[("Authentication-Results", fail), ("Received", OURS)],
            "ietf.example"
        ));
    }

    #[test]
    fn comments_and_quotes_do_not_split_results() {
        let f = parse("mx.iab.example 1; dkim=pass (a; b (nested; c)) reason=\"x; y\" header.d=ietf.example; spf=none").unwrap();
        assert_eq!(f.authserv_id, "mx.iab.example");
        assert_eq!(f.results.len(), 2);
        assert_eq!(f.results[0].prop("header.d"), Some("ietf.example"));
        assert_eq!(f.results[1].method, "spf");
    }
}
