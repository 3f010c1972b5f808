//! Valid inputs to start tests from.

use serde_json::json;

use crate::catalog::{AdvertiserInput, AdvertiserProfile, ShowInput, ShowProfile};
use crate::violation::Violations;

/// A complete, valid show body.
pub fn show_input() -> ShowInput {
    serde_json::from_value(json!({
        "name": "Murder on Main Street",
        "categories": ["True Crime", "history"],
        "audience": {
            "age": {"18-24": 0.2, "25-34": 0.5, "35-44": 0.3},
            "gender": {"female": 0.6, "male": 0.38, "other": 0.02},
            "country": {"US": 0.8, "ca": 0.2}
        },
        "episodes_per_week": 2,
        "slots_per_episode": {"pre": 1, "mid": 2, "post": 0},
        "rate_card": {"pre": 2500, "mid": 3000},
        "block_list": [" Gambling ", "gambling", "Alcohol"],
        "metrics_source": "megaphone"
    }))
    .unwrap()
}

/// The profile of [`show_input`].
pub fn show_profile() -> ShowProfile {
    ShowProfile::parse(show_input()).unwrap()
}

/// A complete, valid advertiser body.
pub fn advertiser_input() -> AdvertiserInput {
    serde_json::from_value(json!({
        "name": "Acme Mattresses",
        "category": " Mattresses ",
        "target_categories": ["Comedy", "true_crime"],
        "target_age_buckets": ["25-34", "35-44"],
        "target_genders": ["female"],
        "target_countries": ["US", "GB"],
        "max_cpm": 2800
    }))
    .unwrap()
}

/// The profile of [`advertiser_input`].
pub fn advertiser_profile() -> AdvertiserProfile {
    AdvertiserProfile::parse(advertiser_input()).unwrap()
}

/// The `(field, code)` pairs of violations, for compact assertions.
pub fn pairs(v: &Violations) -> Vec<(String, String)> {
    v.iter()
        .map(|f| (f.field.clone(), f.code.clone()))
        .collect()
}

/// Asserts that `v` holds a violation of `code` on `field`.
pub fn assert_violation(v: &Violations, field: &str, code: &str) {
    let found = pairs(v);
    assert!(
        found.iter().any(|(f, c)| f == field && c == code),
        "expected {field}: {code} in {found:?}"
    );
}
