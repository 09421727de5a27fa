//! drf-spectacular's `postprocess_schema_enums` hook (default settings): every choice set of a
//! component's properties becomes an enum component that the property references.
//!
//! Naming, as spectacular resolves it: `<Field>Enum` when the field name has one choice set
//! in the whole document (`status` → `StatusEnum`, shared by every serializer with that field
//! and those choices); when a field name has several, `<Component><Field>Enum` for a set only
//! one component uses, else `<Field><Hash>Enum` with the first three hex digits of the set's
//! hash (`Format51fEnum`). A choice set is its `(value, label)` pairs: the same values with other
//! labels are another set. `allow_blank` and `allow_null` become `oneOf` the enum and the shared
//! `BlankEnum` (`{"enum": [""]}`) / `NullEnum` (`{"enum": [null]}`); the choices' description
//! (`` * `draft` - Draft``) moves to the enum component.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::fields::choice_schema::{ENUM_ID, is_blank_or_null, list_hash};

/// The `(component, properties)` pairs spectacular's `iter_prop_containers` visits: each
/// component's `properties` and those of its `oneOf`/`allOf`/`anyOf` members, with
/// `Patched<Name>` counted as `<Name>` (`COMPONENT_SPLIT_PATCH`).
fn property_containers(schemas: &mut Map<String, Value>) -> Vec<(String, &mut Map<String, Value>)> {
    fn walk<'a>(name: &str, schema: &'a mut Value, out: &mut Vec<(String, &'a mut Map<String, Value>)>) {
        match schema {
            Value::Array(items) => items.iter_mut().for_each(|item| walk(name, item, out)),
            Value::Object(map) => {
                let mut properties = None;
                let mut members = Vec::new();
                for (key, value) in map.iter_mut() {
                    match key.as_str() {
                        "properties" => properties = Some(value),
                        "oneOf" | "allOf" | "anyOf" => members.push((key.clone(), value)),
                        _ => {}
                    }
                }
                if let Some(Value::Object(properties)) =
                    properties.filter(|p| p.as_object().is_some_and(|p| !p.is_empty()))
                {
                    out.push((name.to_owned(), properties));
                }
                // spectacular recurses into `oneOf`, then `allOf`, then `anyOf`.
                members.sort_by_key(|(key, _)| ["oneOf", "allOf", "anyOf"].iter().position(|k| k == key));
                for (_, member) in members {
                    walk(name, member, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (name, schema) in schemas.iter_mut() {
        let name = match name.strip_prefix("Patched") {
            Some(rest) if !rest.is_empty() => rest.to_owned(),
            _ => name.clone(),
        };
        walk(&name, schema, &mut out);
    }
    out
}

/// The enum schema of a property: itself, or an array's `items`.
fn enum_schema_of(property: &Value) -> Option<&Map<String, Value>> {
    let schema = if property.get("type") == Some(&json!("array")) { property.get("items")? } else { property };
    schema.as_object().filter(|s| s.contains_key("enum"))
}

/// spectacular's `extract_hash`: the hash the field gave the set, else the hash of its values.
fn extract_hash(schema: &Map<String, Value>) -> String {
    if let Some(Value::String(id)) = schema.get(ENUM_ID) {
        return id.clone();
    }
    let values = schema.get("enum").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    list_hash(values.iter().filter(|v| !is_blank_or_null(v)).map(|v| (v.clone(), v.clone())).collect())
}

/// inflection's `camelize`: the first character and each one after `_` upper-cased, those
/// `_` removed (`status_code` → `StatusCode`).
pub(crate) fn camelize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
    }
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('_', Some(_)) => {
                let next = chars.next().unwrap_or(c);
                out.extend(next.to_uppercase());
            }
            _ => out.push(c),
        }
    }
    out
}

/// Python's `str.capitalize` on hex digits.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect()).unwrap_or_default()
}

/// Ordered set insertion.
fn add<T: PartialEq>(set: &mut Vec<T>, item: T) {
    if !set.contains(&item) {
        set.push(item);
    }
}

