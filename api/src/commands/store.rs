//! The event store the command side uses: cqrs-es's snapshot store over postgres-es, with
//! the aggregate loaded in one round trip.
//!
//! cqrs-es loads an aggregate with two queries (the snapshot, then the events after it),
//! and postgres-es writes the snapshot's sequence into the SQL text of the second, so that
//! every load was a newly prepared statement. Here one prepared query returns the snapshot
//! and the events after it together; committing is cqrs-es's and postgres-es's own.

use std::collections::HashMap;

use cqrs_es::persist::{EventStoreAggregateContext, PersistedEventStore};
use cqrs_es::{Aggregate, AggregateError, EventEnvelope, EventStore};
use postgres_es::PostgresEventRepository;
use serde_json::Value;
use sqlx::PgPool;

/// The store for aggregate `A`.
pub struct Store<A: Aggregate> {
    pool: PgPool,
    inner: PersistedEventStore<PostgresEventRepository, A>,
}

impl<A: Aggregate> Store<A> {
    /// A store over `pool` that writes a snapshot every `snapshot_every` events.
    pub fn new(pool: PgPool, snapshot_every: usize) -> Self {
        let repo = PostgresEventRepository::new(pool.clone());
        Store {
            pool,
            inner: PersistedEventStore::new_snapshot_store(repo, snapshot_every),
        }
    }
}

/// The load's one row: the snapshot, if any, and the later events as `[[sequence, payload], …]`.
type LoadRow = (Option<i64>, Option<i64>, Option<Value>, Option<Value>);

impl<A: Aggregate> EventStore<A> for Store<A> {
    type AC = EventStoreAggregateContext<A>;

    async fn load_events(
        &self,
        aggregate_id: &str,
    ) -> Result<Vec<EventEnvelope<A>>, AggregateError<A::Error>> {
        self.inner.load_events(aggregate_id).await
    }

    async fn load_aggregate(
        &self,
        aggregate_id: &str,
    ) -> Result<Self::AC, AggregateError<A::Error>> {
        let (last_sequence, current_snapshot, snapshot, events): LoadRow = sqlx::query_as(
            "SELECT s.last_sequence, s.current_snapshot, s.payload,
                    (SELECT json_agg(json_build_array(e.sequence, e.payload) ORDER BY e.sequence)
                       FROM events e
                      WHERE e.aggregate_type = $1 AND e.aggregate_id = $2
                        AND e.sequence > COALESCE(s.last_sequence, 0))
               FROM (SELECT 1) AS one
               LEFT JOIN snapshots s ON s.aggregate_type = $1 AND s.aggregate_id = $2",
        )
        .bind(A::TYPE)
        .bind(aggregate_id)
        .fetch_one(&self.pool)
        .await
        .map_err(|error| AggregateError::UnexpectedError(error.into()))?;
        let aggregate = match snapshot.map(serde_json::from_value::<A>) {
            Some(Ok(aggregate)) => aggregate,
            None => A::default(),
            // A snapshot of an older shape of the aggregate: replay every event instead.
            Some(Err(_)) => return self.inner.load_aggregate(aggregate_id).await,
        };
        let mut context = EventStoreAggregateContext {
            aggregate_id: aggregate_id.to_string(),
            aggregate,
            current_sequence: last_sequence.unwrap_or(0) as usize,
            current_snapshot: current_snapshot.map(|n| n as usize),
        };
        let events: Vec<(usize, A::Event)> = match events {
            Some(events) => serde_json::from_value(events)
                .map_err(|error| AggregateError::DeserializationError(error.into()))?,
            None => Vec::new(),
        };
        for (sequence, event) in events {
            context.aggregate.apply(event);
            context.current_sequence = sequence;
        }
        Ok(context)
    }

    async fn commit(
        &self,
        events: Vec<A::Event>,
        context: Self::AC,
        metadata: HashMap<String, String>,
    ) -> Result<Vec<EventEnvelope<A>>, AggregateError<A::Error>> {
        self.inner.commit(events, context, metadata).await
    }
}
