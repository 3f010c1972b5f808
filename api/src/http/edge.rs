//! The answers the API gives before or around a handler — no route, a method the route does
//! not take, a URI too long, a request that ran out of time, a handler that panicked — all in
//! the error shape.

use std::any::Any;
use std::time::Duration;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// The longest request URI the API reads, in bytes. (Past 64 KiB the HTTP server itself
/// refuses the request before any of this code runs.)
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// How long a request may take before it is answered 504.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// 404 for a path no route has.
pub async fn no_route() -> ApiError {
    ApiError::not_found("route")
}

/// 405 for a method the path's routes do not take.
pub async fn method_not_allowed() -> ApiError {
    ApiError::client(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this path does not take this method",
    )
}

/// 414 for a URI longer than [`MAX_URI_BYTES`].
pub async fn bounded_uri(request: Request, next: Next) -> Response {
    let length = request.uri().to_string().len();
    if length > MAX_URI_BYTES {
        return ApiError::client(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            format!("the URI has {length} bytes; at most {MAX_URI_BYTES} are read"),
        )
        .into_response();
    }
    next.run(request).await
}

/// 504 for a request not answered within [`REQUEST_TIMEOUT`].
pub async fn timeout(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("request timed out");
            ApiError::client(
                StatusCode::GATEWAY_TIMEOUT,
                "timeout",
                "the request took longer than 30 seconds",
            )
            .into_response()
        }
    }
}

/// A handler that panicked: logged (in the request's span, with its id), answered as the
/// opaque 500 of the error shape.
pub fn panicked(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = (panic.downcast_ref::<&str>().copied())
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message");
    ApiError::Unexpected(anyhow::anyhow!("handler panicked: {message}")).into_response()
}

#[cfg(test)]
mod tests {
    use axum::body::{to_bytes, Body};
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;
    use tower_http::catch_panic::CatchPanicLayer;

    use super::*;

    #[tokio::test]
    async fn a_panicking_handler_answers_the_opaque_500_of_the_error_shape() {
        async fn boom() -> &'static str {
            panic!("secret internals")
        }
        let app = Router::new()
            .route("/", get(boom))
            .layer(CatchPanicLayer::custom(panicked));
        let request = axum::http::Request::get("/").body(Body::empty()).unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = to_bytes(response.into_body(), 1 << 16).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"]["code"], "internal_error");
        assert!(!body.to_string().contains("secret"));
    }
}
