//! JSON Schemas of the value types that serialize as strings (ids, codes, closed sets of
//! names), so the API's OpenAPI document describes each field by the rule that parses it.

use schemars::{json_schema, Schema};

/// The pattern of an aggregate id (see [`crate::ids::is_valid_id`]).
pub const ID_PATTERN: &str = "^[A-Za-z0-9_-]{1,64}$";

/// The pattern of a tenant or show slug (see [`crate::tenancy::is_valid_slug`]).
pub const SLUG_PATTERN: &str = "^[a-z0-9-]{2,40}$";

/// A string of one of `values`.
pub fn one_of<'a>(values: impl IntoIterator<Item = &'a str>) -> Schema {
    let values: Vec<&str> = values.into_iter().collect();
    json_schema!({"type": "string", "enum": values})
}

/// A string matching `pattern`.
pub fn pattern(pattern: &str) -> Schema {
    json_schema!({"type": "string", "pattern": pattern})
}

/// A string of `min..=max` characters holding a character other than white space.
pub fn text(min: u32, max: u32) -> Schema {
    json_schema!({"type": "string", "minLength": min, "maxLength": max, "pattern": "\\S"})
}
