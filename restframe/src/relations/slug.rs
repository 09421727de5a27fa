//! DRF's `SlugRelatedField(slug_field=...)` declared on a model serializer: the related row
//! whose `slug_field` equals the input, looked up as Django's `queryset.get(slug=data)`
//! coerces it: Python's `str()` of the input for a text field, unstripped (`Object with
//! slug=nope does not exist.`, `Object with slug=[1] does not exist.`), `int()` for an integer
//! one (`Invalid value.` when that fails).

use serde_json::Value;

use super::field::Wanted;
use super::primary_key::{Lookup, is_integer, lookup, one};
use crate::fields::FieldSpec;
use crate::python::str_of;
use crate::serializers::ModelInfo;

/// The column and value `raw` names in `slug_field` of the related model `info`.
pub(super) fn slug_lookup(raw: &Value, spec: &FieldSpec, info: &ModelInfo, slug_field: &'static str) -> Wanted {
    let shown = str_of(raw);
    let missing = one(spec.error(
        "does_not_exist",
        "Object with {slug_name}={value} does not exist.",
        &[("slug_name", &slug_field), ("value", &shown)],
    ));
    let column = info.field(slug_field).map_or(slug_field, |f| f.column);
    if !is_integer(info, column) {
        return Ok((column, Some(sea_orm::Value::from(shown)), missing));
    }
    match lookup(raw) {
        Lookup::Int(i, _) => Ok((column, i64::try_from(i).ok().map(sea_orm::Value::from), missing)),
        _ => Err(one(spec.error("invalid", "Invalid value.", &[]))),
    }
}
