//! The catalog through the HTTP router: create, read, update, list, validation.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::TestApp;

/// A valid show body.
pub fn show_body(name: &str) -> Value {
    json!({
        "name": name,
        "categories": ["True Crime"],
        "audience": {"age": {"25-34": 0.6, "35-44": 0.4}, "gender": {"female": 0.5, "male": 0.5}, "country": {"US": 1.0}},
        "episodes_per_week": 2,
        "slots_per_episode": {"pre": 1, "mid": 2},
        "rate_card": {"pre": 2000, "mid": 2500}
    })
}

/// A valid advertiser body.
pub fn advertiser_body(name: &str) -> Value {
    json!({
        "name": name, "category": "software", "target_categories": ["Technology"],
        "target_age_buckets": ["25-34"], "target_genders": [], "target_countries": ["US"], "max_cpm": 3000
    })
}

#[tokio::test]
async fn a_created_show_reads_back_after_its_token_and_updates_bump_the_version() {
    let app = TestApp::spawn().await;
    let created = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Night Shift")),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let id = created.body["id"].as_str().unwrap().to_string();
    assert_eq!(created.body["version"], 1);
    let token = created.body["consistency_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(created.headers["consistency-token"], token.as_str());

    let read = app.get_after(&format!("/api/v1/shows/{id}"), &token).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["name"], "Night Shift");
    assert_eq!(read.body["slug"], "night-shift");
    assert_eq!(read.body["rate_card"]["mid"], 2500);
    assert_eq!(read.body["version"], 1);

    let patch = json!({"name": "Night Shift Radio", "rate_card": {"pre": 2100, "mid": 2600}});
    let updated = app
        .call(
            Method::PATCH,
            &format!("/api/v1/shows/{id}"),
            &app.admin,
            Some(patch),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{:?}", updated.body);
    assert_eq!(updated.body["version"], 2);
    let token = updated.body["consistency_token"].as_str().unwrap();
    let read = app.get_after(&format!("/api/v1/shows/{id}"), token).await;
    assert_eq!(read.body["name"], "Night Shift Radio");
    assert_eq!(read.body["rate_card"]["pre"], 2100);
    assert_eq!(
        read.body["categories"],
        json!(["True Crime"]),
        "fields not in the patch are kept"
    );
    assert_eq!(read.body["version"], 2);
}

#[tokio::test]
async fn lists_are_paginated_in_id_order() {
    let app = TestApp::spawn().await;
    let mut last = String::new();
    for n in 0..5 {
        let created = app
            .call(
                Method::POST,
                "/api/v1/advertisers",
                &app.admin,
                Some(advertiser_body(&format!("Brand {n}"))),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        last = created.body["consistency_token"]
            .as_str()
            .unwrap()
            .to_string();
    }
    let first = app.get_after("/api/v1/advertisers?limit=2", &last).await;
    assert_eq!(first.body["items"].as_array().unwrap().len(), 2);
    let cursor = first.body["next_cursor"].as_str().unwrap().to_string();
    let second = app
        .call(
            Method::GET,
            &format!("/api/v1/advertisers?limit=2&cursor={cursor}"),
            &app.admin,
            None,
        )
        .await;
    let third_cursor = second.body["next_cursor"].as_str().unwrap().to_string();
    let third = app
        .call(
            Method::GET,
            &format!("/api/v1/advertisers?limit=2&cursor={third_cursor}"),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(third.body["items"].as_array().unwrap().len(), 1);
    assert!(third.body["next_cursor"].is_null());
    let names: Vec<&str> = [&first, &second, &third]
        .iter()
        .flat_map(|page| {
            page.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["name"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        names,
        ["Brand 0", "Brand 1", "Brand 2", "Brand 3", "Brand 4"]
    );
}

#[tokio::test]
async fn a_show_that_breaks_the_rules_is_422_with_every_field_at_fault_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let mut body = show_body("Bad");
    body["audience"]["age"] = json!({"25-34": 0.5, "35-44": 0.2});
    body["categories"] = json!(["Cooking Shows"]);
    body["rate_card"]["mid"] = json!(0);
    let reply = app
        .call(Method::POST, "/api/v1/shows", &app.admin, Some(body))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.code(), "validation_failed");
    let fields: Vec<&str> = reply.body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.iter().any(|f| f.starts_with("audience.age")),
        "{fields:?}"
    );
    assert!(
        fields.iter().any(|f| f.starts_with("categories")),
        "{fields:?}"
    );
    assert!(
        fields.iter().any(|f| f.starts_with("rate_card")),
        "{fields:?}"
    );
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(events, 0);
}

#[tokio::test]
async fn updating_an_unknown_show_is_404_and_a_taken_slug_is_422() {
    let app = TestApp::spawn().await;
    let missing = app
        .call(
            Method::PATCH,
            "/api/v1/shows/nope",
            &app.admin,
            Some(json!({"name": "X"})),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.code(), "not_found");

    let created = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Same Name")),
        )
        .await;
    app.get_after(
        "/api/v1/shows",
        created.body["consistency_token"].as_str().unwrap(),
    )
    .await;
    let again = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Same Name")),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.body["error"]["details"][0]["field"], "slug");
}

#[tokio::test]
async fn a_long_lived_show_loads_through_snapshots_and_keeps_every_change() {
    let app = TestApp::spawn().await; // snapshot every 5 events
    let created = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Long Runner")),
        )
        .await;
    let id = created.body["id"].as_str().unwrap().to_string();
    let mut last = created;
    for n in 1..=12 {
        let patch = json!({"episodes_per_week": n});
        last = app
            .call(
                Method::PATCH,
                &format!("/api/v1/shows/{id}"),
                &app.admin,
                Some(patch),
            )
            .await;
        assert_eq!(last.status, StatusCode::OK, "{:?}", last.body);
        assert_eq!(last.body["version"], n + 1);
    }
    let snapshot: (i64, i64) = sqlx::query_as(
        "SELECT last_sequence, current_snapshot FROM snapshots WHERE aggregate_type = 'show'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(snapshot, (10, 2), "snapshots after events 5 and 10");
    let token = last.body["consistency_token"].as_str().unwrap();
    let read = app.get_after(&format!("/api/v1/shows/{id}"), token).await;
    assert_eq!(read.body["episodes_per_week"], 12.0);
    assert_eq!(read.body["version"], 13);
}

#[tokio::test]
async fn a_query_of_a_projection_that_skips_the_event_does_not_wait_for_it() {
    // The io projection reads no show events: its worker skips them without storing its
    // position at once, and a read-after-write on io must not wait for that.
    let mut args = crate::support::app::serve_args();
    args.consistency_timeout_ms = 300;
    let mut app = TestApp::with_args(args).await;
    app.start_workers();
    let created = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Skipped")),
        )
        .await;
    let token = created.body["consistency_token"].as_str().unwrap();
    let ios = app.get_after("/api/v1/io", token).await;
    assert_eq!(ios.status, StatusCode::OK);
    assert!(
        ios.headers.get("consistency").is_none(),
        "answered as caught up"
    );
    // And the skipped position is stored soon after.
    app.caught_up().await;
}
