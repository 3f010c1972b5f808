//! The IO list: each filter, pagination, and what creators and advertisers see.

use axum::http::{Method, StatusCode};
use cuepoint_domain::tenancy::Role;
use serde_json::json;

use super::{day, four_ios, ids, line_totals, list, list_ids};
use crate::support::TestApp;

const NONE: [&str; 0] = [];

#[tokio::test]
async fn the_list_filters_by_derived_status_advertiser_show_and_flight_and_pages() {
    let app = TestApp::spawn().await;
    let ios = four_ios(&app).await;
    let (a, b, c, d) = (
        ios.a.as_str(),
        ios.b.as_str(),
        ios.c.as_str(),
        ios.d.as_str(),
    );
    let [show_a, show_b] = &ios.catalog.shows;
    let [brand_x, brand_y] = &ios.catalog.advertisers;

    let all = list(&app, "").await;
    assert_eq!(ids(&all), [a, b, c, d], "id order is creation order");
    let items = &all.body["items"];
    assert_eq!(items[0]["status"], "live");
    assert_eq!(items[0]["total"], 231_666);
    assert_eq!(items[0]["line_item_count"], 2);
    assert_eq!(items[0]["first_start"], day(-10).to_string());
    assert_eq!(items[0]["last_end"], day(34).to_string());
    assert_eq!(items[0]["currency"], "USD");
    assert_eq!(items[1]["status"], "sent");
    assert_eq!(items[1]["total"], 50_000);
    // C: 1,001 impressions at 1,999 per thousand: 2,000.999 -> 2,001 minor units.
    assert_eq!(items[2]["total"], 2_001);
    assert_eq!(items[2]["status"], "completed");
    assert_eq!(items[3]["status"], "draft");
    assert_eq!(items[3]["total"], 0);
    assert!(items[3]["first_start"].is_null());

    // The status is derived from today's date: A and C are both signed.
    for (status, expected) in [
        ("live", vec![a]),
        ("sent", vec![b]),
        ("completed", vec![c]),
        ("draft", vec![d]),
        ("signed", vec![]),
        ("cancelled", vec![]),
    ] {
        let found = list_ids(&app, format!("status={status}")).await;
        assert_eq!(found, expected, "status={status}");
    }
    let by = |params: String| list_ids(&app, params);
    assert_eq!(by(format!("advertiser_id={brand_x}")).await, [a, d]);
    assert_eq!(
        by(format!("advertiser_id={brand_y}&status=sent")).await,
        [b]
    );
    assert_eq!(by(format!("show_id={show_b}")).await, [a, b]);
    assert_eq!(by(format!("show_id={show_a}")).await, [a, c]);
    // Flights overlapping a range: A's lines run -10..+20 and +5..+34, B's +40..+50, C's
    // -100..-91; D has none.
    let range = |from: i64, to: i64| format!("from={}&to={}", day(from), day(to));
    assert_eq!(by(range(36, 45)).await, [b]);
    assert_eq!(by(range(34, 40)).await, [a, b], "both bounds are inclusive");
    assert_eq!(by(range(-95, -92)).await, [c]);
    assert_eq!(by(range(-90, -20)).await, NONE, "C ended, A not started");
    assert_eq!(by(format!("to={}", day(-50))).await, [c]);
    assert_eq!(by(format!("from={}", day(21))).await, [a, b]);
    assert_eq!(
        by(format!("from={}&show_id={show_a}", day(21))).await,
        NONE,
        "the line on the show must itself overlap: A runs after +20 only on show B"
    );

    let first = list(&app, "?limit=3").await;
    assert_eq!(ids(&first), [a, b, c]);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let rest = list(&app, &format!("?limit=3&cursor={cursor}")).await;
    assert_eq!(ids(&rest), [d]);
    assert!(rest.body["next_cursor"].is_null());

    for bad in [
        "status=pending",
        "from=yesterday",
        "from=2026-03-02&to=2026-03-01",
    ] {
        let path = format!("/api/v1/io?{bad}");
        let reply = app.call(Method::GET, &path, &app.admin, None).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(reply.code(), "invalid_query", "{bad}");
    }
}

#[tokio::test]
async fn creators_see_only_their_shows_lines_and_advertisers_only_their_ios() {
    let app = TestApp::spawn().await;
    let ios = four_ios(&app).await;
    let (a, b, c, d) = (
        ios.a.as_str(),
        ios.b.as_str(),
        ios.c.as_str(),
        ios.d.as_str(),
    );
    let [show_a, show_b] = &ios.catalog.shows;
    let [_, brand_y] = &ios.catalog.advertisers;
    let get = |path: String, token: String| {
        let app = &app;
        async move { app.call(Method::GET, &path, &token, None).await }
    };

    // A creator of show B: A (its show-B line only) and B.
    let creator_b = app.token(Role::Creator, &[show_b.as_str()], None).await;
    let seen = get("/api/v1/io".into(), creator_b.clone()).await;
    assert_eq!(ids(&seen), [a, b]);
    assert_eq!(
        seen.body["items"][0]["total"], 150_000,
        "show B's line of A"
    );
    assert_eq!(seen.body["items"][0]["show_ids"], json!([show_b]));
    assert_eq!(seen.body["items"][0]["line_item_count"], 1);
    let detail = get(format!("/api/v1/io/{a}"), creator_b.clone()).await;
    assert_eq!(detail.status, StatusCode::OK, "{:?}", detail.body);
    assert_eq!(line_totals(&detail.body["line_items"]), [150_000]);
    assert_eq!(detail.body["total"], 150_000);
    let revision = &detail.body["revisions"][0];
    assert_eq!(line_totals(&revision["line_items"]), [150_000]);
    assert_eq!(revision["total"], 150_000);
    for hidden in [c, d] {
        let reply = get(format!("/api/v1/io/{hidden}"), creator_b.clone()).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(reply.code(), "not_found");
    }
    let other_show = get(format!("/api/v1/io?show_id={show_a}"), creator_b.clone()).await;
    assert_eq!(ids(&other_show), NONE);

    // A creator of show A, live IOs: A, with its show-A line only (81,666).
    let creator_a = app.token(Role::Creator, &[show_a.as_str()], None).await;
    let seen = get("/api/v1/io?status=live".into(), creator_a).await;
    assert_eq!(ids(&seen), [a]);
    assert_eq!(seen.body["items"][0]["total"], 81_666);

    // Advertiser Y: B and C, whole.
    let advertiser_y = app
        .token(Role::Advertiser, &[], Some(brand_y.as_str()))
        .await;
    let seen = get("/api/v1/io".into(), advertiser_y.clone()).await;
    assert_eq!(ids(&seen), [b, c]);
    let theirs = get(format!("/api/v1/io/{a}"), advertiser_y.clone()).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(theirs.code(), "not_found");
    let own = get(format!("/api/v1/io/{b}"), advertiser_y.clone()).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.body["total"], 50_000);

    // Neither may write.
    for token in [creator_b, advertiser_y] {
        let path = format!("/api/v1/io/{d}/send");
        let reply = app.call(Method::POST, &path, &token, None).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
}
