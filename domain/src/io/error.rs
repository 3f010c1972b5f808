//! Errors of IO commands.

use super::IoStatus;
use crate::bounds::Overflow;
use crate::catalog::LookupFailed;
use crate::violation::Violations;

/// Why a command on an IO was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum IoError {
    /// A create named an IO that already exists.
    #[error("the IO already exists")]
    AlreadyExists,
    /// The IO, or the line item or makegood named by the path, does not exist.
    #[error("not found")]
    NotFound,
    /// The command breaks business rules; every violation names its field (422).
    #[error("validation failed: {0}")]
    Invalid(Violations),
    /// The IO's status does not allow the action (409).
    #[error("cannot {action} an IO that is {from}")]
    InvalidTransition {
        /// The status the IO reads as.
        from: IoStatus,
        /// The refused action, snake_case (`sign`, `cancel`, `amend`, ...).
        action: &'static str,
    },
    /// The makegood is already resolved (409).
    #[error("the makegood is already resolved")]
    AlreadyResolved,
    /// The catalog could not be asked whether a show or advertiser exists (503).
    #[error("the catalog is unavailable")]
    CatalogUnavailable,
}

impl IoError {
    /// A stable snake_case code: `already_exists`, `not_found`, `validation_failed`,
    /// `invalid_transition`, `already_resolved` or `catalog_unavailable`.
    pub fn code(&self) -> &'static str {
        match self {
            IoError::AlreadyExists => "already_exists",
            IoError::NotFound => "not_found",
            IoError::Invalid(_) => "validation_failed",
            IoError::InvalidTransition { .. } => "invalid_transition",
            IoError::AlreadyResolved => "already_resolved",
            IoError::CatalogUnavailable => "catalog_unavailable",
        }
    }

    /// The field violations, for an `Invalid` error.
    pub fn violations(&self) -> Option<&Violations> {
        match self {
            IoError::Invalid(v) => Some(v),
            _ => None,
        }
    }
}

impl From<Violations> for IoError {
    fn from(violations: Violations) -> Self {
        IoError::Invalid(violations)
    }
}

/// A catalog lookup that failed: the catalog is unavailable (503).
impl From<LookupFailed> for IoError {
    fn from(_: LookupFailed) -> Self {
        IoError::CatalogUnavailable
    }
}

/// A total that does not fit (only stored data from before the bounds can cause one): a
/// violation on `line_items`, answered 422.
impl From<Overflow> for IoError {
    fn from(overflow: Overflow) -> Self {
        let mut v = Violations::new();
        v.add("line_items", "out_of_range", overflow.to_string());
        IoError::Invalid(v)
    }
}
