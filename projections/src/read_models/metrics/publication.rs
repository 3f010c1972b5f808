//! Publishing a completed import's staged rows, or discarding a failed import's, with
//! set-based statements whose work grows with the import's rows and the show-days they
//! touch, not with the table: the import's rows become visible by one insert into
//! `rm_metrics_published`.

use sqlx::PgConnection;

use super::VISIBLE;

/// Publishes import `import` of `tenant`: its rows become visible, each replacing the
/// visible value of its key, and the show totals of the days it touches are recomputed.
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
    remove_replaced(conn, tenant, import).await?;
    recompute_totals(conn, tenant, import).await
}

/// Discards failed import `import` of `tenant`: its staged rows go, and nothing of it was
/// ever visible.
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
    .await
}

/// Removes the visible values the import's rows replace: a key keeps one visible value,
/// that of the import that completed last. Values of imports still running stay; they
/// replace this one if they complete.
async fn remove_replaced(conn: &mut PgConnection, tenant: &str, import: &str) -> sqlx::Result<()> {
    let sql = format!(
        "DELETE FROM rm_metrics_episode_daily m
          USING rm_metrics_episode_daily b
          WHERE b.tenant_id = $1 AND b.import_id = $2
            AND m.tenant_id = $1 AND m.show_id = b.show_id AND m.day = b.day
            AND m.source = b.source AND m.episode = b.episode AND m.import_id <> $2
            AND {VISIBLE}"
    );
    for_import(&mut *conn, &sql, tenant, import).await
}

/// Recomputes, from the visible rows, the show totals of every (show, day, source) the
/// import has rows for: one index range of the key each.
async fn recompute_totals(conn: &mut PgConnection, tenant: &str, import: &str) -> sqlx::Result<()> {
    let sql = format!(
        "INSERT INTO rm_metrics_daily (tenant_id, show_id, day, source, downloads, listeners)
         SELECT $1, k.show_id, k.day, k.source, total.downloads, total.listeners
           FROM (SELECT DISTINCT show_id, day, source FROM rm_metrics_episode_daily
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
