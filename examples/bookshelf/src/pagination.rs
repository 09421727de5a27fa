//! `library/pagination.py`.

use restframe::pagination::LimitOffsetPagination;

/// `?limit=` / `?offset=` paging for the review feed: 2 per page unless asked, never more than 10.
pub(crate) const REVIEW_PAGINATION: LimitOffsetPagination =
    LimitOffsetPagination { default_limit: Some(2), max_limit: Some(10), ..LimitOffsetPagination::new() };
