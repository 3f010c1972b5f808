//! The tenant's webhooks, their deliveries and attempts, as the API shows them.

use chrono::{DateTime, Utc};
use cuepoint_domain::automation::AlertKind;
use rand::Rng;
use serde::Serialize;
use serde_json::Value;
use sqlx::PgPool;

/// A webhook as listed (without its secret).
#[derive(Clone, Debug, Serialize, PartialEq, sqlx::FromRow, schemars::JsonSchema)]
pub struct Webhook {
    /// Its id.
    pub id: String,
    /// Where deliveries are POSTed.
    pub url: String,
    /// The alert kinds it receives.
    pub kinds: Vec<String>,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
}

/// A new webhook with its secret (the only time the secret is shown).
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct CreatedWebhook {
    /// The webhook.
    #[serde(flatten)]
    pub webhook: Webhook,
    /// The signing secret: store it now, it is not shown again.
    pub secret: String,
}

/// A random signing secret: `whsec_` and 32 random bytes in hex.
fn new_secret() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("whsec_{hex}")
}

/// Registers a webhook for `kinds` at `url`.
pub async fn create(
    pool: &PgPool,
    tenant_id: &str,
    url: &str,
    kinds: &[AlertKind],
) -> sqlx::Result<CreatedWebhook> {
    let secret = new_secret();
    let kinds: Vec<&str> = kinds.iter().map(AlertKind::as_str).collect();
    let webhook: Webhook = sqlx::query_as(
        "INSERT INTO webhooks (webhook_id, tenant_id, url, kinds, secret)
         VALUES ($1, $2, $3, $4, $5)
         RETURNING webhook_id AS id, url, kinds, created_at",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(tenant_id)
    .bind(url)
    .bind(&kinds)
    .bind(&secret)
    .fetch_one(pool)
    .await?;
    Ok(CreatedWebhook { webhook, secret })
}

/// The tenant's webhooks, oldest first.
pub async fn list(pool: &PgPool, tenant_id: &str) -> sqlx::Result<Vec<Webhook>> {
    sqlx::query_as(
        "SELECT webhook_id AS id, url, kinds, created_at FROM webhooks
          WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY created_at, webhook_id",
    )
    .bind(tenant_id)
    .fetch_all(pool)
    .await
}

/// Deletes a webhook (it receives nothing more; its history stays); whether it existed.
pub async fn delete(pool: &PgPool, tenant_id: &str, id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE webhooks SET deleted_at = now()
          WHERE tenant_id = $1 AND webhook_id = $2 AND deleted_at IS NULL",
    )
    .bind(tenant_id)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One attempt at a delivery.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Attempt {
    /// 1 for the first.
    pub attempt: i32,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ended; null while it runs.
    pub finished_at: Option<DateTime<Utc>>,
    /// `sending`, `succeeded`, `failed`, or `interrupted` (its sender stopped mid-way).
    pub outcome: String,
    /// The receiver's HTTP status, if it answered.
    pub status_code: Option<i32>,
    /// Why it failed.
    pub error: Option<String>,
}

/// A delivery of one alert to one webhook, with its attempts.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Delivery {
    /// Its id (sent as the `Cuepoint-Delivery` header).
    pub id: String,
    /// The alert delivered.
    pub alert_id: String,
    /// The JSON body sent.
    pub payload: Value,
    /// `pending`, `delivered` or `failed` (every attempt failed).
    pub status: String,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it was delivered or given up.
    pub finished_at: Option<DateTime<Utc>>,
    /// Its attempts, first first.
    pub attempts: Vec<Attempt>,
}

type DeliveryRow = (
    String,
    String,
    Value,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

/// The webhook's deliveries, newest first (at most `limit`); `None` for an unknown webhook.
pub async fn deliveries(
    pool: &PgPool,
    tenant_id: &str,
    webhook_id: &str,
    limit: i64,
) -> sqlx::Result<Option<Vec<Delivery>>> {
    let exists: Option<String> = sqlx::query_scalar(
        "SELECT webhook_id FROM webhooks WHERE tenant_id = $1 AND webhook_id = $2",
    )
    .bind(tenant_id)
    .bind(webhook_id)
    .fetch_optional(pool)
    .await?;
    if exists.is_none() {
        return Ok(None);
    }
    let rows: Vec<DeliveryRow> = sqlx::query_as(
        "SELECT delivery_id, alert_id, payload, status, created_at, finished_at
           FROM webhook_deliveries WHERE webhook_id = $1
          ORDER BY created_at DESC, delivery_id DESC LIMIT $2",
    )
    .bind(webhook_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let attempts: Vec<(String, Attempt)> = sqlx::query_as::<_, AttemptRow>(
        "SELECT delivery_id, attempt, started_at, finished_at, outcome, status_code, error
           FROM webhook_attempts WHERE delivery_id = ANY($1) ORDER BY delivery_id, attempt",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(AttemptRow::split)
    .collect();
    Ok(Some(
        (rows.into_iter())
            .map(
                |(id, alert_id, payload, status, created_at, finished_at)| Delivery {
                    attempts: (attempts.iter())
                        .filter(|(delivery, _)| *delivery == id)
                        .map(|(_, attempt)| attempt.clone())
                        .collect(),
                    id,
                    alert_id,
                    payload,
                    status,
                    created_at,
                    finished_at,
                },
            )
            .collect(),
    ))
}

#[derive(sqlx::FromRow)]
struct AttemptRow {
    delivery_id: String,
    #[sqlx(flatten)]
    attempt: Attempt,
}

impl AttemptRow {
    fn split(self) -> (String, Attempt) {
        (self.delivery_id, self.attempt)
    }
}
