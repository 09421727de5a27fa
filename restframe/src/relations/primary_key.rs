//! `PrimaryKeyRelatedField.to_internal_value`: the input coerced as Django coerces a lookup
//! value (`int()` for an integer key), then one query for the related row.

use sea_orm::EntityTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use serde_json::Value;

use super::field::Wanted;
use crate::exceptions::{ApiError, Detail, ErrorDetail};
use crate::fields::{FieldSpec, FieldType};
use crate::python::{float_repr, int, str_of, type_name};
use crate::serializers::pipeline::Validation;
use crate::serializers::{ModelField, ModelInfo, ModelRelation, RelationKind};

/// What the input says the related primary key is.
pub(super) enum Lookup {
    /// A value Django's `int()` accepts: the integer, and the input as DRF prints it in
    /// `Invalid pk "{pk_value}"`.
    Int(i128, String),
    /// Any other string, looked up as it is (a text or UUID key).
    Text(String),
    /// A value `queryset.get(pk=...)` rejects with `TypeError`/`ValueError`.
    Rejected,
}

pub(super) fn lookup(raw: &Value) -> Lookup {
    match raw {
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Lookup::Int(i.into(), i.to_string()),
            (None, Some(u), _) => Lookup::Int(u.into(), u.to_string()),
            // `int(7.5)` is 7: Django truncates a float lookup value.
            (None, None, Some(f)) if f.is_finite() => Lookup::Int(f.trunc() as i128, float_repr(f)),
            _ => Lookup::Rejected,
        },
        Value::String(s) => match int(s, 10) {
            Some(i) => Lookup::Int(i, s.clone()),
            None => Lookup::Text(s.clone()),
        },
        _ => Lookup::Rejected,
    }
}

/// How one input was read: the value to look up (`None`: no row can match), and the error
/// when no row does.
type Coerced<T> = Result<(Option<T>, Detail), Detail>;

pub(super) fn one(detail: crate::exceptions::ErrorDetail) -> Detail {
    Detail::List(vec![detail.into()])
}

/// `PrimaryKeyRelatedField`: Django's `int()` coercion for an integer key.
fn coerce_pk<T: FieldType>(raw: &Value, spec: &FieldSpec) -> Coerced<T> {
    let incorrect = || {
        let data_type = type_name(raw);
        one(spec.error(
            "incorrect_type",
            "Incorrect type. Expected pk value, received {data_type}.",
            &[("data_type", &data_type)],
        ))
    };
    let missing = |shown: &str| {
        one(spec.error("does_not_exist", "Invalid pk \"{pk_value}\" - object does not exist.", &[("pk_value", &shown)]))
    };
    match lookup(raw) {
        Lookup::Rejected => Err(incorrect()),
        // A key too large for the column matches no row, as Django answers on every backend.
        Lookup::Int(i, shown) => {
            Ok((i64::try_from(i).ok().and_then(|i| T::from_json(&i.into(), spec).ok()), missing(&shown)))
        }
        Lookup::Text(text) => match T::from_json(raw, spec) {
            Ok(value) => Ok((Some(value), missing(&text))),
            Err(_) => Err(incorrect()),
        },
    }
}

/// `SlugRelatedField` (a foreign key with `to_field`): Django looks the value up as `str(data)`
/// in a text column, as `int(data)` in an integer one.
fn coerce_slug<T: FieldType>(raw: &Value, spec: &FieldSpec, slug_name: &str) -> Coerced<T> {
    let shown = str_of(raw);
    let missing = one(spec.error(
        "does_not_exist",
        "Object with {slug_name}={value} does not exist.",
        &[("slug_name", &slug_name), ("value", &shown)],
    ));
    // The text as given: Django does not strip a lookup value.
    let verbatim = FieldSpec { trim_whitespace: false, allow_blank: true, ..*spec };
    if let Ok(value) = T::from_json(&Value::String(shown.clone()), &verbatim) {
        return Ok((Some(value), missing));
    }
    match lookup(raw) {
        Lookup::Int(i, _) => Ok((i64::try_from(i).ok().and_then(|i| T::from_json(&i.into(), spec).ok()), missing)),
        _ => Err(one(spec.error("invalid", "Invalid value.", &[]))),
    }
}

