//! Automation (SPEC 8): the five jobs, how a run was started and how it ended, and the
//! alerts the jobs raise and clear (an aggregate of their own, so that raising and
//! clearing are events in the log).

mod alert;
mod job;
#[cfg(test)]
mod tests;

pub use alert::{Alert, AlertCommand, AlertError, AlertEvent, AlertKind, AlertState, AlertSubject};
pub use job::{Job, RunOutcome, Trigger};
