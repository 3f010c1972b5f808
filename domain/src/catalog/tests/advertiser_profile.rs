//! Validation rules of advertiser profiles.

use serde_json::json;

use super::fixtures::{advertiser_input, advertiser_profile, assert_violation, pairs};
use crate::catalog::{AdvertiserInput, AdvertiserPatch, AdvertiserProfile, Gender};

#[test]
fn a_valid_input_is_normalised() {
    let p = advertiser_profile();
    assert_eq!(p.category(), "mattresses");
    assert_eq!(p.target_genders(), [Gender::Female]);
    assert_eq!(p.max_cpm().map(|c| c.minor_units()), Some(2800));
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(
        json,
        json!({
            "name": "Acme Mattresses",
            "category": "mattresses",
            "target_categories": ["Comedy", "True Crime"],
            "target_age_buckets": ["25-34", "35-44"],
            "target_genders": ["female"],
            "target_countries": ["US", "GB"],
            "max_cpm": 2800
        })
    );
    assert_eq!(
        serde_json::from_value::<AdvertiserProfile>(json).unwrap(),
        p
    );
    assert_eq!(AdvertiserProfile::parse(p.to_input()), Ok(p));
}

#[test]
fn only_name_and_category_are_required() {
    let v = AdvertiserProfile::parse(AdvertiserInput::default()).unwrap_err();
    assert_eq!(
        pairs(&v),
        [
            ("name".into(), "required".into()),
            ("category".into(), "required".into()),
        ]
    );
    let minimal: AdvertiserInput =
        serde_json::from_value(json!({"name": "Globex", "category": "saas"})).unwrap();
    let p = AdvertiserProfile::parse(minimal).unwrap();
    assert!(p.target_countries().is_empty() && p.max_cpm().is_none());
}

#[test]
fn every_bad_field_is_reported() {
    let input: AdvertiserInput = serde_json::from_value(json!({
        "name": "Globex",
        "category": "c".repeat(61),
        "target_categories": ["Cooking"],
        "target_age_buckets": ["25-34", "30-40"],
        "target_genders": ["robot"],
        "target_countries": ["XX"],
        "max_cpm": -1
    }))
    .unwrap();
    let v = AdvertiserProfile::parse(input).unwrap_err();
    assert_eq!(
        pairs(&v),
        [
            ("category".into(), "too_long".into()),
            ("target_categories[0]".into(), "unknown_category".into()),
            ("target_age_buckets[1]".into(), "unknown_age_bucket".into()),
            ("target_genders[0]".into(), "unknown_gender".into()),
            ("target_countries[0]".into(), "unknown_country".into()),
            ("max_cpm".into(), "not_positive".into()),
        ]
    );
}

#[test]
fn patches_keep_absent_fields_and_clear_null_max_cpm() {
    let patch: AdvertiserPatch = serde_json::from_value(json!({"max_cpm": null})).unwrap();
    assert_eq!(patch.max_cpm, Some(None));
    let p = advertiser_profile().patched(patch).unwrap();
    assert_eq!(p.max_cpm(), None);
    assert_eq!(p.name(), "Acme Mattresses");
    let blank: AdvertiserPatch = serde_json::from_value(json!({"category": " "})).unwrap();
    let v = advertiser_profile().patched(blank).unwrap_err();
    assert_violation(&v, "category", "required");
    assert!(serde_json::from_value::<AdvertiserPatch>(json!({"budget": 1})).is_err());
    assert_eq!(
        advertiser_input().patched(AdvertiserPatch::default()),
        advertiser_input()
    );
}
