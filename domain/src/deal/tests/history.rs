//! The folded state: stage history, days, last activity, and what the rules read of it.

use cqrs_es::Aggregate;

use super::fixtures::{created, d, details, tenant};
use crate::deal::{
    AlertKind, ClosedDeal, Deal, DealAmount, DealEvent, DealStage, ForecastDeal, LossReason,
    Outcome, StageEntry,
};

fn fold(events: Vec<DealEvent>) -> Deal {
    let mut deal = Deal::default();
    for event in events {
        deal.apply(event);
    }
    deal
}

/// A deal carried over with `created_on` 2026-01-15, recorded 2026-03-02, in `proposal`.
fn carried_over() -> DealEvent {
    DealEvent::DealCreated {
        tenant_id: tenant(),
        details: details(),
        stage: DealStage::Proposal,
        created_on: d("2026-01-15"),
        recorded_on: d("2026-03-02"),
    }
}

#[test]
fn the_history_lists_each_stage_from_its_day() {
    use DealStage::{ClosedWon, Negotiation, Proposal, Qualified};
    let deal = fold(vec![
        carried_over(),
        DealEvent::DealStageMoved {
            from: Proposal,
            to: Negotiation,
            on: d("2026-03-10"),
        },
        // Won on the 14th, closed (as the rep says) on the 12th.
        DealEvent::DealWon {
            from: Negotiation,
            closed_on: d("2026-03-12"),
            on: d("2026-03-14"),
        },
        DealEvent::DealReopened {
            from: ClosedWon,
            stage: Qualified,
            on: d("2026-03-20"),
        },
    ]);
    let state = deal.state().unwrap();
    let entry = |stage, day| StageEntry {
        stage,
        from: d(day),
    };
    assert_eq!(
        state.stage_history,
        [
            entry(Proposal, "2026-01-15"),
            entry(Negotiation, "2026-03-10"),
            entry(ClosedWon, "2026-03-12"),
            entry(Qualified, "2026-03-20"),
        ]
    );
    assert_eq!(state.stage, Qualified);
    assert_eq!(state.created_on, d("2026-01-15"));
    assert_eq!(state.closed_on, None);
    assert_eq!(state.last_activity_on, d("2026-03-20"));
    assert!(state.was_won());
}

#[test]
fn the_last_activity_day_is_the_latest_of_created_on_and_later_event_days() {
    // Carried over and untouched since: its last activity is its created_on (SPEC 5), so
    // it is stale at once.
    let deal = fold(vec![carried_over()]);
    let state = deal.state().unwrap();
    assert_eq!(state.last_activity_on, d("2026-01-15"));
    let alerts = state.alerts(d("2026-03-02"));
    assert_eq!(alerts[0].kind, AlertKind::Stale);
    assert_eq!(alerts[0].since, d("2026-01-29"));
    // An update and a link count as activity; the day never goes back.
    let mut patched = details();
    patched.owner = "Sam".into();
    let deal = fold(vec![
        created(),
        DealEvent::DealUpdated {
            details: patched,
            on: d("2026-03-20"),
        },
        DealEvent::DealWon {
            from: DealStage::Lead,
            closed_on: d("2026-03-21"),
            on: d("2026-03-21"),
        },
        DealEvent::DealIoLinked {
            io_id: "io-1".parse().unwrap(),
            on: d("2026-03-25"),
        },
        // A late event dated earlier (a clock step back) does not move it back.
        DealEvent::DealReopened {
            from: DealStage::ClosedWon,
            stage: DealStage::Lead,
            on: d("2026-03-24"),
        },
    ]);
    let state = deal.state().unwrap();
    assert_eq!(state.details.owner, "Sam");
    assert_eq!(state.last_activity_on, d("2026-03-25"));
}

#[test]
fn the_state_answers_the_rules_questions() {
    let mut details = details();
    details.amount = DealAmount::new(10_001).unwrap();
    let created = DealEvent::DealCreated {
        tenant_id: tenant(),
        details,
        stage: DealStage::Qualified,
        created_on: d("2026-03-02"),
        recorded_on: d("2026-03-02"),
    };
    let open = fold(vec![created.clone()]);
    let state = open.state().unwrap();
    assert_eq!(state.weighted_amount(), 2_500); // 25 % of 10,001 = 2,500.25
    assert_eq!(
        state.forecast_deal(),
        ForecastDeal {
            amount: 10_001,
            stage: DealStage::Qualified,
            expected_close_date: d("2026-04-30"),
        }
    );
    assert_eq!(state.closed_deal(), None);
    assert_eq!(state.alerts(d("2026-03-10")), []);
    let lost = fold(vec![
        created,
        DealEvent::DealLost {
            from: DealStage::Qualified,
            reason: LossReason::NoFit,
            note: None,
            closed_on: d("2026-03-09"),
            on: d("2026-03-10"),
        },
    ]);
    let state = lost.state().unwrap();
    assert_eq!(state.weighted_amount(), 0);
    assert_eq!(
        state.closed_deal(),
        Some(ClosedDeal {
            amount: 10_001,
            created_on: d("2026-03-02"),
            closed_on: d("2026-03-09"),
            outcome: Outcome::Lost(LossReason::NoFit),
        })
    );
    // Closed deals raise no alerts, however old.
    assert_eq!(state.alerts(d("2027-01-01")), []);
}
