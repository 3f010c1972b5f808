-- One row per projection: where its worker has got to in the event log. The row is
-- updated in the same transaction as the read-model writes of each batch, so a crash
-- can never leave a half-applied batch or a checkpoint ahead of its data. A worker locks
-- its row (FOR UPDATE) at the start of each batch; a rebuild locks it to switch copies.
CREATE TABLE projection_checkpoints (
    projection      text        PRIMARY KEY,
    tx_id           xid8        NOT NULL DEFAULT '0',
    global_position bigint      NOT NULL DEFAULT 0,
    events_applied  bigint      NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
