//! The service describes itself: every route of the table is in its OpenAPI document.

use axum::http::{Method, StatusCode};
use cuepoint_api::http::routes::routes;

use crate::support::app::request;
use crate::support::TestApp;

#[tokio::test]
async fn the_openapi_document_lists_every_route_with_its_roles() {
    let app = TestApp::without_workers().await;
    let reply = app
        .send(request(
            Method::GET,
            "/api/v1/openapi.json",
            None,
            None,
            None,
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["openapi"], "3.0.3");
    for route in routes() {
        let operation =
            &reply.body["paths"][route.path][route.method.as_str().to_ascii_lowercase()];
        assert!(
            operation.is_object(),
            "{} {} missing",
            route.method,
            route.path
        );
        let roles: Vec<&str> = route.roles.iter().map(|r| r.as_str()).collect();
        if !roles.is_empty() {
            assert_eq!(operation["x-roles"], serde_json::json!(roles));
        }
    }
    let create = &reply.body["paths"]["/api/v1/shows"]["post"];
    assert!(create["responses"]["201"].is_object());
    assert!(create["responses"]["422"].is_object());
}
