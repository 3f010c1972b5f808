//! The validated description of a show, and its one validation path.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fields::{ad_category_list, name, parse_one};
use super::show_rules::{categories, episodes_per_week, metrics_source, rate_card, slots};
use super::{AudienceProfile, Placement, PodcastCategory, ShowInput, ShowPatch, ShowSlug};
use crate::money::Cpm;
use crate::source::SourceName;
use crate::violation::{FieldViolation, Violations};

/// The most categories a show may have (Apple Podcasts' own limit).
pub const MAX_CATEGORIES: usize = 3;
/// The most episodes per week a show may declare.
pub const MAX_EPISODES_PER_WEEK: f64 = 50.0;
/// The most ad slots per episode in one placement.
pub const MAX_SLOTS_PER_PLACEMENT: i64 = 20;

/// A show's validated profile. Events carry it whole, so read models never re-apply rules.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub struct ShowProfile {
    name: String,
    slug: ShowSlug,
    categories: Vec<PodcastCategory>,
    audience: AudienceProfile,
    episodes_per_week: f64,
    slots_per_episode: BTreeMap<Placement, u32>,
    rate_card: BTreeMap<Placement, Cpm>,
    block_list: Vec<String>,
    /// Read through the one source-name rule, also from stored events: see [`SourceName`]
    /// for why a mixed-case value stored before the rule needs no upcaster.
    metrics_source: Option<SourceName>,
}

impl ShowProfile {
    /// Validates `input`, collecting every violation with its JSON path
    /// (`name`, `categories[1]`, `audience.age`, `rate_card.mid`, ...).
    pub fn parse(input: ShowInput) -> Result<ShowProfile, Violations> {
        let mut v = Violations::new();
        let name = name("name", input.name.as_deref(), &mut v);
        let slug = match (&input.slug, &name) {
            (Some(raw), _) => parse_one::<ShowSlug>("slug", raw, &mut v),
            (None, Some(name)) => ShowSlug::from_name(name)
                .map_err(|e| v.push(FieldViolation::from_invalid("slug", &e)))
                .ok(),
            (None, None) => None,
        };
        let categories = categories(&input.categories, &mut v);
        let audience = AudienceProfile::parse("audience", &input.audience, &mut v);
        let episodes_per_week = episodes_per_week(input.episodes_per_week, &mut v);
        let slots_per_episode = slots(&input.slots_per_episode, &mut v);
        let rate_card = rate_card(&input.rate_card, &slots_per_episode, &mut v);
        let block_list = ad_category_list("block_list", &input.block_list, &mut v);
        let metrics_source = metrics_source(input.metrics_source.as_deref(), &mut v);
        match (name, slug, episodes_per_week) {
            (Some(name), Some(slug), Some(episodes_per_week)) => v.into_result(ShowProfile {
                name,
                slug,
                categories,
                audience,
                episodes_per_week,
                slots_per_episode,
                rate_card,
                block_list,
                metrics_source,
            }),
            _ => Err(v),
        }
    }

    /// This profile with `patch` applied, validated exactly as a create is.
    pub fn patched(&self, patch: ShowPatch) -> Result<ShowProfile, Violations> {
        ShowProfile::parse(self.to_input().patched(patch))
    }

    /// The input form of this profile; parsing it gives the profile back.
    pub fn to_input(&self) -> ShowInput {
        ShowInput {
            name: Some(self.name.clone()),
            slug: Some(self.slug.to_string()),
            categories: self.categories.iter().map(ToString::to_string).collect(),
            audience: self.audience.to_input(),
            episodes_per_week: Some(self.episodes_per_week),
            slots_per_episode: (self.slots_per_episode.iter())
                .map(|(p, n)| (p.to_string(), i64::from(*n)))
                .collect(),
            rate_card: (self.rate_card.iter())
                .map(|(p, cpm)| (p.to_string(), cpm.minor_units()))
                .collect(),
            block_list: self.block_list.clone(),
            metrics_source: self.metrics_source.clone().map(String::from),
        }
    }

    /// The display name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The slug.
    pub fn slug(&self) -> &ShowSlug {
        &self.slug
    }

    /// The categories (1..=3, no duplicates).
    pub fn categories(&self) -> &[PodcastCategory] {
        &self.categories
    }

    /// The audience profile.
    pub fn audience(&self) -> &AudienceProfile {
        &self.audience
    }

    /// Episodes published per week.
    pub fn episodes_per_week(&self) -> f64 {
        self.episodes_per_week
    }

    /// Ad slots per episode by placement, as given.
    pub fn slots_per_episode(&self) -> &BTreeMap<Placement, u32> {
        &self.slots_per_episode
    }

    /// Ad slots per episode in `placement` (0 when not given).
    pub fn slots(&self, placement: Placement) -> u32 {
        self.slots_per_episode.get(&placement).copied().unwrap_or(0)
    }

    /// CPM by placement, in the tenant's currency.
    pub fn rate_card(&self) -> &BTreeMap<Placement, Cpm> {
        &self.rate_card
    }

    /// The rate-card CPM of `placement`, if the show prices it.
    pub fn cpm(&self, placement: Placement) -> Option<Cpm> {
        self.rate_card.get(&placement).copied()
    }

    /// Advertiser categories the show will not carry (lowercase, trimmed).
    pub fn block_list(&self) -> &[String] {
        &self.block_list
    }

    /// Whether the show refuses advertisers of `category` (compared lowercase, trimmed).
    pub fn blocks(&self, category: &str) -> bool {
        let category = category.trim().to_lowercase();
        self.block_list.contains(&category)
    }

    /// The platform whose metrics are the show's record, as a [`SourceName`] (trimmed,
    /// lowercase), so that it names imported rows of that source.
    pub fn metrics_source(&self) -> Option<&str> {
        self.metrics_source.as_ref().map(SourceName::as_str)
    }
}
