//! liaisond: receives, records, acknowledges and relays liaison statements
//! by mail (draft-iab-rfc4053bis). Mail flows one way, and the modules
//! follow it:
//!
//! ```text
//! intake (IMAP, Maildir) -> pipeline (archive, classify, route)
//!   -> extract (fields, attachment text)
//!   -> incoming (record, acknowledge, distribute, link, correct)
//!      | outgoing (submit, approve, relay) | reminders | summary
//!   -> outbox (queue, SMTP)
//! ```
//!
//! Beneath them all: `domain` (the statement, its states, events and review
//! reasons, the group directory) and `mail` (what is true of any mail);
//! `store` keeps everything and holds every SQL statement; `web` serves the
//! public record from the store; `app` reads the configuration and wires
//! the rest together.

pub mod app;
pub mod cpu;
pub mod domain;
pub mod extract;
pub mod fault;
pub mod incoming;
pub mod intake;
pub mod mail;
pub mod outbox;
pub mod outgoing;
pub mod pipeline;
pub mod reminders;
pub mod store;
pub mod summary;
pub mod telemetry;
pub mod web;
