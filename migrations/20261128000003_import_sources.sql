-- ETL health per source of the rows (SPEC 6): an import counts for every source it carried
-- rows of, and a failed import for its own (default) source. One row per finished import
-- and source, written by the `imports` projection from `ImportCompleted` (which records
-- what it carried of each source) or `ImportFailed`; the health query groups these rows by
-- source and reads each import's outcome from rm_imports.
CREATE TABLE rm_import_sources (
    tenant_id text   NOT NULL,
    import_id text   NOT NULL,
    source    text   NOT NULL,
    accepted  bigint NOT NULL,  -- rows of this source the import accepted (0 for a failure)
    last_day  date,             -- the latest day among them (NULL for a failure)
    PRIMARY KEY (tenant_id, import_id, source)
);
CREATE INDEX rm_import_sources_by_source ON rm_import_sources (tenant_id, source);

-- Imports finished before this table existed carried their own source only (their
-- ImportCompleted events have no per-source summary): the same rows a rebuild makes.
INSERT INTO rm_import_sources (tenant_id, import_id, source, accepted, last_day)
SELECT tenant_id, import_id, source,
       CASE WHEN status = 'completed' THEN accepted ELSE 0 END,
       CASE WHEN status = 'completed' THEN last_day END
  FROM rm_imports
 WHERE status <> 'running';

-- No query reads imports by their default source any more.
DROP INDEX rm_imports_source;

-- Finding imports left `running` by a process that died (failed at the next start).
CREATE INDEX rm_imports_running ON rm_imports (started_at) WHERE status = 'running';
