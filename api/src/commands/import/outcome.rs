//! The answer to an import (HTTP and command line).

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cuepoint_domain::import::{FailureReason, Rejection};
use schemars::JsonSchema;
use serde::Serialize;

use crate::http::consistency::TOKEN_HEADER;
use crate::http::openapi::{Answer, Operation};

/// How many rejected rows an import's answer lists (all are in `GET /etl/imports/{id}`).
pub const FIRST_REJECTIONS: usize = 20;

/// What an import did.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ImportOutcome {
    /// The import's id.
    pub id: String,
    /// The import aggregate's version.
    pub version: i64,
    /// Pass as `?after=` to read the import's effect.
    pub consistency_token: String,
    /// `completed` or `failed`.
    #[schemars(extend("enum" = ["completed", "failed"]))]
    pub status: &'static str,
    /// Rows accepted.
    pub accepted: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// The first rejected rows, by line.
    pub rejections: Vec<Rejection>,
    /// Why the import failed as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
}

/// Why an import failed, in the API's shape.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Failure {
    /// Stable code (`no_usable_header`, `no_valid_row`, ...).
    pub code: &'static str,
    /// Explanation.
    pub message: String,
    /// The required columns a header lacks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Vec<String>>,
}

impl From<&FailureReason> for Failure {
    fn from(reason: &FailureReason) -> Self {
        Failure {
            code: reason.code(),
            message: reason.to_string(),
            missing: match reason {
                FailureReason::NoUsableHeader { missing } => Some(missing.clone()),
                _ => None,
            },
        }
    }
}

/// The 422 answer of a failed import: the API's error shape, with the outcome under `import`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FailedImport {
    /// Why the import failed.
    pub error: ImportError,
    /// The recorded import.
    pub import: ImportOutcome,
}

/// The error of a failed import.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ImportError {
    /// The failure's code (`no_usable_header`, `no_valid_row`, ...).
    pub code: &'static str,
    /// Explanation.
    pub message: String,
    /// The missing columns, or the first rejected rows.
    pub details: Vec<ImportErrorDetail>,
}

/// One fault of a failed import.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ImportErrorDetail {
    /// A required column the header lacks.
    MissingColumn {
        /// The column.
        field: String,
        /// `missing_column`.
        code: &'static str,
        /// Explanation.
        message: String,
    },
    /// A rejected row.
    RejectedRow {
        /// `line N`.
        field: String,
        /// The line.
        line: u64,
        /// The column at fault, or `null`.
        column: Option<String>,
        /// `rejected_row`.
        code: &'static str,
        /// Why.
        message: String,
    },
}

impl ImportOutcome {
    /// The 422 answer of this failed import.
    fn failed(&self, failure: &Failure) -> FailedImport {
        let details = match &failure.missing {
            Some(missing) => missing
                .iter()
                .map(|c| ImportErrorDetail::MissingColumn {
                    field: c.clone(),
                    code: "missing_column",
                    message: format!("no {c} column"),
                })
                .collect(),
            None => self
                .rejections
                .iter()
                .map(|r| ImportErrorDetail::RejectedRow {
                    field: format!("line {}", r.line),
                    line: r.line,
                    column: r.column.clone(),
                    code: "rejected_row",
                    message: r.reason.clone(),
                })
                .collect(),
        };
        FailedImport {
            error: ImportError {
                code: failure.code,
                message: failure.message.clone(),
                details,
            },
            import: self.clone(),
        }
    }
}

/// A completed import is 201 with the outcome. A failed one was recorded (it has an id and
/// counts for ETL health) and is answered 422 in the API's error shape, with the missing
/// columns or the first rejected rows as details and the outcome under `import`.
impl IntoResponse for ImportOutcome {
    fn into_response(self) -> Response {
        let token = HeaderValue::from_str(&self.consistency_token).ok();
        let mut response = match &self.failure {
            None => (StatusCode::CREATED, axum::Json(&self)).into_response(),
            Some(failure) => {
                let body = self.failed(failure);
                (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response()
            }
        };
        if let Some(token) = token {
            response.headers_mut().insert(TOKEN_HEADER, token);
        }
        response
    }
}

impl Answer for ImportOutcome {
    fn describe(operation: &mut Operation<'_>) {
        let outcome = operation.schemas.answer::<ImportOutcome>();
        let failed = operation.schemas.answer::<FailedImport>();
        let token = "The import's consistency token: pass it as `?after=` to read its effect";
        for (status, schema) in [
            (StatusCode::CREATED, outcome),
            (StatusCode::UNPROCESSABLE_ENTITY, failed),
        ] {
            operation.answer(status, &[("application/json", schema)]);
            operation.answer_header(status, TOKEN_HEADER, token);
        }
        // The same content imported again: 409 duplicate_import.
        operation.errors(&[StatusCode::CONFLICT]);
    }
}
