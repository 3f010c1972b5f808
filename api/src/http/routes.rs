//! The route table: every route with its method, path, admitted roles, kind, feature flag
//! and handler. The router is built from this table, the OpenAPI document is described
//! from it (the handler's argument and answer types give the operation's parameters, body
//! and answers), and the tenancy and flag tests walk it, so a route cannot be added without
//! its access rule and its description.

use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{Method, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::routing::{on, MethodFilter, MethodRouter};
use cuepoint_domain::feature::Feature;
use cuepoint_domain::tenancy::Role;

use super::error::ApiError;
use super::state::AppState;
use super::{
    admin, alerts, auth, automation, body_limit, catalog, consistency, deals, docs_ui, etl, health,
    idempotency, metrics, openapi, prometheus, sheets_import, webhooks,
};
use super::{dashboard, dashboard_advertiser, dashboard_creator, io, io_pdf, matches, pipeline};
use openapi::{Documented, Operation};

/// Every role.
pub const ANY_ROLE: &[Role] = &[Role::Admin, Role::Ops, Role::Creator, Role::Advertiser];
/// The network's staff.
pub const STAFF: &[Role] = &[Role::Admin, Role::Ops];
/// Tenant administrators.
pub const ADMIN: &[Role] = &[Role::Admin];
/// Who reads advertisers: staff and (their own) advertisers.
pub const ADVERTISER_READERS: &[Role] = &[Role::Admin, Role::Ops, Role::Advertiser];

/// Who exports IO PDFs: staff and (their own IOs) advertisers. A creator sees only its own
/// lines of an IO, so a whole IO document is not for creators.
pub const PDF_READERS: &[Role] = &[Role::Admin, Role::Ops, Role::Advertiser];

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
    /// A file upload: its body is streamed to disk and bounded by the upload limit in the
    /// handler, so the JSON body limit does not apply.
    Upload,
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
    /// How a role the route does not admit is answered: 403, or 404 for a route hidden
    /// from the roles it does not admit ([`Route::hidden`]).
    pub refusal: Refusal,
    /// The feature flag that governs the route ([`Route::flag`]); switched off, the route
    /// answers 404 `feature_disabled` to everyone.
    pub feature: Option<Feature>,
    /// The status of a successful answer (200 unless the entry says otherwise).
    pub success: StatusCode,
    /// Describes the route's operation from its handler's types ([`Documented`]).
    pub describe: fn(&mut Operation<'_>),
    handler: MethodRouter<AppState>,
}

/// How the authorize layer answers a token whose role the route does not admit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 403 `forbidden`: the route exists, the role may not use it.
    Forbidden,
    /// 404 `not_found`, as for a path that names nothing: the route serves data that
    /// belongs to other personas (the sales pipeline is the sales team's), so its roles
    /// are not told it exists.
    NotFound,
}

impl Route {
    /// The same route, governed by `feature`'s flag.
    fn flag(self, feature: Feature) -> Route {
        Route {
            feature: Some(feature),
            ..self
        }
    }

    /// The same route, answering 404 instead of 403 to the roles it does not admit.
    fn hidden(self) -> Route {
        Route {
            refusal: Refusal::NotFound,
            ..self
        }
    }

    /// The same route, answering 201 when it succeeds (it creates something).
    fn created(self) -> Route {
        Route {
            success: StatusCode::CREATED,
            ..self
        }
    }

    /// The same route, answering 204 without a body when it succeeds.
    fn no_content(self) -> Route {
        Route {
            success: StatusCode::NO_CONTENT,
            ..self
        }
    }
}

/// A route whose `handler` describes its operation by its argument and answer types.
fn route<H, T, D>(
    method: Method,
    path: &'static str,
    roles: &'static [Role],
    kind: Kind,
    summary: &'static str,
    handler: H,
) -> Route
where
    H: Handler<T, AppState> + Documented<D>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
    Route {
        method,
        path,
        roles,
        kind,
        summary,
        refusal: Refusal::Forbidden,
        feature: None,
        success: StatusCode::OK,
        describe: <H as Documented<D>>::describe,
        handler: on(filter, handler),
    }
}

