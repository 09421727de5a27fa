//! `CharField` and its relatives, all stored in a `String`: `EmailField`, `URLField`,
//! `SlugField`, `UUIDField`, `RegexField`, `ChoiceField`, `DecimalField`.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use regex::Regex;
use serde_json::Value;

use super::choice::{choice_text, invalid_choice};
use super::decimal::{decimal_text, is_blank, quantized};
use super::formats::{is_email, is_slug, is_unicode_slug, is_url};
use super::{FieldSpec, FieldType, Kind, Represent};
use crate::exceptions::{Detail, ErrorDetail};
use crate::python::{float_repr, marked_surrogate, str_strip};

/// Marks the Rust types a string field class (`email`, `url`, `slug`, `uuid`, `regex`,
/// `choices`, `decimal`) can be put on. Generated code asserts it so the error points at the type.
#[diagnostic::on_unimplemented(
    message = "string field options (`email`, `url`, `slug`, `uuid`, `regex`, `choices`, `decimal`) need a `String` field, found `{Self}`",
    label = "not a `String`"
)]
pub trait StringField {}
impl StringField for String {}
impl StringField for Option<String> {}
/// `choices(...)` on a `Vec<String>` is DRF's `MultipleChoiceField`.
impl StringField for Vec<String> {}
impl StringField for Option<Vec<String>> {}

impl FieldType for String {
    fn metadata_type(spec: &FieldSpec) -> &'static str {
        match spec.kind {
            Kind::Char | Kind::Uuid => "string",
            Kind::Email => "email",
            Kind::Url => "url",
            Kind::Slug { .. } => "slug",
            Kind::Regex(_) => "regex",
            Kind::Choice(_) => "choice",
            Kind::Decimal { .. } => "decimal",
        }
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        match spec.kind {
            Kind::Uuid => uuid(value, spec),
            Kind::Choice(choices) => choice(value, spec, choices),
            Kind::Decimal { max_digits, decimal_places } => decimal_text(value, spec, max_digits, decimal_places),
            _ => char_field(value, spec),
        }
    }

    fn check(&self, spec: &FieldSpec, errors: &mut Vec<ErrorDetail>) {
        if let Kind::Decimal { .. } = spec.kind {
            return super::number::check_range(spec, self.parse::<f64>().unwrap_or(0.0), errors);
        }
        if matches!(spec.kind, Kind::Uuid | Kind::Choice(_)) {
            return;
        }
        let length = self.chars().count();
        if let Some(max) = spec.max_length.filter(|max| length > *max) {
            errors.push(spec.error(
                "max_length",
                "Ensure this field has no more than {max_length} characters.",
                &[("max_length", &max)],
            ));
        }
        if let Some(min) = spec.min_length.filter(|min| length < *min) {
            errors.push(spec.error(
                "min_length",
                "Ensure this field has at least {min_length} characters.",
                &[("min_length", &min)],
            ));
        }
        if self.contains('\0') {
            errors.push(ErrorDetail::new("Null characters are not allowed.", "null_characters_not_allowed"));
        }
        // DRF's ProhibitSurrogateCharactersValidator: the JSON parser carried each lone surrogate
        // here as a marker; the first one is reported.
        if let Some(code_point) = self.chars().find_map(marked_surrogate) {
            errors.push(ErrorDetail::new(
                format!("Surrogate characters are not allowed: U+{code_point:X}."),
                "surrogate_characters_not_allowed",
            ));
        }
        let valid = match spec.kind {
            Kind::Email => is_email(self),
            Kind::Url => is_url(self),
            Kind::Slug { allow_unicode: false } => is_slug(self),
            Kind::Slug { allow_unicode: true } => is_unicode_slug(self),
            Kind::Regex(pattern) => regex_matches(pattern, self),
            _ => true,
        };
        if !valid {
            errors.push(match spec.kind {
                Kind::Email => spec.error("invalid", "Enter a valid email address.", &[]),
                Kind::Url => spec.error("invalid", "Enter a valid URL.", &[]),
                Kind::Slug { allow_unicode: false } => spec.error(
                    "invalid",
                    "Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens.",
                    &[],
                ),
                Kind::Slug { allow_unicode: true } => spec.error(
                    "invalid_unicode",
                    "Enter a valid \"slug\" consisting of Unicode letters, numbers, underscores, or hyphens.",
                    &[],
                ),
                _ => spec.error("invalid", "This value does not match the required pattern.", &[]),
            });
        }
    }

    fn null_input(value: &Value, spec: &FieldSpec) -> bool {
        matches!(spec.kind, Kind::Decimal { .. }) && is_blank(value)
    }

    fn skips_validators(&self, spec: &FieldSpec) -> bool {
        self.is_empty() && spec.allow_blank
    }

    fn as_str(&self) -> Option<&str> {
        Some(self)
    }
}

