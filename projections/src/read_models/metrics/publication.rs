//! Publishing a completed import's staged rows, or discarding a failed import's, with
//! set-based statements whose work grows with the import's rows and the rows they replace,
//! not with the table: the import's rows become visible by one insert into
//! `rm_metrics_published`.

use sqlx::{Executor, PgConnection};

use super::{numbers, VISIBLE};

/// Imports of at least this many accepted rows refresh the table's statistics before they
/// are published.
const ANALYZE_FROM_ROWS: u64 = 10_000;

/// Publishes import `import` of `tenant`, which accepted `accepted` rows: its rows become
/// visible, each replacing the visible value of its key, and the show totals move with them.
/// An import without a number staged no row, and publishes nothing.
///
/// A large import first refreshes the statistics of the episode rows: they are stale while
/// an import grows the table (autovacuum analyzes it a minute later at best), and planned
/// with an estimate of a few rows, the replacement probes the table once per row (about 5 µs
/// each) where a hash join reads it once; the sample costs a fraction of a second.
pub(super) async fn publish(
    conn: &mut PgConnection,
    tenant: &str,
    import: &str,
    accepted: u64,
) -> sqlx::Result<()> {
    let Some(import_no) = numbers::import_no(&mut *conn, tenant, import).await? else {
        return Ok(());
    };
    if accepted >= ANALYZE_FROM_ROWS {
        conn.execute("ANALYZE rm_metrics_episode_daily").await?;
    }
    sqlx::query("INSERT INTO rm_metrics_published (import_no) VALUES ($1) ON CONFLICT DO NOTHING")
        .bind(import_no)
        .execute(&mut *conn)
        .await?;
    replace_and_total(conn, tenant, import_no).await
}

/// Discards failed import `import` of `tenant`: its staged rows go, and nothing of it was
/// ever visible.
pub(super) async fn discard(
    conn: &mut PgConnection,
    tenant: &str,
    import: &str,
) -> sqlx::Result<()> {
    let Some(import_no) = numbers::import_no(&mut *conn, tenant, import).await? else {
        return Ok(());
    };
    sqlx::query("DELETE FROM rm_metrics_episode_daily WHERE import_no = $1")
        .bind(import_no)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes the visible values the import's rows replace (a key keeps one visible value,
/// that of the import that completed last; values of imports still running stay, and
/// replace this one if they complete), and moves each show total by the import's rows less
/// the rows they replaced. Both sets are read in the order they are stored (the import's
/// rows through the index on their import), never a show-day's other rows.
async fn replace_and_total(
    conn: &mut PgConnection,
    tenant: &str,
    import_no: i64,
) -> sqlx::Result<()> {
    let sql = format!(
        "WITH gone AS (
             DELETE FROM rm_metrics_episode_daily m
              USING rm_metrics_episode_daily b
              WHERE b.import_no = $2
                AND m.show_no = b.show_no AND m.episode = b.episode AND m.day = b.day
                AND m.source = b.source AND m.import_no <> $2
                AND {VISIBLE}
             RETURNING m.show_no, m.day, m.source, m.downloads, m.listeners),
         change AS (
             SELECT show_no, day, source, sum(sign * downloads) AS downloads,
                    COALESCE(sum(sign * listeners), 0) AS listener_sum,
                    sum(sign * (listeners IS NOT NULL)::int) AS listener_rows
               FROM (SELECT show_no, day, source, downloads, listeners, 1 AS sign
                       FROM rm_metrics_episode_daily
                      WHERE import_no = $2
                     UNION ALL
                     SELECT show_no, day, source, downloads, listeners, -1 FROM gone) r
              GROUP BY show_no, day, source)
         INSERT INTO rm_metrics_daily AS d
                (tenant_id, show_id, day, source, downloads, listener_sum, listener_rows)
         SELECT $1, s.show_id, c.day, c.source, c.downloads, c.listener_sum, c.listener_rows
           FROM change c JOIN rm_metrics_shows s ON s.show_no = c.show_no
         ON CONFLICT (tenant_id, show_id, day, source) DO UPDATE
            SET downloads = d.downloads + EXCLUDED.downloads,
                listener_sum = d.listener_sum + EXCLUDED.listener_sum,
                listener_rows = d.listener_rows + EXCLUDED.listener_rows"
    );
    sqlx::query(&sql)
        .bind(tenant)
        .bind(import_no)
        .execute(conn)
        .await?;
    Ok(())
}
