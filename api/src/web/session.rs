//! Signing in to the web app: the tenant and an API token, pasted once, become a session.
//!
//! The browser holds only a random session secret, in an `HttpOnly`, `SameSite=Strict`
//! cookie that page scripts cannot read; the server keeps the secret's SHA-256 digest with
//! the tenant and token (`web_sessions`), so any server resolves any session and signing out
//! (or revoking the token) ends it everywhere. Every request that changes something carries
//! a CSRF token derived from the secret (HMAC-SHA256), as a form field or the
//! `X-CSRF-Token` header.

use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use cookie::{Cookie, SameSite};
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::Deserialize;
use sha2::Sha256;
use sqlx::PgPool;

use super::error::WebError;
use crate::http::auth::Principal;
use crate::http::state::AppState;
use crate::tenancy::{digest, session_credentials, Tenant};

/// The session cookie's name.
pub const COOKIE: &str = "cuepoint_session";
/// The header a script sends the CSRF token in (the uploader).
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field a form sends the CSRF token in.
pub const CSRF_FIELD: &str = "csrf";
/// How long a session lasts after signing in.
pub const LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);

/// A signed-in browser: who it acts as, and the CSRF token its forms carry.
#[derive(Clone, Debug)]
pub struct Session {
    /// The tenant and token the session was opened with (the API's scoping applies).
    pub principal: Principal,
    /// The token every form of this session sends back.
    pub csrf: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        (parts.extensions.get::<Session>().cloned())
            .ok_or_else(|| WebError::unexpected("page without the signed-in layer"))
    }
}

/// Opens a session for `token_id` of `tenant`; returns the secret for the cookie. Expired
/// sessions are deleted on the way.
pub async fn open(pool: &PgPool, tenant: &Tenant, token_id: &str) -> sqlx::Result<String> {
    let mut secret = [0_u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let secret = URL_SAFE_NO_PAD.encode(secret);
    let lifetime = i64::try_from(LIFETIME.as_secs()).unwrap_or(i64::MAX);
    sqlx::query("DELETE FROM web_sessions WHERE expires_at <= now()")
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO web_sessions (session_sha256, tenant_id, token_id, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4))",
    )
    .bind(digest(&secret))
    .bind(&tenant.tenant_id)
    .bind(token_id)
    .bind(lifetime as f64)
    .execute(pool)
    .await?;
    Ok(secret)
}

