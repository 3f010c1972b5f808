//! Decoding the rows of the log. A batch has thousands of them, so they are read by column
//! position and the transaction id in its binary form.

use sqlx::error::BoxDynError;
use sqlx::postgres::types::Oid;
use sqlx::postgres::{PgRow, PgTypeInfo, PgValueRef};
use sqlx::{Decode, Postgres, Row, Type};

use super::{EventPayload, Position, RecordedEvent};

/// The event in a row of `SELECT_EVENTS`, its aggregate id without the tenant prefix.
pub(super) fn recorded_event(row: &PgRow) -> sqlx::Result<RecordedEvent> {
    let tenant_id: String = row.try_get(2)?;
    let mut aggregate_id: String = row.try_get(4)?;
    let prefix = (aggregate_id.strip_prefix(tenant_id.as_str()))
        .and_then(|rest| rest.strip_prefix(':'))
        .map(|local| aggregate_id.len() - local.len());
    if let Some(prefix) = prefix {
        aggregate_id.drain(..prefix);
    }
    Ok(RecordedEvent {
        position: Position {
            tx_id: row.try_get::<TxId, _>(0)?.0,
            global_position: row.try_get(1)?,
        },
        tenant_id,
        aggregate_type: row.try_get(3)?,
        aggregate_id,
        sequence: row.try_get(5)?,
        event_type: row.try_get(6)?,
        recorded_at: row.try_get(7)?,
        payload: row.try_get::<Option<String>, _>(8)?.map(EventPayload),
    })
}

/// An `xid8` as PostgreSQL sends it in binary: eight bytes, like an `int8`. Read as such
/// rather than cast (`tx_id::text::int8`), which costs the server more than the rest of a
/// log row.
struct TxId(i64);

/// The type id of `xid8`, fixed since PostgreSQL 13 (compared at every row, unlike a name).
const XID8: u32 = 5069;

impl Type<Postgres> for TxId {
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_oid(Oid(XID8))
    }
}

impl<'r> Decode<'r, Postgres> for TxId {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        <i64 as Decode<Postgres>>::decode(value).map(TxId)
    }
}
