//! Commit order: many concurrent writers, some holding their transactions open and
//! committing out of position order; a projection that records what it sees must see every
//! event exactly once, in an order consistent with commit order.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use cuepoint_projections::worker::{self, WorkerOptions};
use cuepoint_projections::{Projection, RecordedEvent};
use rand::Rng;
use sqlx::{Connection, PgConnection, PgPool};
use tokio_util::sync::CancellationToken;

use crate::support::TestDb;

/// Records every event it is given, in the order given.
struct SeenLog;

#[async_trait]
impl Projection for SeenLog {
    fn name(&self) -> &'static str {
        "seen_log"
    }
    fn aggregate_types(&self) -> &'static [&'static str] {
        &["probe"]
    }
    fn tables(&self) -> &'static [&'static str] {
        &["seen"]
    }
    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()> {
        let streams: Vec<&str> = events.iter().map(|e| e.aggregate_id.as_str()).collect();
        let sequences: Vec<i64> = events.iter().map(|e| e.sequence).collect();
        sqlx::query(
            "INSERT INTO seen (stream, sequence) SELECT * FROM UNNEST($1::text[], $2::int8[])",
        )
        .bind(&streams)
        .bind(&sequences)
        .execute(conn)
        .await?;
        Ok(())
    }
}

/// One writer transaction: when it began writing and when its commit returned.
struct Written {
    stream: String,
    sequences: Vec<i64>,
    began: Instant,
    committed: Instant,
}

async fn write(pool: PgPool, writer: usize, round: usize, txs: usize) -> Vec<Written> {
    let mut conn = pool.acquire().await.unwrap();
    let mut out = Vec::new();
    for t in 0..txs {
        let stream = format!("w{writer}-r{round}-t{t}");
        let events = rand::rng().random_range(1..=3);
        let hold = Duration::from_millis(rand::rng().random_range(0..15));
        let mut tx = conn.begin().await.unwrap();
        let began = Instant::now();
        for sequence in 1..=events {
            sqlx::query(
                "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
                 VALUES ('probe', $1, $2, 'Probed', '1', '{}', '{\"tenant_id\": \"t\"}')",
            )
            .bind(&stream)
            .bind(sequence)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        // Holding the transaction open lets later-numbered events commit first.
        tokio::time::sleep(hold).await;
        tx.commit().await.unwrap();
        out.push(Written {
            stream,
            sequences: (1..=events).collect(),
            began,
            committed: Instant::now(),
        });
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_event_is_seen_exactly_once_in_commit_order_across_20_rounds() {
    let db = TestDb::new().await;
    sqlx::raw_sql("CREATE TABLE seen (n bigserial PRIMARY KEY, stream text NOT NULL, sequence bigint NOT NULL)")
        .execute(&db.pool)
        .await
        .unwrap();
    let shutdown = CancellationToken::new();
    let options = WorkerOptions {
        connect: db.options(),
        batch_size: 7,
        poll_interval: Duration::from_millis(20),
        takeover_interval: Duration::from_millis(100),
        batch_interval: Duration::from_millis(5),
        worker_name: "ordering-test".to_string(),
    };
    let worker = tokio::spawn(worker::run(
        options,
        vec![Arc::new(SeenLog)],
        shutdown.clone(),
    ));

    let mut all = Vec::new();
    for round in 0..20 {
        let writers: Vec<_> = (0..8)
            .map(|w| tokio::spawn(write(db.pool.clone(), w, round, 5)))
            .collect();
        for writer in writers {
            all.extend(writer.await.unwrap());
        }
    }
    let total: i64 = all.iter().map(|w| w.sequences.len() as i64).sum();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM seen")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        if seen >= total || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    shutdown.cancel();
    worker.await.unwrap().unwrap();

    let seen: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT n, stream, sequence FROM seen ORDER BY n")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        seen.len() as i64,
        total,
        "every event seen exactly once (no loss, no duplicate)"
    );
    let index: std::collections::HashMap<(String, i64), usize> = seen
        .iter()
        .enumerate()
        .map(|(i, (_, s, q))| ((s.clone(), *q), i))
        .collect();
    assert_eq!(index.len() as i64, total, "no event seen twice");

    // Commit order: a transaction whose commit returned before another began writing must
    // be seen before it; events of one transaction in their sequence order.
    let first_seen = |w: &Written| index[&(w.stream.clone(), w.sequences[0])];
    let last_seen = |w: &Written| index[&(w.stream.clone(), *w.sequences.last().unwrap())];
    for w in &all {
        let positions: Vec<usize> = w
            .sequences
            .iter()
            .map(|q| index[&(w.stream.clone(), *q)])
            .collect();
        assert!(
            positions.windows(2).all(|p| p[0] < p[1]),
            "{} out of sequence",
            w.stream
        );
    }
    let mut by_commit: Vec<&Written> = all.iter().collect();
    by_commit.sort_by_key(|w| w.committed);
    let mut violations = 0;
    for (i, a) in by_commit.iter().enumerate() {
        for b in &by_commit[i + 1..] {
            if a.committed < b.began && last_seen(a) > first_seen(b) {
                violations += 1;
            }
        }
    }
    assert_eq!(
        violations, 0,
        "transactions seen against their commit order"
    );
}
