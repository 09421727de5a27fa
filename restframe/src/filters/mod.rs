//! DRF's `rest_framework.filters`: filter backends, which narrow a generic view's queryset from
//! the request's query parameters.
//!
//! A backend implements [`BaseFilterBackend`] for the views it can serve (a backend reads its
//! per-view settings, such as `search_fields`, through a trait the view implements). A view
//! runs its backends in its [`GenericAPIView::filter_queryset`]; a tuple of backends runs them
//! in order, as DRF runs `filter_backends`:
//!
//! ```
//! use restframe::filters::BaseFilterBackend;
//! use restframe::generics::GenericAPIView;
//! use restframe::prelude::*;
//! use sea_orm::Select;
//!
//! /// Does nothing: the shape every backend has.
//! struct Passthrough;
//!
//! impl<V: GenericAPIView> BaseFilterBackend<V> for Passthrough {
//!     async fn filter_queryset(
//!         &self,
//!         _request: &Request,
//!         queryset: Select<V::Entity>,
//!         _view: &V,
//!     ) -> Result<Select<V::Entity>, ApiError> {
//!         Ok(queryset)
//!     }
//! }
//! ```

mod lookups;
mod ordering;
mod paths;
mod search;
mod split;

use std::future::Future;

use sea_orm::Select;

use crate::exceptions::ApiError;
use crate::generics::GenericAPIView;
use crate::request::Request;

pub use ordering::{OrderingFields, OrderingFilter, ValidFields};
pub use search::{SearchFields, SearchFilter};
pub use split::search_smart_split;

/// DRF's `BaseFilterBackend`: `filter_queryset(request, queryset, view)`. An `Err` is the
/// response (django-filter answers `400 {"<param>": ["<message>"]}`).
pub trait BaseFilterBackend<V: GenericAPIView>: Send + Sync {
    /// The queryset narrowed by this backend.
    fn filter_queryset(
        &self,
        request: &Request,
        queryset: Select<V::Entity>,
        view: &V,
    ) -> impl Future<Output = Result<Select<V::Entity>, ApiError>> + Send;
}

macro_rules! tuple_backends {
    ($($name:ident),+) => {
        /// Runs each backend in order, as DRF runs `filter_backends`.
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
        }
    };
}

tuple_backends!(A);
tuple_backends!(A, B);
tuple_backends!(A, B, C);
tuple_backends!(A, B, C, D);
