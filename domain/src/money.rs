//! Money: ISO-4217 currencies, amounts in integer minor units, and CPM prices.
//!
//! Money is never floating point: an amount is an integer count of the currency's minor unit.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::invalid::InvalidValue;

/// Supported ISO-4217 codes with their minor-unit exponent, sorted by code.
const CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2), ("ARS", 2), ("AUD", 2), ("BHD", 3), ("BRL", 2), ("CAD", 2), ("CHF", 2),
    ("CLP", 0), ("CNY", 2), ("COP", 2), ("CZK", 2), ("DKK", 2), ("EGP", 2), ("EUR", 2),
    ("GBP", 2), ("HKD", 2), ("HUF", 2), ("IDR", 2), ("ILS", 2), ("INR", 2), ("ISK", 0),
    ("JOD", 3), ("JPY", 0), ("KES", 2), ("KRW", 0), ("KWD", 3), ("MAD", 2), ("MXN", 2),
    ("MYR", 2), ("NGN", 2), ("NOK", 2), ("NZD", 2), ("OMR", 3), ("PEN", 2), ("PHP", 2),
    ("PKR", 2), ("PLN", 2), ("QAR", 2), ("RON", 2), ("SAR", 2), ("SEK", 2), ("SGD", 2),
    ("THB", 2), ("TRY", 2), ("TWD", 2), ("UAH", 2), ("USD", 2), ("VND", 0), ("ZAR", 2),
];

/// An ISO-4217 currency code (three uppercase letters) from Cuepoint's table of supported
/// currencies. Parsing is case-insensitive; the default is USD.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: &'static str,
    exponent: u8,
}

impl Currency {
    /// The US dollar.
    pub const USD: Currency = Currency {
        code: "USD",
        exponent: 2,
    };

    /// The three-letter code, uppercase.
    pub fn as_str(&self) -> &'static str {
        self.code
    }

    /// The number of decimal digits of the minor unit: 2 for USD (cents), 0 for JPY, 3 for KWD.
    pub fn minor_unit_exponent(&self) -> u32 {
        u32::from(self.exponent)
    }

    /// Every supported currency, sorted by code.
    pub fn all() -> impl Iterator<Item = Currency> {
        CURRENCIES.iter().map(|&(code, exponent)| Currency { code, exponent })
    }
}

impl Default for Currency {
    fn default() -> Self {
        Self::USD
    }
}

impl FromStr for Currency {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let upper = raw.to_ascii_uppercase();
        CURRENCIES
            .binary_search_by(|(code, _)| (*code).cmp(upper.as_str()))
            .map(|i| Currency {
                code: CURRENCIES[i].0,
                exponent: CURRENCIES[i].1,
            })
            .map_err(|_| InvalidValue::new("currency", "unknown_currency", raw))
    }
}

serde_via_str!(Currency);

/// A price per 1,000 impressions, as a positive integer count of minor units of the
/// (tenant's) currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Cpm(i64);

impl Cpm {
    /// A CPM of `minor_units`; it must be greater than zero.
    pub fn new(minor_units: i64) -> Result<Cpm, InvalidValue> {
        if minor_units > 0 {
            Ok(Cpm(minor_units))
        } else {
            Err(InvalidValue::new(
                "CPM (a positive amount in minor units)",
                "not_positive",
                minor_units.to_string(),
            ))
        }
    }

    /// The price of 1,000 impressions in minor units.
    pub fn minor_units(&self) -> i64 {
        self.0
    }

    /// The cost of `impressions` at this CPM in minor units, computed exactly and rounded once,
    /// half away from zero. Saturates at `i64::MAX`.
    pub fn cost_of(&self, impressions: u64) -> i64 {
        let exact = i128::from(impressions) * i128::from(self.0);
        let rounded = (exact + 500) / 1000;
        i64::try_from(rounded).unwrap_or(i64::MAX)
    }
}

impl TryFrom<i64> for Cpm {
    type Error = InvalidValue;

    fn try_from(minor_units: i64) -> Result<Self, Self::Error> {
        Cpm::new(minor_units)
    }
}

impl From<Cpm> for i64 {
    fn from(cpm: Cpm) -> i64 {
        cpm.0
    }
}

/// An amount of money: an integer count of minor units of a currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if !fraction.is_empty() {
            out.push('.');
            out.push_str(fraction);
        }
        out.push(' ');
        out.push_str(self.currency.as_str());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_table_is_sorted_and_valid() {
        assert!(CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(CURRENCIES
            .iter()
            .all(|(c, _)| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())));
        for code in "USD EUR GBP JPY CAD AUD CHF SEK NOK DKK NZD MXN BRL INR CNY HKD SGD KRW ZAR PLN CZK HUF ILS TRY AED SAR THB IDR MYR PHP CLP COP ARS TWD BHD KWD OMR JOD ISK RON".split(' ') {
            assert!(code.parse::<Currency>().is_ok(), "{code}");
        }
    }

    #[test]
    fn currency_parsing_is_case_insensitive_and_exponents_differ() {
        let eur: Currency = "eur".parse().unwrap();
        assert_eq!(eur.to_string(), "EUR");
        assert_eq!(eur.minor_unit_exponent(), 2);
        assert_eq!("JPY".parse::<Currency>().unwrap().minor_unit_exponent(), 0);
        assert_eq!("kwd".parse::<Currency>().unwrap().minor_unit_exponent(), 3);
        assert_eq!(Currency::default(), Currency::USD);
        let err = "XYZ".parse::<Currency>().unwrap_err();
        assert_eq!(err.code(), "unknown_currency");
        assert!("US".parse::<Currency>().is_err());
    }

    #[test]
    fn currency_serde_is_a_string() {
        let c: Currency = serde_json::from_str("\"gbp\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"GBP\"");
        assert!(serde_json::from_str::<Currency>("\"ABC\"").is_err());
    }

    #[test]
    fn cpm_must_be_positive() {
        assert_eq!(Cpm::new(2500).unwrap().minor_units(), 2500);
        assert_eq!(Cpm::new(0).unwrap_err().code(), "not_positive");
        assert!(Cpm::new(-1).is_err());
        assert_eq!(serde_json::from_str::<Cpm>("2500").unwrap(), Cpm(2500));
        assert!(serde_json::from_str::<Cpm>("0").is_err());
        assert_eq!(serde_json::to_string(&Cpm(7)).unwrap(), "7");
    }

    #[test]
    fn cpm_cost_rounds_half_away_from_zero() {
        let cpm = Cpm::new(2500).unwrap();
        assert_eq!(cpm.cost_of(1000), 2500);
        assert_eq!(cpm.cost_of(1), 3); // 2.5 -> 3
        assert_eq!(Cpm::new(1499).unwrap().cost_of(1), 1); // 1.499 -> 1
        assert_eq!(cpm.cost_of(0), 0);
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
        assert_eq!(Money::new(i64::MIN, usd).format(), "-92,233,720,368,547,758.08 USD");
    }
}
