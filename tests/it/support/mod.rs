pub mod daemon;
pub mod mailstack;
pub mod record;
