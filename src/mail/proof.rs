//! Whether a mail is signed for its sender: a DKIM signature aligned with
//! the From domain, checked by liaisond itself or vouched for by the trusted
//! receiving MTA's Authentication-Results. Only a mail with exactly one From
//! address has a sender at all.

use mail_parser::Message;

use super::address::domain_of;
use super::auth_results;
use super::dkim::Verifier;

/// Decides whether mail is signed for its sender.
#[derive(Debug, Default)]
pub struct Prover {
    /// liaisond's own DKIM check; None when the deployment turned it off.
    pub dkim: Option<Verifier>,
    /// authserv-ids of the receiving MTA whose Authentication-Results are believed.
    pub trusted_authserv_ids: Vec<String>,
}

impl Prover {
    /// Whether `msg` is signed for `sender` (its single From address).
    pub async fn signed(&self, msg: &Message<'_>, sender: &str) -> bool {
        let domain = domain_of(sender);
        if domain.is_empty() {
            return false;
        }
        let fields = auth_results::trusted(msg.headers_raw(), &self.trusted_authserv_ids);
        if auth_results::vouch_for(&fields, &domain) {
            return true;
        }
        match &self.dkim {
            Some(v) => v.signed_for(msg.raw_message(), &domain).await,
            None => false,
        }
    }
}
