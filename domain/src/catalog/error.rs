//! Errors of catalog commands.

use crate::violation::Violations;

/// Why a show or advertiser command was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CatalogError {
    /// A create named an aggregate that already exists.
    #[error("it already exists")]
    AlreadyExists,
    /// An update named an aggregate that does not exist.
    #[error("it does not exist")]
    NotFound,
    /// The command's data breaks validation rules.
    #[error("validation failed: {0}")]
    Invalid(Violations),
}

impl CatalogError {
    /// A stable snake_case code: `already_exists`, `not_found` or `validation_failed`.
    pub fn code(&self) -> &'static str {
        match self {
            CatalogError::AlreadyExists => "already_exists",
            CatalogError::NotFound => "not_found",
            CatalogError::Invalid(_) => "validation_failed",
        }
    }

    /// The field violations, for an `Invalid` error.
    pub fn violations(&self) -> Option<&Violations> {
        match self {
            CatalogError::Invalid(v) => Some(v),
            _ => None,
        }
    }
}

impl From<Violations> for CatalogError {
    fn from(violations: Violations) -> Self {
        CatalogError::Invalid(violations)
    }
}
