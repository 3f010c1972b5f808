//! The page table: every page and form action of the web app, with the API route it stands
//! for. That route's roles, feature flag and read models govern the page exactly as they
//! govern the route (one rule, [`auth::admit`]); a role the route does not admit, or a
//! switched-off feature, gets the "no such page" 404. The server-side tests walk this table.

use std::sync::LazyLock;

use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter, MethodRouter};
use cuepoint_domain::feature::Feature;
use cuepoint_domain::tenancy::Role;

use super::error::WebError;
use super::render::{Layout, NavItem};
use super::session::{signed_in, Session};
use super::{advertiser, automation, creator, deal, imports, io_detail, ios, ops, pipeline};
use crate::features::FeatureFlags;
use crate::http::auth;
use crate::http::consistency::read_after;
use crate::http::routes::{routes, Kind, Refusal, Route};
use crate::http::state::AppState;

/// One page (a `GET`) or form action (a `POST`) of the web app.
pub struct Page {
    /// The HTTP method.
    pub method: Method,
    /// The path, in axum syntax.
    pub path: &'static str,
    /// The API route (method, path) whose roles, flag and read models govern the page.
    pub api: (Method, &'static str),
    /// The menu label, for pages in the menu.
    pub nav: Option<&'static str>,
    handler: MethodRouter<AppState>,
}

impl Page {
    /// The same page, in the menu as `label`.
    fn nav(self, label: &'static str) -> Page {
        Page {
            nav: Some(label),
            ..self
        }
    }

    /// The API route the page stands for, from `api`.
    pub fn api_route<'a>(&self, api: &'a [Route]) -> Option<&'a Route> {
        api.iter()
            .find(|route| route.method == self.api.0 && route.path == self.api.1)
    }
}

fn page<H, T>(method: Method, path: &'static str, api: (Method, &'static str), handler: H) -> Page
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
    Page {
        method,
        path,
        api,
        nav: None,
        handler: on(filter, handler),
    }
}

/// Every page, in menu order.
pub fn pages() -> Vec<Page> {
    use Method as M;
    #[rustfmt::skip]
    let table = vec![
        page(M::GET, "/creator", (M::GET, "/api/v1/dashboard/creator"), creator::page).nav("Pacing"),
        page(M::GET, "/advertiser", (M::GET, "/api/v1/dashboard/advertiser"), advertiser::page).nav("Advertiser"),
        page(M::GET, "/ops", (M::GET, "/api/v1/dashboard/ops"), ops::page).nav("Ops"),
        page(M::GET, "/pipeline", (M::GET, "/api/v1/pipeline"), pipeline::page).nav("Pipeline"),
        page(M::GET, "/pipeline/deals/{deal_id}", (M::GET, "/api/v1/deals/{id}"), deal::page),
        page(M::POST, "/pipeline/deals/{deal_id}/stage", (M::POST, "/api/v1/deals/{id}/stage"), deal::move_stage),
        page(M::POST, "/pipeline/deals/{deal_id}/win", (M::POST, "/api/v1/deals/{id}/win"), deal::win),
        page(M::POST, "/pipeline/deals/{deal_id}/lose", (M::POST, "/api/v1/deals/{id}/lose"), deal::lose),
        page(M::POST, "/pipeline/deals/{deal_id}/reopen", (M::POST, "/api/v1/deals/{id}/reopen"), deal::reopen),
        page(M::GET, "/ios", (M::GET, "/api/v1/io"), ios::page).nav("IOs"),
        page(M::GET, "/ios/{io_id}", (M::GET, "/api/v1/io/{id}"), io_detail::page),
        page(M::GET, "/ios/{io_id}/pdf", (M::GET, "/api/v1/io/{id}/export/pdf"), io_detail::pdf),
        page(M::GET, "/imports", (M::GET, "/api/v1/etl/imports"), imports::list).nav("Imports"),
        page(M::GET, "/imports/{import_id}", (M::GET, "/api/v1/etl/imports/{id}"), imports::detail),
        page(M::POST, "/imports/upload", (M::POST, "/api/v1/etl/csv"), imports::upload),
        page(M::GET, "/automation", (M::GET, "/api/v1/automation/runs"), automation::page).nav("Automation"),
        page(M::POST, "/automation/{job}", (M::POST, "/api/v1/automation/{job}"), automation::run_now),
    ];
    table
}

/// A menu entry with what admits it: its API route's roles and feature.
struct MenuEntry {
    item: NavItem,
    roles: &'static [Role],
    feature: Option<Feature>,
}

/// The menu of `role`: the pages whose API route admits it, with their feature on.
pub fn nav_for(role: Role, features: FeatureFlags) -> Vec<NavItem> {
    static MENU: LazyLock<Vec<MenuEntry>> = LazyLock::new(|| {
        let api = routes();
        pages()
            .iter()
            .filter_map(|page| {
                let route = page.api_route(&api)?;
                let item = NavItem {
                    label: page.nav?,
                    path: page.path,
                };
                Some(MenuEntry {
                    item,
                    roles: route.roles,
                    feature: route.feature,
                })
            })
            .collect()
    });
    MENU.iter()
        .filter(|entry| {
            entry.roles.contains(&role) && entry.feature.is_none_or(|f| features.is_on(f))
        })
        .map(|entry| entry.item.clone())
        .collect()
}

/// The router of the pages: each behind the signed-in layer, its API route's admission,
/// and (for a page that reads read models) the API's `?after=` wait.
pub fn router(state: &AppState) -> axum::Router<AppState> {
    let api = routes();
    let mut by_path: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for page in pages() {
        let Some(route) = page.api_route(&api) else {
            tracing::error!(
                page = page.path,
                api = page.api.1,
                "a page names no API route"
            );
            continue;
        };
        let (roles, feature, kind) = (route.roles, route.feature, route.kind);
        let path = page.path;
        let mut handler = page.handler;
        if let Kind::Query(projections) = kind {
            handler = handler.route_layer(from_fn_with_state(
                state.clone(),
                move |state: State<AppState>, request: Request, next: Next| {
                    read_after(state, projections, request, next)
                },
            ));
        }
        let handler = handler
            .route_layer(from_fn_with_state(
                state.clone(),
                move |state: State<AppState>, request: Request, next: Next| {
                    admitted(state, roles, feature, request, next)
                },
            ))
            .route_layer(from_fn_with_state(state.clone(), signed_in));
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

/// Admits the signed-in role if the API route admits it and its feature is on; otherwise
/// the page does not exist for this user (404, as the hidden API routes answer).
async fn admitted(
    State(state): State<AppState>,
    roles: &'static [Role],
    feature: Option<Feature>,
    request: Request,
    next: Next,
) -> Response {
    let Some(session) = request.extensions().get::<Session>() else {
        return WebError::unexpected("page without the signed-in layer").into_response();
    };
    let switched_off = feature.is_some_and(|f| !state.features.is_on(f));
    if switched_off || auth::admit(session.principal.grant.role, roles, Refusal::NotFound).is_err()
    {
        let layout = Layout::signed_in("Not found", session, state.features, "");
        return WebError::not_found().within(layout).into_response();
    }
    next.run(request).await
}
