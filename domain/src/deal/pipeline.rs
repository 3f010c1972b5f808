//! The pipeline by stage (SPEC 5, `GET /api/v1/pipeline`): every stage in stage order with
//! its deals, their amount and their weighted amount, the latter the sum of the deals'
//! rounded weighted amounts (as a month of the forecast is).

use serde::{Deserialize, Serialize};

use super::{weighted_amount, DealStage};
use crate::bounds::Overflow;

/// The deals of one stage.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, schemars::JsonSchema)]
pub struct StageTotal {
    /// The stage.
    pub stage: DealStage,
    /// How many deals are in it.
    pub deals: u64,
    /// The sum of their amounts, in minor units.
    pub amount: i64,
    /// The sum of their weighted amounts, each rounded first ([`weighted_amount`]).
    pub weighted_amount: i64,
}

/// The totals of every stage of [`DealStage::ALL`], in that order, empty stages included,
/// from each deal's `(stage, amount in minor units)`; an [`Overflow`] if a sum does not fit.
pub fn pipeline_by_stage(
    deals: impl IntoIterator<Item = (DealStage, i64)>,
) -> Result<Vec<StageTotal>, Overflow> {
    let mut totals: Vec<StageTotal> = (DealStage::ALL.iter())
        .map(|&stage| StageTotal {
            stage,
            deals: 0,
            amount: 0,
            weighted_amount: 0,
        })
        .collect();
    for (stage, amount) in deals {
        let Some(total) = totals.iter_mut().find(|t| t.stage == stage) else {
            continue;
        };
        total.deals += 1;
        total.amount = (total.amount.checked_add(amount)).ok_or(Overflow::of("stage amount"))?;
        total.weighted_amount = (total.weighted_amount)
            .checked_add(weighted_amount(amount, stage))
            .ok_or(Overflow::of("stage weighted amount"))?;
    }
    Ok(totals)
}
