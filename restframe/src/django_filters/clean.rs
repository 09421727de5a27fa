//! The form field behind each filter class: a query parameter's text cleaned into a value, or
//! Django's message (and code) refusing it.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveTime};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, Value};

use crate::exceptions::ApiError;

use super::filters::{FilterClass, LookupExpr};
use super::forms::{self, Decimal};
use super::temporal::{self, Instant};
use crate::filters::paths::{Leaf, Path};

/// ModelChoiceField's `invalid_choice` message.
const INVALID_CHOICE: &str = "Select a valid choice. That choice is not one of the available choices.";

/// A cleaned parameter value.
#[derive(Clone, Debug)]
pub(crate) enum Cleaned {
    Text(String),
    Number(Decimal),
    Bool(bool),
    Date(NaiveDate),
    DateTime(Instant),
    Time(NaiveTime),
    /// The key of an existing related row (`ModelChoiceFilter`).
    Key(Value),
    /// The keys of existing related rows (`ModelMultipleChoiceFilter`).
    Keys(Vec<Value>),
    /// `in` / `range`: each comma-separated item (`None` for an empty one).
    List(Vec<Option<Cleaned>>),
    /// `RangeFilter` / `DateFromToRangeFilter`: the lower and upper bounds, either optional.
    Bounds(Option<Box<Cleaned>>, Option<Box<Cleaned>>),
}

/// A refusal: Django's message and its code.
pub(crate) type Invalid = (Cow<'static, str>, &'static str);

/// What cleaning a parameter gives: `Ok(None)` skips the filter; the outer error is a database
/// failure.
pub(crate) type Outcome = Result<Result<Option<Cleaned>, Invalid>, ApiError>;

/// The form field's `clean()` for the filter `name` on the query `params`: `Ok(None)` skips
/// the filter (absent or empty, as django-filter's `EMPTY_VALUES`).
pub(crate) async fn clean(
    class: FilterClass,
    lookup: LookupExpr,
    name: &str,
    params: &[(String, String)],
    path: &Path,
    db: &DatabaseConnection,
) -> Outcome {
    let values: Vec<&str> = params.iter().filter(|(key, _)| key == name).map(|(_, value)| value.as_str()).collect();
    match class {
        FilterClass::ModelMultipleChoice => return model_multiple_choice(&values, path, db).await,
        FilterClass::Range => return Ok(range(params, name, ("min", "max"), forms::decimal_field, Cleaned::Number)),
        FilterClass::DateFromToRange => return Ok(date_from_to_range(params, name)),
        _ => {}
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

async fn clean_one(class: FilterClass, raw: &str, path: &Path, db: &DatabaseConnection) -> Outcome {
    let invalid = |message: &'static str| (Cow::Borrowed(message), "invalid");
    Ok(match class {
        FilterClass::Char => {
            forms::char_field(raw).map(|v| v.map(Cleaned::Text)).map_err(|m| (m.into(), "null_characters_not_allowed"))
        }
        FilterClass::Number => forms::number_field(raw)
            .map(|v| v.map(Cleaned::Number))
            .map_err(|m| (m.into(), if m == forms::ENTER_A_NUMBER { "invalid" } else { "max_value" })),
        FilterClass::Boolean => Ok(forms::boolean_widget(raw).map(Cleaned::Bool)),
        FilterClass::Date => temporal::date_field(raw).map(|v| v.map(Cleaned::Date)).map_err(invalid),
        FilterClass::DateTime => temporal::datetime_field(raw).map(|v| v.map(Cleaned::DateTime)).map_err(invalid),
        FilterClass::IsoDateTime => {
            temporal::iso_datetime_field(raw).map(|v| v.map(Cleaned::DateTime)).map_err(invalid)
        }
        FilterClass::Time => temporal::time_field(raw).map(|v| v.map(Cleaned::Time)).map_err(invalid),
        FilterClass::Choice(choices) => {
            forms::choice_field(raw, choices).map(|v| v.map(Cleaned::Text)).map_err(|m| (m.into(), "invalid_choice"))
        }
        // The halves of a range are cleaned by `range`; an item of `in` is one number.
        FilterClass::Range => forms::decimal_field(raw).map(|v| v.map(Cleaned::Number)).map_err(invalid),
        FilterClass::DateFromToRange => temporal::date_field(raw).map(|v| v.map(Cleaned::Date)).map_err(invalid),
        FilterClass::ModelChoice => return model_choice(raw, path, db).await,
        FilterClass::ModelMultipleChoice => return model_multiple_choice(&[raw], path, db).await,
    })
}

/// django-filter's `RangeField` (a `MultiValueField` of two fields behind a `RangeWidget`):
/// the last values of `<name>_<low>` and `<name>_<high>`, each cleaned by `field`. Both empty
/// skips the filter; an invalid half is reported once (both halves are the same field, and
/// Django drops a repeated message).
fn range<T>(
    params: &[(String, String)],
    name: &str,
    (low, high): (&str, &str),
    field: fn(&str) -> Result<Option<T>, &'static str>,
    wrap: fn(T) -> Cleaned,
) -> Result<Option<Cleaned>, Invalid> {
    let last = |suffix: &str| {
        let key = format!("{name}_{suffix}");
        params.iter().rev().find(|(k, _)| *k == key).map_or("", |(_, value)| value.as_str())
    };
    let (low, high) = (field(last(low)), field(last(high)));
    match (low, high) {
        (Ok(None), Ok(None)) => Ok(None),
        (Ok(low), Ok(high)) => {
            Ok(Some(Cleaned::Bounds(low.map(|v| Box::new(wrap(v))), high.map(|v| Box::new(wrap(v))))))
        }
        (Err(message), _) | (_, Err(message)) => Err((Cow::Borrowed(message), "invalid")),
    }
}

/// django-filter's `DateRangeField`: dates from `<name>_after` and `<name>_before`, the first
/// from its midnight and the last to its `23:59:59.999999` (UTC).
fn date_from_to_range(params: &[(String, String)], name: &str) -> Result<Option<Cleaned>, Invalid> {
    let bounds = range(params, name, ("after", "before"), temporal::date_field, Cleaned::Date)?;
    let at = |bound: Option<Box<Cleaned>>, time: NaiveTime| match bound.as_deref() {
        Some(Cleaned::Date(date)) => Some(Box::new(Cleaned::DateTime(Some(date.and_time(time).and_utc())))),
        _ => None,
    };
    Ok(bounds.map(|bounds| match bounds {
        Cleaned::Bounds(start, stop) => {
            let end_of_day = NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or(NaiveTime::MIN);
            Cleaned::Bounds(at(start, NaiveTime::MIN), at(stop, end_of_day))
        }
        other => other,
    }))
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
        .from(Alias::new(target.table))
        .and_where(Expr::col(Alias::new(target_column)).eq(key.clone()))
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
