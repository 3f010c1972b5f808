//! 503 from the handlers while the database is down, and recovery without a restart once it
//! is back. Every request is first made while the database is up, so the caller's
//! credentials are verified and cached: while it is down, the 503s come from the handlers
//! (and the read-after-write layer), not from the credential look-up.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use chrono::{Days, Utc};
use cuepoint_api::embedded_pg::{ClusterOptions, PrivateCluster, Tuning};
use cuepoint_api::won_deals::worker_projections;
use cuepoint_projections::worker::{self, WorkerOptions};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use crate::catalog::{advertiser_body, show_body};
use crate::support::app::{admin_token, fast_workers, request, serve_args};

/// Every answer while the database is down comes within this: the service's pool gives up
/// acquiring a connection after 3 s (`cuepoint_api::db::pool`), plus a margin.
const ANSWER_BOUND: Duration = Duration::from_secs(5);

/// The application on a private cluster of its own (this test stops it), with workers.
struct Service {
    router: Router,
    tenant: String,
    admin: String,
    /// Makes every upload's content new (a repeat is a duplicate import).
    uploads: AtomicU64,
}

impl Service {
    async fn send(&self, request: Request<Body>) -> (StatusCode, Value) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, serde_json::from_slice(&bytes).unwrap_or_default())
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let request = request(method, path, Some(&self.tenant), Some(&self.admin), body);
        self.send(request).await
    }

    fn upload(&self, show: &str) -> Request<Body> {
        let n = self.uploads.fetch_add(1, Ordering::Relaxed) + 1;
        Request::builder()
            .method(Method::POST)
            .uri("/api/v1/etl/csv?source=hosting")
            .header("x-tenant", &self.tenant)
            .header("authorization", format!("Bearer {}", self.admin))
            .header("content-type", "text/csv")
            .body(Body::from(format!(
                "date,show,downloads\n2026-03-01,{show},{n}\n"
            )))
            .unwrap()
    }
}

