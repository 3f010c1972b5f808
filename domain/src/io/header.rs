//! The IO header: who buys, in which currency, on which terms.

use serde::{Deserialize, Serialize};

use super::{LineItem, LineItemInput, MakegoodTolerance, PaymentTerms};
use crate::fields::{id, parse_one, required_id, tenant_currency_of};
use crate::ids::{AdvertiserId, DealId, LineItemId};
use crate::money::Currency;
use crate::violation::{FieldViolation, Violations};

/// The most line items an IO may hold.
pub const MAX_LINE_ITEMS: usize = 200;

/// The unvalidated body of an IO create: the header and its first line items.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IoInput {
    /// The buying advertiser. Required.
    #[serde(default)]
    pub advertiser_id: Option<String>,
    /// ISO-4217; must be the tenant's currency, which is also the default.
    #[serde(default)]
    pub currency: Option<String>,
    /// `prepaid` or `net_<days>`; default `net_30`.
    #[serde(default)]
    pub payment_terms: Option<String>,
    /// Makegood tolerance in basis points (0..=10000); default 1000 (10 %).
    #[serde(default)]
    pub makegood_tolerance_bps: Option<i64>,
    /// The deal this IO closes, if any.
    #[serde(default)]
    pub deal_id: Option<String>,
    /// The first line items (more can be added while the IO is a draft).
    #[serde(default)]
    pub line_items: Vec<LineItemInput>,
}

/// The validated IO header.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub struct IoHeader {
    /// The buying advertiser.
    pub advertiser_id: AdvertiserId,
    /// The IO's currency: always its tenant's.
    pub currency: Currency,
    /// When the advertiser pays.
    pub payment_terms: PaymentTerms,
    /// How far below goal a CPM line may deliver without a makegood.
    pub makegood_tolerance: MakegoodTolerance,
    /// The deal this IO closes.
    pub deal_id: Option<DealId>,
}

/// The id of the `n`-th line item of an IO (1-based): `li-<n>`.
pub fn line_item_id(n: usize) -> LineItemId {
    // `li-<digits>` is always a valid id; the fallback cannot happen.
    format!("li-{n}")
        .parse()
        .unwrap_or_else(|_| LineItemId::generate())
}

impl IoInput {
    /// Validates the input for a tenant priced in `tenant_currency`, collecting every
    /// violation (`advertiser_id`, `currency`, `line_items[2].flight.end`, ...). Line items
    /// get the ids `li-1`, `li-2`... in order.
    pub fn parse(
        &self,
        tenant_currency: Currency,
    ) -> Result<(IoHeader, Vec<LineItem>), Violations> {
        let mut v = Violations::new();
        let advertiser_id = required_id("advertiser_id", self.advertiser_id.as_deref(), &mut v);
        let currency =
            tenant_currency_of("an IO", self.currency.as_deref(), tenant_currency, &mut v);
        let payment_terms = match self.payment_terms.as_deref() {
            None => Some(PaymentTerms::default()),
            Some(raw) => parse_one("payment_terms", raw, &mut v),
        };
        let makegood_tolerance = match self.makegood_tolerance_bps {
            None => Some(MakegoodTolerance::default()),
            Some(bps) => MakegoodTolerance::from_basis_points(bps)
                .map_err(|e| v.push(FieldViolation::from_invalid("makegood_tolerance_bps", &e)))
                .ok(),
        };
        let deal_id = (self.deal_id.as_deref()).and_then(|raw| id("deal_id", raw, &mut v));
        if self.line_items.len() > MAX_LINE_ITEMS {
            v.add(
                "line_items",
                "too_many",
                "an IO holds at most 200 line items",
            );
        }
        let lines: Vec<Option<LineItem>> = (self.line_items.iter().enumerate())
            .map(|(i, input)| {
                let prefix = format!("line_items[{i}].");
                LineItem::parse_at(line_item_id(i + 1), input, &prefix, &mut v)
            })
            .collect();
        let header = match (advertiser_id, currency, payment_terms, makegood_tolerance) {
            (Some(advertiser_id), Some(currency), Some(payment_terms), Some(tolerance)) => {
                IoHeader {
                    advertiser_id,
                    currency,
                    payment_terms,
                    makegood_tolerance: tolerance,
                    deal_id,
                }
            }
            _ => return Err(v),
        };
        let lines: Option<Vec<LineItem>> = lines.into_iter().collect();
        match lines {
            Some(lines) => v.into_result((header, lines)),
            None => Err(v),
        }
    }
}
