//! DRF's `OrderingFilter`.

use sea_orm::sea_query::{Alias, Expr, JoinType, Order};
use sea_orm::{EntityTrait, QueryTrait, Select};

use super::BaseFilterBackend;
use super::paths::Joins;
use crate::exceptions::ApiError;
use crate::generics::{GenericAPIView, ModelOf};
use crate::python::str_strip;
use crate::request::Request;
use crate::serializers::{ModelInfo, ModelMeta, RelationKind, Serializer};

/// DRF's `ordering_fields`: which names `?ordering=` may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValidFields {
    /// Unset (DRF's `None`): the serializer's fields (`get_default_valid_fields`).
    Serializer,
    /// `"__all__"`: every concrete model field, foreign keys by their relation name (`author`).
    All,
    /// An explicit list; paths across relations (`author__name`) are allowed.
    Fields(&'static [&'static str]),
}

/// A view's `ordering_fields` and default `ordering`, read by [`OrderingFilter`]
/// (`impl OrderingFields for View {}` keeps DRF's defaults).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no ordering settings for `OrderingFilter`",
    label = "needs `impl OrderingFields for {Self}`",
    note = "`impl OrderingFields for {Self} {{}}` keeps DRF's defaults (any readable serializer field, no default ordering)"
)]
pub trait OrderingFields {
    /// DRF's `ordering_fields` (unset by default: the serializer's fields).
    const ORDERING_FIELDS: ValidFields = ValidFields::Serializer;
    /// DRF's `ordering`: used when `?ordering=` is absent or names no valid field.
    const ORDERING: &'static [&'static str] = &[];

    /// The view's `ordering_fields` ([`OrderingFields::ORDERING_FIELDS`] unless overridden).
    fn ordering_fields(&self) -> ValidFields {
        Self::ORDERING_FIELDS
    }

    /// The view's default `ordering` ([`OrderingFields::ORDERING`] unless overridden).
    fn ordering(&self) -> &'static [&'static str] {
        Self::ORDERING
    }
}

/// DRF's `OrderingFilter`: orders by the comma-separated names of `?ordering=` (the
/// `ORDERING_PARAM` setting; `-` for descending) that the view's [`OrderingFields`] allow,
/// dropping the others; the view's `ORDERING` when none is left. NULLs sort where each
/// database puts them, as with Django (first ascending on SQLite, last on PostgreSQL).
///
/// ```
/// use restframe::filters::{OrderingFields, ValidFields};
/// struct BookList;
/// impl OrderingFields for BookList {
///     const ORDERING_FIELDS: ValidFields = ValidFields::Fields(&["title", "author__name"]);
///     const ORDERING: &'static [&'static str] = &["-title"];
/// }
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct OrderingFilter;

impl OrderingFilter {
    /// DRF's `get_ordering`: the valid terms of the ordering parameter, else the view's
    /// default `ordering` (what [`BaseFilterBackend::get_ordering`] answers).
    fn ordering_for<V>(request: &Request, view: &V) -> Vec<String>
    where
        V: GenericAPIView + OrderingFields,
        ModelOf<V>: ModelMeta,
    {
        if let Some(params) = request.query_param(request.settings().ordering_param()).filter(|p| !p.is_empty()) {
            let valid = Self::get_valid_fields(view);
            let ordering: Vec<String> = params
                .split(',')
                .map(|term| str_strip(term).to_owned())
                .filter(|term| valid.iter().any(|name| name == term.strip_prefix('-').unwrap_or(term)))
                .collect();
            if !ordering.is_empty() {
                return ordering;
            }
        }
        view.ordering().iter().map(|term| (*term).to_owned()).collect()
    }

    /// DRF's `get_valid_fields`: the names `?ordering=` may use.
    pub fn get_valid_fields<V>(view: &V) -> Vec<String>
    where
        V: GenericAPIView + OrderingFields,
        ModelOf<V>: ModelMeta,
    {
        match view.ordering_fields() {
            ValidFields::Fields(fields) => fields.iter().map(|name| (*name).to_owned()).collect(),
            ValidFields::All => model_field_names(<ModelOf<V> as ModelMeta>::info()),
            ValidFields::Serializer => {
                <V::Serializer as Serializer>::readable_sources().into_iter().map(str::to_owned).collect()
            }
        }
    }
}

/// Django's `[f.name for f in _meta.fields]`: concrete fields, a foreign key under its
/// relation's name.
fn model_field_names(info: &ModelInfo) -> Vec<String> {
    info.fields
        .iter()
        .map(|field| {
            let relation = info
                .relations
                .iter()
                .find(|r| matches!(r.kind, RelationKind::ForeignKey { column, .. } if column == field.column));
            relation.map_or(field.name, |r| r.name).to_owned()
        })
        .collect()
}

impl<V> BaseFilterBackend<V> for OrderingFilter
where
    V: GenericAPIView + OrderingFields,
    ModelOf<V>: ModelMeta,
{
    async fn filter_queryset(
        &self,
        request: &Request,
        queryset: Select<V::Entity>,
        view: &V,
    ) -> Result<Select<V::Entity>, ApiError> {
        let ordering = Self::ordering_for(request, view);
        if ordering.is_empty() {
            return Ok(queryset);
        }
        Self::order_by(queryset, <ModelOf<V> as ModelMeta>::info(), &ordering)
    }

    fn get_ordering(&self, request: &Request, view: &V) -> Option<Vec<String>> {
        Some(Self::ordering_for(request, view))
    }

    /// DRF documents the ordering parameter as a plain string, whatever the valid fields.
    fn schema_operation_parameters(&self, _view: &V, config: &crate::request::RequestConfig) -> Vec<serde_json::Value> {
        vec![serde_json::json!({
            "name": config.ordering_param(),
            "required": false,
            "in": "query",
            "description": "Which field to use when ordering the results.",
            "schema": {"type": "string"},
        })]
    }
}

impl OrderingFilter {
    /// Django's `queryset.order_by(*ordering)` on the model `info` describes: replaces the
    /// queryset's ordering; `-` sorts descending, a path across a relation joins it.
    pub fn order_by<E: EntityTrait>(
        mut queryset: Select<E>,
        info: &'static ModelInfo,
        ordering: &[String],
    ) -> Result<Select<E>, ApiError> {
        let mut joins = Joins::new(info.table, "restframe_o");
        let mut order = Vec::with_capacity(ordering.len());
        for term in ordering {
            let (direction, name) = match term.strip_prefix('-') {
                Some(name) => (Order::Desc, name),
                None => (Order::Asc, term.as_str()),
            };
            let parts: Vec<&str> = name.split("__").collect();
            let resolved = joins.resolve(info, &parts)?;
            if let [lookup, ..] = resolved.rest {
                return Err(ApiError::internal(format!("Cannot resolve keyword '{lookup}' into field.")));
            }
            order.push((resolved.sql(), direction));
        }
        // Django's `order_by()` replaces any ordering the queryset had.
        let query = QueryTrait::query(&mut queryset);
        for join in joins.joins {
            query.join_as(JoinType::LeftJoin, Alias::new(join.table), Alias::new(join.alias), Expr::cust(join.on));
        }
        query.clear_order_by();
        for (column, direction) in order {
            query.order_by_expr(Expr::cust(column), direction);
        }
        Ok(queryset)
    }
}
