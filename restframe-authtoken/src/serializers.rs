//! DRF's `AuthTokenSerializer`, validated by hand with DRF's exact field rules and messages:
//! `username` (CharField, trimmed), `password` (CharField, **not** trimmed), then
//! `authenticate()`.
//!
//! ```
//! use restframe::exceptions::Detail;
//! use restframe_authtoken::serializers::AuthTokenSerializer;
//! use serde_json::json;
//!
//! let creds = AuthTokenSerializer::validate_fields(&json!({"username": "  alice ", "password": " pw "}), "non_field_errors")
//!     .expect("valid fields");
//! assert_eq!((creds.username.as_str(), creds.password.as_str()), ("alice", " pw "));
//!
//! let err = AuthTokenSerializer::validate_fields(&json!({"password": ""}), "non_field_errors").unwrap_err();
//! assert_eq!(
//!     err.body().to_string(),
//!     r#"{"username":["This field is required."],"password":["This field may not be blank."]}"#
//! );
//! ```

use restframe::auth::{ModelBackend, User};
use restframe::exceptions::{ApiError, Detail, ErrorDetail};
use serde_json::{Map, Value};

/// `Unable to log in with provided credentials.` (code `authorization`).
pub const UNABLE_TO_LOG_IN: &str = "Unable to log in with provided credentials.";

/// The validated input of the token endpoint.
#[derive(Clone)]
pub struct Credentials {
    /// The username, whitespace-trimmed.
    pub username: String,
    /// The password, exactly as sent.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("username", &self.username).finish_non_exhaustive()
    }
}

/// DRF's `rest_framework.authtoken.serializers.AuthTokenSerializer`.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuthTokenSerializer;

impl AuthTokenSerializer {
    /// Field-level validation (DRF's `to_internal_value`): the body must be an object, both
    /// fields present, non-null, non-blank strings (numbers are converted to strings).
    /// `non_field_errors_key` is the `NON_FIELD_ERRORS_KEY` setting.
    pub fn validate_fields(data: &Value, non_field_errors_key: &str) -> Result<Credentials, ApiError> {
        let map = match data {
            Value::Object(map) => map,
            Value::Null => return Err(non_field_error(non_field_errors_key, "No data provided", "null")),
            other => {
                let message = format!("Invalid data. Expected a dictionary, but got {}.", python_type_name(other));
                return Err(non_field_error(non_field_errors_key, &message, "invalid"));
            }
        };
        let username = char_field(map, "username", true);
        let password = char_field(map, "password", false);
        match (username, password) {
            (Ok(username), Ok(password)) => Ok(Credentials { username, password }),
            (username, password) => {
                let mut errors = Vec::new();
                for (name, result) in [("username", username), ("password", password)] {
                    if let Err(details) = result {
                        errors.push((name.to_owned(), Detail::List(details.into_iter().map(Detail::from).collect())));
                    }
                }
                Err(ApiError::validation(Detail::Dict(errors)))
            }
        }
    }

    /// The whole serializer: fields, then DRF's `validate()` which calls `authenticate()`.
    /// Unknown users, wrong passwords and inactive users all get `Unable to log in with provided
    /// credentials.` under the non-field key.
    pub async fn validate(data: &Value, backend: &ModelBackend, non_field_errors_key: &str) -> Result<User, ApiError> {
        let credentials = Self::validate_fields(data, non_field_errors_key)?;
        match backend.authenticate(&credentials.username, &credentials.password).await? {
            Some(user) => Ok(user),
            None => Err(non_field_error(non_field_errors_key, UNABLE_TO_LOG_IN, "authorization")),
        }
    }

    /// The OPTIONS metadata of the serializer's fields (DRF's `SimpleMetadata`).
    pub fn metadata() -> Value {
        serde_json::json!({
            "username": {"type": "string", "required": true, "read_only": false, "label": "Username"},
            "password": {"type": "string", "required": true, "read_only": false, "label": "Password"},
            "token": {"type": "string", "required": false, "read_only": true, "label": "Token"},
        })
    }
}

fn non_field_error(key: &str, message: &str, code: &str) -> ApiError {
    ApiError::validation(Detail::Dict(vec![(
        key.to_owned(),
        Detail::List(vec![ErrorDetail::new(message, code).into()]),
    )]))
}

