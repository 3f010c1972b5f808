//! Stale and overdue alerts against days worked out by hand (as of 2026-03-31: 14 days
//! before is 2026-03-17).

use super::fixtures::d;
use crate::deal::{deal_alerts, Alert, AlertFacts, AlertKind, DealStage};

fn facts(last_activity: &str, expected_close: &str) -> AlertFacts {
    AlertFacts {
        stage: DealStage::Proposal,
        last_activity_on: d(last_activity),
        expected_close_date: d(expected_close),
    }
}

fn alert(kind: AlertKind, since: &str) -> Alert {
    Alert {
        kind,
        since: d(since),
    }
}

#[test]
fn a_deal_is_stale_from_14_days_after_its_last_activity() {
    let as_of = d("2026-03-31");
    assert_eq!(
        deal_alerts(as_of, facts("2026-03-17", "2026-06-30")),
        [alert(AlertKind::Stale, "2026-03-31")]
    );
    assert_eq!(deal_alerts(as_of, facts("2026-03-18", "2026-06-30")), []);
    // Older activity: stale since its 14th day, whatever the day asked.
    assert_eq!(
        deal_alerts(as_of, facts("2026-02-01", "2026-06-30")),
        [alert(AlertKind::Stale, "2026-02-15")]
    );
}

#[test]
fn a_deal_is_overdue_from_the_day_after_its_expected_close() {
    let as_of = d("2026-03-31");
    assert_eq!(
        deal_alerts(as_of, facts("2026-03-30", "2026-03-30")),
        [alert(AlertKind::Overdue, "2026-03-31")]
    );
    assert_eq!(deal_alerts(as_of, facts("2026-03-30", "2026-03-31")), []);
}

#[test]
fn a_deal_can_be_both_stale_before_overdue() {
    assert_eq!(
        deal_alerts(d("2026-03-31"), facts("2026-02-01", "2026-03-15")),
        [
            alert(AlertKind::Stale, "2026-02-15"),
            alert(AlertKind::Overdue, "2026-03-16"),
        ]
    );
}

#[test]
fn closed_deals_have_no_alerts() {
    for stage in [DealStage::ClosedWon, DealStage::ClosedLost] {
        let closed = AlertFacts {
            stage,
            ..facts("2026-01-01", "2026-01-01")
        };
        assert_eq!(deal_alerts(d("2026-03-31"), closed), []);
    }
    for stage in DealStage::OPEN {
        let open = AlertFacts {
            stage,
            ..facts("2026-01-01", "2026-01-01")
        };
        assert_eq!(deal_alerts(d("2026-03-31"), open).len(), 2);
    }
}

#[test]
fn an_alert_serializes_as_kind_and_since() {
    let json = serde_json::to_value(alert(AlertKind::Stale, "2026-02-15")).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"kind": "stale", "since": "2026-02-15"})
    );
}
