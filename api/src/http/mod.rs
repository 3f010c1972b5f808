//! The HTTP API: a thin edge over the command bus and the read models.

pub mod admin;
pub mod alerts;
pub mod auth;
pub mod automation;
pub mod body_limit;
pub mod catalog;
pub mod consistency;
pub mod credential_cache;
pub mod dashboard;
pub mod dashboard_advertiser;
pub mod dashboard_creator;
pub mod deals;
pub mod docs_ui;
pub mod edge;
pub mod error;
pub mod etl;
pub mod health;
pub mod idempotency;
pub mod io;
pub mod io_pdf;
pub mod json;
pub mod matches;
pub mod metrics;
pub mod openapi;
pub mod path;
pub mod pipeline;
pub mod prometheus;
pub mod query;
pub mod routes;
pub mod sheets_import;
pub mod state;
pub mod upload;
pub mod webhooks;

use axum::extract::MatchedPath;
use axum::http::Request;
use axum::middleware::from_fn;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use self::state::AppState;

/// The application: every route of the API and of the web app ([`crate::web`]), with request ids, tracing, a timeout, and every answer
/// that does not come from a handler (no route, wrong method, URI too long, timeout, panic)
/// in the error shape. Requests are counted and timed for `GET /metrics` unless
/// [`HttpSettings::metrics`](state::HttpSettings::metrics) is off.
pub fn app(state: AppState) -> Router {
    let routes = routes::router(&state)
        .merge(crate::web::router(&state))
        .method_not_allowed_fallback(edge::method_not_allowed)
        .fallback(edge::no_route)
        // Body limits come from the route table (`body_limit`, or the upload limit of an
        // upload's handler), so axum's own 2 MB default is off.
        .layer(axum::extract::DefaultBodyLimit::disable());
    let routes = if state.settings.metrics {
        crate::measure::handle();
        routes.layer(from_fn(prometheus::track))
    } else {
        routes
    };
    routes
        .layer(CatchPanicLayer::custom(edge::panicked))
        .layer(from_fn(edge::timeout))
        .layer(from_fn(edge::bounded_uri))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let route = request
                .extensions()
                .get::<MatchedPath>()
                .map_or(request.uri().path(), MatchedPath::as_str);
            let request_id = request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            tracing::info_span!("request", method = %request.method(), route, request_id, tenant = tracing::field::Empty)
        }))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}
