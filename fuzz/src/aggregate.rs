//! Running a command on an aggregate as the command bus does, without a store.

use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use futures::executor::block_on;
use serde::de::DeserializeOwned;

/// The events `command` produces on the aggregate folded from `given`, or its error;
/// panics if an event does not read back equal from its stored JSON.
pub fn handle<A>(
    given: &[A::Event],
    command: A::Command,
    services: &A::Services,
) -> Result<Vec<A::Event>, A::Error>
where
    A: Aggregate,
    A::Event: DeserializeOwned + PartialEq,
{
    let mut aggregate = A::default();
    for event in given {
        aggregate.apply(event.clone());
    }
    let sink = EventSink::default();
    block_on(aggregate.handle(command, services, &sink))?;
    let events = block_on(sink.collect());
    for event in &events {
        let stored = serde_json::to_string(event).expect("an event serialises");
        let read: A::Event = serde_json::from_str(&stored).expect("a stored event reads back");
        assert!(read == *event, "{stored} reads back as another event");
    }
    Ok(events)
}

/// `given` followed by the events of `command`, which must succeed: a starting state.
pub fn after<A>(given: Vec<A::Event>, command: A::Command, services: &A::Services) -> Vec<A::Event>
where
    A: Aggregate,
    A::Event: DeserializeOwned + PartialEq,
{
    let events = handle::<A>(&given, command, services)
        .unwrap_or_else(|e| panic!("a valid command is refused: {e}"));
    given.into_iter().chain(events).collect()
}
