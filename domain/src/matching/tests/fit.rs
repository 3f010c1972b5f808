//! Audience fit: each part, the exclusion, over-budget placements and the score's rounding.

use serde_json::{json, Value};

use crate::catalog::{AdvertiserProfile, Placement, ShowProfile};
use crate::matching::{audience_fit, over_budget, Excluded, Fit};
use crate::money::Cpm;

/// A True Crime and History show: ages 25-34 0.5, 35-44 0.3, 18-24 0.2; female 0.6;
/// US 0.8, CA 0.2; rate card pre 25.00, mid 30.00; blocks gambling.
fn show() -> ShowProfile {
    show_with(json!({}))
}

fn show_with(changes: Value) -> ShowProfile {
    let mut body = json!({
        "name": "Murder on Main Street",
        "categories": ["True Crime", "History"],
        "audience": {
            "age": {"18-24": 0.2, "25-34": 0.5, "35-44": 0.3},
            "gender": {"female": 0.6, "male": 0.38, "other": 0.02},
            "country": {"US": 0.8, "CA": 0.2}
        },
        "episodes_per_week": 2,
        "slots_per_episode": {"pre": 1, "mid": 2},
        "rate_card": {"pre": 2500, "mid": 3000},
        "block_list": ["gambling"]
    });
    merge(&mut body, changes);
    ShowProfile::parse(serde_json::from_value(body).unwrap()).unwrap()
}

/// An advertiser of category `mattresses` targeting nothing, plus `targets`.
fn advertiser(targets: Value) -> AdvertiserProfile {
    let mut body = json!({"name": "Acme", "category": "mattresses"});
    merge(&mut body, targets);
    AdvertiserProfile::parse(serde_json::from_value(body).unwrap()).unwrap()
}

fn merge(body: &mut Value, changes: Value) {
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
}

fn fit(show: &ShowProfile, targets: Value) -> Fit {
    audience_fit(show, &advertiser(targets)).unwrap()
}

#[test]
fn an_advertiser_that_targets_nothing_fits_every_show_fully() {
    let f = fit(&show(), json!({}));
    assert_eq!((f.category, f.demo, f.geo, f.score), (1.0, 1.0, 1.0, 100));
    assert!(f.over_budget.is_empty());
}

#[test]
fn category_is_the_share_of_the_target_categories_the_show_has() {
    // 2 of 3 targets: 100 × (0.4 × 2/3 + 0.4 + 0.2) = 86.67 -> 87.
    let f = fit(
        &show(),
        json!({"target_categories": ["Comedy", "True Crime", "History"]}),
    );
    assert_eq!(f.category, 2.0 / 3.0);
    assert_eq!(f.score, 87);
    // None of 2: 100 × (0 + 0.4 + 0.2) = 60.
    let f = fit(&show(), json!({"target_categories": ["Comedy", "News"]}));
    assert_eq!((f.category, f.score), (0.0, 60));
}

#[test]
fn a_dimension_not_targeted_counts_one() {
    // Genders only: demo = 1 (ages) × 0.6 (female); 100 × (0.4 + 0.24 + 0.2) = 84.
    let f = fit(&show(), json!({"target_genders": ["female"]}));
    assert_eq!((f.demo, f.geo, f.score), (0.6, 1.0, 84));
    // Ages too: demo = (0.5 + 0.3) × 0.6 = 0.48; 100 × (0.4 + 0.192 + 0.2) = 79.2 -> 79.
    let ages_and_genders = json!({"target_age_buckets": ["25-34", "35-44"],
                                  "target_genders": ["female"]});
    let f = fit(&show(), ages_and_genders);
    assert_eq!((f.demo, f.score), (0.48, 79));
    // Countries: geo = 0.8 (US; GB has no listeners); 100 × (0.4 + 0.4 + 0.16) = 96.
    let f = fit(&show(), json!({"target_countries": ["US", "GB"]}));
    assert_eq!((f.demo, f.geo, f.score), (1.0, 0.8, 96));
}

