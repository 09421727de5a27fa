//! DRF's `rest_framework.pagination`: [`PageNumberPagination`], [`LimitOffsetPagination`] and
//! [`CursorPagination`], which cut a generic view's list into pages with DRF's envelope
//! (`{"count", "next", "previous", "results"}`) and DRF's links.
//!
//! A view picks its paginator as DRF's `pagination_class` does: the
//! [`GenericAPIView::paginator`](crate::generics::GenericAPIView::paginator) hook, written by
//! the `pagination_class = <paginator>` argument of `#[generic_view]` / `#[viewset]` or by hand,
//! which defaults to `DEFAULT_PAGINATION_CLASS`
//! ([`Settings::default_pagination_class`](crate::settings::Settings::default_pagination_class);
//! none by default, so lists are not paginated). A paginator's `page_size` / `default_limit` left
//! `None` is the `PAGE_SIZE` setting ([`Settings::page_size`](crate::settings::Settings::page_size)).
//!
//! | DRF | restframe |
//! |---|---|
//! | `REST_FRAMEWORK = {'DEFAULT_PAGINATION_CLASS': '...PageNumberPagination', 'PAGE_SIZE': 3}` | `Settings::default().default_pagination_class(PageNumberPagination::new()).page_size(3)` |
//! | `pagination_class = ReviewPagination` (a subclass with `default_limit = 2`) | `#[viewset(ReadOnlyModelViewSet, pagination_class = REVIEW_PAGINATION)]` with `const REVIEW_PAGINATION: LimitOffsetPagination = LimitOffsetPagination { default_limit: Some(2), ..LimitOffsetPagination::new() };` |
//! | `pagination_class = None` | `pagination_class = NoPagination` |
//! | a `pagination_class` property that varies per request | `fn paginator(&self) -> impl BasePagination { ... }` in the `impl GenericAPIView` block |
//! | `page = self.paginate_queryset(qs)` / `self.get_paginated_response(data)` in an action | the same two methods of [`GenericAPIView`](crate::generics::GenericAPIView), or `self.paginator().paginate_queryset(select, request, self.db())` for another model's rows |
//!
//! ```
//! use restframe::generics::GenericAPIView;
//! use restframe::pagination::{BasePagination, PageNumberPagination};
//! use restframe::prelude::*;
//! use sea_orm::DatabaseConnection;
//!
//! mod book {
//!     use sea_orm::entity::prelude::*;
//!     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
//!     #[sea_orm(table_name = "library_book")]
//!     pub struct Model {
//!         #[sea_orm(primary_key)]
//!         pub id: i32,
//!         pub title: String,
//!     }
//!     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
//!     pub enum Relation {}
//!     impl ActiveModelBehavior for ActiveModel {}
//! }
//!
//! #[derive(restframe::ModelSerializer)]
//! #[serializer(model = book::Model, fields(id, title))]
//! pub struct BookSerializer;
//!
//! pub struct BookList {
//!     db: DatabaseConnection,
//! }
//!
//! #[generic_view(ListAPIView)]
//! impl GenericAPIView for BookList {
//!     type Serializer = BookSerializer;
//!     fn db(&self) -> &DatabaseConnection {
//!         &self.db
//!     }
//!     // class BookPagination(PageNumberPagination):
//!     //     page_size = 10; page_size_query_param = 'page_size'; max_page_size = 100
//!     fn paginator(&self) -> impl BasePagination {
//!         PageNumberPagination {
//!             page_size: Some(10),
//!             page_size_query_param: Some("page_size"),
//!             max_page_size: Some(100),
//!             ..PageNumberPagination::new()
//!         }
//!     }
//! }
//! ```
//!
//! ## Differences from DRF
//! - Paginators are values, configured with struct-update syntax from `new()` (DRF subclasses
//!   and sets class attributes); the page they cut travels from `paginate_queryset` to
//!   `get_paginated_response` in [`Page::state`](crate::generics::Page) instead of on `self`.
//! - Query parameters are read with Python's `int()` rules except that non-ASCII decimal
//!   digits (`٢`, which Python accepts) are refused, and numbers past `u128` count as
//!   invalid. A `limit`/`page_size` larger than the database can take is cut to `i64::MAX`
//!   where DRF's query fails with a 500.
//! - A cursor whose position does not convert to the ordering column's type (a crafted cursor
//!   such as `p=abc` on an integer column) is `404 Invalid cursor`; DRF's query raises a 500.
//! - `CursorPagination` follows the view's `OrderingFilter` (DRF's `get_ordering` asks the
//!   first filter backend that has one) only through
//!   [`GenericAPIView::paginate_queryset`](crate::generics::GenericAPIView::paginate_queryset),
//!   which hands the ordering to [`BasePagination::paginate_view_queryset`]; a paginator called
//!   directly (`paginator().paginate_queryset(...)`, another model's rows) orders by its own
//!   `ordering`.
//! - No browsable-API controls (`to_html`, `get_html_context`) and no schema hooks.

