//! Every page of the page table, opened by every role: a role the page's API route admits
//! gets it (200), any other gets "no such page" (404), and nobody signed out gets past the
//! sign-in page. The table is the one the router is built from.

use axum::http::{Method, StatusCode};
use cuepoint_api::http::routes::routes;
use cuepoint_api::web::pages::pages;

use super::{fixture, Fixture};
use crate::support::web::{get_signed_out, WebSession};

/// The page's path with its parameters filled with the fixture's ids.
fn concrete(path: &str, fixture: &Fixture) -> String {
    path.replace("{io_id}", &fixture.io)
        .replace("{show_id}", &fixture.show)
        .replace("{advertiser_id}", &fixture.advertiser)
        .replace("{deal_id}", &fixture.deal)
        .replace("{import_id}", &fixture.import)
        .replace("{job}", "etl-health-check")
}

#[tokio::test]
async fn every_page_admits_the_roles_of_its_api_route_and_no_other() {
    let fixture = fixture().await;
    let api = routes();
    let table = pages();
    let readable: Vec<_> = table.iter().filter(|p| p.method == Method::GET).collect();
    assert!(!readable.is_empty());
    for (role, token) in &fixture.tokens {
        let session = WebSession::sign_in(&fixture.app, token).await;
        for page in &readable {
            let route = page
                .api_route(&api)
                .unwrap_or_else(|| panic!("{}: no API route", page.path));
            let path = concrete(page.path, &fixture);
            let answer = session.get(&path).await;
            let expected = if route.roles.contains(role) {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(
                answer.status, expected,
                "{role:?} GET {path}: {}",
                answer.body
            );
        }
    }
    for page in &readable {
        let path = concrete(page.path, &fixture);
        let answer = get_signed_out(&fixture.app, &path).await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "signed out GET {path}"
        );
        assert!(answer.location().starts_with("/sign-in"), "{path}");
    }
}

#[tokio::test]
async fn every_form_action_refuses_the_roles_its_api_route_does_not_admit() {
    let fixture = fixture().await;
    let api = routes();
    for (role, token) in &fixture.tokens {
        let session = WebSession::sign_in(&fixture.app, token).await;
        for page in pages().iter().filter(|p| p.method == Method::POST) {
            let route = page.api_route(&api).unwrap();
            if route.roles.contains(role) {
                continue;
            }
            let path = concrete(page.path, &fixture);
            let answer = session.post(&path, &[]).await;
            assert_eq!(
                answer.status,
                StatusCode::NOT_FOUND,
                "{role:?} POST {path}: {}",
                answer.body
            );
        }
    }
}

#[test]
fn every_page_stands_for_an_api_route() {
    let api = routes();
    for page in pages() {
        assert!(
            page.api_route(&api).is_some(),
            "{} names no API route",
            page.path
        );
    }
}

#[tokio::test]
async fn the_menu_lists_the_pages_of_the_role() {
    let fixture = fixture().await;
    let creator = WebSession::sign_in(
        &fixture.app,
        fixture.token(cuepoint_domain::tenancy::Role::Creator),
    )
    .await;
    let page = creator.get("/creator").await;
    assert!(
        page.body
            .contains(r#"<a href="/creator" aria-current="page">"#),
        "{}",
        page.body
    );
}
