//! The validated description of a deal: what a create records and an update changes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::field_rules::{
    amount, created_on, expected_close_date, name, open_stage, owner, show_ids,
};
use super::{DealAmount, DealInput, DealPatch, DealStage};
use crate::fields::{required_id, tenant_currency_of};
use crate::ids::{AdvertiserId, ShowId};
use crate::money::Currency;
use crate::violation::Violations;

/// A deal's validated fields (SPEC 5: advertiser, name, amount and currency, expected close
/// date, owner, optional shows).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub struct DealDetails {
    /// The advertiser the deal is with.
    pub advertiser_id: AdvertiserId,
    /// What the deal is called.
    pub name: String,
    /// What the deal is worth, in minor units of `currency`.
    pub amount: DealAmount,
    /// The deal's currency: always its tenant's.
    pub currency: Currency,
    /// The day the deal is expected to close.
    pub expected_close_date: NaiveDate,
    /// Who on the sales team owns the deal.
    pub owner: String,
    /// The shows the deal is about (possibly none), without duplicates.
    pub show_ids: Vec<ShowId>,
}

/// A validated create: the deal, its first stage and its creation day.
#[derive(Clone, Debug, PartialEq)]
pub struct NewDeal {
    /// The deal's fields.
    pub details: DealDetails,
    /// The open stage it starts in.
    pub stage: DealStage,
    /// The day it was created (today, or the day given for a carried-over deal).
    pub created_on: NaiveDate,
}

impl DealInput {
    /// Validates the input of a tenant priced in `tenant_currency` on `today`, collecting
    /// every violation by field (`amount`, `show_ids[1]`, `created_on`, ...). Whether the
    /// advertiser and shows exist is the aggregate's question, not this one's.
    pub fn parse(
        &self,
        tenant_currency: Currency,
        today: NaiveDate,
    ) -> Result<NewDeal, Violations> {
        let mut v = Violations::new();
        let advertiser_id = required_id("advertiser_id", self.advertiser_id.as_deref(), &mut v);
        let name = name(self.name.as_deref(), &mut v);
        let amount = amount(self.amount, &mut v);
        let currency =
            tenant_currency_of("a deal", self.currency.as_deref(), tenant_currency, &mut v);
        let expected_close_date = expected_close_date(self.expected_close_date.as_deref(), &mut v);
        let owner = owner(self.owner.as_deref(), &mut v);
        let show_ids = show_ids(&self.show_ids, &mut v);
        let stage = match self.stage.as_deref() {
            None => Some(DealStage::default()),
            raw => open_stage("stage", raw, &mut v),
        };
        let created_on = created_on(self.created_on.as_deref(), today, &mut v);
        let new = || {
            let details = DealDetails {
                advertiser_id: advertiser_id?,
                name: name?,
                amount: amount?,
                currency: currency?,
                expected_close_date: expected_close_date?,
                owner: owner?,
                show_ids: show_ids?,
            };
            Some(NewDeal {
                details,
                stage: stage?,
                created_on: created_on?,
            })
        };
        match new() {
            Some(new) => v.into_result(new),
            None => Err(v),
        }
    }
}

impl DealDetails {
    /// These fields with every field present in `patch` validated and replaced, or every
    /// violation found.
    pub fn patched(&self, patch: &DealPatch) -> Result<DealDetails, Violations> {
        let mut v = Violations::new();
        let mut next = self.clone();
        if let Some(n) = (patch.name.as_deref()).and_then(|raw| name(Some(raw), &mut v)) {
            next.name = n;
        }
        if let Some(a) = patch.amount.and_then(|raw| amount(Some(raw), &mut v)) {
            next.amount = a;
        }
        let raw_close = patch.expected_close_date.as_deref();
        if let Some(d) = raw_close.and_then(|raw| expected_close_date(Some(raw), &mut v)) {
            next.expected_close_date = d;
        }
        if let Some(o) = (patch.owner.as_deref()).and_then(|raw| owner(Some(raw), &mut v)) {
            next.owner = o;
        }
        if let Some(s) = (patch.show_ids.as_deref()).and_then(|raw| show_ids(raw, &mut v)) {
            next.show_ids = s;
        }
        v.into_result(next)
    }
}
