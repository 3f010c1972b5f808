//! The options of a form's pickers: the advertisers and shows the signed-in role may see,
//! through the API's catalog list routes (so the same scoping applies).

use axum::extract::State;
use cuepoint_projections::read_models::catalog::CatalogEntry;
use cuepoint_projections::read_models::page::MAX_LIMIT;

use crate::http::auth::Principal;
use crate::http::catalog;
use crate::http::error::ApiError;
use crate::http::query::{PageParams, Query};
use crate::http::state::AppState;

/// One option of a picker.
pub struct Choice {
    /// The id sent.
    pub id: String,
    /// The name shown.
    pub name: String,
    /// Whether it is the one picked.
    pub selected: bool,
}

/// The first page of the advertisers, `selected` marked.
pub async fn advertisers(
    state: &AppState,
    principal: &Principal,
    selected: Option<&str>,
) -> Result<Vec<Choice>, ApiError> {
    let axum::Json(page) =
        catalog::list_advertisers(State(state.clone()), principal.clone(), Query(first_page()))
            .await?;
    Ok(choices(page.items, selected))
}

/// The first page of the shows the role may see, `selected` marked.
pub async fn shows(
    state: &AppState,
    principal: &Principal,
    selected: Option<&str>,
) -> Result<Vec<Choice>, ApiError> {
    let axum::Json(page) =
        catalog::list_shows(State(state.clone()), principal.clone(), Query(first_page())).await?;
    Ok(choices(page.items, selected))
}

/// The name of the choice `id` among `choices`, or the id.
pub fn name_of(choices: &[Choice], id: &str) -> String {
    (choices.iter().find(|c| c.id == id)).map_or_else(|| id.to_string(), |c| c.name.clone())
}

fn first_page() -> PageParams {
    PageParams {
        limit: Some(MAX_LIMIT),
        cursor: None,
    }
}

fn choices(entries: Vec<CatalogEntry>, selected: Option<&str>) -> Vec<Choice> {
    let mut choices: Vec<Choice> = (entries.into_iter())
        .map(|entry| Choice {
            selected: selected == Some(entry.id.as_str()),
            name: (entry.profile["name"].as_str())
                .unwrap_or(&entry.id)
                .to_string(),
            id: entry.id,
        })
        .collect();
    choices.sort_by(|a, b| a.name.cmp(&b.name));
    choices
}
