//! A bounded per-process cache of recently used aggregates, each as of the last event this
//! process knows of (docs/decisions.md, "The aggregate cache").
//!
//! The cache is never trusted: other processes write to the same event log, so an entry can
//! be behind. A command decided on a cached aggregate commits only if the events table's
//! primary key `(aggregate_type, aggregate_id, sequence)` accepts its first event at the
//! entry's sequence + 1, i.e. only if no other event was written since; an outcome that
//! writes nothing (a refusal, an unchanged aggregate) is checked against the stored version
//! before it is answered. Anything else sends the command back to the database.

use std::sync::{Mutex, MutexGuard, PoisonError};

use hashlink::LruCache;

/// An aggregate as of the event `sequence`, with the number of the last snapshot written for
/// it (its snapshot counter).
#[derive(Clone, Debug, PartialEq)]
pub struct Versioned<A> {
    /// The state after the events up to `sequence`.
    pub aggregate: A,
    /// The sequence of the last event folded into `aggregate` (0: no event yet).
    pub sequence: i64,
    /// The counter of the aggregate's last snapshot, if it has one.
    pub snapshot: Option<i64>,
}

/// Up to `capacity` aggregates of one type, by stream id, least recently used evicted first.
pub struct AggregateCache<A> {
    entries: Option<Mutex<LruCache<String, Versioned<A>>>>,
}

impl<A: Clone> AggregateCache<A> {
    /// A cache of at most `capacity` aggregates; 0 caches nothing.
    pub fn new(capacity: usize) -> Self {
        AggregateCache {
            entries: (capacity > 0).then(|| Mutex::new(LruCache::new(capacity))),
        }
    }

    /// A copy of the aggregate of `stream`, if cached.
    pub fn get(&self, stream: &str) -> Option<Versioned<A>> {
        self.lock()?.get(stream).cloned()
    }

    /// Keeps `entry` for `stream`, unless the cache holds a later version of it (written by
    /// another command of this process meanwhile).
    pub fn put(&self, stream: &str, entry: Versioned<A>) {
        let Some(mut entries) = self.lock() else {
            return;
        };
        if let Some(held) = entries.get(stream) {
            if held.sequence > entry.sequence {
                return;
            }
        }
        entries.insert(stream.to_string(), entry);
    }

    /// Drops the entry of `stream` (it is behind, or the outcome of a write is unknown).
    pub fn forget(&self, stream: &str) {
        if let Some(mut entries) = self.lock() {
            entries.remove(stream);
        }
    }

    /// The entries, if the cache is on. The lock is held for a lookup or an insertion only,
    /// never across an await; a panic elsewhere while it was held left the map consistent.
    fn lock(&self) -> Option<MutexGuard<'_, LruCache<String, Versioned<A>>>> {
        let entries = self.entries.as_ref()?;
        Some(entries.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(sequence: i64) -> Versioned<&'static str> {
        Versioned {
            aggregate: "state",
            sequence,
            snapshot: None,
        }
    }

    #[test]
    fn the_least_recently_used_entry_goes_first() {
        let cache = AggregateCache::new(2);
        cache.put("a", at(1));
        cache.put("b", at(1));
        assert!(cache.get("a").is_some(), "a is now the most recent");
        cache.put("c", at(1));
        assert!(cache.get("b").is_none(), "b was the least recently used");
        assert!(cache.get("a").is_some());
        assert!(cache.get("c").is_some());
    }

    #[test]
    fn an_older_version_does_not_replace_a_newer_one() {
        let cache = AggregateCache::new(4);
        cache.put("a", at(7));
        cache.put("a", at(5));
        assert_eq!(cache.get("a").map(|e| e.sequence), Some(7));
        cache.put("a", at(8));
        assert_eq!(cache.get("a").map(|e| e.sequence), Some(8));
        cache.forget("a");
        assert!(cache.get("a").is_none());
    }

    #[test]
    fn a_cache_of_no_entries_holds_nothing() {
        let cache = AggregateCache::new(0);
        cache.put("a", at(1));
        assert!(cache.get("a").is_none());
    }
}