mod cursor;
mod limit_offset;
mod page_number;
mod schema;
mod urls;

use std::any::Any;
use std::future::Future;

use sea_orm::{DatabaseConnection, EntityTrait, QuerySelect, Select};
use serde_json::Value;

use crate::exceptions::ApiError;
use crate::request::{Request, RequestConfig};
use crate::response::Response;

pub use cursor::CursorPagination;
pub use limit_offset::LimitOffsetPagination;
pub use page_number::PageNumberPagination;
pub use urls::{remove_query_param, replace_query_param};

/// What a paginator records about a page for its response (DRF keeps it on the paginator
/// instance: `self.page`, `self.count`, `self.offset`, ...); the paginator downcasts it back.
pub type PageState = Box<dyn Any + Send + Sync>;

/// One page of a queryset, from `GenericAPIView::paginate_queryset`.
///
/// ```
/// use restframe::pagination::Page;
/// let page = Page { objects: vec![1, 2], state: Box::new(("count", 7_u64)) };
/// assert_eq!(page.state.downcast_ref::<(&str, u64)>(), Some(&("count", 7)));
/// ```
#[derive(Debug)]
pub struct Page<M> {
    /// The page's objects, in queryset order.
    pub objects: Vec<M>,
    /// Handed to `GenericAPIView::get_paginated_response` with the rendered objects.
    pub state: PageState,
}

/// DRF's `BasePagination`: cuts a queryset into one page and wraps the rendered page in the
/// paginated response. Generic over the entity, so one paginator serves a view's own model and
/// the rows of another (bookshelf's `/books/{id}/reviews/` pages `Review` rows in the book
/// viewset).
pub trait BasePagination: Send + Sync {
    /// DRF's `paginate_queryset(queryset, request, view)`: `Ok(None)` when this request is not
    /// paginated (no page size), else the page's objects and what
    /// [`BasePagination::get_paginated_response`] needs. An `Err` is the answer (`404 Invalid
    /// page.`).
    fn paginate_queryset<E>(
        &self,
        queryset: Select<E>,
        request: &Request,
        db: &DatabaseConnection,
    ) -> impl Future<Output = Result<Option<Page<E::Model>>, ApiError>> + Send
    where
        E: EntityTrait<Model: Send + Sync>;

    /// DRF's `paginate_queryset(queryset, request, view)` as a view pages its own list:
    /// `view_ordering` is the ordering of the view's first ordering filter backend (DRF's
    /// `OrderingFilter.get_ordering`, empty when the view has none or it gave none).
    /// [`CursorPagination`] orders by it when it is not empty, as DRF's
    /// `CursorPagination.get_ordering` does; the others ignore it.
    fn paginate_view_queryset<E>(
        &self,
        queryset: Select<E>,
        request: &Request,
        db: &DatabaseConnection,
        view_ordering: &[String],
    ) -> impl Future<Output = Result<Option<Page<E::Model>>, ApiError>> + Send
    where
        E: EntityTrait<Model: Send + Sync>,
    {
        let _ = view_ordering;
        self.paginate_queryset(queryset, request, db)
    }

    /// DRF's `get_paginated_response(data)`: the envelope around the rendered page, from the
    /// `state` [`BasePagination::paginate_queryset`] returned for the same request.
    fn get_paginated_response(&self, request: &Request, state: PageState, data: Value) -> Result<Response, ApiError>;

    /// The class the OpenAPI document describes ([`PaginationClass::schema_operation_parameters`],
    /// [`PaginationClass::paginated_response_schema`]) under the settings `config`; `None`
    /// (the default, and [`NoPagination`]'s) documents an unpaginated list.
    fn schema_class(&self, config: &RequestConfig) -> Option<PaginationClass> {
        let _ = config;
        None
    }
}

/// DRF's `pagination_class = None`: every list is answered whole.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoPagination;

