//! The commit baseline: plain single-row `INSERT`s in autocommit, one row per statement
//! and so one commit (one WAL flush) each, from dedicated connections.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::Postgres;

use crate::config::Config;
use crate::measure::{Run, Tally, Window};

/// A small JSON document, about the size of a command's patch.
const PAYLOAD: &str = r#"{"episodes_per_week": 3, "note": "plain insert baseline"}"#;

/// `clients` connections inserting rows one at a time for the configured window.
pub async fn inserts(
    connect: &PgConnectOptions,
    clients: usize,
    config: &Config,
) -> anyhow::Result<Run> {
    let pool = PgPoolOptions::new()
        .max_connections(u32::try_from(clients)?)
        .connect_with(connect.clone())
        .await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS bench_plain (id bigint PRIMARY KEY, payload jsonb NOT NULL)",
    )
    .execute(&pool)
    .await?;
    let start: i64 = sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM bench_plain")
        .fetch_one(&pool)
        .await?;
    let next_id = Arc::new(AtomicI64::new(start + 1));
    let mut connections = Vec::with_capacity(clients);
    for _ in 0..clients {
        connections.push(pool.acquire().await?);
    }
    let window = Window::starting_now(config.warmup, config.measure);
    let tasks: Vec<_> = connections
        .into_iter()
        .map(|conn| tokio::spawn(insert_loop(conn, next_id.clone(), window)))
        .collect();
    let mut tallies = Vec::with_capacity(clients);
    for task in tasks {
        tallies.push(task.await.context("an insert client panicked")??);
    }
    pool.close().await;
    Run::merge(clients, &window, tallies)
}

async fn insert_loop(
    mut conn: PoolConnection<Postgres>,
    next_id: Arc<AtomicI64>,
    window: Window,
) -> anyhow::Result<Tally> {
    let mut tally = Tally::new()?;
    while !window.is_over() {
        let id = next_id.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        let inserted = sqlx::query("INSERT INTO bench_plain (id, payload) VALUES ($1, $2::jsonb)")
            .bind(id)
            .bind(PAYLOAD)
            .execute(&mut *conn)
            .await;
        match inserted {
            Ok(_) => {
                tally.record(&window, started);
            }
            Err(error) => tally.fail(error),
        }
    }
    Ok(tally)
}
