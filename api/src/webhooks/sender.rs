//! The webhook sender, in every `serve` and `worker` process: claims one due delivery at a
//! time (`FOR UPDATE SKIP LOCKED`, so processes share the work), records the attempt as
//! `sending` and leases the delivery in one transaction, POSTs the payload signed, then
//! records the outcome. A failed attempt is retried after `base * 2^(attempt - 1)` (capped
//! at an hour) until `max_attempts`, then the delivery is `failed`. A sender that dies
//! mid-attempt leaves the attempt `sending`; when its lease ends, the next claim marks it
//! `interrupted` and tries again.

use std::time::Duration;

use sqlx::PgPool;
use tokio_util::sync::CancellationToken;

use super::signature::{sign, SIGNATURE_HEADER};

/// How deliveries are sent.
#[derive(Clone, Debug)]
pub struct SenderSettings {
    /// Attempts per delivery before it is given up.
    pub max_attempts: i32,
    /// The wait after the first failed attempt; it doubles with each further one.
    pub backoff_base: Duration,
    /// The longest wait for a receiver's answer (an attempt's lease is twice this).
    pub request_timeout: Duration,
    /// How often an idle sender looks for due deliveries.
    pub poll_interval: Duration,
}

/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

impl SenderSettings {
    /// The wait after failed attempt `attempt` (1 for the first).
    pub fn backoff(&self, attempt: i32) -> Duration {
        let doublings = u32::try_from(attempt.saturating_sub(1))
            .unwrap_or(0)
            .min(20);
        (self.backoff_base.saturating_mul(1 << doublings)).min(MAX_BACKOFF)
    }
}

/// A claimed delivery.
#[derive(sqlx::FromRow)]
struct Claimed {
    delivery_id: String,
    attempt: i32,
    url: String,
    secret: String,
    payload: serde_json::Value,
}

/// Sends due deliveries until `shutdown`.
pub async fn run_sender(pool: PgPool, settings: SenderSettings, shutdown: CancellationToken) {
    let client = match reqwest::Client::builder()
        .timeout(settings.request_timeout)
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(%error, "webhook sender cannot start its HTTP client");
            return;
        }
    };
    loop {
        let sent = match claim(&pool, &settings).await {
            Ok(Some(claimed)) => {
                let outcome = send(&client, &claimed).await;
                if let Err(error) = record(&pool, &settings, &claimed, outcome).await {
                    tracing::warn!(%error, "could not record a webhook attempt");
                }
                true
            }
            Ok(None) => false,
            Err(error) => {
                tracing::warn!(%error, "could not claim a webhook delivery");
                false
            }
        };
        if !sent {
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(settings.poll_interval) => {}
            }
        } else if shutdown.is_cancelled() {
            return;
        }
    }
}

/// Claims the next due delivery: its earlier attempt still `sending` (its sender died)
/// becomes `interrupted`, a new attempt is recorded, the delivery is leased.
async fn claim(pool: &PgPool, settings: &SenderSettings) -> sqlx::Result<Option<Claimed>> {
    let mut tx = pool.begin().await?;
    let due: Option<(String, i32)> = sqlx::query_as(
        "SELECT delivery_id, attempts FROM webhook_deliveries
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some((delivery_id, attempts)) = due else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE webhook_attempts SET outcome = 'interrupted', finished_at = now(),
                error = 'the sender stopped before the attempt ended'
          WHERE delivery_id = $1 AND outcome = 'sending'",
    )
    .bind(&delivery_id)
    .execute(&mut *tx)
    .await?;
    let attempt = attempts + 1;
    sqlx::query("INSERT INTO webhook_attempts (delivery_id, attempt) VALUES ($1, $2)")
        .bind(&delivery_id)
        .bind(attempt)
        .execute(&mut *tx)
        .await?;
    let lease = settings.request_timeout.saturating_mul(2);
    let claimed: Claimed = sqlx::query_as(
        "UPDATE webhook_deliveries d
            SET attempts = $2, next_attempt_at = now() + make_interval(secs => $3)
           FROM webhooks w
          WHERE d.delivery_id = $1 AND w.webhook_id = d.webhook_id
         RETURNING d.delivery_id, d.attempts AS attempt, w.url, w.secret, d.payload",
    )
    .bind(&delivery_id)
    .bind(attempt)
    .bind(lease.as_secs_f64())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(claimed))
}

/// What the receiver did: its status, or why there was none.
type Sent = Result<u16, String>;

async fn send(client: &reqwest::Client, claimed: &Claimed) -> Sent {
    let body = serde_json::to_vec(&claimed.payload).map_err(|e| e.to_string())?;
    let response = client
        .post(&claimed.url)
        .header("content-type", "application/json")
        .header(SIGNATURE_HEADER, sign(&claimed.secret, &body))
        .header("Cuepoint-Delivery", &claimed.delivery_id)
        .body(body)
        .send()
        .await
        .map_err(|e| format!("{e:#}"))?;
    Ok(response.status().as_u16())
}

/// Records the attempt's outcome and what follows for the delivery (if the attempt is still
/// its latest: a lease that ran out gave the delivery to another attempt).
async fn record(
    pool: &PgPool,
    settings: &SenderSettings,
    claimed: &Claimed,
    sent: Sent,
) -> sqlx::Result<()> {
    let succeeded = matches!(sent, Ok(status) if (200..300).contains(&status));
    let (status_code, error) = match &sent {
        Ok(status) if succeeded => (Some(i32::from(*status)), None),
        Ok(status) => (
            Some(i32::from(*status)),
            Some(format!("the receiver answered {status}")),
        ),
        Err(error) => (None, Some(error.clone())),
    };
    let outcome = if succeeded { "succeeded" } else { "failed" };
    crate::measure::webhook_attempt(outcome);
    let mut tx = pool.begin().await?;
    let current = sqlx::query(
        "UPDATE webhook_attempts SET outcome = $3, finished_at = now(), status_code = $4,
                error = $5
          WHERE delivery_id = $1 AND attempt = $2 AND outcome = 'sending'",
    )
    .bind(&claimed.delivery_id)
    .bind(claimed.attempt)
    .bind(outcome)
    .bind(status_code)
    .bind(&error)
    .execute(&mut *tx)
    .await?;
    if current.rows_affected() == 0 {
        return Ok(());
    }
    let status = match (succeeded, claimed.attempt >= settings.max_attempts) {
        (true, _) => "delivered",
        (false, true) => "failed",
        (false, false) => "pending",
    };
    sqlx::query(
        "UPDATE webhook_deliveries
            SET status = $2, next_attempt_at = now() + make_interval(secs => $3),
                finished_at = CASE WHEN $2 = 'pending' THEN NULL ELSE now() END
          WHERE delivery_id = $1 AND attempts = $4",
    )
    .bind(&claimed.delivery_id)
    .bind(status)
    .bind(settings.backoff(claimed.attempt).as_secs_f64())
    .bind(claimed.attempt)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let settings = SenderSettings {
            max_attempts: 8,
            backoff_base: Duration::from_secs(10),
            request_timeout: Duration::from_secs(10),
            poll_interval: Duration::from_secs(1),
        };
        let waits: Vec<u64> = (1..=4).map(|n| settings.backoff(n).as_secs()).collect();
        assert_eq!(waits, [10, 20, 40, 80]);
        assert_eq!(settings.backoff(30), MAX_BACKOFF);
    }
}
