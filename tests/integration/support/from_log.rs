//! What the read models should hold, derived in SQL from the events themselves: the oracle
//! the live worker and a rebuild are both held to.

use sqlx::PgPool;

/// Asserts that the catalog read models hold exactly what the events up to the stored
/// checkpoint say, every column, derived here in SQL from the events: the last event's
/// version, name and profile, the first event's time as `created_at`, the last one's as
/// `updated_at`. Returns the number of entries.
pub async fn assert_catalog_at_checkpoint(pool: &PgPool, when: &str) -> i64 {
    let (entries, mismatches): (i64, Vec<String>) = sqlx::query_as(
        "WITH cp AS (SELECT tx_id, global_position FROM projection_checkpoints
                      WHERE projection = 'catalog'),
              seen AS (
                SELECT e.aggregate_type AS kind, e.tenant_id,
                       substr(e.aggregate_id, length(e.tenant_id) + 2) AS id, e.sequence,
                       e.recorded_at,
                       COALESCE(e.payload -> 'ShowCreated', e.payload -> 'ShowUpdated',
                                e.payload -> 'AdvertiserCreated',
                                e.payload -> 'AdvertiserUpdated') -> 'profile' AS profile
                  FROM events e, cp
                 WHERE e.aggregate_type IN ('show', 'advertiser')
                   AND (e.tx_id, e.global_position) <= (cp.tx_id, cp.global_position)),
              expected AS (
                SELECT DISTINCT ON (kind, tenant_id, id) kind, tenant_id, id,
                       jsonb_build_object(
                         'tenant_id', tenant_id,
                         CASE kind WHEN 'show' THEN 'show_id' ELSE 'advertiser_id' END, id,
                         'version', sequence, 'name', profile ->> 'name',
                         'profile', profile::jsonb,
                         'created_at', first_value(recorded_at) OVER (
                             PARTITION BY kind, tenant_id, id ORDER BY sequence),
                         'updated_at', recorded_at) AS row
                  FROM seen
                 ORDER BY kind, tenant_id, id, sequence DESC),
              actual AS (
                SELECT 'show' AS kind, tenant_id, show_id AS id, to_jsonb(r) AS row FROM rm_shows r
                UNION ALL
                SELECT 'advertiser', tenant_id, advertiser_id, to_jsonb(r) FROM rm_advertisers r)
         SELECT (SELECT count(*) FROM expected),
                COALESCE(array_agg(COALESCE(e.kind, a.kind) || ' ' || COALESCE(e.id, a.id)
                                   || ': expected ' || COALESCE((e.row - 'profile')::text, 'none')
                                   || ', found ' || COALESCE((a.row - 'profile')::text, 'none')
                                   || CASE WHEN e.row -> 'profile' IS DISTINCT FROM a.row -> 'profile'
                                           THEN ' (profiles differ)' ELSE '' END)
                           FILTER (WHERE e.row IS DISTINCT FROM a.row), '{}')
           FROM expected e FULL JOIN actual a USING (kind, tenant_id, id)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(
        mismatches.is_empty(),
        "{when}: the read model and the stored checkpoint disagree (a half-applied batch), {} entries: {:#?}",
        mismatches.len(),
        &mismatches[..mismatches.len().min(5)]
    );
    entries
}
