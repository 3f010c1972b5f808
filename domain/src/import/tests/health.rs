//! Each branch of the ETL health rule.

use chrono::NaiveDate;

use crate::import::health::{EtlStatus, HealthFacts};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

/// A healthy source as of March 20.
fn healthy() -> HealthFacts {
    HealthFacts {
        last_import_failed: false,
        imports_last_7_days: 1,
        last_accepted: 96,
        last_rejected: 4,
        latest_day: Some(day(17)),
    }
}

#[test]
fn recent_data_with_under_5_percent_rejected_is_healthy() {
    assert_eq!(healthy().status(day(20)), EtlStatus::Healthy);
}

#[test]
fn a_failed_last_import_is_failing() {
    let facts = HealthFacts {
        last_import_failed: true,
        ..healthy()
    };
    assert_eq!(facts.status(day(20)), EtlStatus::Failing);
}

#[test]
fn no_import_in_7_days_is_failing() {
    let facts = HealthFacts {
        imports_last_7_days: 0,
        ..healthy()
    };
    assert_eq!(facts.status(day(20)), EtlStatus::Failing);
}

#[test]
fn data_older_than_a_week_is_failing_and_a_week_old_is_not() {
    let old = HealthFacts {
        latest_day: Some(day(12)),
        ..healthy()
    };
    assert_eq!(old.status(day(20)), EtlStatus::Failing);
    let week = HealthFacts {
        latest_day: Some(day(13)),
        ..healthy()
    };
    assert_eq!(week.status(day(20)), EtlStatus::Degraded);
    let none = HealthFacts {
        latest_day: None,
        ..healthy()
    };
    assert_eq!(none.status(day(20)), EtlStatus::Failing);
}

#[test]
fn data_older_than_3_days_is_degraded() {
    let facts = HealthFacts {
        latest_day: Some(day(16)),
        ..healthy()
    };
    assert_eq!(facts.status(day(20)), EtlStatus::Degraded);
}

#[test]
fn exactly_5_percent_rejected_is_degraded() {
    let facts = HealthFacts {
        last_accepted: 95,
        last_rejected: 5,
        ..healthy()
    };
    assert_eq!(facts.status(day(20)), EtlStatus::Degraded);
    assert!((facts.rejected_share() - 0.05).abs() < 1e-12);
}
