//! The scheduler in real `cuepoint worker` processes: with every job scheduled every
//! minute and a clock 60 times faster than real time, two processes over several slots run
//! each (job, tenant, slot) exactly once, also when one is killed mid-way; a slot missed
//! while every process was down runs once at the next start.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use cuepoint_domain::automation::Job;
use sqlx::PgPool;

use crate::support::app::tenant_with_admin;
use crate::support::process::Cuepoint;
use crate::support::TestApp;

/// `worker` arguments: the test clock at `origin` now, `speed` times real time, every job
/// on `schedule`, runs failed after 1 s without a heartbeat.
fn worker_args(origin: &str, speed: u32, schedule: Option<&str>) -> Vec<String> {
    let mut args: Vec<String> = [
        "worker",
        "--test-clock-origin",
        origin,
        "--test-clock-real-start",
        &Utc::now().to_rfc3339(),
        "--test-clock-speed",
        &speed.to_string(),
        "--scheduler-tick-ms",
        "50",
        "--job-timeout-seconds",
        "1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(schedule) = schedule {
        for job in Job::ALL {
            args.push(format!("--schedule-{job}"));
            args.push(schedule.to_string());
        }
    }
    args
}

fn start(url: &str, args: &[String]) -> Cuepoint {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Cuepoint::start(url, &args)
}

/// Scheduled runs as (job, tenant, slot, finished).
async fn scheduled(pool: &PgPool) -> Vec<(String, String, DateTime<Utc>, bool)> {
    sqlx::query_as(
        "SELECT job, tenant_id, scheduled_for, finished_at IS NOT NULL FROM job_runs
          WHERE trigger = 'schedule' ORDER BY job, tenant_id, scheduled_for",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Waits until `done` holds of the scheduled runs.
async fn until(
    pool: &PgPool,
    what: &str,
    done: impl Fn(&[(String, String, DateTime<Utc>, bool)]) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let runs = scheduled(pool).await;
        if done(&runs) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: {runs:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn two_workers_run_every_slot_exactly_once_even_when_one_is_killed() {
    let app = TestApp::without_workers().await;
    tenant_with_admin(&app.db, "beta").await;
    let (url, pool) = (app.db.url(), app.db.pool.clone());
    // 00:00:30 at start: the 00:00 slot is caught up, then one slot a real second.
    let args = worker_args("2026-03-01T00:00:30Z", 60, Some("* * * * *"));
    let mut first = start(&url, &args);
    let mut second = start(&url, &args);
    let slots = |n: usize| move |runs: &[(String, String, DateTime<Utc>, bool)]| runs.len() >= n;
    // 5 jobs x 2 tenants per slot: at least 4 slots with both processes.
    until(&pool, "four slots", slots(40)).await;
    first.kill();
    let after_kill = scheduled(&pool).await.len();
    until(&pool, "three more slots", slots(after_kill + 30)).await;
    second.kill();
    // The runs a killed process left running are failed by... no process now: start one
    // that only sweeps (its schedule fires in a year) and wait for them to be failed.
    let mut sweeper = start(
        &url,
        &worker_args("2026-03-01T00:00:30Z", 1, Some("0 0 1 1 *")),
    );
    until(&pool, "every run finished", |runs| runs.iter().all(|r| r.3)).await;
    sweeper.kill();

    let runs = scheduled(&pool).await;
    let mut tenants: Vec<&String> = runs.iter().map(|r| &r.1).collect();
    tenants.sort();
    tenants.dedup();
    assert_eq!(tenants.len(), 2, "both tenants");
    for job in Job::ALL {
        for tenant in &tenants {
            let slots: Vec<DateTime<Utc>> = (runs.iter())
                .filter(|r| r.0 == job.as_str() && &&r.1 == tenant)
                .map(|r| r.2)
                .collect();
            assert!(slots.len() >= 7, "{job} {tenant}: {slots:?}");
            // Every minute from 00:00 on, each once: no slot skipped, none twice.
            for (n, slot) in slots.iter().enumerate() {
                let expected: DateTime<Utc> = "2026-03-01T00:00:00Z".parse().unwrap();
                assert_eq!(
                    *slot,
                    expected + chrono::Duration::minutes(n as i64),
                    "{job} {tenant}"
                );
            }
        }
    }
    let as_of: Vec<String> = sqlx::query_scalar("SELECT DISTINCT as_of::text FROM job_runs")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(as_of, ["2026-02-28"], "the day before each slot");
}

#[tokio::test]
async fn a_slot_missed_while_every_process_was_down_runs_once_at_the_next_start() {
    let app = TestApp::without_workers().await;
    let (url, pool) = (app.db.url(), app.db.pool.clone());
    // Started at 02:00:30, 30 s after the 02:00 slot of refresh-metrics-daily (default
    // schedule): within the catch-up window, so it runs, as does each other job's latest
    // slot of the last 24 hours; then nothing is due before 02:30.
    let finished = |n: usize| {
        move |runs: &[(String, String, DateTime<Utc>, bool)]| {
            runs.iter().filter(|r| r.3).count() == n
        }
    };
    let mut worker = start(&url, &worker_args("2026-03-01T02:00:30Z", 1, None));
    until(&pool, "acme caught up", finished(Job::ALL.len())).await;
    worker.kill();
    // A second start at the same time: acme's slots are claimed already; a tenant created
    // meanwhile gets its own (so the test knows the second process has been through them).
    tenant_with_admin(&app.db, "beta").await;
    let mut worker = start(&url, &worker_args("2026-03-01T02:00:30Z", 1, None));
    until(&pool, "beta caught up", finished(2 * Job::ALL.len())).await;
    worker.kill();

    let runs = scheduled(&pool).await;
    assert_eq!(
        runs.len(),
        2 * Job::ALL.len(),
        "once per job and tenant: {runs:?}"
    );
    let slot: DateTime<Utc> = "2026-03-01T02:00:00Z".parse().unwrap();
    let refresh: Vec<_> = (runs.iter())
        .filter(|r| r.0 == "refresh-metrics-daily")
        .map(|r| r.2)
        .collect();
    assert_eq!(refresh, [slot, slot]);
}