impl Validation<'_> {
    /// A foreign key as DRF's `PrimaryKeyRelatedField` (or `SlugRelatedField` when it points
    /// at a `to_field` other than the primary key): the related row must exist (one query);
    /// the referenced value is what the column stores. A unique foreign key (Django's
    /// `OneToOneField`) then gets DRF's `UniqueValidator` on this model's table.
    pub(crate) async fn primary_key_related<E, T>(
        &mut self,
        spec: &FieldSpec,
        meta: &ModelField,
        relation: &'static ModelRelation,
    ) -> Result<Option<T>, ApiError>
    where
        E: EntityTrait,
        T: FieldType + Clone + Into<sea_orm::Value>,
    {
        // DRF's `RelatedField.run_validation`: "" is None for relational fields.
        let raw = match self.empty_values::<T>(spec, None::<fn() -> T>) {
            Ok(value) => return Ok(value),
            Err(Value::String(s)) if s.is_empty() => {
                if spec.allow_null {
                    return Ok(T::null());
                }
                self.push(spec.name, spec.fail("null", "This field may not be null."));
                return Ok(None);
            }
            Err(raw) => raw,
        };
        let target = (relation.related)();
        let column = match relation.kind {
            RelationKind::ForeignKey { target_column, .. } => target_column,
            _ => target.pk_column,
        };
        let coerced =
            if column == target.pk_column { coerce_pk::<T>(raw, spec) } else { coerce_slug::<T>(raw, spec, column) };
        let (value, missing) = match coerced {
            Ok(found) => found,
            Err(detail) => {
                self.push(spec.name, detail);
                return Ok(None);
            }
        };
        if let Some(value) = value {
            let query = Query::select()
                .expr(Expr::val(1))
                .from(Alias::new(target.table))
                .and_where(Expr::col(Alias::new(column)).eq(value.clone().into()))
                .to_owned();
            if crate::serializers::exists(self.context().db()?, query).await? {
                if meta.unique && self.exists::<E>(&[(meta.column, value.clone().into())]).await? {
                    self.push(spec.name, one(ErrorDetail::new(meta.unique_message, "unique")));
                    return Ok(None);
                }
                return Ok(Some(value));
            }
        }
        self.push(spec.name, missing);
        Ok(None)
    }
}

/// Whether a model field holds integers (a key compared as Django's `int()` of the input).
pub(super) fn is_integer(info: &ModelInfo, column: &str) -> bool {
    info.fields.iter().find(|f| f.column == column).is_none_or(|f| f.integer.is_some())
}

/// A declared `PrimaryKeyRelatedField`'s input: the related primary key, coerced as
/// `queryset.get(pk=data)` coerces it (`int()` for an integer key, `str()` for a text one).
pub(super) fn declared_pk(raw: &Value, spec: &FieldSpec, info: &ModelInfo) -> Wanted {
    let incorrect = || {
        let data_type = type_name(raw);
        one(spec.error(
            "incorrect_type",
            "Incorrect type. Expected pk value, received {data_type}.",
            &[("data_type", &data_type)],
        ))
    };
    let missing = |shown: &str| {
        one(spec.error("does_not_exist", "Invalid pk \"{pk_value}\" - object does not exist.", &[("pk_value", &shown)]))
    };
    let column = info.pk_column;
    // `queryset.get(pk=None)` finds nothing (an item of a `many` field may be `null`).
    if raw.is_null() {
        return Ok((column, None, missing("None")));
    }
    match (lookup(raw), is_integer(info, column)) {
        (Lookup::Rejected, _) | (Lookup::Text(_), true) => Err(incorrect()),
        // A key too large for any column matches no row.
        (Lookup::Int(i, shown), true) => Ok((column, i64::try_from(i).ok().map(sea_orm::Value::from), missing(&shown))),
        (Lookup::Int(_, shown) | Lookup::Text(shown), false) => {
            Ok((column, Some(sea_orm::Value::from(shown.clone())), missing(&shown)))
        }
    }
}
