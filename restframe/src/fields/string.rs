//! `CharField` and its relatives, all stored in a `String`: `EmailField`, `URLField`,
//! `SlugField`, `UUIDField`, `RegexField`, `ChoiceField`, `DecimalField`.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use regex::Regex;
use serde_json::Value;

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
            Kind::Decimal { max_digits, decimal_places } => decimal(value, spec, max_digits, decimal_places),
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

    fn skips_validators(&self, spec: &FieldSpec) -> bool {
        self.is_empty() && spec.allow_blank
    }

    fn as_str(&self) -> Option<&str> {
        Some(self)
    }
}

impl Represent for String {
    fn represent(&self, _spec: &FieldSpec) -> Value {
        Value::String(self.clone())
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
    let text = match value {
        Value::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        other => scalar_text(other).unwrap_or_else(|| other.to_string()),
    };
    if text.is_empty() && spec.allow_blank {
        return Ok(text);
    }
    if choices.contains(&text.as_str()) {
        Ok(text)
    } else {
        Err(Detail::List(vec![
            spec.error("invalid_choice", "\"{input}\" is not a valid choice.", &[("input", &text)]).into(),
        ]))
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

/// `DecimalField.to_internal_value`: parse, reject NaN/Infinity, check the precision, quantize.
fn decimal(
    value: &Value,
    spec: &FieldSpec,
    max_digits: Option<u32>,
    decimal_places: Option<u32>,
) -> Result<String, Detail> {
    let invalid = || spec.fail("invalid", "A valid number is required.");
    let text = match value {
        Value::Bool(_) | Value::Null | Value::Array(_) | Value::Object(_) => return Err(invalid()),
        other => scalar_text(other).unwrap_or_default(),
    };
    // `decimal.Decimal(smart_str(data).strip())`: `str.strip()`'s whitespace, and the C decimal
    // module drops every underscore.
    let text = str_strip(&text);
    if text.chars().count() > 1000 {
        return Err(spec.fail("max_string_length", "String value too large."));
    }
    let dec = ParsedDecimal::parse(&text.replace('_', "")).ok_or_else(invalid)?;
    let (total, whole, places) = dec.precision();
    // DRF's validate_precision raises on the first failure.
    let mut errors = Vec::new();
    if let Some(max) = max_digits.filter(|max| total > *max) {
        errors.push(spec.error(
            "max_digits",
            "Ensure that there are no more than {max_digits} digits in total.",
            &[("max_digits", &max)],
        ));
    }
    if let Some(max) = decimal_places.filter(|max| places > *max && errors.is_empty()) {
        errors.push(spec.error(
            "max_decimal_places",
            "Ensure that there are no more than {max_decimal_places} decimal places.",
            &[("max_decimal_places", &max)],
        ));
    }
    if let (Some(digits), Some(dp)) = (max_digits, decimal_places) {
        let max_whole = digits.saturating_sub(dp);
        if whole > max_whole && errors.is_empty() {
            errors.push(spec.error(
                "max_whole_digits",
                "Ensure that there are no more than {max_whole_digits} digits before the decimal point.",
                &[("max_whole_digits", &max_whole)],
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Detail::List(errors.into_iter().map(Detail::from).collect()));
    }
    Ok(dec.render(decimal_places))
}

/// A finite decimal as Python's `Decimal.as_tuple()` sees it: sign, coefficient digits, exponent.
struct ParsedDecimal {
    negative: bool,
    digits: String,
    exponent: i64,
}

impl ParsedDecimal {
    fn parse(text: &str) -> Option<Self> {
        let (negative, body) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exp) = match body.find(['e', 'E']) {
            Some(i) => (&body[..i], body[i + 1..].parse::<i64>().ok()?),
            None => (body, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() && frac.is_empty() || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
            return None;
        }
        if exp.abs() > 10_000 {
            return None;
        }
        let all = format!("{int}{frac}");
        let digits = all.trim_start_matches('0');
        let digits = if digits.is_empty() { "0".to_owned() } else { digits.to_owned() };
        Some(Self { negative, digits, exponent: exp - frac.len() as i64 })
    }

    /// DRF's `validate_precision` numbers: (total digits, whole digits, decimal places).
    fn precision(&self) -> (u32, u32, u32) {
        let n = self.digits.len() as i64;
        let (total, whole, places) = if self.exponent >= 0 {
            let total = if self.digits == "0" { 1 } else { n + self.exponent };
            (total, total, 0)
        } else if n > -self.exponent {
            (n, n + self.exponent, -self.exponent)
        } else {
            (-self.exponent, 0, -self.exponent)
        };
        (total as u32, whole as u32, places as u32)
    }

    /// The value quantized to `places` decimal places (`1.5` → `1.50`), as DRF renders it.
    fn render(&self, places: Option<u32>) -> String {
        let places = places.map(i64::from).unwrap_or((-self.exponent).max(0));
        let shift = self.exponent + places;
        let mut coefficient = self.digits.clone();
        if shift >= 0 {
            coefficient.push_str(&"0".repeat(shift as usize));
        } else {
            coefficient.truncate(coefficient.len().saturating_sub((-shift) as usize));
        }
        let places = places as usize;
        if coefficient.len() <= places {
            coefficient = format!("{}{coefficient}", "0".repeat(places + 1 - coefficient.len()));
        }
        let (int, frac) = coefficient.split_at(coefficient.len() - places);
        let int = match int.trim_start_matches('0') {
            "" => "0",
            trimmed => trimmed,
        };
        let sign = if self.negative && coefficient.chars().any(|c| c != '0') { "-" } else { "" };
        if places == 0 { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_precision_matches_python() {
        let p = |s: &str| ParsedDecimal::parse(s).map(|d| d.precision());
        assert_eq!(p("1.50"), Some((3, 1, 2)));
        assert_eq!(p("0.001"), Some((3, 0, 3)));
        assert_eq!(p("123"), Some((3, 3, 0)));
        assert_eq!(p("1e3"), Some((4, 4, 0)));
        assert_eq!(p("0"), Some((1, 1, 0)));
        assert_eq!(p("abc"), None);
        assert_eq!(p("."), None);
    }

    #[test]
    fn decimal_render_quantizes() {
        let r = |s: &str, dp| ParsedDecimal::parse(s).map(|d| d.render(dp));
        assert_eq!(r("1.5", Some(2)).as_deref(), Some("1.50"));
        assert_eq!(r("-0.5", Some(1)).as_deref(), Some("-0.5"));
        assert_eq!(r("12", Some(0)).as_deref(), Some("12"));
        assert_eq!(r(".05", Some(3)).as_deref(), Some("0.050"));
        assert_eq!(r("1e2", Some(1)).as_deref(), Some("100.0"));
    }
}
