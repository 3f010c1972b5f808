//! Deal commands: one path for the HTTP handlers, the won-deal process and the demo seed.
//! Commands whose rules depend on the day get today's UTC date from the clock here.

use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use cuepoint_domain::deal::{draft_io_id, DealCommand, DealInput, DealPatch};
use cuepoint_domain::ids::{AdvertiserId, DealId, IoId, TenantId};
use cuepoint_domain::io::{IoCommand, IoInput};
use cuepoint_domain::money::Currency;

use super::{Actor, CommandBus, Committed};
use crate::http::error::ApiError;

/// Today, the UTC day.
fn today() -> NaiveDate {
    Utc::now().date_naive()
}

impl CommandBus {
    /// Creates a deal, priced in the tenant's `currency` (201).
    pub async fn create_deal(
        &self,
        actor: &Actor,
        currency: Currency,
        input: DealInput,
    ) -> Result<Committed, ApiError> {
        let command = DealCommand::CreateDeal {
            tenant_id: actor_tenant(actor)?,
            tenant_currency: currency,
            input,
            today: today(),
        };
        let id = DealId::generate();
        self.deal(actor, &id, command, StatusCode::CREATED).await
    }

    /// Changes some of a deal's fields.
    pub async fn update_deal(
        &self,
        actor: &Actor,
        id: &DealId,
        patch: DealPatch,
    ) -> Result<Committed, ApiError> {
        let command = DealCommand::UpdateDeal {
            patch,
            today: today(),
        };
        self.deal(actor, id, command, StatusCode::OK).await
    }

    /// Moves an open deal to another open stage.
    pub async fn move_deal_stage(
        &self,
        actor: &Actor,
        id: &DealId,
        stage: Option<String>,
    ) -> Result<Committed, ApiError> {
        let command = DealCommand::MoveStage {
            stage,
            today: today(),
        };
        self.deal(actor, id, command, StatusCode::OK).await
    }

    /// Wins an open deal (its draft IO follows, made by the won-deal process).
    pub async fn win_deal(
        &self,
        actor: &Actor,
        id: &DealId,
        closed_on: Option<String>,
    ) -> Result<Committed, ApiError> {
        let command = DealCommand::WinDeal {
            closed_on,
            today: today(),
        };
        self.deal(actor, id, command, StatusCode::OK).await
    }

    /// Loses an open deal, with a reason.
    pub async fn lose_deal(
        &self,
        actor: &Actor,
        id: &DealId,
        reason: Option<String>,
        note: Option<String>,
        closed_on: Option<String>,
    ) -> Result<Committed, ApiError> {
        let command = DealCommand::LoseDeal {
            reason,
            note,
            closed_on,
            today: today(),
        };
        self.deal(actor, id, command, StatusCode::OK).await
    }

    /// Reopens a closed deal into an open stage.
    pub async fn reopen_deal(
        &self,
        actor: &Actor,
        id: &DealId,
        stage: Option<String>,
    ) -> Result<Committed, ApiError> {
        let command = DealCommand::ReopenDeal {
            stage,
            today: today(),
        };
        self.deal(actor, id, command, StatusCode::OK).await
    }

    /// The won deal's draft IO, exactly once: creates the IO under the id derived from the
    /// deal's ([`draft_io_id`]) unless it exists already, then links it to the deal (a link
    /// to the same IO again writes nothing). Safe to repeat after any crash.
    pub async fn make_draft_io(
        &self,
        actor: &Actor,
        deal: &DealId,
        advertiser: &AdvertiserId,
        currency: Currency,
    ) -> Result<IoId, ApiError> {
        let io_id = draft_io_id(deal)
            .map_err(|e| anyhow::anyhow!("the draft IO id of deal {deal}: {e}"))?;
        let input = IoInput {
            advertiser_id: Some(advertiser.to_string()),
            deal_id: Some(deal.to_string()),
            ..IoInput::default()
        };
        let create = IoCommand::Create {
            tenant_id: actor_tenant(actor)?,
            tenant_currency: currency,
            input,
        };
        let created = self
            .execute(
                &self.ios,
                actor,
                io_id.as_str(),
                create,
                StatusCode::CREATED,
            )
            .await;
        match created {
            Ok(_) => {}
            Err(ApiError::Client {
                code: "already_exists",
                ..
            }) => tracing::debug!(%deal, io = %io_id, "the draft IO exists already"),
            Err(error) => return Err(error),
        }
        let link = DealCommand::LinkIo {
            io_id: io_id.clone(),
            today: today(),
        };
        self.deal(actor, deal, link, StatusCode::OK).await?;
        Ok(io_id)
    }

    async fn deal(
        &self,
        actor: &Actor,
        id: &DealId,
        command: DealCommand,
        status: StatusCode,
    ) -> Result<Committed, ApiError> {
        self.execute(&self.deals, actor, id.as_str(), command, status)
            .await
    }
}

/// The actor's tenant as a domain id.
fn actor_tenant(actor: &Actor) -> Result<TenantId, ApiError> {
    Ok((actor.tenant_id.parse()).map_err(|e| anyhow::anyhow!("the actor's tenant id: {e}"))?)
}
