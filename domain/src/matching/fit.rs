//! The audience-fit rule (SPEC 7; docs/rules.md, audience fit).
//!
//! > Audience fit (0..100) of show S for advertiser A: `category` = the fraction of A's
//! > target categories that S has (1 if A names none); `demo` = share of S's audience in
//! > A's target age buckets times share in A's target genders (a dimension A does not
//! > target counts 1); `geo` = share of S's audience in A's target countries (1 if none);
//! > `score = round(100 * (0.4 * category + 0.4 * demo + 0.2 * geo))`. A show whose block
//! > list holds A's category is excluded; a show whose rate-card CPM for a placement
//! > exceeds A's max CPM is marked `over_budget` for that placement.
//!
//! The score is computed exactly: shares are read to nine decimal places ([`Share`]), the
//! category fraction stays `k / n`, and the one rounding is half away from zero on the
//! exact rational (so a score of exactly 72.5 is 73, never 72 through a binary `72.4999…`).
//! A dimension A targets that S's profile does not know (no age shares, say) has share 0.
//! A dimension's shares may sum to 1.01 ([`SHARE_SUM_TOLERANCE`]); a target share above 1
//! counts as 1, so the score stays within 0..=100.
//!
//! [`SHARE_SUM_TOLERANCE`]: crate::catalog::SHARE_SUM_TOLERANCE

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::shares::{Share, SHARE_SCALE};
use crate::catalog::{AdvertiserProfile, Placement, ShowProfile};
use crate::invalid::InvalidValue;
use crate::io::ExactAmount;
use crate::money::Cpm;

/// Weights of the score's parts, in percent: category, demo, geo.
const WEIGHTS: (i128, i128, i128) = (40, 40, 20);

/// How well a show fits an advertiser, with the parts of the score. Field names are those
/// of the advertiser dashboard's `fit` items (SPEC 7.1).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub struct Fit {
    /// `round(100 × (0.4 category + 0.4 demo + 0.2 geo))`, 0..=100, half away from zero.
    pub score: u8,
    /// The fraction of the advertiser's target categories the show has (1 if none).
    pub category: f64,
    /// Share in the target age buckets × share in the target genders (each 1 if none).
    pub demo: f64,
    /// Share in the target countries (1 if none).
    pub geo: f64,
    /// The placements whose rate-card CPM is over the advertiser's max CPM, in episode
    /// order (`pre`, `mid`, `post`); empty when the advertiser has no max.
    pub over_budget: Vec<Placement>,
}

/// Why a show is left out of an advertiser's matches.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Excluded {
    /// The show's block list holds the advertiser's category (`blocked_category`).
    BlockedCategory,
}

impl Excluded {
    /// Every reason.
    pub const ALL: [Excluded; 1] = [Excluded::BlockedCategory];

    /// The snake_case name, as serialized: `blocked_category`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Excluded::BlockedCategory => "blocked_category",
        }
    }
}

impl FromStr for Excluded {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        (Excluded::ALL.into_iter())
            .find(|reason| reason.as_str() == raw)
            .ok_or_else(|| InvalidValue::new("exclusion reason", "unknown_exclusion", raw))
    }
}

/// The audience fit of `show` for `advertiser` (see the module's rule), or why the show is
/// excluded. An `Err` is not a failure: it is the answer "this show is not a match".
pub fn audience_fit(show: &ShowProfile, advertiser: &AdvertiserProfile) -> Result<Fit, Excluded> {
    if show.blocks(advertiser.category()) {
        return Err(Excluded::BlockedCategory);
    }
    let (had, named) = category_match(show, advertiser);
    let audience = show.audience();
    let targeted = |targets_any: bool, share: Share| if targets_any { share } else { Share::WHOLE };
    let ages = advertiser.target_age_buckets();
    let age = targeted(!ages.is_empty(), Share::of_targets(audience.age(), ages));
    let genders = advertiser.target_genders();
    let gender = targeted(
        !genders.is_empty(),
        Share::of_targets(audience.gender(), genders),
    );
    let countries = advertiser.target_countries();
    let geo = targeted(
        !countries.is_empty(),
        Share::of_targets(audience.country(), countries),
    );
    let demo = i128::from(age.ppb()) * i128::from(gender.ppb());
    let over_budget = (show.rate_card().iter())
        .filter(|(_, cpm)| over_budget(**cpm, advertiser.max_cpm()))
        .map(|(placement, _)| *placement)
        .collect();
    Ok(Fit {
        score: score(had, named, demo, geo),
        category: had as f64 / named as f64,
        demo: demo as f64 / (SHARE_SCALE as f64 * SHARE_SCALE as f64),
        geo: geo.as_f64(),
        over_budget,
    })
}

/// Whether a placement at `rate` is over the advertiser's `max_cpm` (never when there is
/// no max): the `over_budget` of fit and projection items.
pub fn over_budget(rate: Cpm, max_cpm: Option<Cpm>) -> bool {
    max_cpm.is_some_and(|max| rate > max)
}

/// `(k, n)`: how many of the advertiser's `n` target categories the show has; `(1, 1)`
/// when the advertiser names none.
fn category_match(show: &ShowProfile, advertiser: &AdvertiserProfile) -> (u32, u32) {
    let targets = advertiser.target_categories();
    if targets.is_empty() {
        return (1, 1);
    }
    let had = targets
        .iter()
        .filter(|c| show.categories().contains(c))
        .count();
    // Both are at most the 19 podcast categories (targets are deduplicated).
    (had as u32, targets.len() as u32)
}

/// The score, exactly: with `demo` in parts per 10^18 and `geo` in parts per 10^9,
/// `40 k / n + 40 demo / 10^18 + 20 geo / 10^9` over the common denominator `n × 10^18`,
/// rounded once, half away from zero.
fn score(had: u32, named: u32, demo: i128, geo: Share) -> u8 {
    let scale = i128::from(SHARE_SCALE);
    let (n, k) = (i128::from(named), i128::from(had));
    let (w_category, w_demo, w_geo) = WEIGHTS;
    let numerator = w_category * k * scale * scale
        + w_demo * demo * n
        + w_geo * i128::from(geo.ppb()) * scale * n;
    let exact = ExactAmount::new(numerator, n * scale * scale);
    // Each part is at most 1, so the score is at most 100 and the rounding cannot fail.
    exact
        .round()
        .ok()
        .and_then(|s| u8::try_from(s).ok())
        .unwrap_or(100)
}
