//! The answer to an import (HTTP and command line).

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cuepoint_domain::import::{FailureReason, Rejection};
use serde::Serialize;
use serde_json::{json, Value};

use crate::http::consistency::TOKEN_HEADER;

/// How many rejected rows an import's answer lists (all are in `GET /etl/imports/{id}`).
pub const FIRST_REJECTIONS: usize = 20;

/// What an import did.
#[derive(Clone, Debug, Serialize)]
pub struct ImportOutcome {
    /// The import's id.
    pub id: String,
    /// The import aggregate's version.
    pub version: i64,
    /// Pass as `?after=` to read the import's effect.
    pub consistency_token: String,
    /// `completed` or `failed`.
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
#[derive(Clone, Debug, Serialize)]
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

/// A completed import is 201 with the outcome. A failed one was recorded (it has an id and
/// counts for ETL health) and is answered 422 in the API's error shape, with the missing
/// columns or the first rejected rows as details and the outcome under `import`.
impl IntoResponse for ImportOutcome {
    fn into_response(self) -> Response {
        let token = HeaderValue::from_str(&self.consistency_token).ok();
        let mut response = match &self.failure {
            None => (StatusCode::CREATED, axum::Json(json!(&self))).into_response(),
            Some(failure) => {
                let details: Vec<Value> = match &failure.missing {
                    Some(missing) => missing
                        .iter()
                        .map(|c| json!({"field": c, "code": "missing_column", "message": format!("no {c} column")}))
                        .collect(),
                    None => self
                        .rejections
                        .iter()
                        .map(|r| json!({"field": format!("line {}", r.line), "line": r.line, "column": r.column, "code": "rejected_row", "message": r.reason}))
                        .collect(),
                };
                let body = json!({
                    "error": {"code": failure.code, "message": failure.message, "details": details},
                    "import": &self,
                });
                (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response()
            }
        };
        if let Some(token) = token {
            response.headers_mut().insert(TOKEN_HEADER, token);
        }
        response
    }
}