const CATALOG: &[&str] = &["catalog"];
const IMPORTS: &[&str] = &["imports"];
const IO: &[&str] = &["io"];
const METRICS: &[&str] = &["metrics", "catalog"];
const DEALS: &[&str] = &["deals"];
const OPS_DASHBOARD: &[&str] = &["deals", "imports"];
const MATCHES: &[&str] = &["matches", "catalog"];
const ALERTS: &[&str] = &["alerts"];
const ADVERTISER_DASHBOARD: &[&str] = &["matches", "catalog", "metrics", "io"];
const CREATOR_DASHBOARD: &[&str] = &["io", "metrics", "catalog"];
/// Who reads a show's metrics: staff and (their own shows') creators.
pub const METRICS_READERS: &[Role] = &[Role::Admin, Role::Ops, Role::Creator];

/// The whole API.
pub fn routes() -> Vec<Route> {
    use Feature as F;
    use Kind::{Admin, Command, Public, Query, Upload};
    use Method as M;
    let show = "/api/v1/shows/{id}";
    let advertiser = "/api/v1/advertisers/{id}";
    #[rustfmt::skip]
    let table = vec![
        route(M::GET, "/healthz", &[], Public, "The process is up", health::healthz),
        route(M::GET, "/readyz", &[], Public, "The database is reachable and migrated", health::readyz),
        route(M::GET, "/api/v1/openapi.json", &[], Public, "This API description (OpenAPI 3.1)", openapi::document),
        route(M::GET, docs_ui::DOCS_PATH, &[], Public, "The API's documentation (Swagger UI over /api/v1/openapi.json)", docs_ui::home),
        route(M::GET, "/api/docs/{file}", &[], Public, "A file of the documentation UI", docs_ui::file),
        route(M::GET, "/metrics", &[], Public, "Prometheus metrics (text exposition format)", prometheus::metrics),
        route(M::GET, "/api/v1/shows", ANY_ROLE, Query(CATALOG), "List shows (creators: theirs)", catalog::list_shows),
        route(M::POST, "/api/v1/shows", STAFF, Command, "Create a show", catalog::create_show).created(),
        route(M::GET, show, ANY_ROLE, Query(CATALOG), "One show", catalog::get_show),
        route(M::PATCH, show, STAFF, Command, "Change a show's fields", catalog::update_show),
        route(M::POST, show, STAFF, Command, "Change a show's fields (as PATCH)", catalog::update_show),
        route(M::GET, "/api/v1/advertisers", ADVERTISER_READERS, Query(CATALOG), "List advertisers (advertisers: their own)", catalog::list_advertisers),
        route(M::POST, "/api/v1/advertisers", STAFF, Command, "Create an advertiser", catalog::create_advertiser).created(),
        route(M::GET, advertiser, ADVERTISER_READERS, Query(CATALOG), "One advertiser", catalog::get_advertiser),
        route(M::PATCH, advertiser, STAFF, Command, "Change an advertiser's fields", catalog::update_advertiser),
        route(M::POST, advertiser, STAFF, Command, "Change an advertiser's fields (as PATCH)", catalog::update_advertiser),
        // An upload is idempotent by its content hash (a repeat is 409 duplicate_import), and
        // is streamed: the Idempotency-Key layer, which buffers bodies, is not for it.
        route(M::POST, "/api/v1/etl/csv", STAFF, Upload, "Import listener metrics from a CSV file", etl::import_csv).created().flag(F::EtlCsvUpload),
        route(M::POST, "/api/v1/etl/google-sheets", STAFF, Command, "Import listener metrics from a Google Sheet", sheets_import::import_sheet).created().flag(F::GoogleSheetsImport),
        route(M::GET, "/api/v1/etl/imports", STAFF, Query(IMPORTS), "List imports, newest first", etl::list_imports),
        route(M::GET, "/api/v1/etl/imports/{id}", STAFF, Query(IMPORTS), "One import with its rejected rows", etl::get_import),
        route(M::GET, "/api/v1/etl/health", STAFF, Query(IMPORTS), "ETL health per source", etl::health),
        route(M::GET, "/api/v1/metrics/daily", METRICS_READERS, Query(METRICS), "Downloads per day of a show or episode", metrics::daily),
        route(M::GET, "/api/v1/io", ANY_ROLE, Query(IO), "List IOs (creators: with a line on their shows; advertisers: their own)", io::list).flag(F::IoBookings),
        route(M::POST, "/api/v1/io", STAFF, Command, "Create an IO as a draft", io::create).created().flag(F::IoBookings),
        route(M::GET, "/api/v1/io/{id}", ANY_ROLE, Query(IO), "One IO: lines, revision history, makegoods", io::get).flag(F::IoBookings),
        route(M::POST, "/api/v1/io/{id}/line-items", STAFF, Command, "Add a line item (an amendment after sent)", io::add_line_item).flag(F::IoBookings),
        route(M::PATCH, "/api/v1/io/{id}/line-items/{line_id}", STAFF, Command, "Change a line item (an amendment after sent)", io::change_line_item).flag(F::IoBookings),
        route(M::DELETE, "/api/v1/io/{id}/line-items/{line_id}", STAFF, Command, "Remove a line item (an amendment after sent)", io::remove_line_item).flag(F::IoBookings),
        route(M::POST, "/api/v1/io/{id}/send", STAFF, Command, "Send the draft for signature", io::send).flag(F::IoBookings),
        route(M::POST, "/api/v1/io/{id}/sign", STAFF, Command, "Record the advertiser's signature", io::sign).flag(F::IoBookings),
        route(M::POST, "/api/v1/io/{id}/cancel", STAFF, Command, "Cancel the IO, with a reason", io::cancel).flag(F::IoBookings),
        route(M::POST, "/api/v1/io/{id}/amend", STAFF, Command, "Several line changes as one revision", io::amend).flag(F::IoBookings),
        route(M::POST, "/api/v1/io/{id}/makegoods", STAFF, Command, "Raise a makegood on a line", io::raise_makegood).flag(F::IoBookings),
        route(M::GET, "/api/v1/io/{id}/export/pdf", PDF_READERS, Query(IO), "The IO as a PDF (records the export)", io_pdf::export).flag(F::IoBookings),
        route(M::POST, "/api/v1/io/{id}/makegoods/{makegood_id}/resolve", STAFF, Command, "Resolve a pending makegood with a remedy", io::resolve_makegood).flag(F::IoBookings),
        // Deals: commands (the sales team's).
        route(M::POST, "/api/v1/deals", STAFF, Command, "Create a deal", deals::create).created().hidden().flag(F::DealPipeline),
        route(M::PATCH, "/api/v1/deals/{id}", STAFF, Command, "Change a deal's fields", deals::update).hidden().flag(F::DealPipeline),
        route(M::POST, "/api/v1/deals/{id}/stage", STAFF, Command, "Move an open deal to another open stage", deals::move_stage).hidden().flag(F::DealPipeline),
        route(M::POST, "/api/v1/deals/{id}/win", STAFF, Command, "Win an open deal (its draft IO follows)", deals::win).hidden().flag(F::DealPipeline),
        route(M::POST, "/api/v1/deals/{id}/lose", STAFF, Command, "Lose an open deal, with a reason", deals::lose).hidden().flag(F::DealPipeline),
        route(M::POST, "/api/v1/deals/{id}/reopen", STAFF, Command, "Reopen a closed deal into an open stage", deals::reopen).hidden().flag(F::DealPipeline),
        // Deals: reads. The pipeline is the sales team's: creators and advertisers get 404.
        route(M::GET, "/api/v1/deals", STAFF, Query(DEALS), "List deals (filters: stage, owner, advertiser, expected close)", pipeline::list).hidden().flag(F::DealPipeline),
        route(M::GET, "/api/v1/deals/{id}", STAFF, Query(DEALS), "One deal with its weighted amount and stage history", pipeline::get).hidden().flag(F::DealPipeline),
        route(M::GET, "/api/v1/pipeline", STAFF, Query(DEALS), "Deals, amount and weighted amount per stage", pipeline::by_stage).hidden().flag(F::DealPipeline),
        route(M::GET, "/api/v1/dashboard/ops", STAFF, Query(OPS_DASHBOARD), "The ops dashboard: forecast, win/loss, deal alerts, ETL health", dashboard::ops).flag(F::DashboardCards),
        // Matchmaking and the advertiser dashboard: staff name the advertiser, an advertiser
        // token reads its own.
        route(M::GET, "/api/v1/matches", ADVERTISER_READERS, Query(MATCHES), "An advertiser's shows by audience fit, and the excluded ones", matches::list).flag(F::Matchmaking),
        route(M::GET, "/api/v1/dashboard/advertiser", ADVERTISER_READERS, Query(ADVERTISER_DASHBOARD), "Advertiser dashboard: fit, excluded shows, projected cost and CPM, inventory calendar", dashboard_advertiser::dashboard).flag(F::DashboardCards),
        // Dashboards
        route(M::GET, "/api/v1/dashboard/creator", METRICS_READERS, Query(CREATOR_DASHBOARD), "Pacing, 30-day revenue and makegoods pending of a creator's shows", dashboard_creator::creator).flag(F::DashboardCards),
        // Automation: jobs, run history, schedule, alerts.
        route(M::POST, "/api/v1/automation/run-all", STAFF, Command, "Run every job now (?as_of=)", automation::run_all).flag(F::AutomationJobs),
        route(M::POST, "/api/v1/automation/{job}", STAFF, Command, "Run one job now (?as_of=)", automation::run_job).flag(F::AutomationJobs),
        route(M::GET, "/api/v1/automation/runs", STAFF, Admin, "Job runs, newest first (filter: job)", automation::list_runs).flag(F::AutomationJobs),
        route(M::GET, "/api/v1/automation/runs/{id}", STAFF, Admin, "One job run", automation::get_run).flag(F::AutomationJobs),
        route(M::GET, "/api/v1/automation/schedule", STAFF, Admin, "Each job's cron expression and next run", automation::schedule).flag(F::AutomationJobs),
        route(M::GET, "/api/v1/alerts", STAFF, Query(ALERTS), "Alerts, newest first (filters: open, kind)", alerts::list).flag(F::AutomationJobs),
        route(M::POST, "/api/v1/webhooks", ADMIN, Admin, "Register a webhook for alert kinds (its secret shown once)", webhooks::create).created().flag(F::AutomationJobs),
        route(M::GET, "/api/v1/webhooks", ADMIN, Admin, "The tenant's webhooks, without secrets", webhooks::list).flag(F::AutomationJobs),
        route(M::DELETE, "/api/v1/webhooks/{id}", ADMIN, Admin, "Delete a webhook", webhooks::delete).no_content().flag(F::AutomationJobs),
        route(M::GET, "/api/v1/webhooks/{id}/deliveries", ADMIN, Admin, "A webhook's deliveries with every attempt", webhooks::deliveries).flag(F::AutomationJobs),
        route(M::GET, "/api/v1/projections", ADMIN, Admin, "For the tenant: whether each read model is caught up, its lag and parked events", admin::projections),
        route(M::POST, "/api/v1/tokens", ADMIN, Admin, "Create an API token (shown once)", admin::issue_token).created(),
        route(M::GET, "/api/v1/tokens", ADMIN, Admin, "The tenant's API tokens, without secrets", admin::tokens),
        route(M::DELETE, "/api/v1/tokens/{id}", ADMIN, Admin, "Revoke an API token", admin::revoke).no_content(),
    ];
    table
}

