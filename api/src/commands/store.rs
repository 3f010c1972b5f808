//! The event store the command side uses: cqrs-es's snapshot store over postgres-es, with
//! the aggregate loaded in one round trip.
//!
//! cqrs-es loads an aggregate with two queries (the snapshot, then the events after it),
//! and postgres-es writes the snapshot's sequence into the SQL text of the second, so that
//! every load was a newly prepared statement. Here one prepared query returns the snapshot
//! and the events after it together.
//!
//! Committing writes through postgres-es's repository, but the snapshot is taken here:
//! cqrs-es's `EventSink` applies each event to the aggregate as the command writes it, and
//! cqrs-es 0.5's snapshot store then applies the command's events a second time before
//! serializing the snapshot (a snapshot of an IO would hold its new makegoods twice). The
//! context's aggregate already holds every event of the command, and postgres-es records a
//! snapshot as of the command's last event, so that aggregate is the snapshot.

use std::collections::HashMap;

use cqrs_es::persist::{
    EventStoreAggregateContext, PersistedEventRepository, PersistedEventStore, SerializedEvent,
};
use cqrs_es::{Aggregate, AggregateError, EventEnvelope, EventStore};
use postgres_es::PostgresEventRepository;
use serde_json::Value;
use sqlx::PgPool;

/// The store for aggregate `A`.
pub struct Store<A: Aggregate> {
    pool: PgPool,
    repo: PostgresEventRepository,
    snapshot_every: usize,
    inner: PersistedEventStore<PostgresEventRepository, A>,
}

impl<A: Aggregate> Store<A> {
    /// A store over `pool` that writes a snapshot every `snapshot_every` events.
    pub fn new(pool: PgPool, snapshot_every: usize) -> Self {
        let snapshot_every = snapshot_every.max(1);
        let repo = PostgresEventRepository::new(pool.clone());
        Store {
            repo: PostgresEventRepository::new(pool.clone()),
            inner: PersistedEventStore::new_snapshot_store(repo, snapshot_every),
            pool,
            snapshot_every,
        }
    }

    /// Whether `new_events` after `current_sequence` reach or cross the next multiple of
    /// `snapshot_every`.
    fn snapshot_due(&self, current_sequence: usize, new_events: usize) -> bool {
        new_events > 0 && new_events >= self.snapshot_every - current_sequence % self.snapshot_every
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
        let due = self.snapshot_due(context.current_sequence, events.len());
        let EventStoreAggregateContext {
            aggregate_id,
            aggregate,
            current_sequence,
            current_snapshot,
        } = context;
        let envelopes: Vec<EventEnvelope<A>> = (events.into_iter())
            .zip(current_sequence + 1..)
            .map(|(payload, sequence)| EventEnvelope {
                aggregate_id: aggregate_id.clone(),
                sequence,
                payload,
                metadata: metadata.clone(),
            })
            .collect();
        let serialized = (envelopes.iter())
            .map(SerializedEvent::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        let snapshot = if due {
            let number = current_snapshot.map_or(1, |n| n + 1);
            Some((aggregate_id, serde_json::to_value(&aggregate)?, number))
        } else {
            None
        };
        self.repo.persist::<A>(&serialized, snapshot).await?;
        Ok(envelopes)
    }
}
