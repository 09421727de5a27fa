//! `DecimalField`: on a `rust_decimal::Decimal`, or on a `String` column through
//! [`Kind::Decimal`](super::Kind::Decimal). Both read text as Python's `decimal.Decimal` does,
//! check DRF's precision rules and render the value quantized to `decimal_places` (rounded half
//! to even, Python's default context).

use rust_decimal::Decimal;
use serde_json::Value;

use super::{FieldSpec, FieldType, Limit, Represent};
use crate::exceptions::{Detail, ErrorDetail};
use crate::python::{float_repr, str_strip};

/// DRF's `smart_str(data).strip()` of the input; `None` for booleans, lists and objects (which
/// `decimal.Decimal` refuses).
fn input_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(str_strip(s).to_owned()),
        Value::Number(n) if n.is_f64() => n.as_f64().map(float_repr),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `DecimalField.validate_empty_values`: blank text is null when `allow_null` is set.
pub(super) fn is_blank(value: &Value) -> bool {
    matches!(value, Value::String(s) if str_strip(s).is_empty())
}

/// `DecimalField.to_internal_value`: parse, reject NaN/Infinity, check the precision, quantize.
/// The result is the quantized text (`"1.50"`).
pub(super) fn decimal_text(
    value: &Value,
    spec: &FieldSpec,
    max_digits: Option<u32>,
    decimal_places: Option<u32>,
) -> Result<String, Detail> {
    let invalid = || spec.fail("invalid", "A valid number is required.");
    let text = input_text(value).ok_or_else(invalid)?;
    if text.chars().count() > 1000 {
        return Err(spec.fail("max_string_length", "String value too large."));
    }
    // The C decimal module drops every underscore.
    let dec = ParsedDecimal::parse(&text.replace('_', "")).ok_or_else(invalid)?;
    let (total, whole, places) = dec.precision();
    // DRF's validate_precision raises on the first failure.
    if let Some(max) = max_digits.filter(|max| total > *max) {
        return Err(one(spec.error(
            "max_digits",
            "Ensure that there are no more than {max_digits} digits in total.",
            &[("max_digits", &max)],
        )));
    }
    if let Some(max) = decimal_places.filter(|max| places > *max) {
        return Err(one(spec.error(
            "max_decimal_places",
            "Ensure that there are no more than {max_decimal_places} decimal places.",
            &[("max_decimal_places", &max)],
        )));
    }
    if let (Some(digits), Some(dp)) = (max_digits, decimal_places) {
        let max_whole = digits.saturating_sub(dp);
        if whole > max_whole {
            return Err(one(spec.error(
                "max_whole_digits",
                "Ensure that there are no more than {max_whole_digits} digits before the decimal point.",
                &[("max_whole_digits", &max_whole)],
            )));
        }
    }
    Ok(dec.render(decimal_places))
}

fn one(detail: ErrorDetail) -> Detail {
    Detail::List(vec![detail.into()])
}

/// DRF's `to_representation`: the text quantized to `decimal_places` (unparsable text, which
/// only a hand-edited database could hold, is returned as it is).
pub(super) fn quantized(text: &str, decimal_places: Option<u32>) -> String {
    match ParsedDecimal::parse(text) {
        Some(dec) => dec.render(decimal_places),
        None => text.to_owned(),
    }
}

/// `MaxValueValidator` / `MinValueValidator` on the exact value.
fn check_range(value: Decimal, spec: &FieldSpec, errors: &mut Vec<ErrorDetail>) {
    let as_decimal = |limit: Limit| match limit {
        Limit::Int(i) => Some(Decimal::from(i)),
        Limit::Float(f) => Decimal::try_from(f).ok(),
    };
    if let Some(max) = spec.max_value.filter(|max| as_decimal(*max).is_some_and(|m| value > m)) {
        errors.push(spec.error(
            "max_value",
            "Ensure this value is less than or equal to {max_value}.",
            &[("max_value", &max)],
        ));
    }
    if let Some(min) = spec.min_value.filter(|min| as_decimal(*min).is_some_and(|m| value < m)) {
        errors.push(spec.error(
            "min_value",
            "Ensure this value is greater than or equal to {min_value}.",
            &[("min_value", &min)],
        ));
    }
}

/// `DecimalField(max_digits, decimal_places, coerce_to_string)` on a `rust_decimal::Decimal`.
/// A value `rust_decimal` cannot hold (more than 28 significant digits, or beyond ±7.9e28) is
/// `A valid number is required.`; DRF, on Python's unbounded decimals, would take it when
/// `max_digits` allows.
///
/// ```
/// use restframe::fields::{FieldSpec, FieldType, Represent};
/// use rust_decimal::Decimal;
/// use serde_json::json;
///
/// const PRICE: FieldSpec = FieldSpec { max_digits: Some(5), decimal_places: Some(2), ..FieldSpec::new("price") };
/// let price = Decimal::from_json(&json!("1.5"), &PRICE).expect("a valid decimal");
/// assert_eq!(price.represent(&PRICE), json!("1.50"));
/// let err = Decimal::from_json(&json!("1234.5"), &PRICE).expect_err("too many digits");
/// assert_eq!(err.to_json(), json!(["Ensure that there are no more than 3 digits before the decimal point."]));
/// ```
impl FieldType for Decimal {
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "decimal"
    }
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        let text = decimal_text(value, spec, spec.max_digits, spec.decimal_places)?;
        Decimal::from_str_exact(&text).map_err(|_| spec.fail("invalid", "A valid number is required."))
    }
    fn null_input(value: &Value, _spec: &FieldSpec) -> bool {
        is_blank(value)
    }
    fn check(&self, spec: &FieldSpec, errors: &mut Vec<ErrorDetail>) {
        check_range(*self, spec, errors);
    }
}

