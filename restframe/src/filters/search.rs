//! DRF's `SearchFilter`.

use sea_orm::sea_query::Expr;
use sea_orm::{DbBackend, EntityTrait, QueryFilter, Select, Value};

use super::BaseFilterBackend;
use super::lookups::Lookup;
use super::paths::{Joins, quote};
use super::split::search_smart_split;
use crate::exceptions::{ApiError, ErrorDetail};
use crate::generics::{GenericAPIView, ModelOf};
use crate::request::Request;
use crate::serializers::{ModelInfo, ModelMeta};

/// A view's `search_fields`, read by [`SearchFilter`].
///
/// Each entry is a model field name, a path across relations (`author__name`), optionally with
/// a lookup (`text__iendswith`) or one of DRF's prefixes: `^` (`istartswith`), `=` (`iexact`),
/// `@` (PostgreSQL full-text `search`), `$` (`iregex`). Without either, `icontains`.
pub trait SearchFields {
    /// DRF's `search_fields`.
    const SEARCH_FIELDS: &'static [&'static str];

    /// DRF's `SearchFilter.get_search_fields(view, request)`: override to choose the fields
    /// per request.
    fn get_search_fields(&self, request: &Request) -> &'static [&'static str] {
        let _ = request;
        Self::SEARCH_FIELDS
    }
}

/// DRF's `SearchFilter`: keeps the rows where every term of `?search=` (the `SEARCH_PARAM`
/// setting) matches at least one of the view's [`SearchFields`], case-insensitively as Django
/// on each database (SQLite `LIKE` folds ASCII letters only; PostgreSQL compares `UPPER()`s).
/// Rows reached through a to-many relation are not repeated.
///
/// ```
/// use restframe::filters::{SearchFields, SearchFilter};
/// use restframe::generics::GenericAPIView;
/// use restframe::prelude::*;
/// use sea_orm::DatabaseConnection;
///
/// mod note {
///     use sea_orm::entity::prelude::*;
///     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
///     #[sea_orm(table_name = "app_note")]
///     pub struct Model {
///         #[sea_orm(primary_key)]
///         pub id: i32,
///         pub title: String,
///     }
///     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
///     pub enum Relation {}
///     impl ActiveModelBehavior for ActiveModel {}
/// }
///
/// #[derive(restframe::ModelSerializer)]
/// #[serializer(model = note::Model, fields(id, title))]
/// pub struct NoteSerializer;
///
/// pub struct NoteList {
///     db: DatabaseConnection,
/// }
///
/// #[generic_view(ListAPIView, filter_backends = [SearchFilter])]
/// impl GenericAPIView for NoteList {
///     type Serializer = NoteSerializer;
///     fn db(&self) -> &DatabaseConnection {
///         &self.db
///     }
/// }
///
/// impl SearchFields for NoteList {
///     const SEARCH_FIELDS: &'static [&'static str] = &["^title"];
/// }
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct SearchFilter;

impl SearchFilter {
    /// DRF's `get_search_terms(request)`: the search parameter's value (validated as a
    /// `CharField(trim_whitespace=False, allow_blank=True)`) split by [`search_smart_split`].
    pub fn get_search_terms(request: &Request) -> Result<Vec<String>, ApiError> {
        let value = request.query_param(request.settings().search_param()).unwrap_or_default();
        if value.contains('\0') {
            return Err(ApiError::validation(ErrorDetail::new(
                "Null characters are not allowed.",
                "null_characters_not_allowed",
            )));
        }
        Ok(search_smart_split(&value))
    }
}

