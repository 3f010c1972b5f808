//! Wake-ups of the projection workers: `NOTIFY cuepoint_events`, whose payload names the
//! aggregate types committed (`"show,io"`), or is empty when the writer does not say (the
//! events trigger, hand-written inserts), which wakes every worker.
//!
//! A worker is woken only for the aggregate types its projection reads: a command on a show
//! wakes the catalog and the matches, not the seven other workers, each of which would read
//! the log only to skip the event (docs/decisions.md, "Waking only the workers that read the
//! event"). A worker that sleeps through other types' events moves past them at its next
//! wake-up or poll; queries never wait for a projection that does not read the event
//! ([`crate::consistency`]).

use std::collections::BTreeSet;

use tokio::sync::watch;

/// The channel the workers listen on.
pub const CHANNEL: &str = "cuepoint_events";

/// The most bytes of a payload PostgreSQL takes (it refuses 8,000 and more); a longer list of
/// types is sent as an empty payload, which wakes everyone.
const MAX_PAYLOAD: usize = 7_999;

/// The notification payload naming `types`: comma-separated, or empty (every worker) when
/// too long for a notification.
pub fn payload<'a>(types: impl IntoIterator<Item = &'a str>) -> String {
    let joined = types.into_iter().collect::<Vec<_>>().join(",");
    if joined.len() > MAX_PAYLOAD {
        String::new()
    } else {
        joined
    }
}

/// The aggregate types a payload names; `None` for an empty payload, which names them all.
fn named_types(payload: &str) -> Option<BTreeSet<&str>> {
    (!payload.is_empty()).then(|| payload.split(',').collect())
}

/// The wake-up channels of one process's workers, one per projection.
pub(super) struct Wakeups {
    workers: Vec<Worker>,
}

/// One worker's wake-up channel and the aggregate types its projection reads. The value
/// counts the notifications that named one of those types; a notification that names no type
/// wakes the worker without counting.
struct Worker {
    reads: &'static [&'static str],
    wake: watch::Sender<u64>,
}

impl Wakeups {
    /// No workers yet.
    pub(super) fn new() -> Self {
        Wakeups {
            workers: Vec::new(),
        }
    }

    /// A channel for a worker whose projection reads `reads`.
    pub(super) fn subscribe(&mut self, reads: &'static [&'static str]) -> watch::Receiver<u64> {
        let (wake, woken) = watch::channel(0);
        self.workers.push(Worker { reads, wake });
        woken
    }

    /// Wakes the workers that read a type `payload` names (all of them for an empty one).
    pub(super) fn notified(&self, payload: &str) {
        let named = named_types(payload);
        for worker in &self.workers {
            match &named {
                None => worker.wake.send_modify(|_| {}),
                Some(named) if worker.reads.iter().any(|t| named.contains(t)) => {
                    worker.wake.send_modify(|n| *n = n.wrapping_add(1))
                }
                Some(_) => {}
            }
        }
    }

    /// Wakes every worker (notifications were lost; they look for themselves).
    pub(super) fn all(&self) {
        self.notified("");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_names_the_types_and_wakes_only_their_readers() {
        let mut wakeups = Wakeups::new();
        let mut catalog = wakeups.subscribe(&["show", "advertiser"]);
        let mut io = wakeups.subscribe(&["io"]);
        wakeups.notified(&payload(["deal", "show"]));
        assert!(catalog.has_changed().unwrap());
        assert_eq!(*catalog.borrow_and_update(), 1, "named");
        assert!(!io.has_changed().unwrap());
        wakeups.notified("");
        assert!(catalog.has_changed().unwrap() && io.has_changed().unwrap());
        assert_eq!(*catalog.borrow_and_update(), 1, "woken, not named");
        assert_eq!(*io.borrow_and_update(), 0, "woken, not named");
    }

    #[test]
    fn a_list_too_long_for_a_notification_wakes_everyone() {
        let many: Vec<String> = (0..2_000).map(|n| format!("type{n}")).collect();
        assert_eq!(payload(many.iter().map(String::as_str)), "");
        assert_eq!(payload(["show", "io"]), "show,io");
    }
}
