//! Amendments after signing, and makegoods raised and resolved.

use axum::http::Method;
use cuepoint_domain::tenancy::Role;
use serde_json::json;

use super::{act, catalog, cpm_line, create, detail, flat_line, line_totals, ok, Catalog};
use crate::support::TestApp;

#[tokio::test]
async fn an_amendment_after_signing_returns_the_io_to_sent_as_revision_2_with_history() {
    let app = TestApp::spawn().await;
    let Catalog {
        shows: [show_a, show_b],
        advertisers: [brand_x, _],
    } = catalog(&app).await;
    let io = create(&app, &brand_x, vec![cpm_line(&show_a, 3, 32, 2500, 30000)]).await;
    act(&app, &io, "send").await;
    act(&app, &io, "sign").await;

    let change = json!({"pricing": {"type": "cpm", "cpm": 2500, "goal": 40001}});
    let amendment = json!({
        "note": "more impressions, a pre-roll on show B",
        "changes": [
            {"op": "change", "line_item_id": "li-1", "patch": change},
            {"op": "add", "line_item": flat_line(&show_b, 10, 20, 99_999)}
        ]
    });
    let path = format!("/api/v1/io/{io}/amend");
    let amended = ok(&app, Method::POST, &path, Some(amendment), 200).await;
    assert_eq!(
        amended.body["version"], 6,
        "created, sent, signed, changed, added, amended"
    );
    let d = detail(&app, &io, &amended).await;
    assert_eq!(d["status"], "sent");
    assert_eq!(d["revision"], 2);
    // Revision 1: 30,000 * 2,500 / 1,000 = 75,000. Revision 2: 40,001 * 2,500 / 1,000 =
    // 100,002.5 -> 100,003 (half away from zero), plus a flat 99,999: 200,002.
    assert_eq!(line_totals(&d["line_items"]), [100_003, 99_999]);
    assert_eq!(d["total"], 200_002);
    let revisions = d["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[0]["revision"], 1);
    assert_eq!(line_totals(&revisions[0]["line_items"]), [75_000]);
    assert_eq!(revisions[0]["total"], 75_000);
    assert!(revisions[0]["note"].is_null());
    assert_eq!(revisions[1]["revision"], 2);
    assert_eq!(
        revisions[1]["note"],
        "more impressions, a pre-roll on show B"
    );
    assert_eq!(line_totals(&revisions[1]["line_items"]), [100_003, 99_999]);
    assert_eq!(revisions[1]["total"], 200_002);

    // One line removed after sent is an amendment too: revision 3. Signed again, it reads
    // `signed`: its first flight starts in 3 days.
    let path = format!("/api/v1/io/{io}/line-items/li-2");
    let removed = ok(&app, Method::DELETE, &path, None, 200).await;
    let d = detail(&app, &io, &removed).await;
    assert_eq!(d["revision"], 3);
    assert_eq!(d["total"], 100_003);
    assert_eq!(d["revisions"].as_array().unwrap().len(), 3);
    assert_eq!(d["revisions"][2]["total"], 100_003);
    let signed = act(&app, &io, "sign").await;
    assert_eq!(detail(&app, &io, &signed).await["status"], "signed");
}

#[tokio::test]
async fn a_makegood_is_raised_and_resolved_and_shows_in_the_detail() {
    let app = TestApp::spawn().await;
    let Catalog {
        shows: [show_a, _],
        advertisers: [brand_x, _],
    } = catalog(&app).await;
    let io = create(&app, &brand_x, vec![cpm_line(&show_a, -5, 5, 2000, 10000)]).await;
    let makegoods = format!("/api/v1/io/{io}/makegoods");
    let raise = json!({"line_item_id": "li-1", "reason": "missing_ad", "impressions": 2500,
                       "note": "episode 12 ran without the read"});
    let early = ok(&app, Method::POST, &makegoods, Some(raise.clone()), 409).await;
    assert_eq!(
        early.code(),
        "invalid_transition",
        "not before the IO is signed"
    );
    act(&app, &io, "send").await;
    act(&app, &io, "sign").await;
    let raised = ok(&app, Method::POST, &makegoods, Some(raise), 200).await;
    let d = detail(&app, &io, &raised).await;
    let makegood = &d["makegoods"][0];
    assert_eq!(makegood["id"], "mg-1");
    assert_eq!(makegood["line_item_id"], "li-1");
    assert_eq!(makegood["reason"], "missing_ad");
    assert_eq!(makegood["impressions"], 2500);
    assert_eq!(makegood["note"], "episode 12 ran without the read");
    assert_eq!(makegood["status"], "pending");
    assert_eq!(makegood["automatic"], false);
    assert!(makegood["remedy"].is_null());

    let resolve = format!("{makegoods}/mg-1/resolve");
    let body = json!({"remedy": "bonus_spots", "note": "two bonus reads next month"});
    let resolved = ok(&app, Method::POST, &resolve, Some(body.clone()), 200).await;
    let d = detail(&app, &io, &resolved).await;
    let makegood = &d["makegoods"][0];
    assert_eq!(makegood["status"], "resolved");
    assert_eq!(makegood["remedy"], "bonus_spots");
    assert_eq!(makegood["resolution_note"], "two bonus reads next month");
    assert_eq!(d["status"], "live");

    let again = ok(&app, Method::POST, &resolve, Some(body), 409).await;
    assert_eq!(again.code(), "already_resolved");
    let unknown = format!("{makegoods}/mg-9/resolve");
    ok(
        &app,
        Method::POST,
        &unknown,
        Some(json!({"remedy": "credit"})),
        404,
    )
    .await;
    let bad = json!({"line_item_id": "li-7", "reason": "tardy", "impressions": 0});
    let invalid = ok(&app, Method::POST, &makegoods, Some(bad), 422).await;
    let fields: Vec<&str> = (invalid.body["error"]["details"].as_array().unwrap().iter())
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["line_item_id", "reason", "impressions"]);
}

