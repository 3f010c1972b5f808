//! Errors of deal commands.

use super::DealStage;
use crate::catalog::LookupFailed;
use crate::ids::IoId;
use crate::violation::Violations;

/// Why a command on a deal was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DealError {
    /// A create named a deal that already exists.
    #[error("the deal already exists")]
    AlreadyExists,
    /// The deal does not exist.
    #[error("not found")]
    NotFound,
    /// The command breaks business rules; every violation names its field (422).
    #[error("validation failed: {0}")]
    Invalid(Violations),
    /// The deal's stage does not allow the action (409): winning, losing or moving a closed
    /// deal, reopening an open one, linking an IO to a deal never won.
    #[error("cannot {action} a deal that is {from}")]
    InvalidTransition {
        /// The stage the deal is in.
        from: DealStage,
        /// The refused action, snake_case: `move_stage`, `win`, `lose`, `reopen`,
        /// `link_io`.
        action: &'static str,
    },
    /// The deal is already linked to another IO (409); a deal has one IO.
    #[error("the deal is already linked to IO {linked}")]
    IoAlreadyLinked {
        /// The IO the deal is linked to.
        linked: IoId,
    },
    /// The catalog could not be asked whether an advertiser or show exists (503).
    #[error("the catalog is unavailable")]
    CatalogUnavailable,
}

impl DealError {
    /// A stable snake_case code: `already_exists`, `not_found`, `validation_failed`,
    /// `invalid_transition`, `io_already_linked` or `catalog_unavailable`.
    pub fn code(&self) -> &'static str {
        match self {
            DealError::AlreadyExists => "already_exists",
            DealError::NotFound => "not_found",
            DealError::Invalid(_) => "validation_failed",
            DealError::InvalidTransition { .. } => "invalid_transition",
            DealError::IoAlreadyLinked { .. } => "io_already_linked",
            DealError::CatalogUnavailable => "catalog_unavailable",
        }
    }

    /// The field violations, for an `Invalid` error.
    pub fn violations(&self) -> Option<&Violations> {
        match self {
            DealError::Invalid(v) => Some(v),
            _ => None,
        }
    }
}

impl From<Violations> for DealError {
    fn from(violations: Violations) -> Self {
        DealError::Invalid(violations)
    }
}

/// A catalog lookup that failed: the catalog is unavailable (503).
impl From<LookupFailed> for DealError {
    fn from(_: LookupFailed) -> Self {
        DealError::CatalogUnavailable
    }
}
