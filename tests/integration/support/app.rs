//! The application around a test database: the real router, driven with `oneshot`, and
//! projection workers running in the test's runtime.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use cuepoint_api::config::{
    AutomationArgs, CommandArgs, FeatureArgs, ImportArgs, ServeArgs, WorkerArgs,
};
use cuepoint_api::db::MIGRATOR;
use cuepoint_api::http::state::AppState;
use cuepoint_api::tenancy::{create_tenant, create_token, issue_token, Grant, Tenant};
use cuepoint_api::won_deals::worker_projections;
use cuepoint_domain::tenancy::Role;
use cuepoint_projections::worker::{self, WorkerOptions};
use cuepoint_projections::{registry, Projection};
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use super::TestDb;

/// A running application on its own database, with one tenant and an admin token.
pub struct TestApp {
    /// The database.
    pub db: TestDb,
    /// The state the router was built with.
    pub state: AppState,
    /// The router.
    pub router: Router,
    /// The tenant `acme`.
    pub tenant: Tenant,
    /// An admin token of `acme`.
    pub admin: String,
    workers: Option<CancellationToken>,
}

/// Serve settings for tests: X-Tenant only, short waits.
pub fn serve_args() -> ServeArgs {
    ServeArgs {
        listen: "127.0.0.1:0".parse().unwrap(),
        base_domain: Some("cuepoint.test".to_string()),
        no_workers: false,
        no_demo: true,
        consistency_timeout_ms: 5000,
        body_limit: 64 * 1024,
        auth_cache_seconds: 30,
        commands: CommandArgs {
            conflict_retries: 3,
            snapshot_every: 5,
            aggregate_cache: 4096,
        },
        workers: fast_workers(),
        imports: ImportArgs::default(),
        features: FeatureArgs::default(),
        automation: AutomationArgs::default(),
    }
}

/// Workers that react quickly, for tests.
pub fn fast_workers() -> WorkerArgs {
    WorkerArgs {
        batch_size: 100,
        poll_interval_ms: 50,
        takeover_interval_ms: 200,
        ..WorkerArgs::default()
    }
}

impl TestApp {
    /// An application with projection workers running.
    pub async fn spawn() -> TestApp {
        let mut app = Self::without_workers().await;
        app.start_workers();
        app
    }

    /// An application without workers (read models stay as they are).
    pub async fn without_workers() -> TestApp {
        Self::with_args(serve_args()).await
    }

    /// An application with these serve settings.
    pub async fn with_args(args: ServeArgs) -> TestApp {
        let db = TestDb::new().await;
        assert!(MIGRATOR.iter().count() > 0);
        let state = cuepoint_api::serve::state(db.pool.clone(), &args);
        let router = cuepoint_api::http::app(state.clone());
        let (tenant, admin) = tenant_with_admin(&db, "acme").await;
        TestApp {
            db,
            state,
            router,
            tenant,
            admin,
            workers: None,
        }
    }

    /// An application whose workers run the read models only, without the won-deal
    /// process (which links a won deal's IO on the clock's day): for tests that place every
    /// day of a deal by hand.
    pub async fn with_read_models() -> TestApp {
        let mut app = Self::without_workers().await;
        app.run_workers(registry::all());
        app
    }

    /// Starts projection workers in this runtime; they stop when the app is dropped.
    pub fn start_workers(&mut self) {
        self.run_workers(worker_projections(self.state.commands.clone()));
    }

    /// Runs `projections` in this runtime until the app is dropped.
    pub fn run_workers(&mut self, projections: Vec<Arc<dyn Projection>>) {
        self.workers = Some(spawn_workers(&self.db, projections, "test-worker"));
    }

    /// A token of this app's tenant.
    pub async fn token(
        &self,
        role: Role,
        show_ids: &[&str],
        advertiser_id: Option<&str>,
    ) -> String {
        let grant = Grant {
            role,
            show_ids: show_ids.iter().map(|s| s.to_string()).collect(),
            advertiser_id: advertiser_id.map(str::to_string),
        };
        // A fixture: the grant's shows need not exist (the grant rules have tests of their own).
        issue_token(&self.db.pool, &self.tenant, "test", &grant)
            .await
            .unwrap()
            .token
    }

    /// Sends a request as `token` to tenant `acme`.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Reply {
        self.send(request(
            method,
            path,
            Some(&self.tenant.slug),
            Some(token),
            body,
        ))
        .await
    }

    /// Sends any request through the router.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        send_to(&self.router, request).await
    }

    /// `GET path` as admin, after `token` (a consistency token).
    pub async fn get_after(&self, path: &str, token: &str) -> Reply {
        let sep = if path.contains('?') { '&' } else { '?' };
        self.call(
            Method::GET,
            &format!("{path}{sep}after={token}"),
            &self.admin.clone(),
            None,
        )
        .await
    }

    /// Waits until every projection has read every committed event.
    pub async fn caught_up(&self) {
        let names = registry::names();
        for _ in 0..500 {
            let statuses = cuepoint_projections::status::status(&self.db.pool, &names)
                .await
                .unwrap();
            if statuses.iter().all(|s| s.events_behind == 0)
                && statuses.iter().all(|s| s.updated_at.is_some())
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("projections did not catch up");
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(workers) = &self.workers {
            workers.cancel();
        }
    }
}

/// Runs `projections` on `db` in this runtime, as worker `name`, until the token answered
/// is cancelled.
pub fn spawn_workers(
    db: &TestDb,
    projections: Vec<Arc<dyn Projection>>,
    name: &str,
) -> CancellationToken {
    let shutdown = CancellationToken::new();
    let args = fast_workers();
    let options = WorkerOptions {
        connect: db.options(),
        batch_size: args.batch_size,
        poll_interval: args.poll_interval(),
        takeover_interval: args.takeover_interval(),
        batch_interval: args.batch_interval(),
        worker_name: name.to_string(),
    };
    tokio::spawn(worker::run(options, projections, shutdown.clone()));
    shutdown
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    /// Its status.
    pub status: StatusCode,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its JSON body (`Null` if not JSON).
    pub body: Value,
}

impl Reply {
    /// The error code of an error response.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }
}

/// Sends `request` through `router` and reads the whole answer.
pub async fn send_to(router: &Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
    }
}

/// Builds a request; `tenant` goes in `X-Tenant`.
pub fn request(
    method: Method,
    path: &str,
    tenant: Option<&str>,
    token: Option<&str>,
    body: Option<Value>,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(tenant) = tenant {
        builder = builder.header("x-tenant", tenant);
    }
    if let Some(token) = token {
        builder = builder.header("authorization", format!("Bearer {token}"));
    }
    match body {
        Some(body) => builder
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}

/// Creates a tenant with an admin token.
pub async fn tenant_with_admin(db: &TestDb, slug: &str) -> (Tenant, String) {
    let tenant = create_tenant(
        &db.pool,
        &slug.parse().unwrap(),
        slug,
        &"USD".parse().unwrap(),
    )
    .await
    .unwrap();
    (tenant, admin_token(&db.pool, slug).await)
}

/// A new admin token of the tenant `slug`.
pub async fn admin_token(pool: &sqlx::PgPool, slug: &str) -> String {
    let grant = Grant {
        role: Role::Admin,
        show_ids: Vec::new(),
        advertiser_id: None,
    };
    create_token(pool, slug, "admin", &grant)
        .await
        .unwrap()
        .token
}
