//! The states a statement goes through. Incoming: received, then responded
//! or closed. Outgoing: pending_approval, then approved and sent (or
//! rejected, withdrawn, expired), then responded or closed.

use strum::{AsRefStr, Display, EnumIter, EnumString, IntoStaticStr};

use super::names::named;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, AsRefStr, IntoStaticStr, EnumString, EnumIter, Display,
)]
#[strum(serialize_all = "snake_case")]
pub enum State {
    Received,
    PendingApproval,
    Approved,
    Sent,
    Rejected,
    Withdrawn,
    Expired,
    /// Not stored by liaisond itself; as a filter, For Action statements not yet answered.
    AwaitingResponse,
    Responded,
    Closed,
}

named!(State);

impl State {
    /// States in which a For Action statement still waits for its answer.
    pub const OPEN: [State; 3] = [State::Received, State::Sent, State::AwaitingResponse];

    /// A list of every state's name, for messages.
    pub fn names() -> String {
        State::all()
            .map(State::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}
