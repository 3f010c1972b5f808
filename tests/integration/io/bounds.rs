//! Money past its bounds (issue: an IO whose total overflowed broke the tenant's IO list):
//! refused with 422 on the field, and the list keeps answering for every role.

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::{catalog, cpm_line, flat_line, ok, token};
use crate::support::TestApp;

#[tokio::test]
async fn amounts_past_their_bounds_are_422_and_the_io_list_keeps_answering() {
    let app = TestApp::spawn().await;
    let c = catalog(&app).await;
    let (show, advertiser) = (&c.shows[0], &c.advertisers[0]);

    // A goal of i64::MAX impressions, and two flat fees of i64::MAX: each refused.
    let huge_goal = json!({"advertiser_id": advertiser,
        "line_items": [cpm_line(show, 1, 30, 2500, i64::MAX)]});
    let reply = ok(&app, Method::POST, "/api/v1/io", Some(huge_goal), 422).await;
    assert_eq!(reply.code(), "validation_failed");
    assert_eq!(
        reply.body["error"]["details"][0]["field"],
        "line_items[0].pricing.goal"
    );
    assert_eq!(reply.body["error"]["details"][0]["code"], "too_large");
    let huge_fees = json!({"advertiser_id": advertiser, "line_items": [
        flat_line(show, 1, 30, i64::MAX), flat_line(show, 1, 30, i64::MAX)]});
    let reply = ok(&app, Method::POST, "/api/v1/io", Some(huge_fees), 422).await;
    let fields: Vec<&str> = (reply.body["error"]["details"].as_array().unwrap().iter())
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["line_items[0].pricing.fee", "line_items[1].pricing.fee"]
    );

    // The largest accepted line (10^13 minor units), twice: the total is exact.
    let largest = json!({"advertiser_id": advertiser, "line_items": [
        cpm_line(show, 1, 30, 1_000_000, 10_000_000_000),
        flat_line(show, 1, 30, 10_000_000_000_000)]});
    let created = ok(&app, Method::POST, "/api/v1/io", Some(largest), 201).await;
    let io = created.body["id"].as_str().unwrap().to_string();
    // Adding a line past the bound is refused; the IO is unchanged.
    let path = format!("/api/v1/io/{io}/line-items");
    let bad_line = cpm_line(show, 1, 30, 1_000_000_001, 1000);
    let reply = ok(&app, Method::POST, &path, Some(bad_line), 422).await;
    assert_eq!(reply.body["error"]["details"][0]["field"], "pricing.cpm");

    let list = app.get_after("/api/v1/io", &token(&created)).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    assert_eq!(list.body["items"][0]["total"], 20_000_000_000_000_i64);
    let detail = app
        .get_after(&format!("/api/v1/io/{io}"), &token(&created))
        .await;
    assert_eq!(detail.status, StatusCode::OK);
    assert_eq!(detail.body["line_items"].as_array().unwrap().len(), 2);
}
