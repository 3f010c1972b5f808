//! The alerts of an open deal (SPEC 5): `stale` when nothing happened to it for 14 days,
//! `overdue` when its expected close date has passed.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::DealStage;

snake_enum!(
    /// What an alert says about an open deal.
    AlertKind, "alert kind (stale, overdue)", "unknown_alert_kind", {
        /// Its last activity day is 14 or more days before the day of the question.
        Stale => "stale",
        /// Its expected close date is before the day of the question.
        Overdue => "overdue",
    }
);

/// Days without activity after which an open deal is stale.
pub const STALE_AFTER_DAYS: u64 = 14;

/// One alert on a deal, as of some day.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, schemars::JsonSchema)]
pub struct Alert {
    /// Stale or overdue.
    pub kind: AlertKind,
    /// The first day on which the alert holds: for `stale` the last activity day + 14, for
    /// `overdue` the expected close date + 1. An alert holds as of every later day until the
    /// deal changes, so `since` does not move with `as_of`.
    pub since: NaiveDate,
}

/// What the alerts of a deal are judged on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlertFacts {
    /// The deal's stage (closed deals have no alert).
    pub stage: DealStage,
    /// The latest of its `created_on` and the days of its later events.
    pub last_activity_on: NaiveDate,
    /// The day it is expected to close.
    pub expected_close_date: NaiveDate,
}

/// The alerts of a deal as of `as_of`, `stale` before `overdue`; none for a closed deal.
/// `stale`: the last activity day is on or before `as_of - 14`; `overdue`: the expected
/// close date is before `as_of`.
pub fn deal_alerts(as_of: NaiveDate, facts: AlertFacts) -> Vec<Alert> {
    if !facts.stage.is_open() {
        return Vec::new();
    }
    let stale_since = (facts.last_activity_on)
        .checked_add_days(Days::new(STALE_AFTER_DAYS))
        .filter(|since| *since <= as_of)
        .map(|since| Alert {
            kind: AlertKind::Stale,
            since,
        });
    let overdue_since = (facts.expected_close_date)
        .checked_add_days(Days::new(1))
        .filter(|since| *since <= as_of)
        .map(|since| Alert {
            kind: AlertKind::Overdue,
            since,
        });
    stale_since.into_iter().chain(overdue_since).collect()
}
