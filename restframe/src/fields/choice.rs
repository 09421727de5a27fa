//! `ChoiceField` with integer choices and `MultipleChoiceField`: the parts the string and
//! integer fields and `Vec<String>` share.

use serde_json::Value;

use super::{FieldSpec, FieldType, Kind};
use crate::exceptions::Detail;
use crate::python::{float_repr, type_name};

/// Python's `str(data)`, the key DRF looks choices up by (`True`, `1.0`, `a`).
pub(super) fn choice_text(value: &Value) -> String {
    match value {
        Value::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) if n.is_f64() => n.as_f64().map(float_repr).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// `"{input}" is not a valid choice.`
pub(super) fn invalid_choice(spec: &FieldSpec, text: &str) -> Detail {
    Detail::List(vec![spec.error("invalid_choice", "\"{input}\" is not a valid choice.", &[("input", &text)]).into()])
}

/// `ChoiceField.to_internal_value` for integer choices: `"1"` and `1` both pick the choice `1`.
pub(super) fn int_choice(value: &Value, spec: &FieldSpec) -> Result<i64, Detail> {
    let text = choice_text(value);
    spec.int_choices.iter().copied().find(|c| c.to_string() == text).ok_or_else(|| invalid_choice(spec, &text))
}

/// Whether `spec` makes a `Vec` a `MultipleChoiceField` rather than a `ListField`.
pub(super) fn is_multiple_choice(spec: &FieldSpec) -> bool {
    matches!(spec.kind, Kind::Choice(_))
}

/// `MultipleChoiceField.to_internal_value`: a list (or a dict's keys, which Python iterates),
/// each item a valid choice (the first bad one is the error), duplicates dropped in order.
pub(super) fn multiple_choice<T: FieldType>(value: &Value, spec: &FieldSpec) -> Result<Vec<T>, Detail> {
    let items: Vec<Value> = match value {
        Value::Array(items) => items.clone(),
        Value::Object(map) => map.keys().cloned().map(Value::String).collect(),
        other => {
            return Err(Detail::List(vec![
                spec.error(
                    "not_a_list",
                    "Expected a list of items but got type \"{input_type}\".",
                    &[("input_type", &type_name(other))],
                )
                .into(),
            ]));
        }
    };
    if items.is_empty() && !spec.allow_empty {
        return Err(spec.fail("empty", "This selection may not be empty."));
    }
    let mut seen = Vec::new();
    let mut parsed = Vec::new();
    for item in &items {
        let value = T::from_json(item, spec)?;
        let text = choice_text(item);
        if !seen.contains(&text) {
            seen.push(text);
            parsed.push(value);
        }
    }
    Ok(parsed)
}

/// DRF's `field.choices.items()`: each value of a choice field (string [`Kind::Choice`] or
/// [`FieldSpec::int_choices`]) with its label, the value itself when the field has no labels
/// (DRF's flat `choices` list keeps an integer label an integer). A repeated value is listed
/// once, at its first place with its last label, as DRF's choices dict keeps it. Empty for
/// other fields.
pub(crate) fn choice_pairs(spec: &FieldSpec) -> Vec<(Value, Value)> {
    let values: Vec<Value> = match spec.kind {
        _ if !spec.int_choices.is_empty() => spec.int_choices.iter().map(|v| Value::from(*v)).collect(),
        Kind::Choice(values) => values.iter().map(|v| Value::from(*v)).collect(),
        _ => return Vec::new(),
    };
    let mut pairs: Vec<(Value, Value)> = Vec::with_capacity(values.len());
    for (index, value) in values.into_iter().enumerate() {
        let label = spec.choice_labels.get(index).map_or_else(|| value.clone(), |label| Value::from(*label));
        match pairs.iter_mut().find(|(seen, _)| *seen == value) {
            Some(pair) => pair.1 = label,
            None => pairs.push((value, label)),
        }
    }
    pairs
}
