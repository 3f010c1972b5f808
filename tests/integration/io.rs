//! IO bookings through the HTTP router: the lifecycle, amendments, makegoods, the read
//! model's list and detail, each error class, and creator and advertiser scoping. Flights
//! are placed relative to today (UTC) so that the derived statuses are known. This file
//! holds the shared fixtures.

mod amendments;
mod bounds;
mod errors;
mod lifecycle;
mod list;
mod pdf;
mod rebuild;

use axum::http::{Method, StatusCode};
use chrono::{Days, NaiveDate, Utc};
use serde_json::{json, Value};

use crate::catalog::{advertiser_body, show_body};
use crate::support::app::Reply;
use crate::support::TestApp;

/// Two shows and two advertisers, in the catalog read model.
struct Catalog {
    shows: [String; 2],
    advertisers: [String; 2],
}

async fn catalog(app: &TestApp) -> Catalog {
    let mut ids = Vec::new();
    let mut last = String::new();
    for (path, body) in [
        ("/api/v1/shows", show_body("Show A")),
        ("/api/v1/shows", show_body("Show B")),
        ("/api/v1/advertisers", advertiser_body("Brand X")),
        ("/api/v1/advertisers", advertiser_body("Brand Y")),
    ] {
        let created = app.call(Method::POST, path, &app.admin, Some(body)).await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        ids.push(created.body["id"].as_str().unwrap().to_string());
        last = created.body["consistency_token"]
            .as_str()
            .unwrap()
            .to_string();
    }
    // The IO aggregate checks shows and advertisers against the catalog read model.
    app.get_after("/api/v1/advertisers", &last).await;
    Catalog {
        shows: [ids[0].clone(), ids[1].clone()],
        advertisers: [ids[2].clone(), ids[3].clone()],
    }
}

/// Today (UTC) shifted by `days`.
fn day(days: i64) -> NaiveDate {
    let today = Utc::now().date_naive();
    if days >= 0 {
        today + Days::new(days as u64)
    } else {
        today - Days::new(days.unsigned_abs())
    }
}

fn cpm_line(show: &str, start: i64, end: i64, cpm: i64, goal: i64) -> Value {
    json!({
        "show_id": show, "placement": "mid", "format": "host_read",
        "flight": {"start": day(start).to_string(), "end": day(end).to_string()},
        "pricing": {"type": "cpm", "cpm": cpm, "goal": goal},
        "promo_code": "SAVE20", "talking_points": ["free trial"]
    })
}

fn flat_line(show: &str, start: i64, end: i64, fee: i64) -> Value {
    json!({
        "show_id": show, "placement": "pre", "format": "announcer",
        "flight": {"start": day(start).to_string(), "end": day(end).to_string()},
        "pricing": {"type": "flat", "fee": fee}
    })
}

/// Sends a request as admin, asserting its `status`.
async fn ok(app: &TestApp, method: Method, path: &str, body: Option<Value>, status: u16) -> Reply {
    let reply = app.call(method.clone(), path, &app.admin, body).await;
    assert_eq!(
        reply.status.as_u16(),
        status,
        "{method} {path}: {:?}",
        reply.body
    );
    reply
}

/// `POST /api/v1/io/{io}/{action}` without a body (`send`, `sign`), asserting a 200.
async fn act(app: &TestApp, io: &str, action: &str) -> Reply {
    let path = format!("/api/v1/io/{io}/{action}");
    ok(app, Method::POST, &path, None, 200).await
}

/// The detail of `io` once the command answered by `after` is in the read model.
async fn detail(app: &TestApp, io: &str, after: &Reply) -> Value {
    let reply = app
        .get_after(&format!("/api/v1/io/{io}"), &token(after))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

fn token(reply: &Reply) -> String {
    reply.body["consistency_token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Creates an IO for `advertiser` with `lines`; returns its id.
async fn create(app: &TestApp, advertiser: &str, lines: Vec<Value>) -> String {
    let body = json!({"advertiser_id": advertiser, "payment_terms": "net_45", "line_items": lines});
    let created = ok(app, Method::POST, "/api/v1/io", Some(body), 201).await;
    assert_eq!(created.body["version"], 1);
    created.body["id"].as_str().unwrap().to_string()
}

fn ids(list: &Reply) -> Vec<String> {
    list.body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{:?}", list.body))
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

async fn list(app: &TestApp, query: &str) -> Reply {
    let reply = app
        .call(Method::GET, &format!("/api/v1/io{query}"), &app.admin, None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{query}: {:?}", reply.body);
    reply
}

async fn list_ids(app: &TestApp, params: String) -> Vec<String> {
    ids(&list(app, &format!("?{params}")).await)
}

fn line_totals(lines: &Value) -> Vec<i64> {
    (lines.as_array().unwrap().iter())
        .map(|l| l["line_total"].as_i64().unwrap())
        .collect()
}

/// Four IOs: A (advertiser X) live, B (Y) sent, C (Y) completed, D (X) a draft without
/// lines, created in that order; `signed_a` answered A's signature.
struct FourIos {
    catalog: Catalog,
    a: String,
    b: String,
    c: String,
    d: String,
    signed_a: Reply,
}

async fn four_ios(app: &TestApp) -> FourIos {
    let catalog = catalog(app).await;
    let ([show_a, show_b], [brand_x, brand_y]) = (&catalog.shows, &catalog.advertisers);

    // A: a CPM line on show A, then a flat line on show B, a line added and removed, the
    // CPM line repriced; sent and signed. Its first flight started 10 days ago: live.
    let a = create(app, brand_x, vec![cpm_line(show_a, -10, 20, 2500, 30000)]).await;
    let lines = format!("/api/v1/io/{a}/line-items");
    let b_line = flat_line(show_b, 5, 34, 150_000);
    ok(app, Method::POST, &lines, Some(b_line), 200).await;
    let extra = flat_line(show_a, 1, 2, 1000);
    ok(app, Method::POST, &lines, Some(extra), 200).await;
    ok(app, Method::DELETE, &format!("{lines}/li-3"), None, 200).await;
    let patch = json!({"pricing": {"type": "cpm", "cpm": 2450, "goal": 33333}});
    ok(
        app,
        Method::PATCH,
        &format!("{lines}/li-1"),
        Some(patch),
        200,
    )
    .await;
    act(app, &a, "send").await;
    let signed_a = act(app, &a, "sign").await;

    // B: sent, flight in 40..50 days. C: signed, flight over: completed. D: a draft.
    let b = create(app, brand_y, vec![flat_line(show_b, 40, 50, 50_000)]).await;
    act(app, &b, "send").await;
    let c = create(app, brand_y, vec![cpm_line(show_a, -100, -91, 1999, 1001)]).await;
    act(app, &c, "send").await;
    act(app, &c, "sign").await;
    let d = create(app, brand_x, Vec::new()).await;
    app.caught_up().await;
    FourIos {
        catalog,
        a,
        b,
        c,
        d,
        signed_a,
    }
}
