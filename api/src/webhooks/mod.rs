//! Webhooks (SPEC 8; docs/automation.md): a tenant's alerts POSTed as JSON to the URLs it
//! registered, signed with HMAC-SHA256 under each webhook's secret.
//!
//! Durable from the log: the [`outbox`] process turns each `AlertRaised` event into one
//! delivery per matching webhook, in the transaction that moves its checkpoint; the
//! [`sender`] claims due deliveries, records each attempt before sending it, and retries
//! with exponential backoff up to a limit.

pub mod outbox;
pub mod sender;
pub mod signature;
pub mod store;
