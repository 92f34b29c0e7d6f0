//! Crash points for the crash-recovery tests: with `LIAISOND_FAULT=NAME` the
//! process aborts at the named point, as a power cut would stop it there;
//! with `LIAISOND_FAULT=panic:NAME` the task running there panics instead (a
//! bug in one task, which must stop the daemon, not go unnoticed).

pub fn point(name: &str) {
    let Ok(fault) = std::env::var("LIAISOND_FAULT") else {
        return;
    };
    if fault == name {
        tracing::error!(point = name, "LIAISOND_FAULT: aborting here on purpose");
        std::process::abort();
    }
    if fault.strip_prefix("panic:") == Some(name) {
        tracing::error!(point = name, "LIAISOND_FAULT: panicking here on purpose");
        panic!("LIAISOND_FAULT: panic at {name}");
    }
}
