//! Scoring the pairs a change affects, through the domain's `audience_fit`, and writing them
//! set-based.
//!
//! Cost: a changed show is scored against every advertiser of its tenant, a changed
//! advertiser against every show (a batch's changes are scored together, each pair once).
//! The profiles are loaded in one query per kind, the pairs computed in memory and written
//! [`CHUNK`] rows per statement; a pair whose figures did not change is not rewritten.

use std::collections::HashSet;

use cuepoint_domain::catalog::{AdvertiserProfile, ShowProfile};
use cuepoint_domain::matching::audience_fit;
use sqlx::PgConnection;

use super::profiles;
use crate::read_models::catalog::Kind;

/// Rows per statement when writing scores.
const CHUNK: usize = 5_000;

/// What changed in one tenant within a batch.
#[derive(Default)]
pub(super) struct TenantChanges<'a> {
    pub shows: Vec<&'a str>,
    pub advertisers: Vec<&'a str>,
}

/// Scores every pair of `tenant_id` with a changed show or a changed advertiser, from the
/// stored profiles; returns the rows written (changed pairs).
pub(super) async fn rescore(
    conn: &mut PgConnection,
    tenant_id: &str,
    changes: &TenantChanges<'_>,
) -> anyhow::Result<u64> {
    // Every show is needed when an advertiser changed, every advertiser when a show did.
    let shows_wanted = changes.advertisers.is_empty().then_some(&changes.shows[..]);
    let advertisers_wanted = changes.shows.is_empty().then_some(&changes.advertisers[..]);
    // The side loaded whole goes first: without any entry of it there is no pair to score.
    let (shows, advertisers) = if shows_wanted.is_none() {
        let shows = profiles::load::<ShowProfile>(conn, tenant_id, Kind::Show, None).await?;
        if shows.is_empty() {
            return Ok(0);
        }
        let advertisers =
            profiles::load(conn, tenant_id, Kind::Advertiser, advertisers_wanted).await?;
        (shows, advertisers)
    } else {
        let advertisers = profiles::load::<AdvertiserProfile>(
            conn,
            tenant_id,
            Kind::Advertiser,
            advertisers_wanted,
        )
        .await?;
        if advertisers.is_empty() {
            return Ok(0);
        }
        let shows = profiles::load(conn, tenant_id, Kind::Show, shows_wanted).await?;
        (shows, advertisers)
    };
    let changed_shows: HashSet<&str> = changes.shows.iter().copied().collect();
    let changed_advertisers: HashSet<&str> = changes.advertisers.iter().copied().collect();
    let mut rows = Vec::new();
    for (advertiser_id, advertiser) in &advertisers {
        let advertiser_changed = changed_advertisers.contains(advertiser_id.as_str());
        for (show_id, show) in &shows {
            if advertiser_changed || changed_shows.contains(show_id.as_str()) {
                rows.push(Scored::of(advertiser_id, advertiser, show_id, show));
            }
        }
    }
    write_all(conn, tenant_id, &rows).await
}

/// What [`rescore_all`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recalculated {
    /// Pairs (advertiser, show) scored.
    pub scored: u64,
    /// Pairs whose stored figures differed and were rewritten.
    pub changed: u64,
}

