//! The show aggregate: a podcast in a tenant's catalog.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use super::{lifecycle, CatalogError, ShowPatch, ShowProfile};

/// Commands on a show.
#[derive(Clone, Debug, PartialEq)]
pub enum ShowCommand {
    /// Adds the show to the catalog with an already validated profile.
    Create {
        /// The show's profile.
        profile: ShowProfile,
    },
    /// Changes some fields of the show's profile; validated against the current profile.
    Update {
        /// The fields to change.
        patch: ShowPatch,
    },
}

/// Facts about a show. Each carries the full resulting profile.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub enum ShowEvent {
    /// The show was added to the catalog.
    ShowCreated {
        /// The show's profile.
        profile: ShowProfile,
    },
    /// The show's profile changed.
    ShowUpdated {
        /// The profile after the change.
        profile: ShowProfile,
    },
}

impl DomainEvent for ShowEvent {
    fn event_type(&self) -> String {
        match self {
            ShowEvent::ShowCreated { .. } => "ShowCreated",
            ShowEvent::ShowUpdated { .. } => "ShowUpdated",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}

/// The state of an existing show.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub struct ShowState {
    /// The current profile.
    pub profile: ShowProfile,
}

/// The show aggregate; `state` is `None` until the show is created.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
pub struct Show {
    state: Option<ShowState>,
}

impl Show {
    /// The current state, `None` before creation.
    pub fn state(&self) -> Option<&ShowState> {
        self.state.as_ref()
    }
}

impl Aggregate for Show {
    const TYPE: &'static str = "show";
    type Command = ShowCommand;
    type Event = ShowEvent;
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
            ShowCommand::Create { profile } => {
                let profile = lifecycle::create(current, profile)?;
                sink.write(ShowEvent::ShowCreated { profile }, self).await;
            }
            ShowCommand::Update { patch } => {
                if let Some(profile) = lifecycle::update(current, patch, ShowProfile::patched)? {
                    sink.write(ShowEvent::ShowUpdated { profile }, self).await;
                }
            }
        }
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            ShowEvent::ShowCreated { profile } | ShowEvent::ShowUpdated { profile } => {
                self.state = Some(ShowState { profile });
            }
        }
    }
}
