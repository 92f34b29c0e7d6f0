//! Who may do what by mail, in one table (draft-iab-rfc4053bis 4.1 and 5).
//! Every action by mail is decided here from three things: what the sender
//! is to the statement (their standing, from the directory), the action and
//! the statement's state, and how the sender is proven. The From header
//! alone proves nothing.

use std::fmt;

use strum::{AsRefStr, Display, EnumIter, EnumString, IntoStaticStr};

use super::names::named;
use super::{Direction, State};

/// What a mail asks liaisond to do.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, AsRefStr, IntoStaticStr, EnumString, EnumIter, Display,
)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    /// File an outgoing statement and ask its approvers.
    Submit,
    Approve,
    Reject,
    /// The submitter takes back a statement still pending approval.
    Withdraw,
    /// Send an incoming statement to other groups instead.
    Redirect,
    /// Correct a field of an incoming statement (purpose, deadline, To, From-Contact, title).
    Correct,
    /// It was answered by another statement.
    Responded,
    Close,
    Note,
}

/// What the sender is to the statement, by the directory's roles.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, AsRefStr, IntoStaticStr, EnumString, EnumIter, Display,
)]
#[strum(serialize_all = "snake_case")]
pub enum Standing {
    /// An IAB liaison coordinator.
    Coordinator,
    /// The liaison manager of an organisation on either side.
    LiaisonManager,
    /// A chair or AD of an IETF group the statement is addressed to.
    GroupOfficer,
    /// Holds the role that approves statements from the sending group (an outgoing statement's).
    Approver,
    /// Submitted this outgoing statement.
    Submitter,
    /// Holds a role that may submit for the sending group (a chair or AD).
    MaySubmit,
}

/// How the sender is proven.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, AsRefStr, IntoStaticStr, EnumString, EnumIter, Display,
)]
#[strum(serialize_all = "snake_case")]
pub enum Proof {
    /// The From header only: proves nothing.
    None,
    /// An answer to a tokenised address liaisond mailed to that person: possession of the mailbox.
    Token,
    /// A DKIM signature aligned with the From domain (checked by liaisond or the trusted MTA).
    Signature,
    /// Token and signature both.
    TokenAndSignature,
    /// liaisond itself (expiry, a relay that went out).
    System,
}

named!(Action, Standing, Proof);

impl Proof {
    pub fn has_token(self) -> bool {
        matches!(self, Proof::Token | Proof::TokenAndSignature)
    }

    pub fn has_signature(self) -> bool {
        matches!(self, Proof::Signature | Proof::TokenAndSignature)
    }

    /// This proof with a signature added or not.
    pub fn with_signature(self, signed: bool) -> Proof {
        match (self, signed) {
            (Proof::Token, true) => Proof::TokenAndSignature,
            (Proof::None, true) => Proof::Signature,
            (p, _) => p,
        }
    }
}

/// What the policy says to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Do it; the statement moves to `to` when it changes state.
    Allow {
        to: Option<State>,
    },
    /// Allowed for this person, but only once they answer a confirmation
    /// mailed to their address in the directory (they are not proven yet).
    Confirm,
    Refuse(Refusal),
}

/// Why a request is refused, for the record and for a verified sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Nobody in these standings may do this.
    NotEntitled(Action),
    /// Not in this state (and, for corrections, not in this direction).
    WrongState {
        action: Action,
        state: State,
        direction: Direction,
    },
    /// The action needs a kind of proof the mail does not have.
    Unproven { action: Action, needs: &'static str },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotEntitled(a) => write!(f, "{} may not be done by this sender", a.human()),
            Refusal::WrongState {
                action,
                state,
                direction,
            } => write!(
                f,
                "an {} statement that is {} cannot be {}",
                direction.as_str(),
                state.human(),
                action.done()
            ),
            Refusal::Unproven { action, needs } => {
                write!(f, "{} needs {needs}", action.human())
            }
        }
    }
}

/// One row of the table: who may, from which states (to which), with what proof.
pub struct Rule {
    pub action: Action,
    pub who: &'static [Standing],
    /// Directions the action applies to.
    pub direction: &'static [Direction],
    /// (from, to): to None when the state does not change.
    pub states: &'static [(State, Option<State>)],
    /// Whether a token is required (approvals), beyond any proof.
    pub needs_token: bool,
}

use Standing::*;
use State::*;

