//! Creating an IO.

use cqrs_es::event_sink::EventSink;

use super::state::total_of;
use super::{IoBooking, IoError, IoEvent, IoInput, IoServices};
use crate::catalog::checks::{advertiser, show};
use crate::ids::TenantId;
use crate::money::Currency;
use crate::violation::Violations;

impl IoBooking {
    /// Validates the input and the catalog references together, then writes `IoCreated`.
    pub(super) async fn create(
        &mut self,
        tenant_id: TenantId,
        tenant_currency: Currency,
        input: IoInput,
        services: &IoServices,
        sink: &EventSink<Self>,
    ) -> Result<(), IoError> {
        if self.state.is_some() {
            return Err(IoError::AlreadyExists);
        }
        let parsed = input.parse(tenant_currency);
        let mut v = match &parsed {
            Ok(_) => Violations::new(),
            Err(v) => v.clone(),
        };
        let mut unknown = Violations::new();
        let raw_advertiser = input.advertiser_id.as_deref();
        advertiser(
            services,
            &tenant_id,
            "advertiser_id",
            raw_advertiser,
            &mut unknown,
        )
        .await?;
        for (i, line) in input.line_items.iter().enumerate() {
            let field = format!("line_items[{i}].show_id");
            show(
                services,
                &tenant_id,
                &field,
                line.show_id.as_deref(),
                &mut unknown,
            )
            .await?;
        }
        v.extend(unknown);
        let (header, line_items) = match parsed {
            Ok(ok) if v.is_empty() => ok,
            _ => return Err(IoError::Invalid(v)),
        };
        let total = total_of(&line_items)?;
        let event = IoEvent::IoCreated {
            tenant_id,
            header,
            line_items,
            total,
        };
        sink.write(event, self).await;
        Ok(())
    }
}
