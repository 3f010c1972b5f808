//! Two worker processes against one database: each projection is owned by exactly one of
//! them, and killing the owner hands its projections to the other.

use std::time::{Duration, Instant};

use cuepoint_projections::registry;
use cuepoint_projections::status::status;
use sqlx::PgPool;

use crate::support::process::Cuepoint;
use crate::support::TestDb;

/// The pid of each projection's owner, once every projection has one.
async fn owners(pool: &PgPool) -> Vec<u32> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let statuses = status(pool, &registry::names()).await.unwrap();
        let owners: Vec<Option<u32>> = statuses
            .iter()
            .map(|s| {
                let owner = s.owner.as_deref()?;
                owner
                    .strip_prefix("cuepoint-worker:")?
                    .split(' ')
                    .next()?
                    .parse()
                    .ok()
            })
            .collect();
        if owners.iter().all(Option::is_some) {
            return owners.into_iter().flatten().collect();
        }
        assert!(
            Instant::now() < deadline,
            "projections left without an owner: {statuses:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn ownership_locks(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::int8::oid
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .bind(i64::from(cuepoint_projections::locks::OWNER_CLASS))
    .fetch_one(pool)
    .await
    .unwrap()
}

/// The projections a worker runs: every read model, and the won-deal process
/// (`cuepoint_api::won_deals`), which workers run as a projection too.
fn projections_run() -> i64 {
    registry::names().len() as i64 + 1
}

#[tokio::test]
async fn each_projection_has_one_owner_and_a_killed_owner_hands_over() {
    let db = TestDb::new().await;
    let url = db.url();
    let args = ["worker", "--takeover-interval-ms", "200"];
    let mut first = Cuepoint::start(&url, &args);
    let mut second = Cuepoint::start(&url, &args);
    let pids = [first.pid(), second.pid()];

    let before = owners(&db.pool).await;
    tokio::time::sleep(Duration::from_millis(600)).await; // several take-over attempts
    assert_eq!(owners(&db.pool).await, before, "ownership is stable");
    assert_eq!(
        ownership_locks(&db.pool).await,
        projections_run(),
        "one owner per projection"
    );
    assert!(before.iter().all(|pid| pids.contains(pid)));

    let owner = before[0];
    let survivor = if owner == pids[0] {
        first.kill();
        pids[1]
    } else {
        second.kill();
        pids[0]
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = owners(&db.pool).await;
        if now.iter().all(|pid| *pid == survivor) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the survivor did not take over: {now:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(ownership_locks(&db.pool).await, projections_run());
}
