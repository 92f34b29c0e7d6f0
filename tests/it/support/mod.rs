pub mod config;
pub mod daemon;
pub mod directory;
pub mod invariants;
pub mod mailstack;
pub mod record;
