//! ISO-8601 weeks: Monday to Sunday, numbered within their ISO year (the year of their
//! Thursday), labelled `2026-W49`. 2026 has 53 of them: 2026-W53 is 2026-12-28 ..=
//! 2027-01-03, and 2027-W01 starts on 2027-01-04.

use chrono::{Datelike, Days, NaiveDate};

use crate::io::Flight;

/// An ISO week, named by its Monday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IsoWeek {
    monday: NaiveDate,
}

impl IsoWeek {
    /// The ISO week that holds `day`.
    pub fn containing(day: NaiveDate) -> IsoWeek {
        let back = u64::from(day.weekday().num_days_from_monday());
        let monday = day
            .checked_sub_days(Days::new(back))
            .unwrap_or(NaiveDate::MIN);
        IsoWeek { monday }
    }

    /// Its first day, a Monday (`week_start`).
    pub fn start(&self) -> NaiveDate {
        self.monday
    }

    /// Its last day, a Sunday (the last date chrono knows at the latest).
    pub fn end(&self) -> NaiveDate {
        (self.monday.checked_add_days(Days::new(6))).unwrap_or(NaiveDate::MAX)
    }

    /// Its label, `YYYY-Www` with the ISO year: `2026-W49`, `2026-W53`, `2027-W01`.
    pub fn label(&self) -> String {
        let week = self.monday.iso_week();
        format!("{:04}-W{:02}", week.year(), week.week())
    }

    /// The week after it, if chrono knows its Monday.
    pub fn next(&self) -> Option<IsoWeek> {
        let monday = self.monday.checked_add_days(Days::new(7))?;
        Some(IsoWeek { monday })
    }
}

impl std::fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label())
    }
}

/// The `n` ISO weeks from the one that holds `day`, in order (the inventory calendar's
/// weeks: from the week holding `as_of + 1`).
pub fn weeks_from(day: NaiveDate, n: usize) -> Vec<IsoWeek> {
    std::iter::successors(Some(IsoWeek::containing(day)), IsoWeek::next)
        .take(n)
        .collect()
}

/// Whether `flight` runs on at least one day of `week`.
pub fn flight_overlaps_week(flight: &Flight, week: IsoWeek) -> bool {
    flight.overlaps(week.start(), week.end())
}
