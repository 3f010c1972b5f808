//! The ETL health of a source (SPEC 6): `failing`, `degraded` or `healthy`.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// How a source of metrics is doing.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EtlStatus {
    /// The last import succeeded with few rejections and the data is recent.
    Healthy,
    /// Neither failing nor healthy.
    Degraded,
    /// The last import failed, nothing was imported in 7 days, or the data is over a week
    /// old.
    Failing,
}

/// What the status of a source is judged on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HealthFacts {
    /// Whether the last import of the source failed.
    pub last_import_failed: bool,
    /// Imports of the source started in the last 7 days (by the clock).
    pub imports_last_7_days: u64,
    /// Rows accepted by the last import.
    pub last_accepted: u64,
    /// Rows rejected by the last import.
    pub last_rejected: u64,
    /// The latest day with data for the source, if any.
    pub latest_day: Option<NaiveDate>,
}

/// Rejected rows at or above this share of the last import's rows (5 %) are not healthy.
pub const HEALTHY_REJECTED_PERCENT: u64 = 5;

impl HealthFacts {
    /// `rejected / (accepted + rejected)` of the last import; 0 when it had no row.
    pub fn rejected_share(&self) -> f64 {
        let total = self.last_accepted + self.last_rejected;
        if total == 0 {
            0.0
        } else {
            self.last_rejected as f64 / total as f64
        }
    }

    /// The status as of day `as_of`: `failing` if the last import failed, or no import in
    /// the last 7 days, or the latest day with data is before `as_of - 7` (or there is
    /// none); else `healthy` if the rejected share is under 5 % and the latest day is
    /// `as_of - 3` or later; else `degraded`.
    pub fn status(&self, as_of: NaiveDate) -> EtlStatus {
        let since = |days| {
            as_of
                .checked_sub_days(Days::new(days))
                .unwrap_or(NaiveDate::MIN)
        };
        let Some(latest) = self.latest_day else {
            return EtlStatus::Failing;
        };
        if self.last_import_failed || self.imports_last_7_days == 0 || latest < since(7) {
            return EtlStatus::Failing;
        }
        // Integer form of rejected / (accepted + rejected) < 5 %.
        let total = self.last_accepted + self.last_rejected;
        let few_rejected =
            self.last_rejected * 100 < HEALTHY_REJECTED_PERCENT * total || total == 0;
        if few_rejected && latest >= since(3) {
            EtlStatus::Healthy
        } else {
            EtlStatus::Degraded
        }
    }
}
