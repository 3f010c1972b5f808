//! Creating and updating a deal: the fields are validated and the advertiser and shows
//! checked against the tenant's catalog, all violations answered together.

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;

use super::{Deal, DealError, DealEvent, DealInput, DealPatch, DealServices, MAX_DEAL_SHOWS};
use crate::catalog::checks::{advertiser, show};
use crate::ids::TenantId;
use crate::money::Currency;
use crate::violation::Violations;

impl Deal {
    /// Validates the input and the catalog references together, then writes `DealCreated`.
    pub(super) async fn create(
        &mut self,
        tenant_id: TenantId,
        tenant_currency: Currency,
        input: DealInput,
        today: NaiveDate,
        services: &DealServices,
        sink: &EventSink<Self>,
    ) -> Result<(), DealError> {
        if self.state.is_some() {
            return Err(DealError::AlreadyExists);
        }
        let parsed = input.parse(tenant_currency, today);
        let mut v = parsed.as_ref().err().cloned().unwrap_or_default();
        let raw_advertiser = input.advertiser_id.as_deref();
        let mut unknown = Violations::new();
        advertiser(
            services,
            &tenant_id,
            "advertiser_id",
            raw_advertiser,
            &mut unknown,
        )
        .await?;
        unknown_shows(services, &tenant_id, &input.show_ids, &mut unknown).await?;
        v.extend(unknown);
        let new = match parsed {
            Ok(new) if v.is_empty() => new,
            _ => return Err(DealError::Invalid(v)),
        };
        let event = DealEvent::DealCreated {
            tenant_id,
            details: new.details,
            stage: new.stage,
            created_on: new.created_on,
            recorded_on: today,
        };
        sink.write(event, self).await;
        Ok(())
    }

    /// Lays the patch over the deal's fields (any stage); writes `DealUpdated` with the
    /// resulting fields, or nothing when they do not change.
    pub(super) async fn update(
        &mut self,
        patch: DealPatch,
        today: NaiveDate,
        services: &DealServices,
        sink: &EventSink<Self>,
    ) -> Result<(), DealError> {
        let state = self.existing()?;
        let patched = state.details.patched(&patch);
        let mut v = patched.as_ref().err().cloned().unwrap_or_default();
        let mut unknown = Violations::new();
        if let Some(raw) = &patch.show_ids {
            unknown_shows(services, &state.tenant_id, raw, &mut unknown).await?;
        }
        v.extend(unknown);
        let details = match patched {
            Ok(details) if v.is_empty() => details,
            _ => return Err(DealError::Invalid(v)),
        };
        if details == state.details {
            return Ok(());
        }
        let event = DealEvent::DealUpdated { details, on: today };
        sink.write(event, self).await;
        Ok(())
    }
}

/// Records `unknown_show` on `show_ids[i]` for each show not in the tenant's catalog (not
/// asked for a list over [`MAX_DEAL_SHOWS`], refused by parsing already).
async fn unknown_shows(
    services: &DealServices,
    tenant: &TenantId,
    raw: &[String],
    v: &mut Violations,
) -> Result<(), DealError> {
    if raw.len() > MAX_DEAL_SHOWS {
        return Ok(());
    }
    for (i, id) in raw.iter().enumerate() {
        let field = format!("show_ids[{i}]");
        show(services, tenant, &field, Some(id), v).await?;
    }
    Ok(())
}
