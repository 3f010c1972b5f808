//! Validation helpers shared by the show and advertiser profiles.

use std::str::FromStr;

use serde::{Deserialize, Deserializer};

use crate::invalid::InvalidValue;
use crate::text::text;
use crate::violation::Violations;

/// The longest display name of a show or advertiser, in characters.
pub(crate) const MAX_NAME_CHARS: usize = 200;
/// The longest advertiser category, in characters.
pub(crate) const MAX_AD_CATEGORY_CHARS: usize = 60;

/// A required display name: trimmed free text, 1..=200 characters.
pub(crate) fn name(field: &str, raw: Option<&str>, v: &mut Violations) -> Option<String> {
    if raw.is_none_or(|s| s.trim().is_empty()) {
        v.add(field, "required", "a non-blank name is required");
        return None;
    }
    text(field, raw, MAX_NAME_CHARS, v)
}

/// An advertiser category: trimmed, lowercased free text, 1..=60 characters.
pub(crate) fn ad_category(field: &str, raw: &str, v: &mut Violations) -> Option<String> {
    if raw.trim().is_empty() {
        v.add(
            field,
            "required",
            "an advertiser category must not be blank",
        );
        return None;
    }
    text(field, Some(raw), MAX_AD_CATEGORY_CHARS, v).map(|c| c.to_lowercase())
}

pub(crate) use crate::violation::parse_one;

/// Parses a list, recording violations on `field[i]` and dropping duplicates (first kept).
pub(crate) fn parse_list<T>(field: &str, raw: &[String], v: &mut Violations) -> Vec<T>
where
    T: FromStr<Err = InvalidValue> + PartialEq,
{
    let mut out = Vec::with_capacity(raw.len());
    for (i, item) in raw.iter().enumerate() {
        if let Some(value) = parse_one(&format!("{field}[{i}]"), item, v) {
            if !out.contains(&value) {
                out.push(value);
            }
        }
    }
    out
}

/// A list of advertiser categories, normalised and deduplicated, with violations on
/// `field[i]`.
pub(crate) fn ad_category_list(field: &str, raw: &[String], v: &mut Violations) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for (i, item) in raw.iter().enumerate() {
        if let Some(value) = ad_category(&format!("{field}[{i}]"), item, v) {
            if !out.contains(&value) {
                out.push(value);
            }
        }
    }
    out
}

/// Deserializes a present field (even `null`) as `Some(value)`, so that with
/// `#[serde(default)]` a patch tells "absent" (`None`) from "set to null" (`Some(None)`).
pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}
