//! How command failures become API errors: one mapping for every aggregate.

use axum::http::StatusCode;
use cqrs_es::AggregateError;
use cuepoint_domain::automation::AlertError;
use cuepoint_domain::catalog::CatalogError;
use cuepoint_domain::deal::DealError;
use cuepoint_domain::io::IoError;

use crate::http::error::{is_unavailable, ApiError};

/// Maps a failed command; `domain` maps the aggregate's own errors.
pub fn from_aggregate<E: std::error::Error>(
    error: AggregateError<E>,
    domain: impl FnOnce(E) -> ApiError,
) -> ApiError {
    match error {
        AggregateError::UserError(error) => domain(error),
        AggregateError::AggregateConflict => ApiError::client(
            StatusCode::CONFLICT,
            "concurrent_write",
            "the resource was changed concurrently; retry the request",
        ),
        AggregateError::DatabaseConnectionError(error) => ApiError::Unavailable(error.to_string()),
        AggregateError::UnexpectedError(error) => match error.downcast_ref::<sqlx::Error>() {
            Some(sqlx_error) if is_unavailable(sqlx_error) => {
                ApiError::Unavailable(error.to_string())
            }
            _ => ApiError::Unexpected(anyhow::anyhow!(error)),
        },
        AggregateError::DeserializationError(error) => {
            ApiError::Unexpected(anyhow::anyhow!("stored event unreadable: {error}"))
        }
    }
}

impl From<CatalogError> for ApiError {
    fn from(error: CatalogError) -> Self {
        match error {
            CatalogError::NotFound => ApiError::not_found("catalog entry"),
            CatalogError::AlreadyExists => ApiError::client(
                StatusCode::CONFLICT,
                "already_exists",
                "the catalog entry already exists",
            ),
            CatalogError::Invalid(violations) => ApiError::invalid(violations),
        }
    }
}

impl From<IoError> for ApiError {
    fn from(error: IoError) -> Self {
        let message = error.to_string();
        match error {
            IoError::Invalid(violations) => ApiError::invalid(violations),
            IoError::NotFound => ApiError::not_found("IO, line item or makegood"),
            IoError::AlreadyExists
            | IoError::InvalidTransition { .. }
            | IoError::AlreadyResolved => {
                ApiError::client(StatusCode::CONFLICT, error.code(), message)
            }
            IoError::CatalogUnavailable => ApiError::Unavailable(message),
        }
    }
}

impl From<DealError> for ApiError {
    fn from(error: DealError) -> Self {
        let message = error.to_string();
        match error {
            DealError::Invalid(violations) => ApiError::invalid(violations),
            DealError::NotFound => ApiError::not_found("deal"),
            DealError::AlreadyExists
            | DealError::InvalidTransition { .. }
            | DealError::IoAlreadyLinked { .. } => {
                ApiError::client(StatusCode::CONFLICT, error.code(), message)
            }
            DealError::CatalogUnavailable => ApiError::Unavailable(message),
        }
    }
}

impl From<AlertError> for ApiError {
    fn from(error: AlertError) -> Self {
        // The jobs name alerts by their kind and subject: another kind under the same id
        // is a bug of the caller, not of a client.
        ApiError::Unexpected(anyhow::anyhow!(error))
    }
}
