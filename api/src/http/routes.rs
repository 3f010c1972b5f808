//! The route table: every route with its method, path, admitted roles and kind. The router
//! is built from this table, and the tenancy tests walk it, so a route cannot be added
//! without its access rule.

use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::{from_fn_with_state, Next};
use axum::routing::{on, MethodFilter, MethodRouter};
use cuepoint_domain::tenancy::Role;

use super::state::AppState;
use super::{admin, auth, catalog, consistency, health, idempotency, openapi};

/// Every role.
pub const ANY_ROLE: &[Role] = &[Role::Admin, Role::Ops, Role::Creator, Role::Advertiser];
/// The network's staff.
pub const STAFF: &[Role] = &[Role::Admin, Role::Ops];
/// Tenant administrators.
pub const ADMIN: &[Role] = &[Role::Admin];
/// Who reads advertisers: staff and (their own) advertisers.
pub const ADVERTISER_READERS: &[Role] = &[Role::Admin, Role::Ops, Role::Advertiser];

/// What a route does, which decides the layers around it.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// No tenant, no token (health checks).
    Public,
    /// Changes state: honours `Idempotency-Key`.
    Command,
    /// Reads these projections' read models: honours `?after=`.
    Query(&'static [&'static str]),
    /// Administration that is neither a command on an aggregate nor a read model query.
    Admin,
}

/// One route of the API.
pub struct Route {
    /// The HTTP method.
    pub method: Method,
    /// The path, in axum syntax (`/api/v1/shows/{id}`).
    pub path: &'static str,
    /// Roles admitted (ignored for [`Kind::Public`]).
    pub roles: &'static [Role],
    /// What the route does.
    pub kind: Kind,
    /// One line for the API description.
    pub summary: &'static str,
    handler: MethodRouter<AppState>,
}

fn route<H, T>(
    method: Method,
    path: &'static str,
    roles: &'static [Role],
    kind: Kind,
    summary: &'static str,
    handler: H,
) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
    Route {
        method,
        path,
        roles,
        kind,
        summary,
        handler: on(filter, handler),
    }
}

const CATALOG: &[&str] = &["catalog"];

/// The whole API.
pub fn routes() -> Vec<Route> {
    use Kind::{Admin, Command, Public, Query};
    use Method as M;
    let show = "/api/v1/shows/{id}";
    let advertiser = "/api/v1/advertisers/{id}";
    #[rustfmt::skip]
    let table = vec![
        route(M::GET, "/healthz", &[], Public, "The process is up", health::healthz),
        route(M::GET, "/readyz", &[], Public, "The database is reachable and migrated", health::readyz),
        route(M::GET, "/api/v1/openapi.json", &[], Public, "This API description", openapi::document),
        route(M::GET, "/api/v1/shows", ANY_ROLE, Query(CATALOG), "List shows (creators: theirs)", catalog::list_shows),
        route(M::POST, "/api/v1/shows", STAFF, Command, "Create a show", catalog::create_show),
        route(M::GET, show, ANY_ROLE, Query(CATALOG), "One show", catalog::get_show),
        route(M::PATCH, show, STAFF, Command, "Change a show's fields", catalog::update_show),
        route(M::POST, show, STAFF, Command, "Change a show's fields (as PATCH)", catalog::update_show),
        route(M::GET, "/api/v1/advertisers", ADVERTISER_READERS, Query(CATALOG), "List advertisers (advertisers: their own)", catalog::list_advertisers),
        route(M::POST, "/api/v1/advertisers", STAFF, Command, "Create an advertiser", catalog::create_advertiser),
        route(M::GET, advertiser, ADVERTISER_READERS, Query(CATALOG), "One advertiser", catalog::get_advertiser),
        route(M::PATCH, advertiser, STAFF, Command, "Change an advertiser's fields", catalog::update_advertiser),
        route(M::POST, advertiser, STAFF, Command, "Change an advertiser's fields (as PATCH)", catalog::update_advertiser),
        route(M::GET, "/api/v1/projections", ADMIN, Admin, "Each projection's position, lag and owner", admin::projections),
        route(M::POST, "/api/v1/tokens", ADMIN, Admin, "Create an API token (shown once)", admin::issue_token),
    ];
    table
}

impl Route {
    /// The handler wrapped in the layers its kind and roles call for. Layers run outside
    /// in: authorization, then idempotency or read-after-write.
    fn layered(self, state: &AppState) -> MethodRouter<AppState> {
        let handler = match self.kind {
            Kind::Public => return self.handler,
            Kind::Command => self
                .handler
                .route_layer(from_fn_with_state(state.clone(), idempotency::idempotent)),
            Kind::Query(projections) => self.handler.route_layer(from_fn_with_state(
                state.clone(),
                move |state: State<AppState>, request: Request, next: Next| {
                    consistency::read_after(state, projections, request, next)
                },
            )),
            Kind::Admin => self.handler,
        };
        let roles = self.roles;
        handler.route_layer(from_fn_with_state(
            state.clone(),
            move |state: State<AppState>, request: Request, next: Next| {
                auth::authorize(state, roles, request, next)
            },
        ))
    }
}

/// The router of the API, from [`routes`].
pub fn router(state: &AppState) -> axum::Router<AppState> {
    let mut by_path: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for route in routes() {
        let path = route.path;
        let handler = route.layered(state);
        match by_path.iter_mut().find(|(p, _)| *p == path) {
            Some((_, existing)) => *existing = std::mem::take(existing).merge(handler),
            None => by_path.push((path, handler)),
        }
    }
    by_path
        .into_iter()
        .fold(axum::Router::new(), |router, (path, handler)| {
            router.route(path, handler)
        })
}
