-- Sessions of the web app (api/src/web/session.rs): a signed-in browser holds a random
-- secret in an HttpOnly cookie; the server keeps only its SHA-256 digest, the tenant and the
-- API token it was opened with. Revoking the token ends its sessions (the join on
-- api_tokens.revoked_at); signing out deletes the row. Any server can resolve any session.
CREATE TABLE web_sessions (
    session_sha256 bytea PRIMARY KEY,
    tenant_id      text        NOT NULL REFERENCES tenants (tenant_id),
    token_id       text        NOT NULL REFERENCES api_tokens (token_id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL
);

-- Expired sessions are deleted when new ones are opened, by expiry.
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
