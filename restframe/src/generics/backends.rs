//! DRF's `BaseFilterBackend` (re-exported as `restframe::filters::BaseFilterBackend`): defined
//! here because [`GenericAPIView::filter_backends`](super::GenericAPIView::filter_backends)
//! returns one, and the filters module depends on generic views, not the other way round.

use std::future::Future;

use sea_orm::Select;
use serde_json::Value;

use super::GenericAPIView;
use crate::exceptions::ApiError;
use crate::request::{Request, RequestConfig};

/// DRF's `BaseFilterBackend`: `filter_queryset(request, queryset, view)`. An `Err` is the
/// response (django-filter answers `400 {"<param>": ["<message>"]}`).
///
/// A view's backends are its
/// [`GenericAPIView::filter_backends`](super::GenericAPIView::filter_backends), a tuple run in
/// order (`()` is none), written by `#[generic_view(..., filter_backends = [A, B])]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a filter backend for `{V}`",
    label = "not a `BaseFilterBackend<{V}>`",
    note = "filter backends are `SearchFilter`, `OrderingFilter`, `DjangoFilterBackend` or a type implementing \
            `BaseFilterBackend<{V}>`"
)]
pub trait BaseFilterBackend<V: GenericAPIView>: Send + Sync {
    /// The queryset narrowed by this backend.
    fn filter_queryset(
        &self,
        request: &Request,
        queryset: Select<V::Entity>,
        view: &V,
    ) -> impl Future<Output = Result<Select<V::Entity>, ApiError>> + Send;

    /// DRF's `get_ordering(request, queryset, view)` of a backend that orders
    /// (`OrderingFilter`): the ordering this request gets. `None` (the default) for a backend
    /// that has no `get_ordering`. `CursorPagination` orders by the first backend's answer
    /// when it is not empty, as DRF's `CursorPagination.get_ordering` does.
    fn get_ordering(&self, request: &Request, view: &V) -> Option<Vec<String>> {
        let _ = (request, view);
        None
    }

    /// DRF's `get_schema_operation_parameters(view)`: the query parameters this backend reads,
    /// which the OpenAPI document lists on the view's list operations ([`crate::schemas`]);
    /// `config` holds the settings' parameter names (`SEARCH_PARAM`, ...). None by default.
    fn schema_operation_parameters(&self, view: &V, config: &RequestConfig) -> Vec<Value> {
        let _ = (view, config);
        Vec::new()
    }
}

/// No backends: DRF's default `filter_backends` (an empty `DEFAULT_FILTER_BACKENDS`).
impl<V: GenericAPIView> BaseFilterBackend<V> for () {
    async fn filter_queryset(
        &self,
        _request: &Request,
        queryset: Select<V::Entity>,
        _view: &V,
    ) -> Result<Select<V::Entity>, ApiError> {
        Ok(queryset)
    }
}

macro_rules! tuple_backends {
    ($($name:ident),+) => {
        /// Runs each backend in order, as DRF runs `filter_backends`; the ordering is the first
        /// ordering backend's.
        impl<V: GenericAPIView, $($name: BaseFilterBackend<V>),+> BaseFilterBackend<V> for ($($name,)+) {
            async fn filter_queryset(
                &self,
                request: &Request,
                queryset: Select<V::Entity>,
                view: &V,
            ) -> Result<Select<V::Entity>, ApiError> {
                #[allow(non_snake_case)]
                let ($($name,)+) = self;
                $(let queryset = $name.filter_queryset(request, queryset, view).await?;)+
                Ok(queryset)
            }

            fn get_ordering(&self, request: &Request, view: &V) -> Option<Vec<String>> {
                #[allow(non_snake_case)]
                let ($($name,)+) = self;
                None$(.or_else(|| $name.get_ordering(request, view)))+
            }

            fn schema_operation_parameters(&self, view: &V, config: &RequestConfig) -> Vec<Value> {
                #[allow(non_snake_case)]
                let ($($name,)+) = self;
                let mut parameters = Vec::new();
                $(parameters.extend($name.schema_operation_parameters(view, config));)+
                parameters
            }
        }
    };
}

tuple_backends!(A);
tuple_backends!(A, B);
tuple_backends!(A, B, C);
tuple_backends!(A, B, C, D);
tuple_backends!(A, B, C, D, E);
tuple_backends!(A, B, C, D, E, F);
