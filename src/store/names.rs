//! The domain's named enums as SQLite text, through the same names serde and
//! the code use (`domain::names`): a state, purpose or event kind is stored
//! as exactly the word the JSON contract shows.

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Sqlite, Type};

use crate::domain::{Direction, EventKind, MailPurpose, Purpose, RawKind, State};

macro_rules! stored {
    ($($t:ty),+ $(,)?) => {$(
        impl Type<Sqlite> for $t {
            fn type_info() -> SqliteTypeInfo {
                <&str as Type<Sqlite>>::type_info()
            }
            fn compatible(ty: &SqliteTypeInfo) -> bool {
                <&str as Type<Sqlite>>::compatible(ty)
            }
        }
        impl Encode<'_, Sqlite> for $t {
            fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
                <&str as Encode<Sqlite>>::encode(self.as_str(), buf)
            }
        }
        impl<'r> Decode<'r, Sqlite> for $t {
            fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
                let s = <&str as Decode<Sqlite>>::decode(value)?;
                s.parse().map_err(|_| format!("{s:?} is not a {}", stringify!($t)).into())
            }
        }
    )+};
}

stored!(State, Direction, Purpose, EventKind, MailPurpose, RawKind);

/// The same words through the writer's connection (rusqlite).
macro_rules! stored_direct {
    ($($t:ty),+ $(,)?) => {$(
        impl rusqlite::ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }
        impl rusqlite::types::FromSql for $t {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                let s = value.as_str()?;
                s.parse().map_err(|_| {
                    let why = format!("{s:?} is not a {}", stringify!($t));
                    rusqlite::types::FromSqlError::Other(why.into())
                })
            }
        }
    )+};
}

stored_direct!(State, Direction, Purpose, EventKind, MailPurpose, RawKind);