impl BasePagination for NoPagination {
    async fn paginate_queryset<E>(
        &self,
        _queryset: Select<E>,
        _request: &Request,
        _db: &DatabaseConnection,
    ) -> Result<Option<Page<E::Model>>, ApiError>
    where
        E: EntityTrait<Model: Send + Sync>,
    {
        Ok(None)
    }

    fn get_paginated_response(&self, _request: &Request, _state: PageState, data: Value) -> Result<Response, ApiError> {
        Ok(Response::json(data))
    }
}

/// One of DRF's three paginators, as `DEFAULT_PAGINATION_CLASS` names it
/// ([`Settings::default_pagination_class`](crate::settings::Settings::default_pagination_class)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaginationClass {
    /// `rest_framework.pagination.PageNumberPagination`.
    PageNumber(PageNumberPagination),
    /// `rest_framework.pagination.LimitOffsetPagination`.
    LimitOffset(LimitOffsetPagination),
    /// `rest_framework.pagination.CursorPagination`.
    Cursor(CursorPagination),
}

impl From<PageNumberPagination> for PaginationClass {
    fn from(paginator: PageNumberPagination) -> Self {
        PaginationClass::PageNumber(paginator)
    }
}

impl From<LimitOffsetPagination> for PaginationClass {
    fn from(paginator: LimitOffsetPagination) -> Self {
        PaginationClass::LimitOffset(paginator)
    }
}

impl From<CursorPagination> for PaginationClass {
    fn from(paginator: CursorPagination) -> Self {
        PaginationClass::Cursor(paginator)
    }
}

impl BasePagination for PaginationClass {
    async fn paginate_queryset<E>(
        &self,
        queryset: Select<E>,
        request: &Request,
        db: &DatabaseConnection,
    ) -> Result<Option<Page<E::Model>>, ApiError>
    where
        E: EntityTrait<Model: Send + Sync>,
    {
        match self {
            PaginationClass::PageNumber(p) => p.paginate_queryset(queryset, request, db).await,
            PaginationClass::LimitOffset(p) => p.paginate_queryset(queryset, request, db).await,
            PaginationClass::Cursor(p) => p.paginate_queryset(queryset, request, db).await,
        }
    }

    async fn paginate_view_queryset<E>(
        &self,
        queryset: Select<E>,
        request: &Request,
        db: &DatabaseConnection,
        view_ordering: &[String],
    ) -> Result<Option<Page<E::Model>>, ApiError>
    where
        E: EntityTrait<Model: Send + Sync>,
    {
        match self {
            PaginationClass::Cursor(p) => p.paginate_view_queryset(queryset, request, db, view_ordering).await,
            other => other.paginate_queryset(queryset, request, db).await,
        }
    }

    fn get_paginated_response(&self, request: &Request, state: PageState, data: Value) -> Result<Response, ApiError> {
        match self {
            PaginationClass::PageNumber(p) => p.get_paginated_response(request, state, data),
            PaginationClass::LimitOffset(p) => p.get_paginated_response(request, state, data),
            PaginationClass::Cursor(p) => p.get_paginated_response(request, state, data),
        }
    }

    fn schema_class(&self, _config: &RequestConfig) -> Option<PaginationClass> {
        Some(self.clone())
    }
}

/// The paginator of a view that names none: the request's `DEFAULT_PAGINATION_CLASS`
/// ([`Settings::default_pagination_class`](crate::settings::Settings::default_pagination_class)),
/// or no pagination when the setting is unset (DRF's default). What
/// [`GenericAPIView::paginator`](crate::generics::GenericAPIView::paginator)
/// returns unless overridden.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DefaultPagination;

impl BasePagination for DefaultPagination {
    async fn paginate_queryset<E>(
        &self,
        queryset: Select<E>,
        request: &Request,
        db: &DatabaseConnection,
    ) -> Result<Option<Page<E::Model>>, ApiError>
    where
        E: EntityTrait<Model: Send + Sync>,
    {
        match default_class(request) {
            Some(class) => class.paginate_queryset(queryset, request, db).await,
            None => Ok(None),
        }
    }

    async fn paginate_view_queryset<E>(
        &self,
        queryset: Select<E>,
        request: &Request,
        db: &DatabaseConnection,
        view_ordering: &[String],
    ) -> Result<Option<Page<E::Model>>, ApiError>
    where
        E: EntityTrait<Model: Send + Sync>,
    {
        match default_class(request) {
            Some(class) => class.paginate_view_queryset(queryset, request, db, view_ordering).await,
            None => Ok(None),
        }
    }

