//! Who is calling: tenant resolution, bearer tokens and role checks, in one place.
//!
//! Every route declares the roles it admits in the route table ([`super::routes`]); the
//! [`authorize`] middleware resolves the tenant (sub-domain of the Host header, or
//! `X-Tenant`), checks the token against that tenant and the role against the route, and
//! hands the handler a [`Principal`]. Handlers apply the principal's scope (a creator's
//! shows, an advertiser's advertiser) through its methods.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cuepoint_domain::tenancy::Role;

use super::error::ApiError;
use super::routes::Refusal;
use super::state::AppState;
use crate::tenancy::{credentials, digest, Grant, Tenant};

/// The authenticated caller of a request.
#[derive(Clone, Debug)]
pub struct Principal {
    /// The tenant the request is for.
    pub tenant: Tenant,
    /// The id of the token used.
    pub token_id: String,
    /// What the token grants.
    pub grant: Grant,
}

impl Principal {
    /// The tenant's id, the filter of every query.
    pub fn tenant_id(&self) -> &str {
        &self.tenant.tenant_id
    }

    /// The shows a creator token is limited to; `None` for roles that see all shows.
    pub fn show_scope(&self) -> Option<&[String]> {
        (self.grant.role == Role::Creator).then_some(self.grant.show_ids.as_slice())
    }

    /// The advertisers an advertiser token is limited to; `None` for roles that see all.
    pub fn advertiser_scope(&self) -> Option<&[String]> {
        (self.grant.role == Role::Advertiser).then_some(self.grant.advertiser_id.as_slice())
    }

    /// Whether the caller may see this show.
    pub fn may_see_show(&self, show_id: &str) -> bool {
        self.show_scope()
            .is_none_or(|shows| shows.iter().any(|s| s == show_id))
    }

    /// Whether the caller may see this advertiser.
    pub fn may_see_advertiser(&self, advertiser_id: &str) -> bool {
        self.advertiser_scope()
            .is_none_or(|ids| ids.iter().any(|a| a == advertiser_id))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Principal>()
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("route without authorization layer").into())
    }
}

/// Admits the request if its token belongs to the tenant it names and has one of `roles`;
/// another role is answered as `refusal` says (403, or 404 for a hidden route).
pub async fn authorize(
    State(state): State<AppState>,
    roles: &'static [Role],
    refusal: Refusal,
    mut request: Request,
    next: Next,
) -> Response {
    match principal(&state, request.headers(), roles, refusal).await {
        Ok(principal) => {
            tracing::Span::current().record("tenant", principal.tenant.slug.as_str());
            request.extensions_mut().insert(principal);
            next.run(request).await
        }
        Err(error) => error.into_response(),
    }
}

async fn principal(
    state: &AppState,
    headers: &HeaderMap,
    roles: &'static [Role],
    refusal: Refusal,
) -> Result<Principal, ApiError> {
    let slug = tenant_slug(headers, state.settings.base_domain.as_deref()).ok_or_else(|| {
        ApiError::bad_request(
            "tenant_required",
            "name the tenant by sub-domain or the X-Tenant header",
        )
    })?;
    let digest = digest(bearer(headers).unwrap_or_default());
    let found = match state.credentials.get(&slug, &digest) {
        Some(cached) => cached,
        None => {
            let found = credentials(&state.pool, &slug, &digest)
                .await?
                .ok_or_else(|| ApiError::not_found("tenant"))?;
            state.credentials.put(&slug, digest, &found);
            found
        }
    };
    let (token_id, grant) = found.token.ok_or_else(|| {
        ApiError::client(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or invalid bearer token for this tenant",
        )
    })?;
    admit(grant.role, roles, refusal)?;
    Ok(Principal {
        tenant: found.tenant,
        token_id,
        grant,
    })
}

/// Whether a route admitting `roles` admits `role`; a role it does not admit is refused as
/// `refusal` says. The API's layer and the web app's pages both ask here.
pub fn admit(role: Role, roles: &[Role], refusal: Refusal) -> Result<(), ApiError> {
    if roles.contains(&role) {
        return Ok(());
    }
    Err(match refusal {
        Refusal::Forbidden => ApiError::client(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("the {role} role may not do this"),
        ),
        // The answer of a path no route has: nothing tells the route exists.
        Refusal::NotFound => ApiError::not_found("route"),
    })
}

/// The tenant slug a request names: the sub-domain of `Host` under the base domain, else
/// the `X-Tenant` header.
pub fn tenant_slug(headers: &HeaderMap, base_domain: Option<&str>) -> Option<String> {
    let from_host = base_domain.and_then(|base| {
        let host = headers.get(header::HOST)?.to_str().ok()?;
        let host = host.split(':').next()?.to_ascii_lowercase();
        let sub = host.strip_suffix(base)?.strip_suffix('.')?;
        (!sub.is_empty() && !sub.contains('.')).then(|| sub.to_string())
    });
    from_host.or_else(|| {
        let value = headers.get("x-tenant")?.to_str().ok()?.trim();
        (!value.is_empty()).then(|| value.to_ascii_lowercase())
    })
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(host: &str, x_tenant: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        if let Some(t) = x_tenant {
            headers.insert("x-tenant", HeaderValue::from_str(t).unwrap());
        }
        headers
    }

    #[test]
    fn the_sub_domain_names_the_tenant() {
        let base = Some("cuepoint.example");
        assert_eq!(
            tenant_slug(&headers("acme.cuepoint.example:443", None), base).as_deref(),
            Some("acme")
        );
        assert_eq!(
            tenant_slug(&headers("cuepoint.example", Some("beta")), base).as_deref(),
            Some("beta")
        );
        assert_eq!(
            tenant_slug(&headers("a.b.cuepoint.example", None), base),
            None
        );
        assert_eq!(tenant_slug(&headers("localhost:8080", None), base), None);
        assert_eq!(
            tenant_slug(&headers("localhost:8080", Some("Acme")), None).as_deref(),
            Some("acme")
        );
    }
}
