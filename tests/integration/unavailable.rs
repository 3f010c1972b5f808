//! 503 while the database is down, and recovery without a restart once it is back.

use axum::http::{Method, StatusCode};
use cuepoint_api::embedded_pg::{ClusterOptions, PrivateCluster, Tuning};
use sqlx::postgres::PgPoolOptions;

use crate::catalog::show_body;
use crate::support::app::{request, serve_args};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_are_503_while_the_database_is_down_and_succeed_again_after() {
    // A cluster of its own, since this test stops it.
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
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(std::time::Duration::from_secs(1))
        .connect_lazy_with(connect);
    cuepoint_api::db::migrate(&pool).await.unwrap();
    let (tenant, admin) = {
        let tenant = cuepoint_api::tenancy::create_tenant(
            &pool,
            &"acme".parse().unwrap(),
            "Acme",
            &"USD".parse().unwrap(),
        )
        .await
        .unwrap();
        let grant = cuepoint_api::tenancy::Grant {
            role: cuepoint_domain::tenancy::Role::Admin,
            show_ids: vec![],
            advertiser_id: None,
        };
        let token = cuepoint_api::tenancy::create_token(&pool, "acme", "t", &grant)
            .await
            .unwrap();
        (tenant, token.token)
    };
    let state = cuepoint_api::serve::state(pool.clone(), &serve_args());
    let app = cuepoint_api::http::app(state);
    let call = |method: Method, path: &str, body| {
        let app = app.clone();
        let request = request(method, path, Some(&tenant.slug), Some(&admin), body);
        async move {
            use tower::ServiceExt;
            let response = app.oneshot(request).await.unwrap();
            let status = response.status();
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap();
            (
                status,
                serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_default(),
            )
        }
    };
    assert_eq!(call(Method::GET, "/readyz", None).await.0, StatusCode::OK);

    std::thread::spawn(move || cluster.stop().unwrap())
        .join()
        .unwrap();
    let (status, body) = call(Method::GET, "/api/v1/shows", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["error"]["code"], "database_unavailable");
    let (status, body) = call(Method::POST, "/api/v1/shows", Some(show_body("Down"))).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body:?}");
    assert_eq!(
        call(Method::GET, "/readyz", None).await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        call(Method::GET, "/healthz", None).await.0,
        StatusCode::OK,
        "the process is still up"
    );

    let cluster = start();
    let mut recovered = false;
    for _ in 0..50 {
        if call(Method::GET, "/api/v1/shows", None).await.0 == StatusCode::OK {
            recovered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(recovered, "the service recovers once the database is back");
    let (status, _) = call(Method::POST, "/api/v1/shows", Some(show_body("Back"))).await;
    assert_eq!(status, StatusCode::CREATED);
    pool.close().await;
    std::thread::spawn(move || cluster.stop().unwrap())
        .join()
        .unwrap();
    let _ = std::fs::remove_dir_all(&options.data_dir);
}
