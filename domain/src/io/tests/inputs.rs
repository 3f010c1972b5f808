//! Parsing of IO and line-item inputs: every violation, with its JSON path.

use serde_json::json;

use super::fixtures::{cpm_line_input, flat_line_input, io_input, line, pair, pairs};
use crate::io::{
    total_of, IoInput, LineItem, LineItemInput, LineItemPatch, MakegoodTolerance, PaymentTerms,
};
use crate::money::Currency;

fn line_input(value: serde_json::Value) -> LineItemInput {
    serde_json::from_value(value).unwrap()
}

#[test]
fn a_valid_io_gets_defaults_and_numbered_lines() {
    let mut input = io_input();
    input.line_items.push(flat_line_input());
    let (header, lines) = input.parse(Currency::USD).unwrap();
    assert_eq!(header.advertiser_id.as_str(), "adv-1");
    assert_eq!(header.currency, Currency::USD);
    assert_eq!(header.payment_terms, PaymentTerms::Net(30));
    assert_eq!(header.makegood_tolerance, MakegoodTolerance::DEFAULT);
    assert_eq!(header.deal_id, None);
    let ids: Vec<&str> = lines.iter().map(|l| l.id().as_str()).collect();
    assert_eq!(ids, ["li-1", "li-2"]);
    assert_eq!(
        lines[0].talking_points(),
        ["Free returns", "100-night trial"]
    );
    assert_eq!(total_of(&lines), Ok(225_000));
}

#[test]
fn an_empty_io_input_reports_the_advertiser() {
    let v = IoInput::default().parse(Currency::USD).unwrap_err();
    assert_eq!(pairs(&v), [pair("advertiser_id", "required")]);
}

#[test]
fn every_violation_is_reported_with_its_path() {
    let mut bad_flight = cpm_line_input();
    bad_flight.flight =
        Some(serde_json::from_value(json!({"start": "2026-03-10", "end": "2026-03-01"})).unwrap());
    let input = IoInput {
        advertiser_id: Some("adv 1".into()),
        currency: Some("EUR".into()),
        payment_terms: Some("net_365".into()),
        makegood_tolerance_bps: Some(-5),
        deal_id: Some("".into()),
        line_items: vec![
            cpm_line_input(),
            line_input(
                json!({"show_id": "show-1", "placement": "middle", "format": "host_read",
                "flight": {"start": "2026-13-01"},
                "pricing": {"type": "cpm", "cpm": 0, "goal": -3, "fee": 10}}),
            ),
            bad_flight,
            line_input(
                json!({"pricing": {"type": "barter"}, "episode_ids": ["ep\u{0}1"],
                "promo_code": "TWO WORDS", "vanity_url": "nodot"}),
            ),
        ],
    };
    let v = input.parse(Currency::USD).unwrap_err();
    assert_eq!(
        pairs(&v),
        [
            pair("advertiser_id", "invalid_id"),
            pair("currency", "currency_mismatch"),
            pair("payment_terms", "unknown_payment_terms"),
            pair("makegood_tolerance_bps", "out_of_range"),
            pair("deal_id", "invalid_id"),
            pair("line_items[1].placement", "unknown_placement"),
            pair("line_items[1].flight.start", "invalid_date"),
            pair("line_items[1].flight.end", "required"),
            pair("line_items[1].pricing.cpm", "not_positive"),
            pair("line_items[1].pricing.goal", "not_positive"),
            pair("line_items[1].pricing.fee", "unexpected"),
            pair("line_items[2].flight.end", "end_before_start"),
            pair("line_items[3].show_id", "required"),
            pair("line_items[3].placement", "required"),
            pair("line_items[3].format", "required"),
            pair("line_items[3].flight", "required"),
            pair("line_items[3].pricing.type", "unknown_pricing"),
            pair("line_items[3].episode_ids[0]", "invalid_id"),
            pair("line_items[3].promo_code", "invalid_promo_code"),
            pair("line_items[3].vanity_url", "invalid_url"),
        ]
    );
}

#[test]
fn unknown_fields_are_malformed_json() {
    let err = serde_json::from_value::<IoInput>(json!({"advertiser_id": "adv-1", "colour": 1}));
    assert!(err.is_err());
    assert!(serde_json::from_value::<LineItemInput>(json!({"flight": {"begin": "x"}})).is_err());
    assert!(serde_json::from_value::<LineItemPatch>(json!({"goal": 1})).is_err());
}

