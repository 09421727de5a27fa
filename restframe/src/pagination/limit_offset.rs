//! DRF's `LimitOffsetPagination`.

use sea_orm::{DatabaseConnection, EntityTrait, Select};
use serde_json::Value;

use super::urls::{remove_query_param, replace_query_param, request_url};
use super::{BasePagination, Page, PageState, downcast_state, envelope, positive_int, sql_u64};
use crate::exceptions::ApiError;
use crate::request::Request;
use crate::response::Response;

/// DRF's `LimitOffsetPagination`: `?limit=100&offset=400`. Answers
/// `{"count", "next", "previous", "results"}`. As DRF, a `limit` that is not a positive integer
/// is the default limit, an `offset` that is not a non-negative integer is 0, and an offset past
/// the end is an empty page (never a 404).
///
/// ```
/// use restframe::pagination::LimitOffsetPagination;
///
/// // bookshelf's `class ReviewPagination(LimitOffsetPagination): default_limit = 2; max_limit = 10`
/// const REVIEWS: LimitOffsetPagination =
///     LimitOffsetPagination { default_limit: Some(2), max_limit: Some(10), ..LimitOffsetPagination::new() };
/// assert_eq!(REVIEWS.offset_query_param, "offset");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitOffsetPagination {
    /// DRF's `default_limit`; `None` is the `PAGE_SIZE` setting. No limit: the list is not
    /// paginated.
    pub default_limit: Option<u64>,
    /// DRF's `limit_query_param` (`limit`); empty: clients cannot set the limit.
    pub limit_query_param: &'static str,
    /// DRF's `offset_query_param` (`offset`).
    pub offset_query_param: &'static str,
    /// DRF's `max_limit`: the most a client's `limit` may be (not applied to `default_limit`).
    pub max_limit: Option<u64>,
}

impl LimitOffsetPagination {
    /// DRF's class attributes: `PAGE_SIZE` as the default limit, `?limit=` / `?offset=`, no
    /// maximum.
    pub const fn new() -> Self {
        Self { default_limit: None, limit_query_param: "limit", offset_query_param: "offset", max_limit: None }
    }

    /// DRF's `get_limit(request)`: the client's positive `limit` cut to `max_limit`, else
    /// `default_limit`, else `PAGE_SIZE`.
    pub fn get_limit(&self, request: &Request) -> Option<u128> {
        if !self.limit_query_param.is_empty()
            && let Some(limit) =
                request.query_param(self.limit_query_param).and_then(|v| positive_int(&v, true, self.max_limit))
        {
            return Some(limit);
        }
        self.default_limit.or(request.settings().page_size()).map(u128::from)
    }

    /// DRF's `get_offset(request)`: the client's non-negative `offset`, else 0.
    pub fn get_offset(&self, request: &Request) -> u128 {
        request.query_param(self.offset_query_param).and_then(|v| positive_int(&v, false, None)).unwrap_or(0)
    }
}

impl Default for LimitOffsetPagination {
    fn default() -> Self {
        Self::new()
    }
}

/// DRF's `self.count`, `self.offset`, `self.limit`, kept exact for the links (Python's integers
/// do not overflow; these hold anything up to `u128::MAX`).
struct LimitOffsetState {
    count: u64,
    offset: u128,
    limit: u128,
}

impl BasePagination for LimitOffsetPagination {
    async fn paginate_queryset<E>(
        &self,
        queryset: Select<E>,
        request: &Request,
        db: &DatabaseConnection,
    ) -> Result<Option<Page<E::Model>>, ApiError>
    where
        E: EntityTrait<Model: Send + Sync>,
    {
        let Some(limit) = self.get_limit(request) else {
            return Ok(None);
        };
        let count = crate::sqlite::rows::count(queryset.clone(), db).await?;
        let offset = self.get_offset(request);
        let objects = if count == 0 || offset > u128::from(count) {
            Vec::new()
        } else {
            super::slice(queryset, sql_u64(offset), sql_u64(limit), db, Some(request)).await?
        };
        Ok(Some(Page { objects, state: Box::new(LimitOffsetState { count, offset, limit }) }))
    }

    fn get_paginated_response(&self, request: &Request, state: PageState, data: Value) -> Result<Response, ApiError> {
        let page = downcast_state::<LimitOffsetState>(state)?;
        let url = request_url(request)?;
        let (count, offset, limit) = (u128::from(page.count), page.offset, page.limit);
        let with_limit = || replace_query_param(&url, self.limit_query_param, &limit.to_string());
        let next = (offset.saturating_add(limit) < count)
            .then(|| replace_query_param(&with_limit(), self.offset_query_param, &(offset + limit).to_string()));
        let previous = (offset > 0).then(|| {
            if offset <= limit {
                remove_query_param(&with_limit(), self.offset_query_param)
            } else {
                replace_query_param(&with_limit(), self.offset_query_param, &(offset - limit).to_string())
            }
        });
        Ok(envelope([
            ("count", page.count.into()),
            ("next", next.into()),
            ("previous", previous.into()),
            ("results", data),
        ]))
    }

    fn schema_class(&self, _config: &crate::request::RequestConfig) -> Option<super::PaginationClass> {
        Some(self.clone().into())
    }
}
