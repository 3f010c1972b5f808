//! The inventory calendar (SPEC 7; docs/rules.md, inventory calendar).
//!
//! > Inventory calendar, per show, placement and ISO week: `slots = episodes_per_week *
//! > slots_per_episode`; `booked` = number of line items of signed, not cancelled IOs on
//! > that show and placement whose flight overlaps the week, times episodes_per_week;
//! > `available = slots - booked`; a negative value is shown as overbooked.
//!
//! **Fractions.** `episodes_per_week` may be a fraction (0.5 is fortnightly), and a week's
//! slots are then an average: a fortnightly show with 2 mid slots per episode has 1.0 mid
//! slot a week, and one line booked on it takes 0.5. Slots are neither rounded down (a
//! fortnightly show would show no slots at all) nor up (it would show slots it does not
//! have). `episodes_per_week` is read to two decimal places (hundredths; 1/3 is 0.33) and
//! the figures are exact multiples of it, so they print as typed (`0.3`, never
//! `0.30000000000000004`). A week is overbooked when `available < 0`, which is when more
//! lines overlap it than an episode has slots (and the show publishes at all).

use serde::{Deserialize, Serialize};

use super::week::{flight_overlaps_week, IsoWeek};
use crate::catalog::MAX_EPISODES_PER_WEEK;
use crate::io::Flight;

/// One week of a show's placement. Field names are those of the advertiser dashboard's
/// `inventory` items (SPEC 7.1), less `show_id` and `placement`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub struct InventoryWeek {
    /// The ISO week, `2026-W49`.
    pub week: String,
    /// Its Monday.
    pub week_start: chrono::NaiveDate,
    /// `episodes_per_week × slots_per_episode`.
    pub slots: f64,
    /// `booked lines × episodes_per_week`.
    pub booked: f64,
    /// `slots - booked`; negative when overbooked.
    pub available: f64,
    /// `available < 0`.
    pub overbooked: bool,
}

/// The inventory of one show's placement in `week`, with `overlapping_line_count` lines
/// booked on it (see the module's rule). `episodes_per_week` outside `0..=50` (the show
/// profile's bounds) counts as the nearest bound.
pub fn inventory(
    episodes_per_week: f64,
    slots_per_episode: u32,
    overlapping_line_count: u32,
    week: IsoWeek,
) -> InventoryWeek {
    let per_week = hundredths(episodes_per_week);
    let slots = per_week * i64::from(slots_per_episode);
    let booked = per_week * i64::from(overlapping_line_count);
    let available = slots - booked;
    let figure = |h: i64| h as f64 / 100.0;
    InventoryWeek {
        week: week.label(),
        week_start: week.start(),
        slots: figure(slots),
        booked: figure(booked),
        available: figure(available),
        overbooked: available < 0,
    }
}

/// The inventory of one show's placement over `weeks`: each week counts the
/// `booked_flights` (of lines of signed, not cancelled IOs on that show and placement)
/// that overlap it.
pub fn calendar(
    episodes_per_week: f64,
    slots_per_episode: u32,
    booked_flights: &[Flight],
    weeks: &[IsoWeek],
) -> Vec<InventoryWeek> {
    (weeks.iter())
        .map(|&week| {
            let overlapping = (booked_flights.iter())
                .filter(|flight| flight_overlaps_week(flight, week))
                .count();
            let lines = u32::try_from(overlapping).unwrap_or(u32::MAX);
            inventory(episodes_per_week, slots_per_episode, lines, week)
        })
        .collect()
}

/// `episodes_per_week` in hundredths, within `0..=50` (a non-number counts 0).
fn hundredths(episodes_per_week: f64) -> i64 {
    if episodes_per_week.is_nan() {
        return 0;
    }
    // At most 5,000 after the clamp, so the conversion is exact.
    (episodes_per_week.clamp(0.0, MAX_EPISODES_PER_WEEK) * 100.0).round() as i64
}
