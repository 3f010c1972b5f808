//! Given/when/then tests of the alert aggregate, and the jobs' names.

use chrono::NaiveDate;
use cqrs_es::test::TestFramework;

use super::{Alert, AlertCommand, AlertError, AlertEvent, AlertKind, AlertSubject, Job};
use crate::feature::Feature;

type AlertTest = TestFramework<Alert>;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

fn subject() -> AlertSubject {
    AlertSubject {
        id: "deal-1".to_string(),
        name: "Spring push".to_string(),
    }
}

fn raise(kind: AlertKind, on: u32) -> AlertCommand {
    AlertCommand::Raise {
        tenant_id: "t1".parse().unwrap(),
        kind,
        subject: subject(),
        since: day(1),
        raised_on: day(on),
    }
}

fn raised(on: u32) -> AlertEvent {
    AlertEvent::AlertRaised {
        tenant_id: "t1".parse().unwrap(),
        kind: AlertKind::DealStale,
        subject: subject(),
        since: day(1),
        raised_on: day(on),
    }
}

#[test]
fn an_alert_is_raised_once_while_open() {
    AlertTest::with(())
        .given_no_previous_events()
        .when(raise(AlertKind::DealStale, 2))
        .then_expect_events(vec![raised(2)]);
    AlertTest::with(())
        .given(vec![raised(2)])
        .when(raise(AlertKind::DealStale, 3))
        .then_expect_events(vec![]);
}

#[test]
fn a_cleared_alert_is_raised_again_when_its_condition_returns() {
    let cleared = AlertEvent::AlertCleared { cleared_on: day(3) };
    AlertTest::with(())
        .given(vec![raised(2), cleared.clone()])
        .when(raise(AlertKind::DealStale, 9))
        .then_expect_events(vec![raised(9)]);
    AlertTest::with(())
        .given(vec![raised(2)])
        .when(AlertCommand::Clear { cleared_on: day(3) })
        .then_expect_events(vec![cleared.clone()]);
    AlertTest::with(())
        .given(vec![raised(2), cleared])
        .when(AlertCommand::Clear { cleared_on: day(4) })
        .then_expect_events(vec![]);
    AlertTest::with(())
        .given_no_previous_events()
        .when(AlertCommand::Clear { cleared_on: day(4) })
        .then_expect_events(vec![]);
}

#[test]
fn a_raise_of_another_kind_on_the_same_alert_is_refused() {
    AlertTest::with(())
        .given(vec![raised(2)])
        .when(raise(AlertKind::DealOverdue, 3))
        .then_expect_error(AlertError::Mismatch);
}

#[test]
fn alert_ids_are_one_per_kind_and_subject() {
    assert_eq!(
        AlertKind::DealStale.alert_id(&subject()),
        "deal_stale:deal-1"
    );
    assert_ne!(
        AlertKind::DealStale.alert_id(&subject()),
        AlertKind::DealOverdue.alert_id(&subject())
    );
}

#[test]
fn jobs_are_named_as_in_spec_8_and_need_their_features() {
    let names: Vec<&str> = Job::ALL.iter().map(Job::as_str).collect();
    assert_eq!(
        names,
        [
            "etl-health-check",
            "recalculate-matches",
            "refresh-metrics-daily",
            "pipeline-alerts",
            "makegood-detection"
        ]
    );
    assert_eq!("pipeline-alerts".parse::<Job>(), Ok(Job::PipelineAlerts));
    assert!("pipeline_alerts".parse::<Job>().is_err());
    assert!(Job::ALL
        .iter()
        .all(|job| job.features().contains(&Feature::AutomationJobs)));
    assert_eq!(Job::RefreshMetricsDaily.default_schedule(), "0 2 * * *");
}
