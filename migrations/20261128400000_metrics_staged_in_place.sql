-- The `metrics` projection stages an import's rows as its RowsAccepted events arrive, in
-- place, and publishes them at ImportCompleted by recording the import as published
-- (docs/architecture.md, "Publishing an import's rows").
--
-- A row of rm_metrics_episode_daily is visible when its import is in rm_metrics_published.
-- A staged row takes its key's place in rm_metrics_episode_daily when the place is free;
-- a row whose key is taken (by a published value, by another import's staged row, or by an
-- earlier line of the same import) waits in rm_metrics_contested until its import
-- completes.

CREATE TABLE rm_metrics_published (
    tenant_id text NOT NULL,
    import_id text NOT NULL,
    PRIMARY KEY (tenant_id, import_id)
);

-- Every row stored so far was published at its import's completion.
INSERT INTO rm_metrics_published (tenant_id, import_id)
SELECT DISTINCT tenant_id, import_id FROM rm_metrics_episode_daily;

-- Rows of a running import whose key was taken when they were staged. `line` orders an
-- import's rows of one key (the last line wins); a staged row moved here from its place
-- (because another import completed first) takes line 0: it was its import's first.
CREATE TABLE rm_metrics_contested (
    tenant_id text   NOT NULL,
    import_id text   NOT NULL,
    show_id   text   NOT NULL,
    day       date   NOT NULL,
    source    text   NOT NULL,
    episode   text   NOT NULL,
    line      bigint NOT NULL,
    downloads bigint NOT NULL,
    listeners bigint
);
CREATE INDEX rm_metrics_contested_import ON rm_metrics_contested (tenant_id, import_id);

-- An import's rows, for its completion (the show totals it adds) or its failure (the rows
-- it placed). One import's entries are one run of equal keys: inserts append to it.
CREATE INDEX rm_metrics_episode_daily_import ON rm_metrics_episode_daily (tenant_id, import_id);

-- Event payloads are compressed with lz4 where the server has it: an import's RowsAccepted
-- payloads are tens of kilobytes each, and pglz spends several times lz4's CPU on them.
DO $$
BEGIN
    ALTER TABLE events ALTER COLUMN payload SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'lz4 is not available: event payloads keep the default compression';
END $$;
