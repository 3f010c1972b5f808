//! The error of parsing a single value (a currency, a slug, a category...).

/// A string or number that is not a valid value of some domain type.
///
/// It carries a stable snake_case `code` so that validation can turn it into a
/// [`FieldViolation`](crate::violation::FieldViolation) without inspecting the message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a valid {what}")]
pub struct InvalidValue {
    what: &'static str,
    code: &'static str,
    input: String,
}

impl InvalidValue {
    /// An error saying `input` is not a valid `what`, with the stable code `code`.
    pub fn new(what: &'static str, code: &'static str, input: impl Into<String>) -> Self {
        Self {
            what,
            code,
            input: input.into(),
        }
    }

    /// The stable snake_case code of the error, e.g. `unknown_currency`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// What kind of value was expected, e.g. `currency`.
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The rejected input.
    pub fn input(&self) -> &str {
        &self.input
    }
}
