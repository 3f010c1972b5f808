//! The pipeline by stage (`GET /api/v1/pipeline`): every deal's stage and amount, summed by
//! the domain's `pipeline_by_stage`.

use cuepoint_domain::deal::{pipeline_by_stage, DealStage, StageTotal};
use sqlx::PgPool;

use super::decode::parse;
use crate::read_models::overflow;

/// Every stage of the tenant's pipeline in stage order, empty stages included.
pub async fn pipeline(pool: &PgPool, tenant_id: &str) -> sqlx::Result<Vec<StageTotal>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT stage, amount FROM rm_deals WHERE tenant_id = $1")
            .bind(tenant_id)
            .fetch_all(pool)
            .await?;
    let deals = (rows.iter())
        .map(|(stage, amount)| Ok((parse::<DealStage>(stage)?, *amount)))
        .collect::<sqlx::Result<Vec<_>>>()?;
    pipeline_by_stage(deals).map_err(overflow)
}
