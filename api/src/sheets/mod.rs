//! A small Google Sheets API v4 client for listener-metric imports: service-account auth
//! (the OAuth 2.0 JWT-bearer grant) and `spreadsheets.values.get`, read-only.
//!
//! * **Auth.** [`SheetsClient::new`] reads and checks the service-account JSON key file once.
//!   An access token is obtained by POSTing an RS256 JWT signed with the key (header `kid` =
//!   `private_key_id`; `iss` = `client_email`, `scope` = spreadsheets.readonly, `aud` = the
//!   key's `token_uri`, one hour) to the token URL, and cached until a minute before it
//!   expires. Concurrent callers share one exchange.
//! * **Values.** `GET {base}/v4/spreadsheets/{id}/values/{range}` with the range encoded as
//!   one path segment, unformatted values and formatted dates.
//! * **Failures.** 429 and 5xx (and transport failures) are retried with exponential backoff
//!   and jitter, honouring `Retry-After`; a 401 drops the cached token and retries once.
//!   Everything ends up as a [`SheetsError`] with a stable [`code`](SheetsError::code).
//!
//! Both URLs are configurable so that tests can point the client at a local server.

mod error;
mod key;
mod range;
mod retry;
mod token;
mod values;

#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use self::error::SheetsError;
pub use self::range::a1_range;
pub use self::retry::RetryPolicy;

use self::key::ServiceAccountKey;
use self::token::TokenSource;

/// Google's Sheets API endpoint, the default [`SheetsConfig::api_base_url`].
pub const DEFAULT_API_BASE_URL: &str = "https://sheets.googleapis.com";

/// Longest wait for one HTTP exchange with Google.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the client finds its credentials and Google.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetsConfig {
    /// The service-account JSON key file (`GOOGLE_SHEETS_CREDENTIALS_PATH`).
    pub credentials_path: PathBuf,
    /// The Sheets API base URL, [`DEFAULT_API_BASE_URL`] in production.
    pub api_base_url: String,
    /// The OAuth token URL; `None` uses the key file's `token_uri`.
    pub token_url: Option<String>,
}

impl SheetsConfig {
    /// Google's endpoints and the key file at `credentials_path`.
    pub fn new(credentials_path: impl Into<PathBuf>) -> Self {
        Self {
            credentials_path: credentials_path.into(),
            api_base_url: DEFAULT_API_BASE_URL.to_owned(),
            token_url: None,
        }
    }
}

/// A Google Sheets client for one service account. Cheap to clone: clones share the HTTP
/// connection pool and the cached access token.
#[derive(Debug, Clone)]
pub struct SheetsClient {
    inner: Arc<Inner>,
    retry: RetryPolicy,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    api_base_url: String,
    tokens: TokenSource,
}

impl SheetsClient {
    /// Reads and checks the service-account key file (it must be a JSON service-account key
    /// whose private key can sign) and prepares the HTTP client. No request is made yet.
    pub fn new(config: SheetsConfig) -> Result<SheetsClient, SheetsError> {
        let key = ServiceAccountKey::load(&config.credentials_path)?;
        let api_base_url = config.api_base_url.trim_end_matches('/').to_owned();
        reqwest::Url::parse(&api_base_url).map_err(|e| {
            SheetsError::Upstream(format!("invalid Sheets API base URL {api_base_url:?}: {e}"))
        })?;
        let token_url = match config.token_url {
            Some(url) => {
                reqwest::Url::parse(&url).map_err(|e| {
                    SheetsError::Upstream(format!("invalid token URL {url:?}: {e}"))
                })?;
                url
            }
            None => key.token_uri.clone(),
        };
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|e| SheetsError::Upstream(format!("cannot build the HTTP client: {e}")))?;
        Ok(SheetsClient {
            inner: Arc::new(Inner {
                http,
                api_base_url,
                tokens: TokenSource::new(key, token_url),
            }),
            retry: RetryPolicy::default(),
        })
    }

    /// The same client with another retry policy (tests use millisecond delays).
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> SheetsClient {
        self.retry = retry;
        self
    }

    /// The service account's address: the spreadsheet must be shared with it.
    pub fn client_email(&self) -> &str {
        &self.inner.tokens.key.client_email
    }
}
