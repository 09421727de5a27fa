//! A block-style YAML writer for JSON values, as drf-spectacular's `OpenApiYamlRenderer` dumps
//! the document (PyYAML, `default_flow_style=False`, keys in order, `|` for multi-line text).
//!
//! ```
//! let yaml = restframe::schemas::yaml::to_yaml(&serde_json::json!({
//!     "openapi": "3.0.3",
//!     "info": {"title": "", "version": "0.0.0"},
//!     "tags": ["api-hello"],
//!     "security": [{"tokenAuth": []}, {}],
//! }));
//! assert_eq!(
//!     yaml,
//!     "openapi: 3.0.3\ninfo:\n  title: ''\n  version: 0.0.0\ntags:\n- api-hello\nsecurity:\n- tokenAuth: []\n- {}\n"
//! );
//! ```

use serde_json::Value;

/// The value as a YAML document.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(map, 0, &mut out),
        Value::Array(items) if !items.is_empty() => write_seq(items, 0, &mut out),
        scalar => {
            out.push_str(&inline(scalar, 0));
            out.push('\n');
        }
    }
    out
}

fn write_map(map: &serde_json::Map<String, Value>, indent: usize, out: &mut String) {
    for (key, value) in map {
        out.push_str(&" ".repeat(indent));
        out.push_str(&scalar_str(key, indent));
        out.push(':');
        write_value(value, indent, true, out);
    }
}

fn write_seq(items: &[Value], indent: usize, out: &mut String) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            // `- key: value` with the rest of the mapping aligned under the first key.
            Value::Object(map) if !map.is_empty() => {
                let mut first = true;
                for (key, value) in map {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        out.push_str(&" ".repeat(indent + 2));
                    }
                    out.push_str(&scalar_str(key, indent + 2));
                    out.push(':');
                    write_value(value, indent + 2, true, out);
                }
            }
            other => write_value(other, indent, false, out),
        }
    }
}

/// Writes what follows `key:` or `-`: a nested block on the next lines, or ` scalar`.
fn write_value(value: &Value, indent: usize, in_map: bool, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(map, indent + 2, out);
        }
        // PyYAML indents sequences inside mappings by nothing ("indentless").
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(items, if in_map { indent } else { indent + 2 }, out);
        }
        scalar => {
            out.push(' ');
            out.push_str(&inline(scalar, indent + 2));
            out.push('\n');
        }
    }
}

fn inline(value: &Value, indent: usize) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar_str(s, indent),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// A string scalar: plain when YAML reads it back as the same string, a `|` block for
/// multi-line text, else single-quoted (double-quoted with escapes for control characters).
fn scalar_str(s: &str, indent: usize) -> String {
    if s.contains('\n') && !s.chars().any(|c| c.is_control() && c != '\n') && !s.ends_with(' ') {
        let pad = " ".repeat(indent);
        let chomp = if s.ends_with('\n') { "" } else { "-" };
        let body: Vec<String> = s
            .trim_end_matches('\n')
            .split('\n')
            .map(|l| if l.is_empty() { String::new() } else { format!("{pad}{l}") })
            .collect();
        return format!("|{chomp}\n{}", body.join("\n"));
    }
    if s.chars().any(char::is_control) {
        return serde_json::to_string(s).unwrap_or_default();
    }
    if is_plain(s) { s.to_owned() } else { format!("'{}'", s.replace('\'', "''")) }
}

/// Whether `s` can be written unquoted: not empty, no leading indicator, no `: ` or ` #`,
/// and not a word or number YAML would read as another type.
fn is_plain(s: &str) -> bool {
    let Some(first) = s.chars().next() else { return false };
    let reserved = matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | ".inf" | ".nan"
    );
    let numeric = s.parse::<f64>().is_ok() || s.starts_with("0x") || s.starts_with("0o");
    !reserved
        && !numeric
        && !"-?:,[]{}#&*!|>'\"%@` ".contains(first)
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.ends_with(' ')
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// The expected text is PyYAML's, dumped as spectacular's `OpenApiYamlRenderer` dumps.
    #[test]
    fn writes_what_pyyaml_writes() {
        let data = json!({
            "description": "OpenApi3 schema.\n\n- YAML: a\n- JSON: b",
            "paths": {"/a/{id}/": {"get": {
                "parameters": [{"in": "path", "name": "id", "schema": {"type": "integer"}, "required": true}],
                "responses": {"200": {"description": ""}},
            }}},
            "enum": ["json", "yes", "1.5", "a: b", "#x"],
            "n": 3, "x": null, "e": {}, "l": [],
            "pattern": "^-?\\d{0,4}(?:\\.\\d{0,2})?$",
        });
        let pyyaml = "description: |-\n  OpenApi3 schema.\n\n  - YAML: a\n  - JSON: b\npaths:\n  /a/{id}/:\n    get:\n      parameters:\n      - in: path\n        name: id\n        schema:\n          type: integer\n        required: true\n      responses:\n        '200':\n          description: ''\nenum:\n- json\n- 'yes'\n- '1.5'\n- 'a: b'\n- '#x'\nn: 3\nx: null\ne: {}\nl: []\npattern: ^-?\\d{0,4}(?:\\.\\d{0,2})?$\n";
        assert_eq!(super::to_yaml(&data), pyyaml);
    }
}
