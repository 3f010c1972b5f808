//! The creator dashboard through the router, against PostgreSQL, with metrics imported
//! through the CSV upload and IOs booked through the routes. Flights are placed around a
//! fixed `as_of` (2026-03-31; window 2026-03-02..=03-31) passed in the query. This file
//! holds the shared fixture; every figure is worked out by hand in `figures`.

mod demo;
mod figures;
mod scope;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::catalog::advertiser_body;
use crate::etl_support::{imported, show};
use crate::support::app::Reply;
use crate::support::TestApp;

/// The day every figure is as of.
const AS_OF: &str = "2026-03-31";

/// Episodes of Day Shift that its under-delivering line lists: a GUID and a URL, as
/// hosting platforms name them.
const EPISODE_1: &str = "urn:uuid:5f0c2a8e-1b7d-4c1e-9a55-0d6f1e2b3c4d";
const EPISODE_2: &str = "https://example.com/day-shift/episodes/2?ref=rss";

/// Three shows, two advertisers, the IOs of the scenario and the commands' last answer.
struct Scenario {
    app: TestApp,
    /// Night Shift: `metrics_source` given as `MegaPhone`.
    night: String,
    /// Day Shift: no `metrics_source` (every source counts).
    day: String,
    /// Far Away: a show the Night/Day creator does not have.
    far: String,
    brand_x: String,
    brand_y: String,
    /// Signed, Brand X, four lines on Night Shift.
    io1: String,
    /// Signed, Brand Y, lines on Day Shift and one on Far Away.
    io2: String,
}

/// Every UTC day from `first` to `last` (`2026-MM-DD`).
fn days(first: &str, last: &str) -> Vec<String> {
    let (first, last) = (
        first.parse::<chrono::NaiveDate>().unwrap(),
        last.parse::<chrono::NaiveDate>().unwrap(),
    );
    (first.iter_days().take_while(|d| *d <= last))
        .map(|d| d.to_string())
        .collect()
}

/// The metrics of 2026-02-01..=03-31, as the first import carries them:
/// - Night Shift: 1,000 a day from `MEGAPHONE` (its source of record, typed in another
///   case), except 50,000 on 03-10 (corrected later), and 5,000 a day from `art19`, which
///   its source excludes.
/// - Day Shift, every source counted: 1,000 a day show-level and 300 + 200 on its two
///   listed episodes from `spotify`, 500 on a third episode from `csv`: 2,000 a day, of
///   which the listed episodes are 500.
fn first_import() -> String {
    let mut csv = String::from("date,show,episode,downloads,source\n");
    for day in days("2026-02-01", "2026-03-31") {
        let night = if day == "2026-03-10" { 50_000 } else { 1_000 };
        csv.push_str(&format!("{day},night-shift,,{night},MEGAPHONE\n"));
        csv.push_str(&format!("{day},night-shift,,5000,art19\n"));
        csv.push_str(&format!("{day},day-shift,,1000,spotify\n"));
        csv.push_str(&format!("{day},day-shift,{EPISODE_1},300,spotify\n"));
        csv.push_str(&format!("{day},day-shift,{EPISODE_2},200,spotify\n"));
        csv.push_str(&format!("{day},day-shift,episode-3,500,csv\n"));
    }
    csv
}

/// The correction: Night Shift's 03-10 was 1,000, not 50,000.
const CORRECTION: &str =
    "date,show,episode,downloads,source\n2026-03-10,night-shift,,1000,megaphone\n";

fn line(show: &str, placement: &str, start: &str, end: &str, pricing: Value) -> Value {
    json!({"show_id": show, "placement": placement, "format": "host_read",
           "flight": {"start": start, "end": end}, "pricing": pricing})
}

fn cpm(cpm: i64, goal: i64) -> Value {
    json!({"type": "cpm", "cpm": cpm, "goal": goal})
}

fn flat(fee: i64) -> Value {
    json!({"type": "flat", "fee": fee})
}

