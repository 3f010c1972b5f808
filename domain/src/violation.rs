//! Field-level validation failures, collected so that all of an input's errors are reported
//! together (the `details` of a 422 answer).

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::invalid::InvalidValue;

/// One broken rule on one field of an input.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
pub struct FieldViolation {
    /// JSON path of the field, e.g. `audience.age`, `rate_card.mid`, `categories[1]`.
    pub field: String,
    /// Stable snake_case code of the rule, e.g. `bad_sum`, `missing_rate`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

impl FieldViolation {
    /// A violation of rule `code` on `field`, explained by `message`.
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }

    /// A violation on `field` made from a value parsing error.
    pub fn from_invalid(field: impl Into<String>, error: &InvalidValue) -> Self {
        Self::new(field, error.code(), error.to_string())
    }
}

/// All the violations found in one input; empty when the input is valid.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Violations(Vec<FieldViolation>);

impl Violations {
    /// No violations yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a violation.
    pub fn push(&mut self, violation: FieldViolation) {
        self.0.push(violation);
    }

    /// Records a violation of rule `code` on `field`.
    pub fn add(
        &mut self,
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.push(FieldViolation::new(field, code, message));
    }

    /// Whether no violation was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of violations.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `Ok(value)` when no violation was recorded, else `Err(self)`.
    pub fn into_result<T>(self, value: T) -> Result<T, Violations> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// The violations, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, FieldViolation> {
        self.0.iter()
    }

    /// The violations as a vector.
    pub fn into_inner(self) -> Vec<FieldViolation> {
        self.0
    }

    /// Whether some violation concerns exactly `field`.
    pub fn has_field(&self, field: &str) -> bool {
        self.0.iter().any(|v| v.field == field)
    }
}

impl From<FieldViolation> for Violations {
    fn from(violation: FieldViolation) -> Self {
        Self(vec![violation])
    }
}

impl IntoIterator for Violations {
    type Item = FieldViolation;
    type IntoIter = std::vec::IntoIter<FieldViolation>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Extend<FieldViolation> for Violations {
    fn extend<I: IntoIterator<Item = FieldViolation>>(&mut self, violations: I) {
        self.0.extend(violations);
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no violations");
        }
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", v.field, v.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

/// Parses one value, recording a violation on `field` if it is invalid.
pub(crate) fn parse_one<T>(field: &str, raw: &str, v: &mut Violations) -> Option<T>
where
    T: std::str::FromStr<Err = crate::invalid::InvalidValue>,
{
    raw.parse()
        .map_err(|e| v.push(FieldViolation::from_invalid(field, &e)))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_violations_give_the_value() {
        assert_eq!(Violations::new().into_result(5), Ok(5));
    }

    #[test]
    fn violations_are_listed_in_order() {
        let mut v = Violations::new();
        v.add("name", "required", "name is required");
        v.push(FieldViolation::new(
            "audience.age",
            "bad_sum",
            "must sum to 1",
        ));
        assert_eq!(v.len(), 2);
        assert!(v.has_field("audience.age"));
        assert_eq!(
            v.to_string(),
            "name: name is required; audience.age: must sum to 1"
        );
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json[0]["field"], "name");
        assert_eq!(v.clone().into_result(()), Err(v));
    }
}
