//! Validation rules of show profiles.

use serde_json::json;

use super::fixtures::{assert_violation, pairs, show_input, show_profile};
use crate::catalog::{Placement, PodcastCategory, ShowInput, ShowPatch, ShowProfile};

fn parse(json: serde_json::Value) -> Result<ShowProfile, crate::violation::Violations> {
    ShowProfile::parse(serde_json::from_value::<ShowInput>(json).unwrap())
}

#[test]
fn a_valid_input_is_normalised() {
    let p = show_profile();
    assert_eq!(p.name(), "Murder on Main Street");
    assert_eq!(p.slug().as_str(), "murder-on-main-street");
    assert_eq!(
        p.categories(),
        [PodcastCategory::TrueCrime, PodcastCategory::History]
    );
    assert_eq!(p.block_list(), ["gambling", "alcohol"]);
    assert!(p.blocks(" GAMBLING"));
    assert_eq!(p.slots(Placement::Mid), 2);
    assert_eq!(p.slots(Placement::Post), 0);
    assert_eq!(p.cpm(Placement::Pre).map(|c| c.minor_units()), Some(2500));
    assert_eq!(p.cpm(Placement::Post), None);
    assert_eq!(p.metrics_source(), Some("megaphone"));
}

#[test]
fn the_profile_serializes_to_the_api_shape() {
    let json = serde_json::to_value(show_profile()).unwrap();
    assert_eq!(json["categories"], json!(["True Crime", "History"]));
    assert_eq!(json["audience"]["age"]["25-34"], json!(0.5));
    assert_eq!(json["audience"]["country"]["CA"], json!(0.2));
    assert_eq!(
        json["slots_per_episode"],
        json!({"pre": 1, "mid": 2, "post": 0})
    );
    assert_eq!(json["rate_card"], json!({"pre": 2500, "mid": 3000}));
    assert_eq!(json["slug"], json!("murder-on-main-street"));
    let back: ShowProfile = serde_json::from_value(json).unwrap();
    assert_eq!(back, show_profile());
}

#[test]
fn to_input_round_trips() {
    assert_eq!(
        ShowProfile::parse(show_profile().to_input()),
        Ok(show_profile())
    );
}

#[test]
fn an_empty_input_reports_every_required_field() {
    let v = parse(json!({})).unwrap_err();
    assert_eq!(
        pairs(&v),
        [
            ("name".into(), "required".into()),
            ("categories".into(), "required".into()),
            ("episodes_per_week".into(), "required".into()),
        ]
    );
}

#[test]
fn unknown_fields_are_malformed() {
    assert!(serde_json::from_value::<ShowInput>(json!({"nme": "x"})).is_err());
    assert!(serde_json::from_value::<ShowPatch>(json!({"audience": {"ages": {}}})).is_err());
}

#[test]
fn name_is_trimmed_and_bounded() {
    let mut input = show_input();
    input.name = Some("   ".into());
    assert_violation(
        &ShowProfile::parse(input.clone()).unwrap_err(),
        "name",
        "required",
    );
    input.name = Some("n".repeat(201));
    assert_violation(&ShowProfile::parse(input).unwrap_err(), "name", "too_long");
}

#[test]
fn slugs_are_validated_or_derived() {
    let mut input = show_input();
    input.slug = Some("Bad Slug".into());
    assert_violation(
        &ShowProfile::parse(input.clone()).unwrap_err(),
        "slug",
        "invalid_slug",
    );
    input.slug = Some("mms".into());
    assert_eq!(
        ShowProfile::parse(input.clone()).unwrap().slug().as_str(),
        "mms"
    );
    input.slug = None;
    input.name = Some("¡¡!!".into());
    let v = ShowProfile::parse(input).unwrap_err();
    assert_violation(&v, "slug", "underivable_slug");
}

#[test]
fn categories_are_known_deduplicated_and_at_most_three() {
    let mut input = show_input();
    input.categories = vec!["Arts".into(), "Cooking".into(), "arts".into()];
    let v = ShowProfile::parse(input.clone()).unwrap_err();
    assert_eq!(
        pairs(&v),
        [("categories[1]".into(), "unknown_category".into())]
    );
    input.categories = vec!["Arts".into(), "arts".into(), "News".into()];
    let p = ShowProfile::parse(input.clone()).unwrap();
    assert_eq!(
        p.categories(),
        [PodcastCategory::Arts, PodcastCategory::News]
    );
    input.categories = ["Arts", "News", "Music", "Comedy"]
        .map(String::from)
        .to_vec();
    assert_violation(
        &ShowProfile::parse(input).unwrap_err(),
        "categories",
        "too_many",
    );
}