/// Sends a request as admin, asserting a 2xx.
async fn admin(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> Reply {
    let reply = app.call(method.clone(), path, &app.admin, body).await;
    assert!(
        reply.status.is_success(),
        "{method} {path}: {:?}",
        reply.body
    );
    reply
}

fn id(reply: &Reply) -> String {
    reply.body["id"].as_str().unwrap().to_string()
}

/// Creates an IO and moves it through `actions` (`send`, `sign`); returns its id.
async fn io(app: &TestApp, advertiser: &str, lines: Vec<Value>, actions: &[&str]) -> String {
    let body = json!({"advertiser_id": advertiser, "line_items": lines});
    let io = id(&admin(app, Method::POST, "/api/v1/io", Some(body)).await);
    for action in actions {
        admin(
            app,
            Method::POST,
            &format!("/api/v1/io/{io}/{action}"),
            None,
        )
        .await;
    }
    io
}

/// Raises a makegood on `line` of `io`; returns the answer.
async fn makegood(app: &TestApp, io: &str, line: &str, reason: &str, impressions: i64) -> Reply {
    let body = json!({"line_item_id": line, "reason": reason, "impressions": impressions});
    admin(
        app,
        Method::POST,
        &format!("/api/v1/io/{io}/makegoods"),
        Some(body),
    )
    .await
}

/// The scenario of the module's tests: the catalog, the two imports, and the IOs.
async fn scenario() -> Scenario {
    let app = TestApp::spawn().await;
    let night = show(&app, "Night Shift", Some("MegaPhone")).await;
    let day = show(&app, "Day Shift", None).await;
    let far = show(&app, "Far Away", None).await;
    let brand_x = id(&admin(
        &app,
        Method::POST,
        "/api/v1/advertisers",
        Some(advertiser_body("Brand X")),
    )
    .await);
    let brand_y = id(&admin(
        &app,
        Method::POST,
        "/api/v1/advertisers",
        Some(advertiser_body("Brand Y")),
    )
    .await);
    app.caught_up().await;
    imported(&app, &first_import(), "").await;
    imported(&app, CORRECTION, "").await;

    let io1 = io(
        &app,
        &brand_x,
        vec![
            line(&night, "mid", "2026-03-17", "2026-04-15", cpm(2000, 40_000)), // behind
            line(&night, "mid", "2026-03-22", "2026-04-10", cpm(2500, 20_000)), // on track
            line(&night, "pre", "2026-02-15", "2026-03-16", cpm(2500, 30_000)), // delivered
            line(&night, "pre", "2026-03-22", "2026-04-20", flat(100_000)),
        ],
        &["send", "sign"],
    )
    .await;
    let mut listing = line(&day, "mid", "2026-03-01", "2026-03-20", cpm(1000, 20_000));
    listing["episode_ids"] = json!([EPISODE_1, EPISODE_2]);
    let io2 = io(
        &app,
        &brand_y,
        vec![
            line(&day, "mid", "2026-03-12", "2026-04-10", cpm(1500, 30_000)), // ahead
            listing,                                                          // under-delivered
            line(&day, "pre", "2026-03-22", "2026-04-20", flat(100_000)),
            line(&day, "mid", "2026-04-01", "2026-04-30", cpm(1000, 10_000)), // after the window
            line(&day, "mid", "2026-02-01", "2026-03-01", cpm(1000, 10_000)), // before it
            line(&far, "mid", "2026-03-02", "2026-03-31", cpm(1000, 10_000)),
        ],
        &["send", "sign"],
    )
    .await;
    // Pending on Night Shift: mg-1; mg-2 is resolved. Pending on Far Away: IO 2's mg-1.
    makegood(&app, &io1, "li-2", "missing_ad", 4_000).await;
    makegood(&app, &io1, "li-1", "wrong_position", 1_000).await;
    let resolve = format!("/api/v1/io/{io1}/makegoods/mg-2/resolve");
    admin(
        &app,
        Method::POST,
        &resolve,
        Some(json!({"remedy": "credit"})),
    )
    .await;
    makegood(&app, &io2, "li-6", "other", 2_500).await;

    // Never shown: a signed IO cancelled (with a pending makegood), a draft, a sent IO.
    let running = line(&night, "mid", "2026-03-20", "2026-12-31", cpm(2000, 50_000));
    let cancelled = io(&app, &brand_x, vec![running], &["send", "sign"]).await;
    makegood(&app, &cancelled, "li-1", "missing_ad", 700).await;
    let reason = json!({"reason": "budget moved"});
    admin(
        &app,
        Method::POST,
        &format!("/api/v1/io/{cancelled}/cancel"),
        Some(reason),
    )
    .await;
    let month = || line(&night, "mid", "2026-03-01", "2026-03-31", cpm(2000, 10_000));
    io(&app, &brand_y, vec![month()], &[]).await;
    io(&app, &brand_x, vec![month()], &["send"]).await;
    app.caught_up().await;
    Scenario {
        app,
        night,
        day,
        far,
        brand_x,
        brand_y,
        io1,
        io2,
    }
}

/// `GET /api/v1/dashboard/creator{query}` with `token`, asserting `status`.
async fn dashboard(app: &TestApp, token: &str, query: &str, status: StatusCode) -> Value {
    let path = format!("/api/v1/dashboard/creator{query}");
    let reply = app.call(Method::GET, &path, token, None).await;
    assert_eq!(reply.status, status, "{path}: {:?}", reply.body);
    reply.body
}

/// The pacing item of `line` of `io`.
fn pacing<'a>(answer: &'a Value, io: &str, line: &str) -> &'a Value {
    (answer["pacing"].as_array().unwrap().iter())
        .find(|p| p["io_id"] == io && p["line_item_id"] == line)
        .unwrap_or_else(|| panic!("no {io}/{line} in {:#}", answer["pacing"]))
}

/// The `(io_id, line_item_id)` of every pacing item, sorted.
fn pacing_lines(answer: &Value) -> Vec<(String, String)> {
    let mut lines: Vec<(String, String)> = (answer["pacing"].as_array().unwrap().iter())
        .map(|p| {
            let io = p["io_id"].as_str().unwrap().to_string();
            (io, p["line_item_id"].as_str().unwrap().to_string())
        })
        .collect();
    lines.sort();
    lines
}
