//! django-filter's `FilterSet`: the filters of a view, validated together (every invalid
//! parameter reported, in filter order) and applied one after the other.

use std::borrow::Cow;

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, ColumnType, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryTrait, Select, Value};

use crate::exceptions::{ApiError, Detail, ErrorDetail};
use crate::generics::column_named;
use crate::request::Request;
use crate::serializers::{IntegerKind, ModelInfo};

use super::filters::{Filter, FilterClass, LookupExpr};
use super::forms::{self, Decimal};
use super::query::{Leaf, Path, resolve, text_lookup};

/// ModelChoiceField's `invalid_choice` message.
const INVALID_CHOICE: &str = "Select a valid choice. That choice is not one of the available choices.";

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
    filters: Vec<(Cow<'static, str>, Filter)>,
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
            let path = resolve(root, filter.field_name()).ok_or_else(|| {
                ApiError::internal(format!(
                    "'Meta.fields' must not contain non-model field names: {}",
                    filter.field_name()
                ))
            })?;
            let column_type = if path.hops.is_empty() { root_column_type::<E>(&path) } else { None };
            let leaf = LeafType::of(&path, column_type.as_ref(), backend);
            let class = match (filter.class(), filter.get_lookup_expr()) {
                (Some(class), _) => class,
                (None, LookupExpr::IsNull) => FilterClass::Boolean,
                (None, _) => leaf.default_class(),
            };
            let values: Vec<&str> =
                params.iter().filter(|(key, _)| key == name).map(|(_, value)| value.as_str()).collect();
            match clean(class, filter.get_lookup_expr(), &values, &path, db).await? {
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
            path.filter(query, &format!("f{index}"), outer, |column| {
                leaf_condition(column, leaf, lookup, value, backend)
            });
            // `ModelMultipleChoiceFilter` defaults to `distinct=True`.
            if filter.is_distinct() || class == FilterClass::ModelMultipleChoice {
                query.distinct();
            }
        }
        Ok(queryset)
    }
}

/// The sea-orm column type of a field of the queryset's own model (what tells a boolean or a
/// date column from text; [`ModelInfo`] does not record it).
fn root_column_type<E: EntityTrait>(path: &Path) -> Option<ColumnType> {
    let column = match path.leaf {
        Leaf::Field(field) => field.column,
        Leaf::ForeignKey { .. } | Leaf::ToMany(_) => return None,
    };
    column_named::<E>(column).map(|column| column.def().get_column_type().clone())
}

