-- Automation (SPEC 8): the record of every job run, which is also the once-only claim of a
-- scheduled slot, and the alerts read model.

-- One row per run of a job for a tenant. A scheduled run claims its slot by inserting the
-- row (`INSERT ... ON CONFLICT DO NOTHING RETURNING run_id`): the unique index below lets one
-- process in any number win each (job, tenant, slot); the row is both the lock and the
-- history. API and command-line runs have no slot (`scheduled_for` NULL) and never conflict.
-- A row without `finished_at` is running; a process that dies leaves it so, and the next
-- process marks it failed once `heartbeat_at` is older than the job timeout.
CREATE TABLE job_runs (
    run_id        text        PRIMARY KEY,  -- UUID v7: time-ordered, newest first by id
    job           text        NOT NULL,
    tenant_id     text        NOT NULL,
    trigger       text        NOT NULL CHECK (trigger IN ('api', 'cli', 'schedule')),
    as_of         date        NOT NULL,
    scheduled_for timestamptz,
    started_at    timestamptz NOT NULL DEFAULT now(),
    heartbeat_at  timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    outcome       text        CHECK (outcome IN ('succeeded', 'failed')),
    summary       jsonb       NOT NULL DEFAULT '{}',
    -- The process that ran it (`<host>:<pid>`), for operators.
    runner        text        NOT NULL,
    CHECK ((trigger = 'schedule') = (scheduled_for IS NOT NULL)),
    CHECK ((finished_at IS NULL) = (outcome IS NULL))
);
CREATE UNIQUE INDEX job_runs_slot ON job_runs (job, tenant_id, scheduled_for)
    WHERE scheduled_for IS NOT NULL;
-- A tenant's runs, newest first (with or without a job filter).
CREATE INDEX job_runs_by_tenant ON job_runs (tenant_id, run_id DESC);
CREATE INDEX job_runs_by_job ON job_runs (tenant_id, job, run_id DESC);
-- Runs left running by a process that died.
CREATE INDEX job_runs_running ON job_runs (heartbeat_at) WHERE finished_at IS NULL;

-- Read model of the `alerts` projection: one row per alert (kind and subject) of a tenant,
-- as last raised; `cleared_on` is NULL while it is open.
CREATE TABLE rm_alerts (
    tenant_id    text        NOT NULL,
    alert_id     text        NOT NULL,
    kind         text        NOT NULL,
    subject_id   text        NOT NULL,
    subject_name text        NOT NULL,
    since        date        NOT NULL,
    raised_on    date        NOT NULL,
    raised_at    timestamptz NOT NULL,
    cleared_on   date,
    cleared_at   timestamptz,
    -- How many times it was raised (a cleared alert is raised again when its condition
    -- returns).
    raised_count bigint      NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, alert_id)
);
CREATE INDEX rm_alerts_listed ON rm_alerts (tenant_id, raised_at DESC, alert_id);

-- Webhooks a tenant registers for alerts. The secret signs the deliveries (HMAC-SHA256), so
-- it is kept as given (it is shown to the tenant once, at creation). A deleted webhook keeps
-- its row (and its deliveries' history) and receives nothing more.
CREATE TABLE webhooks (
    webhook_id text        PRIMARY KEY,
    tenant_id  text        NOT NULL,
    url        text        NOT NULL,
    kinds      text[]      NOT NULL,
    secret     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE INDEX webhooks_by_tenant ON webhooks (tenant_id, created_at) WHERE deleted_at IS NULL;

-- One delivery per webhook and raised alert, written by the `webhook_outbox` process in the
-- transaction that moves its checkpoint (so each AlertRaised event gives each webhook one
-- delivery, whatever crashes). `next_attempt_at` is when the sender may try it: after a
-- backoff, or, while an attempt runs, the end of that attempt's lease.
CREATE TABLE webhook_deliveries (
    delivery_id     text        PRIMARY KEY,
    tenant_id       text        NOT NULL,
    webhook_id      text        NOT NULL REFERENCES webhooks (webhook_id),
    alert_id        text        NOT NULL,
    event_stream    text        NOT NULL,
    event_sequence  bigint      NOT NULL,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    UNIQUE (webhook_id, event_stream, event_sequence)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_listed ON webhook_deliveries (webhook_id, created_at DESC);

-- Every attempt, recorded before the request is sent (`sending`) and completed after it;
-- an attempt whose sender died stays `sending` until the delivery is next claimed, which
-- marks it `interrupted`: no attempt is lost or recorded twice.
CREATE TABLE webhook_attempts (
    delivery_id text        NOT NULL REFERENCES webhook_deliveries (delivery_id),
    attempt     int         NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    outcome     text        NOT NULL DEFAULT 'sending'
                            CHECK (outcome IN ('sending', 'succeeded', 'failed', 'interrupted')),
    status_code int,
    error       text,
    PRIMARY KEY (delivery_id, attempt)
);