#[tokio::test]
async fn a_makegood_stays_with_its_show_when_an_amendment_moves_the_line() {
    let (app, [show_a, show_b], io) = signed_live_io().await;
    let makegoods = format!("/api/v1/io/{io}/makegoods");
    let raise = json!({"line_item_id": "li-1", "reason": "missing_ad", "impressions": 2500});
    ok(&app, Method::POST, &makegoods, Some(raise), 200).await;
    // The line moves to show B: the makegood was owed on show A.
    let path = format!("/api/v1/io/{io}/line-items/li-1");
    let moved = ok(
        &app,
        Method::PATCH,
        &path,
        Some(json!({"show_id": show_b})),
        200,
    )
    .await;
    let d = detail(&app, &io, &moved).await;
    assert_eq!(d["makegoods"][0]["show_id"], show_a.as_str());

    let creator_a = app.token(Role::Creator, &[&show_a], None).await;
    let creator_b = app.token(Role::Creator, &[&show_b], None).await;
    let path = format!("/api/v1/io/{io}");
    // B sees the moved line but not A's makegood; A, with no current line on the IO, sees
    // no IO (the IO list and detail follow current lines).
    let seen_by_b = app.call(Method::GET, &path, &creator_b, None).await;
    assert_eq!(seen_by_b.body["line_items"][0]["show_id"], show_b.as_str());
    assert_eq!(seen_by_b.body["makegoods"], json!([]));
    let listed_by_b = app.call(Method::GET, "/api/v1/io", &creator_b, None).await;
    assert_eq!(listed_by_b.body["items"][0]["pending_makegoods"], 0);
    let seen_by_a = app.call(Method::GET, &path, &creator_a, None).await;
    assert_eq!(seen_by_a.status, axum::http::StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn makegoods_raised_across_a_snapshot_are_counted_once() {
    // The tests snapshot every 5 events: created, sent, signed, mg-1, mg-2 (snapshot), mg-3.
    let (app, _, io) = signed_live_io().await;
    let makegoods = format!("/api/v1/io/{io}/makegoods");
    let raise = json!({"line_item_id": "li-1", "reason": "missing_ad", "impressions": 100});
    let mut last = None;
    for _ in 0..3 {
        last = Some(ok(&app, Method::POST, &makegoods, Some(raise.clone()), 200).await);
    }
    let d = detail(&app, &io, &last.unwrap()).await;
    let ids: Vec<&str> = (d["makegoods"].as_array().unwrap().iter())
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["mg-1", "mg-2", "mg-3"]);
    let snapshots: i64 =
        sqlx::query_scalar("SELECT count(*) FROM snapshots WHERE aggregate_type = 'io_booking'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(snapshots, 1, "the IO was snapshotted on the way");
}

/// An app with the two-show catalog and a signed, live IO of one CPM line on show A.
async fn signed_live_io() -> (TestApp, [String; 2], String) {
    let app = TestApp::spawn().await;
    let Catalog {
        shows,
        advertisers: [brand_x, _],
    } = catalog(&app).await;
    let io = create(
        &app,
        &brand_x,
        vec![cpm_line(&shows[0], -5, 5, 2000, 10000)],
    )
    .await;
    act(&app, &io, "send").await;
    act(&app, &io, "sign").await;
    (app, shows, io)
}
