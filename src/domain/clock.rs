//! The time reminders follow. Normally the wall clock; a deployment can run
//! it from another start and faster ([clock] start, speed) so that a month
//! of reminders can be watched in seconds, in tests and in dry runs.

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone)]
pub struct Clock {
    started: Instant,
    start: DateTime<Utc>,
    speed: f64,
}

impl Clock {
    /// `start` None: now; `speed` 1.0: real time.
    pub fn new(start: Option<DateTime<Utc>>, speed: f64) -> Clock {
        Clock {
            started: Instant::now(),
            start: start.unwrap_or_else(Utc::now),
            speed,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        let elapsed = self.started.elapsed().as_secs_f64() * self.speed;
        self.start + Duration::milliseconds((elapsed * 1000.0) as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fast_clock_runs_from_its_start() {
        let start: DateTime<Utc> = "2026-11-10T00:00:00Z".parse().unwrap();
        let c = Clock::new(Some(start), 86_400.0 * 10.0);
        std::thread::sleep(std::time::Duration::from_millis(100));
        let now = c.now();
        assert!(
            now >= start + Duration::days(1) && now < start + Duration::days(3),
            "{now}"
        );
        let real = Clock::new(None, 1.0);
        assert!((real.now() - Utc::now()).num_seconds().abs() < 2);
    }
}
