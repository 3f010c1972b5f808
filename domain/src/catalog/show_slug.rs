//! The URL-friendly short name of a show.

use std::str::FromStr;

use crate::invalid::InvalidValue;
use crate::tenancy::is_valid_slug;

/// The longest slug, in characters.
pub const MAX_SLUG_LEN: usize = 40;

/// A show's slug: `[a-z0-9-]{2,40}`, unique within its tenant by convention.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShowSlug(String);

impl ShowSlug {
    /// The slug as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Derives a slug from a show name: lowercased, each run of characters other than ASCII
    /// letters and digits turned into one `-`, leading and trailing `-` trimmed, cut to 40
    /// characters. Fails when fewer than 2 characters remain (e.g. a name of symbols only).
    pub fn from_name(name: &str) -> Result<ShowSlug, InvalidValue> {
        let mut slug = String::with_capacity(name.len());
        for c in name.to_lowercase().chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        slug.truncate(MAX_SLUG_LEN);
        let trimmed = slug.trim_end_matches('-');
        trimmed
            .parse()
            .map_err(|_| InvalidValue::new("slug derived from the name", "underivable_slug", name))
    }
}

impl FromStr for ShowSlug {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        if is_valid_slug(raw) {
            Ok(Self(raw.to_owned()))
        } else {
            Err(InvalidValue::new(
                "slug ([a-z0-9-]{2,40})",
                "invalid_slug",
                raw,
            ))
        }
    }
}

serde_via_str!(
    ShowSlug,
    crate::schema::pattern(crate::schema::SLUG_PATTERN)
);

#[cfg(test)]
mod tests {
    use super::*;

    fn derived(name: &str) -> String {
        ShowSlug::from_name(name).unwrap().to_string()
    }

    #[test]
    fn slugs_are_derived_from_names() {
        assert_eq!(derived("The Daily Crime"), "the-daily-crime");
        assert_eq!(derived("  Hello,   World!! "), "hello-world");
        assert_eq!(derived("Café Über"), "caf-ber");
        assert_eq!(derived("99% Invisible"), "99-invisible");
        assert_eq!(derived("a--b__c"), "a-b-c");
    }

    #[test]
    fn derived_slugs_are_cut_to_40_without_trailing_dash() {
        let name = format!("{} {}", "a".repeat(39), "bcd");
        assert_eq!(derived(&name), "a".repeat(39));
        let long = "word ".repeat(30);
        let slug = derived(&long);
        assert!(slug.len() <= 40 && !slug.ends_with('-'));
    }

    #[test]
    fn underivable_names_fail() {
        assert_eq!(
            ShowSlug::from_name("!!!").unwrap_err().code(),
            "underivable_slug"
        );
        assert_eq!(
            ShowSlug::from_name("X").unwrap_err().code(),
            "underivable_slug"
        );
    }

    #[test]
    fn explicit_slugs_are_validated() {
        assert!("my-show".parse::<ShowSlug>().is_ok());
        assert_eq!(
            "My Show".parse::<ShowSlug>().unwrap_err().code(),
            "invalid_slug"
        );
        assert!(serde_json::from_str::<ShowSlug>("\"x\"").is_err());
    }
}
