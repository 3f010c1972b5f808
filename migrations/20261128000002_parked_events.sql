-- Parked events: the dead-letter list of the projections.
--
-- When a batch keeps failing, its worker applies the batch event by event, each inside a
-- savepoint; an event that still fails is rolled back to its savepoint and parked here, and
-- the rest of the batch applies and the checkpoint moves, in the same transaction. One bad
-- event thus never stops a read model for every tenant. `cuepoint projections parked`
-- lists the rows and `cuepoint projections retry NAME` re-applies them after a fix.
--
-- A rebuild parks into a copy of this table in its own schema (the projection code writes
-- the unqualified name) and, on the switch, replaces the projection's rows with the ones
-- it parked: the others belonged to the old tables.
CREATE TABLE parked_events (
    projection      text        NOT NULL,
    -- The event's place in the log (see "Reading events in commit order").
    tx_id           xid8        NOT NULL,
    global_position bigint      NOT NULL,
    aggregate_type  text        NOT NULL,
    -- The aggregate's id within its tenant (without the tenant prefix of the store).
    aggregate_id    text        NOT NULL,
    event_type      text        NOT NULL,
    tenant_id       text        NOT NULL,
    -- The last failure, as the projection reported it.
    error           text        NOT NULL,
    -- Failed applications of this event on its own: 1 when parked, one more per failed retry.
    attempts        integer     NOT NULL DEFAULT 1 CHECK (attempts > 0),
    parked_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projection, global_position)
);

-- A tenant's projection status counts its parked events.
CREATE INDEX parked_events_tenant ON parked_events (tenant_id, projection);
