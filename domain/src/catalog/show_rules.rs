//! The field rules of a show profile that go beyond parsing single values.

use std::collections::BTreeMap;

use super::fields::{parse_list, parse_one};
use super::show_profile::{MAX_CATEGORIES, MAX_EPISODES_PER_WEEK, MAX_SLOTS_PER_PLACEMENT};
use super::{Placement, PodcastCategory};
use crate::money::Cpm;
use crate::source::SourceName;
use crate::violation::{FieldViolation, Violations};

pub(super) fn categories(raw: &[String], v: &mut Violations) -> Vec<PodcastCategory> {
    let parsed = parse_list::<PodcastCategory>("categories", raw, v);
    if raw.is_empty() {
        v.add(
            "categories",
            "required",
            "at least one category is required",
        );
    } else if parsed.len() > MAX_CATEGORIES {
        v.add("categories", "too_many", "a show has at most 3 categories");
    }
    parsed
}

pub(super) fn episodes_per_week(raw: Option<f64>, v: &mut Violations) -> Option<f64> {
    let Some(value) = raw else {
        v.add(
            "episodes_per_week",
            "required",
            "episodes per week is required",
        );
        return None;
    };
    if (0.0..=MAX_EPISODES_PER_WEEK).contains(&value) {
        Some(value)
    } else {
        v.add(
            "episodes_per_week",
            "out_of_range",
            "episodes per week must be within 0..=50",
        );
        None
    }
}

pub(super) fn slots(raw: &BTreeMap<String, i64>, v: &mut Violations) -> BTreeMap<Placement, u32> {
    let mut out = BTreeMap::new();
    for (label, &count) in raw {
        let field = format!("slots_per_episode.{label}");
        let Some(placement) = parse_one::<Placement>(&field, label, v) else {
            continue;
        };
        match u32::try_from(count) {
            Ok(n) if count <= MAX_SLOTS_PER_PLACEMENT => {
                out.insert(placement, n);
            }
            _ => v.add(
                field,
                "out_of_range",
                "slots per episode must be within 0..=20",
            ),
        }
    }
    out
}

pub(super) fn rate_card(
    raw: &BTreeMap<String, i64>,
    slots: &BTreeMap<Placement, u32>,
    v: &mut Violations,
) -> BTreeMap<Placement, Cpm> {
    let mut out = BTreeMap::new();
    let mut priced = Vec::new();
    for (label, &minor_units) in raw {
        let field = format!("rate_card.{label}");
        let Some(placement) = parse_one::<Placement>(&field, label, v) else {
            continue;
        };
        priced.push(placement);
        match Cpm::new(minor_units) {
            Ok(cpm) => {
                out.insert(placement, cpm);
            }
            Err(e) => v.push(FieldViolation::from_invalid(field, &e)),
        }
    }
    for (placement, _) in slots.iter().filter(|(_, n)| **n > 0) {
        if !priced.contains(placement) {
            v.add(
                format!("rate_card.{placement}"),
                "missing_rate",
                format!("placement {placement} has slots, so it needs a rate-card CPM"),
            );
        }
    }
    out
}

/// The optional `metrics_source`: blank means none, else a [`SourceName`] (trimmed,
/// lowercased, 1..=64 characters, no control character), the rule of import sources.
pub(super) fn metrics_source(raw: Option<&str>, v: &mut Violations) -> Option<SourceName> {
    let raw = raw.filter(|s| !s.trim().is_empty())?;
    parse_one("metrics_source", raw, v)
}
