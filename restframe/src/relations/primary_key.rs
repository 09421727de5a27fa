//! `PrimaryKeyRelatedField.to_internal_value`: the input coerced as Django coerces a lookup
//! value (`int()` for an integer key), then one query for the related row.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::Value;

use crate::exceptions::{ApiError, Detail, ErrorDetail};
use crate::fields::{FieldSpec, FieldType};
use crate::python::{float_repr, int, type_name};
use crate::serializers::pipeline::Validation;
use crate::serializers::{ModelField, ModelRelation, RelationKind};

/// What the input says the related primary key is.
enum Lookup {
    /// A value Django's `int()` accepts: the integer, and the input as DRF prints it in
    /// `Invalid pk "{pk_value}"`.
    Int(i128, String),
    /// Any other string, looked up as it is (a text or UUID key).
    Text(String),
    /// A value `queryset.get(pk=...)` rejects with `TypeError`/`ValueError`.
    Rejected,
}

fn lookup(raw: &Value) -> Lookup {
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

impl Validation<'_> {
    /// A foreign key as DRF's `PrimaryKeyRelatedField`: the related row must exist (one
    /// query); its key is the value stored in the column. A unique foreign key (Django's
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
        let incorrect = |spec: &FieldSpec| -> Detail {
            let data_type = type_name(raw);
            Detail::List(vec![
                spec.error(
                    "incorrect_type",
                    "Incorrect type. Expected pk value, received {data_type}.",
                    &[("data_type", &data_type)],
                )
                .into(),
            ])
        };
        let (value, shown) = match lookup(raw) {
            Lookup::Rejected => {
                self.push(spec.name, incorrect(spec));
                return Ok(None);
            }
            // A key too large for the column matches no row, as Django answers on every backend.
            Lookup::Int(i, shown) => match i64::try_from(i).ok().and_then(|i| T::from_json(&i.into(), spec).ok()) {
                Some(value) => (Some(value), shown),
                None => (None, shown),
            },
            Lookup::Text(text) => match T::from_json(raw, spec) {
                Ok(value) => (Some(value), text),
                Err(_) => {
                    self.push(spec.name, incorrect(spec));
                    return Ok(None);
                }
            },
        };
        if let Some(value) = value {
            let column = match relation.kind {
                RelationKind::ForeignKey { target_column, .. } => target_column,
                _ => (relation.related)().pk_column,
            };
            let query = Query::select()
                .expr(Expr::val(1))
                .from(Alias::new((relation.related)().table))
                .and_where(Expr::col(Alias::new(column)).eq(value.clone().into()))
                .limit(1)
                .to_owned();
            if self.context().db()?.query_one(&query).await?.is_some() {
                if meta.unique && self.exists::<E>(&[(meta.column, value.clone().into())]).await? {
                    let detail = ErrorDetail::new(meta.unique_message, "unique");
                    self.push(spec.name, Detail::List(vec![detail.into()]));
                    return Ok(None);
                }
                return Ok(Some(value));
            }
        }
        let detail =
            spec.error("does_not_exist", "Invalid pk \"{pk_value}\" - object does not exist.", &[("pk_value", &shown)]);
        self.push(spec.name, Detail::List(vec![detail.into()]));
        Ok(None)
    }
}
