//! Matchmaking (SPEC 7, docs/rules.md, audience fit): how well a show's audience fits an
//! advertiser's targeting, which shows the advertiser cannot run on, and which placements
//! are over the advertiser's budget.
//!
//! [`audience_fit`] is the one rule; a read model per (advertiser, show) stores its
//! [`Fit`] (or the [`Excluded`] reason) and lists shows by score descending, then name.

mod fit;
mod shares;

#[cfg(test)]
mod tests;

pub use fit::{audience_fit, over_budget, Excluded, Fit};
pub use shares::{Share, SHARE_SCALE};