/// Scores every pair of `tenant_id` from the stored profiles and rewrites the pairs whose
/// stored figures differ.
pub(super) async fn rescore_all(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> anyhow::Result<Recalculated> {
    let shows: Vec<(String, ShowProfile)> =
        profiles::load(conn, tenant_id, Kind::Show, None).await?;
    let advertisers: Vec<(String, AdvertiserProfile)> =
        profiles::load(conn, tenant_id, Kind::Advertiser, None).await?;
    let rows: Vec<Scored> = (advertisers.iter())
        .flat_map(|(advertiser_id, advertiser)| {
            (shows.iter())
                .map(move |(show_id, show)| Scored::of(advertiser_id, advertiser, show_id, show))
        })
        .collect();
    Ok(Recalculated {
        scored: rows.len() as u64,
        changed: write_all(conn, tenant_id, &rows).await?,
    })
}

/// Writes `rows` [`CHUNK`] at a time; returns the rows written (changed pairs).
async fn write_all(
    conn: &mut PgConnection,
    tenant_id: &str,
    rows: &[Scored<'_>],
) -> anyhow::Result<u64> {
    let mut written = 0;
    for chunk in rows.chunks(CHUNK) {
        written += write(conn, tenant_id, chunk).await?;
    }
    Ok(written)
}

/// One pair's row of `rm_matches`.
struct Scored<'a> {
    advertiser_id: &'a str,
    show_id: &'a str,
    show_name: &'a str,
    score: Option<i16>,
    category: Option<f64>,
    demo: Option<f64>,
    geo: Option<f64>,
    /// Placement names joined by commas (`string_to_array` in the statement).
    over_budget: String,
    excluded: Option<&'static str>,
}

impl<'a> Scored<'a> {
    /// The pair scored by [`audience_fit`].
    fn of(
        advertiser_id: &'a str,
        advertiser: &AdvertiserProfile,
        show_id: &'a str,
        show: &'a ShowProfile,
    ) -> Scored<'a> {
        let mut row = Scored {
            advertiser_id,
            show_id,
            show_name: show.name(),
            score: None,
            category: None,
            demo: None,
            geo: None,
            over_budget: String::new(),
            excluded: None,
        };
        match audience_fit(show, advertiser) {
            Ok(fit) => {
                row.score = Some(i16::from(fit.score));
                row.category = Some(fit.category);
                row.demo = Some(fit.demo);
                row.geo = Some(fit.geo);
                let placements: Vec<&str> = fit.over_budget.iter().map(|p| p.as_str()).collect();
                row.over_budget = placements.join(",");
            }
            Err(reason) => row.excluded = Some(reason.as_str()),
        }
        row
    }
}

/// Upserts `rows`, leaving a row whose figures are unchanged untouched; returns the rows
/// written.
async fn write(conn: &mut PgConnection, tenant_id: &str, rows: &[Scored<'_>]) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "INSERT INTO rm_matches (tenant_id, advertiser_id, show_id, show_name, score, category,
                                 demo, geo, over_budget, excluded)
         SELECT $1, a, s, n, sc, c, d, g, string_to_array(ob, ','), ex
           FROM UNNEST($2::text[], $3::text[], $4::text[], $5::int2[], $6::float8[],
                       $7::float8[], $8::float8[], $9::text[], $10::text[])
             AS batch(a, s, n, sc, c, d, g, ob, ex)
         ON CONFLICT (tenant_id, advertiser_id, show_id) DO UPDATE
            SET show_name = EXCLUDED.show_name, score = EXCLUDED.score,
                category = EXCLUDED.category, demo = EXCLUDED.demo, geo = EXCLUDED.geo,
                over_budget = EXCLUDED.over_budget, excluded = EXCLUDED.excluded
          WHERE (rm_matches.show_name, rm_matches.score, rm_matches.category, rm_matches.demo,
                 rm_matches.geo, rm_matches.over_budget, rm_matches.excluded)
                IS DISTINCT FROM
                (EXCLUDED.show_name, EXCLUDED.score, EXCLUDED.category, EXCLUDED.demo,
                 EXCLUDED.geo, EXCLUDED.over_budget, EXCLUDED.excluded)",
    )
    .bind(tenant_id)
    .bind(rows.iter().map(|r| r.advertiser_id).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.show_id).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.show_name).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.score).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.category).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.demo).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.geo).collect::<Vec<_>>())
    .bind(
        rows.iter()
            .map(|r| r.over_budget.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(rows.iter().map(|r| r.excluded).collect::<Vec<_>>())
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
