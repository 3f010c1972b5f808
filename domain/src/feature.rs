//! The seven feature flags (SPEC 9): each switches a part of the product off, its routes
//! answering 404 `feature_disabled` and its jobs not running.

use std::fmt;

/// A part of the product that can be switched off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feature {
    /// CSV upload of listener metrics (`POST /etl/csv`).
    EtlCsvUpload,
    /// Matchmaking: `/matches`, the fit part of the advertiser dashboard, the
    /// recalculate-matches job.
    Matchmaking,
    /// IO bookings: `/io...`, the makegood-detection job.
    IoBookings,
    /// The deal pipeline: `/deals...`, `/pipeline`, the pipeline-alerts job.
    DealPipeline,
    /// The dashboard cards: `/dashboard/...`.
    DashboardCards,
    /// Automation: `/automation/...`, alerts, webhooks and the scheduler.
    AutomationJobs,
    /// Google Sheets import (`POST /etl/google-sheets`).
    GoogleSheetsImport,
}

impl Feature {
    /// Every flag.
    pub const ALL: [Feature; 7] = [
        Feature::EtlCsvUpload,
        Feature::Matchmaking,
        Feature::IoBookings,
        Feature::DealPipeline,
        Feature::DashboardCards,
        Feature::AutomationJobs,
        Feature::GoogleSheetsImport,
    ];

    /// The environment variable that switches it.
    pub fn variable(self) -> &'static str {
        match self {
            Feature::EtlCsvUpload => "ENABLE_ETL_CSV_UPLOAD",
            Feature::Matchmaking => "ENABLE_MATCHMAKING",
            Feature::IoBookings => "ENABLE_IO_BOOKINGS",
            Feature::DealPipeline => "ENABLE_DEAL_PIPELINE",
            Feature::DashboardCards => "ENABLE_NEW_DASHBOARD_CARDS",
            Feature::AutomationJobs => "ENABLE_AUTOMATION_JOBS",
            Feature::GoogleSheetsImport => "ENABLE_GOOGLE_SHEETS_IMPORT",
        }
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.variable())
    }
}

/// A flag's value that is neither on nor off.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{variable}={value:?} is not a flag value: use true, 1 or on (any case) to switch it on, false, 0 or off to switch it off")]
pub struct InvalidFlag {
    /// The variable.
    pub variable: &'static str,
    /// What it held.
    pub value: String,
}

/// Reads a flag's value: `true`, `1`, `on` are on and `false`, `0`, `off` off (any case,
/// surrounding spaces ignored); anything else is an error naming the variable.
pub fn parse_flag(feature: Feature, value: &str) -> Result<bool, InvalidFlag> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "on" => Ok(true),
        "false" | "0" | "off" => Ok(false),
        _ => Err(InvalidFlag {
            variable: feature.variable(),
            value: value.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_values_follow_spec_9() {
        let f = Feature::Matchmaking;
        for on in ["true", "TRUE", "1", "On", " on "] {
            assert_eq!(parse_flag(f, on), Ok(true), "{on}");
        }
        for off in ["false", "False", "0", "OFF"] {
            assert_eq!(parse_flag(f, off), Ok(false), "{off}");
        }
        for bad in ["yes", "no", "", "2", "enabled"] {
            let error = parse_flag(f, bad).unwrap_err();
            assert_eq!(error.variable, "ENABLE_MATCHMAKING");
            assert!(error.to_string().contains("ENABLE_MATCHMAKING"));
        }
    }
}
