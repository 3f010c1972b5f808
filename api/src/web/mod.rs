//! The web app: server-rendered pages for creators, advertisers and the ops team, served at
//! `/` on the API's port (docs/web.md).
//!
//! A page is a thin reader of the API: it stands for an API route (the page table,
//! [`pages`]), is admitted by that route's roles and feature flag, waits on `?after=` as
//! the route does, and calls the route's own handler with the signed-in [`Principal`], so
//! every figure comes from the same read-model query and the same scoping as the JSON
//! answer. Templates are files under `api/templates` (askama, checked at compile time);
//! charts are SVG drawn on the server ([`chart`]); the CSS and the little JavaScript (the
//! uploader) are the project's own, embedded in the binary ([`assets`]).
//!
//! [`Principal`]: crate::http::auth::Principal

pub mod advertiser;
pub mod assets;
pub mod automation;
pub mod calendar;
pub mod chart;
pub mod choices;
pub mod creator;
pub mod deal;
pub mod error;
pub mod form_query;
pub mod format;
pub mod imports;
pub mod io_detail;
pub mod ios;
pub mod ops;
pub mod pages;
pub mod pipeline;
pub mod render;
pub mod session;
pub mod sign_in;

use axum::extract::{DefaultBodyLimit, State};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use self::error::WebError;
use self::pages::nav_for;
use self::render::Layout;
use self::session::{signed_in, Session};
use crate::http::state::AppState;

/// Largest sign-in form accepted, in bytes.
const SIGN_IN_LIMIT: usize = 16 * 1024;

/// The web app's routes.
pub fn router(state: &AppState) -> Router<AppState> {
    let signed_in_layer = from_fn_with_state(state.clone(), signed_in);
    Router::new()
        .route("/", get(home).route_layer(signed_in_layer.clone()))
        .route(
            "/sign-in",
            get(sign_in::form)
                .post(sign_in::sign_in)
                .layer(DefaultBodyLimit::max(SIGN_IN_LIMIT)),
        )
        .route(
            "/sign-out",
            post(sign_in::sign_out).route_layer(signed_in_layer),
        )
        .route("/assets/{file}", get(assets::file))
        .merge(pages::router(state))
}

/// `GET /`: the first page of the signed-in role's menu.
async fn home(State(state): State<AppState>, session: Session) -> Response {
    match nav_for(session.principal.grant.role, state.features).first() {
        Some(item) => Redirect::to(item.path).into_response(),
        None => {
            let layout = Layout::signed_in("Cuepoint", &session, state.features, "/");
            WebError::new(
                axum::http::StatusCode::NOT_FOUND,
                "nothing_to_show",
                "every page this role may open is switched off",
            )
            .within(layout)
            .into_response()
        }
    }
}
