//! The tenant's shows by id and by slug, loaded once per import.

use std::collections::HashMap;

use cuepoint_domain::ids::ShowId;
use sqlx::PgPool;

/// Every show of the tenant, under its id and under its slug (ids win a clash).
pub async fn directory(pool: &PgPool, tenant_id: &str) -> sqlx::Result<HashMap<String, ShowId>> {
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT show_id, profile ->> 'slug' FROM rm_shows WHERE tenant_id = $1")
            .bind(tenant_id)
            .fetch_all(pool)
            .await?;
    let mut shows = HashMap::with_capacity(rows.len() * 2);
    for (id, slug) in &rows {
        let Ok(show_id) = id.parse::<ShowId>() else {
            continue;
        };
        if let Some(slug) = slug {
            shows.insert(slug.clone(), show_id.clone());
        }
    }
    for (id, _) in rows {
        if let Ok(show_id) = id.parse::<ShowId>() {
            shows.insert(id, show_id);
        }
    }
    Ok(shows)
}
