//! Tenants and API tokens: creation and lookup.
//!
//! A token is `cpt_` followed by 43 base64url characters (256 random bits). It is shown
//! once; the database keeps its SHA-256 digest only.

use base64::Engine;
use cuepoint_domain::ids::TenantId;
use cuepoint_domain::money::Currency;
use cuepoint_domain::tenancy::{Role, TenantSlug};
use cuepoint_domain::violation::Violations;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::commands::ReadModelCatalog;
use crate::tenancy_grant::check_grant;

/// A tenant: a podcast network or sales house.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Tenant {
    /// Its id.
    pub tenant_id: String,
    /// Its sub-domain / `X-Tenant` name.
    pub slug: String,
    /// Its display name.
    pub name: String,
    /// The currency its rate cards, IOs and deals are priced in.
    pub currency: String,
}

/// What a token grants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// The role.
    pub role: Role,
    /// For creator tokens: the shows they see.
    pub show_ids: Vec<String>,
    /// For advertiser tokens: their advertiser.
    pub advertiser_id: Option<String>,
}

/// A token just created: the secret is shown once, here.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct IssuedToken {
    /// The token's id (for listing and revoking).
    pub token_id: String,
    /// The bearer secret.
    pub token: String,
}

/// Why a tenant or token could not be created.
#[derive(Debug, thiserror::Error)]
pub enum TenancyError {
    /// The slug is taken.
    #[error("a tenant with slug {0} already exists")]
    SlugTaken(String),
    /// No such tenant.
    #[error("no tenant with slug {0}")]
    UnknownTenant(String),
    /// The token's name or grant breaks a rule (see [`check_grant`]): every violation.
    #[error("{0}")]
    InvalidGrant(Violations),
    /// The catalog could not be asked whether the granted shows or advertiser exist.
    #[error("the catalog is unavailable")]
    CatalogUnavailable,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Creates a tenant.
pub async fn create_tenant(
    pool: &PgPool,
    slug: &TenantSlug,
    name: &str,
    currency: &Currency,
) -> Result<Tenant, TenancyError> {
    let tenant = Tenant {
        tenant_id: TenantId::generate().to_string(),
        slug: slug.to_string(),
        name: name.trim().to_string(),
        currency: currency.to_string(),
    };
    let inserted = sqlx::query(
        "INSERT INTO tenants (tenant_id, slug, name, currency) VALUES ($1, $2, $3, $4)
         ON CONFLICT (slug) DO NOTHING",
    )
    .bind(&tenant.tenant_id)
    .bind(&tenant.slug)
    .bind(&tenant.name)
    .bind(&tenant.currency)
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(TenancyError::SlugTaken(tenant.slug));
    }
    Ok(tenant)
}

/// The tenant with this slug.
pub async fn tenant_by_slug(pool: &PgPool, slug: &str) -> sqlx::Result<Option<Tenant>> {
    sqlx::query_as("SELECT tenant_id, slug, name, currency FROM tenants WHERE slug = $1")
        .bind(slug)
        .fetch_optional(pool)
        .await
}

/// Creates a token for the tenant and returns its secret (the only time it is visible),
/// after checking its name and grant against the tenant's catalog ([`check_grant`]).
pub async fn create_token(
    pool: &PgPool,
    tenant_slug: &str,
    name: &str,
    grant: &Grant,
) -> Result<IssuedToken, TenancyError> {
    let tenant = tenant_by_slug(pool, tenant_slug)
        .await?
        .ok_or_else(|| TenancyError::UnknownTenant(tenant_slug.to_string()))?;
    let tenant_id: TenantId = (tenant.tenant_id.parse())
        .map_err(|_| TenancyError::UnknownTenant(tenant_slug.to_string()))?;
    let catalog = ReadModelCatalog::new(pool);
    check_grant(&catalog, &tenant_id, name, grant).await?;
    issue_token(pool, &tenant, name.trim(), grant).await
}

