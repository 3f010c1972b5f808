-- rm_metrics_episode_daily named a row's tenant, show and import by their ids: three texts
-- of up to 64 characters (36 for the ids the service makes) in every entry of its primary
-- key, which made the key most of what staging an import's rows costs (docs/benchmarks.md,
-- "Issue 13: session 9"). The metrics projection now gives each show of a tenant a number
-- (rm_metrics_shows) and each import one (rm_metrics_imports), and the episode rows carry
-- the numbers: the tenant is the show's. rm_metrics_daily keeps the ids.

CREATE TABLE rm_metrics_shows (
    tenant_id text NOT NULL,
    show_id   text NOT NULL,
    show_no   int4 GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (tenant_id, show_id),
    UNIQUE (show_no)
);

CREATE TABLE rm_metrics_imports (
    tenant_id text NOT NULL,
    import_id text NOT NULL,
    import_no int8 GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (tenant_id, import_id),
    UNIQUE (import_no)
);

INSERT INTO rm_metrics_shows (tenant_id, show_id)
SELECT DISTINCT tenant_id, show_id FROM rm_metrics_episode_daily ORDER BY 1, 2;

INSERT INTO rm_metrics_imports (tenant_id, import_id)
SELECT tenant_id, import_id FROM rm_metrics_published
 UNION
SELECT tenant_id, import_id FROM rm_metrics_episode_daily
 ORDER BY 1, 2;

-- The key is ordered as every reader asks: a show's episode over a range of days.
CREATE TABLE rm_metrics_episode_numbered (
    show_no   int4   NOT NULL,
    episode   text   NOT NULL,
    day       date   NOT NULL,
    source    text   NOT NULL,
    import_no int8   NOT NULL,
    downloads bigint NOT NULL,
    listeners bigint,
    CONSTRAINT rm_metrics_episode_numbered_pkey
        PRIMARY KEY (show_no, episode, day, source, import_no)
);

INSERT INTO rm_metrics_episode_numbered
       (show_no, episode, day, source, import_no, downloads, listeners)
SELECT s.show_no, m.episode, m.day, m.source, i.import_no, m.downloads, m.listeners
  FROM rm_metrics_episode_daily m
  JOIN rm_metrics_shows s USING (tenant_id, show_id)
  JOIN rm_metrics_imports i USING (tenant_id, import_id);

DROP TABLE rm_metrics_episode_daily;
ALTER TABLE rm_metrics_episode_numbered RENAME TO rm_metrics_episode_daily;
ALTER INDEX rm_metrics_episode_numbered_pkey RENAME TO rm_metrics_episode_daily_pkey;

-- An import's rows, for its completion (the show totals it adds) or its failure (the rows
-- it placed).
CREATE INDEX rm_metrics_episode_daily_import ON rm_metrics_episode_daily (import_no);

-- A row of rm_metrics_episode_daily is visible when its import is published.
CREATE TABLE rm_metrics_published_numbered (
    import_no int8 NOT NULL,
    CONSTRAINT rm_metrics_published_numbered_pkey PRIMARY KEY (import_no)
);
INSERT INTO rm_metrics_published_numbered (import_no)
SELECT i.import_no FROM rm_metrics_published JOIN rm_metrics_imports i USING (tenant_id, import_id);
DROP TABLE rm_metrics_published;
ALTER TABLE rm_metrics_published_numbered RENAME TO rm_metrics_published;
ALTER INDEX rm_metrics_published_numbered_pkey RENAME TO rm_metrics_published_pkey;
