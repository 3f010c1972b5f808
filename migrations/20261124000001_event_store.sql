-- The event store: postgres-es's `events` and `snapshots` tables, extended for Cuepoint.
--
-- postgres-es inserts only its seven columns, so every extra column has a default:
--   * global_position: a sequence number for tie-breaking inside one transaction;
--   * tx_id: the id of the transaction that wrote the event. Projections read in
--     (tx_id, global_position) order and only below the oldest running transaction
--     (pg_snapshot_xmin), so an event committed late by a slow transaction is never
--     skipped (see docs/architecture.md, "Reading events in commit order");
--   * recorded_at: wall-clock time of the write (for lag figures);
--   * tenant_id: copied from the event's metadata, which every command writes; the
--     NOT NULL makes an event without a tenant impossible.
-- Aggregate ids are stored as "<tenant_id>:<id>", so ids are unique per tenant and one
-- tenant can never load another tenant's aggregate.
CREATE TABLE events (
    aggregate_type  text        NOT NULL,
    aggregate_id    text        NOT NULL,
    sequence        bigint      NOT NULL CHECK (sequence > 0),
    event_type      text        NOT NULL,
    event_version   text        NOT NULL,
    payload         json        NOT NULL,
    metadata        json        NOT NULL,
    global_position bigint      GENERATED ALWAYS AS IDENTITY,
    tx_id           xid8        NOT NULL DEFAULT pg_current_xact_id(),
    recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    tenant_id       text        GENERATED ALWAYS AS (metadata ->> 'tenant_id') STORED NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id, sequence)
);

-- The cursor of every projection worker.
CREATE INDEX events_commit_order ON events (tx_id, global_position);

-- Finding what a command with a given Idempotency-Key wrote, after a crash between the
-- commit and the recording of its response.
CREATE INDEX events_idempotency_key ON events (tenant_id, (metadata ->> 'idempotency_key'))
    WHERE metadata ->> 'idempotency_key' IS NOT NULL;

-- Wake projection workers when events commit. A statement-level trigger sends one
-- notification per insert statement; PostgreSQL delivers it at commit and folds duplicates
-- within a transaction. Workers also poll, so a lost notification only delays them.
CREATE FUNCTION notify_events_committed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('cuepoint_events', '');
    RETURN NULL;
END $$;

CREATE TRIGGER events_committed AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION notify_events_committed();

-- Aggregate snapshots, written every N events by cqrs-es's snapshot store so that loading a
-- long-lived aggregate reads one snapshot and a few events, not its whole history.
CREATE TABLE snapshots (
    aggregate_type   text   NOT NULL,
    aggregate_id     text   NOT NULL,
    last_sequence    bigint NOT NULL CHECK (last_sequence >= 0),
    current_snapshot bigint NOT NULL CHECK (current_snapshot >= 0),
    payload          json   NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id)
);
