//! django-filter's `FilterSet`: the filters of a view, validated together (every invalid
//! parameter reported, in filter order) and applied one after the other.

use std::borrow::Cow;

use sea_orm::{DatabaseConnection, EntityTrait, QueryTrait, Select};

use crate::exceptions::{ApiError, Detail, ErrorDetail};
use crate::request::Request;
use crate::serializers::ModelInfo;

use super::clean::{Cleaned, clean};
use super::filters::{Filter, FilterClass, LookupExpr};
use super::leaf::{LeafColumn, LeafType, leaf_condition};
use crate::filters::paths::resolve;

/// django-filter's `FilterSet`: named filters in order. `FilterSet::fields(&["title", "author"])`
/// is `Meta.fields = ["title", "author"]`; [`FilterSet::filter`] declares one more (or replaces
/// the one of the same name, as a declared filter overrides a `Meta.fields` one).
///
/// ```
/// use restframe::django_filters::{Filter, FilterSet, LookupExpr};
///
/// // class BookFilter(FilterSet):
/// //     min_pages = NumberFilter(field_name="pages", lookup_expr="gte")
/// //     class Meta: model = Book; fields = ["author"]
/// let filterset = FilterSet::fields(&["author"])
///     .filter("min_pages", Filter::number("pages").lookup_expr(LookupExpr::Gte));
/// assert_eq!(filterset.names().collect::<Vec<_>>(), ["author", "min_pages"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterSet {
    pub(super) filters: Vec<(Cow<'static, str>, Filter)>,
}

impl FilterSet {
    /// A filter set without filters.
    pub fn new() -> Self {
        Self::default()
    }

    /// `Meta.fields` as a list (a view's `filterset_fields`): one `exact` filter per model field
    /// or path, named as the field, its class from the model field.
    pub fn fields(names: &[&'static str]) -> Self {
        Self { filters: names.iter().map(|name| (Cow::Borrowed(*name), Filter::new(*name))).collect() }
    }

    /// One entry of `Meta.fields` as a dict: `field_lookups("pages", &[Exact, Gte])` adds the
    /// filters `pages` and `pages__gte`.
    #[must_use]
    pub fn field_lookups(mut self, field: &'static str, lookups: &[LookupExpr]) -> Self {
        for lookup in lookups {
            let name = match lookup {
                LookupExpr::Exact => Cow::Borrowed(field),
                other => Cow::Owned(format!("{field}__{}", other.as_str())),
            };
            self = self.filter(name, Filter::new(field).lookup_expr(*lookup));
        }
        self
    }

    /// A declared filter named `name` (the query parameter).
    #[must_use]
    pub fn filter(mut self, name: impl Into<Cow<'static, str>>, filter: Filter) -> Self {
        let name = name.into();
        match self.filters.iter_mut().find(|(existing, _)| *existing == name) {
            Some(slot) => slot.1 = filter,
            None => self.filters.push((name, filter)),
        }
        self
    }

    /// The filters' names (query parameters), in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.filters.iter().map(|(name, _)| name.as_ref())
    }

    /// django-filter's backend on `queryset`: every filter's parameter cleaned (a
    /// `400 {"<param>": ["<message>"]}` listing each invalid one, in filter order), then each
    /// filter applied. `root` is the queryset's model.
    pub async fn filter_queryset<E: EntityTrait>(
        &self,
        request: &Request,
        root: &'static ModelInfo,
        queryset: Select<E>,
        db: &DatabaseConnection,
    ) -> Result<Select<E>, ApiError> {
        let backend = db.get_database_backend();
        let mut errors = Vec::new();
        let mut conditions = Vec::new();
        let params = request.query_params();
        for (name, filter) in &self.filters {
            let parts: Vec<&str> = filter.field_name().split("__").collect();
            let path = resolve(root, &parts).ok().filter(|path| path.consumed == parts.len()).ok_or_else(|| {
                ApiError::internal(format!(
                    "'Meta.fields' must not contain non-model field names: {}",
                    filter.field_name()
                ))
            })?;
            let leaf = LeafType::of(&path, backend);
            let class = filter_class(filter, leaf);
            match clean(class, filter.get_lookup_expr(), name, &params, &path, db).await? {
                Ok(None) => {}
                Ok(Some(value)) => conditions.push((path, leaf, filter, class, value)),
                Err((message, code)) => errors
                    .push((name.to_string(), Detail::List(vec![Detail::Message(ErrorDetail::new(message, code))]))),
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(Detail::Dict(errors)));
        }
        let mut queryset = queryset;
        for (index, (path, leaf, filter, class, value)) in conditions.into_iter().enumerate() {
            let lookup = filter.get_lookup_expr();
            // Django promotes the joins of an `isnull=True` lookup to `LEFT OUTER JOIN`.
            let outer = matches!((lookup, &value), (LookupExpr::IsNull, Cleaned::Bool(true)));
            let query = QueryTrait::query(&mut queryset);
            let alias = path.join_fresh(query, &format!("f{index}"), outer);
            let column = LeafColumn { alias, name: path.column() };
            query.and_where(leaf_condition(&column, leaf, lookup, value, backend));
            // `ModelMultipleChoiceFilter` defaults to `distinct=True`.
            if filter.is_distinct() || class == FilterClass::ModelMultipleChoice {
                query.distinct();
            }
        }
        Ok(queryset)
    }
}

/// The filter's class: the declared one, else django-filter's default for the leaf field and
/// lookup.
pub(super) fn filter_class(filter: &Filter, leaf: LeafType) -> FilterClass {
    match (filter.class(), filter.get_lookup_expr()) {
        (Some(class), _) => class,
        (None, LookupExpr::IsNull) => FilterClass::Boolean,
        // django-filter builds a `ChoiceFilter` for `exact` only.
        (None, LookupExpr::Exact) => leaf.default_class(),
        (None, _) => match leaf.default_class() {
            FilterClass::Choice(_) => FilterClass::Char,
            class => class,
        },
    }
}
