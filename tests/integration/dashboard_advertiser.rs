//! The advertiser dashboard through the router, against PostgreSQL: the planning catalog of
//! `matches.rs`, listener metrics imported as CSV, IOs booked through the routes, and each
//! figure checked against a value worked out by hand; then who may ask, bad parameters, and
//! what the demo tenant shows on a first start.

use axum::http::{Method, StatusCode};
use cuepoint_domain::tenancy::Role;
use serde_json::{json, Value};

use crate::etl_support::imported;
use crate::matches::{acme_excluded, acme_fits, fit, planning, send_ok, Planning};
use crate::support::app::Reply;
use crate::support::demo::Demo;
use crate::support::TestApp;

/// The day the figures are as of: its 30-day window is 2026-10-02 ..= 2026-10-31, the
/// default flight 2026-11-01 ..= 2026-11-30, and the calendar starts with the ISO week
/// holding 2026-11-01 (a Sunday): 2026-W44, from Monday 2026-10-26.
const AS_OF: &str = "2026-10-31";

/// Downloads, worked by hand over the window 2026-10-02 ..= 2026-10-31:
///
/// - Alpha Crime counts only its metrics_source (`Megaphone`, compared as `megaphone`):
///   3,000 + 6,000 + 9,000 = 18,000 on 3 days; 27 days have no data and count 0. Not
///   counted: 10-01 (before the window), 11-01 (after `as_of`), and 50,000 from libsyn.
/// - Beta Laughs has no metrics_source: every source counts, 1,000 + 500 + 1,501 = 3,001.
/// - Delta News has none.
const METRICS: &str = "date,show,downloads,source
2026-10-01,alpha-crime,100000,megaphone
2026-10-02,alpha-crime,3000,megaphone
2026-10-15,alpha-crime,6000,megaphone
2026-10-15,alpha-crime,50000,libsyn
2026-10-31,alpha-crime,9000,megaphone
2026-11-01,alpha-crime,77777,megaphone
2026-10-10,beta-laughs,1000,csv
2026-10-10,beta-laughs,500,libsyn
2026-10-20,beta-laughs,1501,csv
";

/// A flat line on `show`'s `placement` over `start ..= end`.
fn line(show: &str, placement: &str, start: &str, end: &str) -> Value {
    json!({"show_id": show, "placement": placement, "format": "host_read",
           "flight": {"start": start, "end": end}, "pricing": {"type": "flat", "fee": 10_000}})
}

/// An IO of `advertiser` with `lines`, moved through `actions` (`send`, `sign`, `cancel`).
async fn io(app: &TestApp, advertiser: &str, lines: Vec<Value>, actions: &[&str]) {
    let body = json!({"advertiser_id": advertiser, "line_items": lines});
    let created = send_ok(
        app,
        Method::POST,
        "/api/v1/io",
        Some(body),
        StatusCode::CREATED,
    )
    .await;
    let id = created.body["id"].as_str().unwrap();
    for action in actions {
        let body = (*action == "cancel").then(|| json!({"reason": "budget moved"}));
        let path = format!("/api/v1/io/{id}/{action}");
        send_ok(app, Method::POST, &path, body, StatusCode::OK).await;
    }
}

/// The bookings, against the calendar's first weeks (W44 10-26..11-01, W45 11-02..11-08,
/// W46 11-09..11-15):
///
/// - Alpha mid: a signed line 10-20..11-03 (W44, W45) and a signed line on 11-01 only
///   (W44). A cancelled IO's line over all three weeks and a sent IO's pre line in W45 do
///   not count.
/// - Beta pre: a signed line 11-09..11-20 (W46).
async fn book(app: &TestApp, p: &Planning) {
    let signed = ["send", "sign"];
    let mid = line(&p.alpha, "mid", "2026-10-20", "2026-11-03");
    io(app, &p.other, vec![mid], &signed).await;
    let one_day = line(&p.alpha, "mid", "2026-11-01", "2026-11-01");
    let beta_pre = line(&p.beta, "pre", "2026-11-09", "2026-11-20");
    io(app, &p.acme, vec![one_day, beta_pre], &signed).await;
    let cancelled = line(&p.alpha, "mid", "2026-10-26", "2026-11-15");
    io(app, &p.other, vec![cancelled], &["send", "cancel"]).await;
    let sent = line(&p.alpha, "pre", "2026-11-02", "2026-11-08");
    io(app, &p.other, vec![sent], &["send"]).await;
}

