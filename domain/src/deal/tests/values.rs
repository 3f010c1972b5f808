//! Value types: stages, loss reasons, amounts, months.

use crate::bounds::MAX_AMOUNT;
use crate::deal::{AlertKind, DealAmount, DealStage, LossReason, Month};

use super::fixtures::d;

#[test]
fn stages_have_their_probabilities_and_openness() {
    let table: Vec<(&str, u8, bool)> = DealStage::ALL
        .iter()
        .map(|s| (s.as_str(), s.probability_pct(), s.is_open()))
        .collect();
    assert_eq!(
        table,
        [
            ("lead", 10, true),
            ("qualified", 25, true),
            ("proposal", 50, true),
            ("negotiation", 75, true),
            ("closed_won", 100, false),
            ("closed_lost", 0, false),
        ]
    );
    assert!(DealStage::OPEN.iter().all(DealStage::is_open));
    assert_eq!(DealStage::default(), DealStage::Lead);
}

#[test]
fn stages_and_reasons_parse_display_and_serialize_as_snake_case() {
    for stage in DealStage::ALL {
        assert_eq!(stage.to_string().parse::<DealStage>(), Ok(*stage));
    }
    let json = serde_json::to_string(&DealStage::ClosedWon).unwrap();
    assert_eq!(json, r#""closed_won""#);
    assert!(serde_json::from_str::<DealStage>(r#""won""#).is_err());
    let err = "Lead".parse::<DealStage>().unwrap_err();
    assert_eq!(err.code(), "unknown_stage");
    let names: Vec<&str> = LossReason::ALL.iter().map(LossReason::as_str).collect();
    assert_eq!(
        names,
        [
            "price",
            "timing",
            "competitor",
            "no_budget",
            "no_fit",
            "other"
        ]
    );
    assert_eq!("no_budget".parse(), Ok(LossReason::NoBudget));
    assert_eq!(
        "budget".parse::<LossReason>().unwrap_err().code(),
        "unknown_reason"
    );
    assert_eq!(
        serde_json::to_string(&AlertKind::Overdue).unwrap(),
        r#""overdue""#
    );
}

#[test]
fn a_deal_amount_is_positive_and_bounded_also_from_json() {
    assert_eq!(DealAmount::new(1).unwrap().minor_units(), 1);
    assert_eq!(
        DealAmount::new(MAX_AMOUNT).unwrap().minor_units(),
        MAX_AMOUNT
    );
    assert_eq!(DealAmount::new(0).unwrap_err().code(), "not_positive");
    assert_eq!(DealAmount::new(-1).unwrap_err().code(), "not_positive");
    assert_eq!(
        DealAmount::new(MAX_AMOUNT + 1).unwrap_err().code(),
        "too_large"
    );
    assert!(serde_json::from_str::<DealAmount>("0").is_err());
    let amount: DealAmount = serde_json::from_str("10001").unwrap();
    assert_eq!(i64::from(amount), 10_001);
    assert_eq!(serde_json::to_string(&amount).unwrap(), "10001");
}

#[test]
fn a_month_is_written_yyyy_mm_and_ordered_in_time() {
    let december = Month::of(d("2026-12-31"));
    assert_eq!(december.to_string(), "2026-12");
    assert_eq!((december.year(), december.month()), (2026, 12));
    assert_eq!("2026-12".parse(), Ok(december));
    assert!(Month::of(d("2026-09-01")) < december);
    assert!(december < Month::of(d("2027-01-01")));
    assert_eq!(Month::of(d("0999-02-03")).to_string(), "0999-02");
    for bad in [
        "2026-13",
        "2026-00",
        "2026-1",
        "26-01",
        "2026/01",
        "2026-01-01",
        "",
    ] {
        let err = bad.parse::<Month>().unwrap_err();
        assert_eq!(err.code(), "invalid_month", "{bad:?}");
    }
    assert_eq!(serde_json::to_string(&december).unwrap(), r#""2026-12""#);
    assert_eq!(
        serde_json::from_str::<Month>(r#""2026-12""#).unwrap(),
        december
    );
    assert!(serde_json::from_str::<Month>(r#""2026-12-01""#).is_err());
}