#[test]
fn episodes_per_week_is_within_0_and_50() {
    for (value, ok) in [
        (0.0, true),
        (50.0, true),
        (0.5, true),
        (-1.0, false),
        (50.5, false),
    ] {
        let mut input = show_input();
        input.episodes_per_week = Some(value);
        assert_eq!(ShowProfile::parse(input).is_ok(), ok, "{value}");
    }
}

#[test]
fn slots_need_known_placements_and_sane_counts() {
    let v = parse(json!({
        "name": "Show", "categories": ["News"], "episodes_per_week": 1,
        "slots_per_episode": {"middle": 1, "pre": -1, "post": 21}
    }))
    .unwrap_err();
    assert_violation(&v, "slots_per_episode.middle", "unknown_placement");
    assert_violation(&v, "slots_per_episode.pre", "out_of_range");
    assert_violation(&v, "slots_per_episode.post", "out_of_range");
}

#[test]
fn a_sold_placement_needs_a_cpm() {
    let v = parse(json!({
        "name": "Show", "categories": ["News"], "episodes_per_week": 1,
        "slots_per_episode": {"pre": 1, "mid": 0, "post": 2},
        "rate_card": {"pre": 1000}
    }))
    .unwrap_err();
    assert_eq!(
        pairs(&v),
        [("rate_card.post".into(), "missing_rate".into())]
    );
}

#[test]
fn cpms_must_be_positive_and_placements_known() {
    let v = parse(json!({
        "name": "Show", "categories": ["News"], "episodes_per_week": 1,
        "slots_per_episode": {"pre": 1, "mid": 1},
        "rate_card": {"pre": 0, "mid": -5, "end": 100}
    }))
    .unwrap_err();
    assert_violation(&v, "rate_card.pre", "not_positive");
    assert_violation(&v, "rate_card.mid", "not_positive");
    assert_violation(&v, "rate_card.end", "unknown_placement");
    assert!(!v.iter().any(|f| f.code == "missing_rate"));
}

#[test]
fn block_list_entries_must_not_be_blank() {
    let mut input = show_input();
    input.block_list = vec!["ok".into(), "  ".into()];
    let v = ShowProfile::parse(input).unwrap_err();
    assert_eq!(pairs(&v), [("block_list[1]".into(), "required".into())]);
}

#[test]
fn patches_replace_audience_per_dimension() {
    let patch: ShowPatch =
        serde_json::from_value(json!({"audience": {"gender": {"female": 1.0}}})).unwrap();
    let p = show_profile().patched(patch).unwrap();
    assert_eq!(p.audience().gender().len(), 1);
    assert_eq!(p.audience().age(), show_profile().audience().age());
    let patch: ShowPatch =
        serde_json::from_value(json!({"audience": {"age": {"25-34": 0.5}}})).unwrap();
    let v = show_profile().patched(patch).unwrap_err();
    assert_violation(&v, "audience.age", "bad_sum");
}

#[test]
fn the_metrics_source_follows_the_import_source_rule() {
    let with_source = |raw: &str| {
        let mut input = show_input();
        input.metrics_source = Some(raw.to_string());
        ShowProfile::parse(input)
    };
    // Given a source typed as the platform writes it, it is stored as imports store theirs.
    let typed = with_source("  Megaphone ").unwrap();
    assert_eq!(typed.metrics_source(), Some("megaphone"));
    assert_eq!(
        typed.to_input().metrics_source.as_deref(),
        Some("megaphone")
    );
    // Blank is none; 65 characters and control characters are refused on the field.
    assert_eq!(with_source("   ").unwrap().metrics_source(), None);
    let too_long = with_source(&"a".repeat(65)).unwrap_err();
    assert_violation(&too_long, "metrics_source", "too_long");
    let control = with_source("mega\nphone").unwrap_err();
    assert_violation(&control, "metrics_source", "invalid_character");
}

#[test]
fn a_stored_profile_with_a_mixed_case_source_reads_lowercase() {
    // Given a profile stored before the rule, with the source as typed,
    let mut stored = serde_json::to_value(show_profile()).unwrap();
    stored["metrics_source"] = json!("Megaphone");
    // when it is read back (as the aggregate's apply and the catalog projection read it),
    let read: ShowProfile = serde_json::from_value(stored).unwrap();
    // then it names the imported rows of `megaphone`, and it is written back lowercase.
    assert_eq!(read.metrics_source(), Some("megaphone"));
    assert_eq!(read, show_profile());
    let written = serde_json::to_value(&read).unwrap();
    assert_eq!(written["metrics_source"], json!("megaphone"));
}
