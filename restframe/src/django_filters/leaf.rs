//! What a filter's leaf column holds (typed from the model field's Django class, across
//! relations too) and the condition a cleaned value puts on it (`Filter.filter(qs, value)`).

use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{DbBackend, Value};

use crate::db::schema::FieldType;
use crate::fields::Kind;
use crate::filters::Lookup;
use crate::filters::paths::{Leaf, Path, quote};
use crate::serializers::{IntegerKind, ModelField};

use super::clean::Cleaned;
use super::filters::{FilterClass, LookupExpr};

/// What the leaf column holds, as far as converting a value for it goes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum LeafType {
    /// An integer column and the range Django allows on this backend.
    Integer(i64, i64),
    Float,
    /// A `DecimalField`: compared with the decimal's text, as Django binds it.
    Decimal,
    Bool,
    Date,
    DateTime,
    Time,
    Text,
    /// A text field with `choices` (`ChoiceFilter`): the values and their labels.
    Choice(&'static [&'static str], &'static [&'static str]),
    /// A field whose Django class says nothing useful here (a UUID, JSON, a custom type):
    /// compared as text.
    Untyped,
    /// A foreign key: its value is the related row's key.
    ForeignKey(&'static LeafType),
    /// The related rows' key across a to-many relation.
    ToMany(&'static LeafType),
}

static INTEGER_KEY: LeafType = LeafType::Integer(i64::MIN, i64::MAX);
static TEXT_KEY: LeafType = LeafType::Text;

impl LeafType {
    /// The type of the path's leaf, from its model field's Django class (`field_type`), on
    /// whichever model the path ends.
    pub(crate) fn of(path: &Path, backend: DbBackend) -> Self {
        match path.leaf {
            Leaf::ForeignKey { target, target_column, .. } => {
                let key = target.fields.iter().find(|field| field.column == target_column);
                LeafType::ForeignKey(if key.is_some_and(is_integer) { &INTEGER_KEY } else { &TEXT_KEY })
            }
            Leaf::ToMany(key) => LeafType::ToMany(if is_integer(key) { &INTEGER_KEY } else { &TEXT_KEY }),
            Leaf::Field(field) => Self::of_field(field, backend),
        }
    }

    fn of_field(field: &ModelField, backend: DbBackend) -> Self {
        use FieldType::*;
        let integer = |kind: IntegerKind| {
            let (min, max) = kind.range(backend);
            LeafType::Integer(min, max)
        };
        if let Some(kind) = field.integer {
            return integer(kind);
        }
        match field.field_type {
            Some(AutoField) => integer(IntegerKind::IntegerField),
            Some(BigAutoField) => integer(IntegerKind::BigIntegerField),
            Some(SmallAutoField) => integer(IntegerKind::SmallIntegerField),
            Some(FloatField) => LeafType::Float,
            Some(DecimalField { .. }) => LeafType::Decimal,
            Some(BooleanField) => LeafType::Bool,
            Some(DateField) => LeafType::Date,
            Some(DateTimeField) => LeafType::DateTime,
            Some(TimeField) => LeafType::Time,
            Some(CharField | TextField) => match field.kind {
                Kind::Choice(choices) => LeafType::Choice(choices, field.choice_labels),
                _ => LeafType::Text,
            },
            _ => LeafType::Untyped,
        }
    }

    /// django-filter's `FILTER_FOR_DBFIELD_DEFAULTS` (the REST framework `FilterSet`'s: a
    /// `DateTimeField` is an `IsoDateTimeFilter`), and `ChoiceFilter` for a field with choices.
    pub(crate) fn default_class(self) -> FilterClass {
        match self {
            LeafType::Integer(..) | LeafType::Float | LeafType::Decimal => FilterClass::Number,
            LeafType::Bool => FilterClass::Boolean,
            LeafType::Date => FilterClass::Date,
            LeafType::DateTime => FilterClass::IsoDateTime,
            LeafType::Time => FilterClass::Time,
            LeafType::Choice(choices, _) => FilterClass::Choice(choices),
            LeafType::Text | LeafType::Untyped => FilterClass::Char,
            LeafType::ForeignKey(_) => FilterClass::ModelChoice,
            LeafType::ToMany(_) => FilterClass::ModelMultipleChoice,
        }
    }
}

fn is_integer(field: &ModelField) -> bool {
    field.integer.is_some() || field.field_type.is_some_and(FieldType::is_auto)
}

/// A value as the leaf column compares it; integers outside the column's range are kept as a
/// side, as Django 5+ turns such lookups into an empty (or full) result.
enum SqlValue {
    Value(Expr),
    Above,
    Below,
    /// No row can match (text for an integer column).
    Never,
}

fn sql_value(leaf: LeafType, value: &Cleaned, backend: DbBackend) -> SqlValue {
    let integer = match leaf {
        LeafType::Integer(min, max)
        | LeafType::ForeignKey(&LeafType::Integer(min, max))
        | LeafType::ToMany(&LeafType::Integer(min, max)) => Some((min, max)),
        _ => None,
    };
    let value = match (integer, value) {
        (_, Cleaned::Key(key)) => key.clone(),
        (_, Cleaned::Bool(b)) => Value::Bool(Some(*b)),
        // A date-time compared with a `DateField` is its (UTC) date, as Django's `to_python`.
        (_, Cleaned::DateTime(Some(dt))) if matches!(leaf, LeafType::Date) => Value::from(dt.date_naive()),
        (_, Cleaned::DateTime(Some(dt))) => Value::from(*dt),
        // Beyond Python's years once in UTC: no row holds such a value.
        (_, Cleaned::DateTime(None)) => return SqlValue::Never,
        (_, Cleaned::Date(d)) if matches!(leaf, LeafType::DateTime) => {
            Value::from(d.and_time(chrono::NaiveTime::MIN).and_utc())
        }
        (_, Cleaned::Date(d)) => Value::from(*d),
        (_, Cleaned::Time(t)) => Value::from(*t),
        (Some((min, max)), Cleaned::Number(n)) => return int_value(n.trunc(), min, max),
        (None, Cleaned::Number(n)) if matches!(leaf, LeafType::Float) => Value::Double(Some(n.to_f64())),
        // Django binds a `Decimal` (its text on SQLite, where the column's numeric affinity
        // converts it; a `numeric` on PostgreSQL).
        (None, Cleaned::Number(n)) if matches!(leaf, LeafType::Decimal) && backend == DbBackend::Postgres => {
            return SqlValue::Value(Expr::val(n.to_string()).cast_as("numeric"));
        }
        (None, Cleaned::Number(n)) => Value::String(Some(n.to_string())),
        // Django's `IntegerField.get_prep_value` is `int()` on text too.
        (Some((min, max)), Cleaned::Text(t)) => match crate::python::int(t, 10) {
            Some(n) => return int_value(n, min, max),
            None => return SqlValue::Never,
        },
        (None, Cleaned::Text(t)) => Value::String(Some(t.clone())),
        (_, Cleaned::List(_) | Cleaned::Keys(_) | Cleaned::Bounds(..)) => return SqlValue::Never,
    };
    SqlValue::Value(Expr::val(value))
}

fn int_value(n: i128, min: i64, max: i64) -> SqlValue {
    match i64::try_from(n) {
        Ok(n) if (min..=max).contains(&n) => SqlValue::Value(Expr::val(n)),
        _ if n > i128::from(max) => SqlValue::Above,
        _ => SqlValue::Below,
    }
}

fn always(truth: bool) -> Expr {
    Expr::val(1).eq(if truth { 1 } else { 0 })
}

/// A filter's leaf column: its table alias (the joins of its path) and name.
pub(crate) struct LeafColumn {
    pub(crate) alias: String,
    pub(crate) name: &'static str,
}

/// The condition one filter puts on its leaf column (`Filter.filter(qs, value)`).
pub(crate) fn leaf_condition(
    leaf_column: &LeafColumn,
    leaf: LeafType,
    lookup: LookupExpr,
    value: Cleaned,
    backend: DbBackend,
) -> Expr {
    // PostgreSQL refuses to compare a boolean or date column with a text parameter; text is
    // what an untyped field's value is.
    let column = Expr::col((Alias::new(leaf_column.alias.as_str()), Alias::new(leaf_column.name)));
    let column = match (leaf, backend) {
        (LeafType::Untyped, DbBackend::Postgres) => column.cast_as("text"),
        _ => column,
    };
    match (lookup, value) {
        (_, Cleaned::Keys(keys)) => column.is_in(keys),
        // `RangeFilter`: `range` with both bounds, `gte` / `lte` with one.
        (_, Cleaned::Bounds(low, high)) => match (low, high) {
            (Some(low), Some(high)) => leaf_condition(
                leaf_column,
                leaf,
                LookupExpr::Range,
                Cleaned::List(vec![Some(*low), Some(*high)]),
                backend,
            ),
            (Some(low), None) => leaf_condition(leaf_column, leaf, LookupExpr::Gte, *low, backend),
            (None, Some(high)) => leaf_condition(leaf_column, leaf, LookupExpr::Lte, *high, backend),
            (None, None) => always(true),
        },
        (LookupExpr::IsNull, Cleaned::Bool(true)) => column.is_null(),
        (LookupExpr::IsNull, Cleaned::Bool(false)) => column.is_not_null(),
        (LookupExpr::In, Cleaned::List(items)) => {
            let values: Vec<Expr> = items
                .iter()
                .flatten()
                .filter_map(|item| match sql_value(leaf, item, backend) {
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
                (Some(low), Some(high)) => match (sql_value(leaf, low, backend), sql_value(leaf, high, backend)) {
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
                // Python's `str()` of the aware value and of the time.
                Cleaned::DateTime(Some(dt)) => format!("{} {}+00:00", dt.date_naive(), python_time(dt.time())),
                Cleaned::Time(t) => python_time(*t),
                Cleaned::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
                Cleaned::DateTime(None)
                | Cleaned::Key(_)
                | Cleaned::Keys(_)
                | Cleaned::List(_)
                | Cleaned::Bounds(..) => {
                    return always(false);
                }
            };
            let lhs = format!("{}.{}", quote(&leaf_column.alias), quote(leaf_column.name));
            text_lookup(backend, &lhs, lookup, &text)
        }
        (lookup, value) => {
            let sql = sql_value(leaf, &value, backend);
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

/// Python's `str(time)`: microseconds only when there are some.
fn python_time(time: chrono::NaiveTime) -> String {
    let format = if chrono::Timelike::nanosecond(&time) == 0 { "%H:%M:%S" } else { "%H:%M:%S%.6f" };
    time.format(format).to_string()
}

/// A text lookup (`iexact`, `contains`, `icontains`, `startswith`, ...) in the SQL Django
/// writes on `backend` ([`Lookup::sql`], shared with SearchFilter).
fn text_lookup(backend: DbBackend, lhs: &str, lookup: LookupExpr, value: &str) -> Expr {
    let lookup = match lookup {
        LookupExpr::IExact => Lookup::IExact,
        LookupExpr::Contains => Lookup::Contains,
        LookupExpr::IContains => Lookup::IContains,
        LookupExpr::StartsWith => Lookup::StartsWith,
        LookupExpr::IStartsWith => Lookup::IStartsWith,
        LookupExpr::EndsWith => Lookup::EndsWith,
        LookupExpr::IEndsWith => Lookup::IEndsWith,
        _ => Lookup::Exact,
    };
    let mut values = Vec::new();
    match lookup.sql(backend, lhs, value, &mut values) {
        Ok(sql) => Expr::cust_with_values(sql, values),
        // Every lookup above has SQL on every backend.
        Err(_) => always(false),
    }
}
