//! A show's audience profile: shares of listeners by age, gender and country.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::CountryCode;
use super::{AgeBucket, Gender};
use crate::invalid::InvalidValue;
use crate::violation::{FieldViolation, Violations};

/// How far from 1.0 the shares of one dimension may sum.
pub const SHARE_SUM_TOLERANCE: f64 = 0.01;

/// The unvalidated audience of an input: maps from label to share. In a create an absent map
/// means "unknown"; in a patch it means "unchanged".
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AudienceInput {
    /// Share of listeners by age bucket label (`"25-34"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<BTreeMap<String, f64>>,
    /// Share of listeners by gender (`"female"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<BTreeMap<String, f64>>,
    /// Share of listeners by ISO-3166 alpha-2 country (`"US"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<BTreeMap<String, f64>>,
}

impl AudienceInput {
    /// This input with the dimensions present in `patch` replaced.
    pub fn patched(mut self, patch: AudienceInput) -> AudienceInput {
        self.age = patch.age.or(self.age);
        self.gender = patch.gender.or(self.gender);
        self.country = patch.country.or(self.country);
        self
    }
}

/// A validated audience profile. Each dimension is either empty (unknown) or holds shares in
/// `[0, 1]` summing to 1.0 ± [`SHARE_SUM_TOLERANCE`].
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
pub struct AudienceProfile {
    age: BTreeMap<AgeBucket, f64>,
    gender: BTreeMap<Gender, f64>,
    country: BTreeMap<CountryCode, f64>,
}

impl AudienceProfile {
    /// Validates `input`, recording violations under the JSON path `field`
    /// (`<field>.age`, `<field>.age.<label>`, ...).
    pub(crate) fn parse(field: &str, input: &AudienceInput, v: &mut Violations) -> Self {
        Self {
            age: shares(&format!("{field}.age"), input.age.as_ref(), v),
            gender: shares(&format!("{field}.gender"), input.gender.as_ref(), v),
            country: shares(&format!("{field}.country"), input.country.as_ref(), v),
        }
    }

    /// The input form of this profile, for patching.
    pub fn to_input(&self) -> AudienceInput {
        fn labels<K: ToString>(map: &BTreeMap<K, f64>) -> Option<BTreeMap<String, f64>> {
            Some(map.iter().map(|(k, s)| (k.to_string(), *s)).collect())
        }
        AudienceInput {
            age: labels(&self.age),
            gender: labels(&self.gender),
            country: labels(&self.country),
        }
    }

    /// Shares by age bucket (empty when unknown).
    pub fn age(&self) -> &BTreeMap<AgeBucket, f64> {
        &self.age
    }

    /// Shares by gender (empty when unknown).
    pub fn gender(&self) -> &BTreeMap<Gender, f64> {
        &self.gender
    }

    /// Shares by country (empty when unknown).
    pub fn country(&self) -> &BTreeMap<CountryCode, f64> {
        &self.country
    }

    /// The share of listeners in any of `buckets` (0 when the age profile is unknown).
    pub fn share_of_ages(&self, buckets: &[AgeBucket]) -> f64 {
        share_of(&self.age, buckets)
    }

    /// The share of listeners of any of `genders` (0 when the gender profile is unknown).
    pub fn share_of_genders(&self, genders: &[Gender]) -> f64 {
        share_of(&self.gender, genders)
    }

    /// The share of listeners in any of `countries` (0 when the country profile is unknown).
    pub fn share_of_countries(&self, countries: &[CountryCode]) -> f64 {
        share_of(&self.country, countries)
    }
}

fn share_of<K: Ord + PartialEq>(map: &BTreeMap<K, f64>, keys: &[K]) -> f64 {
    map.iter()
        .filter(|(k, _)| keys.contains(k))
        .map(|(_, share)| share)
        .sum()
}

/// Parses one dimension: known labels, shares in `[0, 1]`, summing to 1 ± tolerance.
fn shares<K>(
    field: &str,
    raw: Option<&BTreeMap<String, f64>>,
    v: &mut Violations,
) -> BTreeMap<K, f64>
where
    K: FromStr<Err = InvalidValue> + Ord,
{
    let mut out = BTreeMap::new();
    let Some(raw) = raw.filter(|m| !m.is_empty()) else {
        return out;
    };
    let before = v.len();
    for (label, &share) in raw {
        let path = format!("{field}.{label}");
        let key = match label.parse::<K>() {
            Ok(key) => key,
            Err(e) => {
                v.push(FieldViolation::from_invalid(path, &e));
                continue;
            }
        };
        if !(0.0..=1.0).contains(&share) {
            v.add(path, "out_of_range", "a share must be between 0 and 1");
        } else if out.insert(key, share).is_some() {
            v.add(path, "duplicate", "this label appears twice");
        }
    }
    let sum: f64 = out.values().sum();
    // The epsilon keeps the bound inclusive despite binary rounding (0.5 + 0.51 > 1.01).
    if v.len() == before && (sum - 1.0).abs() > SHARE_SUM_TOLERANCE + 1e-9 {
        v.add(
            field,
            "bad_sum",
            format!("shares must sum to 1.0 ± {SHARE_SUM_TOLERANCE}, not {sum:.4}"),
        );
    }
    out
}
