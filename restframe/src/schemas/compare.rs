//! The structural comparison of two OpenAPI documents: how restframe's own tests (and yours)
//! check a generated document against the one drf-spectacular wrote for the Django original.

use serde_json::Value;

/// Every difference between `ours` and `theirs`, one line each (`/paths/~1books~1/get/...:
/// ours != theirs`, `only ours: ...`, `only spectacular's: ...`): operations, parameters,
/// components, properties and their constraints. Object key order is not compared
/// (spectacular's is Python's insertion order); array order is (spectacular sorts parameters,
/// `required` lists and enums, and so does restframe).
///
/// ```
/// use restframe::schemas::differences;
/// use serde_json::json;
///
/// let ours = json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}});
/// let theirs = json!({"properties": {"a": {"type": "string"}}, "type": "object", "required": ["a"]});
/// assert_eq!(differences(&ours, &theirs), ["/properties/a/type: \"integer\" != \"string\""]);
/// assert!(differences(&ours, &ours).is_empty());
/// ```
pub fn differences(ours: &Value, theirs: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk("", ours, theirs, &mut out);
    out
}

fn walk(path: &str, ours: &Value, theirs: &Value, out: &mut Vec<String>) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                match b.get(key) {
                    Some(other) => walk(&format!("{path}/{key}"), value, other, out),
                    None => out.push(format!("{path}/{key}: only ours: {value}")),
                }
            }
            for key in b.keys().filter(|k| !a.contains_key(*k)) {
                out.push(format!("{path}/{key}: only spectacular's: {}", b[key]));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                walk(&format!("{path}/{i}"), x, y, out);
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: {a} != {b}")),
    }
}
