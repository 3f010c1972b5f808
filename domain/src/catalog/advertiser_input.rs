//! The unvalidated bodies of advertiser commands: a full input for create, a patch for update.

use serde::{Deserialize, Serialize};

use super::fields::present;

/// The unvalidated description of a new advertiser (the HTTP body of a create).
///
/// Missing required fields are reported as violations (code `required`). Parse it with
/// [`AdvertiserProfile::parse`](super::AdvertiserProfile::parse).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvertiserInput {
    /// Display name, 1..=200 characters after trimming. Required.
    #[serde(default)]
    pub name: Option<String>,
    /// The advertiser's business category (matched against show block lists). Required.
    #[serde(default)]
    pub category: Option<String>,
    /// Apple Podcasts categories the advertiser wants to reach.
    #[serde(default)]
    pub target_categories: Vec<String>,
    /// Age buckets the advertiser wants to reach (`"25-34"`).
    #[serde(default)]
    pub target_age_buckets: Vec<String>,
    /// Genders the advertiser wants to reach.
    #[serde(default)]
    pub target_genders: Vec<String>,
    /// ISO-3166 alpha-2 countries the advertiser wants to reach.
    #[serde(default)]
    pub target_countries: Vec<String>,
    /// The most the advertiser pays per 1,000 impressions, in minor units.
    #[serde(default)]
    pub max_cpm: Option<i64>,
}

/// A partial update of an advertiser: absent fields stay unchanged, lists are replaced whole,
/// and `max_cpm: null` removes the ceiling.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvertiserPatch {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// New target categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_categories: Option<Vec<String>>,
    /// New target age buckets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_age_buckets: Option<Vec<String>>,
    /// New target genders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_genders: Option<Vec<String>>,
    /// New target countries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_countries: Option<Vec<String>>,
    /// New max CPM; `Some(None)` (JSON `null`) removes it.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_cpm: Option<Option<i64>>,
}

impl AdvertiserInput {
    /// This input with every field present in `patch` replaced.
    pub fn patched(self, patch: AdvertiserPatch) -> AdvertiserInput {
        AdvertiserInput {
            name: patch.name.or(self.name),
            category: patch.category.or(self.category),
            target_categories: patch.target_categories.unwrap_or(self.target_categories),
            target_age_buckets: patch.target_age_buckets.unwrap_or(self.target_age_buckets),
            target_genders: patch.target_genders.unwrap_or(self.target_genders),
            target_countries: patch.target_countries.unwrap_or(self.target_countries),
            max_cpm: patch.max_cpm.unwrap_or(self.max_cpm),
        }
    }
}
