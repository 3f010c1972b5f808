//! The deal list (filters, paging, bad filters) and the deal detail (figures, stage history,
//! IO link, loss).

use std::time::Duration;

use axum::http::{Method, StatusCode};
use chrono::Utc;
use cuepoint_domain::deal::{draft_io_id, DealPatch};
use cuepoint_domain::ids::DealId;
use serde_json::{json, Value};

use super::{bad_query, read, Desk};
use crate::support::TestApp;

fn names(page: &Value) -> Vec<&str> {
    (page["items"].as_array().unwrap().iter())
        .map(|d| d["name"].as_str().unwrap())
        .collect()
}

async fn listed(app: &TestApp, query: &str) -> Vec<String> {
    let page = read(app, &format!("/api/v1/deals{query}")).await;
    names(&page).into_iter().map(str::to_string).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_filters_by_stage_owner_advertiser_and_expected_close_and_pages_in_id_order() {
    let app = TestApp::with_read_models().await;
    let desk = Desk::open(&app).await;
    let [brand_x, brand_y] = desk.advertisers.clone();
    let mut ids = Vec::new();
    for (name, stage, owner, brand, close) in [
        ("One", "lead", "Dana", &brand_x, "2026-04-01"),
        ("Two", "qualified", "Sam", &brand_y, "2026-04-15"),
        ("Three", "qualified", "Dana", &brand_y, "2026-04-30"),
        ("Four", "proposal", "Sam", &brand_x, "2026-05-01"),
        ("Five", "lead", "Dana", &brand_x, "2026-05-31"),
    ] {
        let mut input = desk.input(name, 1_000, close);
        input.stage = Some(stage.to_string());
        input.owner = Some(owner.to_string());
        input.advertiser_id = Some(brand.clone());
        ids.push(desk.create(input, "2026-03-01").await);
    }
    desk.win(&ids[3], "2026-03-10", "2026-03-10").await;

    assert_eq!(
        listed(&app, "").await,
        ["One", "Two", "Three", "Four", "Five"]
    );
    assert_eq!(listed(&app, "?stage=qualified").await, ["Two", "Three"]);
    assert_eq!(listed(&app, "?stage=closed_won").await, ["Four"]);
    assert_eq!(
        listed(&app, "?stage=negotiation").await,
        Vec::<String>::new()
    );
    assert_eq!(listed(&app, "?owner=Sam").await, ["Two", "Four"]);
    assert_eq!(listed(&app, "?owner=%20Sam%20").await, ["Two", "Four"]);
    let by_brand = format!("?advertiser_id={brand_x}");
    assert_eq!(listed(&app, &by_brand).await, ["One", "Four", "Five"]);
    // Both bounds are inclusive; either alone works.
    let window = "?close_from=2026-04-15&close_to=2026-05-01";
    assert_eq!(listed(&app, window).await, ["Two", "Three", "Four"]);
    assert_eq!(
        listed(&app, "?close_from=2026-05-01").await,
        ["Four", "Five"]
    );
    assert_eq!(
        listed(&app, "?close_to=2026-04-01&owner=Dana").await,
        ["One"]
    );
    let combined = format!("?stage=lead&owner=Dana&advertiser_id={brand_x}&close_to=2026-04-30");
    assert_eq!(listed(&app, &combined).await, ["One"]);

    // Pages of two, in id (creation) order, each page's cursor leading to the next.
    let mut seen = Vec::new();
    let mut query = "?limit=2".to_string();
    loop {
        let page = read(&app, &format!("/api/v1/deals{query}")).await;
        seen.extend(names(&page).into_iter().map(str::to_string));
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, ["One", "Two", "Three", "Four", "Five"]);
    let page = read(&app, "/api/v1/deals?limit=2&stage=lead").await;
    assert_eq!(names(&page), ["One", "Five"]);
    assert!(page["next_cursor"].is_null());
}

#[tokio::test]
async fn bad_filters_are_400_in_the_error_shape() {
    let app = TestApp::without_workers().await;
    for query in [
        "?stage=won",
        "?advertiser_id=not%20an%20id",
        "?close_from=2026-13-01",
        "?close_to=yesterday",
        "?close_from=2026-05-02&close_to=2026-05-01",
        "?limit=0",
        "?limit=201",
        "?cursor=not%20a%20cursor",
    ] {
        bad_query(&app, &format!("/api/v1/deals{query}")).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_detail_has_the_figures_the_stage_history_the_io_and_the_loss() {
    let app = TestApp::with_read_models().await;
    let desk = Desk::open(&app).await;
    let mut input = desk.input("Spring launch", 10_001, "2026-04-30");
    input.created_on = Some("2026-03-01".to_string());
    let id = desk.create(input, "2026-03-02").await;
    desk.move_to(&id, "qualified", "2026-03-05").await;

    let detail = read(&app, &format!("/api/v1/deals/{id}")).await;
    assert_eq!(detail["id"], id.as_str());
    assert_eq!(detail["stage"], "qualified");
    assert_eq!(detail["probability"], 0.25);
    // 25 % of 10,001 is 2,500.25: rounded once.
    assert_eq!(detail["weighted_amount"], 2_500);
    assert_eq!(detail["amount"], 10_001);
    assert_eq!(detail["currency"], "USD");
    assert_eq!(detail["created_on"], "2026-03-01");
    assert_eq!(detail["closed_on"], Value::Null);
    assert_eq!(detail["loss_reason"], Value::Null);
    assert_eq!(detail["io_id"], Value::Null);
    assert_eq!(detail["last_activity_on"], "2026-03-05");
    assert_eq!(detail["version"], 2);

    desk.move_to(&id, "proposal", "2026-03-10").await;
    // Closed on the 12th, recorded on the 14th: the history has the day it closed.
    desk.win(&id, "2026-03-12", "2026-03-14").await;
    let io = desk.link_io(&id, "2026-03-14").await;
    desk.reopen(&id, "negotiation", "2026-03-20").await;
    let patch = DealPatch {
        amount: Some(20_000),
        ..DealPatch::default()
    };
    desk.update(&id, patch, "2026-03-21").await;
    desk.lose(&id, "price", "2026-03-22", "2026-03-23").await;

    let detail = read(&app, &format!("/api/v1/deals/{id}")).await;
    assert_eq!(detail["stage"], "closed_lost");
    assert_eq!(detail["probability"], 0.0);
    assert_eq!(detail["weighted_amount"], 0);
    assert_eq!(detail["amount"], 20_000);
    assert_eq!(detail["closed_on"], "2026-03-22");
    assert_eq!(detail["loss_reason"], "price");
    assert_eq!(detail["loss_note"], "lost: price");
    // Reopening keeps the IO of the first win.
    assert_eq!(detail["io_id"], io.as_str());
    assert_eq!(detail["last_activity_on"], "2026-03-23");
    assert_eq!(detail["version"], 8);
    assert_eq!(
        detail["stage_history"],
        json!([
            {"stage": "lead", "entered_on": "2026-03-01"},
            {"stage": "qualified", "entered_on": "2026-03-05"},
            {"stage": "proposal", "entered_on": "2026-03-10"},
            {"stage": "closed_won", "entered_on": "2026-03-12"},
            {"stage": "negotiation", "entered_on": "2026-03-20"},
            {"stage": "closed_lost", "entered_on": "2026-03-22"},
        ])
    );

    // Reopened again: no closed day, no loss reason.
    desk.reopen(&id, "lead", "2026-03-25").await;
    let detail = read(&app, &format!("/api/v1/deals/{id}")).await;
    assert_eq!(detail["stage"], "lead");
    assert_eq!(detail["closed_on"], Value::Null);
    assert_eq!(detail["loss_reason"], Value::Null);
    assert_eq!(detail["loss_note"], Value::Null);
    assert_eq!(detail["weighted_amount"], 2_000);
    assert_eq!(detail["stage_history"].as_array().unwrap().len(), 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_detail_names_the_draft_io_of_a_deal_won_through_the_router() {
    let app = TestApp::spawn().await;
    let desk = Desk::open(&app).await;
    let body = json!({"advertiser_id": desk.advertisers[0], "name": "Router deal",
                      "amount": 10_001, "expected_close_date": "2026-12-15", "owner": "Dana"});
    let created = app
        .call(Method::POST, "/api/v1/deals", &app.admin, Some(body))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let id = created.body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/deals/{id}");
    let token = created.body["consistency_token"].as_str().unwrap();
    let fresh = app.get_after(&path, token).await;
    assert_eq!(fresh.body["stage"], "lead");
    assert_eq!(fresh.body["weighted_amount"], 1_000); // 10 % of 10,001 = 1,000.1

    let won = (app.call(Method::POST, &format!("{path}/win"), &app.admin, None)).await;
    assert_eq!(won.status, StatusCode::OK, "{:?}", won.body);
    // The won-deal process makes the draft IO and links it shortly after.
    let draft = draft_io_id(&id.parse::<DealId>().unwrap()).unwrap();
    let mut detail = Value::Null;
    for _ in 0..250 {
        detail = read(&app, &path).await;
        if !detail["io_id"].is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(detail["io_id"], draft.as_str());
    assert_eq!(detail["stage"], "closed_won");
    assert_eq!(detail["weighted_amount"], 10_001);
    let today = Utc::now().date_naive().to_string();
    assert_eq!(detail["closed_on"], today);
    assert_eq!(detail["last_activity_on"], today);
    let io = read(&app, &format!("/api/v1/io/{draft}")).await;
    assert_eq!(io["deal_id"], id);
}
