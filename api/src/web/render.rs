//! Turning a page's template into an answer, and the frame every page shares: the title,
//! who is signed in, the navigation the role may use, and the CSRF token of the forms.

use askama::Template;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::pages::nav_for;
use super::session::Session;
use crate::features::FeatureFlags;

/// The frame of a page.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The page's title.
    pub title: String,
    /// Who is signed in (none on the sign-in page).
    pub user: Option<User>,
    /// The pages the signed-in role may open, in menu order.
    pub nav: Vec<NavItem>,
    /// The path of this page (its menu entry is marked current).
    pub current: String,
}

/// The signed-in user as the frame shows it.
#[derive(Clone, Debug)]
pub struct User {
    /// The tenant's display name.
    pub tenant: String,
    /// The token's role.
    pub role: &'static str,
    /// The CSRF token every form carries.
    pub csrf: String,
}

/// One menu entry.
#[derive(Clone, Debug)]
pub struct NavItem {
    /// Its label.
    pub label: &'static str,
    /// Where it leads.
    pub path: &'static str,
}

impl Layout {
    /// The frame of a signed-in page at `current`.
    pub fn signed_in(
        title: impl Into<String>,
        session: &Session,
        features: FeatureFlags,
        current: &str,
    ) -> Self {
        let principal = &session.principal;
        Layout {
            title: title.into(),
            user: Some(User {
                tenant: principal.tenant.name.clone(),
                role: principal.grant.role.as_str(),
                csrf: session.csrf.clone(),
            }),
            nav: nav_for(principal.grant.role, features),
            current: current.to_string(),
        }
    }

    /// The frame of a page for someone not signed in.
    pub fn signed_out(title: impl Into<String>) -> Self {
        Layout {
            title: title.into(),
            user: None,
            nav: Vec::new(),
            current: String::new(),
        }
    }

    /// The CSRF token of this page's forms (empty when signed out).
    pub fn csrf(&self) -> &str {
        self.user.as_ref().map_or("", |user| user.csrf.as_str())
    }
}

/// The page rendered as HTML, with the headers every page carries: no caching (pages show
/// one user's data), a content security policy that admits only this server's own files
/// (no inline script, no other host), and no framing.
pub fn html<T: Template>(page: &T) -> Response {
    let mut response = match page.render() {
        Ok(body) => Html(body).into_response(),
        Err(error) => {
            tracing::error!(%error, "a page template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal server error").into_response()
        }
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
