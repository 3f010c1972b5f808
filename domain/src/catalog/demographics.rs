//! Listener demographics: age buckets and genders.

use std::str::FromStr;

use crate::invalid::InvalidValue;

/// A listener age bucket; serialized `13-17`, `18-24`, `25-34`, `35-44`, `45-54`, `55-64`,
/// `65+`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeBucket {
    /// 13 to 17 years.
    From13To17,
    /// 18 to 24 years.
    From18To24,
    /// 25 to 34 years.
    From25To34,
    /// 35 to 44 years.
    From35To44,
    /// 45 to 54 years.
    From45To54,
    /// 55 to 64 years.
    From55To64,
    /// 65 years and over.
    From65,
}

impl AgeBucket {
    /// Every bucket, youngest first.
    pub const ALL: [AgeBucket; 7] = [
        AgeBucket::From13To17,
        AgeBucket::From18To24,
        AgeBucket::From25To34,
        AgeBucket::From35To44,
        AgeBucket::From45To54,
        AgeBucket::From55To64,
        AgeBucket::From65,
    ];

    /// The bucket's label, e.g. `25-34` or `65+`.
    pub fn as_str(&self) -> &'static str {
        match self {
            AgeBucket::From13To17 => "13-17",
            AgeBucket::From18To24 => "18-24",
            AgeBucket::From25To34 => "25-34",
            AgeBucket::From35To44 => "35-44",
            AgeBucket::From45To54 => "45-54",
            AgeBucket::From55To64 => "55-64",
            AgeBucket::From65 => "65+",
        }
    }
}

impl FromStr for AgeBucket {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        AgeBucket::ALL
            .into_iter()
            .find(|b| b.as_str() == raw.trim())
            .ok_or_else(|| InvalidValue::new("age bucket", "unknown_age_bucket", raw))
    }
}

serde_via_str!(
    AgeBucket,
    crate::schema::one_of(AgeBucket::ALL.iter().map(AgeBucket::as_str))
);

/// A listener gender; serialized `female`, `male`, `other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    /// Female listeners.
    Female,
    /// Male listeners.
    Male,
    /// Listeners of another or undisclosed gender.
    Other,
}

impl Gender {
    /// Every gender value.
    pub const ALL: [Gender; 3] = [Gender::Female, Gender::Male, Gender::Other];

    /// The lowercase name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Other => "other",
        }
    }
}

impl FromStr for Gender {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let lower = raw.trim().to_ascii_lowercase();
        Gender::ALL
            .into_iter()
            .find(|g| g.as_str() == lower)
            .ok_or_else(|| InvalidValue::new("gender (female, male, other)", "unknown_gender", raw))
    }
}

serde_via_str!(
    Gender,
    crate::schema::one_of(Gender::ALL.iter().map(Gender::as_str))
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_and_genders_round_trip() {
        for b in AgeBucket::ALL {
            assert_eq!(b.as_str().parse::<AgeBucket>().unwrap(), b);
        }
        for g in Gender::ALL {
            assert_eq!(g.as_str().parse::<Gender>().unwrap(), g);
        }
        assert_eq!("Female".parse::<Gender>().unwrap(), Gender::Female);
        assert_eq!(
            serde_json::to_string(&AgeBucket::From65).unwrap(),
            "\"65+\""
        );
    }

    #[test]
    fn unknown_values_are_rejected() {
        assert_eq!(
            "18-25".parse::<AgeBucket>().unwrap_err().code(),
            "unknown_age_bucket"
        );
        assert_eq!(
            "65".parse::<AgeBucket>().unwrap_err().code(),
            "unknown_age_bucket"
        );
        assert_eq!(
            "nonbinary".parse::<Gender>().unwrap_err().code(),
            "unknown_gender"
        );
    }
}
