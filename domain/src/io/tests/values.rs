//! Value types: flight, pricing, format, terms, tolerance.

use std::num::NonZeroU64;

use serde_json::json;

use super::fixtures::d;
use crate::io::{Fee, Flight, Format, MakegoodTolerance, PaymentTerms, Pricing};
use crate::money::Cpm;

#[test]
fn a_flight_counts_inclusive_days_and_clamps_elapsed() {
    let f = Flight::new(d("2026-03-01"), d("2026-03-30")).unwrap();
    assert_eq!(f.days(), 30);
    assert_eq!(f.elapsed(d("2026-02-27")), 0);
    assert_eq!(f.elapsed(d("2026-03-01")), 1);
    assert_eq!(f.elapsed(d("2026-03-10")), 10);
    assert_eq!(f.elapsed(d("2026-04-15")), 30);
    assert!(f.runs_on(d("2026-03-30")) && !f.runs_on(d("2026-03-31")));
    assert!(!f.has_ended(d("2026-03-30")) && f.has_ended(d("2026-03-31")));
    assert!(f.overlaps(d("2026-03-30"), d("2026-04-02")));
    assert!(!f.overlaps(d("2026-03-31"), d("2026-04-02")));
    let one_day = Flight::new(d("2026-03-01"), d("2026-03-01")).unwrap();
    assert_eq!(one_day.days(), 1);
}

#[test]
fn a_flight_of_n_days_ends_n_minus_one_days_after_its_start() {
    let f = Flight::of_days(d("2026-12-02"), 30);
    assert_eq!(
        (f.start(), f.end(), f.days()),
        (d("2026-12-02"), d("2026-12-31"), 30)
    );
    assert_eq!(Flight::of_days(d("2026-03-01"), 0).days(), 1);
    let last = Flight::of_days(chrono::NaiveDate::MAX, 30);
    assert_eq!(last.end(), chrono::NaiveDate::MAX);
}

#[test]
fn a_flight_ending_before_it_starts_is_refused_also_from_json() {
    let err = Flight::new(d("2026-03-02"), d("2026-03-01")).unwrap_err();
    assert_eq!(err.code(), "end_before_start");
    let bad = json!({"start": "2026-03-02", "end": "2026-03-01"});
    assert!(serde_json::from_value::<Flight>(bad).is_err());
    let good = json!({"start": "2026-03-01", "end": "2026-03-02"});
    let f: Flight = serde_json::from_value(good.clone()).unwrap();
    assert_eq!(serde_json::to_value(f).unwrap(), good);
}

#[test]
fn pricing_totals_round_once_and_serialize_tagged() {
    let cpm = Pricing::Cpm {
        cpm: Cpm::new(2500).unwrap(),
        goal: NonZeroU64::new(30_000).unwrap(),
    };
    assert_eq!(cpm.total(), Ok(75_000)); // 30,000 * 25.00 / 1000 = 750.00
    let odd = Pricing::Cpm {
        cpm: Cpm::new(1999).unwrap(),
        goal: NonZeroU64::new(1_250).unwrap(),
    };
    assert_eq!(odd.total(), Ok(2_499)); // 1,250 * 1,999 / 1000 = 2,498.75 -> 2,499
    let flat = Pricing::Flat {
        fee: Fee::new(150_000).unwrap(),
    };
    assert_eq!(flat.total(), Ok(150_000));
    assert_eq!(flat.goal(), None);
    assert_eq!(
        serde_json::to_value(cpm).unwrap(),
        json!({"type": "cpm", "cpm": 2500, "goal": 30000})
    );
    assert_eq!(
        serde_json::to_value(flat).unwrap(),
        json!({"type": "flat", "fee": 150000})
    );
    assert!(serde_json::from_value::<Pricing>(json!({"type": "flat", "fee": 0})).is_err());
    assert!(
        serde_json::from_value::<Pricing>(json!({"type": "cpm", "cpm": 1, "goal": 0})).is_err()
    );
    assert_eq!(Fee::new(-1).unwrap_err().code(), "not_positive");
}

#[test]
fn formats_round_trip() {
    for f in Format::ALL {
        assert_eq!(f.as_str().parse::<Format>().unwrap(), f);
    }
    assert_eq!(
        serde_json::to_value(Format::HostRead).unwrap(),
        json!("host_read")
    );
    assert_eq!(
        "radio".parse::<Format>().unwrap_err().code(),
        "unknown_format"
    );
}

#[test]
fn payment_terms_are_prepaid_or_net_days() {
    assert_eq!(PaymentTerms::default(), PaymentTerms::Net(30));
    assert_eq!(
        "net_60".parse::<PaymentTerms>().unwrap(),
        PaymentTerms::Net(60)
    );
    assert_eq!(
        "prepaid".parse::<PaymentTerms>().unwrap(),
        PaymentTerms::Prepaid
    );
    for bad in [
        "net_0", "net_181", "net_030", "net_", "net30", "Net_30", "net_-1",
    ] {
        assert!(bad.parse::<PaymentTerms>().is_err(), "{bad}");
    }
    assert_eq!(
        serde_json::to_value(PaymentTerms::Net(45)).unwrap(),
        json!("net_45")
    );
    let back: PaymentTerms = serde_json::from_value(json!("net_15")).unwrap();
    assert_eq!(back.to_string(), "net_15");
}

#[test]
fn makegood_tolerance_is_basis_points_and_exact() {
    let ten = MakegoodTolerance::default();
    assert_eq!(ten.basis_points(), 1000);
    assert!(ten.is_met(30_000, 27_000)); // exactly 90 %
    assert!(!ten.is_met(30_000, 26_999));
    assert!(MakegoodTolerance::from_basis_points(0)
        .unwrap()
        .is_met(10, 10));
    assert!(!MakegoodTolerance::from_basis_points(0)
        .unwrap()
        .is_met(10, 9));
    assert!(MakegoodTolerance::from_basis_points(10_001).is_err());
    assert!(MakegoodTolerance::from_basis_points(-1).is_err());
    assert_eq!(serde_json::to_value(ten).unwrap(), json!(1000));
    assert!(serde_json::from_value::<MakegoodTolerance>(json!(20000)).is_err());
}
