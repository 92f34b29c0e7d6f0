//! DKIM (RFC 6376), checked by liaisond itself through a DNS resolver it is
//! told about, and the alignment that makes a signature speak for a From
//! address: the signing domain and the From domain have the same
//! organisational domain by the public suffix list (relaxed alignment, RFC
//! 7489 3.1.1). A public suffix aligns with nothing.

use std::net::SocketAddr;
use std::time::Duration;

use mail_auth::hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ResolverConfig, ResolverOpts,
};
use mail_auth::{AuthenticatedMessage, DkimResult, MessageAuthenticator};

/// The organisational domain of `domain`, None for a public suffix.
pub fn organisational_domain(domain: &str) -> Option<String> {
    let d = domain.trim_end_matches('.').to_ascii_lowercase();
    psl::domain_str(&d).map(str::to_owned)
}

/// Whether a signing domain speaks for a From domain (relaxed alignment).
pub fn aligned(signing: &str, from: &str) -> bool {
    match (organisational_domain(signing), organisational_domain(from)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// Checks DKIM signatures, looking their keys up in DNS.
pub struct Verifier {
    authenticator: MessageAuthenticator,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verifier")
    }
}

impl Verifier {
    /// Through these name servers (UDP, then TCP), or the system's when none
    /// is given. `timeout` bounds each query.
    pub fn new(servers: &[SocketAddr], timeout: Duration) -> anyhow::Result<Verifier> {
        let authenticator = if servers.is_empty() {
            MessageAuthenticator::new_system_conf()?
        } else {
            let name_servers = servers
                .iter()
                .map(|addr| {
                    let mut udp = ConnectionConfig::udp();
                    udp.port = addr.port();
                    let mut tcp = ConnectionConfig::tcp();
                    tcp.port = addr.port();
                    NameServerConfig::new(addr.ip(), true, vec![udp, tcp])
                })
                .collect();
            let config = ResolverConfig::from_parts(None, vec![], name_servers);
            let mut opts = ResolverOpts::default();
            opts.timeout = timeout;
            opts.attempts = 2;
            MessageAuthenticator::new(config, opts)?
        };
        Ok(Verifier { authenticator })
    }

    /// Whether the message carries a valid DKIM signature aligned with `from_domain`.
    /// Anything but a pass (neutral, fail, temporary or permanent error) is no.
    pub async fn signed_for(&self, raw: &[u8], from_domain: &str) -> bool {
        let Some(msg) = AuthenticatedMessage::parse(raw) else {
            return false;
        };
        let outputs = self.authenticator.verify_dkim(&msg).await;
        for o in &outputs {
            let d = o.signature().map(|s| s.d.as_str()).unwrap_or("-");
            tracing::debug!(d, result = ?o.result(), from_domain, "DKIM");
        }
        outputs
            .iter()
            .filter(|o| matches!(o.result(), DkimResult::Pass))
            .filter_map(|o| o.signature())
            .any(|sig| aligned(&sig.d, from_domain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_on_the_organisational_domain() {
        assert!(aligned("ietf.example", "ietf.example"));
        assert!(aligned("IETF.example.", "ietf.example"));
        assert!(aligned("mail.ietf.example", "ietf.example"));
        assert!(aligned("ietf.example", "lists.ietf.example"));
        assert!(!aligned("example", "ietf.example"));
        assert!(!aligned("example", "example"));
        assert!(!aligned("attacker.example", "ietf.example"));
        assert!(!aligned("co.uk", "ietf.co.uk"));
        assert!(aligned("a.ietf.co.uk", "ietf.co.uk"));
        assert!(!aligned("evil.github.io", "ietf.github.io"));
        assert!(!aligned("", "ietf.example"));
    }
}
