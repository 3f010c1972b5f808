//! The `matches` projection's own copy of the catalog profiles it scores (`rm_match_profiles`;
//! the migration says why it does not read the catalog's tables).

use serde::de::DeserializeOwned;
use serde_json::Value;
use sqlx::PgConnection;

use crate::read_models::catalog::Kind;

/// The table.
pub(super) const TABLE: &str = "rm_match_profiles";

/// The `kind` column of a catalog entry.
pub(super) fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Show => "show",
        Kind::Advertiser => "advertiser",
    }
}

/// The newest profile of one entry within a batch.
pub(super) struct Changed<'a> {
    pub tenant_id: &'a str,
    pub kind: Kind,
    pub id: &'a str,
    pub version: i64,
    /// As JSON text.
    pub profile: String,
}

/// Stores the changed profiles in one statement; an older version never replaces a newer.
pub(super) async fn store(conn: &mut PgConnection, changed: &[Changed<'_>]) -> sqlx::Result<()> {
    if changed.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO rm_match_profiles (tenant_id, kind, id, version, profile)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[]::jsonb[])
         ON CONFLICT (tenant_id, kind, id) DO UPDATE
            SET version = EXCLUDED.version, profile = EXCLUDED.profile
          WHERE rm_match_profiles.version < EXCLUDED.version",
    )
    .bind(changed.iter().map(|c| c.tenant_id).collect::<Vec<_>>())
    .bind(
        changed
            .iter()
            .map(|c| kind_name(c.kind))
            .collect::<Vec<_>>(),
    )
    .bind(changed.iter().map(|c| c.id).collect::<Vec<_>>())
    .bind(changed.iter().map(|c| c.version).collect::<Vec<_>>())
    .bind(
        changed
            .iter()
            .map(|c| c.profile.as_str())
            .collect::<Vec<_>>(),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The stored profiles of `tenant`'s entries of `kind`: those in `only`, or all of them,
/// decoded as `T` (`ShowProfile` or `AdvertiserProfile`), in id order. The two cases are two
/// statements: one plan for both (`$3 IS NULL OR id = ANY($3)`) read every entry of the kind
/// even for a few ids.
pub(super) async fn load<T: DeserializeOwned>(
    conn: &mut PgConnection,
    tenant_id: &str,
    kind: Kind,
    only: Option<&[&str]>,
) -> anyhow::Result<Vec<(String, T)>> {
    let only_ids = if only.is_some() {
        "AND id = ANY($3)"
    } else {
        ""
    };
    let sql = format!(
        "SELECT id, profile FROM rm_match_profiles
          WHERE tenant_id = $1 AND kind = $2 {only_ids}
          ORDER BY id"
    );
    let mut query = sqlx::query_as(&sql).bind(tenant_id).bind(kind_name(kind));
    if let Some(ids) = only {
        query = query.bind(ids);
    }
    let rows: Vec<(String, Value)> = query.fetch_all(conn).await?;
    (rows.into_iter())
        .map(|(id, profile)| Ok((id, serde_json::from_value(profile)?)))
        .collect()
}