const CORRECTORS: &[Standing] = &[Coordinator, LiaisonManager, GroupOfficer];
const INCOMING: &[Direction] = &[Direction::Incoming];
const BOTH: &[Direction] = &[Direction::Incoming, Direction::Outgoing];
/// The states of an incoming statement on the public record.
const ON_RECORD: &[(State, Option<State>)] = &[
    (Received, None),
    (AwaitingResponse, None),
    (Responded, None),
    (Closed, None),
];

/// Every action by mail: who may, in which states, and what it does to the state.
pub const RULES: &[Rule] = &[
    Rule {
        action: Action::Submit,
        who: &[MaySubmit],
        direction: &[Direction::Outgoing],
        states: &[],
        needs_token: false,
    },
    Rule {
        action: Action::Approve,
        who: &[Approver],
        direction: &[Direction::Outgoing],
        states: &[(PendingApproval, Some(Approved))],
        needs_token: true,
    },
    Rule {
        action: Action::Reject,
        who: &[Approver],
        direction: &[Direction::Outgoing],
        states: &[(PendingApproval, Some(Rejected))],
        needs_token: true,
    },
    Rule {
        action: Action::Withdraw,
        who: &[Submitter],
        direction: &[Direction::Outgoing],
        states: &[(PendingApproval, Some(Withdrawn))],
        needs_token: true,
    },
    Rule {
        action: Action::Redirect,
        who: CORRECTORS,
        direction: INCOMING,
        states: ON_RECORD,
        needs_token: false,
    },
    Rule {
        action: Action::Correct,
        who: CORRECTORS,
        direction: INCOMING,
        states: ON_RECORD,
        needs_token: false,
    },
    Rule {
        action: Action::Responded,
        who: CORRECTORS,
        direction: BOTH,
        states: &[
            (Received, Some(Responded)),
            (AwaitingResponse, Some(Responded)),
            (Sent, Some(Responded)),
            (Responded, None),
        ],
        needs_token: false,
    },
    Rule {
        action: Action::Close,
        who: CORRECTORS,
        direction: BOTH,
        states: &[
            (Received, Some(Closed)),
            (AwaitingResponse, Some(Closed)),
            (Sent, Some(Closed)),
            (Responded, Some(Closed)),
            (Closed, None),
        ],
        needs_token: false,
    },
    Rule {
        action: Action::Note,
        who: CORRECTORS,
        direction: BOTH,
        states: &[
            (Received, None),
            (AwaitingResponse, None),
            (Sent, None),
            (Responded, None),
            (Closed, None),
            (PendingApproval, None),
            (Approved, None),
            (Rejected, None),
            (Withdrawn, None),
            (Expired, None),
        ],
        needs_token: false,
    },
];

/// A request to decide.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub action: Action,
    /// The statement's state and direction; None for a submission (no statement yet).
    pub statement: Option<(State, Direction)>,
    pub standings: &'a [Standing],
    pub proof: Proof,
    /// The deployment wants a signature beside the token for approvals.
    pub approval_needs_signature: bool,
}

/// The policy's answer to one request.
pub fn decide(r: &Request<'_>) -> Verdict {
    let rule = RULES
        .iter()
        .find(|rule| rule.action == r.action)
        .expect("every action has a rule");
    if !rule.who.iter().any(|w| r.standings.contains(w)) {
        return Verdict::Refuse(Refusal::NotEntitled(r.action));
    }
    let to = match r.statement {
        None => None,
        Some((state, direction)) => {
            let step = rule.states.iter().find(|(from, _)| *from == state);
            match step {
                Some((_, to)) if rule.direction.contains(&direction) => *to,
                _ => {
                    return Verdict::Refuse(Refusal::WrongState {
                        action: r.action,
                        state,
                        direction,
                    });
                }
            }
        }
    };
    if rule.needs_token {
        if !r.proof.has_token() {
            let needs = "an answer to liaisond's own mail (a token address)";
            return Verdict::Refuse(Refusal::Unproven {
                action: r.action,
                needs,
            });
        }
        if r.approval_needs_signature && !r.proof.has_signature() && r.action != Action::Withdraw {
            let needs = "a passing DKIM signature of the approver's domain";
            return Verdict::Refuse(Refusal::Unproven {
                action: r.action,
                needs,
            });
        }
        return Verdict::Allow { to };
    }
    match r.proof {
        Proof::None => Verdict::Confirm,
        _ => Verdict::Allow { to },
    }
}

