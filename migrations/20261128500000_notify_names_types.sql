-- A notification of committed events names their aggregate types (`show`, `import,io`), so
-- that a process wakes only the projection workers that read one of them
-- (projections/src/worker/wake.rs). The command path sends its own, after its commits
-- (migration 20261128200000); this trigger covers every other writer (the importer,
-- hand-written inserts), reading the types from the statement's inserted rows.
CREATE OR REPLACE FUNCTION notify_events_committed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    types text;
BEGIN
    IF current_setting('cuepoint.notify', true) IS DISTINCT FROM 'off' THEN
        SELECT string_agg(DISTINCT aggregate_type, ',' ORDER BY aggregate_type)
          INTO types FROM inserted;
        IF types IS NOT NULL THEN
            PERFORM pg_notify('cuepoint_events', types);
        END IF;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER events_committed ON events;
CREATE TRIGGER events_committed AFTER INSERT ON events
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION notify_events_committed();
