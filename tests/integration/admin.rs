//! Token administration over HTTP: issue, list (never the secret), revoke.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::app::{request, tenant_with_admin};
use crate::support::TestApp;

#[tokio::test]
async fn an_admin_issues_lists_and_revokes_tokens() {
    let app = TestApp::without_workers().await;
    let issued = app
        .call(
            Method::POST,
            "/api/v1/tokens",
            &app.admin,
            Some(json!({"name": "ops desk", "role": "ops"})),
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED, "{:?}", issued.body);
    let token = issued.body["token"].as_str().unwrap().to_string();
    let token_id = issued.body["token_id"].as_str().unwrap().to_string();
    assert_eq!(
        app.call(Method::GET, "/api/v1/shows", &token, None)
            .await
            .status,
        StatusCode::OK
    );

    let listed = app
        .call(Method::GET, "/api/v1/tokens", &app.admin, None)
        .await;
    assert_eq!(listed.status, StatusCode::OK);
    let entry = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["token_id"] == token_id.as_str())
        .unwrap();
    assert_eq!(entry["name"], "ops desk");
    assert_eq!(entry["role"], "ops");
    assert!(entry["revoked_at"].is_null());
    assert!(
        !listed.body.to_string().contains(&token),
        "secrets are never listed"
    );

    // Another tenant's admin cannot revoke it: it does not exist for them.
    let (globex, globex_admin) = tenant_with_admin(&app.db, "globex").await;
    let path = format!("/api/v1/tokens/{token_id}");
    let foreign = app
        .send(request(
            Method::DELETE,
            &path,
            Some(&globex.slug),
            Some(&globex_admin),
            None,
        ))
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);

    let revoked = app.call(Method::DELETE, &path, &app.admin, None).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    let refused = app.call(Method::GET, "/api/v1/shows", &token, None).await;
    assert_eq!(
        refused.status,
        StatusCode::UNAUTHORIZED,
        "a revoked token stops working"
    );
    let listed = app
        .call(Method::GET, "/api/v1/tokens", &app.admin, None)
        .await;
    let entry = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["token_id"] == token_id.as_str())
        .unwrap();
    assert!(entry["revoked_at"].is_string());
    assert_eq!(
        app.call(Method::DELETE, "/api/v1/tokens/tok_nope", &app.admin, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