impl Action {
    /// As people say it: "closing", "approval".
    pub fn human(self) -> &'static str {
        match self {
            Action::Submit => "submitting a statement",
            Action::Approve => "approving",
            Action::Reject => "rejecting",
            Action::Withdraw => "withdrawing",
            Action::Redirect => "redirecting",
            Action::Correct => "correcting",
            Action::Responded => "marking as answered",
            Action::Close => "closing",
            Action::Note => "adding a note",
        }
    }

    /// "closed", "redirected".
    fn done(self) -> &'static str {
        match self {
            Action::Submit => "submitted",
            Action::Approve => "approved",
            Action::Reject => "rejected",
            Action::Withdraw => "withdrawn",
            Action::Redirect => "redirected",
            Action::Correct => "corrected",
            Action::Responded => "marked as answered",
            Action::Close => "closed",
            Action::Note => "annotated",
        }
    }
}

impl State {
    /// As people read it: "pending approval".
    pub fn human(self) -> String {
        self.as_str().replace('_', " ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(
        action: Action,
        state: Option<(State, Direction)>,
        who: &[Standing],
        proof: Proof,
    ) -> Verdict {
        decide(&Request {
            action,
            statement: state,
            standings: who,
            proof,
            approval_needs_signature: false,
        })
    }

    const IN: Direction = Direction::Incoming;
    const OUT: Direction = Direction::Outgoing;

    #[test]
    fn a_stranger_may_do_nothing_whatever_the_proof() {
        for action in Action::all() {
            for proof in Proof::all() {
                let v = verdict(action, Some((Received, IN)), &[], proof);
                assert!(
                    matches!(v, Verdict::Refuse(Refusal::NotEntitled(_))),
                    "{action} {proof}: {v:?}"
                );
            }
        }
    }

    #[test]
    fn corrections_need_a_proof_or_a_confirmation() {
        let who = [Coordinator];
        assert_eq!(
            verdict(Action::Redirect, Some((Received, IN)), &who, Proof::None),
            Verdict::Confirm
        );
        assert_eq!(
            verdict(
                Action::Redirect,
                Some((Received, IN)),
                &who,
                Proof::Signature
            ),
            Verdict::Allow { to: None }
        );
        assert_eq!(
            verdict(
                Action::Close,
                Some((Received, IN)),
                &[GroupOfficer],
                Proof::Token
            ),
            Verdict::Allow { to: Some(Closed) }
        );
    }

    #[test]
    fn nothing_unapproved_becomes_public_through_a_correction() {
        for state in [PendingApproval, Rejected, Withdrawn, Expired, Approved] {
            for action in [
                Action::Close,
                Action::Responded,
                Action::Redirect,
                Action::Correct,
            ] {
                let v = verdict(action, Some((state, OUT)), &[Coordinator], Proof::Signature);
                assert!(
                    matches!(v, Verdict::Refuse(Refusal::WrongState { .. })),
                    "{action} on {state}: {v:?}"
                );
            }
        }
        // What is on the record may be closed.
        assert_eq!(
            verdict(
                Action::Close,
                Some((Sent, OUT)),
                &[Coordinator],
                Proof::Signature
            ),
            Verdict::Allow { to: Some(Closed) }
        );
    }

    #[test]
    fn approvals_need_the_token_and_the_approver() {
        let pending = Some((PendingApproval, OUT));
        assert_eq!(
            verdict(Action::Approve, pending, &[Approver], Proof::Token),
            Verdict::Allow { to: Some(Approved) }
        );
        assert!(matches!(
            verdict(Action::Approve, pending, &[Approver], Proof::Signature),
            Verdict::Refuse(Refusal::Unproven { .. })
        ));
        assert!(matches!(
            verdict(Action::Approve, pending, &[Coordinator], Proof::Token),
            Verdict::Refuse(Refusal::NotEntitled(_))
        ));
        assert!(matches!(
            verdict(
                Action::Approve,
                Some((Approved, OUT)),
                &[Approver],
                Proof::Token
            ),
            Verdict::Refuse(Refusal::WrongState { .. })
        ));
        let strict = decide(&Request {
            action: Action::Approve,
            statement: pending,
            standings: &[Approver],
            proof: Proof::Token,
            approval_needs_signature: true,
        });
        assert!(
            matches!(strict, Verdict::Refuse(Refusal::Unproven { .. })),
            "{strict:?}"
        );
    }

    #[test]
    fn a_submission_needs_a_submitting_role() {
        assert_eq!(
            verdict(Action::Submit, None, &[MaySubmit], Proof::None),
            Verdict::Confirm
        );
        assert_eq!(
            verdict(Action::Submit, None, &[MaySubmit], Proof::Signature),
            Verdict::Allow { to: None }
        );
        assert!(matches!(
            verdict(Action::Submit, None, &[Coordinator], Proof::Signature),
            Verdict::Refuse(_)
        ));
    }
}
