//! The event store of the command side, over postgres-es's `events` and `snapshots` tables:
//! an aggregate loads in one round trip and a command's events commit in one statement.
//!
//! Loading: one prepared query returns the snapshot, if any, and the events after it
//! (cqrs-es's snapshot store took two queries, and postgres-es wrote the snapshot's sequence
//! into the SQL text, so that every load was a newly prepared statement).
//!
//! Committing: one `INSERT … SELECT FROM UNNEST(…)` of all the command's events, in
//! autocommit, so one round trip instead of `BEGIN`, an `INSERT` per event and `COMMIT`. When
//! a snapshot is due, the same statement upserts it (a data-modifying `WITH`): still one
//! round trip, and the snapshot commits with the events or not at all. A concurrent write to
//! the aggregate fails the statement on the primary key `(aggregate_type, aggregate_id,
//! sequence)`, and nothing of it is written. The statement does not notify the workers
//! (a `NOTIFY` serializes commits); the bus wakes them after the commit (`wakeup.rs`).

use std::marker::PhantomData;

use cqrs_es::{Aggregate, AggregateError, DomainEvent};
use serde_json::Value;
use sqlx::PgPool;

use super::cache::Versioned;

/// The aggregate's snapshot, if any, and the events after it (or every event, when the
/// third parameter is false), as `[[sequence, payload], …]`.
const LOAD: &str = "
    SELECT s.last_sequence, s.current_snapshot, s.payload,
           (SELECT json_agg(json_build_array(e.sequence, e.payload) ORDER BY e.sequence)
              FROM events e
             WHERE e.aggregate_type = $1 AND e.aggregate_id = $2
               AND e.sequence > COALESCE(s.last_sequence, 0))
      FROM (SELECT 1) AS one
      LEFT JOIN snapshots s ON s.aggregate_type = $1 AND s.aggregate_id = $2 AND $3";

/// The command's events, numbered from `$3` on; they share the metadata `$7`. The events
/// trigger does not notify for this transaction (`cuepoint.notify`): the bus wakes the
/// workers after the commit (`wakeup.rs`).
const APPEND: &str = "
    WITH quiet AS MATERIALIZED (SELECT set_config('cuepoint.notify', 'off', true))
    INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                        payload, metadata)
    SELECT $1, $2, $3 + e.n - 1, e.event_type, e.event_version, e.payload::json, $7::json
      FROM quiet, UNNEST($4::text[], $5::text[], $6::text[])
           WITH ORDINALITY AS e(event_type, event_version, payload, n)";

/// [`APPEND`] with the aggregate's snapshot as of its last event, kept only if it is later
/// than the stored one.
const APPEND_WITH_SNAPSHOT: &str = "
    WITH quiet AS MATERIALIZED (SELECT set_config('cuepoint.notify', 'off', true)),
    appended AS (
        INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                            payload, metadata)
        SELECT $1, $2, $3 + e.n - 1, e.event_type, e.event_version, e.payload::json, $7::json
          FROM quiet, UNNEST($4::text[], $5::text[], $6::text[])
               WITH ORDINALITY AS e(event_type, event_version, payload, n)
    )
    INSERT INTO snapshots (aggregate_type, aggregate_id, last_sequence, current_snapshot, payload)
    VALUES ($1, $2, $3 + cardinality($4::text[]) - 1, $8, $9::json)
    ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE
       SET last_sequence = EXCLUDED.last_sequence,
           current_snapshot = EXCLUDED.current_snapshot,
           payload = EXCLUDED.payload
     WHERE snapshots.last_sequence < EXCLUDED.last_sequence";

/// The aggregate's stored version: the sequence of its last event.
const VERSION: &str = "
    SELECT COALESCE(max(sequence), 0) FROM events WHERE aggregate_type = $1 AND aggregate_id = $2";

/// The load's one row: the snapshot, if any, and the later events as `[[sequence, payload], …]`.
type LoadRow = (Option<i64>, Option<i64>, Option<Value>, Option<Value>);

/// Why a command's events were not appended.
#[derive(Debug)]
pub enum AppendError {
    /// Another event was written at one of the sequences: the aggregate had moved on.
    Conflict,
    /// Anything else (a `sqlx::Error` when the database failed); whether the events were
    /// written is unknown.
    Failed(Box<dyn std::error::Error + Send + Sync>),
}

/// The event store for aggregate `A`.
pub struct Store<A> {
    pool: PgPool,
    snapshot_every: i64,
    aggregate: PhantomData<fn() -> A>,
}

