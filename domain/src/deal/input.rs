//! The unvalidated bodies of deal commands: a full input to create, a patch to update.
//! Missing required fields are violations (code `required`), not malformed JSON.

use serde::{Deserialize, Serialize};

/// The unvalidated description of a new deal (the HTTP body of a create). Parse it with
/// [`DealInput::parse`].
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DealInput {
    /// The advertiser the deal is with. Required; must be in the tenant's catalog.
    #[serde(default)]
    pub advertiser_id: Option<String>,
    /// What the deal is called, 1..=200 characters after trimming. Required.
    #[serde(default)]
    pub name: Option<String>,
    /// What the deal is worth, in minor units of the tenant's currency
    /// (1..=10,000,000,000,000). Required.
    #[serde(default)]
    pub amount: Option<i64>,
    /// ISO-4217; must be the tenant's currency, which is also the default.
    #[serde(default)]
    pub currency: Option<String>,
    /// The day the deal is expected to close, `YYYY-MM-DD`. Required.
    #[serde(default)]
    pub expected_close_date: Option<String>,
    /// Who on the sales team owns the deal (free text, 1..=200 characters). Required.
    #[serde(default)]
    pub owner: Option<String>,
    /// The shows the deal is about; each must be in the tenant's catalog.
    #[serde(default)]
    pub show_ids: Vec<String>,
    /// The open stage the deal starts in; default `lead`.
    #[serde(default)]
    pub stage: Option<String>,
    /// The day the deal was created, for a deal carried over from another system
    /// (`YYYY-MM-DD`, not in the future); default today.
    #[serde(default)]
    pub created_on: Option<String>,
}

/// A partial update of a deal: absent fields stay unchanged, `show_ids` is replaced whole
/// (`[]` removes every show). The advertiser, currency, stage and days are not changed by
/// an update.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DealPatch {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New amount, in minor units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    /// New expected close date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_close_date: Option<String>,
    /// New owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// New shows (the whole list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_ids: Option<Vec<String>>,
}
