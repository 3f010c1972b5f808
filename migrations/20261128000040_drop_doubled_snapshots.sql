-- Aggregate snapshots written before this release may hold a command's events applied
-- twice (cqrs-es 0.5's snapshot store applied them again on top of the command's
-- aggregate; api/src/commands/store.rs now snapshots the aggregate as it is). Snapshots
-- are a cache of the event log: dropping them makes every aggregate load from its events
-- once, and the next commands past a snapshot boundary write correct ones.
DELETE FROM snapshots;
