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
//! the database's work, on one core per backend: a chunk's rows, in the key's order, are
//! shared in contiguous parts between connections of the projection's own (`beside.rs`),
//! each writing its part in a transaction of its own at the same time; they commit together
//! once every part is written, before the batch does, and are written again, to the same
//! values, if the batch is applied again.

use std::collections::HashMap;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use cuepoint_domain::import::{ImportEvent, MetricRow, STORED_FIELDS};
use futures::future::try_join_all;
use sqlx::{Connection, Executor, PgConnection, Postgres, Transaction};

use super::beside::Beside;
use super::numbers;
use crate::RecordedEvent;

/// The SQL type of each field of a stored row, in [`STORED_FIELDS`] order.
const STORED_TYPES: [&str; 7] = ["int8", "date", "text", "text", "int8", "int8", "text"];

/// The rows of the event `e`, as the relation `r` with a column per field of a stored row
/// (for checks that read the events in SQL). A row is an array of its fields, or an object
/// in events written before rows were stored as arrays (`domain::import::STORED_FIELDS`).
fn rows_relation() -> String {
    let columns = (STORED_FIELDS.iter().zip(STORED_TYPES).enumerate())
        .map(|(at, (field, sql_type))| {
            format!(
                "(CASE WHEN json_typeof(a) = 'array' THEN a ->> {at} ELSE a ->> '{field}' END)
                     ::{sql_type} AS {field}"
            )
        })
        .collect::<Vec<_>>()
        .join(",\n                ");
    format!(
        "(SELECT {columns}
            FROM json_array_elements(e.payload -> 'RowsAccepted' -> 'rows') AS a) AS r"
    )
}

/// The rows of the `RowsAccepted` events of the import whose stored id is parameter
/// `param`, as a relation `r`.
pub(super) fn rows_of(param: &str) -> String {
    format!(
        "events e CROSS JOIN LATERAL {}
         WHERE e.aggregate_type = 'import' AND e.aggregate_id = {param}
           AND e.event_type = 'RowsAccepted'",
        rows_relation()
    )
}

/// One row read from an event, with its tenant and import.
struct Staged<'a> {
    tenant: &'a str,
    import: &'a str,
    row: MetricRow,
}

impl Staged<'_> {
    /// The row's key within its import: (tenant, show, episode, day, source, import).
    fn place(&self) -> (&str, &str, &str, NaiveDate, &str, &str) {
        let row = &self.row;
        (
            self.tenant,
            row.show_id.as_str(),
            stored_episode(row),
            row.date,
            &row.source,
            self.import,
        )
    }
}

/// One row to write: its show's and import's numbers, and its figures.
struct Numbered {
    show_no: i32,
    import_no: i64,
    row: MetricRow,
}

impl Numbered {
    /// The row's place, in the order of the table's key: (show, episode, day, source,
    /// import).
    fn place(&self) -> (i32, &str, NaiveDate, &str, i64) {
        let row = &self.row;
        (
            self.show_no,
            stored_episode(row),
            row.date,
            &row.source,
            self.import_no,
        )
    }
}

/// A row's episode as stored: `''` for a show-level figure.
fn stored_episode(row: &MetricRow) -> &str {
    row.episode.as_deref().unwrap_or_default()
}

/// Stages the rows of `events` (`RowsAccepted` events, in log order). With connections
/// [`Beside`] the batch's, the numbers of the rows' shows and import are given and committed
/// on the first of them, then the rows are shared between them and committed once all are
/// written: committed before the batch, they stay unseen until their import is published,
/// and a batch applied again writes the same values in their places. A failure on any of
/// them commits none of the rows and drops the connections.
pub(super) async fn stage(
    conn: &mut PgConnection,
    beside: &Beside,
    events: &[&RecordedEvent],
) -> anyhow::Result<()> {
    let rows = last_lines(read_rows(conn, events).await?);
    if rows.is_empty() {
        return Ok(());
    }
    let Some(mut connections) = beside.hold().await? else {
        let rows = numbered(conn, rows).await?;
        return write(conn, &rows).await;
    };
    let search_path: String = sqlx::query_scalar("SELECT current_setting('search_path')")
        .fetch_one(&mut *conn)
        .await?;
    let committed = async {
        let rows = numbered_beside(&mut connections[0], &search_path, rows).await?;
        let parts = share(rows, connections.len());
        write_beside(&mut connections, &search_path, &parts).await
    }
    .await;
    if committed.is_err() {
        connections.clear();
    }
    committed
}

/// `rows` with their numbers, given on `conn` (see [`numbers::give`]), in the key's order:
/// each insert then lands beside the last one in the index, not at random (about a sixth
/// less of the database's time: docs/benchmarks.md).
async fn numbered(conn: &mut PgConnection, rows: Vec<Staged<'_>>) -> anyhow::Result<Vec<Numbered>> {
    let numbers = numbers::give(
        conn,
        rows.iter().map(|r| (r.tenant, r.row.show_id.as_str())),
        rows.iter().map(|r| (r.tenant, r.import)),
    )
    .await?;
    let mut numbered = (rows.into_iter())
        .map(
            |Staged {
                 tenant,
                 import,
                 row,
             }| {
                Ok(Numbered {
                    show_no: numbers.show(tenant, row.show_id.as_str())?,
                    import_no: numbers.import(tenant, import)?,
                    row,
                })
            },
        )
        .collect::<anyhow::Result<Vec<_>>>()?;
    numbered.sort_unstable_by(|a, b| a.place().cmp(&b.place()));
    Ok(numbered)
}

