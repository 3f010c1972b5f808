//! Staging the rows of `RowsAccepted` events before their import completes.
//!
//! Every row is stored in `rm_metrics_episode_daily` as its import's value for its key,
//! unseen until the import is in `rm_metrics_published`. A key can hold a value of each
//! import: the published one and those of running imports; completion removes the values
//! its own replace (`publication.rs`). Within an import the last line of a key wins: a
//! chunk keeps the last of its own lines, and a line of a later chunk overwrites the row an
//! earlier chunk stored.
//!
//! The events are decoded here, with the domain's types, and the rows written as arrays by
//! one plain `INSERT` per chunk, which costs about what `COPY` does (an `ON CONFLICT`
//! insert costs 1.8 times that: docs/benchmarks.md). Only when a chunk holds a key an
//! earlier chunk of the same import stored does it fall back to overwriting. The insert is
//! the database's work, on one core per backend: half of the shows' rows are written at the
//! same time on a connection of the projection's own (`beside.rs`), whose transaction
//! commits just before the batch's, and is written again, to the same values, if the batch
//! is applied again.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

use anyhow::{bail, Context};
use chrono::NaiveDate;
use cuepoint_domain::import::{ImportEvent, MetricRow};
use sqlx::{Connection, Executor, PgConnection, Postgres, Transaction};

use super::beside::Beside;
use crate::RecordedEvent;

/// The rows of the event `e`, as the relation `r` (for checks that read the events in SQL).
pub(super) const ROWS: &str = "json_to_recordset(e.payload -> 'RowsAccepted' -> 'rows')
    AS r(line int8, date date, show_id text, episode text, downloads int8, listeners int8,
         source text)";

/// The rows of the `RowsAccepted` events of the import whose stored id is parameter
/// `param`, as a relation `r`.
pub(super) fn rows_of(param: &str) -> String {
    format!(
        "events e CROSS JOIN LATERAL {ROWS}
         WHERE e.aggregate_type = 'import' AND e.aggregate_id = {param}
           AND e.event_type = 'RowsAccepted'"
    )
}

/// One row to stage, with its import.
struct Staged<'a> {
    tenant: &'a str,
    import: &'a str,
    row: MetricRow,
}

impl Staged<'_> {
    /// The row's episode as stored: `''` for a show-level figure.
    fn episode(&self) -> &str {
        self.row.episode.as_deref().unwrap_or_default()
    }

    /// The row's place, in the order of the table's key: (tenant, show, episode, day,
    /// source, import).
    fn place(&self) -> (&str, &str, &str, NaiveDate, &str, &str) {
        let row = &self.row;
        (
            self.tenant,
            row.show_id.as_str(),
            self.episode(),
            row.date,
            &row.source,
            self.import,
        )
    }
}

/// Stages the rows of `events` (`RowsAccepted` events, in log order). With a connection
/// [`Beside`] the batch's, the rows of half of the shows are written on it at the same time,
/// in a transaction it commits once both halves are written: committed before the batch, they
/// stay unseen until their import is published, and a batch applied again writes the same
/// values in their places.
pub(super) async fn stage(
    conn: &mut PgConnection,
    beside: &Beside,
    events: &[&RecordedEvent],
) -> anyhow::Result<()> {
    let mut rows = last_lines(read_rows(conn, events).await?);
    if rows.is_empty() {
        return Ok(());
    }
    // In the key's order, each insert lands beside the last one in the index, not at random
    // (about a sixth less of the database's time: docs/benchmarks.md).
    rows.sort_unstable_by(|a, b| a.place().cmp(&b.place()));
    let Some(mut other) = beside.hold().await? else {
        return write(conn, &rows).await;
    };
    let search_path: String = sqlx::query_scalar("SELECT current_setting('search_path')")
        .fetch_one(&mut *conn)
        .await?;
    let (mut theirs, mine): (Vec<_>, Vec<_>) = rows.into_iter().partition(goes_beside);
    // The two connections walk the key space from opposite ends, so that they write the
    // same pages of the table's indexes once per chunk, where they meet, not all along.
    theirs.reverse();
    let (here, there) = tokio::join!(
        write(conn, &mine),
        begin_and_write(&mut other, &search_path, &theirs)
    );
    // The error, and whether the connection beside is to be dropped.
    let outcome = match (here, there) {
        (Ok(()), Ok(tx)) => tx.commit().await.map_err(|error| (error.into(), true)),
        // The batch's half failed: the other half must not commit either.
        (Err(error), Ok(tx)) => Err((error, tx.rollback().await.is_err())),
        (_, Err(error)) => Err((error, true)),
    };
    if let Err((_, true)) = outcome {
        drop(other);
        beside.forget().await;
    }
    outcome.map_err(|(error, _)| error)
}

/// Whether `row` is staged on the connection beside the batch's. All rows of a show go to
/// the same connection, so that a key staged again within a batch (a later line, in a later
/// chunk) is written again on the connection that holds its uncommitted row, never waiting
/// on the other.
fn goes_beside(row: &Staged<'_>) -> bool {
    let hasher = BuildHasherDefault::<DefaultHasher>::default();
    hasher.hash_one((row.tenant, row.row.show_id.as_str())) % 2 == 1
}

