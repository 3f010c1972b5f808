//! Deals through the router: the journey from lead to a won deal whose draft IO exists
//! once (after a crash between the IO and the link, with two workers, after a reopen and a
//! second win), losing with a reason, reopening, each error class and role scoping.

use std::sync::Arc;
use std::time::Duration;

use axum::http::{Method, StatusCode};
use cuepoint_api::commands::Actor;
use cuepoint_api::won_deals::worker_projections;
use cuepoint_domain::deal::draft_io_id;
use cuepoint_domain::ids::DealId;
use cuepoint_domain::io::{IoCommand, IoInput};
use cuepoint_domain::tenancy::Role;
use cuepoint_projections::worker::{self, WorkerOptions};
use cuepoint_projections::{registry, Projection};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use crate::catalog::advertiser_body;
use crate::support::app::{fast_workers, Reply};
use crate::support::TestApp;

/// An advertiser (Brand X) in the catalog read model; its id.
pub async fn advertiser(app: &TestApp) -> String {
    let created = app
        .call(
            Method::POST,
            "/api/v1/advertisers",
            &app.admin,
            Some(advertiser_body("Brand X")),
        )
        .await;
    let token = created.body["consistency_token"].as_str().unwrap();
    app.get_after("/api/v1/advertisers", token).await;
    created.body["id"].as_str().unwrap().to_string()
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<Value>,
    status: u16,
) -> Reply {
    let reply = app.call(method.clone(), path, &app.admin, body).await;
    assert_eq!(
        reply.status.as_u16(),
        status,
        "{method} {path}: {:?}",
        reply.body
    );
    reply
}

async fn create_deal(app: &TestApp, advertiser: &str) -> String {
    let body = json!({"advertiser_id": advertiser, "name": "Spring campaign", "amount": 10_001,
                      "expected_close_date": "2026-12-15", "owner": "dana"});
    let created = send(app, Method::POST, "/api/v1/deals", Some(body), 201).await;
    created.body["id"].as_str().unwrap().to_string()
}

/// The IOs of `deal`, as the won-deal process made them (waits for the first).
async fn ios_of(app: &TestApp, deal: &str) -> Vec<String> {
    for _ in 0..250 {
        let ios: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT aggregate_id FROM events
              WHERE aggregate_type = 'io_booking' AND payload::jsonb #>> '{IoCreated,header,deal_id}' = $1",
        )
        .bind(deal)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        let linked: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM events WHERE aggregate_type = 'deal'
                AND aggregate_id LIKE '%:' || $1 AND event_type = 'DealIoLinked'",
        )
        .bind(deal)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        if !ios.is_empty() && linked > 0 {
            return ios;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("deal {deal} got no linked IO");
}

