//! Validation rules of audience profiles.

use std::collections::BTreeMap;

use serde_json::json;

use super::fixtures::{assert_violation, pairs, show_profile};
use crate::catalog::{AgeBucket, AudienceInput, AudienceProfile, CountryCode, Gender};
use crate::violation::Violations;

fn parse(json: serde_json::Value) -> (AudienceProfile, Violations) {
    let input: AudienceInput = serde_json::from_value(json).unwrap();
    let mut v = Violations::new();
    let profile = AudienceProfile::parse("audience", &input, &mut v);
    (profile, v)
}

#[test]
fn empty_dimensions_mean_unknown() {
    let (profile, v) = parse(json!({"age": {}}));
    assert!(v.is_empty());
    assert_eq!(profile, AudienceProfile::default());
    assert_eq!(profile.share_of_ages(&[AgeBucket::From25To34]), 0.0);
}

#[test]
fn shares_must_sum_to_one_within_tolerance() {
    let (_, v) = parse(json!({"gender": {"female": 0.5, "male": 0.495}}));
    assert!(v.is_empty(), "{v}");
    let (_, v) = parse(json!({"gender": {"female": 0.5, "male": 0.51}}));
    assert!(v.is_empty(), "{v}");
    let (_, v) = parse(json!({
        "age": {"25-34": 0.5, "35-44": 0.3},
        "country": {"US": 0.9, "GB": 0.2}
    }));
    assert_eq!(
        pairs(&v),
        [
            ("audience.age".into(), "bad_sum".into()),
            ("audience.country".into(), "bad_sum".into()),
        ]
    );
}

#[test]
fn shares_must_be_within_zero_and_one() {
    let (_, v) = parse(json!({"gender": {"female": 1.5, "male": -0.5}}));
    assert_violation(&v, "audience.gender.female", "out_of_range");
    assert_violation(&v, "audience.gender.male", "out_of_range");
    assert!(
        !v.has_field("audience.gender"),
        "no sum check on broken entries"
    );
}

#[test]
fn labels_must_be_known() {
    let (_, v) = parse(json!({
        "age": {"18-25": 1.0},
        "gender": {"robot": 1.0},
        "country": {"UK": 0.5, "US": 0.5}
    }));
    assert_eq!(
        pairs(&v),
        [
            ("audience.age.18-25".into(), "unknown_age_bucket".into()),
            ("audience.gender.robot".into(), "unknown_gender".into()),
            ("audience.country.UK".into(), "unknown_country".into()),
        ]
    );
}

#[test]
fn labels_differing_only_in_case_are_duplicates() {
    let (_, v) = parse(json!({"country": {"US": 0.5, "us": 0.5}}));
    assert_violation(&v, "audience.country.us", "duplicate");
}

#[test]
fn shares_of_targets_are_summed() {
    let audience = show_profile().audience().clone();
    let ages = [
        AgeBucket::From25To34,
        AgeBucket::From35To44,
        AgeBucket::From65,
    ];
    assert!((audience.share_of_ages(&ages) - 0.8).abs() < 1e-9);
    assert!((audience.share_of_genders(&[Gender::Female]) - 0.6).abs() < 1e-9);
    let us: CountryCode = "US".parse().unwrap();
    assert!((audience.share_of_countries(&[us]) - 0.8).abs() < 1e-9);
    assert_eq!(audience.share_of_countries(&[]), 0.0);
    let expected: BTreeMap<Gender, f64> = [
        (Gender::Female, 0.6),
        (Gender::Male, 0.38),
        (Gender::Other, 0.02),
    ]
    .into();
    assert_eq!(audience.gender(), &expected);
}
