//! Keyset pagination shared by the list queries.

use cuepoint_domain::ids::is_valid_id;
use serde::Serialize;

/// Largest page a list query returns.
pub const MAX_LIMIT: i64 = 200;

/// A page request: at most `limit` items after the item whose id is `after`.
#[derive(Clone, Debug, Default)]
pub struct PageRequest {
    /// Items per page (1..=[`MAX_LIMIT`], default 50; clamped to that range).
    pub limit: Option<i64>,
    /// The id of the last item of the previous page.
    pub after: Option<String>,
}

impl PageRequest {
    /// Paging parameters as a client sends them: `limit` within 1..=[`MAX_LIMIT`] (default
    /// 50) and `cursor`, the `next_cursor` of a previous page (an id). Says why otherwise.
    pub fn parse(limit: Option<i64>, cursor: Option<String>) -> Result<PageRequest, String> {
        if let Some(limit) = limit.filter(|l| !(1..=MAX_LIMIT).contains(l)) {
            return Err(format!("limit must be within 1..={MAX_LIMIT}, not {limit}"));
        }
        if let Some(cursor) = cursor.as_deref().filter(|c| !is_valid_id(c)) {
            return Err(format!(
                "{cursor:?} is not a cursor: pass the next_cursor of the previous page"
            ));
        }
        Ok(PageRequest {
            limit,
            after: cursor,
        })
    }

    /// The effective page size.
    pub fn limit(&self) -> i64 {
        self.limit.unwrap_or(50).clamp(1, MAX_LIMIT)
    }
}

/// One page of a list.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Page<T> {
    /// The items, in id order.
    pub items: Vec<T>,
    /// The cursor of the next page, `None` on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` fetched items; `id` gives an item's cursor.
    pub fn from_overfetch(mut items: Vec<T>, limit: i64, id: impl Fn(&T) -> String) -> Self {
        let more = items.len() as i64 > limit;
        items.truncate(limit as usize);
        let next_cursor = if more { items.last().map(id) } else { None };
        Page { items, next_cursor }
    }
}
