-- Tenants and API tokens are administration data, not event-sourced: they are few, are
-- changed by operators, and nothing is derived from their history.
CREATE TABLE tenants (
    tenant_id  text        PRIMARY KEY,
    slug       text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{2,40}$'),
    name       text        NOT NULL,
    currency   text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A bearer token is shown once at creation; only its SHA-256 digest is kept. Tokens are
-- 256-bit random values, so a fast digest is enough (no password hashing needed).
CREATE TABLE api_tokens (
    token_id      text        PRIMARY KEY,
    tenant_id     text        NOT NULL REFERENCES tenants (tenant_id),
    token_sha256  bytea       NOT NULL UNIQUE,
    name          text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('admin', 'ops', 'creator', 'advertiser')),
    -- creator tokens: the shows they may see; advertiser tokens: their advertiser.
    show_ids      text[]      NOT NULL DEFAULT '{}',
    advertiser_id text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    CHECK (role <> 'advertiser' OR advertiser_id IS NOT NULL),
    CHECK (role <> 'creator' OR cardinality(show_ids) > 0)
);

-- Responses of commands sent with an Idempotency-Key. A key is reserved before the command
-- runs (response IS NULL) and completed with the response after it commits.
CREATE TABLE idempotency_keys (
    tenant_id       text        NOT NULL REFERENCES tenants (tenant_id),
    idempotency_key text        NOT NULL,
    request_sha256  bytea       NOT NULL,
    response_status smallint,
    response_body   jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, idempotency_key)
);
