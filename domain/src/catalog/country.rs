//! ISO-3166 alpha-2 country codes.

use std::str::FromStr;

use crate::invalid::InvalidValue;

/// Every officially assigned ISO-3166-1 alpha-2 code, sorted.
#[rustfmt::skip]
const CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// An officially assigned ISO-3166-1 alpha-2 country code, stored uppercase (`US`, `GB`).
/// Parsing accepts either case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode(&'static str);

impl CountryCode {
    /// The two-letter code, uppercase.
    pub fn as_str(&self) -> &'static str {
        self.0
    }

    /// Every assigned code, sorted.
    pub fn all() -> impl Iterator<Item = CountryCode> {
        CODES.iter().map(|code| CountryCode(code))
    }
}

impl FromStr for CountryCode {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let upper = raw.to_ascii_uppercase();
        CODES
            .binary_search(&upper.as_str())
            .map(|i| CountryCode(CODES[i]))
            .map_err(|_| InvalidValue::new("ISO-3166 alpha-2 country code", "unknown_country", raw))
    }
}

serde_via_str!(CountryCode, crate::schema::one_of(CODES));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(CODES.windows(2).all(|w| w[0] < w[1]));
        assert!(CODES
            .iter()
            .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
    }

    #[test]
    fn assigned_codes_parse_and_others_do_not() {
        assert_eq!("us".parse::<CountryCode>().unwrap().as_str(), "US");
        assert_eq!("GB".parse::<CountryCode>().unwrap().to_string(), "GB");
        for bad in ["UK", "XX", "USA", "", "U", "EU"] {
            let err = bad.parse::<CountryCode>().unwrap_err();
            assert_eq!(err.code(), "unknown_country", "{bad}");
        }
        assert!(serde_json::from_str::<CountryCode>("\"ZZ\"").is_err());
    }
}
