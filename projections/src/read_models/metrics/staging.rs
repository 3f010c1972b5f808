//! Staging the rows of `RowsAccepted` events before their import completes.
//!
//! A row takes its key's place in `rm_metrics_episode_daily` when the place is free, marked
//! with its import (invisible until the import is in `rm_metrics_published`). A row whose
//! place is taken waits in `rm_metrics_contested`: by a published value, by another running
//! import's row, or by an earlier line of its own import (the first row of a key in log
//! order is the one that tries for the place).
//!
//! The events are decoded here, with the domain's types, and the rows written as arrays by
//! plain `INSERT`s, which cost about what `COPY` does (PostgreSQL's own JSON parsing and an
//! `ON CONFLICT` insert cost several times that: docs/benchmarks.md). A chunk's first rows
//! are inserted at once in a savepoint; only if a place is taken are the places probed.
//! This worker is the table's only writer, so places found free stay free.

use std::collections::HashSet;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use cuepoint_domain::import::{ImportEvent, MetricRow};
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{Executor, PgConnection, Postgres, Row};

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

    /// The key whose value the row gives: (tenant, show, day, source, episode).
    fn key(&self) -> (&str, &str, NaiveDate, &str, &str) {
        let row = &self.row;
        (
            self.tenant,
            row.show_id.as_str(),
            row.date,
            &row.source,
            self.episode(),
        )
    }
}

/// Stages the rows of `events` (`RowsAccepted` events, in log order).
pub(super) async fn stage(
    conn: &mut PgConnection,
    events: &[&RecordedEvent],
) -> anyhow::Result<()> {
    let rows = read_rows(conn, events).await?;
    let first: Vec<bool> = {
        let mut seen = HashSet::new();
        rows.iter().map(|row| seen.insert(row.key())).collect()
    };
    let (mut candidates, mut contested) = (Vec::new(), Vec::new());
    for (row, first) in rows.into_iter().zip(first) {
        if first {
            candidates.push(row);
        } else {
            contested.push(row);
        }
    }
    if place_all(conn, &candidates).await? {
        return write_rows(conn, CONTEST, &contested).await;
    }
    let taken = taken_places(conn, &candidates).await?;
    let mut free = Vec::with_capacity(candidates.len());
    for (at, row) in candidates.into_iter().enumerate() {
        if taken.contains(&at) {
            contested.push(row);
        } else {
            free.push(row);
        }
    }
    write_rows(conn, PLACE, &free).await?;
    write_rows(conn, CONTEST, &contested).await
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

/// The positions in `rows` of those whose place is taken: one index probe per (show, day,
/// source) of the rows, and one per row only where that finds the show's day taken. The
/// probes are `LATERAL … LIMIT 1`, a plan that holds however stale the table's statistics
/// are while an import grows it (a hash join would read the whole table for every chunk).
async fn taken_places(
    conn: &mut PgConnection,
    rows: &[Staged<'_>],
) -> anyhow::Result<HashSet<usize>> {
    if rows.is_empty() {
        return Ok(HashSet::new());
    }
    let columns = Columns::of(rows)?;
    let taken = columns
        .bind(sqlx::query(
            "WITH r AS (
                 SELECT * FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::text[],
                                      $5::date[], $6::text[], $7::text[], $8::int8[],
                                      $9::int8[]) WITH ORDINALITY
                     AS r(tenant_id, import_id, line, show_id, day, source, episode,
                          downloads, listeners, ord)),
             busy AS (
                 SELECT g.* FROM (SELECT DISTINCT tenant_id, show_id, day, source FROM r) g
                  CROSS JOIN LATERAL (
                        SELECT 1 FROM rm_metrics_episode_daily m
                         WHERE m.tenant_id = g.tenant_id AND m.show_id = g.show_id
                           AND m.day = g.day AND m.source = g.source LIMIT 1) held)
             SELECT r.ord FROM r
               JOIN busy b USING (tenant_id, show_id, day, source)
              CROSS JOIN LATERAL (
                    SELECT 1 FROM rm_metrics_episode_daily m
                     WHERE m.tenant_id = r.tenant_id AND m.show_id = r.show_id
                       AND m.day = r.day AND m.source = r.source
                       AND m.episode = r.episode LIMIT 1) taken",
        ))
        .fetch_all(conn)
        .await?;
    let mut places = HashSet::with_capacity(taken.len());
    for row in taken {
        let ord: i64 = row.try_get(0)?;
        places.insert(usize::try_from(ord - 1)?);
    }
    Ok(places)
}

