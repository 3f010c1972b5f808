//! Figures as pages print them: money with the domain's formatting, counts with thousands
//! separators, percentages, and the pacing statuses as words.

use cuepoint_domain::io::PacingStatus;
use cuepoint_domain::money::{group_thousands, Currency, Money};

/// `minor_units` of the currency named `currency`, as the domain formats money
/// (`1,234.56 USD`).
pub fn money(minor_units: i64, currency: &str) -> String {
    match currency.parse::<Currency>() {
        Ok(currency) => Money::new(minor_units, currency).format(),
        Err(_) => format!("{minor_units} (minor units of {currency})"),
    }
}

/// A count with thousands separators (`12,345`).
pub fn count(n: u64) -> String {
    group_thousands(&n.to_string())
}

/// A figure that may be fractional, as a count rounded to a whole (`12,345`).
pub fn approx_count(value: f64) -> String {
    count(value.max(0.0).round() as u64)
}

/// A percentage with one decimal (`97.5 %`), or a dash where there is none.
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.1} %"))
}

/// The words and the badge's CSS class of a pacing status.
pub fn pacing_status(status: Option<PacingStatus>) -> (&'static str, &'static str) {
    match status {
        Some(PacingStatus::NotStarted) => ("Not started", "neutral"),
        Some(PacingStatus::Behind) => ("Behind", "bad"),
        Some(PacingStatus::OnTrack) => ("On track", "good"),
        Some(PacingStatus::Ahead) => ("Ahead", "warn"),
        Some(PacingStatus::Delivered) => ("Delivered", "good"),
        Some(PacingStatus::UnderDelivered) => ("Under-delivered", "bad"),
        None => ("Flat fee", "neutral"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(money(123_456, "USD"), "1,234.56 USD");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(approx_count(12_499.5), "12,500");
        assert_eq!(percent(Some(97.54)), "97.5 %");
        assert_eq!(percent(None), "—");
        assert_eq!(
            pacing_status(Some(PacingStatus::OnTrack)),
            ("On track", "good")
        );
    }
}
