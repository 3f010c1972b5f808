//! Where in an episode an ad runs.

use std::str::FromStr;

use crate::invalid::InvalidValue;

/// The position of an ad slot in an episode; serialized `pre`, `mid`, `post`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Placement {
    /// Before the episode's content.
    Pre,
    /// In a break within the content.
    Mid,
    /// After the content.
    Post,
}

impl Placement {
    /// Every placement, in episode order.
    pub const ALL: [Placement; 3] = [Placement::Pre, Placement::Mid, Placement::Post];

    /// The snake_case name: `pre`, `mid` or `post`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Placement::Pre => "pre",
            Placement::Mid => "mid",
            Placement::Post => "post",
        }
    }
}

impl FromStr for Placement {
    type Err = InvalidValue;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Placement::ALL
            .into_iter()
            .find(|p| p.as_str() == raw)
            .ok_or_else(|| {
                InvalidValue::new("placement (pre, mid, post)", "unknown_placement", raw)
            })
    }
}

serde_via_str!(
    Placement,
    crate::schema::one_of(Placement::ALL.iter().map(Placement::as_str))
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placements_round_trip_and_order() {
        for p in Placement::ALL {
            assert_eq!(p.as_str().parse::<Placement>().unwrap(), p);
        }
        assert!(Placement::Pre < Placement::Mid && Placement::Mid < Placement::Post);
        assert_eq!(
            "Mid".parse::<Placement>().unwrap_err().code(),
            "unknown_placement"
        );
        assert_eq!(serde_json::to_string(&Placement::Post).unwrap(), "\"post\"");
    }
}
