-- A key of rm_metrics_episode_daily holds one value per import: the visible one (its import
-- is in rm_metrics_published) and those of imports still running, staged beside it. When an
-- import completes, the visible values its rows replace are deleted, so a key keeps one
-- visible value: that of the import that completed last (docs/architecture.md, "Publishing
-- an import's rows"). Staging is a plain insert whatever the keys (before, a row whose key
-- was taken waited in rm_metrics_contested and was written again at completion).

DO $$
DECLARE
    key_name text;
BEGIN
    SELECT conname INTO STRICT key_name FROM pg_constraint
     WHERE conrelid = 'rm_metrics_episode_daily'::regclass AND contype = 'p';
    EXECUTE format('ALTER TABLE rm_metrics_episode_daily DROP CONSTRAINT %I', key_name);
END $$;

ALTER TABLE rm_metrics_episode_daily
    ADD PRIMARY KEY (tenant_id, show_id, day, source, episode, import_id);

-- Running imports' waiting rows become their import's values: the last line of each key.
INSERT INTO rm_metrics_episode_daily
       (tenant_id, import_id, show_id, day, source, episode, downloads, listeners)
SELECT DISTINCT ON (tenant_id, import_id, show_id, day, source, episode)
       tenant_id, import_id, show_id, day, source, episode, downloads, listeners
  FROM rm_metrics_contested
 ORDER BY tenant_id, import_id, show_id, day, source, episode, line DESC
    ON CONFLICT (tenant_id, show_id, day, source, episode, import_id)
    DO UPDATE SET downloads = EXCLUDED.downloads, listeners = EXCLUDED.listeners;

DROP TABLE rm_metrics_contested;
