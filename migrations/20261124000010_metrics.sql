-- Listener-metrics imports (SPEC 6).

-- Command side: the content hash of every completed import, per tenant. Written in the same
-- transaction as the ImportCompleted event, so two uploads of one file cannot both count:
-- the second one's completion hits the primary key and fails as a duplicate.
CREATE TABLE import_hashes (
    tenant_id    text        NOT NULL,
    content_hash text        NOT NULL,
    import_id    text        NOT NULL,
    completed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, content_hash)
);

-- Read models of the `imports` projection: each import and its rejected rows.
CREATE TABLE rm_imports (
    tenant_id    text        NOT NULL,
    import_id    text        NOT NULL,
    source       text        NOT NULL,
    origin       text        NOT NULL,
    content_hash text        NOT NULL,
    started_by   text        NOT NULL,
    status       text        NOT NULL,  -- running | completed | failed
    accepted     bigint      NOT NULL DEFAULT 0,
    rejected     bigint      NOT NULL DEFAULT 0,
    last_day     date,
    failure      jsonb,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    PRIMARY KEY (tenant_id, import_id)
);
-- ETL health: the imports of a source, newest first.
CREATE INDEX rm_imports_source ON rm_imports (tenant_id, source, started_at DESC);

CREATE TABLE rm_import_rejections (
    tenant_id text   NOT NULL,
    import_id text   NOT NULL,
    line      bigint NOT NULL,
    "column"  text,
    reason    text   NOT NULL,
    PRIMARY KEY (tenant_id, import_id, line)
);

-- Read models of the `metrics` projection. An import's rows are published when it completes
-- (read then from its RowsAccepted events), so the rows of an import that failed or never
-- finished are never visible.

-- One value per key of SPEC 6, (tenant, show, episode, day, source): a later import of the
-- same key replaces the value. `episode` is '' for a show-level figure. The key's columns are
-- ordered so that a show's rows of one day and source (what its daily total sums) are one
-- index range.
CREATE TABLE rm_metrics_episode_daily (
    tenant_id text   NOT NULL,
    show_id   text   NOT NULL,
    episode   text   NOT NULL,
    day       date   NOT NULL,
    source    text   NOT NULL,
    downloads bigint NOT NULL,
    listeners bigint,
    import_id text   NOT NULL,
    PRIMARY KEY (tenant_id, show_id, day, source, episode)
);

-- Totals per show, day and source: the sum of the show's rows above for that day and
-- source, recomputed for the keys an import touches.
CREATE TABLE rm_metrics_daily (
    tenant_id text   NOT NULL,
    show_id   text   NOT NULL,
    day       date   NOT NULL,
    source    text   NOT NULL,
    downloads bigint NOT NULL,
    listeners bigint,
    PRIMARY KEY (tenant_id, show_id, day, source)
);