impl Represent for String {
    /// The text; a `DecimalField`'s quantized to its `decimal_places` (`"1.09"` → `"1.1"`).
    fn represent(&self, spec: &FieldSpec) -> Value {
        match spec.kind {
            Kind::Decimal { decimal_places, .. } => Value::String(quantized(self, decimal_places)),
            _ => Value::String(self.clone()),
        }
    }
}

impl Represent for str {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        Value::String(self.to_owned())
    }
}

/// Python's `str(data)` for the JSON scalars DRF accepts as strings.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.as_f64().filter(|_| n.is_f64()).map(float_repr).unwrap_or_else(|| n.to_string())),
        _ => None,
    }
}

/// `CharField.run_validation` + `to_internal_value`: bools, lists and dicts are invalid,
/// numbers become text, whitespace is trimmed, blanks need `allow_blank`.
fn char_field(value: &Value, spec: &FieldSpec) -> Result<String, Detail> {
    let Some(text) = scalar_text(value) else {
        return Err(spec.fail("invalid", "Not a valid string."));
    };
    let text = if spec.trim_whitespace { str_strip(&text).to_owned() } else { text };
    if text.is_empty() && !spec.allow_blank {
        return Err(spec.fail("blank", "This field may not be blank."));
    }
    Ok(text)
}

/// `UUIDField`: a JSON integer (or bool) is `uuid.UUID(int=...)`; a string is
/// `uuid.UUID(hex=...)`, with its leniency: `urn:` and `uuid:` anywhere, braces around, hyphens
/// anywhere, then 32 characters that Python's `int(hex, 16)` reads (so also `+`, `0x`, single
/// underscores and surrounding spaces). Stored in the hyphenated lower-case form.
fn uuid(value: &Value, spec: &FieldSpec) -> Result<String, Detail> {
    let invalid = || spec.fail("invalid", "Must be a valid UUID.");
    let int = match value {
        Value::Bool(b) => u128::from(*b),
        Value::Number(n) => n.as_u64().map(u128::from).ok_or_else(invalid)?,
        Value::String(text) => {
            let hex = text.replace("urn:", "").replace("uuid:", "");
            let hex = hex.trim_matches(|c| c == '{' || c == '}').replace('-', "");
            if hex.chars().count() != 32 {
                return Err(invalid());
            }
            // `-` was removed above, so the sign can only be `+`.
            crate::python::int_parts(&hex, 16).map(|(_, magnitude)| magnitude).ok_or_else(invalid)?
        }
        _ => return Err(invalid()),
    };
    let hex = format!("{int:032x}");
    Ok(format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..]))
}

/// `ChoiceField`: the text form of the input must be one of the choices.
fn choice(value: &Value, spec: &FieldSpec, choices: &[&str]) -> Result<String, Detail> {
    let text = choice_text(value);
    if (text.is_empty() && spec.allow_blank) || choices.contains(&text.as_str()) {
        Ok(text)
    } else {
        Err(invalid_choice(spec, &text))
    }
}

/// Whether `pattern` (compiled once, then cached) has a match in `text` (Python's `re.search`).
pub(crate) fn regex_matches(pattern: &'static str, text: &str) -> bool {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Regex>>> = OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if !cache.contains_key(pattern) {
        match Regex::new(pattern) {
            Ok(re) => cache.insert(pattern, re),
            Err(err) => {
                tracing::error!(%pattern, %err, "RegexField pattern does not compile");
                return false;
            }
        };
    }
    cache.get(pattern).is_some_and(|re| re.is_match(text))
}
