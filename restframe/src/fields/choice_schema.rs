//! A choice field's OpenAPI schema before enums become components: drf-spectacular's
//! `build_choice_field`, `build_choice_description_list` and `list_hash`.

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::FieldSpec;
use super::choice::choice_pairs;

/// The key under which a choice schema carries the hash of its `(value, label)` pairs until
/// [`crate::schemas`] has named the enum components (spectacular's temporary key, removed from
/// the finished document).
pub(crate) const ENUM_ID: &str = "x-spec-enum-id";

/// spectacular's `build_choice_field`: `enum` (the values, then `""` for `allow_blank` and
/// `null` for `allow_null`), `type` when every value before the `null` has the same JSON type,
/// the `description` listing values and labels, and [`ENUM_ID`].
pub(crate) fn choice_schema(spec: &FieldSpec) -> Value {
    let pairs = choice_pairs(spec);
    let mut values: Vec<Value> = pairs.iter().map(|(value, _)| value.clone()).collect();
    if spec.allow_blank && !values.contains(&json!("")) {
        values.push(json!(""));
    }
    let kind = if values.is_empty() {
        None
    } else if values.iter().all(Value::is_i64) {
        Some("integer")
    } else if values.iter().all(Value::is_string) {
        Some("string")
    } else {
        None
    };
    if spec.allow_null && !values.contains(&Value::Null) {
        values.push(Value::Null);
    }
    let mut schema = Map::new();
    schema.insert("enum".into(), Value::Array(values));
    if let Some(kind) = kind {
        schema.insert("type".into(), json!(kind));
    }
    schema.insert("description".into(), json!(choice_description(&pairs)));
    let hashed: Vec<(Value, Value)> = pairs.into_iter().filter(|(value, _)| !is_blank_or_null(value)).collect();
    schema.insert(ENUM_ID.into(), json!(list_hash(hashed)));
    Value::Object(schema)
}

/// `''` and `None`, which spectacular leaves out of an enum's hash and component.
pub(crate) fn is_blank_or_null(value: &Value) -> bool {
    value.is_null() || value.as_str() == Some("")
}

/// spectacular's `build_choice_description_list`: one `` * `value` - label`` line per choice.
pub(crate) fn choice_description(pairs: &[(Value, Value)]) -> String {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    pairs.iter().map(|(value, label)| format!("* `{}` - {}", text(value), text(label))).collect::<Vec<_>>().join("\n")
}

/// spectacular's `list_hash`: the first 16 hex digits of the SHA-256 of Python's
/// `json.dumps(sorted(pairs), sort_keys=True)`. Part of the name of an enum whose field name
/// has several choice sets in several components (`Format51fEnum`).
pub(crate) fn list_hash(mut pairs: Vec<(Value, Value)>) -> String {
    pairs.sort_by(|a, b| python_order(&a.0, &b.0).then_with(|| python_order(&a.1, &b.1)));
    let items: Vec<String> =
        pairs.iter().map(|(value, label)| format!("[{}, {}]", python_json(value), python_json(label))).collect();
    let text = format!("[{}]", items.join(", "));
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|byte| format!("{byte:02x}")).collect()
}

/// Python's `<` on two choice values or labels (both integers or both text in a choice set;
/// an integer sorts before text otherwise, so that the order is total).
fn python_order(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_i64().cmp(&y.as_i64()),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Number(_), _) => std::cmp::Ordering::Less,
        (_, Value::Number(_)) => std::cmp::Ordering::Greater,
        _ => std::cmp::Ordering::Equal,
    }
}

/// Python's `json.dumps` of a number or string (`ensure_ascii`: every character outside
/// printable ASCII as `\uXXXX`, astral ones as surrogate pairs).
fn python_json(value: &Value) -> String {
    let Value::String(text) = value else { return value.to_string() };
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_hash_is_spectaculars() {
        // `list_hash([('json', 'JSON'), ('xml', 'XML')])` in drf-spectacular 0.30.
        assert_eq!(list_hash(vec![(json!("xml"), json!("XML")), (json!("json"), json!("JSON"))]), "51f186aa1bf25fc5");
        assert_eq!(list_hash(vec![(json!(2), json!(2)), (json!(1), json!(1))]), "6da768d788e8e4dc");
        assert_eq!(list_hash(vec![(json!(2), json!("b")), (json!(1), json!("a"))]), "3ebae611aa8b2c94");
        let accented = vec![(json!("fr"), json!("Fran\u{e7}ais")), (json!("ja"), json!("\u{65e5}\u{672c}\u{8a9e}"))];
        assert_eq!(list_hash(accented), "630d373b25cf39f3");
    }

    #[test]
    fn python_json_escapes_as_ensure_ascii() {
        assert_eq!(
            python_json(&json!("Fran\u{e7}ais \"q\" \u{1F600}\u{7f}")),
            r#""Fran\u00e7ais \"q\" \ud83d\ude00\u007f""#
        );
        assert_eq!(python_json(&json!(-3)), "-3");
    }
}
