//! What a page answers when something goes wrong: an HTML page with the status, and the
//! API's own message and fields at fault (the same [`ApiError`] the JSON API answers with).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cuepoint_domain::violation::FieldViolation;

use super::render::{html, Layout};
use crate::http::error::ApiError;

/// An error page.
#[derive(Debug)]
pub struct WebError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The API's stable code (`not_found`, `validation_failed`, …).
    pub code: String,
    /// What went wrong, for people.
    pub message: String,
    /// The fields at fault.
    pub details: Vec<FieldViolation>,
    /// The signed-in page frame, when the error happened on a signed-in page (boxed: an
    /// error travels in every page's `Result`).
    pub layout: Option<Box<Layout>>,
}

impl WebError {
    /// An error without fields at fault.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        WebError {
            status,
            code: code.to_string(),
            message: message.into(),
            details: Vec::new(),
            layout: None,
        }
    }

    /// 404, as for a page that does not exist.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "there is no such page")
    }

    /// A bug: logged, answered as a 500 without internals.
    pub fn unexpected(what: &str) -> Self {
        ApiError::Unexpected(anyhow::anyhow!("{what}")).into()
    }

    /// The same error, shown inside the signed-in frame.
    pub fn within(mut self, layout: Layout) -> Self {
        self.layout = Some(Box::new(layout));
        self
    }
}

impl From<ApiError> for WebError {
    fn from(error: ApiError) -> Self {
        let (status, body) = error.answer();
        WebError {
            status,
            code: body.error.code,
            message: body.error.message,
            details: body.error.details,
            layout: None,
        }
    }
}

/// The error page's template.
#[derive(askama::Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    error: &'a WebError,
    layout: Layout,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut layout =
            (self.layout.as_deref().cloned()).unwrap_or_else(|| Layout::signed_out("Error"));
        layout.title = match self.status {
            StatusCode::NOT_FOUND => "Not found".to_string(),
            StatusCode::FORBIDDEN => "Not allowed".to_string(),
            status if status.is_server_error() => "Something went wrong".to_string(),
            _ => "That did not work".to_string(),
        };
        let page = ErrorPage {
            error: &self,
            layout,
        };
        (self.status, html(&page)).into_response()
    }
}
