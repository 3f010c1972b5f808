//! The ops page: the fixture's deal and three more, the forecast, win/loss and alerts
//! worked out by hand as of today (deals close on the day they are won or lost).

use axum::http::{Method, StatusCode};
use cuepoint_domain::tenancy::Role;
use serde_json::json;

use super::{admin, fixture, id};
use crate::support::web::WebSession;

#[tokio::test]
async fn ops_reads_forecast_win_loss_alerts_and_etl_health() {
    let fixture = fixture().await;
    let app = &fixture.app;
    let deal = |name: &str, amount: i64, stage: &str, close: &str| {
        json!({"advertiser_id": fixture.advertiser, "name": name, "amount": amount,
               "stage": stage, "expected_close_date": close, "owner": "dana"})
    };
    let lead = deal("Winter reads", 200_000, "lead", "2027-01-15");
    admin(app, Method::POST, "/api/v1/deals", Some(lead)).await;
    let lost = deal("Lost one", 100_000, "lead", "2027-01-15");
    let lost = id(&admin(app, Method::POST, "/api/v1/deals", Some(lost)).await);
    let body = json!({"reason": "price"});
    admin(
        app,
        Method::POST,
        &format!("/api/v1/deals/{lost}/lose"),
        Some(body),
    )
    .await;
    let won = deal("Won one", 300_000, "negotiation", "2027-01-15");
    let won = id(&admin(app, Method::POST, "/api/v1/deals", Some(won)).await);
    admin(app, Method::POST, &format!("/api/v1/deals/{won}/win"), None).await;
    app.caught_up().await;

    let today = chrono::Utc::now().date_naive();
    let session = WebSession::sign_in(app, fixture.token(Role::Ops)).await;
    let page = session.get(&format!("/ops?as_of={today}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    // Open deals: the fixture's 5,000.00 in proposal (50 %) closing 2026-04 -> 2,500.00;
    // 2,000.00 in lead (10 %) closing 2027-01 -> 200.00.
    let forecast = &body[body.find(r#"data-table="forecast""#).unwrap()..];
    assert!(forecast.contains(
        r#"<th scope="row">2026-04</th><td class="num">1</td><td class="num">5,000.00 USD</td><td class="num" data-figure="weighted">2,500.00 USD</td>"#
    ), "{forecast}");
    assert!(forecast.contains(r#"data-figure="weighted">200.00 USD<"#));
    assert!(
        body.contains("<title>2026-04: 2,500.00 USD</title>"),
        "{body}"
    );
    // Closed today: one won (3,000.00), one lost for price (1,000.00): 1 / 2 = 50 %.
    for figure in [
        r#"data-figure="won">1<"#,
        r#"data-figure="lost">1<"#,
        r#"data-figure="win_rate">50.0 %<"#,
        r#"data-figure="won_amount">3,000.00 USD<"#,
        r#"data-figure="lost_amount">1,000.00 USD<"#,
    ] {
        assert!(body.contains(figure), "{figure} not on the page");
    }
    let reasons = &body[body.find(r#"data-table="loss-reasons""#).unwrap()..];
    assert!(reasons.contains(
        r#"<th scope="row">Price</th><td class="num">1</td><td class="num">1,000.00 USD</td>"#
    ));
    // The fixture's deal was expected on 2026-04-30: overdue since 05-01.
    let alerts = &body[body.find(r#"data-table="alerts""#).unwrap()..];
    assert!(alerts.contains(&format!(
        r#"<a href="/pipeline/deals/{}">Spring reads</a>"#,
        fixture.deal
    )));
    assert!(
        alerts.contains("Overdue") && alerts.contains("2026-05-01"),
        "{alerts}"
    );
    // The fixture's CSV source, its data last on 2026-03-31: over a week old, failing.
    let etl = &body[body.find(r#"data-table="etl""#).unwrap()..];
    assert!(etl.contains(r#"<th scope="row">csv</th>"#), "{etl}");
    assert!(etl.contains(r#"data-status="Failing""#), "{etl}");
    assert!(etl.contains("2026-03-31"));

    let bad = session.get("/ops?as_of=someday").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("as_of"));
}