/// Places every row of `rows` (first rows of their keys) if every place is free: one plain
/// insert, in a savepoint; false, with nothing written, if a place is taken. An import of
/// new days costs no probe; one that replaces falls back to [`taken_places`] at its first
/// taken place, which is usually near its chunk's start.
async fn place_all(conn: &mut PgConnection, rows: &[Staged<'_>]) -> anyhow::Result<bool> {
    conn.execute("SAVEPOINT cuepoint_place").await?;
    match write_rows(conn, PLACE, rows).await {
        Ok(()) => {
            conn.execute("RELEASE SAVEPOINT cuepoint_place").await?;
            Ok(true)
        }
        Err(error) if is_unique_violation(&error) => {
            conn.execute("ROLLBACK TO SAVEPOINT cuepoint_place; RELEASE SAVEPOINT cuepoint_place")
                .await?;
            Ok(false)
        }
        Err(error) => Err(error),
    }
}

/// Whether `error` is a unique violation (a place taken).
fn is_unique_violation(error: &anyhow::Error) -> bool {
    matches!(
        error.downcast_ref::<sqlx::Error>(),
        Some(sqlx::Error::Database(db)) if db.code().as_deref() == Some("23505")
    )
}

/// Rows taking their places.
const PLACE: &str = "INSERT INTO rm_metrics_episode_daily
        (tenant_id, import_id, show_id, day, source, episode, downloads, listeners)
    SELECT tenant_id, import_id, show_id, day, source, episode, downloads, listeners";

/// Rows waiting for their import's completion.
const CONTEST: &str = "INSERT INTO rm_metrics_contested
        (tenant_id, import_id, line, show_id, day, source, episode, downloads, listeners)
    SELECT tenant_id, import_id, line, show_id, day, source, episode, downloads, listeners";

/// Writes `rows` with `insert` (an `INSERT … SELECT` of the columns it names).
async fn write_rows(
    conn: &mut PgConnection,
    insert: &str,
    rows: &[Staged<'_>],
) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "{insert}
           FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::text[], $5::date[], $6::text[],
                       $7::text[], $8::int8[], $9::int8[])
             AS r(tenant_id, import_id, line, show_id, day, source, episode, downloads,
                  listeners)"
    );
    Columns::of(rows)?
        .bind(sqlx::query(&sql))
        .execute(conn)
        .await?;
    Ok(())
}

/// The staged rows as one array per column.
struct Columns<'a> {
    tenant: Vec<&'a str>,
    import: Vec<&'a str>,
    line: Vec<i64>,
    show: Vec<&'a str>,
    day: Vec<NaiveDate>,
    source: Vec<&'a str>,
    episode: Vec<&'a str>,
    downloads: Vec<i64>,
    listeners: Vec<Option<i64>>,
}

impl<'a> Columns<'a> {
    fn of(rows: &'a [Staged<'a>]) -> anyhow::Result<Self> {
        let line = rows.iter().map(|r| i64::try_from(r.row.line));
        Ok(Columns {
            tenant: rows.iter().map(|r| r.tenant).collect(),
            import: rows.iter().map(|r| r.import).collect(),
            line: line.collect::<Result<_, _>>().context("a line number")?,
            show: rows.iter().map(|r| r.row.show_id.as_str()).collect(),
            day: rows.iter().map(|r| r.row.date).collect(),
            source: rows.iter().map(|r| r.row.source.as_str()).collect(),
            episode: rows.iter().map(|r| r.episode()).collect(),
            downloads: rows.iter().map(|r| r.row.downloads).collect(),
            listeners: rows.iter().map(|r| r.row.listeners).collect(),
        })
    }

    /// Binds the columns as `$1` to `$9`, in the order of the fields.
    fn bind<'q>(
        &'q self,
        query: Query<'q, Postgres, PgArguments>,
    ) -> Query<'q, Postgres, PgArguments> {
        query
            .bind(&self.tenant)
            .bind(&self.import)
            .bind(&self.line)
            .bind(&self.show)
            .bind(&self.day)
            .bind(&self.source)
            .bind(&self.episode)
            .bind(&self.downloads)
            .bind(&self.listeners)
    }
}
