//! The Apple Podcasts top-level categories.

use std::str::FromStr;

use crate::invalid::InvalidValue;

/// A top-level Apple Podcasts category. Serialized as its canonical name (`"True Crime"`);
/// parsed case-insensitively, also from snake or kebab forms (`true_crime`, `health-fitness`,
/// `tv-and-film`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // the variant names are the category names
pub enum PodcastCategory {
    Arts,
    Business,
    Comedy,
    Education,
    Fiction,
    Government,
    HealthAndFitness,
    History,
    KidsAndFamily,
    Leisure,
    Music,
    News,
    ReligionAndSpirituality,
    Science,
    SocietyAndCulture,
    Sports,
    Technology,
    TrueCrime,
    TvAndFilm,
}

impl PodcastCategory {
    /// The 19 categories, in Apple's alphabetical order.
    pub const ALL: [PodcastCategory; 19] = {
        use PodcastCategory::*;
        [
            Arts,
            Business,
            Comedy,
            Education,
            Fiction,
            Government,
            HealthAndFitness,
            History,
            KidsAndFamily,
            Leisure,
            Music,
            News,
            ReligionAndSpirituality,
            Science,
            SocietyAndCulture,
            Sports,
            Technology,
            TrueCrime,
            TvAndFilm,
        ]
    };

    /// The canonical name, as Apple writes it: `"Health & Fitness"`, `"TV & Film"`.
    pub fn as_str(&self) -> &'static str {
        use PodcastCategory::*;
        match self {
            Arts => "Arts",
            Business => "Business",
            Comedy => "Comedy",
            Education => "Education",
            Fiction => "Fiction",
            Government => "Government",
            HealthAndFitness => "Health & Fitness",
            History => "History",
            KidsAndFamily => "Kids & Family",
            Leisure => "Leisure",
            Music => "Music",
            News => "News",
            ReligionAndSpirituality => "Religion & Spirituality",
            Science => "Science",
            SocietyAndCulture => "Society & Culture",
            Sports => "Sports",
            Technology => "Technology",
            TrueCrime => "True Crime",
            TvAndFilm => "TV & Film",
        }
    }
}

/// Lowercase alphanumeric words of `raw` without the connective "and", joined.
fn folded(raw: &str) -> String {
    raw.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty() && *word != "and")
        .collect()
}

impl FromStr for PodcastCategory {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let key = folded(raw);
        PodcastCategory::ALL
            .into_iter()
            .find(|c| !key.is_empty() && folded(c.as_str()) == key)
            .ok_or_else(|| InvalidValue::new("podcast category", "unknown_category", raw))
    }
}

serde_via_str!(
    PodcastCategory,
    crate::schema::one_of(PodcastCategory::ALL.iter().map(PodcastCategory::as_str))
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_canonical_name_round_trips() {
        for c in PodcastCategory::ALL {
            assert_eq!(c.as_str().parse::<PodcastCategory>().unwrap(), c);
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(serde_json::from_str::<PodcastCategory>(&json).unwrap(), c);
        }
    }

    #[test]
    fn loose_forms_are_accepted() {
        use PodcastCategory::*;
        for (raw, want) in [
            ("true_crime", TrueCrime),
            ("TRUE CRIME", TrueCrime),
            ("health-fitness", HealthAndFitness),
            ("health_and_fitness", HealthAndFitness),
            ("tv-and-film", TvAndFilm),
            ("tv & film", TvAndFilm),
            ("kids-family", KidsAndFamily),
            ("news", News),
        ] {
            assert_eq!(raw.parse::<PodcastCategory>().unwrap(), want, "{raw}");
        }
    }

    #[test]
    fn unknown_categories_are_rejected() {
        for raw in ["", "and", "Cooking", "true crimes", "Arts & Crafts"] {
            let err = raw.parse::<PodcastCategory>().unwrap_err();
            assert_eq!(err.code(), "unknown_category", "{raw}");
        }
        assert_eq!(
            serde_json::to_string(&PodcastCategory::TrueCrime).unwrap(),
            "\"True Crime\""
        );
    }
}
