//! A browser without a browser: signs in to the web app through the real router, keeps the
//! session cookie, and reads pages as HTML text.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use tower::ServiceExt;

use super::TestApp;

/// A page as answered.
#[derive(Debug)]
pub struct Page {
    /// Its status.
    pub status: StatusCode,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its HTML.
    pub body: String,
}

impl Page {
    /// Where a redirect leads.
    pub fn location(&self) -> &str {
        (self.headers.get(header::LOCATION))
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// A signed-in browser session of a [`TestApp`].
pub struct WebSession<'a> {
    app: &'a TestApp,
    /// The `Cookie` header the browser sends.
    pub cookie: String,
    /// The CSRF token of the session's forms, read off its first page.
    pub csrf: String,
}

/// Sends `request` and reads the whole answer as text.
pub async fn fetch(app: &TestApp, request: Request<Body>) -> Page {
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    Page {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A form body, URL-encoded.
pub fn form(fields: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    (fields.iter())
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `POST /sign-in` with the tenant and token given.
pub async fn post_sign_in(app: &TestApp, tenant: &str, token: &str) -> Page {
    let request = Request::post("/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form(&[("tenant", tenant), ("token", token)])))
        .unwrap();
    fetch(app, request).await
}

/// `GET path` without a session.
pub async fn get_signed_out(app: &TestApp, path: &str) -> Page {
    fetch(app, Request::get(path).body(Body::empty()).unwrap()).await
}

/// The value of the first `name="csrf"` field of a page.
pub fn csrf_of(html: &str) -> String {
    let after = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .expect("the page has a CSRF field");
    after[..after.find('"').unwrap()].to_string()
}

impl<'a> WebSession<'a> {
    /// Signs in to the app's tenant with `token`.
    pub async fn sign_in(app: &'a TestApp, token: &str) -> WebSession<'a> {
        let signed_in = post_sign_in(app, &app.tenant.slug, token).await;
        assert_eq!(
            signed_in.status,
            StatusCode::SEE_OTHER,
            "{}",
            signed_in.body
        );
        let set_cookie = signed_in.headers[header::SET_COOKIE].to_str().unwrap();
        let cookie = set_cookie.split(';').next().unwrap().to_string();
        let mut session = WebSession {
            app,
            cookie,
            csrf: String::new(),
        };
        // Home leads to the role's first page (or says there is none); either has the
        // session's forms.
        let mut page = session.get(signed_in.location()).await;
        if page.status == StatusCode::SEE_OTHER {
            page = session.get(page.location()).await;
        }
        session.csrf = csrf_of(&page.body);
        session
    }

    /// `GET path` in this session.
    pub async fn get(&self, path: &str) -> Page {
        let request = Request::get(path)
            .header(header::COOKIE, &self.cookie)
            .body(Body::empty())
            .unwrap();
        fetch(self.app, request).await
    }

    /// `POST path` with `body` as `content_type`, and `csrf` in the `X-CSRF-Token` header
    /// (as the uploader's script sends a file).
    pub async fn post_file(
        &self,
        path: &str,
        body: impl Into<Vec<u8>>,
        content_type: &str,
        csrf: Option<&str>,
    ) -> Page {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::COOKIE, &self.cookie)
            .header(header::CONTENT_TYPE, content_type);
        if let Some(csrf) = csrf {
            request = request.header("x-csrf-token", csrf);
        }
        fetch(self.app, request.body(Body::from(body.into())).unwrap()).await
    }

    /// `POST path` with `fields` as a form, and the session's CSRF token unless `fields`
    /// names one.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut fields = fields.to_vec();
        if !fields.iter().any(|(k, _)| *k == "csrf") {
            fields.push(("csrf", &self.csrf));
        }
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::COOKIE, &self.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&fields)))
            .unwrap();
        fetch(self.app, request).await
    }
}