/// Stores a new token of `tenant` without checking its grant, and returns its secret: for
/// callers that know the grant is sound (an admin token, test fixtures).
pub async fn issue_token(
    pool: &PgPool,
    tenant: &Tenant,
    name: &str,
    grant: &Grant,
) -> Result<IssuedToken, TenancyError> {
    let mut secret = [0_u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let token = format!(
        "cpt_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret)
    );
    let token_id = format!("tok_{}", uuid::Uuid::now_v7().simple());
    sqlx::query(
        "INSERT INTO api_tokens (token_id, tenant_id, token_sha256, name, role, show_ids, advertiser_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&token_id)
    .bind(&tenant.tenant_id)
    .bind(digest(&token))
    .bind(name)
    .bind(grant.role.as_str())
    .bind(&grant.show_ids)
    .bind(&grant.advertiser_id)
    .execute(pool)
    .await?;
    Ok(IssuedToken { token_id, token })
}

/// A token as administrators see it: everything but its secret.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct TokenInfo {
    /// The token's id.
    pub token_id: String,
    /// Its label.
    pub name: String,
    /// Its role.
    pub role: String,
    /// Creator tokens: the shows it sees.
    pub show_ids: Vec<String>,
    /// Advertiser tokens: its advertiser.
    pub advertiser_id: Option<String>,
    /// When it was created.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The tenant's tokens, newest first.
pub async fn list_tokens(pool: &PgPool, tenant_id: &str) -> sqlx::Result<Vec<TokenInfo>> {
    sqlx::query_as(
        "SELECT token_id, name, role, show_ids, advertiser_id, created_at, revoked_at
           FROM api_tokens WHERE tenant_id = $1 ORDER BY created_at DESC, token_id",
    )
    .bind(tenant_id)
    .fetch_all(pool)
    .await
}

/// Revokes a token of the tenant; false if the tenant has no such token. Revoking twice
/// keeps the first revocation time.
pub async fn revoke_token(pool: &PgPool, tenant_id: &str, token_id: &str) -> sqlx::Result<bool> {
    let found = sqlx::query(
        "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now())
          WHERE tenant_id = $1 AND token_id = $2",
    )
    .bind(tenant_id)
    .bind(token_id)
    .execute(pool)
    .await?;
    Ok(found.rows_affected() == 1)
}

/// The SHA-256 digest under which a token is stored.
pub fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// A tenant with the grant of a presented token, if the token is valid for that tenant.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The tenant named by the request.
    pub tenant: Tenant,
    /// The token's id and grant, when the token belongs to that tenant and is not revoked.
    pub token: Option<(String, Grant)>,
}

/// Looks up the tenant by slug and the token by its [`digest`] in one round trip. `None`
/// when the tenant does not exist.
pub async fn credentials(
    pool: &PgPool,
    slug: &str,
    token_digest: &[u8],
) -> sqlx::Result<Option<Credentials>> {
    let row: Option<CredentialsRow> = sqlx::query_as(
        "SELECT t.tenant_id, t.slug, t.name, t.currency,
                k.token_id, k.role, k.show_ids, k.advertiser_id
           FROM tenants t
           LEFT JOIN api_tokens k
             ON k.token_sha256 = $2 AND k.tenant_id = t.tenant_id AND k.revoked_at IS NULL
          WHERE t.slug = $1",
    )
    .bind(slug)
    .bind(token_digest)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Credentials::from))
}

/// The tenant and token of a web session, by the [`digest`] of the session's secret: `None`
/// when there is no such session, it has expired, or its token has been revoked since.
pub async fn session_credentials(
    pool: &PgPool,
    session_digest: &[u8],
) -> sqlx::Result<Option<Credentials>> {
    let row: Option<CredentialsRow> = sqlx::query_as(
        "SELECT t.tenant_id, t.slug, t.name, t.currency,
                k.token_id, k.role, k.show_ids, k.advertiser_id
           FROM web_sessions s
           JOIN tenants t ON t.tenant_id = s.tenant_id
           JOIN api_tokens k
             ON k.token_id = s.token_id AND k.tenant_id = s.tenant_id AND k.revoked_at IS NULL
          WHERE s.session_sha256 = $1 AND s.expires_at > now()",
    )
    .bind(session_digest)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Credentials::from).filter(|c| c.token.is_some()))
}

/// A tenant row with the columns of the token presented, if one matched.
#[derive(sqlx::FromRow)]
struct CredentialsRow {
    tenant_id: String,
    slug: String,
    name: String,
    currency: String,
    token_id: Option<String>,
    role: Option<String>,
    show_ids: Option<Vec<String>>,
    advertiser_id: Option<String>,
}

impl From<CredentialsRow> for Credentials {
    fn from(row: CredentialsRow) -> Self {
        let token = match (row.token_id, row.role.and_then(|r| r.parse::<Role>().ok())) {
            (Some(id), Some(role)) => Some((
                id,
                Grant {
                    role,
                    show_ids: row.show_ids.unwrap_or_default(),
                    advertiser_id: row.advertiser_id,
                },
            )),
            _ => None,
        };
        Credentials {
            tenant: Tenant {
                tenant_id: row.tenant_id,
                slug: row.slug,
                name: row.name,
                currency: row.currency,
            },
            token,
        }
    }
}
