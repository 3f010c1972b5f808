//! Signing in and out, and the CSRF token of every form.

use axum::http::{header, StatusCode};
use cuepoint_domain::tenancy::Role;

use super::fixture;
use crate::support::web::{get_signed_out, post_sign_in, WebSession};
use crate::support::TestApp;

#[tokio::test]
async fn a_page_without_a_session_leads_to_sign_in_and_back() {
    let app = TestApp::without_workers().await;
    let page = get_signed_out(&app, "/creator?as_of=2026-03-31").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.location(),
        "/sign-in?next=%2Fcreator%3Fas%5Fof%3D2026%2D03%2D31"
    );
    let form = get_signed_out(&app, page.location()).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains(r#"name="next" value="/creator?as_of=2026-03-31""#),
        "{}",
        form.body
    );
}

#[tokio::test]
async fn a_wrong_token_is_refused_with_the_form_again() {
    let app = TestApp::without_workers().await;
    let refused = post_sign_in(&app, "acme", "cpt_not-a-token").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(refused.body.contains("do not match"), "{}", refused.body);
    assert!(!refused.headers.contains_key(header::SET_COOKIE));
    let other_tenant = post_sign_in(&app, "globex", &app.admin).await;
    assert_eq!(other_tenant.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_strict() {
    let app = TestApp::without_workers().await;
    let signed_in = post_sign_in(&app, "acme", &app.admin).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let cookie = signed_in.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    // The cookie holds a session secret, never the API token.
    assert!(!cookie.contains(&app.admin), "{cookie}");
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused_and_sign_out_ends_the_session() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, fixture.token(Role::Creator)).await;
    let forged = session.post("/sign-out", &[("csrf", "forged")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let missing = (session.post("/sign-out", &[("csrf", "")])).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert_eq!(session.get("/creator").await.status, StatusCode::OK);

    let signed_out = session.post("/sign-out", &[]).await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);
    assert_eq!(signed_out.location(), "/sign-in");
    // The same cookie, replayed, opens nothing.
    let after = session.get("/creator").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert!(after.location().starts_with("/sign-in"));
}

#[tokio::test]
async fn revoking_the_token_ends_its_sessions() {
    let fixture = fixture().await;
    let app = &fixture.app;
    let session = WebSession::sign_in(app, fixture.token(Role::Ops)).await;
    assert_eq!(session.get("/").await.status, StatusCode::SEE_OTHER);
    let tokens = app
        .call(axum::http::Method::GET, "/api/v1/tokens", &app.admin, None)
        .await;
    let ops = (tokens.body.as_array().unwrap().iter())
        .find(|t| t["role"] == "ops")
        .unwrap()["token_id"]
        .as_str()
        .unwrap()
        .to_string();
    let revoked = app
        .call(
            axum::http::Method::DELETE,
            &format!("/api/v1/tokens/{ops}"),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    let after = session.get("/creator").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert!(after.location().starts_with("/sign-in"));
}