/// DRF's `CharField(allow_blank=False, allow_null=False, trim_whitespace=trim)` run on one key.
fn char_field(map: &Map<String, Value>, name: &str, trim: bool) -> Result<String, Vec<ErrorDetail>> {
    let fail = |message: &str, code: &str| Err(vec![ErrorDetail::new(message, code)]);
    let text = match map.get(name) {
        None => return fail("This field is required.", "required"),
        Some(Value::Null) => return fail("This field may not be null.", "null"),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => python_number_str(n),
        Some(Value::Bool(_) | Value::Array(_) | Value::Object(_)) => return fail("Not a valid string.", "invalid"),
    };
    if text.is_empty() || (trim && python_strip(&text).is_empty()) {
        return fail("This field may not be blank.", "blank");
    }
    let value = if trim { python_strip(&text).to_owned() } else { text };
    if value.contains('\0') {
        return fail("Null characters are not allowed.", "null_characters_not_allowed");
    }
    Ok(value)
}

/// Python's `str.strip()`: Unicode whitespace plus the ASCII separators `\x1c`..`\x1f`.
fn python_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
}

/// Python's `str()` of a JSON number: integers as digits, floats in `repr` form (`5.0`, `1e+20`).
fn python_number_str(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    let sci = format!("{f:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if !(-4..16).contains(&exponent) {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    } else {
        let plain = format!("{f}");
        if plain.contains('.') { plain } else { format!("{plain}.0") }
    }
}

/// Python's type name for a JSON value, as DRF puts it in `Expected a dictionary, but got …`.
fn python_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int",
        Value::Number(_) => "float",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(data: Value) -> String {
        match AuthTokenSerializer::validate_fields(&data, "non_field_errors") {
            Ok(c) => format!("ok {:?} {:?}", c.username, c.password),
            Err(err) => err.body().to_string(),
        }
    }

    #[test]
    fn field_errors_match_drf() {
        let cases = [
            (json!({}), r#"{"username":["This field is required."],"password":["This field is required."]}"#),
            (json!({"username": "a"}), r#"{"password":["This field is required."]}"#),
            (json!({"username": "", "password": "x"}), r#"{"username":["This field may not be blank."]}"#),
            (json!({"username": "  \t", "password": "x"}), r#"{"username":["This field may not be blank."]}"#),
            (json!({"username": "a", "password": ""}), r#"{"password":["This field may not be blank."]}"#),
            (json!({"username": null, "password": "x"}), r#"{"username":["This field may not be null."]}"#),
            (
                json!({"username": true, "password": ["x"]}),
                r#"{"username":["Not a valid string."],"password":["Not a valid string."]}"#,
            ),
            (json!({"username": {}, "password": "x"}), r#"{"username":["Not a valid string."]}"#),
            (json!({"username": "a\u{0}b", "password": "x"}), r#"{"username":["Null characters are not allowed."]}"#),
            (
                json!([{"username": "a"}]),
                r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}"#,
            ),
            (json!("text"), r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got str."]}"#),
            (json!(3), r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got int."]}"#),
            (json!(null), r#"{"non_field_errors":["No data provided"]}"#),
        ];
        for (data, expected) in cases {
            assert_eq!(body(data.clone()), expected, "{data}");
        }
    }

    #[test]
    fn username_is_trimmed_but_password_is_not() {
        assert_eq!(body(json!({"username": "  alice ", "password": "  pw  "})), r#"ok "alice" "  pw  ""#);
        assert_eq!(body(json!({"username": "\u{1f}bob\u{3000}", "password": "   "})), r#"ok "bob" "   ""#);
    }

    #[test]
    fn numbers_become_python_strings() {
        assert_eq!(body(json!({"username": 5, "password": 1.0})), r#"ok "5" "1.0""#);
        assert_eq!(body(json!({"username": -7, "password": 1e20})), r#"ok "-7" "1e+20""#);
        assert_eq!(body(json!({"username": 0.0001, "password": 0.00001})), r#"ok "0.0001" "1e-05""#);
        assert_eq!(
            body(json!({"username": 1.5, "password": 123456789012345678.0})),
            r#"ok "1.5" "1.2345678901234568e+17""#
        );
    }

    #[test]
    fn codes_follow_drf() {
        let err = AuthTokenSerializer::validate_fields(&json!({"username": null}), "errors").expect_err("invalid");
        assert_eq!(err.detail().codes(), json!({"username": ["null"], "password": ["required"]}));
        let err = AuthTokenSerializer::validate_fields(&json!([]), "errors").expect_err("invalid");
        assert_eq!(err.body(), json!({"errors": ["Invalid data. Expected a dictionary, but got list."]}));
    }
}
