//! The field rules of a line item beyond single values: flight, pricing, lists.

use std::num::NonZeroU64;

use super::line_input::{FlightInput, PricingInput};
use super::{Fee, Flight, Pricing};
use crate::bounds::{MAX_AMOUNT, MAX_IMPRESSIONS};
use crate::fields::{at, at_most, date, positive, required, text, MAX_TEXT_CHARS};
use crate::ids::EpisodeId;
use crate::money::Cpm;
use crate::violation::{parse_one, FieldViolation, Violations};

/// The most episodes or talking points a line item may list.
pub const MAX_LIST_ITEMS: usize = 100;

pub(super) fn flight(p: &str, raw: Option<&FlightInput>, v: &mut Violations) -> Option<Flight> {
    let raw = required(&at(p, "flight"), raw, v)?;
    let start = date(&at(p, "flight.start"), raw.start.as_deref(), v);
    let end = date(&at(p, "flight.end"), raw.end.as_deref(), v);
    let (start, end) = (start?, end?);
    Flight::new(start, end)
        .map_err(|e| v.push(FieldViolation::from_invalid(at(p, "flight.end"), &e)))
        .ok()
}

pub(super) fn pricing(p: &str, raw: Option<&PricingInput>, v: &mut Violations) -> Option<Pricing> {
    let raw = required(&at(p, "pricing"), raw, v)?;
    let kind_field = at(p, "pricing.type");
    match required(&kind_field, raw.kind.as_deref(), v)? {
        "cpm" => {
            let cpm_field = at(p, "pricing.cpm");
            let cpm = required(&cpm_field, raw.cpm.as_ref(), v).and_then(|minor| {
                Cpm::new(*minor)
                    .map_err(|e| v.push(FieldViolation::from_invalid(&cpm_field, &e)))
                    .ok()
            });
            let goal_field = at(p, "pricing.goal");
            let goal = positive(&goal_field, raw.goal, v)
                .filter(|&goal| at_most(&goal_field, goal, MAX_IMPRESSIONS, v))
                .and_then(NonZeroU64::new);
            unexpected(p, "fee", raw.fee.is_some(), v);
            let pricing = Pricing::Cpm {
                cpm: cpm?,
                goal: goal?,
            };
            let value_fits = pricing.total().is_ok_and(|total| total <= MAX_AMOUNT);
            if !value_fits {
                v.add(
                    goal_field,
                    "too_large",
                    "the line's value (goal × CPM / 1000) is over 10,000,000,000,000 minor units",
                );
                return None;
            }
            Some(pricing)
        }
        "flat" => {
            let fee_field = at(p, "pricing.fee");
            let fee = required(&fee_field, raw.fee.as_ref(), v).and_then(|minor| {
                Fee::new(*minor)
                    .map_err(|e| v.push(FieldViolation::from_invalid(&fee_field, &e)))
                    .ok()
            });
            unexpected(p, "cpm", raw.cpm.is_some(), v);
            unexpected(p, "goal", raw.goal.is_some(), v);
            Some(Pricing::Flat { fee: fee? })
        }
        other => {
            v.add(
                kind_field,
                "unknown_pricing",
                format!("{other:?} is not a pricing type (cpm, flat)"),
            );
            None
        }
    }
}

fn unexpected(p: &str, field: &str, present: bool, v: &mut Violations) {
    if present {
        v.add(
            at(p, &format!("pricing.{field}")),
            "unexpected",
            format!("{field} does not apply to this pricing type"),
        );
    }
}

pub(super) fn episodes(p: &str, raw: &[String], v: &mut Violations) -> Vec<EpisodeId> {
    let field = at(p, "episode_ids");
    too_many(&field, raw.len(), v);
    let mut out = Vec::with_capacity(raw.len());
    for (i, item) in raw.iter().enumerate() {
        let parsed = parse_one::<EpisodeId>(&format!("{field}[{i}]"), item, v);
        if let Some(id) = parsed.filter(|id| !out.contains(id)) {
            out.push(id);
        }
    }
    out
}

pub(super) fn talking_points(p: &str, raw: &[String], v: &mut Violations) -> Vec<String> {
    let field = at(p, "talking_points");
    too_many(&field, raw.len(), v);
    (raw.iter().enumerate())
        .filter_map(|(i, item)| text(&format!("{field}[{i}]"), Some(item), MAX_TEXT_CHARS, v))
        .collect()
}

pub(super) fn promo_code(p: &str, raw: Option<&str>, v: &mut Violations) -> Option<String> {
    let field = at(p, "promo_code");
    let code = text(&field, raw, 40, v)?;
    if code.chars().any(char::is_whitespace) {
        v.add(field, "invalid_promo_code", "a promo code has no spaces");
        return None;
    }
    Some(code)
}

pub(super) fn vanity_url(p: &str, raw: Option<&str>, v: &mut Violations) -> Option<String> {
    let field = at(p, "vanity_url");
    let url = text(&field, raw, 200, v)?;
    if url.chars().any(char::is_whitespace) || !url.contains('.') {
        v.add(
            field,
            "invalid_url",
            "a vanity URL looks like example.com/show",
        );
        return None;
    }
    Some(url)
}

fn too_many(field: &str, len: usize, v: &mut Violations) {
    if len > MAX_LIST_ITEMS {
        v.add(field, "too_many", "at most 100 items");
    }
}
