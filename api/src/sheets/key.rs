//! The service-account key file and the signed JWT assertion made from it.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};

use super::SheetsError;

/// The read-only Sheets scope: Cuepoint never writes to a spreadsheet.
pub(crate) const SCOPE: &str = "https://www.googleapis.com/auth/spreadsheets.readonly";

/// Google's token endpoint, for key files that do not name one.
const DEFAULT_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";

/// Lifetime asked for in the assertion; Google accepts at most one hour.
const ASSERTION_LIFETIME_SECS: u64 = 3600;

/// The fields of a Google service-account JSON key file that the client uses.
#[derive(Deserialize)]
struct KeyFileJson {
    #[serde(rename = "type")]
    kind: Option<String>,
    client_email: String,
    private_key_id: String,
    private_key: String,
    token_uri: Option<String>,
}

/// A loaded and checked service-account key. `Debug` leaves the private key out.
pub(crate) struct ServiceAccountKey {
    pub(crate) client_email: String,
    pub(crate) token_uri: String,
    private_key_id: String,
    signing_key: EncodingKey,
}

impl std::fmt::Debug for ServiceAccountKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceAccountKey")
            .field("client_email", &self.client_email)
            .field("private_key_id", &self.private_key_id)
            .field("token_uri", &self.token_uri)
            .finish_non_exhaustive()
    }
}

/// The claims of the JWT-bearer assertion.
#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    scope: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
}

impl ServiceAccountKey {
    /// Reads the key file and checks that it is a service-account key that can sign.
    pub(crate) fn load(path: &Path) -> Result<Self, SheetsError> {
        let bytes = std::fs::read(path).map_err(|e| SheetsError::key_file(path, e.to_string()))?;
        let json: KeyFileJson = serde_json::from_slice(&bytes).map_err(|e| {
            SheetsError::key_file(path, format!("not a service-account JSON key: {e}"))
        })?;
        if let Some(kind) = json.kind.as_deref().filter(|k| *k != "service_account") {
            let reason = format!("the key's type is {kind:?}, expected \"service_account\"");
            return Err(SheetsError::key_file(path, reason));
        }
        for (field, value) in [
            ("client_email", &json.client_email),
            ("private_key_id", &json.private_key_id),
        ] {
            if value.trim().is_empty() {
                return Err(SheetsError::key_file(path, format!("{field} is empty")));
            }
        }
        let token_uri = json
            .token_uri
            .unwrap_or_else(|| DEFAULT_TOKEN_URI.to_owned());
        reqwest::Url::parse(&token_uri)
            .map_err(|e| SheetsError::key_file(path, format!("token_uri {token_uri:?}: {e}")))?;
        let signing_key = EncodingKey::from_rsa_pem(json.private_key.as_bytes())
            .map_err(|e| SheetsError::key_file(path, format!("private_key: {e}")))?;
        let key = Self {
            client_email: json.client_email,
            token_uri,
            private_key_id: json.private_key_id,
            signing_key,
        };
        // The PEM parser only checks the envelope; one signature proves the key is usable.
        key.assertion()
            .map_err(|e| SheetsError::key_file(path, format!("private_key cannot sign: {e}")))?;
        Ok(key)
    }

    /// A fresh RS256 assertion: `kid` = the key id, claims for the read-only Sheets scope,
    /// valid for an hour from now.
    pub(crate) fn assertion(&self) -> Result<String, jsonwebtoken::errors::Error> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.private_key_id.clone());
        let iat = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let claims = Claims {
            iss: &self.client_email,
            scope: SCOPE,
            aud: &self.token_uri,
            iat,
            exp: iat + ASSERTION_LIFETIME_SECS,
        };
        jsonwebtoken::encode(&header, &claims, &self.signing_key)
    }
}
