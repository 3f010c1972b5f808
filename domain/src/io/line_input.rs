//! The unvalidated bodies of line-item commands: a full input to add, a patch to change.

use serde::{Deserialize, Serialize};

/// An unvalidated flight: ISO-8601 dates as strings, so a bad date is a field violation.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlightInput {
    /// First day, `YYYY-MM-DD`. Required.
    #[serde(default)]
    pub start: Option<String>,
    /// Last day (inclusive), `YYYY-MM-DD`, on or after `start`. Required.
    #[serde(default)]
    pub end: Option<String>,
}

/// An unvalidated price: `{"type": "cpm", "cpm": 2500, "goal": 30000}` or
/// `{"type": "flat", "fee": 150000}` (amounts in minor units).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PricingInput {
    /// `cpm` or `flat`. Required.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// CPM in minor units (> 0); required for `cpm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpm: Option<i64>,
    /// Impressions goal (> 0); required for `cpm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<i64>,
    /// Flat fee in minor units (> 0); required for `flat`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<i64>,
}

/// The unvalidated description of a line item (a body, or an element of `line_items`).
/// Missing required fields are violations (code `required`), not malformed JSON.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LineItemInput {
    /// The show that runs the ad. Required.
    #[serde(default)]
    pub show_id: Option<String>,
    /// `pre`, `mid` or `post`. Required.
    #[serde(default)]
    pub placement: Option<String>,
    /// `host_read`, `announcer` or `programmatic`. Required.
    #[serde(default)]
    pub format: Option<String>,
    /// The flight. Required.
    #[serde(default)]
    pub flight: Option<FlightInput>,
    /// The price. Required.
    #[serde(default)]
    pub pricing: Option<PricingInput>,
    /// The episodes the ad runs in; empty means every episode of the flight.
    #[serde(default)]
    pub episode_ids: Vec<String>,
    /// A promo code read in the ad.
    #[serde(default)]
    pub promo_code: Option<String>,
    /// A vanity URL read in the ad.
    #[serde(default)]
    pub vanity_url: Option<String>,
    /// Points the host should make.
    #[serde(default)]
    pub talking_points: Vec<String>,
}

/// A change to a line item: absent fields stay unchanged; `flight` and `pricing` are
/// replaced whole; `promo_code: null` / `vanity_url: null` clear them.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LineItemPatch {
    /// New show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_id: Option<String>,
    /// New placement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<String>,
    /// New format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// New flight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flight: Option<FlightInput>,
    /// New price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<PricingInput>,
    /// New episodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub episode_ids: Option<Vec<String>>,
    /// New promo code; `Some(None)` (JSON `null`) clears it.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub promo_code: Option<Option<String>>,
    /// New vanity URL; `Some(None)` (JSON `null`) clears it.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub vanity_url: Option<Option<String>>,
    /// New talking points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub talking_points: Option<Vec<String>>,
}

impl LineItemInput {
    /// This input with every field present in `patch` replaced.
    pub fn patched(self, patch: LineItemPatch) -> LineItemInput {
        LineItemInput {
            show_id: patch.show_id.or(self.show_id),
            placement: patch.placement.or(self.placement),
            format: patch.format.or(self.format),
            flight: patch.flight.or(self.flight),
            pricing: patch.pricing.or(self.pricing),
            episode_ids: patch.episode_ids.unwrap_or(self.episode_ids),
            promo_code: patch.promo_code.unwrap_or(self.promo_code),
            vanity_url: patch.vanity_url.unwrap_or(self.vanity_url),
            talking_points: patch.talking_points.unwrap_or(self.talking_points),
        }
    }
}

/// Deserializes a present field (even `null`) as `Some(value)`, so that a patch tells
/// "absent" (`None`) from "set to null" (`Some(None)`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}
