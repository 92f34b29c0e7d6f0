//! CPU-bound work (hashing, decoding, parsing) inside async code: run where
//! it does not hold up the tasks that only wait, such as the one holding the
//! database writer, whose every query is a wake-up that must not queue
//! behind a megabyte of base64.

/// Runs `f` off the async workers when the runtime has several (the worker
/// hands its other tasks on meanwhile); in place otherwise.
pub fn bound<T>(f: impl FnOnce() -> T) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(f),
        _ => f(),
    }
}

/// Runs `f` to its end on this thread, which does nothing else meanwhile
/// (the worker's other tasks are handed on), when the runtime has several
/// workers; awaits it otherwise. For work made of many short waits, such as
/// the writer's queries: each wake-up goes straight to this thread instead
/// of queueing behind other tasks on the runtime's workers.
pub async fn dedicated<F: Future>(f: F) -> F::Output {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(RuntimeFlavor::MultiThread) => {
            tokio::task::block_in_place(|| Handle::current().block_on(f))
        }
        _ => f.await,
    }
}
