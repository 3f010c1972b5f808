//! Figures as pages print them: money with the domain's formatting, counts with thousands
//! separators, percentages, and the pacing statuses as words.

use cuepoint_domain::import::health::EtlStatus;
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

/// A snake_case name as words, first letter capital (`closed_won` → `Closed won`).
pub fn label(snake: &str) -> String {
    let words = snake.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A ratio (`0.5`) as a percentage (`50.0 %`).
pub fn ratio(value: f64) -> String {
    percent(Some(value * 100.0))
}

/// A figure kept to hundredths (slots per week), without trailing zeros (`2`, `0.5`, `-1.25`).
pub fn hundredths(value: f64) -> String {
    let fixed = format!("{value:.2}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The words and the badge's CSS class of an ETL health status.
pub fn etl_status(status: EtlStatus) -> (&'static str, &'static str) {
    match status {
        EtlStatus::Healthy => ("Healthy", "good"),
        EtlStatus::Degraded => ("Degraded", "warn"),
        EtlStatus::Failing => ("Failing", "bad"),
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
        assert_eq!(label("closed_won"), "Closed won");
        assert_eq!(ratio(0.25), "25.0 %");
        assert_eq!(hundredths(0.5), "0.5");
        assert_eq!(hundredths(-1.0), "-1");
        assert_eq!(hundredths(2.25), "2.25");
        assert_eq!(
            pacing_status(Some(PacingStatus::OnTrack)),
            ("On track", "good")
        );
    }
}
