//! The rules of a deal's fields: each records its violations on its JSON field and returns
//! `None` when the value is missing or invalid.

use chrono::NaiveDate;

use super::{DealAmount, DealStage};
use crate::fields::{date, id, parse_required, required, required_text};
use crate::ids::ShowId;
use crate::violation::{FieldViolation, Violations};

/// The longest deal name, in characters.
pub const MAX_DEAL_NAME_CHARS: usize = 200;
/// The longest owner, in characters.
pub const MAX_OWNER_CHARS: usize = 200;
/// The most shows a deal may name.
pub const MAX_DEAL_SHOWS: usize = 100;

/// A required name: trimmed free text, 1..=200 characters.
pub(super) fn name(raw: Option<&str>, v: &mut Violations) -> Option<String> {
    required_text("name", raw, MAX_DEAL_NAME_CHARS, v)
}

/// A required owner: trimmed free text, 1..=200 characters.
pub(super) fn owner(raw: Option<&str>, v: &mut Violations) -> Option<String> {
    required_text("owner", raw, MAX_OWNER_CHARS, v)
}

/// A required amount, 1..=[`MAX_AMOUNT`](crate::bounds::MAX_AMOUNT) minor units.
pub(super) fn amount(raw: Option<i64>, v: &mut Violations) -> Option<DealAmount> {
    let raw = *required("amount", raw.as_ref(), v)?;
    DealAmount::new(raw)
        .map_err(|e| v.push(FieldViolation::from_invalid("amount", &e)))
        .ok()
}

/// A required expected close date (any day: a deal may be overdue).
pub(super) fn expected_close_date(raw: Option<&str>, v: &mut Violations) -> Option<NaiveDate> {
    date("expected_close_date", raw, v)
}

/// The shows of a deal: each a valid id (`show_ids[i]`), duplicates dropped (the first
/// kept), at most [`MAX_DEAL_SHOWS`].
pub(super) fn show_ids(raw: &[String], v: &mut Violations) -> Option<Vec<ShowId>> {
    if raw.len() > MAX_DEAL_SHOWS {
        let message = format!("a deal names at most {MAX_DEAL_SHOWS} shows");
        v.add("show_ids", "too_many", message);
        return None;
    }
    let before = v.len();
    let mut out: Vec<ShowId> = Vec::with_capacity(raw.len());
    for (i, item) in raw.iter().enumerate() {
        if let Some(show) = id::<ShowId>(&format!("show_ids[{i}]"), item, v) {
            if !out.contains(&show) {
                out.push(show);
            }
        }
    }
    (v.len() == before).then_some(out)
}

/// A required open stage on `field`: an unknown stage is `unknown_stage`, a closed one
/// `not_open` (a deal is closed by winning or losing it).
pub(super) fn open_stage(field: &str, raw: Option<&str>, v: &mut Violations) -> Option<DealStage> {
    let stage: DealStage = parse_required(field, raw, v)?;
    if !stage.is_open() {
        let message = "choose an open stage (lead, qualified, proposal, negotiation); \
                       a deal is closed by winning or losing it";
        v.add(field, "not_open", message);
        return None;
    }
    Some(stage)
}

/// The day a new deal was created: the given day, not after `today`, or `today`.
pub(super) fn created_on(
    raw: Option<&str>,
    today: NaiveDate,
    v: &mut Violations,
) -> Option<NaiveDate> {
    let Some(raw) = raw else {
        return Some(today);
    };
    let day = date("created_on", Some(raw), v)?;
    not_in_future("created_on", day, today, v)
}

/// The day a deal closed: the given day, or `today`; not after `today` and not before the
/// deal's `created_on`.
pub(super) fn closed_on(
    raw: Option<&str>,
    created_on: NaiveDate,
    today: NaiveDate,
    v: &mut Violations,
) -> Option<NaiveDate> {
    let day = match raw {
        None => today,
        Some(raw) => date("closed_on", Some(raw), v)?,
    };
    if day < created_on {
        let message = format!("a deal cannot close before it was created ({created_on})");
        v.add("closed_on", "before_created_on", message);
        return None;
    }
    not_in_future("closed_on", day, today, v)
}

/// `day` unless it is after `today` (an `in_future` violation on `field`).
fn not_in_future(
    field: &str,
    day: NaiveDate,
    today: NaiveDate,
    v: &mut Violations,
) -> Option<NaiveDate> {
    if day > today {
        v.add(field, "in_future", format!("{day} is in the future"));
        return None;
    }
    Some(day)
}
