//! Serializer fields as OpenAPI schemas (for [`crate::schemas`]): drf-spectacular's
//! `_map_serializer_field` and `_map_basic_serializer` over the description the serializer
//! already gives for OPTIONS.
//!
//! A serializer describes its fields once, in [`Serializer::serializer_info`]: every field's
//! [`FieldSpec`] passes through [`crate::fields::field_info_with_type`]. While a component is
//! built, that function also records the spec here (a thread-local collector), so the OpenAPI
//! document reads the same description as OPTIONS, with what OPTIONS leaves out (`write_only`,
//! `allow_null`) still on the spec.

use std::cell::RefCell;

use serde_json::{Map, Value, json};

use crate::fields::{FieldSpec, Kind, Limit};

/// One field as `serializer_info` described it.
#[derive(Clone, Debug)]
pub(crate) struct RecordedField {
    spec: FieldSpec,
    type_name: String,
    child: Option<Value>,
    nested: Option<(SerializerSchema, bool)>,
    /// The schema when the type name cannot tell it (relational, method, identity fields).
    schema: Option<Value>,
    /// A model field's `RegexValidator` pattern (Python syntax).
    pattern: Option<&'static str>,
}

/// A serializer's component: its name and fields, built by
/// [`crate::metadata::serializer_schema`].
#[derive(Clone, Debug)]
pub struct SerializerSchema {
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) fields: Vec<RecordedField>,
}

thread_local! {
    static COLLECTOR: RefCell<Option<Vec<RecordedField>>> = const { RefCell::new(None) };
}

/// Records a field described by `field_info_with_type` when a component is being built.
pub(crate) fn record(type_name: &str, spec: &FieldSpec, child: Option<&Value>, schema: Option<Value>) {
    COLLECTOR.with(|c| {
        if let Some(fields) = c.borrow_mut().as_mut() {
            let child = child.cloned();
            let type_name = type_name.to_owned();
            fields.push(RecordedField { spec: *spec, type_name, child, nested: None, schema, pattern: None });
        }
    });
}

/// Sets the pattern of the field recorded last (a model field's `RegexValidator`).
pub(crate) fn set_last_pattern(pattern: Option<&'static str>) {
    COLLECTOR.with(|c| {
        if let Some(field) = c.borrow_mut().as_mut().and_then(|fields| fields.last_mut()) {
            field.pattern = pattern;
        }
    });
}

/// Runs `f` without recording (a nested serializer's own fields belong to its component).
pub(crate) fn suspended<R>(f: impl FnOnce() -> R) -> R {
    let saved = COLLECTOR.with(|c| c.borrow_mut().take());
    let out = f();
    COLLECTOR.with(|c| *c.borrow_mut() = saved);
    out
}

/// Whether a component is being built (nested serializers are only described then).
pub(crate) fn collecting() -> bool {
    COLLECTOR.with(|c| c.borrow().is_some())
}

/// Records a nested serializer field (`#[field(nested)]`) whose component is `nested`, `many`
/// for a list of them.
pub(crate) fn record_nested(spec: &FieldSpec, many: bool, nested: SerializerSchema) {
    COLLECTOR.with(|c| {
        if let Some(fields) = c.borrow_mut().as_mut() {
            let type_name = "nested object".into();
            let nested = Some((nested, many));
            fields.push(RecordedField { spec: *spec, type_name, child: None, nested, schema: None, pattern: None });
        }
    });
}

/// The fields `describe` records (it calls a serializer's `serializer_info`).
pub(crate) fn collect(describe: impl FnOnce()) -> Vec<RecordedField> {
    let saved = COLLECTOR.with(|c| c.borrow_mut().replace(Vec::new()));
    describe();
    COLLECTOR.with(|c| std::mem::replace(&mut *c.borrow_mut(), saved)).unwrap_or_default()
}

impl RecordedField {
    /// Listed in `required` and writable: the request body is required.
    pub(crate) fn required_input(&self) -> bool {
        self.spec.required && !self.spec.read_only
    }
}

impl SerializerSchema {
    /// Sets the component's description (spectacular's serializer docstring).
    #[must_use]
    pub fn description(mut self, description: &str) -> Self {
        description.clone_into(&mut self.description);
        self
    }

    /// The component's object schema; `patched` (a `PATCH` body) has no `required`. Nested
    /// serializers are added to `components` and referenced.
    pub(crate) fn object(&self, patched: bool, components: &mut Map<String, Value>) -> Value {
        let mut properties = Map::new();
        let mut required: Vec<&str> = Vec::new();
        for field in &self.fields {
            let schema = field_schema(field, components);
            if field.spec.required || field.spec.read_only {
                required.push(field.spec.name);
            }
            properties.insert(field.spec.name.to_owned(), schema);
        }
        let mut object = Map::new();
        object.insert("type".into(), json!("object"));
        if !self.description.is_empty() {
            object.insert("description".into(), json!(self.description));
        }
        object.insert("properties".into(), Value::Object(properties));
        required.sort_unstable();
        if !patched && !required.is_empty() {
            object.insert("required".into(), json!(required));
        }
        Value::Object(object)
    }

