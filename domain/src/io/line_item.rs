//! A validated line item: one show, placement and flight at one price.

use serde::{Deserialize, Serialize};

use super::line_input::{FlightInput, LineItemInput, LineItemPatch, PricingInput};
use super::line_rules::{episodes, flight, pricing, promo_code, talking_points, vanity_url};
use super::{Flight, Format, Pricing};
use crate::bounds::Overflow;
use crate::catalog::Placement;
use crate::fields::{at, parse_required, required_id};
use crate::ids::{EpisodeId, LineItemId, ShowId};
use crate::violation::Violations;

/// A line item of an IO. Events carry it whole, with its computed total.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub struct LineItem {
    id: LineItemId,
    show_id: ShowId,
    placement: Placement,
    format: Format,
    flight: Flight,
    pricing: Pricing,
    episode_ids: Vec<EpisodeId>,
    promo_code: Option<String>,
    vanity_url: Option<String>,
    talking_points: Vec<String>,
}

impl LineItem {
    /// Validates `input` as the line `id`, collecting every violation with its JSON path
    /// (`flight.end`, `pricing.goal`, ...).
    pub fn parse(id: LineItemId, input: &LineItemInput) -> Result<LineItem, Violations> {
        let mut v = Violations::new();
        let line = LineItem::parse_at(id, input, "", &mut v);
        match line {
            Some(line) => v.into_result(line),
            None => Err(v),
        }
    }

    /// Validates `input` with field paths under `prefix` (e.g. `line_items[2].`), recording
    /// violations in `v`.
    pub(crate) fn parse_at(
        id: LineItemId,
        input: &LineItemInput,
        prefix: &str,
        v: &mut Violations,
    ) -> Option<LineItem> {
        let p = prefix;
        let show_id = required_id(&at(p, "show_id"), input.show_id.as_deref(), v);
        let placement = parse_required(&at(p, "placement"), input.placement.as_deref(), v);
        let format = parse_required(&at(p, "format"), input.format.as_deref(), v);
        let flight = flight(p, input.flight.as_ref(), v);
        let pricing = pricing(p, input.pricing.as_ref(), v);
        let episode_ids = episodes(p, &input.episode_ids, v);
        let promo_code = promo_code(p, input.promo_code.as_deref(), v);
        let vanity_url = vanity_url(p, input.vanity_url.as_deref(), v);
        let talking_points = talking_points(p, &input.talking_points, v);
        Some(LineItem {
            id,
            show_id: show_id?,
            placement: placement?,
            format: format?,
            flight: flight?,
            pricing: pricing?,
            episode_ids,
            promo_code,
            vanity_url,
            talking_points,
        })
    }

    /// This line with `patch` applied, validated exactly as a new line is.
    pub fn patched(&self, patch: LineItemPatch) -> Result<LineItem, Violations> {
        LineItem::parse(self.id.clone(), &self.to_input().patched(patch))
    }

    /// The input form of this line; parsing it gives the line back.
    pub fn to_input(&self) -> LineItemInput {
        let (kind, cpm, goal, fee) = match self.pricing {
            Pricing::Cpm { cpm, goal } => ("cpm", Some(cpm.minor_units()), Some(goal.get()), None),
            Pricing::Flat { fee } => ("flat", None, None, Some(fee.minor_units())),
        };
        LineItemInput {
            show_id: Some(self.show_id.to_string()),
            placement: Some(self.placement.to_string()),
            format: Some(self.format.to_string()),
            flight: Some(FlightInput {
                start: Some(self.flight.start().to_string()),
                end: Some(self.flight.end().to_string()),
            }),
            pricing: Some(PricingInput {
                kind: Some(kind.to_owned()),
                cpm,
                goal: goal.and_then(|g| i64::try_from(g).ok()),
                fee,
            }),
            episode_ids: self.episode_ids.iter().map(ToString::to_string).collect(),
            promo_code: self.promo_code.clone(),
            vanity_url: self.vanity_url.clone(),
            talking_points: self.talking_points.clone(),
        }
    }

    /// The line's id within its IO.
    pub fn id(&self) -> &LineItemId {
        &self.id
    }

    /// The show that runs the ad.
    pub fn show_id(&self) -> &ShowId {
        &self.show_id
    }

    /// Where in the episode the ad runs.
    pub fn placement(&self) -> Placement {
        self.placement
    }

    /// How the ad is voiced.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The days the line runs.
    pub fn flight(&self) -> Flight {
        self.flight
    }

    /// The price.
    pub fn pricing(&self) -> Pricing {
        self.pricing
    }

    /// The booked value in minor units (see [`Pricing::total`]).
    pub fn total(&self) -> Result<i64, Overflow> {
        self.pricing.total()
    }

    /// The episodes the ad runs in; empty means every episode of the flight.
    pub fn episode_ids(&self) -> &[EpisodeId] {
        &self.episode_ids
    }

    /// The promo code read in the ad.
    pub fn promo_code(&self) -> Option<&str> {
        self.promo_code.as_deref()
    }

    /// The vanity URL read in the ad.
    pub fn vanity_url(&self) -> Option<&str> {
        self.vanity_url.as_deref()
    }

    /// Points the host should make.
    pub fn talking_points(&self) -> &[String] {
        &self.talking_points
    }
}
