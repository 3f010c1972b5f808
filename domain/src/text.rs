//! Free text as Cuepoint keeps it (names, notes, reasons, promo codes, import cells):
//! no control character — NUL cannot be stored by PostgreSQL at all, and the others cannot
//! be seen — except tab, line feed and carriage return.

use crate::violation::Violations;

/// The first character of `raw` that free text may not hold, if any: a control character
/// other than tab, line feed and carriage return.
pub fn forbidden_char(raw: &str) -> Option<char> {
    raw.chars()
        .find(|&c| is_forbidden_in_line(c) && !matches!(c, '\n' | '\r'))
}

/// Whether one line of text (an import cell, a label) may not hold `c`: a control
/// character other than tab.
pub fn is_forbidden_in_line(c: char) -> bool {
    c.is_control() && c != '\t'
}

/// Optional free text: trimmed, blank means absent, at most `max` characters and no
/// forbidden character (a violation on `field` otherwise).
pub(crate) fn text(
    field: &str,
    raw: Option<&str>,
    max: usize,
    v: &mut Violations,
) -> Option<String> {
    let trimmed = raw.map(str::trim).filter(|s| !s.is_empty())?;
    if let Some(c) = forbidden_char(trimmed) {
        v.add(
            field,
            "invalid_character",
            format!(
                "the control character U+{:04X} is not allowed",
                u32::from(c)
            ),
        );
        return None;
    }
    if trimmed.chars().count() > max {
        v.add(field, "too_long", format!("at most {max} characters"));
        return None;
    }
    Some(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_other_controls_are_refused_on_the_field_tabs_and_newlines_are_not() {
        let mut v = Violations::new();
        assert_eq!(text("note", Some("a\u{0}b"), 10, &mut v), None);
        assert_eq!(text("name", Some("bell\u{7}"), 10, &mut v), None);
        assert_eq!(text("name", Some("c\u{85}1"), 10, &mut v), None);
        let fields: Vec<_> = v
            .iter()
            .map(|f| (f.field.as_str(), f.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("note", "invalid_character"),
                ("name", "invalid_character"),
                ("name", "invalid_character")
            ]
        );
        assert_eq!(
            v.iter().next().unwrap().message,
            "the control character U+0000 is not allowed"
        );
        let mut ok = Violations::new();
        assert_eq!(
            text("note", Some(" line 1\nline 2\tend "), 30, &mut ok),
            Some("line 1\nline 2\tend".to_string())
        );
        assert_eq!(text("note", Some("   "), 30, &mut ok), None);
        assert!(ok.is_empty());
    }

    #[test]
    fn text_longer_than_its_bound_is_refused() {
        let mut v = Violations::new();
        assert_eq!(text("code", Some("abcdef"), 5, &mut v), None);
        assert_eq!(v.iter().next().unwrap().code, "too_long");
        assert_eq!(forbidden_char("plain"), None);
        assert_eq!(forbidden_char("x\u{0}"), Some('\u{0}'));
    }
}
