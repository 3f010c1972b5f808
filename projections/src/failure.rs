//! Telling a lost database apart from a failure of the work itself.
//!
//! A worker that loses its connection stops its run and reconnects later; a batch that fails
//! for any other reason is retried a few times, then applied event by event with the failing
//! events parked (see [`crate::parked`]). Only the second kind counts towards parking.

/// Whether a database error means "cannot reach the database" rather than a bad query:
/// I/O and TLS failures, an exhausted or closed pool, and SQLSTATE classes 08 (connection
/// exception) and 57P (admin shutdown, crash shutdown, cannot connect now).
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("57P") || code.starts_with("08")),
        _ => false,
    }
}

/// Whether any database error in the chain of `error` means the database is unreachable.
pub fn is_connection_lost(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<sqlx::Error>())
        .any(is_unavailable)
}

/// An error as text fit for a `text` column and a log line: its causes joined by `: `
/// (a cause whose text is already there, as sqlx repeats a database error's message, is
/// left out), NUL characters (which PostgreSQL cannot store) replaced, cut to
/// [`MAX_ERROR_CHARS`].
pub fn error_text(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text.replace('\0', "\u{fffd}")
        .chars()
        .take(MAX_ERROR_CHARS)
        .collect()
}

/// The longest error text kept with a parked event.
pub const MAX_ERROR_CHARS: usize = 2000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lost_connections_are_told_apart_from_failures() {
        assert!(is_unavailable(&sqlx::Error::PoolTimedOut));
        assert!(!is_unavailable(&sqlx::Error::RowNotFound));
        let lost = anyhow::Error::new(sqlx::Error::PoolClosed).context("applying a batch");
        assert!(is_connection_lost(&lost));
        assert!(!is_connection_lost(&anyhow::anyhow!("bigint out of range")));
    }

    #[test]
    fn error_text_is_storable_and_bounded() {
        let error = anyhow::anyhow!("bad\0value").context("applying");
        assert_eq!(error_text(&error), "applying: bad\u{fffd}value");
        let repeated = anyhow::anyhow!("check violated").context("from database: check violated");
        assert_eq!(error_text(&repeated), "from database: check violated");
        let long = anyhow::anyhow!("x".repeat(5000));
        assert_eq!(error_text(&long).chars().count(), MAX_ERROR_CHARS);
    }
}
