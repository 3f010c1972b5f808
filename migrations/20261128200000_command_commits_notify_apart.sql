-- A NOTIFY makes its transaction take a cluster-wide lock that is held until after the
-- commit's WAL flush, so every transaction that notifies commits one at a time: at 16
-- concurrent commands the events trigger's NOTIFY capped commits at a fraction of what the
-- same inserts reach without it (measured: docs/benchmarks.md, issue 13).
--
-- The command path (api/src/commands/store.rs) now marks its one-statement commits with
-- `set_config('cuepoint.notify', 'off', true)` (for that transaction only) and wakes the
-- workers itself after the commit: one `pg_notify` at a time per process, coalescing every
-- commit made meanwhile (api/src/commands/wakeup.rs). Every other writer of events (the
-- importer, hand-written inserts) is unchanged: its statements still notify here. Workers
-- also poll, so a wake-up lost with a process only delays them.
CREATE OR REPLACE FUNCTION notify_events_committed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('cuepoint.notify', true) IS DISTINCT FROM 'off' THEN
        PERFORM pg_notify('cuepoint_events', '');
    END IF;
    RETURN NULL;
END $$;
