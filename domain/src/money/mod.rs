//! Money: ISO-4217 currencies, amounts in integer minor units, and CPM prices.
//!
//! Money is never floating point: an amount is an integer count of the currency's minor unit.

mod cpm;
mod currency;
#[cfg(test)]
mod properties;

use serde::{Deserialize, Serialize};

pub use cpm::Cpm;
pub use currency::Currency;

/// An amount of money: an integer count of minor units of a currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Money {
    /// The amount in minor units (cents for USD); may be negative.
    pub minor_units: i64,
    /// The currency of the amount.
    pub currency: Currency,
}

impl Money {
    /// `minor_units` of `currency`.
    pub fn new(minor_units: i64, currency: Currency) -> Self {
        Self {
            minor_units,
            currency,
        }
    }

    /// Renders the amount for people, with thousands separators and the currency code,
    /// e.g. `1,234.56 USD`, `-0.05 EUR`, `1,500 JPY`.
    pub fn format(&self) -> String {
        let exponent = self.currency.minor_unit_exponent();
        let digits = self.minor_units.unsigned_abs().to_string();
        let width = exponent as usize + 1;
        let padded = format!("{digits:0>width$}");
        let (whole, fraction) = padded.split_at(padded.len() - exponent as usize);
        let mut out = String::new();
        if self.minor_units < 0 {
            out.push('-');
        }
        out.push_str(&group_thousands(whole));
        if !fraction.is_empty() {
            out.push('.');
            out.push_str(fraction);
        }
        out.push(' ');
        out.push_str(self.currency.as_str());
        out
    }
}

/// A string of digits with a comma between each group of three: `1234567` → `1,234,567`.
pub fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_group_by_thousands() {
        assert_eq!(group_thousands("30000"), "30,000");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(group_thousands("1234567"), "1,234,567");
    }

    #[test]
    fn money_formats_with_the_exponent() {
        let usd = Currency::USD;
        assert_eq!(Money::new(123_456, usd).format(), "1,234.56 USD");
        assert_eq!(Money::new(-5, usd).format(), "-0.05 USD");
        assert_eq!(Money::new(0, usd).format(), "0.00 USD");
        assert_eq!(Money::new(100_000_000, usd).format(), "1,000,000.00 USD");
        let jpy = "JPY".parse().unwrap();
        assert_eq!(Money::new(1500, jpy).format(), "1,500 JPY");
        let kwd = "KWD".parse().unwrap();
        assert_eq!(Money::new(1234, kwd).format(), "1.234 KWD");
        assert_eq!(
            Money::new(i64::MIN, usd).format(),
            "-92,233,720,368,547,758.08 USD"
        );
    }
}
