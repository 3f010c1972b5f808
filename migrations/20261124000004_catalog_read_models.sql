-- Catalog read models, written only by the `catalog` projection. The document column holds
-- the profile exactly as the API returns it; the other columns are for filters and order.
CREATE TABLE rm_shows (
    tenant_id  text        NOT NULL,
    show_id    text        NOT NULL,
    version    bigint      NOT NULL,
    name       text        NOT NULL,
    profile    jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, show_id)
);
-- Imports name shows by id or slug.
CREATE INDEX rm_shows_slug ON rm_shows (tenant_id, (profile ->> 'slug'));

CREATE TABLE rm_advertisers (
    tenant_id     text        NOT NULL,
    advertiser_id text        NOT NULL,
    version       bigint      NOT NULL,
    name          text        NOT NULL,
    profile       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, advertiser_id)
);
