//! The read side of deals: the list and detail, the pipeline by stage, the ops dashboard,
//! role scoping and rebuild. This file holds the shared fixtures.
//!
//! Deals are made by executing the domain's commands through the command bus's own generic
//! path (`CommandBus::execute` on its `Deal` framework: the aggregate's `handle`, the
//! event store, the tenant in the metadata), so the events are exactly those of the deal
//! routes; but each command carries a `today` the test chooses, so that every day
//! (creation, moves, closes, last activity) is placed by hand. The apps of these tests run
//! the read models without the won-deal process, whose IO link would be dated by the
//! clock; one test (`list::the_detail_names_the_draft_io_of_a_deal_won_through_the_router`)
//! runs it.

mod dashboard;
mod list;
mod pipeline;
mod rebuild;
mod scope;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use chrono::NaiveDate;
use cuepoint_api::commands::{Actor, CommandBus};
use cuepoint_domain::deal::{draft_io_id, DealCommand, DealInput, DealPatch};
use cuepoint_domain::ids::{DealId, IoId};
use serde_json::Value;

use crate::catalog::advertiser_body;
use crate::support::app::Reply;
use crate::support::TestApp;

/// The sales desk of one tenant: two advertisers in its catalog, and deal commands.
pub struct Desk {
    commands: Arc<CommandBus>,
    actor: Actor,
    /// Two advertisers of the tenant's catalog.
    pub advertisers: [String; 2],
}

/// A day.
pub fn d(raw: &str) -> NaiveDate {
    raw.parse().unwrap()
}

impl Desk {
    /// The desk of `app`'s tenant, with two advertisers in the catalog read model.
    pub async fn open(app: &TestApp) -> Desk {
        Self::open_for(app, &app.tenant.slug, &app.tenant.tenant_id, &app.admin).await
    }

    /// The desk of another tenant of `app`'s database (its slug, id and admin token).
    pub async fn open_for(app: &TestApp, slug: &str, tenant_id: &str, admin: &str) -> Desk {
        let mut ids = Vec::new();
        for name in ["Brand X", "Brand Y"] {
            let request = crate::support::app::request(
                Method::POST,
                "/api/v1/advertisers",
                Some(slug),
                Some(admin),
                Some(advertiser_body(name)),
            );
            let created = app.send(request).await;
            assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
            ids.push(created.body["id"].as_str().unwrap().to_string());
        }
        // The aggregate checks the advertiser against the catalog read model.
        app.caught_up().await;
        Desk {
            commands: app.state.commands.clone(),
            actor: Actor::system(tenant_id, "test"),
            advertisers: [ids[0].clone(), ids[1].clone()],
        }
    }

    /// A create body: the first advertiser, owner Dana, `lead`, created today.
    pub fn input(&self, name: &str, amount: i64, expected_close: &str) -> DealInput {
        DealInput {
            advertiser_id: Some(self.advertisers[0].clone()),
            name: Some(name.to_string()),
            amount: Some(amount),
            expected_close_date: Some(expected_close.to_string()),
            owner: Some("Dana".to_string()),
            ..DealInput::default()
        }
    }

    /// Executes `command` on deal `id` through the command bus.
    pub async fn run(&self, id: &DealId, command: DealCommand) {
        let bus = &self.commands;
        (bus.execute(
            &bus.deals,
            &self.actor,
            id.as_str(),
            command,
            StatusCode::OK,
        ))
        .await
        .unwrap_or_else(|e| panic!("deal {id}: {e}"));
    }

    /// Creates a deal from `input` on `today`; its id.
    pub async fn create(&self, input: DealInput, today: &str) -> DealId {
        let id = DealId::generate();
        let command = DealCommand::CreateDeal {
            tenant_id: self.actor.tenant_id.parse().unwrap(),
            tenant_currency: "USD".parse().unwrap(),
            input,
            today: d(today),
        };
        self.run(&id, command).await;
        id
    }

    /// Moves an open deal to `stage` on `today`.
    pub async fn move_to(&self, id: &DealId, stage: &str, today: &str) {
        let stage = Some(stage.to_string());
        let command = DealCommand::MoveStage {
            stage,
            today: d(today),
        };
        self.run(id, command).await;
    }

    /// Changes fields on `today`.
    pub async fn update(&self, id: &DealId, patch: DealPatch, today: &str) {
        let command = DealCommand::UpdateDeal {
            patch,
            today: d(today),
        };
        self.run(id, command).await;
    }

    /// Wins the deal, closed on `closed_on`, recorded on `today`.
    pub async fn win(&self, id: &DealId, closed_on: &str, today: &str) {
        let command = DealCommand::WinDeal {
            closed_on: Some(closed_on.to_string()),
            today: d(today),
        };
        self.run(id, command).await;
    }

    /// Loses the deal for `reason`, closed on `closed_on`, recorded on `today`.
    pub async fn lose(&self, id: &DealId, reason: &str, closed_on: &str, today: &str) {
        let command = DealCommand::LoseDeal {
            reason: Some(reason.to_string()),
            note: Some(format!("lost: {reason}")),
            closed_on: Some(closed_on.to_string()),
            today: d(today),
        };
        self.run(id, command).await;
    }

    /// Reopens the closed deal into `stage` on `today`.
    pub async fn reopen(&self, id: &DealId, stage: &str, today: &str) {
        let stage = Some(stage.to_string());
        let command = DealCommand::ReopenDeal {
            stage,
            today: d(today),
        };
        self.run(id, command).await;
    }

    /// Links the deal's draft IO (the id the won-deal process gives it) on `today`; its id.
    pub async fn link_io(&self, id: &DealId, today: &str) -> IoId {
        let io_id = draft_io_id(id).unwrap();
        let command = DealCommand::LinkIo {
            io_id: io_id.clone(),
            today: d(today),
        };
        self.run(id, command).await;
        io_id
    }
}

/// `GET path` as admin once every projection has caught up, asserting a 200.
pub async fn read(app: &TestApp, path: &str) -> Value {
    app.caught_up().await;
    let reply = app.call(Method::GET, path, &app.admin, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    reply.body
}

/// `GET path` as admin, expecting a 400 `invalid_query`.
pub async fn bad_query(app: &TestApp, path: &str) -> Reply {
    let reply = app.call(Method::GET, path, &app.admin, None).await;
    assert_eq!(
        reply.status,
        StatusCode::BAD_REQUEST,
        "{path}: {:?}",
        reply.body
    );
    assert_eq!(reply.code(), "invalid_query", "{path}");
    reply
}