impl<A: Aggregate> Store<A> {
    /// A store over `pool` that snapshots an aggregate every `snapshot_every` events.
    pub fn new(pool: PgPool, snapshot_every: usize) -> Self {
        Store {
            pool,
            snapshot_every: i64::try_from(snapshot_every.max(1)).unwrap_or(i64::MAX),
            aggregate: PhantomData,
        }
    }

    /// The aggregate of `stream` as of its last event: its snapshot and the events after it.
    pub async fn load(&self, stream: &str) -> Result<Versioned<A>, AggregateError<A::Error>> {
        match self.load_from(stream, true).await? {
            Some(loaded) => Ok(loaded),
            // A snapshot of an older shape of the aggregate: replay every event instead.
            None => self.load_from(stream, false).await?.ok_or_else(|| {
                AggregateError::UnexpectedError("a load without a snapshot read one".into())
            }),
        }
    }

    /// The aggregate from its snapshot (if `use_snapshot`) and the later events; `None` if
    /// the snapshot does not deserialize.
    async fn load_from(
        &self,
        stream: &str,
        use_snapshot: bool,
    ) -> Result<Option<Versioned<A>>, AggregateError<A::Error>> {
        let (last_sequence, current_snapshot, snapshot, events): LoadRow = sqlx::query_as(LOAD)
            .bind(A::TYPE)
            .bind(stream)
            .bind(use_snapshot)
            .fetch_one(&self.pool)
            .await
            .map_err(|error| AggregateError::UnexpectedError(error.into()))?;
        let aggregate = match snapshot.map(serde_json::from_value::<A>) {
            Some(Ok(aggregate)) => aggregate,
            None => A::default(),
            Some(Err(_)) => return Ok(None),
        };
        let mut loaded = Versioned {
            aggregate,
            sequence: last_sequence.unwrap_or(0),
            snapshot: current_snapshot,
        };
        let events: Vec<(i64, A::Event)> = match events {
            Some(events) => serde_json::from_value(events)
                .map_err(|error| AggregateError::DeserializationError(error.into()))?,
            None => Vec::new(),
        };
        for (sequence, event) in events {
            loaded.aggregate.apply(event);
            loaded.sequence = sequence;
        }
        Ok(Some(loaded))
    }

    /// The sequence of the last event stored for `stream` (0: none).
    pub async fn version(&self, stream: &str) -> Result<i64, AggregateError<A::Error>> {
        sqlx::query_scalar(VERSION)
            .bind(A::TYPE)
            .bind(stream)
            .fetch_one(&self.pool)
            .await
            .map_err(|error| AggregateError::UnexpectedError(error.into()))
    }

    /// Appends `events` to `stream` after `before` (the aggregate they were decided on), in
    /// one statement with the snapshot when one is due; `after` is the aggregate with the
    /// events applied. Returns the aggregate as stored.
    pub async fn append(
        &self,
        stream: &str,
        before: (i64, Option<i64>),
        events: &[A::Event],
        after: A,
        metadata: &str,
    ) -> Result<Versioned<A>, AppendError> {
        let (sequence, snapshot) = before;
        let count = i64::try_from(events.len()).map_err(|e| AppendError::Failed(e.into()))?;
        let last = sequence + count;
        let mut types = Vec::with_capacity(events.len());
        let mut versions = Vec::with_capacity(events.len());
        let mut payloads = Vec::with_capacity(events.len());
        for event in events {
            types.push(event.event_type());
            versions.push(event.event_version());
            payloads.push(serde_json::to_string(event).map_err(|e| AppendError::Failed(e.into()))?);
        }
        let due = self.snapshot_due(sequence, count);
        let snapshot = if due {
            Some(snapshot.map_or(1, |n| n + 1))
        } else {
            snapshot
        };
        let mut query = sqlx::query(if due { APPEND_WITH_SNAPSHOT } else { APPEND })
            .bind(A::TYPE)
            .bind(stream)
            .bind(sequence + 1)
            .bind(types)
            .bind(versions)
            .bind(payloads)
            .bind(metadata);
        if due {
            let payload =
                serde_json::to_string(&after).map_err(|e| AppendError::Failed(e.into()))?;
            query = query.bind(snapshot).bind(payload);
        }
        query
            .execute(&self.pool)
            .await
            .map_err(|error| match error {
                sqlx::Error::Database(db) if db.is_unique_violation() => AppendError::Conflict,
                error => AppendError::Failed(error.into()),
            })?;
        Ok(Versioned {
            aggregate: after,
            sequence: last,
            snapshot,
        })
    }

    /// Whether `new_events` after `sequence` reach or cross the next multiple of
    /// `snapshot_every`.
    fn snapshot_due(&self, sequence: i64, new_events: i64) -> bool {
        new_events > 0 && new_events >= self.snapshot_every - sequence % self.snapshot_every
    }
}
