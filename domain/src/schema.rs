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

/// A character one line of text may hold: no control character but tab
/// ([`crate::text::is_forbidden_in_line`]).
const IN_LINE: &str = r"[^\u0000-\u0008\u000A-\u001F\u007F-\u009F]";

/// The pattern of one line of text with a character other than white space.
fn line_pattern() -> String {
    format!(r"^{IN_LINE}*[^\s\u0000-\u001F\u007F-\u009F]{IN_LINE}*$")
}

/// A line of text of `min..=max` characters holding a character other than white space.
pub fn text(min: u32, max: u32) -> Schema {
    json_schema!({"type": "string", "minLength": min, "maxLength": max, "pattern": line_pattern()})
}

/// The schema of a `String` field that holds one line of text with a character other than
/// white space: `#[schemars(with = "TextLine")]` (or `"Option<TextLine>"`).
pub struct TextLine;

string_schema!(
    TextLine,
    json_schema!({"type": "string", "pattern": line_pattern()})
);

/// The schema of a filter that holds one line of text, where a blank value turns the filter
/// off (as a form's empty field sends it): `#[schemars(with = "Option<LineOrBlank>")]`.
pub struct LineOrBlank;

string_schema!(
    LineOrBlank,
    json_schema!({"type": "string", "pattern": format!("^{IN_LINE}*$")})
);
