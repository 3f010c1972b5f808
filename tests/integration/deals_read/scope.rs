//! Who sees deals: staff of the tenant only. Creators and advertisers are answered 404 on
//! every deal and pipeline route (as for a path no route has) and 403 on the ops
//! dashboard; another tenant's deals are unknown.

use axum::http::{Method, StatusCode};
use cuepoint_domain::tenancy::Role;

use super::{read, Desk};
use crate::support::app::{request, tenant_with_admin};
use crate::support::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creators_and_advertisers_get_404_and_other_tenants_see_nothing() {
    let app = TestApp::with_read_models().await;
    let desk = Desk::open(&app).await;
    let id = desk
        .create(desk.input("Ours", 1_000, "2026-04-01"), "2026-03-01")
        .await;
    let (globex, globex_admin) = tenant_with_admin(&app.db, "globex").await;
    let theirs = Desk::open_for(&app, &globex.slug, &globex.tenant_id, &globex_admin).await;
    let their_id = (theirs.create(theirs.input("Theirs", 5_000, "2026-04-01"), "2026-03-01")).await;
    app.caught_up().await;

    let deal = format!("/api/v1/deals/{id}");
    let creator = app.token(Role::Creator, &["some-show"], None).await;
    let brand = desk.advertisers[0].as_str();
    let advertiser = app.token(Role::Advertiser, &[], Some(brand)).await;
    for token in [&creator, &advertiser] {
        for path in ["/api/v1/deals", deal.as_str(), "/api/v1/pipeline"] {
            let reply = app.call(Method::GET, path, token, None).await;
            assert_eq!(
                reply.status,
                StatusCode::NOT_FOUND,
                "{path}: {:?}",
                reply.body
            );
            assert_eq!(reply.code(), "not_found");
        }
        let dashboard = (app.call(Method::GET, "/api/v1/dashboard/ops", token, None)).await;
        assert_eq!(dashboard.status, StatusCode::FORBIDDEN);
    }

    // Staff of acme see acme's deal only; globex's is unknown here, and the reverse.
    let ops = app.token(Role::Ops, &[], None).await;
    let list = app.call(Method::GET, "/api/v1/deals", &ops, None).await;
    assert_eq!(list.status, StatusCode::OK);
    let ids: Vec<&str> = (list.body["items"].as_array().unwrap().iter())
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id.as_str()]);
    let foreign = app
        .call(
            Method::GET,
            &format!("/api/v1/deals/{their_id}"),
            &ops,
            None,
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let from_globex = request(
        Method::GET,
        &deal,
        Some(&globex.slug),
        Some(&globex_admin),
        None,
    );
    assert_eq!(app.send(from_globex).await.status, StatusCode::NOT_FOUND);
    let pipeline = read(&app, "/api/v1/pipeline").await;
    assert_eq!(pipeline["stages"][0]["deals"], 1);
    assert_eq!(pipeline["stages"][0]["amount"], 1_000);
    let dashboard = read(&app, "/api/v1/dashboard/ops?as_of=2026-03-31").await;
    assert_eq!(dashboard["forecast"][0]["amount"], 1_000);
    // An id that cannot be an id names no deal.
    let malformed = app
        .call(Method::GET, "/api/v1/deals/not%20an%20id", &ops, None)
        .await;
    assert_eq!(malformed.status, StatusCode::NOT_FOUND);
}
