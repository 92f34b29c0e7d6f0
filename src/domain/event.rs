//! The names of what happens, as stored: the events of a statement's
//! history, the purposes of the mail liaisond sends, and what each archived
//! message turned out to be.

use strum::{AsRefStr, Display, EnumIter, EnumString, IntoStaticStr};

use super::names::named;

/// One entry of the append-only history.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, AsRefStr, IntoStaticStr, EnumString, EnumIter, Display,
)]
#[strum(serialize_all = "snake_case")]
pub enum EventKind {
    // Incoming statements.
    Recorded,
    ReceivedAgain,
    AckQueued,
    AckSuppressed,
    ReviewRequested,
    Distributed,
    Linked,
    LinkUnsure,
    // Corrections by mail.
    Redirected,
    Corrected,
    Responded,
    Closed,
    Note,
    CommandsRefused,
    Correspondence,
    // Proof by possession of the mailbox.
    ConfirmationRequested,
    Confirmed,
    ConfirmationRefused,
    /// Recorded but held for review: too many statements from one sender.
    Held,
    // Outgoing statements.
    Submitted,
    SubmissionRefused,
    ApprovalRefused,
    UnclearAnswer,
    Approved,
    Rejected,
    Withdrawn,
    Expired,
    ApprovalReminder,
    RelayQueued,
    Sent,
    // Deadlines.
    Reminder,
    ReminderSkipped,
    // Mail that is not a statement, and the outbox.
    Ignored,
    MailSent,
    MailRetry,
    MailFailed,
    MailSendInterrupted,
    /// A mail not queued: its recipient had had enough mail of its kind today.
    MailCapped,
    /// liaisond stopped after the whole mail went to the server, before its
    /// answer: taken as sent (SMTP cannot tell more), not sent again.
    MailSentUnconfirmed,
    /// Queued again by hand (`liaisond outbox retry`).
    MailRequeued,
    /// Not to be sent (`liaisond outbox cancel`).
    MailCancelled,
    /// Processing an archived message failed; it is tried again later.
    ProcessingFailed,
}

/// Why liaisond sends a mail (the outbox's `purpose`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, AsRefStr, IntoStaticStr, EnumString, EnumIter, Display,
)]
#[strum(serialize_all = "snake_case")]
pub enum MailPurpose {
    /// The acknowledgement of a received statement.
    Ack,
    /// A review request to the coordinators.
    Review,
    /// Any other notice about a statement.
    Notice,
    /// A statement sent on to the group it is for.
    Distribute,
    ApprovalRequest,
    /// An approved outgoing statement, sent to the other body.
    Relay,
    Reminder,
    Digest,
    /// "Not submitted": what is wrong with a submission.
    Problems,
    /// An answer that could not be read, and how to answer.
    Help,
    /// What was done (or refused) on a command mail, to its sender.
    Answer,
    /// "Did you send this? Reply confirm": to a role holder's own address.
    Confirmation,
    /// Refused attempts and held statements, to the coordinators once an hour.
    Summary,
}

impl MailPurpose {
    /// Automatic answers to whoever wrote: capped per address (RFC 3834).
    pub const ANSWERS: [MailPurpose; 3] =
        [MailPurpose::Ack, MailPurpose::Problems, MailPurpose::Help];
}

/// What an archived message was, once processed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, AsRefStr, IntoStaticStr, EnumString, EnumIter, Display,
)]
#[strum(serialize_all = "snake_case")]
pub enum RawKind {
    Statement,
    /// A statement that came as list or bulk mail.
    #[strum(serialize = "list")]
    List,
    AutoReply,
    Bounce,
    /// Mail liaisond sent itself.
    Own,
    /// A statement recorded before, by this or another route.
    Duplicate,
    ApprovalReply,
    Submission,
    Commands,
    Correspondence,
    /// Bytes that are not a mail message.
    Unparseable,
}

named!(EventKind, MailPurpose, RawKind);
