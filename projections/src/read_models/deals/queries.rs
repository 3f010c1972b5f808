//! The deal list and the deal detail. Every query is filtered by tenant; deals are the
//! sales team's, so there is no narrower scope (the API admits staff only).

use chrono::NaiveDate;
use cuepoint_domain::deal::DealStage;
use sqlx::PgPool;

use super::decode::parse;
use super::view::{DealRow, DEAL_COLUMNS};
use super::{DealDetail, DealSummary, StageView};
use crate::read_models::page::{Page, PageRequest};

/// The filters of the deal list; all optional, combined with AND.
#[derive(Clone, Debug, Default)]
pub struct DealFilter {
    /// Deals in this stage.
    pub stage: Option<DealStage>,
    /// Deals of this owner (the exact name).
    pub owner: Option<String>,
    /// Deals with this advertiser.
    pub advertiser_id: Option<String>,
    /// Deals expected to close on or after this day...
    pub close_from: Option<NaiveDate>,
    /// ...and on or before this day.
    pub close_to: Option<NaiveDate>,
}

/// Lists the tenant's deals in id order (ids are time-ordered: oldest first).
pub async fn list_deals(
    pool: &PgPool,
    tenant_id: &str,
    filter: &DealFilter,
    page: &PageRequest,
) -> sqlx::Result<Page<DealSummary>> {
    let limit = page.limit();
    let sql = format!(
        "SELECT {DEAL_COLUMNS} FROM rm_deals
          WHERE tenant_id = $1
            AND ($2::text IS NULL OR stage = $2)
            AND ($3::text IS NULL OR owner = $3)
            AND ($4::text IS NULL OR advertiser_id = $4)
            AND ($5::date IS NULL OR expected_close_date >= $5)
            AND ($6::date IS NULL OR expected_close_date <= $6)
            AND ($7::text IS NULL OR deal_id > $7)
          ORDER BY deal_id LIMIT $8"
    );
    let rows: Vec<DealRow> = sqlx::query_as(&sql)
        .bind(tenant_id)
        .bind(filter.stage.map(|s| s.as_str()))
        .bind(filter.owner.as_deref())
        .bind(filter.advertiser_id.as_deref())
        .bind(filter.close_from)
        .bind(filter.close_to)
        .bind(page.after.as_deref())
        .bind(limit + 1)
        .fetch_all(pool)
        .await?;
    let items = (rows.into_iter())
        .map(DealRow::summary)
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Page::from_overfetch(items, limit, |d| d.id.clone()))
}

/// A deal row with its stage history, read in one statement (one snapshot).
#[derive(sqlx::FromRow)]
struct DetailRow {
    #[sqlx(flatten)]
    deal: DealRow,
    history_stages: Vec<String>,
    history_days: Vec<NaiveDate>,
}

/// One deal of the tenant with its stage history, or `None` (also for another tenant's).
pub async fn get_deal(
    pool: &PgPool,
    tenant_id: &str,
    id: &str,
) -> sqlx::Result<Option<DealDetail>> {
    let sql = format!(
        "SELECT {DEAL_COLUMNS},
                ARRAY(SELECT stage FROM rm_deal_stages s
                       WHERE s.tenant_id = d.tenant_id AND s.deal_id = d.deal_id
                       ORDER BY seq) AS history_stages,
                ARRAY(SELECT entered_on FROM rm_deal_stages s
                       WHERE s.tenant_id = d.tenant_id AND s.deal_id = d.deal_id
                       ORDER BY seq) AS history_days
           FROM rm_deals d WHERE tenant_id = $1 AND deal_id = $2"
    );
    let found: Option<DetailRow> = sqlx::query_as(&sql)
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let Some(DetailRow {
        mut deal,
        history_stages,
        history_days,
    }) = found
    else {
        return Ok(None);
    };
    let stage_history = (history_stages.iter().zip(history_days))
        .map(|(stage, entered_on)| {
            Ok(StageView {
                stage: parse(stage)?,
                entered_on,
            })
        })
        .collect::<sqlx::Result<_>>()?;
    Ok(Some(DealDetail {
        loss_note: deal.loss_note.take(),
        deal: deal.summary()?,
        stage_history,
    }))
}
