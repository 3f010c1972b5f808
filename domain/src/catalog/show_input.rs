//! The unvalidated bodies of show commands: a full input for create, a patch for update.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fields::present;
use super::AudienceInput;

/// The unvalidated description of a new show (the HTTP body of a create), in plain JSON types.
///
/// Missing required fields are reported as violations (code `required`) rather than as
/// malformed JSON, so a client learns about every problem at once. Parse it with
/// [`ShowProfile::parse`](super::ShowProfile::parse).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShowInput {
    /// Display name, 1..=200 characters after trimming. Required.
    #[serde(default)]
    pub name: Option<String>,
    /// `[a-z0-9-]{2,40}`; derived from the name when absent.
    #[serde(default)]
    pub slug: Option<String>,
    /// 1..=3 Apple Podcasts categories.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Shares of listeners by age, gender and country.
    #[serde(default)]
    pub audience: AudienceInput,
    /// Episodes per week, 0..=50. Required.
    #[serde(default)]
    pub episodes_per_week: Option<f64>,
    /// Ad slots per episode by placement (`pre`, `mid`, `post`).
    #[serde(default)]
    pub slots_per_episode: BTreeMap<String, i64>,
    /// CPM in minor units by placement; every placement with slots needs one.
    #[serde(default)]
    pub rate_card: BTreeMap<String, i64>,
    /// Advertiser categories the show will not carry.
    #[serde(default)]
    pub block_list: Vec<String>,
    /// The hosting platform whose metrics are the show's record, e.g. `megaphone`.
    #[serde(default)]
    pub metrics_source: Option<String>,
}

/// A partial update of a show (the HTTP body of an update): absent fields stay unchanged.
///
/// Maps (`slots_per_episode`, `rate_card`) and lists are replaced whole; `audience` is replaced
/// per dimension (`age`, `gender`, `country`); `metrics_source: null` clears the source.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShowPatch {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New slug (changing the name does not change the slug).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// New categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// New audience dimensions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<AudienceInput>,
    /// New episodes per week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub episodes_per_week: Option<f64>,
    /// New slots per episode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slots_per_episode: Option<BTreeMap<String, i64>>,
    /// New rate card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_card: Option<BTreeMap<String, i64>>,
    /// New block list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_list: Option<Vec<String>>,
    /// New metrics source; `Some(None)` (JSON `null`) clears it.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub metrics_source: Option<Option<String>>,
}

impl ShowInput {
    /// This input with every field present in `patch` replaced.
    pub fn patched(self, patch: ShowPatch) -> ShowInput {
        ShowInput {
            name: patch.name.or(self.name),
            slug: patch.slug.or(self.slug),
            categories: patch.categories.unwrap_or(self.categories),
            audience: match patch.audience {
                Some(audience) => self.audience.patched(audience),
                None => self.audience,
            },
            episodes_per_week: patch.episodes_per_week.or(self.episodes_per_week),
            slots_per_episode: patch.slots_per_episode.unwrap_or(self.slots_per_episode),
            rate_card: patch.rate_card.unwrap_or(self.rate_card),
            block_list: patch.block_list.unwrap_or(self.block_list),
            metrics_source: patch.metrics_source.unwrap_or(self.metrics_source),
        }
    }
}
