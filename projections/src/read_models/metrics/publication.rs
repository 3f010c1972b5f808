//! Publishing a completed import's staged rows, or discarding a failed import's, with
//! set-based statements whose work grows with the import's contested rows and touched
//! totals, not with its rows: the rows holding their places become visible by one insert
//! into `rm_metrics_published`.

use sqlx::PgConnection;

use super::VISIBLE;

/// Publishes import `import` of `tenant`: its rows become visible, each replacing the value
/// of its key (the last line winning within the import), and the show totals move with them.
pub(super) async fn publish(
    conn: &mut PgConnection,
    tenant: &str,
    import: &str,
) -> sqlx::Result<()> {
    for_import(
        &mut *conn,
        "INSERT INTO rm_metrics_published (tenant_id, import_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING",
        tenant,
        import,
    )
    .await?;
    settle_contested(conn, tenant, import).await?;
    add_import_totals(conn, tenant, import).await?;
    recompute_contested_totals(conn, tenant, import).await?;
    forget(conn, tenant, import).await
}

/// Discards failed import `import` of `tenant`: its staged rows leave their places, and
/// nothing of it was ever visible.
pub(super) async fn discard(
    conn: &mut PgConnection,
    tenant: &str,
    import: &str,
) -> sqlx::Result<()> {
    for_import(
        &mut *conn,
        "DELETE FROM rm_metrics_episode_daily WHERE tenant_id = $1 AND import_id = $2",
        tenant,
        import,
    )
    .await?;
    forget(conn, tenant, import).await
}

/// Puts the last line of each of the import's contested keys in its place. A place held by
/// another running import's staged row is taken from it: that row waits among its own
/// import's contested rows (as line 0, its import's first).
async fn settle_contested(conn: &mut PgConnection, tenant: &str, import: &str) -> sqlx::Result<()> {
    let sql = format!(
        "WITH winner AS MATERIALIZED (
             SELECT DISTINCT ON (show_id, day, source, episode)
                    show_id, day, source, episode, downloads, listeners
               FROM rm_metrics_contested
              WHERE tenant_id = $1 AND import_id = $2
              ORDER BY show_id, day, source, episode, line DESC),
         displaced AS (
             INSERT INTO rm_metrics_contested
                    (tenant_id, import_id, show_id, day, source, episode, line, downloads,
                     listeners)
             SELECT m.tenant_id, m.import_id, m.show_id, m.day, m.source, m.episode, 0,
                    m.downloads, m.listeners
               FROM winner w
              CROSS JOIN LATERAL (
                    SELECT * FROM rm_metrics_episode_daily m
                     WHERE m.tenant_id = $1 AND m.show_id = w.show_id AND m.day = w.day
                       AND m.source = w.source AND m.episode = w.episode LIMIT 1) m
              WHERE NOT {VISIBLE})
         INSERT INTO rm_metrics_episode_daily
                (tenant_id, show_id, episode, day, source, downloads, listeners, import_id)
         SELECT $1, show_id, episode, day, source, downloads, listeners, $2 FROM winner
         ON CONFLICT (tenant_id, show_id, day, source, episode) DO UPDATE
            SET downloads = EXCLUDED.downloads, listeners = EXCLUDED.listeners,
                import_id = EXCLUDED.import_id"
    );
    for_import(&mut *conn, &sql, tenant, import).await
}

/// Adds the sums of the import's rows to the show totals: rows that took free places add to
/// them (nothing visible was there); the totals that the import's contested rows change are
/// recomputed after this.
async fn add_import_totals(
    conn: &mut PgConnection,
    tenant: &str,
    import: &str,
) -> sqlx::Result<()> {
    for_import(
        &mut *conn,
        "INSERT INTO rm_metrics_daily AS d
                (tenant_id, show_id, day, source, downloads, listeners)
         SELECT $1, show_id, day, source, sum(downloads), sum(listeners)
           FROM rm_metrics_episode_daily
          WHERE tenant_id = $1 AND import_id = $2
          GROUP BY show_id, day, source
         ON CONFLICT (tenant_id, show_id, day, source) DO UPDATE
            SET downloads = d.downloads + EXCLUDED.downloads,
                listeners = CASE WHEN EXCLUDED.listeners IS NULL THEN d.listeners
                                 WHEN d.listeners IS NULL THEN EXCLUDED.listeners
                                 ELSE d.listeners + EXCLUDED.listeners END",
        tenant,
        import,
    )
    .await
}

/// Recomputes, from the visible rows, the show totals of the (show, day, source) keys whose
/// values the import's contested rows replaced: one index range of the key each.
async fn recompute_contested_totals(
    conn: &mut PgConnection,
    tenant: &str,
    import: &str,
) -> sqlx::Result<()> {
    let sql = format!(
        "INSERT INTO rm_metrics_daily (tenant_id, show_id, day, source, downloads, listeners)
         SELECT $1, k.show_id, k.day, k.source, total.downloads, total.listeners
           FROM (SELECT DISTINCT show_id, day, source FROM rm_metrics_contested
                  WHERE tenant_id = $1 AND import_id = $2) k
          CROSS JOIN LATERAL (
                SELECT sum(m.downloads) AS downloads, sum(m.listeners) AS listeners
                  FROM rm_metrics_episode_daily m
                 WHERE m.tenant_id = $1 AND m.show_id = k.show_id AND m.day = k.day
                   AND m.source = k.source AND {VISIBLE}) total
         ON CONFLICT (tenant_id, show_id, day, source) DO UPDATE
            SET downloads = EXCLUDED.downloads, listeners = EXCLUDED.listeners"
    );
    for_import(&mut *conn, &sql, tenant, import).await
}

/// Drops the import's contested rows, now settled or discarded.
async fn forget(conn: &mut PgConnection, tenant: &str, import: &str) -> sqlx::Result<()> {
    for_import(
        &mut *conn,
        "DELETE FROM rm_metrics_contested WHERE tenant_id = $1 AND import_id = $2",
        tenant,
        import,
    )
    .await
}

/// Runs `sql`, whose `$1` is the tenant and `$2` the import.
async fn for_import(
    conn: &mut PgConnection,
    sql: &str,
    tenant: &str,
    import: &str,
) -> sqlx::Result<()> {
    sqlx::query(sql)
        .bind(tenant)
        .bind(import)
        .execute(conn)
        .await?;
    Ok(())
}