/// The six requests: a list, a get by id, a command, a read with `?after=`, an upload and a
/// PDF export; with the status each answers while the database is up.
fn requests(
    service: &Service,
    show: &str,
    io: &str,
    after: &str,
) -> Vec<(&'static str, StatusCode, Request<Body>)> {
    let (tenant, admin) = (Some(service.tenant.as_str()), Some(service.admin.as_str()));
    let get = |path: String| request(Method::GET, &path, tenant, admin, None);
    let patch = json!({"episodes_per_week": 3});
    vec![
        ("list", StatusCode::OK, get("/api/v1/shows".into())),
        (
            "get by id",
            StatusCode::OK,
            get(format!("/api/v1/shows/{show}")),
        ),
        (
            "command",
            StatusCode::OK,
            request(
                Method::PATCH,
                &format!("/api/v1/shows/{show}"),
                tenant,
                admin,
                Some(patch),
            ),
        ),
        (
            "read ?after=",
            StatusCode::OK,
            get(format!("/api/v1/io?after={after}")),
        ),
        ("upload", StatusCode::CREATED, service.upload(show)),
        (
            "PDF export",
            StatusCode::OK,
            get(format!("/api/v1/io/{io}/export/pdf")),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handlers_answer_503_while_the_database_is_down_and_succeed_again_after() {
    let options = ClusterOptions {
        data_dir: std::env::temp_dir().join(format!("cuepoint-test-503-{}", std::process::id())),
        bin_dir: None,
        tuning: Tuning::Ephemeral,
    };
    let _ = std::fs::remove_dir_all(&options.data_dir);
    let start = || {
        let options = options.clone();
        std::thread::spawn(move || PrivateCluster::start(&options).unwrap())
            .join()
            .unwrap()
    };
    let cluster = start();
    let connect = cluster.connect_options("cuepoint");
    // The service's own pool settings, whose acquire timeout bounds the answers.
    let pool = cuepoint_api::db::pool(&connect, 8);
    cuepoint_api::db::migrate(&pool).await.unwrap();
    let tenant = cuepoint_api::tenancy::create_tenant(
        &pool,
        &"acme".parse().unwrap(),
        "Acme",
        &"USD".parse().unwrap(),
    )
    .await
    .unwrap();
    let admin = admin_token(&pool, "acme").await;
    let state = cuepoint_api::serve::state(pool.clone(), &serve_args());
    let workers = CancellationToken::new();
    let args = fast_workers();
    let worker_options = WorkerOptions {
        connect: connect.clone(),
        batch_size: args.batch_size,
        poll_interval: args.poll_interval(),
        takeover_interval: args.takeover_interval(),
        batch_interval: args.batch_interval(),
        worker_name: "test-worker".to_string(),
    };
    let projections = worker_projections(state.commands.clone());
    tokio::spawn(worker::run(worker_options, projections, workers.clone()));
    let service = Service {
        router: cuepoint_api::http::app(state),
        tenant: tenant.slug.clone(),
        admin,
        uploads: AtomicU64::new(0),
    };

    // A show, an advertiser and an IO with a line, while the database is up.
    let (status, show) = service
        .call(Method::POST, "/api/v1/shows", Some(show_body("Up")))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{show:?}");
    let (status, brand) = service
        .call(
            Method::POST,
            "/api/v1/advertisers",
            Some(advertiser_body("Brand")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{brand:?}");
    let brand_token = brand["consistency_token"].as_str().unwrap().to_string();
    let (show, brand) = (show["id"].as_str().unwrap(), brand["id"].as_str().unwrap());
    // The IO command checks the catalog read model.
    let waited = format!("/api/v1/advertisers?after={}", brand_token);
    let (status, _) = service.call(Method::GET, &waited, None).await;
    assert_eq!(status, StatusCode::OK);
    let today = Utc::now().date_naive();
    let line = json!({
        "show_id": show, "placement": "mid", "format": "host_read",
        "flight": {"start": (today + Days::new(1)).to_string(), "end": (today + Days::new(20)).to_string()},
        "pricing": {"type": "cpm", "cpm": 2500, "goal": 10000}
    });
    let body = json!({"advertiser_id": brand, "payment_terms": "net_30", "line_items": [line]});
    let (status, io) = service.call(Method::POST, "/api/v1/io", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{io:?}");
    let after = io["consistency_token"].as_str().unwrap().to_string();
    let io = io["id"].as_str().unwrap().to_string();

    // Each request once while up: it works, and the credentials are now cached.
    for (name, expected, request) in requests(&service, show, &io, &after) {
        let (status, body) = service.send(request).await;
        assert_eq!(
            status, expected,
            "{name} while the database is up: {body:?}"
        );
    }

    std::thread::spawn(move || cluster.stop().unwrap())
        .join()
        .unwrap();
    let mut wrong = Vec::new();
    for (name, _, request) in requests(&service, show, &io, &after) {
        match tokio::time::timeout(ANSWER_BOUND, service.send(request)).await {
            Ok((StatusCode::SERVICE_UNAVAILABLE, body))
                if body["error"]["code"] == "database_unavailable" => {}
            Ok((status, body)) => wrong.push(format!("{name}: {status} {body}")),
            Err(_) => wrong.push(format!("{name}: no answer within {ANSWER_BOUND:?}")),
        }
    }
    assert!(
        wrong.is_empty(),
        "while the database is down, each should answer 503 database_unavailable: {wrong:#?}"
    );
    let (status, _) = service.call(Method::GET, "/readyz", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (status, _) = service.call(Method::GET, "/healthz", None).await;
    assert_eq!(status, StatusCode::OK, "the process is still up");

    // Back: each request succeeds again, without a restart.
    let cluster = start();
    for index in 0..requests(&service, show, &io, &after).len() {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (name, expected, request) =
                requests(&service, show, &io, &after).swap_remove(index);
            let (status, body) = service.send(request).await;
            if status == expected {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{name} after the database is back: {status} {body}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    workers.cancel();
    pool.close().await;
    std::thread::spawn(move || cluster.stop().unwrap())
        .join()
        .unwrap();
    let _ = std::fs::remove_dir_all(&options.data_dir);
}
