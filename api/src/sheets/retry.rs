//! Exponential backoff with jitter for 429, 5xx and transport failures.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{RequestBuilder, Response, StatusCode};

/// How the client retries 429, 5xx and transport failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// The delay before the first retry; each further retry doubles it.
    pub base_delay: Duration,
    /// The longest single wait, also the cap on a server's `Retry-After`.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 5 attempts, 500 ms doubling up to 8 s: at most about 15 s of waiting in all.
    fn default() -> Self {
        Self {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    /// Whether attempt number `attempt` (1-based) may be followed by another.
    pub(crate) fn may_retry(&self, attempt: u32) -> bool {
        attempt < self.max_attempts.max(1)
    }

    /// The wait after failed attempt `attempt` (1-based): the server's `Retry-After` when it
    /// gave one (capped), else `base * 2^(attempt-1)` (capped) with "equal jitter", a random
    /// point in its upper half, so that clients refused together do not return together.
    pub(crate) fn delay(&self, attempt: u32, headers: Option<&HeaderMap>) -> Duration {
        if let Some(after) = headers.and_then(retry_after) {
            return after.min(self.max_delay);
        }
        let exponent = attempt.saturating_sub(1).min(16);
        let full = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        let half = full / 2;
        half + half.mul_f64(rand::random::<f64>())
    }
}

/// Sends the request built by `build` until it gets an answer that is not worth retrying or
/// the attempts run out. The last answer is returned whatever its status (a 429 or 5xx when
/// attempts ran out); `Err` only for a transport failure on the last attempt.
pub(crate) async fn send(
    policy: &RetryPolicy,
    what: &str,
    build: impl Fn() -> RequestBuilder,
) -> Result<Response, reqwest::Error> {
    let mut attempt = 1;
    loop {
        let wait = match build().send().await {
            Ok(response) if is_retryable(response.status()) && policy.may_retry(attempt) => {
                let wait = policy.delay(attempt, Some(response.headers()));
                tracing::warn!(what, status = %response.status(), attempt, ?wait, "retrying");
                wait
            }
            Ok(response) => return Ok(response),
            Err(error) if !error.is_builder() && policy.may_retry(attempt) => {
                let wait = policy.delay(attempt, None);
                tracing::warn!(what, error = %describe(&error), attempt, ?wait, "retrying");
                wait
            }
            Err(error) => return Err(error),
        };
        tokio::time::sleep(wait).await;
        attempt += 1;
    }
}

/// 429 (quota) and server errors are retried; everything else is an answer.
fn is_retryable(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// A transport error with its causes ("error sending request" alone says little).
pub(crate) fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `Retry-After` in its delay-seconds form (what Google sends); an HTTP date is ignored.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_jitter_and_is_capped() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
        };
        for (attempt, full) in [(1, 100), (2, 200), (3, 400), (4, 800), (5, 1000), (9, 1000)] {
            let d = policy.delay(attempt, None);
            let full = Duration::from_millis(full);
            assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?}");
        }
        assert!(policy.may_retry(9));
        assert!(!policy.may_retry(10));
    }

    #[test]
    fn retry_after_seconds_is_honoured_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(policy.delay(1, Some(&headers)), Duration::from_secs(3));
        headers.insert(RETRY_AFTER, "3600".parse().unwrap());
        assert_eq!(policy.delay(1, Some(&headers)), policy.max_delay);
    }
}
