//! Crash points for the crash-recovery tests: with `LIAISOND_FAULT=NAME` the
//! process aborts at the named point, as a power cut would stop it there.

pub fn point(name: &str) {
    if std::env::var("LIAISOND_FAULT").is_ok_and(|v| v == name) {
        tracing::error!(point = name, "LIAISOND_FAULT: aborting here on purpose");
        std::process::abort();
    }
}