/// The names spectacular gives each choice set: by hash where the set has one name, by
/// `(hash, field name)` where it has several.
fn enum_names(schemas: &mut Map<String, Value>) -> (HashMap<String, String>, HashMap<(String, String), String>) {
    let mut prop_hashes: Vec<(String, Vec<String>)> = Vec::new();
    let mut hash_users: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (component, properties) in property_containers(schemas) {
        for (prop, schema) in properties.iter() {
            let Some(schema) = enum_schema_of(schema) else { continue };
            let hash = extract_hash(schema);
            match prop_hashes.iter_mut().find(|(name, _)| name == prop) {
                Some((_, hashes)) => add(hashes, hash.clone()),
                None => prop_hashes.push((prop.clone(), vec![hash.clone()])),
            }
            add(hash_users.entry(hash).or_default(), (component.clone(), prop.clone()));
        }
    }
    let mut by_hash: HashMap<String, String> = HashMap::new();
    let mut by_prop: HashMap<(String, String), String> = HashMap::new();
    for (prop, hashes) in &prop_hashes {
        for hash in hashes {
            let users = hash_users.get(hash).map_or(0, Vec::len);
            let name = if hashes.len() == 1 {
                format!("{}Enum", camelize(prop))
            } else if users == 1 {
                let component = &hash_users[hash][0].0;
                format!("{}{}Enum", camelize(component), camelize(prop))
            } else {
                // spectacular warns: a non-optimally resolvable collision.
                format!("{}{}Enum", camelize(prop), capitalize(&hash[..3.min(hash.len())]))
            };
            if by_hash.get(hash).is_some_and(|existing| *existing != name) {
                // One set under several names (spectacular warns): each field keeps its own.
                by_hash.remove(hash);
            } else {
                by_hash.insert(hash.clone(), name.clone());
            }
            by_prop.insert((hash.clone(), prop.clone()), name);
        }
    }
    (by_hash, by_prop)
}

/// spectacular's `safe_ref`: a `$ref` with siblings goes into `allOf`.
fn safe_ref(mut schema: Map<String, Value>) -> Value {
    if schema.len() > 1
        && let Some(reference) = schema.shift_remove("$ref")
    {
        let mut out = Map::new();
        out.insert("allOf".into(), json!([{"$ref": reference}]));
        out.extend(schema);
        return Value::Object(out);
    }
    Value::Object(schema)
}

/// spectacular's `postprocess_schema_enums` on `schemas` (the components, sorted by name):
/// enum properties become references to enum components, which are added; then the
/// components are sorted again.
pub(crate) fn postprocess_schema_enums(schemas: &mut Map<String, Value>) {
    let (by_hash, by_prop) = enum_names(schemas);
    let mut created: Vec<(String, Value)> = Vec::new();
    let mut register = |name: &str, schema: Value| {
        if !created.iter().any(|(existing, _)| existing == name) {
            created.push((name.to_owned(), schema));
        }
    };
    for (_, properties) in property_containers(schemas) {
        for (prop, property) in properties.iter_mut() {
            let is_array = property.get("type") == Some(&json!("array"));
            let target = if is_array { &mut property["items"] } else { &mut *property };
            let Value::Object(schema) = target else { continue };
            let Some(Value::Array(original)) = schema.get("enum").cloned() else { continue };
            let cleaned: Vec<Value> = original.iter().filter(|v| !is_blank_or_null(v)).cloned().collect();
            schema.insert("enum".into(), Value::Array(cleaned));
            let hash = extract_hash(schema);
            let Some(name) = by_hash.get(&hash).or_else(|| by_prop.get(&(hash.clone(), prop.clone()))).cloned() else {
                continue;
            };
            let mut enum_schema = Map::new();
            let mut rest = Map::new();
            for (key, value) in std::mem::take(schema) {
                match key.as_str() {
                    "type" | "enum" => {
                        enum_schema.insert(key, value);
                    }
                    ENUM_ID => {}
                    _ => {
                        rest.insert(key, value);
                    }
                }
            }
            // The choices' description goes with the enum; the field's own stays.
            if let Some(Value::String(description)) = rest.get("description").cloned() {
                if description.starts_with('*') {
                    rest.shift_remove("description");
                    enum_schema.insert("description".into(), json!(description));
                } else if let Some((_, choices)) = description.split_once("\n\n*") {
                    enum_schema.insert("description".into(), json!(format!("*{choices}")));
                }
            }
            let reference = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
            let mut references = vec![reference(&name)];
            register(&name, Value::Object(enum_schema));
            if original.contains(&json!("")) {
                register("BlankEnum", json!({"enum": [""]}));
                references.push(reference("BlankEnum"));
            }
            if original.contains(&Value::Null) {
                register("NullEnum", json!({"enum": [null]}));
                references.push(reference("NullEnum"));
            }
            if references.len() == 1 {
                rest.extend(references.pop().and_then(|r| r.as_object().cloned()).unwrap_or_default());
            } else {
                rest.insert("oneOf".into(), Value::Array(references));
            }
            *target = safe_ref(rest);
        }
    }
    for (name, schema) in created {
        // spectacular's `register_on_missing`: a component of that name already there stays.
        schemas.entry(name).or_insert(schema);
    }
    schemas.sort_keys();
}

/// spectacular's `postprocess_schema_enum_id_removal`: the temporary hashes leave the document.
pub(crate) fn remove_enum_ids(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.shift_remove(ENUM_ID);
            map.values_mut().for_each(remove_enum_ids);
        }
        Value::Array(items) => items.iter_mut().for_each(remove_enum_ids),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camelize_is_inflections() {
        assert_eq!(camelize("status_code"), "StatusCode");
        assert_eq!(camelize("a__b_"), "A_b_");
        assert_eq!(camelize("Item"), "Item");
    }
}
