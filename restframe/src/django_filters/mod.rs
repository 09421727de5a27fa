//! django-filter's `django_filters.rest_framework`: [`DjangoFilterBackend`], which narrows a
//! generic view's queryset with a [`FilterSet`] built from the view's `filterset_fields` or
//! given as its `filterset_class` ([`FilterSetView`]).
//!
//! Invalid parameters answer as django-filter's backend does: `400` with one message list per
//! invalid parameter, in filter order (`{"pages": ["Enter a number."], "author": ["Select a
//! valid choice. That choice is not one of the available choices."]}`); empty values skip
//! their filter. Because DRF's `get_object` filters the queryset first, the filters also apply
//! to detail routes (`/books/1/?author=2` is a 404 when book 1 is not by author 2).
//!
//! ```
//! use restframe::django_filters::{DjangoFilterBackend, FilterSetView};
//! use restframe::generics::GenericAPIView;
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
//!         pub in_print: bool,
//!     }
//!     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
//!     pub enum Relation {}
//!     impl ActiveModelBehavior for ActiveModel {}
//! }
//!
//! #[derive(restframe::ModelSerializer)]
//! #[serializer(model = book::Model, fields(id, title, in_print))]
//! pub struct BookSerializer;
//!
//! pub struct BookList {
//!     db: DatabaseConnection,
//! }
//!
//! // class BookList(ListAPIView):
//! //     filter_backends = [DjangoFilterBackend]
//! //     filterset_fields = ["title", "in_print"]
//! #[generic_view(ListAPIView, filter_backends = [DjangoFilterBackend])]
//! impl GenericAPIView for BookList {
//!     type Serializer = BookSerializer;
//!     fn db(&self) -> &DatabaseConnection {
//!         &self.db
//!     }
//! }
//!
//! impl FilterSetView for BookList {
//!     fn filterset_fields(&self) -> &[&'static str] {
//!         &["title", "in_print"]
//!     }
//! }
//! ```
//!
//! Filters across relations (`author__name`, `genres__slug`, the reverse `books__title`) join
//! as Django's `filter()` does, a fresh set of joins per filter: across a to-many relation a
//! row repeats once per matching related row, as django-filter answers without `distinct`
//! ([`Filter::distinct`], `#[filter(distinct)]`, makes the queryset `SELECT DISTINCT`).
//!
//! ## Differences from django-filter
//! - The view's filter set is built per request from [`FilterSetView`] (a trait the view
//!   implements) rather than from class attributes; a name that is no model field is a 500 when
//!   the filter set runs (django-filter raises its `TypeError` when the class is created).
//! - A filter's class comes from the Django field class of the model field its path ends on
//!   (`ModelField::field_type`, on the queryset's model or across relations); a text field
//!   with `#[restframe(choices(...))]` is a `ChoiceFilter`. Time zones are UTC only.
//! - `ModelMultipleChoiceFilter` reports the first invalid value in query order (Django checks
//!   a `frozenset`, whose order varies between processes). `NumericRangeFilter`,
//!   `DurationFilter`, `UUIDFilter` and `ChoiceFilter`'s `null_label` are not built yet.
//! - A date-time beyond Python's years once in UTC matches nothing (Django on SQLite raises
//!   `OverflowError`, a 500; on PostgreSQL nothing matches).
//!
//! Paths and text lookups are [`crate::filters`]' (one walk through [`crate::serializers::ModelInfo`],
//! one writer of Django's per-backend lookup SQL, shared with `SearchFilter`).

mod clean;
mod filters;
mod filterset;
mod forms;
mod leaf;
mod schema;
mod temporal;

pub use filters::{
    BooleanFilter, CharFilter, ChoiceFilter, DateFilter, DateFromToRangeFilter, DateTimeFilter, Filter, FilterClass,
    FilterType, IsoDateTimeFilter, LookupExpr, ModelChoiceFilter, ModelMultipleChoiceFilter, NumberFilter, RangeFilter,
    TimeFilter,
};
pub use filterset::FilterSet;

use sea_orm::Select;

use crate::exceptions::ApiError;
use crate::filters::BaseFilterBackend;
use crate::generics::{GenericAPIView, ModelOf};
use crate::request::Request;
use crate::serializers::ModelMeta;

/// A declarative filter set, implemented by `#[derive(FilterSet)]` (django-filter's
/// `class BookFilter(FilterSet)`); a view names it in [`FilterSetView::filterset_class`].
pub trait FilterSetClass {
    /// The filters, `Meta.fields` first and then the declared ones.
    fn filterset() -> FilterSet;
}

/// What [`DjangoFilterBackend`] reads from a view: DRF views' `filterset_fields` and
/// `filterset_class` attributes.
pub trait FilterSetView: GenericAPIView {
    /// `filterset_fields`: `exact` filters on these model fields (or relation paths such as
    /// `genres__slug`).
    fn filterset_fields(&self) -> &[&'static str] {
        &[]
    }

    /// `filterset_class`: a declared filter set, used instead of `filterset_fields`.
    fn filterset_class(&self) -> Option<FilterSet> {
        None
    }

    /// django-filter's `get_filterset_class()`: the declared set, else one built from
    /// `filterset_fields`, else none (the backend leaves the queryset as it is).
    fn get_filterset(&self) -> Option<FilterSet> {
        self.filterset_class().or_else(|| {
            let fields = self.filterset_fields();
            (!fields.is_empty()).then(|| FilterSet::fields(fields))
        })
    }
}

/// django-filter's `DjangoFilterBackend`: runs the view's [`FilterSet`] on the queryset.
#[derive(Clone, Copy, Debug, Default)]
pub struct DjangoFilterBackend;

impl<V> BaseFilterBackend<V> for DjangoFilterBackend
where
    V: FilterSetView,
    ModelOf<V>: ModelMeta,
{
    async fn filter_queryset(
        &self,
        request: &Request,
        queryset: Select<V::Entity>,
        view: &V,
    ) -> Result<Select<V::Entity>, ApiError> {
        match view.get_filterset() {
            Some(filterset) => {
                filterset.filter_queryset(request, <ModelOf<V> as ModelMeta>::info(), queryset, view.db()).await
            }
            None => Ok(queryset),
        }
    }

    /// drf-spectacular's django-filter extension: one parameter per filter, typed as
    /// [`FilterSet::schema_parameters`] types it.
    fn schema_operation_parameters(&self, view: &V, _config: &crate::request::RequestConfig) -> Vec<serde_json::Value> {
        view.get_filterset().map_or_else(Vec::new, |filterset| {
            filterset.schema_parameters(<ModelOf<V> as ModelMeta>::info(), view.db().get_database_backend())
        })
    }
}