impl<V> BaseFilterBackend<V> for SearchFilter
where
    V: GenericAPIView + SearchFields,
    ModelOf<V>: ModelMeta,
{
    async fn filter_queryset(
        &self,
        request: &Request,
        queryset: Select<V::Entity>,
        view: &V,
    ) -> Result<Select<V::Entity>, ApiError> {
        let search_fields = view.get_search_fields(request);
        let search_terms = Self::get_search_terms(request)?;
        let info = <ModelOf<V> as ModelMeta>::info();
        Self::search(queryset, info, view.db().get_database_backend(), search_fields, &search_terms)
    }

    /// DRF documents the search parameter whether or not the view has `search_fields`.
    fn schema_operation_parameters(&self, _view: &V, config: &crate::request::RequestConfig) -> Vec<serde_json::Value> {
        vec![serde_json::json!({
            "name": config.search_param(),
            "required": false,
            "in": "query",
            "description": "A search term.",
            "schema": {"type": "string"},
        })]
    }
}

impl SearchFilter {
    /// The body of DRF's `filter_queryset` once fields and terms are known: `queryset` (of the
    /// model `info` describes) narrowed to the rows where every term matches one of
    /// `search_fields`, in the SQL Django writes on `backend`.
    pub fn search<E: EntityTrait>(
        queryset: Select<E>,
        info: &'static ModelInfo,
        backend: DbBackend,
        search_fields: &[&str],
        search_terms: &[String],
    ) -> Result<Select<E>, ApiError> {
        if search_fields.is_empty() || search_terms.is_empty() {
            return Ok(queryset);
        }
        let table = info.table;
        // Paths through relations are matched in a subquery on the primary key, so a book
        // with two matching genres is listed once (DRF filters on `Exists(...)` for the same
        // reason); plain fields are matched on the outer query.
        let crosses_relation = search_fields.iter().any(|field| {
            let first = strip_prefix(field).1.split("__").next().unwrap_or_default();
            info.relation(first).is_some()
        });
        let mut joins = if crosses_relation { Joins::new("U0", "U") } else { Joins::new(table, "U") };
        let mut lookups = Vec::with_capacity(search_fields.len());
        for field in search_fields {
            let (prefix, path) = strip_prefix(field);
            let parts: Vec<&str> = path.split("__").collect();
            let resolved = joins.resolve(info, &parts)?;
            let lookup = match (prefix, resolved.rest) {
                (Some(lookup), []) => lookup,
                (None, []) => Lookup::IContains,
                (None, [name]) => Lookup::named(name).ok_or_else(|| unsupported_lookup(name))?,
                (_, [name, ..]) => return Err(unsupported_lookup(name)),
            };
            lookups.push((resolved.sql(), lookup));
        }

        let mut values: Vec<Value> = Vec::new();
        let mut conditions = Vec::with_capacity(search_terms.len());
        for term in search_terms {
            let mut any = Vec::with_capacity(lookups.len());
            for (lhs, lookup) in &lookups {
                any.push(lookup.sql(backend, lhs, term, &mut values)?);
            }
            conditions.push(format!("({})", any.join(" OR ")));
        }
        let condition = conditions.join(" AND ");
        let sql = if crosses_relation {
            let pk = quote(info.pk_column);
            format!(
                "{}.{pk} IN (SELECT \"U0\".{pk} FROM {} \"U0\"{} WHERE {condition})",
                quote(table),
                quote(table),
                joins.sql()
            )
        } else {
            condition
        };
        Ok(queryset.filter(Expr::cust_with_values(sql, values)))
    }
}

/// DRF's `lookup_prefixes`: the lookup a prefix asks for, and the path after it.
fn strip_prefix(field: &str) -> (Option<Lookup>, &str) {
    let lookup = match field.chars().next() {
        Some('^') => Lookup::IStartsWith,
        Some('=') => Lookup::IExact,
        Some('@') => Lookup::Search,
        Some('$') => Lookup::IRegex,
        _ => return (None, field),
    };
    (Some(lookup), &field[1..])
}

/// Django's `FieldError` for a lookup restframe does not know (a configuration error: a 500).
fn unsupported_lookup(name: &str) -> ApiError {
    ApiError::internal(format!("Unsupported lookup '{name}' for a search field."))
}
