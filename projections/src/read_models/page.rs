//! Keyset pagination shared by the list queries.

use serde::Serialize;

/// Largest page a list query returns.
pub const MAX_LIMIT: i64 = 200;

/// A page request: at most `limit` items after the item whose id is `after`.
#[derive(Clone, Debug, Default)]
pub struct PageRequest {
    /// Items per page (clamped to 1..=[`MAX_LIMIT`], default 50).
    pub limit: Option<i64>,
    /// The id of the last item of the previous page.
    pub after: Option<String>,
}

impl PageRequest {
    /// The effective page size.
    pub fn limit(&self) -> i64 {
        self.limit.unwrap_or(50).clamp(1, MAX_LIMIT)
    }
}

/// One page of a list.
#[derive(Clone, Debug, Serialize)]
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
