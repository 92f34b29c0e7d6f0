//! One mapping between an enum and the words it is stored and shown as:
//! strum's `snake_case` names. Serde goes through the same names, so JSON,
//! the database and the code can never disagree.

/// Serde for a strum enum through its `AsRef<str>` and `FromStr`.
macro_rules! named {
    ($($t:ty),+ $(,)?) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_ref())
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(|_| {
                    serde::de::Error::custom(format!(
                        "{s:?} is not one of: {}",
                        <$t as strum::IntoEnumIterator>::iter()
                            .map(|v| v.as_ref().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })
            }
        }
        impl $t {
            /// The stored and shown name.
            pub fn as_str(self) -> &'static str {
                self.into()
            }

            /// Every value, in declaration order.
            pub fn all() -> impl Iterator<Item = $t> {
                <$t as strum::IntoEnumIterator>::iter()
            }
        }
    )+};
}

pub(crate) use named;
