//! Properties of the money rules over generated amounts: a CPM cost is the exact product
//! rounded once, half away from zero; an exact amount rounds to the nearest minor unit;
//! formatting keeps every digit.

use proptest::prelude::*;

use super::{Cpm, Currency, Money};
use crate::bounds::{MAX_CPM, MAX_IMPRESSIONS};
use crate::io::ExactAmount;

fn cpm() -> impl Strategy<Value = Cpm> {
    (1..=MAX_CPM).prop_map(|n| Cpm::new(n).unwrap())
}

/// Impressions up to the bound, with small counts (where ties are common) often.
fn impressions() -> impl Strategy<Value = u64> {
    prop_oneof![0..=2_000_u64, 0..=MAX_IMPRESSIONS]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_cpm_cost_is_the_exact_cost_rounded_half_away_from_zero(
        cpm in cpm(),
        impressions in impressions(),
    ) {
        let exact = i128::from(impressions) * i128::from(cpm.minor_units());
        let cost = i128::from(cpm.cost_of(impressions).unwrap());
        // Within half a minor unit; a tie (exactly half) goes up, away from zero.
        let error = cost * 1000 - exact;
        prop_assert!(-500 < error && error <= 500, "cost {cost} of exact {exact}/1000");
    }

    #[test]
    fn cpm_costs_of_parts_add_up_within_one_minor_unit(
        cpm in cpm(),
        a in impressions(),
        b in impressions(),
    ) {
        let whole = cpm.cost_of(a + b).unwrap();
        let parts = cpm.cost_of(a).unwrap() + cpm.cost_of(b).unwrap();
        prop_assert!((whole - parts).abs() <= 1, "{whole} vs {parts}");
        prop_assert!(cpm.cost_of(a.max(b)).unwrap() >= cpm.cost_of(a.min(b)).unwrap());
    }

    #[test]
    fn an_exact_amount_rounds_to_the_nearest_minor_unit_ties_away_from_zero(
        (numerator, denominator) in prop_oneof![
            (-(1_i128 << 62)..(1_i128 << 62), 1_i128..=1_000_000_000),
            // Small denominators: halves (ties) are common.
            (-1_000_000_i128..=1_000_000, 1_i128..=8),
        ],
    ) {
        let amount = ExactAmount::new(numerator, denominator);
        let rounded = i128::from(amount.round().unwrap());
        let twice_error = 2 * (rounded * denominator - numerator);
        prop_assert!(twice_error.abs() <= denominator);
        if twice_error.abs() == denominator {
            // A tie: the rounded figure is further from zero than the exact one.
            prop_assert!(rounded.abs() * denominator > numerator.abs());
        }
        let negated = ExactAmount::new(-numerator, denominator).round().unwrap();
        prop_assert_eq!(i128::from(negated), -rounded);
    }

    #[test]
    fn a_formatted_amount_reads_back_as_the_same_minor_units(
        minor_units in any::<i64>(),
        currency in proptest::sample::select(Currency::all().collect::<Vec<_>>()),
    ) {
        let text = Money::new(minor_units, currency).format();
        let (number, code) = text.rsplit_once(' ').unwrap();
        prop_assert_eq!(code, currency.as_str());
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        prop_assert_eq!(fraction.len(), currency.minor_unit_exponent() as usize);
        let digits: String = format!("{whole}{fraction}").replace(',', "");
        prop_assert_eq!(digits.parse::<i128>().unwrap(), i128::from(minor_units));
        // Groups of three digits after the first.
        let groups: Vec<&str> = whole.trim_start_matches('-').split(',').collect();
        prop_assert!(groups[1..].iter().all(|g| g.len() == 3) && groups[0].len() <= 3);
    }
}
