//! The top: reading the configuration (`config`, the only place that does),
//! wiring sources, store, workflows and outbox together (`wiring`), the
//! daemon (`daemon`) and the other commands (`cli`).

pub mod admin;
pub mod cli;
pub mod config;
pub mod daemon;
pub mod ops;
mod strict;
mod wiring;

pub use wiring::Wired;
