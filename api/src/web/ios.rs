//! `/ios`: the IOs the role may see (the JSON route's [`io::list`], with the same scoping),
//! filtered by a `GET` form of the route's filters, a page at a time.

use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use cuepoint_domain::io::IoStatus;

use super::choices::{self, name_of, Choice};
use super::error::WebError;
use super::form_query::form_query;
use super::format::{count, label, money};
use super::render::{html, Layout};
use super::session::Session;
use crate::http::auth::Principal;
use crate::http::error::ApiError;
use crate::http::io::{self, ListParams};
use crate::http::query::Query;
use crate::http::state::AppState;

/// The page's template.
#[derive(askama::Template)]
#[template(path = "ios.html")]
struct IosPage {
    layout: Layout,
    /// Value, words, selected.
    statuses: Vec<(&'static str, String, bool)>,
    /// Staff's advertiser filter (others see only their own IOs).
    advertisers: Option<Vec<Choice>>,
    shows: Vec<Choice>,
    from: String,
    to: String,
    ios: Vec<IoRow>,
    /// The link to the next page, with the same filters.
    next: Option<String>,
}

/// One IO of the list.
struct IoRow {
    id: String,
    advertiser: String,
    status: String,
    status_class: &'static str,
    revision: String,
    lines: String,
    total: String,
    shows: String,
    flights: String,
    makegoods: String,
}

/// The words and badge class of an IO's status.
pub fn io_status(status: IoStatus) -> (String, &'static str) {
    let class = match status {
        IoStatus::Draft | IoStatus::Completed => "neutral",
        IoStatus::Sent => "warn",
        IoStatus::Signed | IoStatus::Live => "good",
        IoStatus::Cancelled => "bad",
    };
    (label(status.as_str()), class)
}

/// `GET /ios?status=&advertiser_id=&show_id=&from=&to=&cursor=`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    principal: Principal,
    uri: Uri,
) -> Result<Response, WebError> {
    let layout = Layout::signed_in("IOs", &session, state.features, "/ios");
    let fail = |error: ApiError| WebError::from(error).within(layout.clone());
    let params: ListParams = form_query(&uri).map_err(fail)?;
    let status = params.status;
    let advertiser = params.advertiser_id.as_ref().map(ToString::to_string);
    let show = params.show_id.as_ref().map(ToString::to_string);
    let (from, to) = (params.from, params.to);
    let advertisers = match principal.advertiser_scope() {
        None if principal.show_scope().is_none() => Some(
            choices::advertisers(&state, &principal, advertiser.as_deref())
                .await
                .map_err(fail)?,
        ),
        _ => None,
    };
    let shows = choices::shows(&state, &principal, show.as_deref())
        .await
        .map_err(fail)?;
    let axum::Json(found) = io::list(State(state.clone()), principal, Query(params))
        .await
        .map_err(fail)?;
    let named = |id: &str| match &advertisers {
        Some(choices) => name_of(choices, id),
        None => id.to_string(),
    };
    let ios = (found.items.iter())
        .map(|io| {
            let (status, status_class) = io_status(io.status);
            IoRow {
                id: io.id.clone(),
                advertiser: named(&io.advertiser_id),
                status,
                status_class,
                revision: io.revision.to_string(),
                lines: count(io.line_item_count as u64),
                total: money(io.total, &io.currency),
                shows: (io.show_ids.iter())
                    .map(|id| name_of(&shows, id))
                    .collect::<Vec<_>>()
                    .join(", "),
                flights: match (io.first_start, io.last_end) {
                    (Some(start), Some(end)) => format!("{start} – {end}"),
                    _ => "—".to_string(),
                },
                makegoods: count(io.pending_makegoods as u64),
            }
        })
        .collect();
    let filters = [
        ("status", status.map(|s| s.as_str().to_string())),
        ("advertiser_id", advertiser),
        ("show_id", show),
        ("from", from.map(|d| d.to_string())),
        ("to", to.map(|d| d.to_string())),
    ];
    let next = found.next_cursor.map(|cursor| {
        let mut fields: Vec<(&str, String)> = (filters.iter())
            .filter_map(|(name, value)| Some((*name, value.clone()?)))
            .collect();
        fields.push(("cursor", cursor));
        format!(
            "/ios?{}",
            serde_urlencoded::to_string(fields).unwrap_or_default()
        )
    });
    Ok(html(&IosPage {
        layout,
        statuses: (IoStatus::ALL.iter())
            .map(|s| (s.as_str(), label(s.as_str()), Some(*s) == status))
            .collect(),
        advertisers,
        shows,
        from: from.map(|d| d.to_string()).unwrap_or_default(),
        to: to.map(|d| d.to_string()).unwrap_or_default(),
        ios,
        next,
    }))
}
