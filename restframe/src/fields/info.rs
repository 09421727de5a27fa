//! A field's entry in OPTIONS metadata: DRF's `SimpleMetadata.get_field_info`.

use serde_json::{Map, Value};

use super::{FieldSpec, FieldType, Kind, Limit};

/// DRF's default label for a field bound as `name`: `name.replace('_', ' ').capitalize()`
/// (Python's `capitalize` also lower-cases the rest).
///
/// ```
/// assert_eq!(restframe::fields::default_label("first_name"), "First name");
/// assert_eq!(restframe::fields::default_label("HTTP_url"), "Http url");
/// ```
pub fn default_label(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    }
}

/// DRF's `get_field_info(field)` for a field of Rust type `T` described by `spec`: the keys in
/// DRF's order (`type`, `required`, `read_only`, `label`, `help_text`, `min_length`,
/// `max_length`, `min_value`, `max_value`, `max_digits`, `decimal_places`, `child`, `choices`).
///
/// ```
/// use restframe::fields::{FieldSpec, field_info};
/// use serde_json::json;
///
/// const NAME: FieldSpec = FieldSpec { max_length: Some(20), ..FieldSpec::new("user_name") };
/// assert_eq!(
///     field_info::<String>(&NAME).to_string(),
///     json!({"type": "string", "required": true, "read_only": false, "label": "User name", "max_length": 20}).to_string(),
/// );
/// ```
pub fn field_info<T: FieldType>(spec: &FieldSpec) -> Value {
    field_info_with_type(T::metadata_type(spec), spec, T::metadata_child(spec), false)
}

/// [`field_info`] with the `type` name and `child` given (nested serializers, list children).
/// A `child` field has no default label (DRF binds it with an empty name).
pub fn field_info_with_type(type_name: &str, spec: &FieldSpec, child: Option<Value>, is_child: bool) -> Value {
    if !is_child {
        // The OpenAPI generator reads serializers through this same description.
        super::openapi::record(type_name, spec, child.as_ref(), None);
    }
    describe(type_name, spec, child, is_child)
}

/// DRF's `"type": "field"` entry of a field whose OpenAPI schema OPTIONS cannot tell: a
/// relational, method or identity field. `schema` is its schema as JSON text (what `#[derive]`
/// writes: `{"type": "string", "format": "uri"}` for a hyperlink).
///
/// ```
/// use restframe::fields::{FieldSpec, field_info_with_schema};
///
/// const URL: FieldSpec = FieldSpec { read_only: true, ..FieldSpec::new("url") };
/// assert_eq!(field_info_with_schema(&URL, r#"{"type": "string", "format": "uri"}"#)["type"], "field");
/// ```
pub fn field_info_with_schema(spec: &FieldSpec, schema: &str) -> Value {
    field_info_with_schema_value(spec, serde_json::from_str(schema).unwrap_or_else(|_| Value::Object(Map::new())))
}

/// [`field_info_with_schema`] with the schema as a value.
pub(crate) fn field_info_with_schema_value(spec: &FieldSpec, schema: Value) -> Value {
    super::openapi::record("field", spec, None, Some(schema));
    describe("field", spec, None, false)
}

/// The OPTIONS entry.
fn describe(type_name: &str, spec: &FieldSpec, child: Option<Value>, is_child: bool) -> Value {
    let mut info = Map::new();
    info.insert("type".into(), Value::from(type_name));
    info.insert("required".into(), Value::Bool(spec.required && !spec.read_only));
    info.insert("read_only".into(), Value::Bool(spec.read_only));
    let label = match (spec.label, is_child) {
        (Some(label), _) => label.to_owned(),
        (None, false) => default_label(spec.name),
        (None, true) => String::new(),
    };
    if !label.is_empty() {
        info.insert("label".into(), Value::from(label));
    }
    if let Some(help) = spec.help_text.filter(|h| !h.is_empty()) {
        info.insert("help_text".into(), Value::from(help));
    }
    let lengths = [("min_length", spec.min_length), ("max_length", spec.max_length)];
    for (key, length) in lengths {
        if let Some(length) = length {
            info.insert(key.into(), Value::from(length));
        }
    }
    for (key, limit) in [("min_value", spec.min_value), ("max_value", spec.max_value)] {
        match limit {
            Some(Limit::Int(i)) => info.insert(key.into(), Value::from(i)),
            Some(Limit::Float(f)) => info.insert(key.into(), Value::from(f)),
            None => None,
        };
    }
    let (max_digits, decimal_places) = match spec.kind {
        Kind::Decimal { max_digits, decimal_places } => (max_digits, decimal_places),
        _ => (spec.max_digits, spec.decimal_places),
    };
    for (key, n) in [("max_digits", max_digits), ("decimal_places", decimal_places)] {
        if let Some(n) = n {
            info.insert(key.into(), Value::from(n));
        }
    }
    if let Some(child) = child {
        info.insert("child".into(), child);
    }
    let is_choice = matches!(spec.kind, Kind::Choice(_)) || !spec.int_choices.is_empty();
    if is_choice && !spec.read_only {
        let choices = super::choice::choice_pairs(spec);
        // `force_str(choice_name, strings_only=True)`: a label is text, an unlabelled integer
        // stays an integer.
        let choices = choices.into_iter().map(|(value, label)| {
            let mut choice = Map::new();
            choice.insert("value".into(), value);
            choice.insert("display_name".into(), label);
            Value::Object(choice)
        });
        info.insert("choices".into(), Value::Array(choices.collect()));
    }
    Value::Object(info)
}
