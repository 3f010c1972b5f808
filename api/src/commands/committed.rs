//! The answer to a command.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;

use crate::http::consistency::TOKEN_HEADER;
use crate::http::openapi::{Answer, Operation};

/// A command that took effect: the aggregate, its new version and a consistency token a
/// query can wait for (docs/rules.md, consistency tokens).
#[derive(Clone, Debug, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Committed {
    /// The aggregate's id.
    pub id: String,
    /// The aggregate's version after the command (its last event's sequence).
    pub version: i64,
    /// Pass as `?after=` to a query to read this command's effect.
    pub consistency_token: String,
    /// 201 for a creation, 200 otherwise.
    #[serde(skip)]
    pub status: StatusCode,
    /// Whether the command wrote events (an idempotent command may write none).
    #[serde(skip)]
    pub written: bool,
}

impl IntoResponse for Committed {
    fn into_response(self) -> Response {
        let token = HeaderValue::from_str(&self.consistency_token).ok();
        let mut response = (self.status, axum::Json(&self)).into_response();
        if let Some(token) = token {
            response.headers_mut().insert(TOKEN_HEADER, token);
        }
        response
    }
}

impl Answer for Committed {
    fn describe(operation: &mut Operation<'_>) {
        let schema = operation.schemas.answer::<Committed>();
        let success = operation.success;
        operation.answer(success, &[("application/json", schema)]);
        operation.answer_header(
            success,
            TOKEN_HEADER,
            "The command's consistency token: pass it as `?after=` to read this command's effect",
        );
    }
}