/// The planning catalog with its metrics and bookings, in every read model.
async fn planned(app: &TestApp) -> Planning {
    let p = planning(app).await;
    imported(app, METRICS, "").await;
    book(app, &p).await;
    app.caught_up().await;
    p
}

async fn dashboard(app: &TestApp, token: &str, query: &str) -> Reply {
    let path = format!("/api/v1/dashboard/advertiser?{query}");
    app.call(Method::GET, &path, token, None).await
}

fn projection(show: &str, placement: &str, figures: [i64; 3], cpm: Value, over: bool) -> Value {
    let [projected_impressions, cpm_rate, projected_cost] = figures;
    json!({"show_id": show, "placement": placement, "projected_impressions": projected_impressions,
           "cpm": cpm_rate, "projected_cost": projected_cost, "projected_cpm": cpm,
           "over_budget": over})
}

/// One calendar week: `slots` and `booked`, from which available and overbooked follow.
fn week(show: &str, placement: &str, week: (&str, &str), slots: f64, booked: f64) -> Value {
    let available = slots - booked;
    json!({"show_id": show, "placement": placement, "week": week.0, "week_start": week.1,
           "slots": slots, "booked": booked, "available": available,
           "overbooked": available < 0.0})
}

const W44: (&str, &str) = ("2026-W44", "2026-10-26");
const W45: (&str, &str) = ("2026-W45", "2026-11-02");
const W46: (&str, &str) = ("2026-W46", "2026-11-09");

#[tokio::test]
async fn the_advertiser_dashboard_answers_hand_worked_figures() {
    let app = TestApp::spawn().await;
    let p = planned(&app).await;
    let query = format!(
        "advertiser_id={}&as_of={AS_OF}&flat_fee=50000&weeks=3&limit=2",
        p.acme
    );
    let reply = dashboard(&app, &app.admin, &query).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let (alpha, beta) = (p.alpha.as_str(), p.beta.as_str());
    let want = json!({
        "as_of": AS_OF, "advertiser_id": p.acme, "currency": "USD",
        // The two best fits (scores worked out in matches.rs); Gamma blocks Acme's category.
        "fit": acme_fits(&p)[..2],
        "excluded": acme_excluded(&p),
        "projection": {
            "flight": {"start": "2026-11-01", "end": "2026-11-30"}, "days": 30,
            "items": [
                // Beta: 3,001 / 30 × 30 = 3,001 impressions. pre at 15.00: 3,001 × 1,500 /
                // 1,000 = 4,501.5 -> 4,502; mid at 25.00 (= Acme's max, not over): 7,502.5
                // -> 7,503. A flat fee of 500.00: 50,000 × 1,000 / 3,001 = 16,661.11 -> 16,661.
                projection(beta, "pre", [3_001, 1_500, 4_502], json!(16_661), false),
                projection(beta, "mid", [3_001, 2_500, 7_503], json!(16_661), false),
                // Alpha: 18,000 / 30 × 30 = 18,000 (not 18,000 / 3 days × 30). pre at
                // 20.00: 36,000; mid at 30.00: 54,000, over Acme's 25.00. The flat fee:
                // 50,000 × 1,000 / 18,000 = 2,777.78 -> 2,778.
                projection(alpha, "pre", [18_000, 2_000, 36_000], json!(2_778), false),
                projection(alpha, "mid", [18_000, 3_000, 54_000], json!(2_778), true),
            ]
        },
        "inventory": [
            // Beta: 1 episode a week; pre 1 slot, mid 2. One line on pre in W46: 1 × 1.
            week(beta, "pre", W44, 1.0, 0.0),
            week(beta, "pre", W45, 1.0, 0.0),
            week(beta, "pre", W46, 1.0, 1.0),
            week(beta, "mid", W44, 2.0, 0.0),
            week(beta, "mid", W45, 2.0, 0.0),
            week(beta, "mid", W46, 2.0, 0.0),
            // Alpha: 2 episodes a week, 1 slot each on pre and mid: 2 slots a week. Mid in
            // W44: 2 lines × 2 episodes = 4 booked, 2 - 4 = -2: overbooked. W45: 1 line, 2.
            week(alpha, "pre", W44, 2.0, 0.0),
            week(alpha, "pre", W45, 2.0, 0.0),
            week(alpha, "pre", W46, 2.0, 0.0),
            week(alpha, "mid", W44, 2.0, 4.0),
            week(alpha, "mid", W45, 2.0, 2.0),
            week(alpha, "mid", W46, 2.0, 0.0),
        ]
    });
    assert_eq!(reply.body, want);
    assert_eq!(reply.body["inventory"][9]["available"], json!(-2.0));
    assert_eq!(reply.body["inventory"][9]["overbooked"], true);

    // A 15-day flight: Beta 3,001 / 30 × 15 = 1,500.5 -> 1,501 (half up), pre 1,501 × 1,500
    // / 1,000 = 2,251.5 -> 2,252; Alpha 18,000 / 30 × 15 = 9,000, pre 18,000.
    let query = format!(
        "advertiser_id={}&as_of={AS_OF}&flight_start=2026-11-02&flight_end=2026-11-16&limit=2",
        p.acme
    );
    let reply = dashboard(&app, &app.admin, &query).await;
    let projected = &reply.body["projection"];
    assert_eq!(
        projected["flight"],
        json!({"start": "2026-11-02", "end": "2026-11-16"})
    );
    assert_eq!(projected["days"], 15);
    assert_eq!(
        projected["items"][0],
        projection(beta, "pre", [1_501, 1_500, 2_252], Value::Null, false)
    );
    assert_eq!(
        projected["items"][2],
        projection(alpha, "pre", [9_000, 2_000, 18_000], Value::Null, false)
    );
    assert_eq!(
        reply.body["inventory"].as_array().unwrap().len(),
        2 * 2 * 8,
        "8 weeks by default"
    );

    // One show named: Delta (no downloads, half an episode a week, 2 mid slots), whatever
    // its rank. Nothing projected, so the flat fee has no CPM; 0.5 × 2 = 1.0 slot a week.
    let query = format!(
        "advertiser_id={}&as_of={AS_OF}&show_id={}&flat_fee=50000&weeks=2",
        p.acme, p.delta
    );
    let reply = dashboard(&app, &app.admin, &query).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let delta = p.delta.as_str();
    let items = json!([projection(delta, "mid", [0, 1_000, 0], Value::Null, false)]);
    assert_eq!(reply.body["projection"]["items"], items);
    let weeks = json!([
        week(delta, "mid", W44, 1.0, 0.0),
        week(delta, "mid", W45, 1.0, 0.0)
    ]);
    assert_eq!(reply.body["inventory"], weeks);
    assert_eq!(
        reply.body["fit"].as_array().unwrap().len(),
        3,
        "the fit summary stays whole"
    );
}

