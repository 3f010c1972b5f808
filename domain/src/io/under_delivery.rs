//! The automatic makegood rule (docs/rules.md, makegoods).
//!
//! > When a CPM line's flight has ended `under_delivered`, a makegood is owed for
//! > `goal - delivered` impressions (raised automatically by the system, once).
//!
//! `under_delivered` is the pacing status after the flight when
//! `delivered < goal * (1 - tolerance)` (see [`pacing`](super::pacing::pacing)).

use chrono::NaiveDate;

use super::{LineItem, MakegoodTolerance};

/// The impressions owed on `line` as of `as_of`: `Some(goal - delivered)` when it is a CPM
/// line, its flight ended before `as_of`, and `delivered < goal * (1 - tolerance)`; else
/// `None` (flat lines, running flights, delivered lines).
pub fn owed_makegood(
    line: &LineItem,
    tolerance: MakegoodTolerance,
    delivered: u64,
    as_of: NaiveDate,
) -> Option<u64> {
    let goal = line.pricing().goal()?;
    if !line.flight().has_ended(as_of) || tolerance.is_met(goal, delivered) {
        return None;
    }
    Some(goal - delivered)
}
