//! `IntegerField` (a `ChoiceField` with `choices(1, 2)`) and `FloatField`.

use serde_json::Value;

use super::{FieldSpec, FieldType, Limit, Represent};
use crate::exceptions::{Detail, ErrorDetail};

/// DRF's `MAX_STRING_LENGTH` for numeric input given as text.
const MAX_STRING_LENGTH: usize = 1000;

/// DRF's `MaxValueValidator` then `MinValueValidator`, on a float view of the value.
pub(super) fn check_range(spec: &FieldSpec, value: f64, errors: &mut Vec<ErrorDetail>) {
    if let Some(max) = spec.max_value.filter(|max| value > max.as_f64()) {
        errors.push(max_error(spec, &max));
    }
    if let Some(min) = spec.min_value.filter(|min| value < min.as_f64()) {
        errors.push(min_error(spec, &min));
    }
}

fn max_error(spec: &FieldSpec, max: &dyn std::fmt::Display) -> ErrorDetail {
    spec.error("max_value", "Ensure this value is less than or equal to {max_value}.", &[("max_value", max)])
}

fn min_error(spec: &FieldSpec, min: &dyn std::fmt::Display) -> ErrorDetail {
    spec.error("min_value", "Ensure this value is greater than or equal to {min_value}.", &[("min_value", min)])
}

/// Python's `int(re.sub(r'\.0*\s*$', '', str(data)))`, on a JSON value.
fn parse_integer(value: &Value) -> Option<i128> {
    let text = match value {
        Value::Number(n) if n.is_f64() => crate::python::float_repr(n.as_f64()?),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return None,
    };
    // `re.sub(r'\.0*\s*$', '', ...)`: a final `.000` (and whitespace after it) goes.
    let end = text.trim_end_matches(crate::python::is_whitespace).trim_end_matches('0');
    let text = end.strip_suffix('.').unwrap_or(&text);
    crate::python::int(text, 10)
}

macro_rules! integer_fields {
    ($($ty:ty),*) => {$(
        impl FieldType for $ty {
            fn metadata_type(spec: &FieldSpec) -> &'static str {
                if spec.int_choices.is_empty() { "integer" } else { "choice" }
            }
            fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
                if !spec.int_choices.is_empty() {
                    let choice = super::choice::int_choice(value, spec)?;
                    return <$ty>::try_from(choice).map_err(|_| super::choice::invalid_choice(spec, &choice.to_string()));
                }
                if matches!(value, Value::String(s) if s.chars().count() > MAX_STRING_LENGTH) {
                    return Err(spec.fail("max_string_length", "String value too large."));
                }
                let parsed = parse_integer(value).ok_or_else(|| spec.fail("invalid", "A valid integer is required."))?;
                // Python ints are unbounded; past the Rust type's range DRF's ModelSerializer reports
                // the field's (backend's) bound when the value exceeds it, else the type's bound
                // stands in for the column's.
                <$ty>::try_from(parsed).map_err(|_| {
                    let err = match (spec.max_value, spec.min_value) {
                        (Some(Limit::Int(max)), _) if parsed > i128::from(max) => max_error(spec, &max),
                        (_, Some(Limit::Int(min))) if parsed < i128::from(min) => min_error(spec, &min),
                        _ if parsed > 0 => max_error(spec, &<$ty>::MAX),
                        _ => min_error(spec, &<$ty>::MIN),
                    };
                    Detail::List(vec![err.into()])
                })
            }
            fn check(&self, spec: &FieldSpec, errors: &mut Vec<ErrorDetail>) {
                let value = i128::from(*self);
                let exceeds = |limit: Limit, above: bool| match limit {
                    Limit::Int(l) => if above { value > i128::from(l) } else { value < i128::from(l) },
                    Limit::Float(l) => if above { (value as f64) > l } else { (value as f64) < l },
                };
                if let Some(max) = spec.max_value.filter(|max| exceeds(*max, true)) {
                    errors.push(max_error(spec, &max));
                }
                if let Some(min) = spec.min_value.filter(|min| exceeds(*min, false)) {
                    errors.push(min_error(spec, &min));
                }
            }
        }
        impl Represent for $ty {
            fn represent(&self, _spec: &FieldSpec) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

integer_fields!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! float_fields {
    ($($ty:ty),*) => {$(
        impl FieldType for $ty {
            fn metadata_type(_spec: &FieldSpec) -> &'static str {
                "float"
            }
            fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
                let invalid = || spec.fail("invalid", "A valid number is required.");
                let parsed = match value {
                    Value::String(s) if s.chars().count() > MAX_STRING_LENGTH => {
                        return Err(spec.fail("max_string_length", "String value too large."));
                    }
                    Value::String(s) => crate::python::float(s).ok_or_else(invalid)?,
                    Value::Number(n) => n.as_f64().ok_or_else(invalid)?,
                    // Python's float(True) is 1.0, and DRF accepts it.
                    Value::Bool(b) => f64::from(u8::from(*b)),
                    _ => return Err(invalid()),
                };
                if !parsed.is_finite() {
                    return Err(invalid());
                }
                Ok(parsed as $ty)
            }
            fn check(&self, spec: &FieldSpec, errors: &mut Vec<ErrorDetail>) {
                check_range(spec, f64::from(*self), errors);
            }
        }
        impl Represent for $ty {
            fn represent(&self, _spec: &FieldSpec) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

float_fields!(f32, f64);