/// Ends the session whose secret the request's cookie holds, if any.
pub async fn close(pool: &PgPool, headers: &HeaderMap) -> sqlx::Result<()> {
    if let Some(secret) = secret(headers) {
        sqlx::query("DELETE FROM web_sessions WHERE session_sha256 = $1")
            .bind(digest(&secret))
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// The `Set-Cookie` value that stores `secret` (HttpOnly, SameSite=Strict, the whole site;
/// `Secure` when the request came over HTTPS through a proxy that says so).
pub fn set_cookie(secret: &str, headers: &HeaderMap) -> String {
    let mut cookie = Cookie::build((COOKIE, secret.to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .max_age(cookie::time::Duration::seconds(
            i64::try_from(LIFETIME.as_secs()).unwrap_or(i64::MAX),
        ))
        .build();
    let https = (headers.get("x-forwarded-proto")).is_some_and(|proto| proto == "https");
    cookie.set_secure(https);
    cookie.to_string()
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie() -> String {
    let mut cookie = Cookie::build((COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .build();
    cookie.make_removal();
    cookie.to_string()
}

/// The session secret the request's `Cookie` header holds.
fn secret(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == COOKIE)
        .map(|cookie| cookie.value().to_string())
}

/// The CSRF token of the session with `secret`.
fn csrf_token(secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(csrf_mac(secret).finalize().into_bytes())
}

/// Whether `presented` is the CSRF token of the session with `secret` (in constant time).
fn csrf_matches(secret: &str, presented: &str) -> bool {
    URL_SAFE_NO_PAD
        .decode(presented)
        .is_ok_and(|bytes| csrf_mac(secret).verify_slice(&bytes).is_ok())
}

fn csrf_mac(secret: &str) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(b"cuepoint web csrf");
    mac
}

/// The signed-in layer of every page: a request without a live session is sent to the
/// sign-in page (and back here after it); a request that changes something must carry the
/// session's CSRF token, or it is refused with 403. The page gets the [`Session`], and the
/// [`Principal`] the API's handlers take.
pub async fn signed_in(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(secret) = secret(request.headers()) else {
        return to_sign_in(&request);
    };
    let found = match session_credentials(&state.pool, &digest(&secret)).await {
        Ok(found) => found,
        Err(error) => {
            return WebError::from(crate::http::error::ApiError::from(error)).into_response()
        }
    };
    let Some((tenant, (token_id, grant))) = found.and_then(|c| Some((c.tenant, c.token?))) else {
        return to_sign_in(&request);
    };
    let mut request = if changes_state(request.method()) {
        match checked_csrf(&state, &secret, request).await {
            Ok(request) => request,
            Err(refusal) => return refusal.into_response(),
        }
    } else {
        request
    };
    let principal = Principal {
        tenant,
        token_id,
        grant,
    };
    request.extensions_mut().insert(Session {
        principal: principal.clone(),
        csrf: csrf_token(&secret),
    });
    request.extensions_mut().insert(principal);
    next.run(request).await
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// To the sign-in page, coming back to this page (a GET) after it.
fn to_sign_in(request: &Request) -> Response {
    let back = match *request.method() {
        Method::GET => request.uri().path_and_query().map(|p| p.as_str()),
        _ => None,
    };
    let target = match back {
        Some(back) if back != "/" => format!(
            "/sign-in?next={}",
            percent_encoding::utf8_percent_encode(back, percent_encoding::NON_ALPHANUMERIC)
        ),
        _ => "/sign-in".to_string(),
    };
    Redirect::to(&target).into_response()
}

/// The request, if it carries the session's CSRF token: in the header, or as the `csrf`
/// field of a form body (which is read, bounded by the body limit, and put back).
async fn checked_csrf(
    state: &AppState,
    secret: &str,
    request: Request,
) -> Result<Request, WebError> {
    let refused = || {
        WebError::new(
            StatusCode::FORBIDDEN,
            "csrf_failed",
            "this form has expired or did not come from Cuepoint: reload the page and try again",
        )
    };
    if let Some(presented) = request.headers().get(CSRF_HEADER) {
        let presented = presented.to_str().unwrap_or_default();
        return if csrf_matches(secret, presented) {
            Ok(request)
        } else {
            Err(refused())
        };
    }
    let is_form = (request.headers().get(header::CONTENT_TYPE))
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(refused());
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, state.settings.body_limit)
        .await
        .map_err(|_| {
            WebError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                "the form is too large",
            )
        })?;
    #[derive(Deserialize)]
    struct CsrfField {
        csrf: Option<String>,
    }
    let field: CsrfField = serde_urlencoded::from_bytes(&bytes).map_err(|_| refused())?;
    match field.csrf {
        Some(presented) if csrf_matches(secret, &presented) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(refused()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csrf_token_is_the_sessions_own() {
        let token = csrf_token("secret-a");
        assert!(csrf_matches("secret-a", &token));
        assert!(!csrf_matches("secret-b", &token));
        assert!(!csrf_matches("secret-a", ""));
        assert!(!csrf_matches("secret-a", "not base64 !"));
    }

    #[test]
    fn the_cookie_is_http_only_and_same_site_strict() {
        let cookie = set_cookie("abc", &HeaderMap::new());
        assert!(cookie.starts_with("cuepoint_session=abc"), "{cookie}");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert!(cookie.contains("Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "{cookie}");
        let mut https = HeaderMap::new();
        https.insert("x-forwarded-proto", "https".parse().unwrap());
        assert!(set_cookie("abc", &https).contains("Secure"));
    }

    #[test]
    fn the_secret_is_read_from_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "a=1; cuepoint_session=xyz; b=2".parse().unwrap(),
        );
        assert_eq!(secret(&headers).as_deref(), Some("xyz"));
    }
}