/// [`numbered`], the numbers given and committed on a connection beside the batch's (in the
/// tables `search_path` names) before any row carries them.
async fn numbered_beside(
    conn: &mut PgConnection,
    search_path: &str,
    rows: Vec<Staged<'_>>,
) -> anyhow::Result<Vec<Numbered>> {
    let mut tx = begin_beside(conn, search_path).await?;
    let rows = numbered(&mut tx, rows).await?;
    tx.commit().await?;
    Ok(rows)
}

/// Writes each of `parts` on one of `connections`, each in a transaction of its own, and
/// commits them all once every part is written.
async fn write_beside(
    connections: &mut [PgConnection],
    search_path: &str,
    parts: &[Vec<Numbered>],
) -> anyhow::Result<()> {
    let writes = (connections.iter_mut())
        .zip(parts)
        .map(|(connection, rows)| begin_and_write(connection, search_path, rows));
    let transactions = try_join_all(writes).await?;
    try_join_all(transactions.into_iter().map(Transaction::commit)).await?;
    Ok(())
}

/// `rows` (in the key's order) shared between `connections` by their show, every other part
/// reversed: two connections then walk the key from opposite ends and write the same pages
/// of the indexes once per chunk, where they meet, not all along (measured against
/// contiguous ranges and against one direction: docs/benchmarks.md).
fn share(rows: Vec<Numbered>, connections: usize) -> Vec<Vec<Numbered>> {
    let mut parts: Vec<Vec<Numbered>> = (0..connections.max(1)).map(|_| Vec::new()).collect();
    let count = parts.len();
    for row in rows {
        // A `u32` is a `usize` on every target the service builds for.
        parts[row.show_no.unsigned_abs() as usize % count].push(row);
    }
    for part in parts.iter_mut().skip(1).step_by(2) {
        part.reverse();
    }
    parts
}

/// Writes `rows` on a connection beside the batch's, in a transaction of its own
/// ([`begin_beside`]), which the caller ends.
async fn begin_and_write<'c>(
    conn: &'c mut PgConnection,
    search_path: &str,
    rows: &[Numbered],
) -> anyhow::Result<Transaction<'c, Postgres>> {
    let mut tx = begin_beside(conn, search_path).await?;
    write(&mut tx, rows).await?;
    Ok(tx)
}

/// Begins a transaction on a connection beside the batch's. It writes to the tables the
/// batch's transaction writes to (`search_path`: a rebuild's copy), does not wait for its
/// commit's flush (neither does the batch's), and gives up on a lock after 10 s rather than
/// wait on the batch's transaction for ever.
async fn begin_beside<'c>(
    conn: &'c mut PgConnection,
    search_path: &str,
) -> anyhow::Result<Transaction<'c, Postgres>> {
    let mut tx = conn.begin().await?;
    sqlx::query(
        "SELECT set_config('search_path', $1, true), set_config('synchronous_commit', 'off', true),
                set_config('lock_timeout', '10s', true)",
    )
    .bind(search_path)
    .execute(&mut *tx)
    .await?;
    Ok(tx)
}

/// Writes `rows` as their imports' values, in a savepoint: one plain insert, or, if an
/// earlier chunk of the import stored one of their keys, an insert that overwrites.
async fn write(conn: &mut PgConnection, rows: &[Numbered]) -> anyhow::Result<()> {
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
        (show_no, episode, day, source, import_no, downloads, listeners)
    SELECT * FROM UNNEST($1::int4[], $2::text[], $3::date[], $4::text[], $5::int8[],
                         $6::int8[], $7::int8[])";

/// A later line of the import replaces the value an earlier chunk stored.
const OVERWRITE: &str = "ON CONFLICT (show_no, episode, day, source, import_no)
    DO UPDATE SET downloads = EXCLUDED.downloads, listeners = EXCLUDED.listeners";

/// Writes `rows` with `insert` (one of the statements above, binding one array per column).
async fn write_rows(
    conn: &mut PgConnection,
    insert: &str,
    rows: &[Numbered],
) -> anyhow::Result<()> {
    sqlx::query(insert)
        .bind(rows.iter().map(|r| r.show_no).collect::<Vec<_>>())
        .bind(
            rows.iter()
                .map(|r| stored_episode(&r.row))
                .collect::<Vec<_>>(),
        )
        .bind(rows.iter().map(|r| r.row.date).collect::<Vec<_>>())
        .bind(
            rows.iter()
                .map(|r| r.row.source.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(rows.iter().map(|r| r.import_no).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.row.downloads).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.row.listeners).collect::<Vec<_>>())
        .execute(conn)
        .await?;
    Ok(())
}
