-- A key of rm_metrics_episode_daily holds one value per import: the visible one (its import
-- is in rm_metrics_published) and those of imports still running, staged beside it. When an
-- import completes, the visible values its rows replace are deleted, so a key keeps one
-- visible value: that of the import that completed last (docs/architecture.md, "Publishing
-- an import's rows"). Staging is a plain insert whatever the keys (before, a row whose key
-- was taken waited in rm_metrics_contested and was written again at completion).
--
-- The key is ordered as every reader asks: a show's episode over a range of days.

DO $$
DECLARE
    key_name text;
BEGIN
    SELECT conname INTO STRICT key_name FROM pg_constraint
     WHERE conrelid = 'rm_metrics_episode_daily'::regclass AND contype = 'p';
    EXECUTE format('ALTER TABLE rm_metrics_episode_daily DROP CONSTRAINT %I', key_name);
END $$;

ALTER TABLE rm_metrics_episode_daily
    ADD PRIMARY KEY (tenant_id, show_id, episode, day, source, import_id);

-- Running imports' waiting rows become their import's values: the last line of each key.
INSERT INTO rm_metrics_episode_daily
       (tenant_id, import_id, show_id, day, source, episode, downloads, listeners)
SELECT DISTINCT ON (tenant_id, import_id, show_id, day, source, episode)
       tenant_id, import_id, show_id, day, source, episode, downloads, listeners
  FROM rm_metrics_contested
 ORDER BY tenant_id, import_id, show_id, day, source, episode, line DESC
    ON CONFLICT (tenant_id, show_id, episode, day, source, import_id)
    DO UPDATE SET downloads = EXCLUDED.downloads, listeners = EXCLUDED.listeners;

DROP TABLE rm_metrics_contested;

-- A show total keeps the sum of its rows' listener figures and how many rows have one, so
-- that a completion adds its rows and subtracts those it replaces instead of re-reading
-- the show-days it touches; `listeners` is derived from them (NULL when no row has one).
ALTER TABLE rm_metrics_daily
    ADD COLUMN listener_sum bigint NOT NULL DEFAULT 0,
    ADD COLUMN listener_rows bigint NOT NULL DEFAULT 0;
UPDATE rm_metrics_daily d
   SET listener_sum = COALESCE(c.listener_sum, 0), listener_rows = c.listener_rows
  FROM (SELECT tenant_id, show_id, day, source, sum(listeners) AS listener_sum,
               count(listeners) AS listener_rows
          FROM rm_metrics_episode_daily m
         WHERE EXISTS (SELECT 1 FROM rm_metrics_published p
                        WHERE p.tenant_id = m.tenant_id AND p.import_id = m.import_id)
         GROUP BY tenant_id, show_id, day, source) c
 WHERE d.tenant_id = c.tenant_id AND d.show_id = c.show_id AND d.day = c.day
   AND d.source = c.source;
ALTER TABLE rm_metrics_daily DROP COLUMN listeners;
ALTER TABLE rm_metrics_daily ADD COLUMN listeners bigint
    GENERATED ALWAYS AS (CASE WHEN listener_rows > 0 THEN listener_sum END) STORED;
