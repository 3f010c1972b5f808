//! Regressions of inputs found while fuzzing (docs/fuzzing.md): each answered in the error
//! shape, never with a server error.

use axum::http::{Method, StatusCode};

use crate::catalog::show_body;
use crate::support::TestApp;

/// A token whose id ends in a NUL byte (`%00` in the query) once reached the event lookup,
/// which PostgreSQL refuses: a 500. It is no token.
#[tokio::test]
async fn a_consistency_token_holding_a_control_character_is_refused() {
    let app = TestApp::without_workers().await;
    let body = Some(show_body("Night Shift"));
    let created = app
        .call(Method::POST, "/api/v1/shows", &app.admin, body)
        .await;
    let token = created.body["consistency_token"].as_str().unwrap();
    let show = format!("/api/v1/shows/{}", created.body["id"].as_str().unwrap());
    for odd in ["%00", "%0A", "%20"] {
        let reply = app.get_after(&show, &format!("{token}{odd}")).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{odd}: {:?}",
            reply.body
        );
        assert_eq!(reply.code(), "invalid_consistency_token");
    }
}