#[test]
fn a_targeted_dimension_the_show_does_not_know_has_no_share() {
    // The show has no age profile: a targeted age has share 0, so demo is 0.
    let unknown_ages = show_with(json!({"audience": {"gender": {"female": 1.0}}}));
    let f = fit(&unknown_ages, json!({"target_age_buckets": ["25-34"]}));
    assert_eq!((f.demo, f.score), (0.0, 60));
}

#[test]
fn a_show_that_blocks_the_advertisers_category_is_excluded() {
    let gambler = AdvertiserProfile::parse(
        serde_json::from_value(json!({"name": "Lucky", "category": "Gambling"})).unwrap(),
    )
    .unwrap();
    assert_eq!(
        audience_fit(&show(), &gambler),
        Err(Excluded::BlockedCategory)
    );
    assert_eq!(
        serde_json::to_value(Excluded::BlockedCategory).unwrap(),
        json!("blocked_category")
    );
    for reason in Excluded::ALL {
        assert_eq!(
            json!(reason.as_str()),
            serde_json::to_value(reason).unwrap()
        );
        assert_eq!(reason.as_str().parse::<Excluded>(), Ok(reason));
    }
    let unknown = "blocked".parse::<Excluded>().unwrap_err();
    assert_eq!(unknown.code(), "unknown_exclusion");
}

#[test]
fn placements_priced_above_the_max_cpm_are_over_budget() {
    // Max 25.00: pre at 25.00 is within it, mid at 30.00 is over.
    let f = fit(&show(), json!({"max_cpm": 2500}));
    assert_eq!(f.over_budget, [Placement::Mid]);
    let f = fit(&show(), json!({"max_cpm": 2499}));
    assert_eq!(f.over_budget, [Placement::Pre, Placement::Mid]);
    // Over budget does not change the score.
    assert_eq!(f.score, 100);
    let rate = Cpm::new(3000).unwrap();
    assert!(!over_budget(rate, None));
    assert!(over_budget(rate, Some(Cpm::new(2999).unwrap())));
    assert!(!over_budget(rate, Some(rate)));
}

#[test]
fn the_score_rounds_an_exact_half_away_from_zero() {
    // demo = 0.25 (25-34) × 0.35 (female) = 0.0875; geo = 0.6 (US).
    // 100 × (0.4 + 0.4 × 0.0875 + 0.2 × 0.6) = 40 + 3.5 + 12 = 55.5 -> 56. The same
    // formula in binary floating point gives 55.4999… and would round to 55.
    let s = show_with(json!({"audience": {
        "age": {"25-34": 0.25, "35-44": 0.75},
        "gender": {"female": 0.35, "male": 0.65},
        "country": {"US": 0.6, "CA": 0.4}
    }}));
    let targets = json!({"target_age_buckets": ["25-34"], "target_genders": ["female"],
                         "target_countries": ["US"]});
    let f = fit(&s, targets);
    assert_eq!((f.demo, f.geo), (0.0875, 0.6));
    let naive = 100.0 * (0.4 * f.category + 0.4 * (0.25 * 0.35) + 0.2 * 0.6);
    assert!(naive < 55.5, "{naive}");
    assert_eq!(f.score, 56);
}

#[test]
fn shares_summing_past_one_count_at_most_one() {
    // Profiles may sum to 1.01: 0.51 + 0.5 female-and-other targeted is 1.01 -> 1.
    let s = show_with(json!({"audience": {"gender": {"female": 0.51, "other": 0.5}}}));
    let f = fit(&s, json!({"target_genders": ["female", "other"]}));
    assert_eq!((f.demo, f.score), (1.0, 100));
}

#[test]
fn a_fit_serializes_with_the_dashboard_field_names() {
    let f = fit(
        &show(),
        json!({"max_cpm": 2500, "target_genders": ["female"]}),
    );
    assert_eq!(
        serde_json::to_value(&f).unwrap(),
        json!({"score": 84, "category": 1.0, "demo": 0.6, "geo": 1.0, "over_budget": ["mid"]})
    );
}
