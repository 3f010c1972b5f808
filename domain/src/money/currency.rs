//! ISO-4217 currencies.

use std::str::FromStr;

use crate::invalid::InvalidValue;

/// Supported ISO-4217 codes with their minor-unit exponent, sorted by code.
#[rustfmt::skip]
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
        CURRENCIES
            .iter()
            .map(|&(code, exponent)| Currency { code, exponent })
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

serde_via_str!(
    Currency,
    crate::schema::one_of(CURRENCIES.iter().map(|(code, _)| *code))
);

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
}
