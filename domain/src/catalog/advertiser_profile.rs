//! The validated description of an advertiser and its targeting.

use serde::{Deserialize, Serialize};

use super::fields::{ad_category, name, parse_list};
use super::{AdvertiserInput, AdvertiserPatch, AgeBucket, CountryCode, Gender, PodcastCategory};
use crate::money::Cpm;
use crate::violation::{FieldViolation, Violations};

/// An advertiser's validated profile. Empty target lists mean "not targeted".
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub struct AdvertiserProfile {
    name: String,
    category: String,
    target_categories: Vec<PodcastCategory>,
    target_age_buckets: Vec<AgeBucket>,
    target_genders: Vec<Gender>,
    target_countries: Vec<CountryCode>,
    max_cpm: Option<Cpm>,
}

impl AdvertiserProfile {
    /// Validates `input`, collecting every violation with its JSON path
    /// (`name`, `category`, `target_countries[2]`, `max_cpm`, ...).
    pub fn parse(input: AdvertiserInput) -> Result<AdvertiserProfile, Violations> {
        let mut v = Violations::new();
        let name = name("name", input.name.as_deref(), &mut v);
        let category = match input.category.as_deref() {
            Some(raw) => ad_category("category", raw, &mut v),
            None => {
                v.add("category", "required", "an advertiser category is required");
                None
            }
        };
        let target_categories = parse_list("target_categories", &input.target_categories, &mut v);
        let target_age_buckets =
            parse_list("target_age_buckets", &input.target_age_buckets, &mut v);
        let target_genders = parse_list("target_genders", &input.target_genders, &mut v);
        let target_countries = parse_list("target_countries", &input.target_countries, &mut v);
        let max_cpm = input.max_cpm.and_then(|raw| {
            Cpm::new(raw)
                .map_err(|e| v.push(FieldViolation::from_invalid("max_cpm", &e)))
                .ok()
        });
        match (name, category) {
            (Some(name), Some(category)) => v.into_result(AdvertiserProfile {
                name,
                category,
                target_categories,
                target_age_buckets,
                target_genders,
                target_countries,
                max_cpm,
            }),
            _ => Err(v),
        }
    }

    /// This profile with `patch` applied, validated exactly as a create is.
    pub fn patched(&self, patch: AdvertiserPatch) -> Result<AdvertiserProfile, Violations> {
        AdvertiserProfile::parse(self.to_input().patched(patch))
    }

    /// The input form of this profile; parsing it gives the profile back.
    pub fn to_input(&self) -> AdvertiserInput {
        fn labels<T: ToString>(items: &[T]) -> Vec<String> {
            items.iter().map(ToString::to_string).collect()
        }
        AdvertiserInput {
            name: Some(self.name.clone()),
            category: Some(self.category.clone()),
            target_categories: labels(&self.target_categories),
            target_age_buckets: labels(&self.target_age_buckets),
            target_genders: labels(&self.target_genders),
            target_countries: labels(&self.target_countries),
            max_cpm: self.max_cpm.map(|cpm| cpm.minor_units()),
        }
    }

    /// The display name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The business category (lowercase, trimmed), matched against show block lists.
    pub fn category(&self) -> &str {
        &self.category
    }

    /// Targeted podcast categories (empty: any).
    pub fn target_categories(&self) -> &[PodcastCategory] {
        &self.target_categories
    }

    /// Targeted age buckets (empty: any).
    pub fn target_age_buckets(&self) -> &[AgeBucket] {
        &self.target_age_buckets
    }

    /// Targeted genders (empty: any).
    pub fn target_genders(&self) -> &[Gender] {
        &self.target_genders
    }

    /// Targeted countries (empty: any).
    pub fn target_countries(&self) -> &[CountryCode] {
        &self.target_countries
    }

    /// The most the advertiser pays per 1,000 impressions, if capped.
    pub fn max_cpm(&self) -> Option<Cpm> {
        self.max_cpm
    }
}
