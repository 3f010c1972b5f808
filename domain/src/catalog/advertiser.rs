//! The advertiser aggregate: a buyer in a tenant's catalog.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::{lifecycle, AdvertiserPatch, AdvertiserProfile, CatalogError};

/// Commands on an advertiser.
#[derive(Clone, Debug, PartialEq)]
pub enum AdvertiserCommand {
    /// Adds the advertiser to the catalog with an already validated profile.
    Create {
        /// The advertiser's profile.
        profile: AdvertiserProfile,
    },
    /// Changes some fields of the advertiser's profile; validated against the current profile.
    Update {
        /// The fields to change.
        patch: AdvertiserPatch,
    },
}

/// Facts about an advertiser. Each carries the full resulting profile.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub enum AdvertiserEvent {
    /// The advertiser was added to the catalog.
    AdvertiserCreated {
        /// The advertiser's profile.
        profile: AdvertiserProfile,
    },
    /// The advertiser's profile changed.
    AdvertiserUpdated {
        /// The profile after the change.
        profile: AdvertiserProfile,
    },
}

impl DomainEvent for AdvertiserEvent {
    fn event_type(&self) -> String {
        match self {
            AdvertiserEvent::AdvertiserCreated { .. } => "AdvertiserCreated",
            AdvertiserEvent::AdvertiserUpdated { .. } => "AdvertiserUpdated",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}

/// The state of an existing advertiser.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub struct AdvertiserState {
    /// The current profile.
    pub profile: AdvertiserProfile,
}

/// The advertiser aggregate; `state` is `None` until the advertiser is created.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
pub struct Advertiser {
    state: Option<AdvertiserState>,
}

impl Advertiser {
    /// The current state, `None` before creation.
    pub fn state(&self) -> Option<&AdvertiserState> {
        self.state.as_ref()
    }
}

impl Aggregate for Advertiser {
    const TYPE: &'static str = "advertiser";
    type Command = AdvertiserCommand;
    type Event = AdvertiserEvent;
    type Error = CatalogError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let current = self.state.as_ref().map(|state| &state.profile);
        match command {
            AdvertiserCommand::Create { profile } => {
                let profile = lifecycle::create(current, profile)?;
                sink.write(AdvertiserEvent::AdvertiserCreated { profile }, self)
                    .await;
            }
            AdvertiserCommand::Update { patch } => {
                if let Some(profile) =
                    lifecycle::update(current, patch, AdvertiserProfile::patched)?
                {
                    sink.write(AdvertiserEvent::AdvertiserUpdated { profile }, self)
                        .await;
                }
            }
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            AdvertiserEvent::AdvertiserCreated { profile }
            | AdvertiserEvent::AdvertiserUpdated { profile } => {
                self.state = Some(AdvertiserState { profile });
            }
        }
    }
}
