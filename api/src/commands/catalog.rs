//! Catalog commands: one path for the HTTP handlers and the demo seed.

use axum::http::StatusCode;
use cuepoint_domain::catalog::{
    AdvertiserCommand, AdvertiserInput, AdvertiserPatch, AdvertiserProfile, ShowCommand, ShowInput,
    ShowPatch, ShowProfile, ShowSlug,
};
use cuepoint_domain::ids::{AdvertiserId, ShowId};
use cuepoint_domain::violation::Violations;
use cuepoint_projections::read_models::catalog::show_id_by_slug;

use super::{Actor, CommandBus, Committed};
use crate::http::error::ApiError;

impl CommandBus {
    /// Creates a show from its input.
    pub async fn create_show(
        &self,
        actor: &Actor,
        input: ShowInput,
    ) -> Result<Committed, ApiError> {
        let profile = ShowProfile::parse(input).map_err(ApiError::invalid)?;
        self.ensure_slug_free(actor, profile.slug().as_str(), None)
            .await?;
        let id = ShowId::generate();
        let command = ShowCommand::Create { profile };
        self.execute(
            &self.shows,
            actor,
            id.as_str(),
            command,
            StatusCode::CREATED,
        )
        .await
    }

    /// Changes the fields of a show that the patch gives.
    pub async fn update_show(
        &self,
        actor: &Actor,
        id: &ShowId,
        patch: ShowPatch,
    ) -> Result<Committed, ApiError> {
        // A slug that is not one is refused by the show's rules (422) without a lookup.
        if let Some(slug) = patch
            .slug
            .as_deref()
            .filter(|s| s.parse::<ShowSlug>().is_ok())
        {
            self.ensure_slug_free(actor, slug, Some(id)).await?;
        }
        let command = ShowCommand::Update { patch };
        self.execute(&self.shows, actor, id.as_str(), command, StatusCode::OK)
            .await
    }

    /// Creates an advertiser from its input.
    pub async fn create_advertiser(
        &self,
        actor: &Actor,
        input: AdvertiserInput,
    ) -> Result<Committed, ApiError> {
        let profile = AdvertiserProfile::parse(input).map_err(ApiError::invalid)?;
        let id = AdvertiserId::generate();
        let command = AdvertiserCommand::Create { profile };
        self.execute(
            &self.advertisers,
            actor,
            id.as_str(),
            command,
            StatusCode::CREATED,
        )
        .await
    }

    /// Changes the fields of an advertiser that the patch gives.
    pub async fn update_advertiser(
        &self,
        actor: &Actor,
        id: &AdvertiserId,
        patch: AdvertiserPatch,
    ) -> Result<Committed, ApiError> {
        let command = AdvertiserCommand::Update { patch };
        self.execute(
            &self.advertisers,
            actor,
            id.as_str(),
            command,
            StatusCode::OK,
        )
        .await
    }

    /// Imports name shows by slug, so a slug names one show per tenant. Checked against the
    /// read model: two creations racing with one slug can both pass (docs/decisions.md).
    async fn ensure_slug_free(
        &self,
        actor: &Actor,
        slug: &str,
        except: Option<&ShowId>,
    ) -> Result<(), ApiError> {
        match show_id_by_slug(&self.pool, &actor.tenant_id, slug).await? {
            Some(owner) if except.is_none_or(|id| id.as_str() != owner) => {
                let mut violations = Violations::new();
                violations.add(
                    "slug",
                    "slug_taken",
                    format!("another show uses the slug {slug}"),
                );
                Err(ApiError::invalid(violations))
            }
            _ => Ok(()),
        }
    }
}