impl Represent for Decimal {
    /// A string quantized to `decimal_places`, or with `coerce_to_string = false` the number
    /// DRF's JSON encoder writes (`float(value)`).
    fn represent(&self, spec: &FieldSpec) -> Value {
        // A value already at the field's places (what the database holds) is its own text.
        let text = if spec.decimal_places == Some(self.scale()) {
            self.to_string()
        } else {
            quantized(&self.to_string(), spec.decimal_places)
        };
        if spec.coerce_to_string {
            return Value::String(text);
        }
        text.parse::<f64>().ok().map_or(Value::String(text), Value::from)
    }
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
            // `Decimal('0E5').as_tuple()` is `(0, (0,), 5)`: six digits in DRF's count.
            let total = n + self.exponent;
            (total, total, 0)
        } else if n > -self.exponent {
            (n, n + self.exponent, -self.exponent)
        } else {
            (-self.exponent, 0, -self.exponent)
        };
        (total as u32, whole as u32, places as u32)
    }

    /// The value quantized to `places` decimal places (`1.5` → `1.50`), rounded half to even
    /// as Python's `Decimal.quantize` in the default context; the sign stays, even on zero.
    fn render(&self, places: Option<u32>) -> String {
        let places = places.map(i64::from).unwrap_or((-self.exponent).max(0));
        let shift = self.exponent + places;
        let mut coefficient = self.digits.clone();
        if shift >= 0 {
            coefficient.push_str(&"0".repeat(shift as usize));
        } else {
            coefficient = round_half_even(&coefficient, (-shift) as usize);
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
        let sign = if self.negative { "-" } else { "" };
        if places == 0 { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") }
    }
}

/// The digit string `digits` with its last `drop` digits removed, rounded half to even.
fn round_half_even(digits: &str, drop: usize) -> String {
    let keep = digits.len().saturating_sub(drop);
    let dropped = format!("{:0>drop$}", &digits[keep..]);
    let half = format!("5{}", "0".repeat(drop - 1));
    let mut kept: Vec<u8> = digits[..keep].bytes().collect();
    let odd = kept.last().is_some_and(|d| (d - b'0') % 2 == 1);
    if dropped > half || (dropped == half && odd) {
        // Add one to the kept digits, carrying.
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, b'1');
                break;
            }
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    if kept.is_empty() { "0".to_owned() } else { String::from_utf8(kept).unwrap_or_default() }
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
        assert_eq!(p("-0E5"), Some((6, 6, 0)));
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
        assert_eq!(r("1.09", Some(1)).as_deref(), Some("1.1"));
        assert_eq!(r("1.05", Some(1)).as_deref(), Some("1.0"));
        assert_eq!(r("1.15", Some(1)).as_deref(), Some("1.2"));
        assert_eq!(r("9.99", Some(1)).as_deref(), Some("10.0"));
        assert_eq!(r("0.04", Some(1)).as_deref(), Some("0.0"));
        assert_eq!(r("-0.05", Some(1)).as_deref(), Some("-0.0"));
        assert_eq!(r("-0", Some(2)).as_deref(), Some("-0.00"));
    }

    /// A value stored at the field's places skips the quantizing, with the same text.
    #[test]
    fn represent_at_the_fields_places_equals_quantizing() {
        let spec = FieldSpec { decimal_places: Some(2), ..FieldSpec::new("price") };
        for text in ["42.19", "0.05", "-0.05", "0.00", "100.10", "-12345678901234567890.99"] {
            let value: Decimal = text.parse().expect("a decimal");
            assert_eq!(value.scale(), 2);
            assert_eq!(value.represent(&spec), Value::String(quantized(&value.to_string(), Some(2))), "{text}");
            assert_eq!(value.represent(&spec), Value::String(text.to_owned()), "{text}");
        }
        let negative_zero = -"0.00".parse::<Decimal>().expect("a decimal");
        assert_eq!(negative_zero.represent(&spec), Value::String(quantized(&negative_zero.to_string(), Some(2))));
        // Other places still go through the quantizing.
        assert_eq!("1.5".parse::<Decimal>().expect("a decimal").represent(&spec), Value::String("1.50".to_owned()));
        assert_eq!("1.005".parse::<Decimal>().expect("a decimal").represent(&spec), Value::String("1.00".to_owned()));
    }
}
