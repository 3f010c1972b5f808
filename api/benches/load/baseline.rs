//! The plain-PostgreSQL baselines, from dedicated connections: single-row `INSERT`s in
//! autocommit, one row per statement and so one commit (one WAL flush) each; and
//! primary-key `SELECT`s of one row, the round trip a read route is compared with.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres};

use crate::config::Config;
use crate::measure::{closed_loop, Operation, Run};

/// A small JSON document, about the size of a command's patch.
const PAYLOAD: &str = r#"{"episodes_per_week": 3, "note": "plain insert baseline"}"#;

/// `clients` connections inserting rows one at a time for the configured window.
pub async fn inserts(
    connect: &PgConnectOptions,
    clients: usize,
    config: &Config,
) -> anyhow::Result<Run> {
    let pool = table_pool(connect, clients).await?;
    let start: i64 = sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM bench_plain")
        .fetch_one(&pool)
        .await?;
    let mut connections = Vec::with_capacity(clients);
    for _ in 0..clients {
        connections.push(pool.acquire().await?);
    }
    let next_id = Arc::new(AtomicI64::new(start + 1));
    let clients = (connections.into_iter())
        .map(|conn| Insert {
            conn,
            next_id: next_id.clone(),
        })
        .collect();
    let run = closed_loop(clients, config.window()).await;
    pool.close().await;
    run
}

/// A client inserting one row per operation.
struct Insert {
    conn: PoolConnection<Postgres>,
    next_id: Arc<AtomicI64>,
}

impl Operation for Insert {
    async fn run(&mut self) -> anyhow::Result<()> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        sqlx::query("INSERT INTO bench_plain (id, payload) VALUES ($1, $2::jsonb)")
            .bind(id)
            .bind(PAYLOAD)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }
}

/// Rows `selects` reads among (inserted first if the table has fewer).
const SELECT_ROWS: i64 = 10_000;

/// The read baseline: `clients` connections each reading one row of `bench_plain` by its
/// primary key per operation (a round trip to the server and an index lookup).
pub async fn selects(
    connect: &PgConnectOptions,
    clients: usize,
    config: &Config,
) -> anyhow::Result<Run> {
    let pool = table_pool(connect, clients).await?;
    sqlx::query(
        "INSERT INTO bench_plain (id, payload)
         SELECT n, $2::jsonb FROM generate_series(1, $1::int8) n ON CONFLICT DO NOTHING",
    )
    .bind(SELECT_ROWS)
    .bind(PAYLOAD)
    .execute(&pool)
    .await?;
    let mut connections = Vec::with_capacity(clients);
    for n in 0..clients {
        connections.push(Select {
            conn: pool.acquire().await?,
            next_id: i64::try_from(n)?,
        });
    }
    let run = closed_loop(connections, config.window()).await;
    pool.close().await;
    run
}

/// A client reading one row by primary key per operation.
struct Select {
    conn: PoolConnection<Postgres>,
    next_id: i64,
}

impl Operation for Select {
    async fn run(&mut self) -> anyhow::Result<()> {
        self.next_id = self.next_id % SELECT_ROWS + 1;
        let _payload: String =
            sqlx::query_scalar("SELECT payload::text FROM bench_plain WHERE id = $1")
                .bind(self.next_id)
                .fetch_one(&mut *self.conn)
                .await?;
        Ok(())
    }
}

/// A pool of `clients` connections, with `bench_plain` created if it is not there yet.
async fn table_pool(connect: &PgConnectOptions, clients: usize) -> anyhow::Result<PgPool> {
    let pool = PgPoolOptions::new()
        .max_connections(u32::try_from(clients)?)
        .connect_with(connect.clone())
        .await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS bench_plain (id bigint PRIMARY KEY, payload jsonb NOT NULL)",
    )
    .execute(&pool)
    .await?;
    Ok(pool)
}
