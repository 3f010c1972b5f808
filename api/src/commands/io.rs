//! IO booking commands: one path for the HTTP handlers and the demo seed. Commands whose
//! rule depends on the day get today's UTC date from the clock here.

use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use cuepoint_domain::ids::{IoId, LineItemId, MakegoodId, TenantId};
use cuepoint_domain::io::{
    IoCommand, IoInput, LineItemChange, LineItemInput, LineItemPatch, MakegoodInput, ResolveInput,
};
use cuepoint_domain::money::Currency;

use super::{Actor, CommandBus, Committed};
use crate::http::error::ApiError;

/// Today, the UTC day.
fn today() -> NaiveDate {
    Utc::now().date_naive()
}

impl CommandBus {
    /// Creates an IO as a draft, priced in the tenant's `currency`.
    pub async fn create_io(
        &self,
        actor: &Actor,
        currency: Currency,
        input: IoInput,
    ) -> Result<Committed, ApiError> {
        let tenant_id: TenantId =
            (actor.tenant_id.parse()).map_err(|e| anyhow::anyhow!("the actor's tenant id: {e}"))?;
        let command = IoCommand::Create {
            tenant_id,
            tenant_currency: currency,
            input,
        };
        let id = IoId::generate();
        self.io(actor, &id, command, StatusCode::CREATED).await
    }

    /// Adds a line item (an amendment once the IO was sent).
    pub async fn add_line_item(
        &self,
        actor: &Actor,
        id: &IoId,
        input: LineItemInput,
    ) -> Result<Committed, ApiError> {
        let today = today();
        let command = IoCommand::AddLineItem { input, today };
        self.io(actor, id, command, StatusCode::OK).await
    }

    /// Changes a line item (an amendment once the IO was sent).
    pub async fn change_line_item(
        &self,
        actor: &Actor,
        id: &IoId,
        line_item_id: LineItemId,
        patch: LineItemPatch,
    ) -> Result<Committed, ApiError> {
        let today = today();
        let command = IoCommand::ChangeLineItem {
            line_item_id,
            patch,
            today,
        };
        self.io(actor, id, command, StatusCode::OK).await
    }

    /// Removes a line item (an amendment once the IO was sent).
    pub async fn remove_line_item(
        &self,
        actor: &Actor,
        id: &IoId,
        line_item_id: LineItemId,
    ) -> Result<Committed, ApiError> {
        let today = today();
        let command = IoCommand::RemoveLineItem {
            line_item_id,
            today,
        };
        self.io(actor, id, command, StatusCode::OK).await
    }

    /// Several line changes as one revision.
    pub async fn amend_io(
        &self,
        actor: &Actor,
        id: &IoId,
        changes: Vec<LineItemChange>,
        note: Option<String>,
    ) -> Result<Committed, ApiError> {
        let today = today();
        let command = IoCommand::Amend {
            changes,
            note,
            today,
        };
        self.io(actor, id, command, StatusCode::OK).await
    }

    /// Sends the draft for signature.
    pub async fn send_io(&self, actor: &Actor, id: &IoId) -> Result<Committed, ApiError> {
        self.io(actor, id, IoCommand::Send, StatusCode::OK).await
    }

    /// Records the advertiser's signature.
    pub async fn sign_io(&self, actor: &Actor, id: &IoId) -> Result<Committed, ApiError> {
        self.io(actor, id, IoCommand::Sign, StatusCode::OK).await
    }

    /// Cancels the IO with a reason.
    pub async fn cancel_io(
        &self,
        actor: &Actor,
        id: &IoId,
        reason: Option<String>,
    ) -> Result<Committed, ApiError> {
        let today = today();
        let command = IoCommand::Cancel { reason, today };
        self.io(actor, id, command, StatusCode::OK).await
    }

    /// Raises a makegood by hand.
    pub async fn raise_makegood(
        &self,
        actor: &Actor,
        id: &IoId,
        input: MakegoodInput,
    ) -> Result<Committed, ApiError> {
        let command = IoCommand::RaiseMakegood {
            input,
            today: today(),
        };
        self.io(actor, id, command, StatusCode::OK).await
    }

    /// Raises the automatic makegood of a line whose flight ended under-delivered, once
    /// (the aggregate decides; nothing is written when none is owed or it was raised).
    pub async fn detect_under_delivery(
        &self,
        actor: &Actor,
        id: &IoId,
        line_item_id: LineItemId,
        delivered: u64,
        as_of: NaiveDate,
    ) -> Result<Committed, ApiError> {
        let command = IoCommand::DetectUnderDelivery {
            line_item_id,
            delivered,
            as_of,
            today: today(),
        };
        self.io(actor, id, command, StatusCode::OK).await
    }

    /// Resolves a pending makegood with a remedy.
    pub async fn resolve_makegood(
        &self,
        actor: &Actor,
        id: &IoId,
        makegood_id: MakegoodId,
        input: ResolveInput,
    ) -> Result<Committed, ApiError> {
        let command = IoCommand::ResolveMakegood { makegood_id, input };
        self.io(actor, id, command, StatusCode::OK).await
    }

    /// Records that the current revision was exported as a PDF.
    pub async fn export_io_pdf(&self, actor: &Actor, id: &IoId) -> Result<Committed, ApiError> {
        let command = IoCommand::ExportPdf {
            by: actor.by.clone(),
        };
        self.io(actor, id, command, StatusCode::OK).await
    }

    async fn io(
        &self,
        actor: &Actor,
        id: &IoId,
        command: IoCommand,
        status: StatusCode,
    ) -> Result<Committed, ApiError> {
        self.execute(&self.ios, actor, id.as_str(), command, status)
            .await
    }
}