    /// Registers the component (and `Patched<Name>` for `patched`) and returns its `$ref`.
    /// As spectacular's `resolve_serializer`, the name is taken before the fields are mapped: a
    /// nested serializer of the same name (`depth`'s `Nested` inside `Nested`) refers to the
    /// outer one. A different serializer under a taken name is logged as spectacular warns.
    pub(crate) fn reference(&self, patched: bool, components: &mut Map<String, Value>) -> Value {
        let name = if patched { format!("Patched{}", self.name) } else { self.name.clone() };
        match components.get(&name) {
            None => {
                components.insert(name.clone(), Value::Null);
                let object = self.object(patched, components);
                components.insert(name.clone(), object);
            }
            // Being mapped: a serializer nested in one of its own name.
            Some(Value::Null) => collision_warning(&name),
            Some(registered) => {
                // The fields' own components are already registered: only the object matters.
                if self.object(patched, &mut Map::new()) != *registered {
                    collision_warning(&name);
                }
            }
        }
        json!({"$ref": format!("#/components/schemas/{name}")})
    }
}

/// spectacular's warning for a second serializer under a component name already taken.
fn collision_warning(name: &str) {
    tracing::warn!(
        "Encountered 2 components with identical names \"{name}\" and different identities. This will very likely result in an incorrect schema. Try renaming one."
    );
}

