//! The matches read model (SPEC 7, audience fit): every (advertiser, show) pair of a tenant
//! scored by the domain's `matching::audience_fit`, kept current by the `matches`
//! projection as shows and advertisers are created and changed, and listed best first.

mod profiles;
mod projection;
mod queries;
mod scores;

pub use projection::MatchesProjection;
pub use queries::{excluded, ranked, ExcludedShow, ShowFit};
pub use scores::Recalculated;

use sqlx::PgPool;

/// Recomputes every audience-fit score of the tenant (the recalculate-matches job, SPEC 8)
/// and rewrites those that differ from the stored ones, counting them. The tenant's stored
/// profiles are locked for the transaction, so the projection cannot change a profile
/// between the read and the write of its scores.
pub async fn recalculate(pool: &PgPool, tenant_id: &str) -> anyhow::Result<Recalculated> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT 1 FROM rm_match_profiles WHERE tenant_id = $1 FOR SHARE")
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?;
    let done = scores::rescore_all(&mut tx, tenant_id).await?;
    tx.commit().await?;
    Ok(done)
}
