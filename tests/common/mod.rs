pub mod daemon;
pub mod mailstack;
