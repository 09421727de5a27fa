//! DRF's `PageNumberPagination` over Django's `Paginator` (no orphans, an empty first page
//! allowed).

use sea_orm::{DatabaseConnection, EntityTrait, Select};
use serde_json::Value;

use super::urls::{remove_query_param, replace_query_param, request_url};
use super::{BasePagination, Page, PageState, downcast_state, envelope, positive_int, sql_u64};
use crate::exceptions::ApiError;
use crate::request::Request;
use crate::response::Response;

/// DRF's `PageNumberPagination`: `?page=4` (and `?page=last`), optionally `?page_size=100`.
/// Answers `{"count", "next", "previous", "results"}`; a page that does not exist is
/// `404 {"detail":"Invalid page."}`.
///
/// Configure it as DRF's subclasses do, with struct-update syntax:
///
/// ```
/// use restframe::pagination::PageNumberPagination;
///
/// // class LargeResultsSetPagination(PageNumberPagination):
/// //     page_size = 1000; page_size_query_param = 'page_size'; max_page_size = 10000
/// const LARGE: PageNumberPagination = PageNumberPagination {
///     page_size: Some(1000),
///     page_size_query_param: Some("page_size"),
///     max_page_size: Some(10000),
///     ..PageNumberPagination::new()
/// };
/// assert_eq!(LARGE.page_query_param, "page");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageNumberPagination {
    /// DRF's `page_size`; `None` is the `PAGE_SIZE` setting. No page size (or `0`): the list
    /// is not paginated.
    pub page_size: Option<u64>,
    /// DRF's `page_query_param` (`page`).
    pub page_query_param: &'static str,
    /// DRF's `page_size_query_param`: the parameter a client sets the page size with (`None`:
    /// clients cannot). A value that is not a positive integer is ignored.
    pub page_size_query_param: Option<&'static str>,
    /// DRF's `max_page_size`: the most a client may ask for with `page_size_query_param`.
    pub max_page_size: Option<u64>,
    /// DRF's `last_page_strings` (`("last",)`): page values meaning the last page.
    pub last_page_strings: &'static [&'static str],
    /// DRF's `invalid_page_message` (`Invalid page.`), where `{page_number}` and `{message}`
    /// (Django's reason, e.g. `That page contains no results`) are filled in as DRF's
    /// `str.format` fills them.
    pub invalid_page_message: &'static str,
}

impl PageNumberPagination {
    /// DRF's class attributes: the `PAGE_SIZE` setting, `?page=`, no client page size.
    pub const fn new() -> Self {
        Self {
            page_size: None,
            page_query_param: "page",
            page_size_query_param: None,
            max_page_size: None,
            last_page_strings: &["last"],
            invalid_page_message: "Invalid page.",
        }
    }

    /// DRF's `get_page_size(request)`: the client's `page_size_query_param` when it is a
    /// positive integer (cut to `max_page_size`), else `page_size`, else `PAGE_SIZE`.
    pub fn get_page_size(&self, request: &Request) -> Option<u64> {
        if let Some(param) = self.page_size_query_param
            && let Some(size) = request.query_param(param).and_then(|v| positive_int(&v, true, self.max_page_size))
        {
            return Some(sql_u64(size));
        }
        self.page_size.or(request.settings().page_size())
    }

    /// DRF's `NotFound(invalid_page_message.format(page_number=..., message=...))`.
    fn invalid_page(&self, page_number: &str, message: &str) -> ApiError {
        ApiError::not_found_with(
            self.invalid_page_message.replace("{page_number}", page_number).replace("{message}", message),
        )
    }
}

impl Default for PageNumberPagination {
    fn default() -> Self {
        Self::new()
    }
}

/// What `get_paginated_response` needs: Django's `page.paginator.count`, `page.number` and
/// `num_pages`.
struct PageNumberState {
    count: u64,
    number: u64,
    num_pages: u64,
}

/// Django's `Paginator.num_pages` with `orphans=0`, `allow_empty_first_page=True`.
fn num_pages(count: u64, page_size: u64) -> u64 {
    count.max(1).div_ceil(page_size)
}

impl BasePagination for PageNumberPagination {
    async fn paginate_queryset<E>(
        &self,
        queryset: Select<E>,
        request: &Request,
        db: &DatabaseConnection,
    ) -> Result<Option<Page<E::Model>>, ApiError>
    where
        E: EntityTrait<Model: Send + Sync>,
    {
        let page_size = match self.get_page_size(request) {
            Some(size) if size > 0 => size,
            _ => return Ok(None),
        };
        // DRF's `get_page_number`: `query_params.get(...) or 1`, `last` → `num_pages`.
        let raw = request.query_param(self.page_query_param).filter(|v| !v.is_empty());
        let raw = raw.as_deref().unwrap_or("1");
        let (number, count) = if self.last_page_strings.contains(&raw) {
            let count = crate::sqlite::rows::count(queryset.clone(), db).await?;
            (num_pages(count, page_size), count)
        } else {
            // Django's `Paginator.validate_number`: not an integer and below 1 are refused
            // before the count is asked for.
            let (negative, value) = crate::python::int_parts(raw, 10)
                .ok_or_else(|| self.invalid_page(raw, "That page number is not an integer"))?;
            if negative || value == 0 {
                return Err(self.invalid_page(raw, "That page number is less than 1"));
            }
            let count = crate::sqlite::rows::count(queryset.clone(), db).await?;
            if value > u128::from(num_pages(count, page_size)) {
                return Err(self.invalid_page(raw, "That page contains no results"));
            }
            (value as u64, count)
        };
        // Django's `Paginator.page`: rows `bottom..top`, an empty slice asks nothing.
        let bottom = (number - 1).saturating_mul(page_size);
        let top = bottom.saturating_add(page_size).min(count);
        let objects = if top > bottom {
            super::slice(queryset, bottom, top - bottom, db, Some(request)).await?
        } else {
            Vec::new()
        };
        let state = PageNumberState { count, number, num_pages: num_pages(count, page_size) };
        Ok(Some(Page { objects, state: Box::new(state) }))
    }

    fn get_paginated_response(&self, request: &Request, state: PageState, data: Value) -> Result<Response, ApiError> {
        let page = downcast_state::<PageNumberState>(state)?;
        let url = request_url(request)?;
        let next = (page.number < page.num_pages)
            .then(|| replace_query_param(&url, self.page_query_param, &(page.number + 1).to_string()));
        let previous = (page.number > 1).then(|| match page.number - 1 {
            1 => remove_query_param(&url, self.page_query_param),
            number => replace_query_param(&url, self.page_query_param, &number.to_string()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn num_pages_is_djangos() {
        assert_eq!(num_pages(0, 3), 1);
        assert_eq!(num_pages(3, 3), 1);
        assert_eq!(num_pages(7, 3), 3);
    }
}
