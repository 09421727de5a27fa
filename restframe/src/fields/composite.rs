//! `BooleanField`, `ListField`, `DictField` and `JSONField`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::choice::{is_multiple_choice, multiple_choice};
use super::{FieldSpec, FieldType, Represent};
use crate::exceptions::{Detail, ErrorDetail};
use crate::python::type_name;

impl FieldType for bool {
    /// DRF's `TRUE_VALUES` / `FALSE_VALUES`, strings compared lower-cased (`"tRuE"`); `1.0 == 1`
    /// in Python, so floats match too.
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        const TRUE: &[&str] = &["t", "y", "yes", "true", "on", "1"];
        const FALSE: &[&str] = &["f", "n", "no", "false", "off", "0"];
        match value {
            Value::Bool(b) => Ok(*b),
            Value::String(s) if TRUE.contains(&s.to_lowercase().as_str()) => Ok(true),
            Value::String(s) if FALSE.contains(&s.to_lowercase().as_str()) => Ok(false),
            Value::Number(n) if n.as_f64() == Some(1.0) => Ok(true),
            Value::Number(n) if n.as_f64() == Some(0.0) => Ok(false),
            _ => Err(spec.fail("invalid", "Must be a valid boolean.")),
        }
    }
    /// `NULL_VALUES`: `"null"` (any case) and `""`.
    fn null_input(value: &Value, _spec: &FieldSpec) -> bool {
        matches!(value, Value::String(s) if s.is_empty() || s.to_lowercase() == "null")
    }
    fn empty_html() -> Option<Self> {
        Some(false)
    }
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "boolean"
    }
}

impl Represent for bool {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        Value::Bool(*self)
    }
}

/// A list or dict child's whole `run_validation`: null handling, coercion and checks.
fn run_child<T: FieldType>(value: &Value, spec: &FieldSpec) -> Result<T, Detail> {
    if value.is_null() {
        return match T::null().filter(|_| spec.allow_null) {
            Some(null) => Ok(null),
            None => Err(spec.fail("null", "This field may not be null.")),
        };
    }
    let parsed = T::from_json(value, spec)?;
    let mut errors = Vec::new();
    if !parsed.skips_validators(spec) {
        parsed.check(spec, &mut errors);
    }
    if errors.is_empty() { Ok(parsed) } else { Err(Detail::List(errors.into_iter().map(Detail::from).collect())) }
}

/// `ListField(child=T)`, or DRF's `MultipleChoiceField` when the field has `choices(...)`.
impl<T: FieldType> FieldType for Vec<T> {
    fn metadata_type(spec: &FieldSpec) -> &'static str {
        if is_multiple_choice(spec) { "multiple choice" } else { "list" }
    }
    fn metadata_child(spec: &FieldSpec) -> Option<Value> {
        if is_multiple_choice(spec) {
            return None;
        }
        let child = spec.child_spec();
        Some(super::field_info_with_type(T::metadata_type(&child), &child, T::metadata_child(&child), true))
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        if is_multiple_choice(spec) {
            return multiple_choice(value, spec);
        }
        let Value::Array(items) = value else {
            return Err(Detail::List(vec![
                spec.error(
                    "not_a_list",
                    "Expected a list of items but got type \"{input_type}\".",
                    &[("input_type", &type_name(value))],
                )
                .into(),
            ]));
        };
        if items.is_empty() && !spec.allow_empty {
            return Err(spec.fail("empty", "This list may not be empty."));
        }
        let child = spec.child_spec();
        let mut parsed = Vec::with_capacity(items.len());
        let mut errors = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match run_child::<T>(item, &child) {
                Ok(v) => parsed.push(v),
                Err(detail) => errors.push((index.to_string(), detail)),
            }
        }
        if errors.is_empty() { Ok(parsed) } else { Err(Detail::Dict(errors)) }
    }

    fn check(&self, spec: &FieldSpec, errors: &mut Vec<ErrorDetail>) {
        if let Some(max) = spec.max_length.filter(|max| self.len() > *max) {
            errors.push(spec.error(
                "max_length",
                "Ensure this field has no more than {max_length} elements.",
                &[("max_length", &max)],
            ));
        }
        if let Some(min) = spec.min_length.filter(|min| self.len() < *min) {
            errors.push(spec.error(
                "min_length",
                "Ensure this field has at least {min_length} elements.",
                &[("min_length", &min)],
            ));
        }
    }
}

impl<T: Represent> Represent for Vec<T> {
    fn represent(&self, spec: &FieldSpec) -> Value {
        // A `MultipleChoiceField`'s items render as its `ChoiceField` does.
        let child = if is_multiple_choice(spec) { *spec } else { spec.child_spec() };
        Value::Array(self.iter().map(|item| item.represent(&child)).collect())
    }
}

impl<T: FieldType> FieldType for BTreeMap<String, T> {
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "nested object"
    }
    fn metadata_child(spec: &FieldSpec) -> Option<Value> {
        let child = spec.child_spec();
        Some(super::field_info_with_type(T::metadata_type(&child), &child, T::metadata_child(&child), true))
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        let Value::Object(entries) = value else {
            return Err(Detail::List(vec![
                spec.error(
                    "not_a_dict",
                    "Expected a dictionary of items but got type \"{input_type}\".",
                    &[("input_type", &type_name(value))],
                )
                .into(),
            ]));
        };
        if entries.is_empty() && !spec.allow_empty {
            return Err(spec.fail("empty", "This dictionary may not be empty."));
        }
        let child = spec.child_spec();
        let mut parsed = BTreeMap::new();
        let mut errors = Vec::new();
        for (key, item) in entries {
            match run_child::<T>(item, &child) {
                Ok(v) => {
                    parsed.insert(key.clone(), v);
                }
                Err(detail) => errors.push((key.clone(), detail)),
            }
        }
        if errors.is_empty() { Ok(parsed) } else { Err(Detail::Dict(errors)) }
    }
}

impl<T: Represent> Represent for BTreeMap<String, T> {
    fn represent(&self, spec: &FieldSpec) -> Value {
        let child = spec.child_spec();
        Value::Object(self.iter().map(|(k, v)| (k.clone(), v.represent(&child))).collect())
    }
}

/// `JSONField`: any JSON value is accepted as is.
impl FieldType for Value {
    fn from_json(value: &Value, _spec: &FieldSpec) -> Result<Self, Detail> {
        Ok(value.clone())
    }
    fn null() -> Option<Self> {
        Some(Value::Null)
    }
}

impl Represent for Value {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        self.clone()
    }
}
