//! Tenancy: every route of the router, tried with another tenant's token and with a role
//! it does not admit (403, or 404 where the route table hides the route from that role);
//! creators and advertisers see only their own.

use axum::http::{Method, StatusCode};
use cuepoint_api::http::routes::{routes, Kind, Refusal};
use cuepoint_domain::tenancy::Role;
use serde_json::json;

use crate::catalog::{advertiser_body, show_body};
use crate::support::app::{request, tenant_with_admin};
use crate::support::TestApp;

const ROLES: [Role; 4] = [Role::Admin, Role::Ops, Role::Creator, Role::Advertiser];

/// The only routes without a tenant and a token. A route marked public that is not in this
/// list fails the test: making a route public is a decision to write down here.
const PUBLIC: [(&str, &str); 6] = [
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/docs"),
    ("GET", "/api/docs/{file}"),
    ("GET", "/metrics"),
];

/// The path with every `{parameter}` filled in.
pub fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "some-id"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_route_refuses_another_tenants_token_and_roles_it_does_not_admit() {
    let app = TestApp::without_workers().await;
    let (_, other_admin) = tenant_with_admin(&app.db, "globex").await;
    let mut tokens = Vec::new();
    for role in ROLES {
        tokens.push((role, app.token(role, &["some-id"], Some("some-id")).await));
    }
    let (mut checked, mut public) = (0, Vec::new());
    for route in routes() {
        if matches!(route.kind, Kind::Public) {
            public.push((route.method.to_string(), route.path));
            continue;
        }
        let path = concrete(route.path);
        let body = (route.method != Method::GET).then(|| json!({}));

        let foreign = app
            .send(request(
                route.method.clone(),
                &path,
                Some("acme"),
                Some(&other_admin),
                body.clone(),
            ))
            .await;
        assert_eq!(
            foreign.status,
            StatusCode::UNAUTHORIZED,
            "{} {} with globex's token",
            route.method,
            route.path
        );
        assert_eq!(foreign.code(), "unauthorized");

        let anonymous = app
            .send(request(
                route.method.clone(),
                &path,
                Some("acme"),
                None,
                body.clone(),
            ))
            .await;
        assert_eq!(
            anonymous.status,
            StatusCode::UNAUTHORIZED,
            "{} {} without a token",
            route.method,
            route.path
        );

        let unknown_tenant = app
            .send(request(
                route.method.clone(),
                &path,
                Some("nobody"),
                Some(&app.admin),
                body.clone(),
            ))
            .await;
        assert_eq!(
            unknown_tenant.status,
            StatusCode::NOT_FOUND,
            "{} {} on an unknown tenant",
            route.method,
            route.path
        );

        for (role, token) in &tokens {
            if route.roles.contains(role) {
                continue;
            }
            let refused = app
                .send(request(
                    route.method.clone(),
                    &path,
                    Some("acme"),
                    Some(token),
                    body.clone(),
                ))
                .await;
            // A hidden route answers as a path no route has (deals are the sales team's).
            let (status, code) = match route.refusal {
                Refusal::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
                Refusal::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            };
            assert_eq!(
                refused.status, status,
                "{} {} as {role}",
                route.method, route.path
            );
            assert_eq!(refused.code(), code);
            checked += 1;
        }
    }
    let pinned: Vec<(String, &str)> = PUBLIC.iter().map(|(m, p)| (m.to_string(), *p)).collect();
    assert_eq!(public, pinned, "the routes marked public");
    assert!(
        checked > 10,
        "the route table admits too many roles to be a useful check"
    );
}

#[tokio::test]
async fn the_sub_domain_names_the_tenant() {
    let app = TestApp::without_workers().await;
    let reply = app
        .send(
            axum::http::Request::builder()
                .uri("/api/v1/shows")
                .header("host", "acme.cuepoint.test")
                .header("authorization", format!("Bearer {}", app.admin))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
}

#[tokio::test]
async fn creators_and_advertisers_see_only_their_own_and_others_are_404() {
    let app = TestApp::spawn().await;
    let mine = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Mine")),
        )
        .await;
    let theirs = app
        .call(
            Method::POST,
            "/api/v1/shows",
            &app.admin,
            Some(show_body("Theirs")),
        )
        .await;
    let brand = app
        .call(
            Method::POST,
            "/api/v1/advertisers",
            &app.admin,
            Some(advertiser_body("Brand")),
        )
        .await;
    let other_brand = app
        .call(
            Method::POST,
            "/api/v1/advertisers",
            &app.admin,
            Some(advertiser_body("Other")),
        )
        .await;
    let last = other_brand.body["consistency_token"]
        .as_str()
        .unwrap()
        .to_string();
    app.get_after("/api/v1/shows", &last).await;
    let (mine, theirs) = (
        mine.body["id"].as_str().unwrap(),
        theirs.body["id"].as_str().unwrap(),
    );
    let (brand, other_brand) = (
        brand.body["id"].as_str().unwrap(),
        other_brand.body["id"].as_str().unwrap(),
    );

    let creator = app.token(Role::Creator, &[mine], None).await;
    let list = app.call(Method::GET, "/api/v1/shows", &creator, None).await;
    let ids: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [mine]);
    assert_eq!(
        app.call(
            Method::GET,
            &format!("/api/v1/shows/{mine}"),
            &creator,
            None
        )
        .await
        .status,
        StatusCode::OK
    );
    let other = app
        .call(
            Method::GET,
            &format!("/api/v1/shows/{theirs}"),
            &creator,
            None,
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);

    let advertiser = app.token(Role::Advertiser, &[], Some(brand)).await;
    let list = app
        .call(Method::GET, "/api/v1/advertisers", &advertiser, None)
        .await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        app.call(
            Method::GET,
            &format!("/api/v1/advertisers/{other_brand}"),
            &advertiser,
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    // Another tenant's show is unknown here, not forbidden.
    let (globex, globex_admin) = tenant_with_admin(&app.db, "globex").await;
    let foreign = app
        .send(request(
            Method::GET,
            &format!("/api/v1/shows/{mine}"),
            Some(&globex.slug),
            Some(&globex_admin),
            None,
        ))
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let foreign_update = app
        .send(request(
            Method::PATCH,
            &format!("/api/v1/shows/{mine}"),
            Some(&globex.slug),
            Some(&globex_admin),
            Some(json!({"name": "Stolen"})),
        ))
        .await;
    assert_eq!(foreign_update.status, StatusCode::NOT_FOUND);
}