#[tokio::test]
async fn a_deal_goes_from_lead_to_won_and_its_draft_io_names_it_once() {
    let app = TestApp::spawn().await;
    let advertiser = advertiser(&app).await;
    let deal = create_deal(&app, &advertiser).await;
    for stage in ["qualified", "proposal", "negotiation"] {
        let path = format!("/api/v1/deals/{deal}/stage");
        send(
            &app,
            Method::POST,
            &path,
            Some(json!({"stage": stage})),
            200,
        )
        .await;
    }
    // Win without a body (closed today).
    let won = send(
        &app,
        Method::POST,
        &format!("/api/v1/deals/{deal}/win"),
        None,
        200,
    )
    .await;
    assert_eq!(won.body["version"], 5);
    let ios = ios_of(&app, &deal).await;
    let io_id = draft_io_id(&deal.parse::<DealId>().unwrap()).unwrap();
    assert_eq!(ios, [format!("{}:{io_id}", app.tenant.tenant_id)]);
    app.caught_up().await;
    let io = app
        .call(
            Method::GET,
            &format!("/api/v1/io/{io_id}"),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(io.status, StatusCode::OK, "{:?}", io.body);
    assert_eq!(io.body["deal_id"], deal.as_str());
    assert_eq!(io.body["advertiser_id"], advertiser.as_str());
    assert_eq!(io.body["status"], "draft");

    // Reopened and won again: still the one IO.
    let path = format!("/api/v1/deals/{deal}/reopen");
    send(
        &app,
        Method::POST,
        &path,
        Some(json!({"stage": "negotiation"})),
        200,
    )
    .await;
    send(
        &app,
        Method::POST,
        &format!("/api/v1/deals/{deal}/win"),
        Some(json!({})),
        200,
    )
    .await;
    app.caught_up().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(ios_of(&app, &deal).await.len(), 1);
    assert_eq!(count(&app, "IoCreated").await, 1);
    assert_eq!(count(&app, "DealIoLinked").await, 1);
}

/// How many events of `event_type` the log holds.
async fn count(app: &TestApp, event_type: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM events WHERE event_type = $1")
        .bind(event_type)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// Workers named `name` running `projections` until `stop` is cancelled.
fn workers(
    app: &TestApp,
    name: &str,
    projections: Vec<Arc<dyn Projection>>,
    stop: &CancellationToken,
) {
    let args = fast_workers();
    let options = WorkerOptions {
        connect: app.db.options(),
        batch_size: args.batch_size,
        poll_interval: args.poll_interval(),
        takeover_interval: args.takeover_interval(),
        batch_interval: args.batch_interval(),
        worker_name: name.to_string(),
    };
    tokio::spawn(worker::run(options, projections, stop.clone()));
}

#[tokio::test]
async fn a_crash_between_the_io_and_the_link_and_two_workers_leave_one_io() {
    let app = TestApp::without_workers().await;
    let stop = CancellationToken::new();
    // The read models only: the won-deal process is not running yet.
    workers(&app, "read-models", registry::all(), &stop);
    let advertiser = advertiser(&app).await;
    let deal = create_deal(&app, &advertiser).await;
    send(
        &app,
        Method::POST,
        &format!("/api/v1/deals/{deal}/win"),
        None,
        200,
    )
    .await;
    // What a process killed after creating the IO, before linking it, leaves behind.
    let io_id = draft_io_id(&deal.parse::<DealId>().unwrap()).unwrap();
    let command = IoCommand::Create {
        tenant_id: app.tenant.tenant_id.parse().unwrap(),
        tenant_currency: "USD".parse().unwrap(),
        input: IoInput {
            advertiser_id: Some(advertiser.clone()),
            deal_id: Some(deal.clone()),
            ..IoInput::default()
        },
    };
    let actor = Actor::system(&app.tenant.tenant_id, "won-deals");
    let bus = &app.state.commands;
    bus.execute(
        &bus.ios,
        &actor,
        io_id.as_str(),
        command,
        StatusCode::CREATED,
    )
    .await
    .unwrap();
    // Two workers, each with the won-deal process, start.
    workers(&app, "first", worker_projections(bus.clone()), &stop);
    workers(&app, "second", worker_projections(bus.clone()), &stop);
    assert_eq!(ios_of(&app, &deal).await.len(), 1);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(count(&app, "IoCreated").await, 1, "one IO");
    let links = count(&app, "DealIoLinked").await;
    assert_eq!(links, 1, "one link, whoever ran the process");
    stop.cancel();
}

#[tokio::test]
async fn each_error_class_answers_in_the_error_shape_and_deals_are_the_sales_teams() {
    let app = TestApp::spawn().await;
    let advertiser = advertiser(&app).await;
    let bad = json!({"advertiser_id": "no-such", "name": " ", "amount": 0,
                     "expected_close_date": "2026-12-15", "owner": "dana"});
    let reply = send(&app, Method::POST, "/api/v1/deals", Some(bad), 422).await;
    let fields: Vec<&str> = (reply.body["error"]["details"].as_array().unwrap().iter())
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"advertiser_id") && fields.contains(&"amount") && fields.contains(&"name"),
        "{fields:?}"
    );

    let deal = create_deal(&app, &advertiser).await;
    let lose = format!("/api/v1/deals/{deal}/lose");
    let no_reason = send(&app, Method::POST, &lose, Some(json!({})), 422).await;
    assert_eq!(no_reason.body["error"]["details"][0]["field"], "reason");
    let lost = send(
        &app,
        Method::POST,
        &lose,
        Some(json!({"reason": "price", "note": "too dear"})),
        200,
    )
    .await;
    assert_eq!(lost.body["version"], 2);
    let win = send(
        &app,
        Method::POST,
        &format!("/api/v1/deals/{deal}/win"),
        None,
        409,
    )
    .await;
    assert_eq!(win.code(), "invalid_transition");
    let reopen = format!("/api/v1/deals/{deal}/reopen");
    send(
        &app,
        Method::POST,
        &reopen,
        Some(json!({"stage": "proposal"})),
        200,
    )
    .await;
    let again = send(
        &app,
        Method::POST,
        &reopen,
        Some(json!({"stage": "proposal"})),
        409,
    )
    .await;
    assert_eq!(again.code(), "invalid_transition");
    send(
        &app,
        Method::POST,
        "/api/v1/deals/not%20an%20id/win",
        None,
        404,
    )
    .await;

    for role in [Role::Creator, Role::Advertiser] {
        let token = app.token(role, &["show-1"], Some(&advertiser)).await;
        let reply = app
            .call(Method::POST, "/api/v1/deals", &token, Some(json!({})))
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{role:?}");
        assert_eq!(reply.code(), "not_found");
    }
}
