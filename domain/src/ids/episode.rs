//! The id of an episode, as the hosting platform names it (docs/rules.md, episodes).
//!
//! > An episode id is any text of 1 to 200 characters, trimmed, without a control character
//! > other than tab.
//!
//! One rule for the `episode` cell of an import row and a line item's `episode_ids`, so
//! that a line can name every episode an import carries: platforms name episodes by GUIDs
//! (`urn:uuid:5f0c…`, `tag:example.com,2026:ep-12`), URLs or their own ids. Case and inner
//! spaces are kept (they tell episodes apart).

use std::str::FromStr;

use crate::invalid::InvalidValue;
use crate::text::is_forbidden_in_line;

/// The longest episode id, in characters.
pub const MAX_EPISODE_ID_LEN: usize = 200;

/// The id of an episode of a show: trimmed, 1 to [`MAX_EPISODE_ID_LEN`] characters, no
/// control character other than tab. Every id of the older `[A-Za-z0-9_-]{1,64}` form is
/// one, so stored line items read as before.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EpisodeId(String);

impl EpisodeId {
    /// The episode id of `raw` (see [`EpisodeId`]); an [`InvalidValue`] with code
    /// `invalid_id` otherwise.
    pub fn parse(raw: &str) -> Result<EpisodeId, InvalidValue> {
        let id = raw.trim();
        let invalid = |what| Err(InvalidValue::new(what, "invalid_id", raw));
        if id.is_empty() {
            invalid("episode id (not blank)")
        } else if id.chars().any(is_forbidden_in_line) {
            invalid("episode id (no control characters)")
        } else if id.chars().count() > MAX_EPISODE_ID_LEN {
            invalid("episode id (at most 200 characters)")
        } else {
            Ok(EpisodeId(id.to_owned()))
        }
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for EpisodeId {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        EpisodeId::parse(raw)
    }
}

impl AsRef<str> for EpisodeId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<EpisodeId> for String {
    fn from(id: EpisodeId) -> String {
        id.0
    }
}

serde_via_str!(EpisodeId, crate::schema::text(1, MAX_EPISODE_ID_LEN as u32));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_urls_and_platform_ids_are_episode_ids() {
        for raw in [
            "ep-12",
            "urn:uuid:5f0c2b1e-8d3a-4c7e-9b1a-2f3e4d5c6b7a",
            "https://example.com/podcast/episodes/12?utm=rss",
            "tag:example.com,2026:Episode 12",
            "Gid://art19/Episode/0193A0C4",
            "épisode\t12",
        ] {
            assert_eq!(EpisodeId::parse(raw).unwrap().as_str(), raw);
        }
        assert_eq!(EpisodeId::parse("  ep-1 \r\n").unwrap().as_str(), "ep-1");
        let longest = "é".repeat(MAX_EPISODE_ID_LEN);
        assert_eq!(EpisodeId::parse(&longest).unwrap().as_str(), longest);
    }

    #[test]
    fn blank_long_and_control_characters_are_not() {
        let too_long = "e".repeat(MAX_EPISODE_ID_LEN + 1);
        for raw in ["", "   ", "ep\u{0}1", "ep\n1", "ep\u{85}1", &too_long] {
            assert_eq!(
                EpisodeId::parse(raw).unwrap_err().code(),
                "invalid_id",
                "{raw:?}"
            );
        }
    }

    #[test]
    fn serde_is_the_validated_string() {
        let id: EpisodeId = serde_json::from_str("\"urn:uuid:1\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"urn:uuid:1\"");
        assert!(serde_json::from_str::<EpisodeId>("\"\"").is_err());
    }
}
