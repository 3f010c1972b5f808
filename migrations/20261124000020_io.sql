-- The IO read model, written only by the `io` projection. `state` is the `IoBooking`
-- aggregate folded by its own `apply` (header, stage, current line items, revision
-- history, makegoods); the API renders the list and the detail from it. The other columns
-- are copies for filters and order: the derived status (`live`, `completed`) is computed
-- at query time from `stage`, `first_start` and `last_end` against the UTC day the API
-- passes in, so that no job has to move IOs between statuses as days pass.
CREATE TABLE rm_ios (
    tenant_id     text        NOT NULL,
    io_id         text        NOT NULL,
    version       bigint      NOT NULL,
    advertiser_id text        NOT NULL,
    -- draft | sent | signed | cancelled: the commanded stage, not the derived status.
    stage         text        NOT NULL,
    -- The shows of the current line items (creator scope and the show filter).
    show_ids      text[]      NOT NULL,
    -- The earliest flight start and the latest flight end of the current line items;
    -- NULL while the IO has none.
    first_start   date,
    last_end      date,
    state         jsonb       NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, io_id)
);
CREATE INDEX rm_ios_advertiser ON rm_ios (tenant_id, advertiser_id, io_id);
CREATE INDEX rm_ios_shows ON rm_ios USING gin (show_ids);
