//! The scheduler's clock: the system's, or for tests one that starts at a given instant and
//! runs faster, the same in every process given the same settings (so that two processes
//! agree on the slots without waiting minutes of real time).

use chrono::{DateTime, TimeDelta, Utc};

/// What time it is for the scheduler.
#[derive(Clone, Copy, Debug)]
pub enum Clock {
    /// The system clock.
    System,
    /// `origin` at the real instant `real_start`, then `speed` times faster than real time.
    Scaled {
        /// The scheduler's time at `real_start`.
        origin: DateTime<Utc>,
        /// The real instant it corresponds to.
        real_start: DateTime<Utc>,
        /// How many scheduler seconds pass per real second.
        speed: u32,
    },
}

impl Clock {
    /// The scheduler's current time.
    pub fn now(&self) -> DateTime<Utc> {
        match *self {
            Clock::System => Utc::now(),
            Clock::Scaled {
                origin,
                real_start,
                speed,
            } => {
                let real = Utc::now() - real_start;
                let scaled = real.checked_mul(i32::try_from(speed).unwrap_or(i32::MAX));
                origin + scaled.unwrap_or(TimeDelta::MAX / 2)
            }
        }
    }
}
