//! `/sign-in` and `/sign-out`: the tenant and an API token, checked as the API checks them
//! ([`credentials`]), open a session; signing out ends it.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use super::error::WebError;
use super::render::{html, Layout};
use super::session;
use crate::http::auth::tenant_slug;
use crate::http::error::ApiError;
use crate::http::state::AppState;
use crate::tenancy::{credentials, digest};

/// Where to go after signing in.
#[derive(Debug, Default, Deserialize)]
pub struct Next {
    /// A path of this site to come back to.
    pub next: Option<String>,
}

/// The sign-in form as posted.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    /// The tenant's slug.
    #[serde(default)]
    pub tenant: String,
    /// An API token of the tenant.
    #[serde(default)]
    pub token: String,
    /// A path of this site to come back to.
    pub next: Option<String>,
}

/// The sign-in page's template.
#[derive(askama::Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    tenant: String,
    next: String,
    error: Option<String>,
}

/// `GET /sign-in`: the form (the tenant is filled in from the sub-domain when there is one).
pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(next): Query<Next>,
) -> Response {
    let page = SignInPage {
        layout: Layout::signed_out("Sign in"),
        tenant: tenant_slug(&headers, state.settings.base_domain.as_deref()).unwrap_or_default(),
        next: local_path(next.next.as_deref()).to_string(),
        error: None,
    };
    html(&page)
}

/// `POST /sign-in`: a valid token of the tenant opens a session and goes on to `next` (or
/// home); anything else shows the form again with 401 and the reason.
pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, WebError> {
    let tenant = form.tenant.trim().to_ascii_lowercase();
    let found = credentials(&state.pool, &tenant, &digest(form.token.trim()))
        .await
        .map_err(ApiError::from)?;
    let next = local_path(form.next.as_deref()).to_string();
    let Some((tenant_row, (token_id, _))) = found.and_then(|c| Some((c.tenant, c.token?))) else {
        let page = SignInPage {
            layout: Layout::signed_out("Sign in"),
            tenant,
            next,
            error: Some("That tenant and token do not match: check both and try again.".into()),
        };
        return Ok((StatusCode::UNAUTHORIZED, html(&page)).into_response());
    };
    let secret = session::open(&state.pool, &tenant_row, &token_id)
        .await
        .map_err(ApiError::from)?;
    let mut response = Redirect::to(&next).into_response();
    if let Ok(cookie) = session::set_cookie(&secret, &headers).parse() {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// `POST /sign-out`: ends the session (its row is deleted, the cookie cleared).
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    session::close(&state.pool, &headers)
        .await
        .map_err(ApiError::from)?;
    let mut response = Redirect::to("/sign-in").into_response();
    if let Ok(cookie) = session::clear_cookie().parse() {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// `next` if it is a path of this site (`/…`, not `//host`), else home: the sign-in page
/// never sends anyone to another site.
fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(
            local_path(Some("/creator?as_of=2026-05-01")),
            "/creator?as_of=2026-05-01"
        );
        assert_eq!(local_path(Some("//evil.example/")), "/");
        assert_eq!(local_path(Some("https://evil.example/")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(None), "/");
    }
}
