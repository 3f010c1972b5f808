//! Events as stored data, the folded state's snapshot, and the errors' stable codes.

use cqrs_es::{Aggregate, DomainEvent};

use super::fixtures::{created, created_day};
use crate::deal::{Deal, DealError, DealEvent, DealStage, StageEntry};

#[test]
fn events_are_named_versioned_and_round_trip() {
    let event = created();
    assert_eq!(event.event_type(), "DealCreated");
    assert_eq!(event.event_version(), "1");
    let json = serde_json::to_value(&event).unwrap();
    assert_eq!(json["DealCreated"]["details"]["amount"], 1_000_000);
    assert_eq!(json["DealCreated"]["stage"], "lead");
    assert_eq!(json["DealCreated"]["created_on"], "2026-03-02");
    assert_eq!(serde_json::from_value::<DealEvent>(json).unwrap(), event);
    assert_eq!(Deal::TYPE, "deal");
    let mut deal = Deal::default();
    assert!(deal.state().is_none());
    deal.apply(event);
    let state = deal.state().unwrap();
    assert_eq!(state.stage, DealStage::Lead);
    assert_eq!(
        state.stage_history,
        [StageEntry {
            stage: DealStage::Lead,
            from: created_day()
        }]
    );
    assert_eq!(state.last_activity_on, created_day());
    let snapshot = serde_json::to_string(&deal).unwrap();
    assert_eq!(serde_json::from_str::<Deal>(&snapshot).unwrap(), deal);
}

#[test]
fn error_codes_are_stable() {
    use crate::violation::Violations;
    assert_eq!(DealError::AlreadyExists.code(), "already_exists");
    assert_eq!(DealError::NotFound.code(), "not_found");
    let invalid = DealError::Invalid(Violations::new());
    assert_eq!(invalid.code(), "validation_failed");
    assert!(invalid.violations().is_some());
    let transition = DealError::InvalidTransition {
        from: DealStage::ClosedLost,
        action: "win",
    };
    assert_eq!(transition.code(), "invalid_transition");
    assert_eq!(
        transition.to_string(),
        "cannot win a deal that is closed_lost"
    );
    let linked = DealError::IoAlreadyLinked {
        linked: "io-1".parse().unwrap(),
    };
    assert_eq!(linked.code(), "io_already_linked");
    assert_eq!(linked.to_string(), "the deal is already linked to IO io-1");
    assert_eq!(DealError::CatalogUnavailable.code(), "catalog_unavailable");
    assert!(DealError::NotFound.violations().is_none());
}
