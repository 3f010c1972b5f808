//! Who issues a command, recorded in the metadata of every event it writes.

use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::http::auth::Principal;
use crate::http::error::ApiError;
use crate::http::idempotency::IdempotencyKey;

/// The issuer of a command and its request context.
#[derive(Clone, Debug)]
pub struct Actor {
    /// The tenant the command is for (every event carries it).
    pub tenant_id: String,
    /// Who: a token id, or `system:<job>` for the service itself.
    pub by: String,
    /// The request id, if it came over HTTP.
    pub request_id: Option<String>,
    /// The request's `Idempotency-Key`, if any.
    pub idempotency_key: Option<String>,
}

impl Actor {
    /// The service itself acting for a tenant (start-up seeding, jobs).
    pub fn system(tenant_id: &str, job: &str) -> Self {
        Actor {
            tenant_id: tenant_id.to_string(),
            by: format!("system:{job}"),
            request_id: None,
            idempotency_key: None,
        }
    }

    /// The event metadata.
    pub fn metadata(&self) -> HashMap<String, String> {
        let mut metadata = HashMap::from([
            ("tenant_id".to_string(), self.tenant_id.clone()),
            ("by".to_string(), self.by.clone()),
        ]);
        if let Some(id) = &self.request_id {
            metadata.insert("request_id".to_string(), id.clone());
        }
        if let Some(key) = &self.idempotency_key {
            metadata.insert("idempotency_key".to_string(), key.clone());
        }
        metadata
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let principal = Principal::from_request_parts(parts, state).await?;
        Ok(Actor {
            tenant_id: principal.tenant.tenant_id,
            by: principal.token_id,
            request_id: parts
                .headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            idempotency_key: parts
                .extensions
                .get::<IdempotencyKey>()
                .map(|key| key.0.clone()),
        })
    }
}
