//! The ops dashboard against figures worked out by hand: the forecast by month, win/loss
//! over the 90 days through `as_of` (deals closed on the window's first and last days, and
//! one a day outside on each side), the stale and overdue alerts on their boundary days,
//! and the ETL health of `GET /api/v1/etl/health`.

use axum::http::{Method, StatusCode};
use chrono::{Days, Utc};
use cuepoint_domain::deal::{DealInput, DealPatch};
use serde_json::json;

use super::{bad_query, read, Desk};
use crate::etl_support::{imported, show};
use crate::support::TestApp;

/// `input` starting in `stage`, created on `created_on`.
fn starting(mut input: DealInput, stage: &str, created_on: &str) -> DealInput {
    input.stage = Some(stage.to_string());
    input.created_on = Some(created_on.to_string());
    input
}

/// The open deals of the forecast and the alerts, as of 2026-03-31.
async fn open_deals(desk: &Desk) {
    // Activity on the 25th (a move) and the 28th (an update): neither is stale.
    let a = desk.input("A", 10_001, "2026-04-10");
    let a = desk.create(a, "2026-03-20").await;
    desk.move_to(&a, "qualified", "2026-03-25").await;
    let b = starting(
        desk.input("B", 10_001, "2026-04-30"),
        "proposal",
        "2026-03-30",
    );
    desk.create(b, "2026-03-30").await;
    desk.create(desk.input("C", 5, "2026-12-01"), "2026-03-30")
        .await;
    desk.create(desk.input("D", 5, "2026-12-31"), "2026-03-30")
        .await;
    // Overdue from the 31st: expected to close on the 30th.
    let e = starting(
        desk.input("E", 200_000, "2026-03-30"),
        "negotiation",
        "2026-03-01",
    );
    let e = desk.create(e, "2026-03-01").await;
    let owner = DealPatch {
        owner: Some("Sam".to_string()),
        ..DealPatch::default()
    };
    desk.update(&e, owner, "2026-03-28").await;
    // Expected to close on as_of itself: not overdue.
    desk.create(desk.input("J", 1_000, "2026-03-31"), "2026-03-30")
        .await;
    // Carried over, created on Feb 1 and nothing since: stale from Feb 15.
    let f = starting(desk.input("F", 3_000, "2026-06-30"), "lead", "2026-02-01");
    desk.create(f, "2026-03-30").await;
    // Last activity on the 17th (as_of - 14): stale from the 31st; on the 18th: not yet.
    desk.create(desk.input("G", 2_000, "2026-06-15"), "2026-03-17")
        .await;
    desk.create(desk.input("H", 4_000, "2026-06-20"), "2026-03-18")
        .await;
}

