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
//!
//! The two backends of DRF's `filters` module are here: [`SearchFilter`] (a view's
//! [`SearchFields`], `?search=`) and [`OrderingFilter`] (a view's [`OrderingFields`],
//! `?ordering=`). A list view uses both with
//! `(SearchFilter, OrderingFilter).filter_queryset(request, queryset, self).await` in its
//! `filter_queryset` (see [`SearchFilter`] for a whole view).
//!
//! ## Differences from DRF
//! - `search_fields`, `ordering_fields` and `ordering` are trait items of the view
//!   ([`SearchFields`], [`OrderingFields`]); DRF's `get_search_fields(view, request)` override
//!   on a filter subclass is [`SearchFields::get_search_fields`] on the view. A different
//!   `search_param` / `ordering_param` per backend is the `SEARCH_PARAM` / `ORDERING_PARAM`
//!   setting ([`crate::settings::Settings::search_param`]).
//! - Search fields name model fields, paths across the model's declared relations
//!   (`author__name`, `genres__name`, reverse `books__title`, `pk`) and these lookups: `exact`,
//!   `iexact`, `contains`, `icontains`, `startswith`, `istartswith`, `endswith`, `iendswith`,
//!   `regex`, `iregex`, `search`. Transforms (`__year`, `__unaccent`), annotations and
//!   `UnaccentedSearchFilter` are not supported. A name the model does not have is Django's
//!   `FieldError`: a 500 when a search runs.
//! - A search through a relation is one `pk IN (SELECT ...)` subquery whatever the relation
//!   (DRF filters with `Exists(...)` only for to-many paths and joins otherwise): the rows and
//!   their order are the same. All terms share one join per relation, as in one Django
//!   `filter()` call.
//! - `$` (`iregex`) runs PostgreSQL's `~*` there; on SQLite the `REGEXP` function restframe
//!   registers uses the `regex` crate, not Python's `re` (no look-around or back-references;
//!   such a pattern is a database error, a 500, as an invalid pattern is with Django).
//! - `@` is PostgreSQL's `to_tsvector(...) @@ plainto_tsquery(...)` (Django with
//!   `django.contrib.postgres`); on SQLite it is a 500 as with Django.
//! - With `ordering_fields` unset, the valid names are the model fields of the serializer's
//!   readable fields ([`crate::serializers::Serializer::readable_sources`]); model properties do
//!   not exist in restframe.
//! - Entries of `ordering_fields` may cross relations (`author__name`, left-joined; a
//!   to-many path repeats rows, as Django does); an entry that is no model field is a 500 when
//!   used, as Django's `FieldError`.
//! - The HTML controls of the browsable API (`to_html`) and the schema parameters are not
//!   built.

mod lookups;
mod ordering;
mod paths;
mod search;
mod split;

pub(crate) use lookups::escape_like;

pub use ordering::{OrderingFields, OrderingFilter, ValidFields};
pub use search::{SearchFields, SearchFilter};
pub use split::search_smart_split;

pub use crate::generics::BaseFilterBackend;
