-- The index that finds an import's staged rows (its completion and its failure) keyed by the
-- import alone: an import's id (a UUIDv7) is unique, and the tenant's 36 characters before
-- it made every staged row's insert into this index cost more (docs/benchmarks.md, issue 13,
-- session 7). Queries still name the tenant and filter by it.
DROP INDEX rm_metrics_episode_daily_import;
CREATE INDEX rm_metrics_episode_daily_import ON rm_metrics_episode_daily (import_id);
