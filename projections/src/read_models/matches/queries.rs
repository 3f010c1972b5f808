//! Queries over the matches read model: an advertiser's shows by fit, and the shows left
//! out. Every query is filtered by tenant.

use cuepoint_domain::catalog::Placement;
use cuepoint_domain::matching::{Excluded, Fit};
use serde::Serialize;
use sqlx::PgPool;

use crate::read_models::stored_value_error;

/// A show's fit for an advertiser (the `fit` items of the advertiser dashboard, SPEC 7.1).
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ShowFit {
    /// The show.
    pub show_id: String,
    /// Its name.
    pub show_name: String,
    /// The score, its parts and the over-budget placements.
    #[serde(flatten)]
    pub fit: Fit,
}

/// A show the advertiser cannot run on, and why.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ExcludedShow {
    /// The show.
    pub show_id: String,
    /// Its name.
    pub show_name: String,
    /// Why (`blocked_category`).
    pub reason: Excluded,
}

type FitRow = (String, String, i16, f64, f64, f64, Vec<String>);

/// The advertiser's `limit` best-fitting shows: by score descending, then show name (then
/// id, so that ties of name are stable).
pub async fn ranked(
    pool: &PgPool,
    tenant_id: &str,
    advertiser_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<ShowFit>> {
    let rows: Vec<FitRow> = sqlx::query_as(
        "SELECT show_id, show_name, score, category, demo, geo, over_budget FROM rm_matches
          WHERE tenant_id = $1 AND advertiser_id = $2 AND excluded IS NULL
          ORDER BY score DESC, show_name, show_id LIMIT $3",
    )
    .bind(tenant_id)
    .bind(advertiser_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(decode_fit).collect()
}

/// Up to `limit` shows excluded for the advertiser, by show name (then id).
pub async fn excluded(
    pool: &PgPool,
    tenant_id: &str,
    advertiser_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<ExcludedShow>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT show_id, show_name, excluded FROM rm_matches
          WHERE tenant_id = $1 AND advertiser_id = $2 AND excluded IS NOT NULL
          ORDER BY show_name, show_id LIMIT $3",
    )
    .bind(tenant_id)
    .bind(advertiser_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    (rows.into_iter())
        .map(|(show_id, show_name, reason)| {
            Ok(ExcludedShow {
                show_id,
                show_name,
                reason: reason.parse().map_err(stored_value_error)?,
            })
        })
        .collect()
}

fn decode_fit(
    (show_id, show_name, score, category, demo, geo, over_budget): FitRow,
) -> sqlx::Result<ShowFit> {
    let over_budget = (over_budget.iter())
        .map(|p| p.parse::<Placement>())
        .collect::<Result<_, _>>()
        .map_err(stored_value_error)?;
    Ok(ShowFit {
        show_id,
        show_name,
        fit: Fit {
            score: u8::try_from(score).map_err(stored_value_error)?,
            category,
            demo,
            geo,
            over_budget,
        },
    })
}
