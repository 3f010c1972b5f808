//! The weighted forecast (SPEC 5): open deals grouped by the month of their expected close
//! date; a month's weighted amount is the sum of its deals' rounded weighted amounts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{weighted_amount, DealStage, Month};
use crate::bounds::{checked_sum, Overflow};

/// What the forecast needs of a deal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ForecastDeal {
    /// Its amount, in minor units.
    pub amount: i64,
    /// Its stage (closed deals are left out of the forecast).
    pub stage: DealStage,
    /// The day it is expected to close.
    pub expected_close_date: NaiveDate,
}

/// The forecast of one month.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, schemars::JsonSchema)]
pub struct MonthForecast {
    /// The month of the expected close dates.
    pub month: Month,
    /// How many open deals are expected to close in it.
    pub deals: u64,
    /// The sum of their amounts, in minor units.
    pub amount: i64,
    /// The sum of their weighted amounts, each rounded first ([`weighted_amount`]).
    pub weighted_amount: i64,
}

/// The forecast of the open deals among `deals`, one entry per month that has any, by month
/// ascending; an [`Overflow`] if a sum does not fit.
pub fn forecast_by_month(
    deals: impl IntoIterator<Item = ForecastDeal>,
) -> Result<Vec<MonthForecast>, Overflow> {
    let mut months: BTreeMap<Month, Vec<ForecastDeal>> = BTreeMap::new();
    for deal in deals.into_iter().filter(|d| d.stage.is_open()) {
        let month = Month::of(deal.expected_close_date);
        months.entry(month).or_default().push(deal);
    }
    (months.into_iter())
        .map(|(month, deals)| {
            let amount = checked_sum(deals.iter().map(|d| d.amount), "forecast amount")?;
            let weighted = deals.iter().map(|d| weighted_amount(d.amount, d.stage));
            Ok(MonthForecast {
                month,
                deals: deals.len() as u64,
                amount,
                weighted_amount: checked_sum(weighted, "forecast weighted amount")?,
            })
        })
        .collect()
}
