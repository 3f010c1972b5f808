//! The catalog: shows (podcasts) and advertisers, their profiles and the rules on them.
//!
//! The HTTP body of a create is an unvalidated [`ShowInput`] / [`AdvertiserInput`]; parsing it
//! yields a validated profile or every [`Violations`](crate::violation::Violations) found,
//! each named by its JSON path. Updates are partial ([`ShowPatch`], [`AdvertiserPatch`]) and
//! go through the same validation: the patch is laid over the current profile's input form and
//! the result parsed again.
//!
//! Aggregates that name catalog entries (IOs, deals) check them through a [`CatalogLookup`]:
//! an unknown show or advertiser is a violation on its field (`unknown_show`,
//! `unknown_advertiser`).

mod advertiser;
mod advertiser_input;
mod advertiser_profile;
mod audience;
mod category;
pub(crate) mod checks;
mod country;
mod demographics;
mod error;
mod fields;
mod lifecycle;
mod lookup;
mod placement;
mod show;
mod show_input;
mod show_profile;
mod show_rules;
mod show_slug;

#[cfg(any(test, feature = "test-catalog"))]
pub mod fake_lookup;
#[cfg(test)]
mod tests;

pub use advertiser::{Advertiser, AdvertiserCommand, AdvertiserEvent, AdvertiserState};
pub use advertiser_input::{AdvertiserInput, AdvertiserPatch};
pub use advertiser_profile::AdvertiserProfile;
pub use audience::{AudienceInput, AudienceProfile, SHARE_SUM_TOLERANCE};
pub use category::PodcastCategory;
pub use country::CountryCode;
pub use demographics::{AgeBucket, Gender};
pub use error::CatalogError;
pub use lookup::{CatalogLookup, CatalogServices, LookupFailed};
pub use placement::Placement;
pub use show::{Show, ShowCommand, ShowEvent, ShowState};
pub use show_input::{ShowInput, ShowPatch};
pub use show_profile::{ShowProfile, MAX_CATEGORIES, MAX_EPISODES_PER_WEEK};
pub use show_slug::ShowSlug;
