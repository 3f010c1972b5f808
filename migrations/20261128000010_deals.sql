-- The deal read models, written only by the `deals` projection (docs/deals.md).
--
-- rm_deal_states: the `Deal` aggregate folded by its own `apply`, as rm_ios holds the IO's.
-- A batch loads it, applies the deal's new events with the domain's rules (the day a stage
-- is entered on, the last activity day, what reopening clears) and writes the state back
-- with the columns of rm_deals. Only the projection reads it: it is kept apart so that the
-- rows the queries scan stay narrow (a folded deal is several hundred bytes of JSON; the
-- ops dashboard reads every open deal of a tenant).
CREATE TABLE rm_deal_states (
    tenant_id  text        NOT NULL,
    deal_id    text        NOT NULL,
    version    bigint      NOT NULL,
    state      jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, deal_id)
);

-- rm_deals: one row per deal, the columns of the folded state that the list filters, the
-- pipeline and the ops dashboard read. No figure the domain computes is stored (the
-- weighted amount follows the stage and is computed when read).
CREATE TABLE rm_deals (
    tenant_id           text        NOT NULL,
    deal_id             text        NOT NULL,
    version             bigint      NOT NULL,
    advertiser_id       text        NOT NULL,
    name                text        NOT NULL,
    -- Minor units of `currency` (always the tenant's).
    amount              bigint      NOT NULL,
    currency            text        NOT NULL,
    -- lead | qualified | proposal | negotiation | closed_won | closed_lost
    stage               text        NOT NULL,
    owner               text        NOT NULL,
    show_ids            text[]      NOT NULL,
    expected_close_date date        NOT NULL,
    created_on          date        NOT NULL,
    -- Set while the deal is closed (won or lost); reopening clears it.
    closed_on           date,
    -- Set while the deal is closed_lost.
    loss_reason         text,
    loss_note           text,
    -- The draft IO made when the deal was won; kept when it is reopened.
    io_id               text,
    -- The latest of created_on and the days of its later events (the stale alert).
    last_activity_on    date        NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, deal_id)
);
-- The list is paged by deal id (ids are time-ordered) within each filter.
CREATE INDEX rm_deals_stage ON rm_deals (tenant_id, stage, deal_id);
CREATE INDEX rm_deals_owner ON rm_deals (tenant_id, owner, deal_id);
CREATE INDEX rm_deals_advertiser ON rm_deals (tenant_id, advertiser_id, deal_id);
CREATE INDEX rm_deals_expected_close ON rm_deals (tenant_id, expected_close_date);
-- The ops dashboard reads small parts of a large pipeline: the deals closed in its 90-day
-- window, and the open deals an alert can hold for (last active 14 days before `as_of`, or
-- expected to close before it: one index for each side of that OR). An open deal has no
-- closed_on (winning and losing set it, reopening clears it), which is the predicate of
-- the partial indexes; the queries also ask for an open stage. The forecast refresh reads
-- a month's open deals by the second.
CREATE INDEX rm_deals_closed ON rm_deals (tenant_id, closed_on) WHERE closed_on IS NOT NULL;
CREATE INDEX rm_deals_open_activity ON rm_deals (tenant_id, last_activity_on)
    WHERE closed_on IS NULL;
CREATE INDEX rm_deals_open_close ON rm_deals (tenant_id, expected_close_date)
    WHERE closed_on IS NULL;

-- Each stage a deal entered, in order, with the day it entered it (DealState's
-- stage_history): `created_on` for the first, `closed_on` for a closed stage, the day of
-- the move or reopening otherwise. The history only grows, so rows are never rewritten.
CREATE TABLE rm_deal_stages (
    tenant_id  text    NOT NULL,
    deal_id    text    NOT NULL,
    seq        integer NOT NULL,  -- 1 for the stage the deal was created in
    stage      text    NOT NULL,
    entered_on date    NOT NULL,
    PRIMARY KEY (tenant_id, deal_id, seq)
);

-- The weighted forecast of the open deals by month of expected close (SPEC 5), kept ready
-- for the ops dashboard so that it reads a few rows instead of every open deal. After each
-- batch the projection recomputes every month a changed deal left or entered, from that
-- month's open deals in rm_deals, with the domain's `forecast_by_month` (each deal's
-- weighted amount rounded once, the month their sum); a month without open deals has no
-- row. `month` is the first day of the month.
CREATE TABLE rm_deal_forecast (
    tenant_id       text   NOT NULL,
    month           date   NOT NULL,
    deals           bigint NOT NULL,
    amount          bigint NOT NULL,
    weighted_amount bigint NOT NULL,
    PRIMARY KEY (tenant_id, month)
);