/// drf-spectacular's `_map_serializer_field` + `_get_serializer_field_meta` +
/// `_insert_field_validators` for one field.
fn field_schema(field: &RecordedField, components: &mut Map<String, Value>) -> Value {
    let spec = &field.spec;
    let mut schema = match &field.nested {
        Some((nested, many)) => {
            let reference = nested.reference(false, components);
            if *many { json!({"type": "array", "items": reference}) } else { reference }
        }
        None => field.schema.clone().unwrap_or_else(|| basic_schema(&field.type_name, spec, field.child.as_ref())),
    };
    let Value::Object(map) = &mut schema else { return schema };
    // spectacular's `ChoiceField`: the field's meta (`readOnly`, `title`, ...) follows the
    // choices' schema, and a `help_text` goes before the choices' description.
    let choice_description =
        if field.type_name == "choice" && field.schema.is_none() { map.shift_remove("description") } else { None };
    if spec.read_only {
        map.insert("readOnly".into(), Value::Bool(true));
    }
    if spec.write_only {
        map.insert("writeOnly".into(), Value::Bool(true));
    }
    if spec.allow_null {
        map.insert("nullable".into(), Value::Bool(true));
    }
    if let Some(label) = spec.label.filter(|l| !is_trivial_variation(l, spec.name)) {
        map.insert("title".into(), json!(label));
    }
    let help = spec.help_text.filter(|h| !h.is_empty());
    match (help, choice_description) {
        (Some(help), Some(Value::String(choices))) => {
            map.insert("description".into(), json!(format!("{help}\n\n{choices}")))
        }
        (Some(help), _) => map.insert("description".into(), json!(help)),
        (None, Some(choices)) => map.insert("description".into(), choices),
        (None, None) => None,
    };
    insert_validators(map, spec);
    if let Some(pattern) = field.pattern
        && map.get("type").and_then(Value::as_str) == Some("string")
        && !map.contains_key("pattern")
    {
        map.insert("pattern".into(), json!(ecma_pattern(pattern)));
    }
    // A blank-allowed string with a format or pattern also accepts "" (spectacular 0.28+).
    if spec.allow_blank
        && map.get("type").and_then(Value::as_str) == Some("string")
        && ["format", "pattern", "minLength"].iter().any(|k| map.contains_key(*k))
    {
        const OUTER: [&str; 6] = ["readOnly", "writeOnly", "nullable", "deprecated", "description", "title"];
        let inner: Map<String, Value> =
            map.iter().filter(|(k, _)| !OUTER.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
        map.retain(|k, _| OUTER.contains(&k.as_str()));
        map.insert("oneOf".into(), json!([inner, {"type": "string", "maxLength": 0}]));
    }
    if field.nested.is_some() && map.len() > 1 && map.contains_key("$ref") {
        // OpenAPI 3.0 ignores siblings of `$ref`; spectacular wraps them in `allOf`.
        let reference = map.remove("$ref").unwrap_or_default();
        map.insert("allOf".into(), json!([{"$ref": reference}]));
    }
    schema
}

/// spectacular's `is_trivial_string_variation`: a label that only differs from the field name
/// by case, spaces, `_` and `-` is not a title.
fn is_trivial_variation(a: &str, b: &str) -> bool {
    let norm =
        |s: &str| s.chars().filter(|c| !matches!(c, ' ' | '_' | '-')).flat_map(char::to_lowercase).collect::<String>();
    norm(a) == norm(b)
}

/// The type part of a field's schema, from its OPTIONS type name and spec.
fn basic_schema(type_name: &str, spec: &FieldSpec, child: Option<&Value>) -> Value {
    match type_name {
        "string" | "slug" | "regex" => match spec.kind {
            Kind::Uuid => json!({"type": "string", "format": "uuid"}),
            Kind::Slug { allow_unicode: false } => json!({"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}),
            Kind::Regex(pattern) => json!({"type": "string", "pattern": ecma_pattern(pattern)}),
            _ => json!({"type": "string"}),
        },
        "email" => json!({"type": "string", "format": "email"}),
        "url" => json!({"type": "string", "format": "uri"}),
        "integer" => json!({"type": "integer"}),
        "float" => json!({"type": "number", "format": "double"}),
        "boolean" => json!({"type": "boolean"}),
        "date" => json!({"type": "string", "format": "date"}),
        "datetime" => json!({"type": "string", "format": "date-time"}),
        "time" => json!({"type": "string", "format": "time"}),
        "duration" => json!({"type": "string"}),
        "decimal" => decimal_schema(spec),
        "choice" => super::choice_schema::choice_schema(spec),
        "multiple choice" => json!({"type": "array", "items": super::choice_schema::choice_schema(spec)}),
        "list" => {
            let items = child.map_or_else(|| json!({}), |child| child_schema(child, spec));
            json!({"type": "array", "items": items})
        }
        _ => json!({}),
    }
}

/// A list's `items` from its child's OPTIONS entry (a `ChoiceField` child from the list
/// field's `child(..)` options, which hold its choices).
fn child_schema(child: &Value, list: &FieldSpec) -> Value {
    let type_name = child.get("type").and_then(Value::as_str).unwrap_or("field");
    let spec = match type_name {
        "choice" | "multiple choice" => list.child_spec(),
        _ => FieldSpec::new(""),
    };
    basic_schema(type_name, &spec, child.get("child"))
}

/// spectacular's `DecimalField`: a string with `format: decimal` and a digits pattern (or a
/// number when rendered as one).
fn decimal_schema(spec: &FieldSpec) -> Value {
    let (max_digits, places) = match spec.kind {
        Kind::Decimal { max_digits, decimal_places } => (max_digits, decimal_places),
        _ => (spec.max_digits, spec.decimal_places),
    };
    if !spec.coerce_to_string {
        return json!({"type": "number", "format": "double"});
    }
    match (max_digits, places) {
        (Some(digits), Some(places)) => json!({
            "type": "string",
            "format": "decimal",
            "pattern": format!("^-?\\d{{0,{}}}(?:\\.\\d{{0,{places}}})?$", digits.saturating_sub(places)),
        }),
        _ => json!({"type": "string", "format": "decimal", "pattern": "^-?\\d*(?:\\.\\d*)?$"}),
    }
}

/// spectacular's pattern rewrite for ECMA regexes: `\Z` → `$`, `\A` → `^`.
fn ecma_pattern(pattern: &str) -> String {
    pattern.replace("\\Z", "$").replace("\\A", "^")
}

/// Length and range validators as `maxLength` / `minimum` / ... on the field's type.
fn insert_validators(map: &mut Map<String, Value>, spec: &FieldSpec) {
    let limit = |l: Limit| match l {
        Limit::Int(i) => json!(i),
        Limit::Float(f) => json!(f),
    };
    match map.get("type").and_then(Value::as_str) {
        Some("string") => {
            if let Some(max) = spec.max_length {
                map.insert("maxLength".into(), json!(max));
            }
            if let Some(min) = spec.min_length {
                map.insert("minLength".into(), json!(min));
            }
        }
        Some("integer" | "number") => {
            if let Some(max) = spec.max_value {
                map.insert("maximum".into(), limit(max));
            }
            if let Some(min) = spec.min_value {
                map.insert("minimum".into(), limit(min));
            }
            // spectacular: an integer whose bounds leave the 32-bit range is `int64`.
            let wide = |key: &str| map.get(key).and_then(Value::as_i64).is_some_and(|v| i32::try_from(v).is_err());
            if map.get("type").and_then(Value::as_str) == Some("integer") && (wide("maximum") || wide("minimum")) {
                map.insert("format".into(), json!("int64"));
            }
        }
        Some("array") => {
            if let Some(max) = spec.max_length {
                map.insert("maxItems".into(), json!(max));
            }
            if let Some(min) = spec.min_length {
                map.insert("minItems".into(), json!(min));
            }
        }
        _ => {}
    }
}
