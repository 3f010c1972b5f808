//! Read-your-writes: a command answers with a consistency token naming the last event it
//! wrote; a query given the token waits until the projections it reads have passed that
//! event.
//!
//! The token names the event (`<aggregate type>.<sequence>.<stream id>`) rather than its
//! log position, so that answering a command costs no extra query: the position is looked
//! up only by the (rarer) query that waits for it.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use cuepoint_domain::ids::is_valid_id;
use sqlx::PgPool;
use tokio::time::Instant;

use crate::{registry, Position};

/// The event a consistency token names: `<aggregate type>.<sequence>.<tenant id>:<id>`,
/// the type and both ids of the form of an id (`[A-Za-z0-9_-]{1,64}`), the sequence from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRef {
    /// The aggregate type.
    pub aggregate_type: String,
    /// The event's sequence in its aggregate.
    pub sequence: i64,
    /// The stored aggregate id, `"<tenant_id>:<id>"`.
    pub stream_id: String,
}

impl EventRef {
    /// The tenant of the event.
    pub fn tenant_id(&self) -> &str {
        self.stream_id.split(':').next().unwrap_or_default()
    }

    /// The event's position in the log, if it exists.
    pub async fn resolve<'c, E>(&self, executor: E) -> sqlx::Result<Option<Position>>
    where
        E: sqlx::PgExecutor<'c>,
    {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT tx_id::text::int8, global_position FROM events
              WHERE aggregate_type = $1 AND aggregate_id = $2 AND sequence = $3",
        )
        .bind(&self.aggregate_type)
        .bind(&self.stream_id)
        .bind(self.sequence)
        .fetch_optional(executor)
        .await?;
        Ok(row.map(|(tx_id, global_position)| Position {
            tx_id,
            global_position,
        }))
    }
}

impl fmt::Display for EventRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}.{}",
            self.aggregate_type, self.sequence, self.stream_id
        )
    }
}

/// A string that is not a consistency token.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not a consistency token")]
pub struct InvalidToken;

impl FromStr for EventRef {
    type Err = InvalidToken;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.splitn(3, '.');
        let (Some(aggregate_type), Some(sequence), Some(stream_id)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(InvalidToken);
        };
        let sequence: i64 = sequence.parse().map_err(|_| InvalidToken)?;
        // Every part names stored data by ids: anything else (a control character that
        // the database cannot even compare) names no event.
        let stream_is_ids = stream_id
            .split_once(':')
            .is_some_and(|(tenant, id)| is_valid_id(tenant) && is_valid_id(id));
        if !is_valid_id(aggregate_type) || sequence < 1 || !stream_is_ids {
            return Err(InvalidToken);
        }
        Ok(EventRef {
            aggregate_type: aggregate_type.to_string(),
            sequence,
            stream_id: stream_id.to_string(),
        })
    }
}

/// Waits until every named projection has passed `target`, for at most `timeout`. Returns
/// whether they caught up.
///
/// A projection has passed the target when its checkpoint is at or after it, or when no
/// event of its aggregate types lies between its checkpoint and the target: workers skip
/// other projections' events without storing their position at once (see `worker`).
pub async fn wait_for(
    pool: &PgPool,
    projections: &[&str],
    target: Position,
    timeout: Duration,
) -> sqlx::Result<bool> {
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(1);
    loop {
        if caught_up(pool, projections, target).await? {
            return Ok(true);
        }
        if Instant::now() + pause > deadline {
            return Ok(false);
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}

async fn caught_up(pool: &PgPool, projections: &[&str], target: Position) -> sqlx::Result<bool> {
    for name in projections {
        // A projection the registry does not know must reach the target itself.
        let types: Vec<String> = registry::by_name(name).map_or_else(Vec::new, |p| {
            p.aggregate_types().iter().map(|t| t.to_string()).collect()
        });
        // A projection whose worker has stored no checkpoint yet is at the start of the log.
        let passed: bool = sqlx::query_scalar(
            "SELECT (c.tx_id, c.global_position) >= ($2::int8::text::xid8, $3)
                 OR ($4::text[] <> '{}' AND NOT EXISTS (
                       SELECT 1 FROM events e
                        WHERE (e.tx_id, e.global_position) > (c.tx_id, c.global_position)
                          AND (e.tx_id, e.global_position) <= ($2::int8::text::xid8, $3)
                          AND e.aggregate_type = ANY($4)))
               FROM (SELECT COALESCE(max(tx_id), '0'::xid8) AS tx_id,
                            COALESCE(max(global_position), 0) AS global_position
                       FROM projection_checkpoints WHERE projection = $1) c",
        )
        .bind(name)
        .bind(target.tx_id)
        .bind(target.global_position)
        .bind(&types)
        .fetch_one(pool)
        .await?;
        if !passed {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        let token = EventRef {
            aggregate_type: "show".into(),
            sequence: 3,
            stream_id: "t-1:0193-ab".into(),
        };
        assert_eq!(token.to_string(), "show.3.t-1:0193-ab");
        assert_eq!(token.to_string().parse::<EventRef>(), Ok(token.clone()));
        assert_eq!(token.tenant_id(), "t-1");
        assert_eq!("banana".parse::<EventRef>(), Err(InvalidToken));
        assert_eq!("show.0.t:x".parse::<EventRef>(), Err(InvalidToken));
        assert_eq!("show.1.nocolon".parse::<EventRef>(), Err(InvalidToken));
        for odd in [
            "show.1.t-1:a\0",
            "show.1.t-1:",
            "show.1.:x",
            "show.1.t:x:y",
            "a b.1.t:x",
        ] {
            assert_eq!(odd.parse::<EventRef>(), Err(InvalidToken), "{odd:?}");
        }
    }

    /// An event as commands name it: a lowercase aggregate type, a sequence from 1, and a
    /// stream id `<tenant id>:<id>`.
    fn event_ref() -> impl proptest::strategy::Strategy<Value = EventRef> {
        use proptest::prelude::*;
        let id = "[A-Za-z0-9_-]{1,64}";
        ("[a-z][a-z_]{0,20}", 1..=i64::MAX, id, id).prop_map(
            |(aggregate_type, sequence, tenant, id)| EventRef {
                aggregate_type,
                sequence,
                stream_id: format!("{tenant}:{id}"),
            },
        )
    }

    proptest::proptest! {
        #[test]
        fn every_token_reads_back_as_its_event(event in event_ref()) {
            let token = event.to_string();
            proptest::prop_assert_eq!(token.parse::<EventRef>(), Ok(event));
        }

        #[test]
        fn a_string_read_as_a_token_writes_back_as_the_same_event(
            raw in "[a-z.]{0,6}[.][-+0-9]{1,4}[.][a-z0-9.:\\x00 ]{0,10}",
        ) {
            if let Ok(event) = raw.parse::<EventRef>() {
                let (tenant, id) = event.stream_id.split_once(':').unwrap();
                proptest::prop_assert!(is_valid_id(tenant) && is_valid_id(id) && event.sequence >= 1);
                proptest::prop_assert_eq!(event.to_string().parse::<EventRef>(), Ok(event));
            }
        }
    }
}