#[tokio::test]
async fn an_advertiser_reads_its_own_dashboard_and_bad_parameters_are_400() {
    let app = TestApp::spawn().await;
    let p = planning(&app).await;
    let own = app.token(Role::Advertiser, &[], Some(&p.acme)).await;
    let mine = dashboard(&app, &own, &format!("as_of={AS_OF}&limit=1")).await;
    assert_eq!(mine.status, StatusCode::OK, "{:?}", mine.body);
    assert_eq!(mine.body["advertiser_id"], p.acme.as_str());
    assert_eq!(
        mine.body["fit"],
        json!([fit(&p.beta, "Beta Laughs", 80, [1.0, 0.5, 1.0], json!([]))])
    );
    assert_eq!(
        mine.body["projection"]["items"][0]["projected_impressions"],
        0
    );
    assert_eq!(
        mine.body["projection"]["items"][0]["projected_cpm"],
        Value::Null
    );

    let another = dashboard(&app, &own, &format!("advertiser_id={}", p.other)).await;
    assert_eq!(another.status, StatusCode::NOT_FOUND, "{:?}", another.body);
    let creator = app.token(Role::Creator, &[&p.alpha], None).await;
    let refused = dashboard(&app, &creator, &format!("advertiser_id={}", p.acme)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let unknown_show = dashboard(&app, &own, "show_id=no-such-show").await;
    assert_eq!(unknown_show.status, StatusCode::NOT_FOUND);
    let unknown = dashboard(&app, &app.admin, "advertiser_id=nobody").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let bad = [
        "",
        "&as_of=2026-13-01",
        "&weeks=0",
        "&weeks=53",
        "&limit=0",
        "&limit=201",
        "&flat_fee=0",
        "&flat_fee=10000000000001",
        "&flight_start=2026-11-10&flight_end=2026-11-09",
        "&flight_start=2026-11-01&flight_end=2027-11-02",
    ];
    for (n, extra) in bad.iter().enumerate() {
        let named = if n == 0 {
            String::new()
        } else {
            format!("advertiser_id={}", p.acme)
        };
        let reply = dashboard(&app, &app.admin, &format!("{named}{extra}")).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{extra}: {:?}",
            reply.body
        );
        assert_eq!(reply.code(), "invalid_query", "{extra}");
        assert!(reply.body["error"]["message"].is_string());
        assert_eq!(reply.body["error"]["details"], json!([]));
    }
    // A year of 366 days is the longest flight.
    let query = format!(
        "advertiser_id={}&flight_start=2027-01-01&flight_end=2028-01-01",
        p.acme
    );
    let year = dashboard(&app, &app.admin, &query).await;
    assert_eq!(year.status, StatusCode::OK, "{:?}", year.body);
    assert_eq!(year.body["projection"]["days"], 366);
}