    fn get_paginated_response(&self, request: &Request, state: PageState, data: Value) -> Result<Response, ApiError> {
        match default_class(request) {
            Some(class) => class.get_paginated_response(request, state, data),
            None => NoPagination.get_paginated_response(request, state, data),
        }
    }

    fn schema_class(&self, config: &RequestConfig) -> Option<PaginationClass> {
        config.pagination_class.as_deref().and_then(|class| class.downcast_ref::<PaginationClass>()).cloned()
    }
}

/// DRF's `DEFAULT_PAGINATION_CLASS` of the request's settings.
pub fn default_class(request: &Request) -> Option<&PaginationClass> {
    request.settings().pagination_class.as_deref().and_then(|class| class.downcast_ref::<PaginationClass>())
}

/// DRF's `_positive_int(integer_string, strict, cutoff)` with Python's `int()`: `None` where DRF
/// raises `ValueError` (not a number, negative, or zero when `strict`). A `cutoff` of
/// `Some(0)` is no cutoff, as DRF's `if cutoff:`.
pub(crate) fn positive_int(text: &str, strict: bool, cutoff: Option<u64>) -> Option<u128> {
    let (negative, value) = crate::python::int_parts(text, 10)?;
    if (negative && value != 0) || (value == 0 && strict) {
        return None;
    }
    match cutoff {
        Some(cutoff) if cutoff != 0 => Some(value.min(u128::from(cutoff))),
        _ => Some(value),
    }
}

/// A row count or offset as the database takes it (`LIMIT`/`OFFSET` are signed 64-bit).
pub(crate) fn sql_u64(value: u128) -> u64 {
    value.min(i64::MAX as u128) as u64
}

/// The rows `offset..offset + limit` of `queryset` ([`crate::sqlite::rows::slice`]: the two
/// numbers written into the SQL on SQLite, the rows read on the calling thread of an SQLite
/// file), with the relations of the `request`'s `select_related` for `E` joined
/// ([`crate::relations::select_related`]).
pub(crate) async fn slice<E>(
    queryset: Select<E>,
    offset: u64,
    limit: u64,
    db: &DatabaseConnection,
    request: Option<&Request>,
) -> Result<Vec<E::Model>, ApiError>
where
    E: EntityTrait,
{
    if let (Some(joins), Some(request)) = (crate::relations::select_related::joins_for::<E>(request), request) {
        return joins.read(queryset.offset(offset).limit(limit), Some((limit, offset)), db, request).await;
    }
    Ok(crate::sqlite::rows::slice(queryset, offset, limit, db).await?)
}

/// A paginated response's JSON object, its keys in the given order. The page's `results` are
/// moved in: `json!({"results": data, ..})` would copy the whole page through `to_value`
/// (measured on the bookshelf's `GET /books/`: 4 % of a request's instructions).
pub(crate) fn envelope<const N: usize>(fields: [(&str, Value); N]) -> Response {
    Response::json(Value::Object(fields.into_iter().map(|(key, value)| (key.to_owned(), value)).collect()))
}

/// The state a paginator put in a [`Page`], back from the view; anything else is a
/// programming error (another paginator's page), an internal error.
pub(crate) fn downcast_state<T: 'static>(state: PageState) -> Result<Box<T>, ApiError> {
    state
        .downcast::<T>()
        .map_err(|_| ApiError::internal("restframe: get_paginated_response got another paginator's page"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn envelope_keeps_key_order_and_moves_results() {
        let response =
            envelope([("count", json!(2)), ("next", Value::Null), ("results", json!([{"id": 1}, {"id": 2}]))]);
        assert_eq!(
            serde_json::to_string(response.data().expect("a JSON body")).expect("serializable"),
            r#"{"count":2,"next":null,"results":[{"id":1},{"id":2}]}"#
        );
    }

    #[test]
    fn positive_int_follows_drf() {
        assert_eq!(positive_int(" 2\n", true, None), Some(2));
        assert_eq!(positive_int("-0", false, None), Some(0));
        assert_eq!(positive_int("-0", true, None), None);
        assert_eq!(positive_int("0", true, None), None);
        assert_eq!(positive_int("-1", false, None), None);
        assert_eq!(positive_int("1_0", true, Some(5)), Some(5));
        assert_eq!(positive_int("100", true, Some(0)), Some(100));
        assert_eq!(positive_int("2.0", false, None), None);
    }
}
