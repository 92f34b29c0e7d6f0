//! Faults for the fault tests. With `LIAISOND_FAULT=NAME` the process aborts
//! at the named point, as a power cut would stop it there; with
//! `LIAISOND_FAULT=panic:NAME` the task running there panics instead (a bug
//! in one task, which must stop the daemon, not go unnoticed); or, for a
//! point that fails instead, the first `LIAISOND_FAULT_TIMES` (default 1)
//! passes fail with an error.

use std::sync::atomic::{AtomicU32, Ordering};

fn armed(name: &str) -> bool {
    std::env::var("LIAISOND_FAULT").is_ok_and(|v| v == name)
}

pub fn point(name: &str) {
    if armed(name) {
        tracing::error!(point = name, "LIAISOND_FAULT: aborting here on purpose");
        std::process::abort();
    }
    if armed(&format!("panic:{name}")) {
        tracing::error!(point = name, "LIAISOND_FAULT: panicking here on purpose");
        panic!("LIAISOND_FAULT: panic at {name}");
    }
}

/// An error the first times this point is passed, when armed.
pub fn error(name: &str) -> anyhow::Result<()> {
    static PASSED: AtomicU32 = AtomicU32::new(0);
    if !armed(name) {
        return Ok(());
    }
    let times: u32 = std::env::var("LIAISOND_FAULT_TIMES")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(1);
    if PASSED.fetch_add(1, Ordering::SeqCst) < times {
        anyhow::bail!("LIAISOND_FAULT: {name} fails here on purpose");
    }
    Ok(())
}
