//! DRF's `rest_framework.filters`: filter backends, which narrow a generic view's queryset from
//! the request's query parameters.
//!
//! A backend implements [`BaseFilterBackend`] for the views it can serve (a backend reads its
//! per-view settings, such as `search_fields`, through a trait the view implements). A view
//! names its backends with `filter_backends = [A, B]` on `#[generic_view]` / `#[viewset]`
//! (DRF's `filter_backends`), which writes its
//! [`GenericAPIView::filter_backends`](crate::generics::GenericAPIView::filter_backends) hook;
//! [`GenericAPIView::filter_queryset`](crate::generics::GenericAPIView::filter_queryset) runs
//! them, a tuple of backends in order:
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
//! `?ordering=`, which `CursorPagination` also follows). A list view uses both with
//! `#[generic_view(ListAPIView, filter_backends = [SearchFilter, OrderingFilter])]`.
//!
//! ```
//! use restframe::filters::{OrderingFields, OrderingFilter, SearchFields, SearchFilter};
//! use restframe::generics::GenericAPIView;
//! use restframe::prelude::*;
//! use sea_orm::DatabaseConnection;
//!
//! mod note {
//!     use sea_orm::entity::prelude::*;
//!     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
//!     #[sea_orm(table_name = "app_note")]
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
//! #[serializer(model = note::Model, fields(id, title))]
//! pub struct NoteSerializer;
//!
//! pub struct NoteList {
//!     db: DatabaseConnection,
//! }
//!
//! // filter_backends = [SearchFilter, OrderingFilter]; search_fields = ['^title']; ordering = ['-id']
//! #[generic_view(ListAPIView, filter_backends = [SearchFilter, OrderingFilter])]
//! impl GenericAPIView for NoteList {
//!     type Serializer = NoteSerializer;
//!     fn db(&self) -> &DatabaseConnection {
//!         &self.db
//!     }
//! }
//!
//! impl SearchFields for NoteList {
//!     const SEARCH_FIELDS: &'static [&'static str] = &["^title"];
//! }
//!
//! impl OrderingFields for NoteList {
//!     const ORDERING: &'static [&'static str] = &["-id"];
//! }
//! ```
//!
//! DRF's `DEFAULT_FILTER_BACKENDS` setting has no runtime equivalent (a `Settings` value cannot
//! check at compile time that each view has the settings traits its backends read): name the
//! project's backends once, `const DEFAULT_FILTER_BACKENDS: (SearchFilter, OrderingFilter) =
//! (SearchFilter, OrderingFilter);`, and write `filter_backends = [DEFAULT_FILTER_BACKENDS]`.
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
pub(crate) mod paths;
mod search;
mod split;

pub(crate) use lookups::Lookup;

pub use ordering::{OrderingFields, OrderingFilter, ValidFields};
pub use search::{SearchFields, SearchFilter};
pub use split::search_smart_split;

pub use crate::generics::BaseFilterBackend;
