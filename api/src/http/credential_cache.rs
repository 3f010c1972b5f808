//! A short-lived, per-process cache of verified credentials, so that a request does not
//! pay a database round trip to check a token it checked a moment ago. Only successful
//! look-ups are cached: a new token works at once, and a revoked one stops working within
//! the time to live. Servers stay stateless: the cache is an optimisation, never the
//! source of truth.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::tenancy::Credentials;

/// Entries beyond this are dropped wholesale (a bound, not an eviction policy).
const MAX_ENTRIES: usize = 10_000;

/// (tenant slug, token digest).
type Key = (String, Vec<u8>);

/// When the credentials were verified, and what they were.
type Entry = (Instant, Credentials);

/// Verified credentials by (tenant slug, token digest).
#[derive(Debug)]
pub struct CredentialCache {
    ttl: Duration,
    entries: Mutex<HashMap<Key, Entry>>,
}

impl CredentialCache {
    /// A cache whose entries live for `ttl` (zero disables it).
    pub fn new(ttl: Duration) -> Self {
        CredentialCache {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The cached credentials for this tenant and token digest, if fresh.
    pub fn get(&self, slug: &str, digest: &[u8]) -> Option<Credentials> {
        if self.ttl.is_zero() {
            return None;
        }
        let entries = self.entries.lock().ok()?;
        let (at, credentials) = entries.get(&(slug.to_string(), digest.to_vec()))?;
        (at.elapsed() < self.ttl).then(|| credentials.clone())
    }

    /// Remembers credentials that carry a valid token.
    pub fn put(&self, slug: &str, digest: Vec<u8>, credentials: &Credentials) {
        if self.ttl.is_zero() || credentials.token.is_none() {
            return;
        }
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(
                (slug.to_string(), digest),
                (Instant::now(), credentials.clone()),
            );
        }
    }

    /// Forgets every entry (after a revocation: other processes forget within the TTL).
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}
