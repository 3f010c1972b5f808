//! The `demo` tenant as a first start seeds it, with projection workers running.

use axum::http::Method;
use axum::Router;
use cuepoint_api::http::state::AppState;
use cuepoint_api::won_deals::worker_projections;
use tokio_util::sync::CancellationToken;

use super::app::{admin_token, request, send_to, serve_args, spawn_workers, Reply};
use super::TestDb;

/// A database whose only tenant is the seeded demo; the workers stop when it is dropped.
pub struct Demo {
    /// The database.
    pub db: TestDb,
    /// The application state the demo was seeded through.
    pub state: AppState,
    workers: CancellationToken,
    router: Router,
    admin: String,
}

impl Demo {
    /// Seeds the demo on a new database, as `cuepoint serve` does on its first start. The
    /// demo's IOs, deals and metrics follow in the background.
    pub async fn seeded() -> Demo {
        let db = TestDb::new().await;
        let state = cuepoint_api::serve::state(db.pool.clone(), &serve_args());
        let projections = worker_projections(state.commands.clone());
        let workers = spawn_workers(&db, projections, "demo-test");
        cuepoint_api::demo::seed_on_first_start(&state, "http://localhost:8080")
            .await
            .unwrap();
        let admin = admin_token(&db.pool, "demo").await;
        let router = cuepoint_api::http::app(state.clone());
        Demo {
            db,
            state,
            workers,
            router,
            admin,
        }
    }

    /// `GET path` on the demo tenant as an admin, through the real router.
    pub async fn get(&self, path: &str) -> Reply {
        let request = request(Method::GET, path, Some("demo"), Some(&self.admin), None);
        send_to(&self.router, request).await
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        self.workers.cancel();
    }
}
