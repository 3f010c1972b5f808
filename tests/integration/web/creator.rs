//! The creator's pacing page: the figures of the fixture's line, worked out by hand.

use axum::http::StatusCode;
use cuepoint_domain::tenancy::Role;

use super::{fixture, AS_OF};
use crate::support::web::WebSession;

#[tokio::test]
async fn the_creator_reads_the_pacing_of_its_line() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, fixture.token(Role::Creator)).await;
    let page = session.get(&format!("/creator?as_of={AS_OF}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // The flight is 03-17..=04-15: 30 days, 15 of them elapsed on 03-31.
    // delivered = 15 days × 1,000 = 15,000; expected = 40,000 × 15 / 30 = 20,000;
    // pacing = 100 × 15,000 / 20,000 = 75.0 % (< 90: behind);
    // projected final = 15,000 + 1,000 (mean of the last 7 days) × 15 remaining = 30,000.
    for figure in [
        r#"data-figure="delivered">15,000<"#,
        r#"data-figure="expected">20,000<"#,
        r#"data-figure="pacing">75.0 %<"#,
        r#"data-figure="projected_final">30,000<"#,
        r#"data-status="Behind">Behind<"#,
    ] {
        assert!(page.body.contains(figure), "{figure} not in the page");
    }
    // Revenue of 03-02..=03-31: 15,000 impressions at 20.00 USD CPM = 300.00 USD.
    assert!(page.body.contains("300.00 USD"), "{}", page.body);
    // The chart marks each delivered day with its cumulative figure.
    assert!(page
        .body
        .contains("<title>Delivered: 15,000 on 2026-03-31</title>"));
}

#[tokio::test]
async fn a_creator_cannot_open_another_shows_page() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, fixture.token(Role::Creator)).await;
    let other = session
        .get(&format!("/creator?show_id={}", fixture.other_show))
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert!(other.body.contains("show not found"), "{}", other.body);
    let own = session
        .get(&format!("/creator?show_id={}", fixture.show))
        .await;
    assert_eq!(own.status, StatusCode::OK);
}

#[tokio::test]
async fn a_bad_day_is_a_clear_error_on_the_page() {
    let fixture = fixture().await;
    let session = WebSession::sign_in(&fixture.app, fixture.token(Role::Creator)).await;
    let page = session.get("/creator?as_of=yesterday").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("as_of"), "{}", page.body);
    // Still inside the signed-in frame, with the menu.
    assert!(page.body.contains("Sign out"));
}
