//! The CPM lines whose flights have ended, with what they delivered: what the
//! makegood-detection job (SPEC 8) gives the IO aggregate's `DetectUnderDelivery`, which
//! decides (by the domain's `owed_makegood`) whether a makegood is owed.

use chrono::NaiveDate;
use cuepoint_domain::ids::{IoId, LineItemId};
use cuepoint_domain::io::{delivered, IoBooking, LineItem};
use sqlx::types::Json;
use sqlx::PgPool;

use crate::read_models::dashboards::creator::line_deliveries;
use crate::read_models::{overflow, stored_value_error};

/// A CPM line of a signed IO whose flight ended on or before the day asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndedLine {
    /// The IO.
    pub io_id: IoId,
    /// The line.
    pub line_item_id: LineItemId,
    /// Impressions delivered over its whole flight.
    pub delivered: u64,
}

/// The tenant's CPM lines of signed IOs (signed, live or completed: not amended back to
/// `sent`, not cancelled) whose flight ended on or before `as_of`, with their delivered
/// impressions as of `as_of`, in IO id order, then line order.
pub async fn ended_cpm_lines(
    pool: &PgPool,
    tenant_id: &str,
    as_of: NaiveDate,
) -> sqlx::Result<Vec<EndedLine>> {
    let rows: Vec<(String, Json<IoBooking>)> = sqlx::query_as(
        "SELECT io_id, state FROM rm_ios
          WHERE tenant_id = $1 AND stage = 'signed' AND first_start <= $2
          ORDER BY io_id",
    )
    .bind(tenant_id)
    .bind(as_of)
    .fetch_all(pool)
    .await?;
    let mut ended: Vec<(IoId, &LineItem)> = Vec::new();
    for (io_id, Json(booking)) in &rows {
        let io_id: IoId = io_id.parse().map_err(stored_value_error)?;
        let state = (booking.state())
            .ok_or_else(|| sqlx::Error::Decode("an IO row without state".into()))?;
        ended.extend(
            (state.line_items.iter())
                .filter(|line| line.pricing().goal().is_some() && line.flight().end() <= as_of)
                .map(|line| (io_id.clone(), line)),
        );
    }
    let lines: Vec<&LineItem> = ended.iter().map(|(_, line)| *line).collect();
    let deliveries = line_deliveries(pool, tenant_id, &lines, as_of).await?;
    (ended.iter().enumerate())
        .map(|(index, (io_id, line))| {
            Ok(EndedLine {
                io_id: io_id.clone(),
                line_item_id: line.id().clone(),
                delivered: delivered(line.flight(), deliveries.of(index), as_of)
                    .map_err(overflow)?,
            })
        })
        .collect()
}
