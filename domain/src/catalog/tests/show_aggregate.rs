//! Given/when/then tests of the show aggregate.

use cqrs_es::test::TestFramework;
use cqrs_es::{Aggregate, DomainEvent};

use super::fixtures::{assert_violation, show_profile};
use crate::catalog::{CatalogError, Show, ShowCommand, ShowEvent, ShowPatch};

type ShowTest = TestFramework<Show>;

fn created() -> ShowEvent {
    ShowEvent::ShowCreated {
        profile: show_profile(),
    }
}

fn patch(json: serde_json::Value) -> ShowPatch {
    serde_json::from_value(json).unwrap()
}

#[test]
fn create_emits_show_created() {
    ShowTest::with(())
        .given_no_previous_events()
        .when(ShowCommand::Create {
            profile: show_profile(),
        })
        .then_expect_events(vec![created()]);
}

#[test]
fn creating_an_existing_show_is_refused() {
    ShowTest::with(())
        .given(vec![created()])
        .when(ShowCommand::Create {
            profile: show_profile(),
        })
        .then_expect_error(CatalogError::AlreadyExists);
}

#[test]
fn update_emits_the_full_resulting_profile() {
    let p = patch(serde_json::json!({"name": "Murder on Elm Street", "episodes_per_week": 1}));
    let expected = show_profile().patched(p.clone()).unwrap();
    assert_eq!(expected.name(), "Murder on Elm Street");
    assert_eq!(expected.slug().as_str(), "murder-on-main-street");
    ShowTest::with(())
        .given(vec![created()])
        .when(ShowCommand::Update { patch: p })
        .then_expect_events(vec![ShowEvent::ShowUpdated { profile: expected }]);
}

#[test]
fn updating_a_missing_show_is_refused() {
    ShowTest::with(())
        .given_no_previous_events()
        .when(ShowCommand::Update {
            patch: patch(serde_json::json!({"name": "X Files"})),
        })
        .then_expect_error(CatalogError::NotFound);
}

#[test]
fn an_update_that_changes_nothing_emits_nothing() {
    for p in [
        serde_json::json!({}),
        serde_json::json!({"name": "  Murder on Main Street ", "rate_card": {"pre": 2500, "mid": 3000}}),
        serde_json::json!({"categories": ["true-crime", "History"]}),
    ] {
        ShowTest::with(())
            .given(vec![created()])
            .when(ShowCommand::Update { patch: patch(p) })
            .then_expect_events(vec![]);
    }
}

#[test]
fn an_invalid_patch_is_refused_with_its_violations() {
    let result = ShowTest::with(())
        .given(vec![created()])
        .when(ShowCommand::Update {
            patch: patch(serde_json::json!({"rate_card": {"pre": 2500}, "categories": []})),
        })
        .inspect_result();
    let Err(CatalogError::Invalid(v)) = result else {
        panic!("expected a validation error, got {result:?}");
    };
    assert_violation(&v, "rate_card.mid", "missing_rate");
    assert_violation(&v, "categories", "required");
    assert_eq!(CatalogError::Invalid(v).code(), "validation_failed");
}

#[test]
fn apply_folds_the_latest_profile_and_events_are_named() {
    let updated = show_profile()
        .patched(patch(serde_json::json!({"metrics_source": null})))
        .unwrap();
    assert_eq!(updated.metrics_source(), None);
    let mut show = Show::default();
    assert!(show.state().is_none());
    show.apply(created());
    show.apply(ShowEvent::ShowUpdated {
        profile: updated.clone(),
    });
    assert_eq!(show.state().map(|s| &s.profile), Some(&updated));
    assert_eq!(created().event_type(), "ShowCreated");
    assert_eq!(created().event_version(), "1");
    let event = ShowEvent::ShowUpdated { profile: updated };
    assert_eq!(event.event_type(), "ShowUpdated");
    assert_eq!(Show::TYPE, "show");
    let json = serde_json::to_string(&event).unwrap();
    assert_eq!(serde_json::from_str::<ShowEvent>(&json).unwrap(), event);
}

#[test]
fn error_codes_are_stable() {
    assert_eq!(CatalogError::AlreadyExists.code(), "already_exists");
    assert_eq!(CatalogError::NotFound.code(), "not_found");
}

#[test]
fn a_stored_event_with_a_mixed_case_source_folds_to_the_lowercase_source() {
    // Given a ShowCreated event stored before the source rule, with `Megaphone` as typed,
    let mut payload = serde_json::to_value(created()).unwrap();
    payload["ShowCreated"]["profile"]["metrics_source"] = serde_json::json!("Megaphone");
    let event: ShowEvent = serde_json::from_value(payload).unwrap();
    // when the aggregate folds it,
    let mut show = Show::default();
    show.apply(event);
    // then its source is the one imports record.
    let profile = &show.state().unwrap().profile;
    assert_eq!(profile.metrics_source(), Some("megaphone"));
}
