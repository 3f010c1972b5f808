//! The OAuth 2.0 JWT-bearer exchange and the cached access token.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde::Deserialize;
use tokio::sync::Mutex;

use super::key::ServiceAccountKey;
use super::retry::{describe, send, RetryPolicy};
use super::SheetsError;

const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// A token is replaced this long before Google says it expires.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// Google's usual lifetime, assumed when a reply does not say.
const DEFAULT_EXPIRES_IN: u64 = 3600;

/// Issues access tokens for one service account and keeps the current one.
#[derive(Debug)]
pub(crate) struct TokenSource {
    pub(crate) key: ServiceAccountKey,
    token_url: String,
    /// Held across the exchange, so concurrent callers share one exchange.
    cached: Mutex<Option<CachedToken>>,
}

#[derive(Debug)]
struct CachedToken {
    access_token: String,
    refresh_at: Instant,
}

#[derive(Deserialize)]
struct TokenReply {
    access_token: String,
    expires_in: Option<u64>,
}

/// RFC 6749 section 5.2.
#[derive(Deserialize, Default)]
struct TokenErrorReply {
    #[serde(default)]
    error: String,
    #[serde(default)]
    error_description: String,
}

impl TokenSource {
    pub(crate) fn new(key: ServiceAccountKey, token_url: String) -> Self {
        Self {
            key,
            token_url,
            cached: Mutex::new(None),
        }
    }

    /// The current access token, exchanging a fresh assertion when there is none or it is
    /// about to expire.
    pub(crate) async fn token(
        &self,
        http: &reqwest::Client,
        retry: &RetryPolicy,
    ) -> Result<String, SheetsError> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| Instant::now() < t.refresh_at) {
            return Ok(token.access_token.clone());
        }
        let fresh = self.exchange(http, retry).await?;
        let access_token = fresh.access_token.clone();
        *cached = Some(fresh);
        Ok(access_token)
    }

    /// Drops `stale` (a token Google refused) unless another caller already replaced it.
    pub(crate) async fn forget(&self, stale: &str) {
        let mut cached = self.cached.lock().await;
        if cached.as_ref().is_some_and(|t| t.access_token == stale) {
            *cached = None;
        }
    }

    async fn exchange(
        &self,
        http: &reqwest::Client,
        retry: &RetryPolicy,
    ) -> Result<CachedToken, SheetsError> {
        let assertion = self
            .key
            .assertion()
            .map_err(|e| SheetsError::Auth(format!("cannot sign the token assertion: {e}")))?;
        let form = [("grant_type", GRANT_TYPE), ("assertion", &assertion)];
        let started = Instant::now();
        let response = send(retry, "token exchange", || {
            http.post(&self.token_url).form(&form)
        })
        .await
        .map_err(|e| SheetsError::Upstream(format!("token endpoint: {}", describe(&e))))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| SheetsError::Upstream(format!("token endpoint: {}", describe(&e))))?;
        if status.is_success() {
            let reply: TokenReply = serde_json::from_slice(&body).map_err(|e| {
                SheetsError::Upstream(format!("token endpoint: unexpected reply: {e}"))
            })?;
            let lifetime = Duration::from_secs(reply.expires_in.unwrap_or(DEFAULT_EXPIRES_IN));
            let usable = lifetime.checked_sub(REFRESH_MARGIN).unwrap_or(lifetime / 2);
            tracing::debug!(client_email = %self.key.client_email, ?lifetime, "access token issued");
            return Ok(CachedToken {
                access_token: reply.access_token,
                refresh_at: started + usable,
            });
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(SheetsError::RateLimited);
        }
        if status.is_server_error() {
            return Err(SheetsError::Upstream(format!(
                "token endpoint answered {status}"
            )));
        }
        let reply: TokenErrorReply = serde_json::from_slice(&body).unwrap_or_default();
        let reason = match (reply.error.as_str(), reply.error_description.as_str()) {
            ("", _) => format!("token endpoint answered {status}"),
            (error, "") => error.to_owned(),
            (error, description) => format!("{error}: {description}"),
        };
        Err(SheetsError::Auth(format!(
            "{reason} (service account {})",
            self.key.client_email
        )))
    }
}
