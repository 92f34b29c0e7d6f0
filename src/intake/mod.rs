//! Sources of incoming mail: IMAP mailboxes and local Maildirs. A source
//! hands each message to the pipeline and marks it processed at the source
//! only after the pipeline has committed its bytes.

pub mod imap;
pub mod maildir;
mod tls;

use std::time::Duration;

use tokio::sync::watch;

/// Sleeps for `d` unless shutdown comes first; returns true on shutdown.
pub(crate) async fn sleep_or_shutdown(d: Duration, shutdown: &mut watch::Receiver<bool>) -> bool {
    if *shutdown.borrow() {
        return true;
    }
    tokio::select! {
        _ = tokio::time::sleep(d) => *shutdown.borrow(),
        _ = shutdown.changed() => true,
    }
}
