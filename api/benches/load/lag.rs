//! Projection lag: how long after a command's response the `catalog` projection's
//! checkpoint reaches the command's position.
//!
//! Clients hand over each response's consistency token with the instant it arrived; a
//! sampler looks up the position of the event the token names, reads the checkpoint about every millisecond on a connection of its own and
//! resolves every pending token at or below it. The lag of a token is the instant the
//! sampler saw the checkpoint pass it minus the instant of the response (so it includes
//! up to one sampling interval and one checkpoint query).

use std::time::{Duration, Instant};

use anyhow::bail;
use cuepoint_projections::consistency::EventRef;
use cuepoint_projections::Position;
use hdrhistogram::Histogram;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};
use tokio::sync::mpsc::{self, error::TryRecvError, UnboundedReceiver, UnboundedSender};
use tokio::task::JoinHandle;

use crate::measure::{histogram, Latency};

/// Where clients send `(consistency token, response instant)`.
pub type Pending = UnboundedSender<(EventRef, Instant)>;

/// The projection whose lag is measured.
const PROJECTION: &str = "catalog";

/// How often the checkpoint is read.
const INTERVAL: Duration = Duration::from_millis(1);

/// How long the sampler waits for the last tokens once the clients are done.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// A running sampler.
pub struct Sampler {
    sender: Pending,
    task: JoinHandle<anyhow::Result<Histogram<u64>>>,
}

impl Sampler {
    /// Connects and starts sampling.
    pub async fn start(connect: &PgConnectOptions) -> anyhow::Result<Sampler> {
        let conn = PgConnection::connect_with(connect).await?;
        let (sender, receiver) = mpsc::unbounded_channel();
        let task = tokio::spawn(sample(conn, receiver));
        Ok(Sampler { sender, task })
    }

    /// A sender for the clients.
    pub fn sender(&self) -> Pending {
        self.sender.clone()
    }

    /// Waits (once every sender is dropped) until every token is resolved; the lags.
    pub async fn finish(self) -> anyhow::Result<Latency> {
        drop(self.sender);
        let lags = self.task.await??;
        Ok(Latency::of(&lags))
    }
}

async fn sample(
    mut conn: PgConnection,
    mut receiver: UnboundedReceiver<(EventRef, Instant)>,
) -> anyhow::Result<Histogram<u64>> {
    let mut lags = histogram()?;
    let mut pending: Vec<(Position, Instant)> = Vec::new();
    let mut closed_at: Option<Instant> = None;
    loop {
        let mut arrived = Vec::new();
        loop {
            match receiver.try_recv() {
                Ok(token) => arrived.push(token),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    closed_at.get_or_insert_with(Instant::now);
                    break;
                }
            }
        }
        pending.extend(resolve(&mut conn, arrived).await?);
        if let Some(closed) = closed_at {
            if pending.is_empty() {
                return Ok(lags);
            }
            if closed.elapsed() > DRAIN_TIMEOUT {
                bail!(
                    "{} consistency tokens still not projected {} s after the load",
                    pending.len(),
                    DRAIN_TIMEOUT.as_secs()
                );
            }
        }
        if !pending.is_empty() {
            let checkpoint = checkpoint(&mut conn).await?;
            let seen = Instant::now();
            pending.retain(|(position, answered)| {
                if *position > checkpoint {
                    return true;
                }
                let micros = u64::try_from((seen - *answered).as_micros()).unwrap_or(u64::MAX);
                lags.saturating_record(micros.max(1));
                false
            });
        }
        tokio::time::sleep(INTERVAL).await;
    }
}

/// The log positions of the events the tokens name, in one query (tokens name events).
async fn resolve(
    conn: &mut PgConnection,
    tokens: Vec<(EventRef, Instant)>,
) -> anyhow::Result<Vec<(Position, Instant)>> {
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    let types: Vec<&str> = tokens
        .iter()
        .map(|(t, _)| t.aggregate_type.as_str())
        .collect();
    let streams: Vec<&str> = tokens.iter().map(|(t, _)| t.stream_id.as_str()).collect();
    let sequences: Vec<i64> = tokens.iter().map(|(t, _)| t.sequence).collect();
    let positions: Vec<(i32, i64, i64)> = sqlx::query_as(
        "SELECT (t.n - 1)::int4, e.tx_id::text::int8, e.global_position
           FROM UNNEST($1::text[], $2::text[], $3::int8[]) WITH ORDINALITY AS t(ty, st, sq, n)
           JOIN events e ON e.aggregate_type = t.ty AND e.aggregate_id = t.st AND e.sequence = t.sq",
    )
    .bind(&types)
    .bind(&streams)
    .bind(&sequences)
    .fetch_all(&mut *conn)
    .await?;
    if positions.len() != tokens.len() {
        bail!(
            "{} of {} consistency tokens name no event",
            tokens.len() - positions.len(),
            tokens.len()
        );
    }
    Ok(positions
        .into_iter()
        .map(|(index, tx_id, global_position)| {
            (
                Position {
                    tx_id,
                    global_position,
                },
                tokens[index as usize].1,
            )
        })
        .collect())
}

/// The projection's checkpoint ([`Position::START`] before its first batch).
async fn checkpoint(conn: &mut PgConnection) -> sqlx::Result<Position> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT tx_id::text::int8, global_position FROM projection_checkpoints
          WHERE projection = $1",
    )
    .bind(PROJECTION)
    .fetch_optional(conn)
    .await?;
    Ok(
        row.map_or(Position::START, |(tx_id, global_position)| Position {
            tx_id,
            global_position,
        }),
    )
}
