//! Who sees what on the creator dashboard, its parameters, and `?after=`.

use axum::http::{Method, StatusCode};
use chrono::{Days, Utc};
use cuepoint_domain::tenancy::Role;
use serde_json::json;

use super::{dashboard, imported, makegood, pacing, pacing_lines, scenario, AS_OF};
use crate::support::TestApp;

fn makegood_ids(answer: &serde_json::Value) -> Vec<(String, String)> {
    (answer["makegoods_pending"].as_array().unwrap().iter())
        .map(|m| {
            let io = m["io_id"].as_str().unwrap().to_string();
            (io, m["makegood_id"].as_str().unwrap().to_string())
        })
        .collect()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut owned: Vec<(String, String)> = (pairs.iter())
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    owned.sort();
    owned
}

#[tokio::test]
async fn staff_see_every_show_or_the_one_named_and_a_creator_only_its_own() {
    let s = scenario().await;
    let (app, io1, io2) = (&s.app, s.io1.as_str(), s.io2.as_str());
    let query = format!("?as_of={AS_OF}");

    // Staff: every show, Far Away's line too. It has no metrics: 0 of an expected 10,000
    // (30 of 30 days, as_of is its last day, so it still runs): 0 %, behind, projected 0.
    let all = dashboard(app, &app.admin, &query, StatusCode::OK).await;
    let mut lines: Vec<(&str, &str)> = vec![(io2, "li-6")];
    lines.extend(["li-1", "li-2", "li-3", "li-4"].map(|l| (io1, l)));
    lines.extend(["li-1", "li-2", "li-3"].map(|l| (io2, l)));
    assert_eq!(pacing_lines(&all), owned(&lines));
    let far = pacing(&all, io2, "li-6");
    assert_eq!(
        (
            &far["delivered"],
            &far["expected"],
            &far["pacing_pct"],
            &far["status"]
        ),
        (&json!(0), &json!(10_000.0), &json!(0.0), &json!("behind"))
    );
    assert_eq!(far["projected_final"], 0);
    assert_eq!(far["daily"].as_array().unwrap().len(), 30);
    assert_eq!(all["revenue"]["total"], 213_666);
    assert_eq!(
        makegood_ids(&all),
        [
            (s.io1.clone(), "mg-1".into()),
            (s.io2.clone(), "mg-1".into())
        ]
    );
    let ops = app.token(Role::Ops, &[], None).await;
    assert_eq!(dashboard(app, &ops, &query, StatusCode::OK).await, all);

    // Staff naming a show: its lines, its revenue, its makegoods.
    let night = dashboard(
        app,
        &app.admin,
        &format!("{query}&show_id={}", s.night),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        pacing_lines(&night),
        owned(&["li-1", "li-2", "li-3", "li-4"].map(|l| (io1, l)))
    );
    assert_eq!(
        night["revenue"],
        json!({"total": 125_833, "by_advertiser": [
            {"advertiser_id": s.brand_x, "advertiser_name": "Brand X", "amount": 125_833}]})
    );
    assert_eq!(makegood_ids(&night), [(s.io1.clone(), "mg-1".into())]);
    let unknown = dashboard(
        app,
        &app.admin,
        &format!("{query}&show_id=no-such-show"),
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(unknown["error"]["code"], "not_found");

    // Far Away's creator: its line, Brand Y's 0 for the window, its makegood.
    let far_creator = app.token(Role::Creator, &[&s.far], None).await;
    let far_only = dashboard(app, &far_creator, &query, StatusCode::OK).await;
    assert_eq!(pacing_lines(&far_only), owned(&[(io2, "li-6")]));
    assert_eq!(
        far_only["revenue"],
        json!({"total": 0, "by_advertiser": [
            {"advertiser_id": s.brand_y, "advertiser_name": "Brand Y", "amount": 0}]})
    );
    assert_eq!(makegood_ids(&far_only), [(s.io2.clone(), "mg-1".into())]);

    // The Night/Day creator: another show is 404, one of its own narrows the answer.
    let creator = app.token(Role::Creator, &[&s.night, &s.day], None).await;
    let refused = dashboard(
        app,
        &creator,
        &format!("{query}&show_id={}", s.far),
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(refused["error"]["code"], "not_found");
    let day = dashboard(
        app,
        &creator,
        &format!("{query}&show_id={}", s.day),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        pacing_lines(&day),
        owned(&["li-1", "li-2", "li-3"].map(|l| (io2, l)))
    );
    assert_eq!(day["revenue"]["total"], 87_833);
    assert_eq!(day["makegoods_pending"], json!([]));

    // Advertisers have a dashboard of their own.
    let advertiser = app.token(Role::Advertiser, &[], Some(&s.brand_x)).await;
    let forbidden = dashboard(app, &advertiser, &query, StatusCode::FORBIDDEN).await;
    assert_eq!(forbidden["error"]["code"], "forbidden");
}

#[tokio::test]
async fn as_of_defaults_to_yesterday_and_a_malformed_parameter_is_400() {
    let app = TestApp::spawn().await;
    let yesterday = Utc::now().date_naive() - Days::new(1);
    let answer = dashboard(&app, &app.admin, "", StatusCode::OK).await;
    assert_eq!(
        answer,
        json!({"as_of": yesterday, "from": yesterday - Days::new(29), "to": yesterday,
               "currency": "USD", "pacing": [], "revenue": {"total": 0, "by_advertiser": []},
               "makegoods_pending": []})
    );
    for query in [
        "?as_of=2026-02-30",
        "?as_of=yesterday",
        "?as_of=",
        "?show_id=not%20an%20id",
    ] {
        let bad = dashboard(&app, &app.admin, query, StatusCode::BAD_REQUEST).await;
        assert_eq!(bad["error"]["code"], "invalid_query", "{query}");
        assert!(bad["error"]["message"].is_string(), "{query}");
        assert!(bad["error"]["details"].is_array(), "{query}");
    }
}

#[tokio::test]
async fn after_waits_for_the_io_and_metrics_read_models() {
    let s = scenario().await;
    let app = &s.app;
    let read_after = |token: String| async move {
        let path = format!("/api/v1/dashboard/creator?as_of={AS_OF}&after={token}");
        let reply = app.call(Method::GET, &path, &app.admin, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        assert!(reply.headers.get("consistency").is_none(), "not stale");
        reply.body
    };
    // Night Shift's 03-31 corrected to 3,000: the behind line has 14 × 1,000 + 3,000.
    let csv = "date,show,downloads,source\n2026-03-31,night-shift,3000,megaphone\n";
    let import = imported(app, csv, "").await;
    let answer = read_after(import["consistency_token"].as_str().unwrap().to_string()).await;
    assert_eq!(pacing(&answer, &s.io1, "li-1")["delivered"], 17_000);
    let raised = makegood(app, &s.io1, "li-3", "missed_talking_points", 300).await;
    let answer = read_after(
        raised.body["consistency_token"]
            .as_str()
            .unwrap()
            .to_string(),
    )
    .await;
    // (By its line: its id depends on the command side's count of makegoods.)
    let pending = answer["makegoods_pending"].as_array().unwrap();
    let new =
        (pending.iter()).find(|m| m["io_id"] == s.io1.as_str() && m["line_item_id"] == "li-3");
    assert_eq!(
        new.unwrap()["reason"],
        "missed_talking_points",
        "{pending:?}"
    );
}
