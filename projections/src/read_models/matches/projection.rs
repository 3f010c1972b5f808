//! The `matches` projection: on every show or advertiser created or changed, stores the new
//! profile in its own table and scores the pairs it affects (see [`super::scores`]).

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use cqrs_es::Aggregate;
use cuepoint_domain::catalog::{Advertiser, Show};
use sqlx::PgConnection;

use super::profiles::{self, Changed};
use super::scores::{rescore, TenantChanges};
use crate::read_models::catalog::{profile_of, Kind};
use crate::{Projection, RecordedEvent};

/// Builds `rm_matches` (and its copy of the profiles, `rm_match_profiles`).
pub struct MatchesProjection;

#[async_trait]
impl Projection for MatchesProjection {
    fn name(&self) -> &'static str {
        "matches"
    }

    fn aggregate_types(&self) -> &'static [&'static str] {
        &[Show::TYPE, Advertiser::TYPE]
    }

    fn tables(&self) -> &'static [&'static str] {
        &[profiles::TABLE, "rm_matches"]
    }

    /// Every catalog event carries the entry's full profile, so only the last event of each
    /// entry in the batch is decoded; then each tenant's affected pairs are scored once.
    async fn apply(&self, conn: &mut PgConnection, events: &[RecordedEvent]) -> anyhow::Result<()> {
        let mut latest: HashMap<(&str, &str, &str), &RecordedEvent> = HashMap::new();
        for event in events {
            let key = (
                event.tenant_id.as_str(),
                event.aggregate_type.as_str(),
                event.aggregate_id.as_str(),
            );
            latest.insert(key, event);
        }
        let mut changed = Vec::with_capacity(latest.len());
        let mut tenants: BTreeMap<&str, TenantChanges> = BTreeMap::new();
        for event in latest.into_values() {
            let (kind, profile) = profile_of(event)?;
            let tenant = tenants.entry(event.tenant_id.as_str()).or_default();
            match kind {
                Kind::Show => tenant.shows.push(&event.aggregate_id),
                Kind::Advertiser => tenant.advertisers.push(&event.aggregate_id),
            }
            changed.push(Changed {
                tenant_id: &event.tenant_id,
                kind,
                id: &event.aggregate_id,
                version: event.sequence,
                profile,
            });
        }
        profiles::store(conn, &changed).await?;
        for (tenant_id, changes) in &tenants {
            rescore(conn, tenant_id, changes).await?;
        }
        Ok(())
    }
}