/// The closed deals of win/loss; the window of as_of 2026-03-31 is Jan 1 ..= Mar 31.
async fn closed_deals(desk: &Desk) {
    let closed = [
        // name, amount, created_on, closed_on, outcome (cycle days)
        ("W1", 50_000, "2025-12-01", "2026-01-01", "won"), // first day: 31
        ("W2", 30_000, "2026-03-01", "2026-03-31", "won"), // last day: 30
        ("L1", 20_000, "2026-02-01", "2026-02-11", "price"), // 10
        ("L2", 5_000, "2026-02-01", "2026-02-21", "price"), // 20
        ("L3", 70_000, "2026-03-01", "2026-03-05", "timing"), // 4
        ("X1", 99_999, "2025-11-01", "2025-12-31", "won"), // the day before
        ("X2", 11_111, "2026-03-01", "2026-04-01", "competitor"), // the day after
    ];
    for (name, amount, created_on, closed_on, outcome) in closed {
        let input = starting(
            desk.input(name, amount, "2026-03-15"),
            "proposal",
            created_on,
        );
        let id = desk.create(input, created_on).await;
        match outcome {
            "won" => desk.win(&id, closed_on, closed_on).await,
            reason => desk.lose(&id, reason, closed_on, closed_on).await,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ops_dashboard_answers_the_hand_worked_figures() {
    let app = TestApp::with_read_models().await;
    let desk = Desk::open(&app).await;
    open_deals(&desk).await;
    closed_deals(&desk).await;
    show(&app, "Night Shift", None).await;
    app.caught_up().await;
    imported(
        &app,
        "date,show,downloads\n2026-03-29,night-shift,5\n2026-03-30,night-shift,6\n",
        "?source=hosting",
    )
    .await;

    let dashboard = read(&app, "/api/v1/dashboard/ops?as_of=2026-03-31").await;
    assert_eq!(dashboard["as_of"], "2026-03-31");
    assert_eq!(dashboard["currency"], "USD");
    assert_eq!(
        dashboard["forecast"],
        json!([
            // E 150,000 + J 100
            {"month": "2026-03", "deals": 2, "amount": 201_000, "weighted_amount": 150_100},
            // A 25 % of 10,001 = 2,500.25 -> 2,500; B 50 % of 10,001 = 5,000.5 -> 5,001
            {"month": "2026-04", "deals": 2, "amount": 20_002, "weighted_amount": 7_501},
            // F 300 + G 200 + H 400
            {"month": "2026-06", "deals": 3, "amount": 9_000, "weighted_amount": 900},
            // C and D, 0.5 each -> 1 each: 2, not 1.0 rounded (1)
            {"month": "2026-12", "deals": 2, "amount": 10, "weighted_amount": 2},
        ])
    );
    assert_eq!(
        dashboard["win_loss"],
        json!({
            "from": "2026-01-01", "to": "2026-03-31",
            "won": 2, "lost": 3, "win_rate": 0.4,
            "won_amount": 80_000, "lost_amount": 95_000,
            // (31 + 30 + 10 + 20 + 4) / 5
            "average_cycle_days": 19.0,
            "loss_reasons": [
                {"reason": "price", "deals": 2, "amount": 25_000},
                {"reason": "timing", "deals": 1, "amount": 70_000},
            ],
        })
    );
    let alerts: Vec<_> = (dashboard["alerts"].as_array().unwrap().iter())
        .map(|a| {
            let (name, kind, since) = (&a["deal_name"], &a["kind"], &a["since"]);
            assert!(a["deal_id"].is_string());
            format!(
                "{} {} {}",
                name.as_str().unwrap(),
                kind.as_str().unwrap(),
                since.as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        alerts,
        [
            "F stale 2026-02-15",
            "G stale 2026-03-31",
            "E overdue 2026-03-31"
        ]
    );
    let health = read(&app, "/api/v1/etl/health?as_of=2026-03-31").await;
    assert_eq!(dashboard["etl_health"], health["sources"]);
    assert_eq!(dashboard["etl_health"][0]["source"], "hosting");
    assert_eq!(dashboard["etl_health"][0]["latest_day"], "2026-03-30");

    // A day later the window moves on: W1 (Jan 1) is out, X2 (Apr 1) in; H is stale too.
    let later = read(&app, "/api/v1/dashboard/ops?as_of=2026-04-01").await;
    assert_eq!(later["win_loss"]["from"], "2026-01-02");
    assert_eq!(later["win_loss"]["won"], 1);
    assert_eq!(later["win_loss"]["lost"], 4);
    assert_eq!(later["win_loss"]["win_rate"], 0.2);
    assert_eq!(later["alerts"].as_array().unwrap().len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_pipeline_has_null_ratios_and_as_of_defaults_to_yesterday() {
    let app = TestApp::with_read_models().await;
    let dashboard = read(&app, "/api/v1/dashboard/ops").await;
    let yesterday = Utc::now().date_naive() - Days::new(1);
    assert_eq!(dashboard["as_of"], yesterday.to_string());
    assert_eq!(dashboard["forecast"], json!([]));
    assert_eq!(dashboard["alerts"], json!([]));
    assert_eq!(dashboard["etl_health"], json!([]));
    let win_loss = &dashboard["win_loss"];
    assert_eq!(win_loss["to"], yesterday.to_string());
    assert_eq!(win_loss["won"], 0);
    assert_eq!(win_loss["lost"], 0);
    // A figure that does not exist is null, never omitted.
    assert!(win_loss["win_rate"].is_null());
    assert!(win_loss.as_object().unwrap().contains_key("win_rate"));
    assert!(win_loss["average_cycle_days"].is_null());
    assert!(win_loss
        .as_object()
        .unwrap()
        .contains_key("average_cycle_days"));
    assert_eq!(win_loss["loss_reasons"], json!([]));

    for as_of in ["2026-02-30", "yesterday", "31/03/2026"] {
        bad_query(&app, &format!("/api/v1/dashboard/ops?as_of={as_of}")).await;
    }
    let ops = app
        .token(cuepoint_domain::tenancy::Role::Ops, &[], None)
        .await;
    let reply = (app.call(Method::GET, "/api/v1/dashboard/ops", &ops, None)).await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_forecast_follows_deals_between_months_and_out_of_the_open_stages() {
    let app = TestApp::with_read_models().await;
    let desk = Desk::open(&app).await;
    let a = desk
        .create(desk.input("A", 10_001, "2026-04-10"), "2026-03-01")
        .await;
    let b = starting(
        desk.input("B", 10_001, "2026-04-30"),
        "proposal",
        "2026-03-01",
    );
    let b = desk.create(b, "2026-03-01").await;
    let forecast = |body: serde_json::Value| body["forecast"].clone();
    let path = "/api/v1/dashboard/ops?as_of=2026-03-31";
    assert_eq!(
        forecast(read(&app, path).await),
        // 1,000.1 -> 1,000 and 5,000.5 -> 5,001
        json!([{"month": "2026-04", "deals": 2, "amount": 20_002, "weighted_amount": 6_001}])
    );
    // A moves to June and up a stage; B is won: April empties and is gone.
    let later = DealPatch {
        expected_close_date: Some("2026-06-01".to_string()),
        ..DealPatch::default()
    };
    desk.update(&a, later, "2026-03-02").await;
    desk.move_to(&a, "qualified", "2026-03-03").await;
    desk.win(&b, "2026-03-04", "2026-03-04").await;
    assert_eq!(
        forecast(read(&app, path).await),
        json!([{"month": "2026-06", "deals": 1, "amount": 10_001, "weighted_amount": 2_500}])
    );
    // B reopened into negotiation is back in April; A lost leaves June.
    desk.reopen(&b, "negotiation", "2026-03-05").await;
    desk.lose(&a, "no_budget", "2026-03-06", "2026-03-06").await;
    assert_eq!(
        forecast(read(&app, path).await),
        // 75 % of 10,001 = 7,500.75 -> 7,501
        json!([{"month": "2026-04", "deals": 1, "amount": 10_001, "weighted_amount": 7_501}])
    );
}
