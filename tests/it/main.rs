//! The integration tests, one binary: a module per area, the harness in
//! `support` (real Dovecot and Postfix, the daemon, a public record, and
//! builders for the daemon's configuration and group directory).

mod approval;
mod browser;
mod cli;
mod corpus;
mod corrections;
mod deadlines;
mod doctext;
mod faults;
mod harness_smoke;
mod mail_flow;
mod mails;
mod malformed;
mod operations;
mod support;
mod tls;
mod trust;
mod web;
