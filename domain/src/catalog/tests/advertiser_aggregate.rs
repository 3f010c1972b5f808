//! Given/when/then tests of the advertiser aggregate.

use cqrs_es::test::TestFramework;
use cqrs_es::{Aggregate, DomainEvent};

use super::fixtures::{advertiser_profile, assert_violation};
use crate::catalog::{
    Advertiser, AdvertiserCommand, AdvertiserEvent, AdvertiserPatch, CatalogError,
};

type AdvertiserTest = TestFramework<Advertiser>;

fn created() -> AdvertiserEvent {
    AdvertiserEvent::AdvertiserCreated {
        profile: advertiser_profile(),
    }
}

fn patch(json: serde_json::Value) -> AdvertiserPatch {
    serde_json::from_value(json).unwrap()
}

#[test]
fn create_emits_advertiser_created() {
    AdvertiserTest::with(())
        .given_no_previous_events()
        .when(AdvertiserCommand::Create {
            profile: advertiser_profile(),
        })
        .then_expect_events(vec![created()]);
}

#[test]
fn creating_an_existing_advertiser_is_refused() {
    AdvertiserTest::with(())
        .given(vec![created()])
        .when(AdvertiserCommand::Create {
            profile: advertiser_profile(),
        })
        .then_expect_error(CatalogError::AlreadyExists);
}

#[test]
fn update_emits_the_full_resulting_profile() {
    let p = patch(serde_json::json!({"category": "Sleep", "target_genders": []}));
    let expected = advertiser_profile().patched(p.clone()).unwrap();
    assert_eq!(expected.category(), "sleep");
    assert!(expected.target_genders().is_empty());
    assert_eq!(expected.name(), "Acme Mattresses");
    AdvertiserTest::with(())
        .given(vec![created()])
        .when(AdvertiserCommand::Update { patch: p })
        .then_expect_events(vec![AdvertiserEvent::AdvertiserUpdated {
            profile: expected,
        }]);
}

#[test]
fn updating_a_missing_advertiser_is_refused() {
    AdvertiserTest::with(())
        .given_no_previous_events()
        .when(AdvertiserCommand::Update {
            patch: patch(serde_json::json!({"name": "Globex"})),
        })
        .then_expect_error(CatalogError::NotFound);
}

#[test]
fn an_update_that_changes_nothing_emits_nothing() {
    for p in [
        serde_json::json!({}),
        serde_json::json!({"name": " Acme Mattresses", "category": "MATTRESSES"}),
        serde_json::json!({"target_countries": ["us", "GB", "US"], "max_cpm": 2800}),
    ] {
        AdvertiserTest::with(())
            .given(vec![created()])
            .when(AdvertiserCommand::Update { patch: patch(p) })
            .then_expect_events(vec![]);
    }
}

#[test]
fn an_invalid_patch_is_refused_with_its_violations() {
    let result = AdvertiserTest::with(())
        .given(vec![created()])
        .when(AdvertiserCommand::Update {
            patch: patch(serde_json::json!({"max_cpm": 0, "target_countries": ["XX"]})),
        })
        .inspect_result();
    let Err(CatalogError::Invalid(v)) = result else {
        panic!("expected a validation error, got {result:?}");
    };
    assert_violation(&v, "max_cpm", "not_positive");
    assert_violation(&v, "target_countries[0]", "unknown_country");
    assert_eq!(CatalogError::Invalid(v).code(), "validation_failed");
}

#[test]
fn apply_folds_the_latest_profile_and_events_are_named() {
    let updated = advertiser_profile()
        .patched(patch(serde_json::json!({"max_cpm": null})))
        .unwrap();
    assert_eq!(updated.max_cpm(), None);
    let mut advertiser = Advertiser::default();
    assert!(advertiser.state().is_none());
    advertiser.apply(created());
    advertiser.apply(AdvertiserEvent::AdvertiserUpdated {
        profile: updated.clone(),
    });
    assert_eq!(advertiser.state().map(|s| &s.profile), Some(&updated));
    assert_eq!(created().event_type(), "AdvertiserCreated");
    assert_eq!(created().event_version(), "1");
    let event = AdvertiserEvent::AdvertiserUpdated { profile: updated };
    assert_eq!(event.event_type(), "AdvertiserUpdated");
    assert_eq!(Advertiser::TYPE, "advertiser");
    let json = serde_json::to_string(&event).unwrap();
    assert_eq!(
        serde_json::from_str::<AdvertiserEvent>(&json).unwrap(),
        event
    );
}

#[test]
fn error_codes_are_stable() {
    assert_eq!(CatalogError::AlreadyExists.code(), "already_exists");
    assert_eq!(CatalogError::NotFound.code(), "not_found");
}
