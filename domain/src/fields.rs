//! Validation helpers of command inputs (IOs, deals): each records a violation on its JSON
//! path and returns `None` when the value is missing or invalid.

use std::str::FromStr;

use chrono::NaiveDate;

use crate::ids::InvalidId;
use crate::invalid::InvalidValue;
use crate::money::Currency;
use crate::violation::Violations;

/// The longest promo code, vanity URL, note or reason, in characters.
pub(crate) const MAX_TEXT_CHARS: usize = 500;

/// Joins a path prefix (`""` or `line_items[2].`) and a field name.
pub(crate) fn at(prefix: &str, field: &str) -> String {
    format!("{prefix}{field}")
}

/// A required value: a `required` violation when absent.
pub(crate) fn required<'a, T: ?Sized>(
    field: &str,
    raw: Option<&'a T>,
    v: &mut Violations,
) -> Option<&'a T> {
    if raw.is_none() {
        v.add(field, "required", format!("{field} is required"));
    }
    raw
}

pub(crate) use crate::violation::parse_one;

/// A required value parsed from a string.
pub(crate) fn parse_required<T>(field: &str, raw: Option<&str>, v: &mut Violations) -> Option<T>
where
    T: FromStr<Err = InvalidValue>,
{
    parse_one(field, required(field, raw, v)?, v)
}

/// A required ISO-8601 calendar date.
pub(crate) fn date(field: &str, raw: Option<&str>, v: &mut Violations) -> Option<NaiveDate> {
    let raw = required(field, raw, v)?;
    raw.parse()
        .map_err(|_| {
            v.add(
                field,
                "invalid_date",
                format!("{raw:?} is not a date (YYYY-MM-DD)"),
            )
        })
        .ok()
}

pub(crate) use crate::text::text;

/// A required free text: trimmed and non-blank, at most `max` characters.
pub(crate) fn required_text(
    field: &str,
    raw: Option<&str>,
    max: usize,
    v: &mut Violations,
) -> Option<String> {
    let blank = raw.is_none_or(|s| s.trim().is_empty());
    if blank {
        v.add(
            field,
            "required",
            format!("a non-blank {field} is required"),
        );
        return None;
    }
    text(field, raw, max, v)
}

/// A required positive integer.
pub(crate) fn positive(field: &str, raw: Option<i64>, v: &mut Violations) -> Option<u64> {
    let value = *required(field, raw.as_ref(), v)?;
    match u64::try_from(value) {
        Ok(n) if n > 0 => Some(n),
        _ => {
            v.add(
                field,
                "not_positive",
                format!("{field} must be greater than 0"),
            );
            None
        }
    }
}

/// Whether `value` is at most `max`; records a `too_large` violation on `field` if not.
pub(crate) fn at_most(field: &str, value: u64, max: u64, v: &mut Violations) -> bool {
    let fits = value <= max;
    if !fits {
        v.add(field, "too_large", format!("{field} must be at most {max}"));
    }
    fits
}

/// An id, recording an `invalid_id` violation on `field` if it is malformed.
pub(crate) fn id<T>(field: &str, raw: &str, v: &mut Violations) -> Option<T>
where
    T: FromStr<Err = InvalidId>,
{
    raw.parse()
        .map_err(|e: InvalidId| v.add(field, "invalid_id", e.to_string()))
        .ok()
}

/// A required id.
pub(crate) fn required_id<T>(field: &str, raw: Option<&str>, v: &mut Violations) -> Option<T>
where
    T: FromStr<Err = InvalidId>,
{
    id(field, required(field, raw, v)?, v)
}

/// The optional `currency` of something priced in its tenant's currency (`what`: "an IO",
/// "a deal"): absent means the tenant's; another currency is a `currency_mismatch`.
pub(crate) fn tenant_currency_of(
    what: &str,
    raw: Option<&str>,
    tenant_currency: Currency,
    v: &mut Violations,
) -> Option<Currency> {
    let Some(raw) = raw else {
        return Some(tenant_currency);
    };
    parse_one::<Currency>("currency", raw, v).filter(|c| {
        let same = *c == tenant_currency;
        if !same {
            v.add(
                "currency",
                "currency_mismatch",
                format!("{what} is priced in its tenant's currency, {tenant_currency}"),
            );
        }
        same
    })
}
