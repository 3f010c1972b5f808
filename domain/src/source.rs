//! The name of a metrics source (a hosting platform such as `megaphone`): one rule for the
//! `source` of an import row, the source an import is started with (`?source=`, a sheet's
//! `source`) and a show's `metrics_source` (docs/rules.md, sources).
//!
//! > A source name is trimmed and lowercased; it is then 1 to 64 characters without a
//! > control character other than tab (the rule of one line of text, [`crate::text`]).
//!
//! A show's `metrics_source` selects the imported rows of its source, so both must be read
//! through this one rule: `Megaphone` given on a show and `MEGAPHONE` in a CSV are both
//! `megaphone`.

use std::str::FromStr;

use crate::invalid::InvalidValue;
use crate::text::is_forbidden_in_line;

/// The longest source name, in characters.
pub const MAX_SOURCE_LEN: usize = 64;

/// `raw` folded the way every source name is: trimmed, lowercased (Unicode lowercase, as
/// `str::to_lowercase`). Nothing is checked.
pub fn normalize_source(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// A source name: folded by [`normalize_source`], never blank.
///
/// [`SourceName::parse`] (also `FromStr`) is the rule for every name a user gives: it
/// refuses a control character (code `invalid_character`) and more than [`MAX_SOURCE_LEN`]
/// characters (code `too_long`) as well as a blank name (code `required`).
///
/// Deserializing reads *stored* data (a show's profile in its events and read model): it
/// folds the name and refuses only a blank one. So a `metrics_source` stored as typed
/// (`Megaphone`) before this rule existed reads as `megaphone` wherever a show event is
/// folded (the `Show` aggregate's `apply`) or projected (the catalog read model): no
/// upcaster is needed, and a read model projected before is corrected by rebuilding it. A
/// name stored under the older, looser rule (up to 200 characters) still folds rather than
/// making the show's events unreadable; it matches no imported source, as before. Every
/// name written since is checked by `parse` first.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceName(String);

impl SourceName {
    /// The source name of `raw`: folded, then checked (see [`SourceName`]).
    pub fn parse(raw: &str) -> Result<SourceName, InvalidValue> {
        let folded = normalize_source(raw);
        let invalid = |what, code| Err(InvalidValue::new(what, code, raw));
        if folded.is_empty() {
            invalid("source name (not blank)", "required")
        } else if folded.chars().any(is_forbidden_in_line) {
            invalid("source name (no control characters)", "invalid_character")
        } else if folded.chars().count() > MAX_SOURCE_LEN {
            invalid("source name (at most 64 characters)", "too_long")
        } else {
            Ok(SourceName(folded))
        }
    }

    /// A name read from stored data: folded, refused only when blank (see [`SourceName`]).
    fn from_stored(raw: &str) -> Result<SourceName, InvalidValue> {
        let folded = normalize_source(raw);
        if folded.is_empty() {
            return Err(InvalidValue::new(
                "source name (not blank)",
                "required",
                raw,
            ));
        }
        Ok(SourceName(folded))
    }

    /// The name as a string slice (trimmed, lowercase).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for SourceName {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        SourceName::parse(raw)
    }
}

impl From<SourceName> for String {
    fn from(name: SourceName) -> String {
        name.0
    }
}

impl AsRef<str> for SourceName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl serde::Serialize for SourceName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for SourceName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <String as serde::Deserialize>::deserialize(deserializer)?;
        SourceName::from_stored(&raw).map_err(serde::de::Error::custom)
    }
}

string_schema!(SourceName, crate::schema::text(1, MAX_SOURCE_LEN as u32));

impl std::fmt::Display for SourceName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(raw: &str) -> &'static str {
        SourceName::parse(raw).unwrap_err().code()
    }

    #[test]
    fn a_name_is_trimmed_and_lowercased() {
        assert_eq!(
            SourceName::parse(" Megaphone ").unwrap().as_str(),
            "megaphone"
        );
        assert_eq!(SourceName::parse("ART19").unwrap().to_string(), "art19");
        assert_eq!(normalize_source("\tGoogle_Sheets\r\n"), "google_sheets");
        // What the API's `[a-z0-9_.-]{1,64}` accepted is still accepted, unchanged.
        for raw in ["csv", "google_sheets", "a.b-c_d", "x", &"a".repeat(64)] {
            assert_eq!(SourceName::parse(raw).unwrap().as_str(), raw);
        }
        // Other text of a line is a name too, as in an import row's `source` cell.
        assert_eq!(
            SourceName::parse("Mega Phone").unwrap().as_str(),
            "mega phone"
        );
        assert_eq!(SourceName::parse("a\tb").unwrap().as_str(), "a\tb");
        assert_eq!(SourceName::parse("ÉCOUTE").unwrap().as_str(), "écoute");
    }

    #[test]
    fn blank_long_and_control_characters_are_refused() {
        assert_eq!(code(""), "required");
        assert_eq!(code("  \t "), "required");
        assert_eq!(code("mega\u{0}phone"), "invalid_character");
        assert_eq!(code("mega\nphone"), "invalid_character");
        assert_eq!(code("a\u{1b}[31m"), "invalid_character");
        assert_eq!(code(&"a".repeat(65)), "too_long");
        // Characters, not bytes: 64 two-byte letters are a name.
        assert!(SourceName::parse(&"é".repeat(64)).is_ok());
        assert_eq!(code(&"é".repeat(65)), "too_long");
    }

    #[test]
    fn stored_names_are_folded_and_only_a_blank_one_is_refused() {
        let read = |json: &str| serde_json::from_str::<SourceName>(json);
        assert_eq!(read("\" Megaphone\"").unwrap().as_str(), "megaphone");
        // Stored under the older rule (up to 200 characters): still readable.
        let long = format!("\"{}\"", "A".repeat(200));
        assert_eq!(read(&long).unwrap().as_str(), "a".repeat(200));
        assert!(read("\" \"").is_err());
        let name = SourceName::parse("Megaphone").unwrap();
        assert_eq!(serde_json::to_string(&name).unwrap(), "\"megaphone\"");
    }
}
