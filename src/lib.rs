//! liaisond: receives, records, acknowledges and relays liaison statements
//! by mail (draft-iab-rfc4053bis). Mail flows one way:
//! source -> archive -> classify -> extract -> file -> act -> outbox -> SMTP.

pub mod accuracy;
pub mod ack;
pub mod classify;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod compose;
pub mod config;
pub mod corrections;
pub mod daemon;
pub mod directory;
pub mod distribute;
pub mod doctext;
pub mod extract;
pub mod fault;
pub mod forward;
pub mod intake;
pub mod links;
pub mod outgoing;
pub mod pipeline;
pub mod record;
pub mod reminders;
pub mod reply;
pub mod send;
pub mod statement;
pub mod store;
pub mod web;

use sha2::{Digest, Sha256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