/// The demo's advertiser dashboards once its IOs are in: an excluded show, an over-budget
/// placement, an overbooked week.
#[tokio::test]
async fn the_demo_shows_an_excluded_show_an_over_budget_placement_and_an_overbooked_week() {
    let demo = Demo::seeded().await;
    // The demo's catalog reaches its read model a moment after the seed: wait for it.
    let mut advertisers = demo.get("/api/v1/advertisers").await;
    for _ in 0..300 {
        if advertisers.body["items"].as_array().map(Vec::len) == Some(3) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        advertisers = demo.get("/api/v1/advertisers").await;
    }
    let id_of = |name: &str| {
        let items = advertisers.body["items"].as_array().unwrap();
        let found = items.iter().find(|a| a["name"] == name).unwrap();
        found["id"].as_str().unwrap().to_string()
    };
    let (byteforge, lumen, spinwheel) = (
        id_of("ByteForge Cloud"),
        id_of("Lumen Mattress"),
        id_of("Spinwheel Sportsbook"),
    );
    let dashboard = "/api/v1/dashboard/advertiser?advertiser_id=";

    // The IOs are seeded in the background and the matches projection follows the catalog
    // at its own pace: ask until all three answers are in (or give up after 30 s).
    let mut seen = (Value::Null, Value::Null, Value::Null);
    for _ in 0..300 {
        seen = (
            demo.get(&format!("{dashboard}{byteforge}")).await.body,
            demo.get(&format!("{dashboard}{spinwheel}")).await.body,
            demo.get(&format!("{dashboard}{lumen}")).await.body,
        );
        if demo_figures(&seen.0, &seen.1, &seen.2).is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (overbooked, excluded, over_budget) =
        demo_figures(&seen.0, &seen.1, &seen.2).unwrap_or_else(|| panic!("{seen:?}"));
    // The Build Log's one mid slot an episode, booked twice in the same weeks.
    assert_eq!(overbooked, ("The Build Log".to_string(), json!("mid")));
    // Cold Case Files blocks gambling; its mid at 28.00 is over Lumen's 25.00.
    assert_eq!(excluded, json!("blocked_category"));
    assert_eq!(over_budget, json!(["mid"]));
}

/// From the demo dashboards of ByteForge, Spinwheel and Lumen: the first overbooked week's
/// show name and placement, why Cold Case Files is excluded for Spinwheel, and Cold Case
/// Files' over-budget placements for Lumen; `None` while one of them is missing.
fn demo_figures(
    byteforge: &Value,
    spinwheel: &Value,
    lumen: &Value,
) -> Option<((String, Value), Value, Value)> {
    let named = |list: &Value, name: &str| {
        (list.as_array()?.iter())
            .find(|item| item["show_name"] == name)
            .cloned()
    };
    let week = (byteforge["inventory"].as_array()?.iter()).find(|w| w["overbooked"] == true)?;
    let show = named(&byteforge["fit"], "The Build Log")?;
    let show_name = if show["show_id"] == week["show_id"] {
        "The Build Log".to_string()
    } else {
        week["show_id"].to_string()
    };
    let excluded = named(&spinwheel["excluded"], "Cold Case Files")?;
    let fit = named(&lumen["fit"], "Cold Case Files")?;
    Some((
        (show_name, week["placement"].clone()),
        excluded["reason"].clone(),
        fit["over_budget"].clone(),
    ))
}
