pub mod config;
pub mod daemon;
pub mod directory;
pub mod dkim;
pub mod dns;
pub mod mailstack;
pub mod milters;
pub mod record;
