//! The one error type of the HTTP API and its JSON shape:
//! `{"error": {"code": "...", "message": "...", "details": [...]}}`.
//!
//! Client errors carry a stable code; server errors are logged once, here, and answered
//! without internals.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cuepoint_domain::feature::Feature;
use cuepoint_domain::violation::{FieldViolation, Violations};
use schemars::JsonSchema;
use serde::Serialize;

/// Whether a database error means "cannot reach the database" rather than a bad query (one
/// rule for the API and the projection workers).
pub use cuepoint_projections::failure::is_unavailable;

/// The body of every error answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// An error: a stable code, a message, and the fields at fault.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code, e.g. `validation_failed`, `not_found`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
    /// The fields at fault (empty where none is).
    pub details: Vec<FieldViolation>,
}

/// An error answered to an API client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A client error: status, stable code, message and details (field violations).
    #[error("{message}")]
    Client {
        /// The HTTP status (4xx).
        status: StatusCode,
        /// Stable snake_case code.
        code: &'static str,
        /// Human-readable explanation.
        message: String,
        /// The fields at fault, where there are some.
        details: Vec<FieldViolation>,
    },
    /// The database cannot be reached: 503.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Anything else: logged, answered as an opaque 500.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl ApiError {
    /// A client error without details.
    pub fn client(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Client {
            status,
            code,
            message: message.into(),
            details: Vec::new(),
        }
    }

    /// 400 for a request that cannot be understood.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::client(StatusCode::BAD_REQUEST, code, message)
    }

    /// 404 for an unknown resource (also another tenant's).
    pub fn not_found(what: &str) -> Self {
        Self::client(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }

    /// 404 for a path that names no resource, saying why.
    pub fn not_found_because(reason: impl Into<String>) -> Self {
        Self::client(StatusCode::NOT_FOUND, "not_found", reason)
    }

    /// 404 for a route (or job) of a feature switched off (SPEC 9), naming its flag in the
    /// message and as the field of its one detail.
    pub fn feature_disabled(feature: Feature) -> Self {
        let message = format!("this feature is switched off ({feature} is false)");
        ApiError::Client {
            status: StatusCode::NOT_FOUND,
            code: "feature_disabled",
            details: vec![FieldViolation::new(
                feature.variable(),
                "feature_disabled",
                message.clone(),
            )],
            message,
        }
    }

    /// 422 for a well-formed request that breaks business rules, with the fields at fault.
    pub fn invalid(violations: Violations) -> Self {
        ApiError::Client {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "validation_failed",
            message: violations.to_string(),
            details: violations.into_inner(),
        }
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Client { status, .. } => *status,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        if is_unavailable(&error) {
            ApiError::Unavailable(error.to_string())
        } else {
            ApiError::Unexpected(error.into())
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = self.answer();
        (status, axum::Json(body)).into_response()
    }
}

impl ApiError {
    /// The status and body this error is answered with (server errors are logged here,
    /// once, and answered without internals). The web app shows the same message.
    pub fn answer(self) -> (StatusCode, ErrorBody) {
        let status = self.status();
        let (code, message, details) = match self {
            ApiError::Client {
                code,
                message,
                details,
                ..
            } => (code, message, details),
            ApiError::Unavailable(reason) => {
                tracing::warn!(%reason, "database unavailable");
                (
                    "database_unavailable",
                    "the database is unreachable; retry later".to_string(),
                    Vec::new(),
                )
            }
            ApiError::Unexpected(error) => {
                tracing::error!(error = format!("{error:#}"), "unexpected error");
                (
                    "internal_error",
                    "internal server error".to_string(),
                    Vec::new(),
                )
            }
        };
        let error = ErrorDetail {
            code: code.to_string(),
            message,
            details,
        };
        (status, ErrorBody { error })
    }
}
