//! An IO from creation to signature, and its detail in the read model; the demo IOs.

use axum::http::Method;
use serde_json::json;

use super::{day, detail, flat_line, four_ios, line_totals, ok};
use crate::support::demo::Demo;
use crate::support::TestApp;

#[tokio::test]
async fn an_io_from_creation_to_signature_reads_back_with_its_lines_and_revision() {
    let app = TestApp::spawn().await;
    let ios = four_ios(&app).await;
    let (a, c, d) = (&ios.a, &ios.c, &ios.d);
    assert_eq!(ios.signed_a.body["id"], a.as_str());
    assert_eq!(
        ios.signed_a.body["version"], 7,
        "created, 2 lines added, 1 removed, 1 changed, sent, signed"
    );

    // A, worked by hand: li-1 is 33,333 impressions at 24.50 per thousand: 33,333 * 2,450
    // / 1,000 = 81,665.85 -> 81,666 minor units; li-2 is a flat 150,000; the IO total is
    // their sum, 231,666.
    let detail = detail(&app, a, &ios.signed_a).await;
    assert_eq!(detail["status"], "live");
    assert_eq!(detail["version"], 7);
    assert_eq!(detail["revision"], 1);
    assert_eq!(detail["advertiser_id"], ios.catalog.advertisers[0].as_str());
    assert_eq!(detail["currency"], "USD");
    assert_eq!(detail["payment_terms"], "net_45");
    assert_eq!(detail["makegood_tolerance_bps"], 1000);
    let lines = &detail["line_items"];
    let line_ids: Vec<&str> = (lines.as_array().unwrap().iter())
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(line_ids, ["li-1", "li-2"], "li-3 was removed");
    assert_eq!(line_totals(lines), [81_666, 150_000]);
    assert_eq!(detail["total"], 231_666);
    let pricing = json!({"type": "cpm", "cpm": 2450, "goal": 33333});
    assert_eq!(lines[0]["pricing"], pricing);
    assert_eq!(lines[0]["flight"]["start"], day(-10).to_string());
    assert_eq!(lines[0]["flight"]["end"], day(20).to_string());
    assert_eq!(lines[0]["show_id"], ios.catalog.shows[0].as_str());
    assert_eq!(lines[0]["placement"], "mid");
    assert_eq!(lines[0]["format"], "host_read");
    assert_eq!(lines[0]["promo_code"], "SAVE20");
    assert_eq!(lines[1]["pricing"], json!({"type": "flat", "fee": 150_000}));
    let revisions = detail["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0]["revision"], 1);
    assert_eq!(revisions[0]["total"], 231_666);
    assert_eq!(line_totals(&revisions[0]["line_items"]), [81_666, 150_000]);
    assert_eq!(detail["makegoods"], json!([]));

    // A draft cannot be sent without lines; a completed IO takes no amendment.
    let refused = ok(
        &app,
        Method::POST,
        &format!("/api/v1/io/{d}/send"),
        None,
        422,
    )
    .await;
    assert_eq!(refused.body["error"]["details"][0]["field"], "line_items");
    let late = flat_line(&ios.catalog.shows[0], -100, -95, 1);
    let path = format!("/api/v1/io/{c}/line-items");
    let refused = ok(&app, Method::POST, &path, Some(late), 409).await;
    assert_eq!(refused.code(), "invalid_transition");
    let signed_twice = ok(
        &app,
        Method::POST,
        &format!("/api/v1/io/{a}/sign"),
        None,
        409,
    )
    .await;
    assert_eq!(signed_twice.code(), "invalid_transition");
}

#[tokio::test]
async fn the_demo_tenant_gets_an_io_in_each_state_and_deals_whose_wins_have_draft_ios() {
    let demo = Demo::seeded().await;
    let db = &demo.db;
    // One IO in each state, the draft IOs of the two won demo deals, and the signed IO that
    // overbooks The Build Log (no makegood).
    let expected = [
        ("cancelled", 0),
        ("draft", 0),
        ("draft", 0),
        ("draft", 0),
        ("sent", 0),
        ("signed", 0),
        ("signed", 1),
    ];
    let expected: Vec<(String, i64)> = (expected.iter())
        .map(|(s, n)| (s.to_string(), *n))
        .collect();
    // The demo's commands reach the read model over a while: wait for all of them.
    let mut stages: Vec<(String, i64)> = Vec::new();
    for _ in 0..300 {
        stages = sqlx::query_as(
            "SELECT r.stage, jsonb_array_length(r.state -> 'state' -> 'makegoods')::int8
               FROM rm_ios r JOIN tenants t USING (tenant_id)
              WHERE t.slug = 'demo' ORDER BY 1, 2",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap();
        if stages == expected {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(stages, expected);
    // The deals are seeded after the IOs: wait for the last of their events too.
    let expected_deals = [
        ("DealCreated", 10),
        ("DealIoLinked", 2),
        ("DealLost", 2),
        ("DealStageMoved", 3),
        ("DealWon", 2),
    ];
    let expected_deals: Vec<(String, i64)> = (expected_deals.iter())
        .map(|(t, n)| (t.to_string(), *n))
        .collect();
    let mut deals: Vec<(String, i64)> = Vec::new();
    for _ in 0..300 {
        deals = sqlx::query_as(
            "SELECT event_type, count(*) FROM events WHERE aggregate_type = 'deal'
              GROUP BY event_type ORDER BY event_type",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap();
        if deals == expected_deals {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(deals, expected_deals);
}
