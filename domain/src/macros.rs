//! Crate-private helper macros.

/// Implements `JsonSchema` for a type serde writes as a string: `$schema` (a
/// [`schemars::Schema`] of the strings it reads, from [`crate::schema`]), inlined where used.
macro_rules! string_schema {
    ($ty:ty, $schema:expr) => {
        impl schemars::JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                $schema
            }
        }
    };
}

/// Implements `Serialize` as the string from `as_str()` and `Deserialize` through `FromStr`,
/// so that every value read from JSON (or a map key) is validated, and `JsonSchema` as
/// `$schema` (a [`schemars::Schema`] of the strings `FromStr` accepts, from [`crate::schema`]).
macro_rules! serde_via_str {
    ($ty:ty, $schema:expr) => {
        string_schema!($ty, $schema);

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <String as serde::Deserialize>::deserialize(deserializer)?;
                raw.parse().map_err(serde::de::Error::custom)
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Declares a closed set of snake_case names as an enum with `ALL`, `as_str()`, `FromStr`
/// (an [`InvalidValue`](crate::invalid::InvalidValue) with the given `what` and `code` for
/// any other string), `Display` and serde as the string: e.g. makegood reasons, deal stages.
macro_rules! snake_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal, $code:literal,
     { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The snake_case name.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::invalid::InvalidValue;

            fn from_str(raw: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == raw)
                    .ok_or_else(|| $crate::invalid::InvalidValue::new($what, $code, raw))
            }
        }

        serde_via_str!($name, $crate::schema::one_of($name::ALL.iter().map($name::as_str)));
    };
}