/// What the leaf column holds, as far as converting a value for it goes.
#[derive(Clone, Copy, Debug)]
enum LeafType {
    /// An integer column and the range Django allows on this backend.
    Integer(i64, i64),
    Float,
    Bool,
    Date,
    Text,
    /// A field reached through relations that is not an integer: [`ModelInfo`] does not say
    /// whether it is text, a boolean or a date, so it is compared as text.
    Untyped,
    /// A foreign key: its value is the related row's key.
    ForeignKey(&'static LeafType),
    /// The related rows' key across a to-many relation.
    ToMany(&'static LeafType),
}

static INTEGER_KEY: LeafType = LeafType::Integer(i64::MIN, i64::MAX);
static TEXT_KEY: LeafType = LeafType::Text;

impl LeafType {
    fn of(path: &Path, column_type: Option<&ColumnType>, backend: DbBackend) -> Self {
        let integer = |kind: Option<IntegerKind>| {
            let (min, max) = kind.map_or((i64::MIN, i64::MAX), |kind| kind.range(backend));
            LeafType::Integer(min, max)
        };
        match (path.leaf, column_type) {
            (Leaf::ForeignKey { target, target_column, .. }, _) => {
                let key = target.fields.iter().find(|field| field.column == target_column);
                LeafType::ForeignKey(if key.is_some_and(|k| k.integer.is_some()) { &INTEGER_KEY } else { &TEXT_KEY })
            }
            (Leaf::ToMany(key), _) => LeafType::ToMany(if key.integer.is_some() { &INTEGER_KEY } else { &TEXT_KEY }),
            (_, Some(ColumnType::Boolean)) => LeafType::Bool,
            (_, Some(ColumnType::Date)) => LeafType::Date,
            (_, Some(ColumnType::Float | ColumnType::Double)) => LeafType::Float,
            (Leaf::Field(field), _) if field.integer.is_some() => integer(field.integer),
            (
                _,
                Some(
                    ColumnType::TinyInteger
                    | ColumnType::SmallInteger
                    | ColumnType::Integer
                    | ColumnType::BigInteger
                    | ColumnType::TinyUnsigned
                    | ColumnType::SmallUnsigned
                    | ColumnType::Unsigned
                    | ColumnType::BigUnsigned,
                ),
            ) => integer(None),
            (_, Some(_)) => LeafType::Text,
            (_, None) => LeafType::Untyped,
        }
    }

    /// django-filter's `FILTER_FOR_DBFIELD_DEFAULTS`.
    fn default_class(self) -> FilterClass {
        match self {
            LeafType::Integer(..) | LeafType::Float => FilterClass::Number,
            LeafType::Bool => FilterClass::Boolean,
            LeafType::Date => FilterClass::Date,
            LeafType::Text | LeafType::Untyped => FilterClass::Char,
            LeafType::ForeignKey(_) => FilterClass::ModelChoice,
            LeafType::ToMany(_) => FilterClass::ModelMultipleChoice,
        }
    }
}

/// A cleaned parameter value.
#[derive(Clone, Debug)]
enum Cleaned {
    Text(String),
    Number(Decimal),
    Bool(bool),
    Date(NaiveDate),
    /// The key of an existing related row (`ModelChoiceFilter`).
    Key(Value),
    /// The keys of existing related rows (`ModelMultipleChoiceFilter`).
    Keys(Vec<Value>),
    /// `in` / `range`: each comma-separated item (`None` for an empty one).
    List(Vec<Option<Cleaned>>),
}

type Invalid = (Cow<'static, str>, &'static str);

/// The form field's `clean()` for the parameter: `Ok(None)` skips the filter (absent or empty,
/// as django-filter's `EMPTY_VALUES`); the outer error is a database failure.
async fn clean(
    class: FilterClass,
    lookup: LookupExpr,
    values: &[&str],
    path: &Path,
    db: &DatabaseConnection,
) -> Result<Result<Option<Cleaned>, Invalid>, ApiError> {
    if class == FilterClass::ModelMultipleChoice {
        return model_multiple_choice(values, path, db).await;
    }
    // `QueryDict.get`: the last value.
    let Some(raw) = values.last().copied() else { return Ok(Ok(None)) };
    if matches!(lookup, LookupExpr::In | LookupExpr::Range) {
        // `BaseCSVWidget`: an empty value is an empty list (skipped), otherwise split on commas.
        if raw.is_empty() {
            return Ok(Ok(None));
        }
        let mut items = Vec::new();
        for item in raw.split(',') {
            match clean_one(class, item, path, db).await? {
                Ok(value) => items.push(value),
                Err(invalid) => return Ok(Err(invalid)),
            }
        }
        if lookup == LookupExpr::Range && items.len() != 2 {
            return Ok(Err(("Range query expects two values.".into(), "invalid_values")));
        }
        return Ok(Ok(Some(Cleaned::List(items))));
    }
    clean_one(class, raw, path, db).await
}

async fn clean_one(
    class: FilterClass,
    raw: &str,
    path: &Path,
    db: &DatabaseConnection,
) -> Result<Result<Option<Cleaned>, Invalid>, ApiError> {
    Ok(match class {
        FilterClass::Char => {
            forms::char_field(raw).map(|v| v.map(Cleaned::Text)).map_err(|m| (m.into(), "null_characters_not_allowed"))
        }
        FilterClass::Number => forms::number_field(raw)
            .map(|v| v.map(Cleaned::Number))
            .map_err(|m| (m.into(), if m == forms::ENTER_A_NUMBER { "invalid" } else { "max_value" })),
        FilterClass::Boolean => Ok(forms::boolean_widget(raw).map(Cleaned::Bool)),
        FilterClass::Date => forms::date_field(raw).map(|v| v.map(Cleaned::Date)).map_err(|m| (m.into(), "invalid")),
        FilterClass::ModelChoice => return model_choice(raw, path, db).await,
        FilterClass::ModelMultipleChoice => return model_multiple_choice(&[raw], path, db).await,
    })
}

/// `ModelChoiceField.to_python`: the related row whose key is `raw` (Python's `int()` for an
/// integer key) must exist.
async fn model_choice(
    raw: &str,
    path: &Path,
    db: &DatabaseConnection,
) -> Result<Result<Option<Cleaned>, Invalid>, ApiError> {
    if raw.is_empty() {
        return Ok(Ok(None));
    }
    let invalid = Ok(Err((INVALID_CHOICE.into(), "invalid_choice")));
    let Leaf::ForeignKey { target, target_column, .. } = path.leaf else {
        // A `ModelChoiceFilter` declared on a plain field: its own value is the key.
        return Ok(Ok(Some(Cleaned::Text(raw.to_owned()))));
    };
    let integer_key = target.fields.iter().any(|field| field.column == target_column && field.integer.is_some());
    let key = if integer_key {
        match crate::python::int(raw, 10).and_then(|n| i64::try_from(n).ok()) {
            Some(n) => Value::BigInt(Some(n)),
            None => return invalid,
        }
    } else {
        Value::String(Some(raw.to_owned()))
    };
    let exists = Query::select()
        .expr(Expr::val(1))
        .from(sea_orm::sea_query::Alias::new(target.table))
        .and_where(Expr::col(sea_orm::sea_query::Alias::new(target_column)).eq(key.clone()))
        .to_owned();
    match db.query_one(&exists).await? {
        Some(_) => Ok(Ok(Some(Cleaned::Key(key)))),
        None => invalid,
    }
}

/// `ModelMultipleChoiceField.clean` on every value of the parameter (`?genres=1&genres=2`):
/// each must convert to the key type (`“abc” is not a valid value.`) and name an existing row,
/// compared as text as Django compares `str(pk)` (`Select a valid choice. 9 is not one of the
/// available choices.`).
async fn model_multiple_choice(
    values: &[&str],
    path: &Path,
    db: &DatabaseConnection,
) -> Result<Result<Option<Cleaned>, Invalid>, ApiError> {
    if values.is_empty() {
        return Ok(Ok(None));
    }
    let Leaf::ToMany(key_field) = path.leaf else {
        return Err(ApiError::internal("ModelMultipleChoiceFilter needs a to-many relation"));
    };
    let mut unique: Vec<&str> = Vec::new();
    for value in values {
        if !unique.contains(value) {
            unique.push(value);
        }
    }
    let mut keys = Vec::new();
    for value in &unique {
        if value.contains('\0') {
            return Ok(Err((forms::NULL_CHARACTERS.into(), "null_characters_not_allowed")));
        }
        let key = match key_field.integer {
            Some(_) => {
                crate::python::int(value, 10).and_then(|n| i64::try_from(n).ok()).map(|n| Value::BigInt(Some(n)))
            }
            None => Some(Value::String(Some((*value).to_owned()))),
        };
        match key {
            Some(key) => keys.push(key),
            None => return Ok(Err((format!("“{value}” is not a valid value.").into(), "invalid_pk_value"))),
        }
    }
    let target = path.model;
    let found = Query::select()
        // As `bigint`: PostgreSQL's `integer` keys do not decode as `i64`.
        .expr(match key_field.integer {
            Some(_) => Expr::col((Alias::new(target.table), Alias::new(target.pk_column))).cast_as("bigint"),
            None => Expr::col((Alias::new(target.table), Alias::new(target.pk_column))),
        })
        .from(Alias::new(target.table))
        .and_where(Expr::col((Alias::new(target.table), Alias::new(target.pk_column))).is_in(keys.clone()))
        .to_owned();
    let rows = db.query_all(&found).await?;
    let existing: Vec<String> = rows
        .iter()
        .filter_map(|row| match key_field.integer {
            Some(_) => row.try_get_by_index::<i64>(0).ok().map(|n| n.to_string()),
            None => row.try_get_by_index::<String>(0).ok(),
        })
        .collect();
    if let Some(missing) = unique.iter().find(|value| !existing.iter().any(|pk| pk == *value)) {
        let message = format!("Select a valid choice. {missing} is not one of the available choices.");
        return Ok(Err((message.into(), "invalid_choice")));
    }
    Ok(Ok(Some(Cleaned::Keys(keys))))
}

/// A value as the leaf column compares it; integers outside the column's range are kept as a
/// side, as Django 5+ turns such lookups into an empty (or full) result.
enum SqlValue {
    Value(Value),
    Above,
    Below,
    /// No row can match (text for an integer column).
    Never,
}

fn sql_value(leaf: LeafType, value: &Cleaned) -> SqlValue {
    let integer = match leaf {
        LeafType::Integer(min, max)
        | LeafType::ForeignKey(&LeafType::Integer(min, max))
        | LeafType::ToMany(&LeafType::Integer(min, max)) => Some((min, max)),
        _ => None,
    };
    match (integer, value) {
        (_, Cleaned::Key(key)) => SqlValue::Value(key.clone()),
        (_, Cleaned::Bool(b)) => SqlValue::Value(Value::Bool(Some(*b))),
        (_, Cleaned::Date(d)) => SqlValue::Value(Value::ChronoDate(Some(*d))),
        (Some((min, max)), Cleaned::Number(n)) => int_value(n.trunc(), min, max),
        (None, Cleaned::Number(n)) if matches!(leaf, LeafType::Float) => {
            SqlValue::Value(Value::Double(Some(n.to_f64())))
        }
        (None, Cleaned::Number(n)) => SqlValue::Value(Value::String(Some(n.to_string()))),
        // Django's `IntegerField.get_prep_value` is `int()` on text too.
        (Some((min, max)), Cleaned::Text(t)) => match crate::python::int(t, 10) {
            Some(n) => int_value(n, min, max),
            None => SqlValue::Never,
        },
        (None, Cleaned::Text(t)) => SqlValue::Value(Value::String(Some(t.clone()))),
        (_, Cleaned::List(_) | Cleaned::Keys(_)) => SqlValue::Never,
    }
}

fn int_value(n: i128, min: i64, max: i64) -> SqlValue {
    match i64::try_from(n) {
        Ok(n) if (min..=max).contains(&n) => SqlValue::Value(Value::BigInt(Some(n))),
        _ if n > i128::from(max) => SqlValue::Above,
        _ => SqlValue::Below,
    }
}

fn always(truth: bool) -> Expr {
    Expr::val(1).eq(if truth { 1 } else { 0 })
}

/// The condition one filter puts on its leaf column (`Filter.filter(qs, value)`).
fn leaf_condition(column: Expr, leaf: LeafType, lookup: LookupExpr, value: Cleaned, backend: DbBackend) -> Expr {
    // PostgreSQL refuses to compare a boolean or date column with a text parameter; text is
    // what an untyped field's value is.
    let column = match (leaf, backend) {
        (LeafType::Untyped, DbBackend::Postgres) => column.cast_as("text"),
        _ => column,
    };
    match (lookup, value) {
        (_, Cleaned::Keys(keys)) => column.is_in(keys),
        (LookupExpr::IsNull, Cleaned::Bool(true)) => column.is_null(),
        (LookupExpr::IsNull, Cleaned::Bool(false)) => column.is_not_null(),
        (LookupExpr::In, Cleaned::List(items)) => {
            let values: Vec<Value> = items
                .iter()
                .flatten()
                .filter_map(|item| match sql_value(leaf, item) {
                    SqlValue::Value(v) => Some(v),
                    _ => None,
                })
                .collect();
            if values.is_empty() {
                return always(false);
            }
            column.is_in(values)
        }
        (LookupExpr::Range, Cleaned::List(items)) => {
            match (items.first().and_then(|i| i.as_ref()), items.get(1).and_then(|i| i.as_ref())) {
                (Some(low), Some(high)) => match (sql_value(leaf, low), sql_value(leaf, high)) {
                    (SqlValue::Value(low), SqlValue::Value(high)) => column.between(low, high),
                    // A bound beyond the column's range (Django 5+'s `IntegerFieldOverflow`):
                    // below the range it bounds nothing, past the other end it excludes all.
                    (SqlValue::Below, SqlValue::Above) => always(true),
                    (SqlValue::Below, SqlValue::Value(high)) => column.lte(high),
                    (SqlValue::Value(low), SqlValue::Above) => column.gte(low),
                    _ => always(false),
                },
                _ => always(false),
            }
        }
        (
            LookupExpr::IExact
            | LookupExpr::Contains
            | LookupExpr::IContains
            | LookupExpr::StartsWith
            | LookupExpr::IStartsWith
            | LookupExpr::EndsWith
            | LookupExpr::IEndsWith,
            value,
        ) => {
            let text = match &value {
                Cleaned::Text(t) => t.clone(),
                Cleaned::Number(n) => n.to_string(),
                Cleaned::Date(d) => d.format("%Y-%m-%d").to_string(),
                Cleaned::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
                Cleaned::Key(_) | Cleaned::Keys(_) | Cleaned::List(_) => return always(false),
            };
            text_lookup(backend, column, lookup, &text)
        }
        (lookup, value) => {
            let sql = sql_value(leaf, &value);
            match (lookup, sql) {
                (_, SqlValue::Never) => always(false),
                (LookupExpr::Gt, SqlValue::Value(v)) => column.gt(v),
                (LookupExpr::Gte, SqlValue::Value(v)) => column.gte(v),
                (LookupExpr::Lt, SqlValue::Value(v)) => column.lt(v),
                (LookupExpr::Lte, SqlValue::Value(v)) => column.lte(v),
                (_, SqlValue::Value(v)) => column.eq(v),
                (LookupExpr::Gt | LookupExpr::Gte, SqlValue::Below)
                | (LookupExpr::Lt | LookupExpr::Lte, SqlValue::Above) => always(true),
                _ => always(false),
            }
        }
    }
}
