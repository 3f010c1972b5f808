//! The numbers the metrics projection gives shows and imports, which the episode rows carry in
//! place of their ids: a show of a tenant has its `show_no` (`rm_metrics_shows`), an import
//! its `import_no` (`rm_metrics_imports`). Three ids of up to 64 characters in every entry of
//! the rows' key were most of what staging an import cost (docs/decisions.md).
//!
//! A number is given once and kept; rows with it are only ever written after it committed
//! (see [`give`]), so no row carries a number its table lost. Show numbers are `int4`: up to
//! 2,147,483,647 shows over all tenants, past which staging fails with the identity's
//! error (and the projection parks the event) rather than wrap; import numbers are `int8`.

use std::collections::{BTreeSet, HashMap};

use anyhow::Context;
use sqlx::PgConnection;

/// Numbers by tenant, then by id (looked up by `&str`, without building a key per row).
type ByTenant<N> = HashMap<String, HashMap<String, N>>;

/// The numbers of some shows and imports.
#[derive(Debug)]
pub(super) struct Numbers {
    shows: ByTenant<i32>,
    imports: ByTenant<i64>,
}

impl Numbers {
    /// The number of show `show` of `tenant`, if it was asked for.
    pub(super) fn show(&self, tenant: &str, show: &str) -> anyhow::Result<i32> {
        number(&self.shows, tenant, show)
            .with_context(|| format!("show {tenant}:{show} has no number"))
    }

    /// The number of import `import` of `tenant`, if it was asked for.
    pub(super) fn import(&self, tenant: &str, import: &str) -> anyhow::Result<i64> {
        number(&self.imports, tenant, import)
            .with_context(|| format!("import {tenant}:{import} has no number"))
    }
}

/// The number of `id` of `tenant` in `numbers`.
fn number<N: Copy>(numbers: &ByTenant<N>, tenant: &str, id: &str) -> Option<N> {
    numbers.get(tenant).and_then(|ids| ids.get(id)).copied()
}

/// Gives a number to each of `shows` and `imports` (pairs of tenant and id) that has none,
/// and reads them all. The caller commits it before any row carries them: on a connection
/// of its own when the rows are written beside the batch, in the batch's transaction when
/// they are written in it.
pub(super) async fn give<'a>(
    conn: &mut PgConnection,
    shows: impl IntoIterator<Item = (&'a str, &'a str)>,
    imports: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> anyhow::Result<Numbers> {
    let shows = of(&mut *conn, Table::SHOWS, shows).await?;
    let imports = of(conn, Table::IMPORTS, imports).await?;
    let shows = (shows.into_iter())
        .map(|(tenant, ids)| {
            let ids = (ids.into_iter())
                .map(|(id, number)| Ok((id, i32::try_from(number)?)))
                .collect::<anyhow::Result<_>>()?;
            Ok((tenant, ids))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Numbers { shows, imports })
}

/// The number of import `import` of `tenant`, if it has one (an import that accepted no row
/// has none).
pub(super) async fn import_no(
    conn: &mut PgConnection,
    tenant: &str,
    import: &str,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT import_no FROM rm_metrics_imports WHERE tenant_id = $1 AND import_id = $2",
    )
    .bind(tenant)
    .bind(import)
    .fetch_optional(conn)
    .await
}

/// A table of numbers: its name, and its id and number columns.
struct Table {
    name: &'static str,
    id: &'static str,
    number: &'static str,
}

impl Table {
    const SHOWS: Table = Table {
        name: "rm_metrics_shows",
        id: "show_id",
        number: "show_no",
    };
    const IMPORTS: Table = Table {
        name: "rm_metrics_imports",
        id: "import_id",
        number: "import_no",
    };
}

/// Numbers `keys` in `table`, the new ones in the keys' order, and reads them all. Only keys
/// without a number are inserted, so no number is drawn for nothing.
async fn of<'a>(
    conn: &mut PgConnection,
    table: Table,
    keys: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> sqlx::Result<ByTenant<i64>> {
    let keys: BTreeSet<(&str, &str)> = keys.into_iter().collect();
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let Table { name, id, number } = table;
    let sql = format!(
        "WITH wanted AS (
             SELECT * FROM UNNEST($1::text[], $2::text[]) WITH ORDINALITY AS w(tenant_id, id, ord)),
         given AS (
             INSERT INTO {name} (tenant_id, {id})
             SELECT w.tenant_id, w.id FROM wanted w
              WHERE NOT EXISTS (SELECT 1 FROM {name} t
                                 WHERE t.tenant_id = w.tenant_id AND t.{id} = w.id)
              ORDER BY w.ord
             RETURNING tenant_id, {id}, {number})
         SELECT tenant_id, {id}, {number}::int8 FROM given
          UNION ALL
         SELECT t.tenant_id, t.{id}, t.{number}::int8
           FROM wanted w JOIN {name} t ON t.tenant_id = w.tenant_id AND t.{id} = w.id"
    );
    let rows: Vec<(String, String, i64)> = sqlx::query_as(&sql)
        .bind(keys.iter().map(|(tenant, _)| *tenant).collect::<Vec<_>>())
        .bind(keys.iter().map(|(_, id)| *id).collect::<Vec<_>>())
        .fetch_all(conn)
        .await?;
    let mut numbers = ByTenant::new();
    for (tenant, id, number) in rows {
        numbers.entry(tenant).or_default().insert(id, number);
    }
    Ok(numbers)
}