/// Writes `rows` on the connection beside the batch's, in a transaction of its own, which the
/// caller ends. It writes to the tables the batch's transaction writes to (`search_path`: a
/// rebuild's copy), does not wait for its commit's flush (neither does the batch's), and
/// gives up on a lock after 10 s rather than wait on the batch's transaction for ever.
async fn begin_and_write<'c>(
    conn: &'c mut PgConnection,
    search_path: &str,
    rows: &[Staged<'_>],
) -> anyhow::Result<Transaction<'c, Postgres>> {
    let mut tx = conn.begin().await?;
    sqlx::query(
        "SELECT set_config('search_path', $1, true), set_config('synchronous_commit', 'off', true),
                set_config('lock_timeout', '10s', true)",
    )
    .bind(search_path)
    .execute(&mut *tx)
    .await?;
    write(&mut tx, rows).await?;
    Ok(tx)
}

/// Writes `rows` as their imports' values, in a savepoint: one plain insert, or, if an
/// earlier chunk of the import stored one of their keys, an insert that overwrites.
async fn write(conn: &mut PgConnection, rows: &[Staged<'_>]) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    conn.execute("SAVEPOINT cuepoint_stage").await?;
    match write_rows(conn, INSERT, rows).await {
        Ok(()) => {
            conn.execute("RELEASE SAVEPOINT cuepoint_stage").await?;
            Ok(())
        }
        Err(error) if is_unique_violation(&error) => {
            conn.execute("ROLLBACK TO SAVEPOINT cuepoint_stage; RELEASE SAVEPOINT cuepoint_stage")
                .await?;
            write_rows(conn, &format!("{INSERT} {OVERWRITE}"), rows).await
        }
        Err(error) => Err(error),
    }
}

/// The rows of `events`, in log order, decoded as the domain's events.
async fn read_rows<'e>(
    conn: &mut PgConnection,
    events: &[&'e RecordedEvent],
) -> anyhow::Result<Vec<Staged<'e>>> {
    let payloads: Vec<(i64, String)> = sqlx::query_as(
        "SELECT w.ord, e.payload::text
           FROM UNNEST($1::text[], $2::int8[]) WITH ORDINALITY AS w(stream, sequence, ord)
           JOIN events e
             ON e.aggregate_type = 'import' AND e.aggregate_id = w.stream
            AND e.sequence = w.sequence
          ORDER BY w.ord",
    )
    .bind(
        events
            .iter()
            .map(|e| format!("{}:{}", e.tenant_id, e.aggregate_id))
            .collect::<Vec<_>>(),
    )
    .bind(events.iter().map(|e| e.sequence).collect::<Vec<_>>())
    .fetch_all(&mut *conn)
    .await?;
    let mut staged = Vec::new();
    for (ord, payload) in payloads {
        let event = usize::try_from(ord - 1).ok().and_then(|at| events.get(at));
        let event = event.context("an event read back out of place")?;
        let ImportEvent::RowsAccepted { rows } = serde_json::from_str(&payload)? else {
            bail!("event {} is not a RowsAccepted event", event.position);
        };
        staged.extend(rows.into_iter().map(|row| Staged {
            tenant: &event.tenant_id,
            import: &event.aggregate_id,
            row,
        }));
    }
    Ok(staged)
}

/// The last of `rows` (in log order) for each place, in log order.
fn last_lines(rows: Vec<Staged<'_>>) -> Vec<Staged<'_>> {
    let mut last_at = HashMap::with_capacity(rows.len());
    for (at, row) in rows.iter().enumerate() {
        last_at.insert(row.place(), at);
    }
    if last_at.len() == rows.len() {
        return rows;
    }
    let last: Vec<bool> = (rows.iter().enumerate())
        .map(|(at, row)| last_at.get(&row.place()) == Some(&at))
        .collect();
    rows.into_iter()
        .zip(last)
        .filter_map(|(row, last)| last.then_some(row))
        .collect()
}

/// Whether `error` is a unique violation (a place taken).
fn is_unique_violation(error: &anyhow::Error) -> bool {
    matches!(
        error.downcast_ref::<sqlx::Error>(),
        Some(sqlx::Error::Database(db)) if db.code().as_deref() == Some("23505")
    )
}

/// Rows stored as their import's values.
const INSERT: &str = "INSERT INTO rm_metrics_episode_daily
        (tenant_id, import_id, show_id, day, source, episode, downloads, listeners)
    SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::date[], $5::text[],
                         $6::text[], $7::int8[], $8::int8[])";

/// A later line of the import replaces the value an earlier chunk stored.
const OVERWRITE: &str = "ON CONFLICT (tenant_id, show_id, episode, day, source, import_id)
    DO UPDATE SET downloads = EXCLUDED.downloads, listeners = EXCLUDED.listeners";

/// Writes `rows` with `insert` (one of the statements above, binding one array per column).
async fn write_rows(
    conn: &mut PgConnection,
    insert: &str,
    rows: &[Staged<'_>],
) -> anyhow::Result<()> {
    sqlx::query(insert)
        .bind(rows.iter().map(|r| r.tenant).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.import).collect::<Vec<_>>())
        .bind(
            rows.iter()
                .map(|r| r.row.show_id.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(rows.iter().map(|r| r.row.date).collect::<Vec<_>>())
        .bind(
            rows.iter()
                .map(|r| r.row.source.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(rows.iter().map(|r| r.episode()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.row.downloads).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.row.listeners).collect::<Vec<_>>())
        .execute(conn)
        .await?;
    Ok(())
}
