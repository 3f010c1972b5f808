//! Read models that store an aggregate folded by its own `apply` (IOs, deals): a batch loads
//! the stored aggregates it touches once, applies each event newer than the stored version,
//! and writes back only those that changed. The fold is the domain's, so a read model never
//! restates what an event does to its aggregate.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use serde::de::DeserializeOwned;
use serde_json::Value;
use sqlx::PgConnection;

use crate::RecordedEvent;

/// A (tenant id, aggregate id) pair.
pub(crate) type Key = (String, String);

/// One aggregate as stored, while a batch is applied.
pub(crate) struct Folded<A> {
    /// The sequence of the last event folded in.
    pub version: i64,
    /// The aggregate.
    pub aggregate: A,
    /// When its first event was recorded.
    pub created_at: DateTime<Utc>,
    /// When its last event was recorded.
    pub updated_at: DateTime<Utc>,
    /// Whether this batch folded an event into it.
    pub changed: bool,
}

/// The aggregates the batch touches, loaded from `table` (keyed by `tenant_id` and
/// `id_column`, the aggregate in its `state` column), with every event of the batch newer
/// than the stored version folded in by the aggregate's own `apply`.
pub(crate) async fn fold_batch<A>(
    conn: &mut PgConnection,
    table: &str,
    id_column: &str,
    events: &[RecordedEvent],
) -> anyhow::Result<HashMap<Key, Folded<A>>>
where
    A: Aggregate + DeserializeOwned,
{
    fold_batch_with(conn, table, id_column, events, |event, _| event).await
}

/// [`fold_batch`], each event passed through `complete` with the event as recorded before
/// it is applied: a read model may fill in what an older version of an event did not record
/// but the log knows (such as the day it was recorded).
pub(crate) async fn fold_batch_with<A, F>(
    conn: &mut PgConnection,
    table: &str,
    id_column: &str,
    events: &[RecordedEvent],
    complete: F,
) -> anyhow::Result<HashMap<Key, Folded<A>>>
where
    A: Aggregate + DeserializeOwned,
    F: Fn(A::Event, &RecordedEvent) -> A::Event,
{
    let keys: HashSet<(&str, &str)> = (events.iter())
        .map(|e| (e.tenant_id.as_str(), e.aggregate_id.as_str()))
        .collect();
    let mut rows = load(conn, table, id_column, &keys).await?;
    for event in events {
        let key = (event.tenant_id.clone(), event.aggregate_id.clone());
        let row = rows.entry(key).or_insert_with(|| Folded {
            version: 0,
            aggregate: A::default(),
            created_at: event.recorded_at,
            updated_at: event.recorded_at,
            changed: false,
        });
        if event.sequence <= row.version {
            continue;
        }
        row.aggregate.apply(complete(event.decode()?, event));
        row.version = event.sequence;
        row.updated_at = event.recorded_at;
        row.changed = true;
    }
    Ok(rows)
}

/// The stored aggregates among `keys`.
async fn load<A: DeserializeOwned>(
    conn: &mut PgConnection,
    table: &str,
    id_column: &str,
    keys: &HashSet<(&str, &str)>,
) -> anyhow::Result<HashMap<Key, Folded<A>>> {
    let tenants: Vec<&str> = keys.iter().map(|(t, _)| *t).collect();
    let ids: Vec<&str> = keys.iter().map(|(_, i)| *i).collect();
    let sql = format!(
        "SELECT r.tenant_id, r.{id_column} AS id, r.version, r.state, r.created_at, r.updated_at
           FROM {table} r
           JOIN UNNEST($1::text[], $2::text[]) AS k(t, i)
             ON r.tenant_id = k.t AND r.{id_column} = k.i"
    );
    let found: Vec<StoredRow> = sqlx::query_as(&sql)
        .bind(&tenants)
        .bind(&ids)
        .fetch_all(&mut *conn)
        .await?;
    let mut rows = HashMap::with_capacity(found.len());
    for row in found {
        let folded = Folded {
            version: row.version,
            aggregate: serde_json::from_value(row.state)?,
            created_at: row.created_at,
            updated_at: row.updated_at,
            changed: false,
        };
        rows.insert((row.tenant_id, row.id), folded);
    }
    Ok(rows)
}

/// An aggregate as read back at the start of a batch.
#[derive(sqlx::FromRow)]
struct StoredRow {
    tenant_id: String,
    id: String,
    version: i64,
    state: Value,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}
