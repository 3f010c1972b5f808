//! Makegoods: impressions or spots owed to an advertiser, and how they were made good.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{LineItemId, MakegoodId, ShowId};

snake_enum!(
    /// Why a makegood is owed.
    MakegoodReason, "makegood reason", "unknown_reason", {
        /// The ad did not run.
        MissingAd => "missing_ad",
        /// The ad ran in another placement than booked.
        WrongPosition => "wrong_position",
        /// The read left out talking points.
        MissedTalkingPoints => "missed_talking_points",
        /// The line delivered fewer impressions than its goal allows.
        UnderDelivery => "under_delivery",
        /// Anything else (explained in the note).
        Other => "other",
    }
);

snake_enum!(
    /// How a makegood was resolved.
    Remedy, "remedy", "unknown_remedy", {
        /// Extra spots at no charge.
        BonusSpots => "bonus_spots",
        /// The flight runs longer.
        FlightExtension => "flight_extension",
        /// Money credited to the advertiser.
        Credit => "credit",
        /// The advertiser waived the makegood.
        Waived => "waived",
    }
);

/// Whether a makegood is still owed.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MakegoodStatus {
    /// Owed, not yet resolved.
    Pending,
    /// Resolved with a remedy.
    Resolved,
}

/// A makegood owed on one line of an IO.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub struct Makegood {
    /// Its id within the IO (`mg-1`, `mg-2`...).
    pub id: MakegoodId,
    /// The line it is owed on.
    pub line_item_id: LineItemId,
    /// The show the line ran on when the makegood was raised (a later amendment may move the
    /// line to another show; the makegood stays with this one). `None` in makegoods raised
    /// before it was recorded: see [`IoState::makegood_show`](super::IoState::makegood_show).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_id: Option<ShowId>,
    /// The UTC day it was raised: the `today` of the command that raised it. `None` in
    /// makegoods raised before it was recorded (the IO read model fills those in with the
    /// UTC day their event was recorded; see docs/dashboards.md).
    #[serde(default)]
    pub raised_on: Option<NaiveDate>,
    /// Why it is owed.
    pub reason: MakegoodReason,
    /// The impressions owed.
    pub impressions: u64,
    /// Free text from ops.
    pub note: Option<String>,
    /// Whether the system raised it (under-delivery detection) rather than a person.
    pub automatic: bool,
    /// How it was resolved; `None` while pending.
    pub remedy: Option<Remedy>,
    /// The resolution's note.
    pub resolution_note: Option<String>,
}

impl Makegood {
    /// `pending` until a remedy is recorded, then `resolved`.
    pub fn status(&self) -> MakegoodStatus {
        match self.remedy {
            None => MakegoodStatus::Pending,
            Some(_) => MakegoodStatus::Resolved,
        }
    }
}

/// The id of the `n`-th makegood of an IO (1-based): `mg-<n>`.
pub fn makegood_id(n: usize) -> MakegoodId {
    // `mg-<digits>` is always a valid id; the fallback cannot happen.
    format!("mg-{n}")
        .parse()
        .unwrap_or_else(|_| MakegoodId::generate())
}

/// The unvalidated body of raising a makegood by hand.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MakegoodInput {
    /// The line it is owed on. Required.
    #[serde(default)]
    pub line_item_id: Option<String>,
    /// One of `missing_ad`, `wrong_position`, `missed_talking_points`, `under_delivery`,
    /// `other`. Required.
    #[serde(default)]
    pub reason: Option<String>,
    /// Impressions owed (> 0). Required.
    #[serde(default)]
    pub impressions: Option<i64>,
    /// Free text.
    #[serde(default)]
    pub note: Option<String>,
}

/// The unvalidated body of resolving a makegood.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveInput {
    /// One of `bonus_spots`, `flight_extension`, `credit`, `waived`. Required.
    #[serde(default)]
    pub remedy: Option<String>,
    /// Free text.
    #[serde(default)]
    pub note: Option<String>,
}
