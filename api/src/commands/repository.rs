//! The event repository: postgres-es's, with one query replaced.
//!
//! postgres-es builds the "events after the snapshot" query with the snapshot's sequence
//! written into the SQL text, so every load is a different statement: sqlx prepares it
//! afresh (an extra round trip) and churns its statement cache. Here that query takes the
//! sequence as a parameter; everything else is postgres-es's.

use cqrs_es::persist::{
    PersistedEventRepository, PersistenceError, ReplayStream, SerializedEvent, SerializedSnapshot,
};
use cqrs_es::Aggregate;
use postgres_es::PostgresEventRepository;
use serde_json::Value;
use sqlx::PgPool;

/// postgres-es's repository with a prepared "events after the snapshot" query.
pub struct EventRepository {
    pool: PgPool,
    inner: PostgresEventRepository,
}

impl EventRepository {
    /// The repository over the `events` and `snapshots` tables of `pool`.
    pub fn new(pool: PgPool) -> Self {
        EventRepository {
            inner: PostgresEventRepository::new(pool.clone()),
            pool,
        }
    }
}

impl PersistedEventRepository for EventRepository {
    async fn get_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        self.inner.get_events::<A>(aggregate_id).await
    }

    async fn get_last_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
        last_sequence: usize,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        let rows: Vec<(String, String, i64, String, String, Value, Value)> = sqlx::query_as(
            "SELECT aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata
               FROM events
              WHERE aggregate_type = $1 AND aggregate_id = $2 AND sequence > $3
              ORDER BY sequence",
        )
        .bind(A::TYPE)
        .bind(aggregate_id)
        .bind(last_sequence as i64)
        .fetch_all(&self.pool)
        .await
        .map_err(|error| match error {
            sqlx::Error::Io(_) | sqlx::Error::Tls(_) => PersistenceError::ConnectionError(error.into()),
            other => PersistenceError::UnknownError(other.into()),
        })?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    aggregate_type,
                    aggregate_id,
                    sequence,
                    event_type,
                    event_version,
                    payload,
                    metadata,
                )| {
                    SerializedEvent::new(
                        aggregate_id,
                        sequence as usize,
                        aggregate_type,
                        event_type,
                        event_version,
                        payload,
                        metadata,
                    )
                },
            )
            .collect())
    }

    async fn get_snapshot<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<Option<SerializedSnapshot>, PersistenceError> {
        self.inner.get_snapshot::<A>(aggregate_id).await
    }

    async fn persist<A: Aggregate>(
        &self,
        events: &[SerializedEvent],
        snapshot_update: Option<(String, Value, usize)>,
    ) -> Result<(), PersistenceError> {
        self.inner.persist::<A>(events, snapshot_update).await
    }

    async fn stream_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<ReplayStream, PersistenceError> {
        self.inner.stream_events::<A>(aggregate_id).await
    }

    async fn stream_all_events<A: Aggregate>(&self) -> Result<ReplayStream, PersistenceError> {
        self.inner.stream_all_events::<A>().await
    }
}