#[test]
fn a_line_round_trips_through_its_input_and_json() {
    let l = line(1, &cpm_line_input());
    assert_eq!(
        LineItem::parse(l.id().clone(), &l.to_input()),
        Ok(l.clone())
    );
    let json = serde_json::to_value(&l).unwrap();
    assert_eq!(
        json["pricing"],
        json!({"type": "cpm", "cpm": 2500, "goal": 30000})
    );
    assert_eq!(
        json["flight"],
        json!({"start": "2026-03-01", "end": "2026-03-30"})
    );
    assert_eq!(serde_json::from_value::<LineItem>(json).unwrap(), l);
}

#[test]
fn a_line_names_episodes_as_imports_carry_them() {
    // Given episode ids as hosting platforms write them (a GUID, a URL, a padded id twice),
    let mut input = cpm_line_input();
    input.episode_ids = vec![
        "urn:uuid:5f0c2b1e-8d3a-4c7e-9b1a-2f3e4d5c6b7a".into(),
        "https://example.com/ep/12".into(),
        " ep-7 ".into(),
        "ep-7".into(),
    ];
    // when the line is parsed, they are kept trimmed, once each, and survive a round trip.
    let l = line(1, &input);
    let ids: Vec<&str> = l.episode_ids().iter().map(|e| e.as_str()).collect();
    assert_eq!(
        ids,
        [
            "urn:uuid:5f0c2b1e-8d3a-4c7e-9b1a-2f3e4d5c6b7a",
            "https://example.com/ep/12",
            "ep-7"
        ]
    );
    let json = serde_json::to_value(&l).unwrap();
    assert_eq!(serde_json::from_value::<LineItem>(json).unwrap(), l);
}

#[test]
fn a_patch_replaces_present_fields_and_null_clears() {
    let l = line(1, &cpm_line_input());
    let patch: LineItemPatch = serde_json::from_value(json!({
        "pricing": {"type": "flat", "fee": 90000},
        "promo_code": null,
        "flight": {"start": "2026-03-05", "end": "2026-03-06"}
    }))
    .unwrap();
    let changed = l.patched(patch).unwrap();
    assert_eq!(changed.total(), Ok(90_000));
    assert_eq!(changed.promo_code(), None);
    assert_eq!(changed.vanity_url(), Some("acme.com/main"));
    assert_eq!(changed.flight().days(), 2);
    let bad: LineItemPatch =
        serde_json::from_value(json!({"flight": {"start": "2026-03-05", "end": "2026-03-01"}}))
            .unwrap();
    assert_eq!(
        pairs(&l.patched(bad).unwrap_err()),
        [pair("flight.end", "end_before_start")]
    );
}

#[test]
fn counts_and_amounts_past_their_bounds_are_refused_on_their_field() {
    let with_pricing = |pricing: serde_json::Value| {
        let mut input = io_input();
        input.line_items = vec![line_input(json!({
            "show_id": "show-1", "placement": "mid", "format": "host_read",
            "flight": {"start": "2026-03-01", "end": "2026-03-30"}, "pricing": pricing}))];
        input.parse(Currency::USD).map(|_| ()).unwrap_err()
    };
    // A goal above 10^11 impressions.
    let v = with_pricing(json!({"type": "cpm", "cpm": 2500, "goal": 100_000_000_001_i64}));
    assert_eq!(pairs(&v), [pair("line_items[0].pricing.goal", "too_large")]);
    // 10^11 impressions at a CPM of 10^6 is worth 10^14 minor units: over 10^13.
    let v = with_pricing(json!({"type": "cpm", "cpm": 1_000_000, "goal": 100_000_000_000_i64}));
    assert_eq!(pairs(&v), [pair("line_items[0].pricing.goal", "too_large")]);
    // A CPM above 10^9 and a fee above 10^13.
    let v = with_pricing(json!({"type": "cpm", "cpm": 1_000_000_001, "goal": 1000}));
    assert_eq!(pairs(&v), [pair("line_items[0].pricing.cpm", "too_large")]);
    let v = with_pricing(json!({"type": "flat", "fee": i64::MAX}));
    assert_eq!(pairs(&v), [pair("line_items[0].pricing.fee", "too_large")]);
    // The largest accepted values pass: 10^10 impressions at 10^6 per thousand = 10^13.
    let mut input = io_input();
    input.line_items = vec![line_input(json!({
        "show_id": "show-1", "placement": "mid", "format": "host_read",
        "flight": {"start": "2026-03-01", "end": "2026-03-30"},
        "pricing": {"type": "cpm", "cpm": 1_000_000, "goal": 10_000_000_000_i64}}))];
    let (_, lines) = input.parse(Currency::USD).unwrap();
    assert_eq!(lines[0].total(), Ok(10_000_000_000_000));
}
