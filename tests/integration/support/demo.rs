//! The `demo` tenant as a first start seeds it, with projection workers running.

use cuepoint_api::http::state::AppState;
use cuepoint_api::won_deals::worker_projections;
use tokio_util::sync::CancellationToken;

use super::app::{serve_args, spawn_workers};
use super::TestDb;

/// A database whose only tenant is the seeded demo; the workers stop when it is dropped.
pub struct Demo {
    /// The database.
    pub db: TestDb,
    /// The application state the demo was seeded through.
    pub state: AppState,
    workers: CancellationToken,
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
        Demo { db, state, workers }
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        self.workers.cancel();
    }
}