impl Route {
    /// The handler wrapped in the layers its kind and roles call for. Layers run outside
    /// in: authorization, then idempotency or read-after-write. A route whose feature is
    /// switched off answers 404 `feature_disabled` instead, before any layer.
    fn layered(self, state: &AppState) -> MethodRouter<AppState> {
        if let Some(feature) = self.feature.filter(|f| !state.features.is_on(*f)) {
            let filter = MethodFilter::try_from(self.method).unwrap_or(MethodFilter::GET);
            return on(filter, move || async move {
                ApiError::feature_disabled(feature)
            });
        }
        let handler = match self.kind {
            Kind::Public => {
                return self
                    .handler
                    .route_layer(from_fn_with_state(state.clone(), body_limit::limit))
            }
            Kind::Command => self
                .handler
                .route_layer(from_fn_with_state(state.clone(), idempotency::idempotent)),
            Kind::Query(projections) => self.handler.route_layer(from_fn_with_state(
                state.clone(),
                move |state: State<AppState>, request: Request, next: Next| {
                    consistency::read_after(state, projections, request, next)
                },
            )),
            Kind::Admin | Kind::Upload => self.handler,
        };
        let handler = match self.kind {
            Kind::Upload => handler,
            _ => handler.route_layer(from_fn_with_state(state.clone(), body_limit::limit)),
        };
        let (roles, refusal) = (self.roles, self.refusal);
        handler.route_layer(from_fn_with_state(
            state.clone(),
            move |state: State<AppState>, request: Request, next: Next| {
                auth::authorize(state, roles, refusal, request, next)
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
