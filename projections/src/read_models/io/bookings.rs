//! The booked lines the inventory calendar counts (SPEC 7): lines of signed, not cancelled
//! IOs on some shows whose flights overlap a range of days.

use chrono::NaiveDate;
use cuepoint_domain::catalog::Placement;
use cuepoint_domain::io::{Flight, Stage};
use sqlx::PgPool;

use super::projection::stage_name;
use crate::read_models::stored_value_error;

/// One line booked on a show's placement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Booking {
    /// The show.
    pub show_id: String,
    /// The placement.
    pub placement: Placement,
    /// The line's flight.
    pub flight: Flight,
}

/// The current lines on `show_ids` of the tenant's IOs whose stage is `signed` (signed,
/// live or completed; an amended IO back in `sent` and a cancelled one are not) and whose
/// flight shares a day with `from..=to`.
pub async fn booked_lines(
    pool: &PgPool,
    tenant_id: &str,
    show_ids: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<Booking>> {
    let rows: Vec<(String, String, NaiveDate, NaiveDate)> = sqlx::query_as(
        "SELECT l.show_id, l.placement, l.start_day, l.end_day
           FROM rm_ios r
          CROSS JOIN LATERAL (
                SELECT e ->> 'show_id' AS show_id, e ->> 'placement' AS placement,
                       (e -> 'flight' ->> 'start')::date AS start_day,
                       (e -> 'flight' ->> 'end')::date AS end_day
                  FROM jsonb_array_elements(r.state -> 'state' -> 'line_items') AS e) l
          WHERE r.tenant_id = $1 AND r.stage = $2 AND r.show_ids && $3
            AND r.first_start <= $5 AND r.last_end >= $4
            AND l.show_id = ANY($3) AND l.start_day <= $5 AND l.end_day >= $4",
    )
    .bind(tenant_id)
    .bind(stage_name(Stage::Signed))
    .bind(show_ids)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    (rows.into_iter())
        .map(|(show_id, placement, start, end)| {
            Ok(Booking {
                show_id,
                placement: placement.parse().map_err(stored_value_error)?,
                flight: Flight::new(start, end).map_err(stored_value_error)?,
            })
        })
        .collect()
}
