//! Statements that come to the IETF: filed once however often they arrive
//! (`record`), acknowledged to their sender (`acknowledge`), put before the
//! coordinators when unsure (`review`), sent on to the groups they are for
//! (`distribute`), linked to what they answer (`links`), and corrected or
//! redirected by mail (`corrections`).

pub mod acknowledge;
pub mod corrections;
pub mod distribute;
pub mod links;
pub mod record;
mod review;

use std::collections::HashSet;

/// What the deployment decided for incoming statements (plain values; the
/// daemon reads them from its configuration).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Acknowledge statements at all.
    pub acknowledge: bool,
    /// Statements from one sender in 24 hours; more are held for review, not distributed.
    pub statements_per_sender_per_day: u32,
    /// A forwarded statement is acknowledged to its original sender.
    pub acknowledge_forwarded: bool,
    /// Base URL of the public record, quoted in acknowledgements.
    pub public_url: Option<String>,
    /// The central address statements are mailed to, named in acknowledgements.
    pub central: Option<String>,
    /// IAB liaison coordinators: told about statements that need review.
    pub coordinators: Vec<String>,
    /// liaisond's own addresses, lower-case: never answered, never a recipient.
    pub own: HashSet<String>,
}
