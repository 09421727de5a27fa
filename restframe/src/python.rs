//! The few pieces of Python that leak into DRF's observable answers, in one place: how Python
//! prints a float (`repr(float)`), which characters `str.strip()` removes, the type names in
//! messages (`Expected a list of items but got type "dict".`), and the `non_field_errors` shape.
//!
//! Every module that needs one of these calls it from here, so the renderer, the fields and the
//! serializers cannot disagree (they once did: `CharField` turned `1e20` into
//! `"100000000000000000000"` while DRF says `"1e+20"`).
//!
//! ```
//! use restframe::python::{float_repr, str_strip, type_name};
//! use serde_json::json;
//!
//! assert_eq!(float_repr(1e20), "1e+20");
//! assert_eq!(float_repr(0.00001), "1e-05");
//! assert_eq!(str_strip("\u{1f} bob\u{a0}"), "bob");
//! assert_eq!(type_name(&json!({"a": 1})), "dict");
//! ```

use serde_json::Value;

use crate::exceptions::{ApiError, Detail, ErrorDetail};

/// Python's `str()` of a parsed JSON value (`None`, `True`, `1.5`, `[1, 'a']`,
/// `{'a': None}`): what Django's `smart_str(data)` puts in a message such as
/// `Object with slug=[1] does not exist.`
///
/// ```
/// use restframe::python::str_of;
/// use serde_json::json;
///
/// assert_eq!(str_of(&json!("it's")), "it's");
/// assert_eq!(str_of(&json!([1, 1.0, true, null, "it's"])), "[1, 1.0, True, None, \"it's\"]");
/// assert_eq!(str_of(&json!({"a": {"b": "x\ny"}})), "{'a': {'b': 'x\\ny'}}");
/// ```
pub fn str_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => repr(other),
    }
}

/// Python's `repr()` of a parsed JSON value (dict keys in input order, as Python keeps them).
fn repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(n) => match (n.is_f64(), n.as_f64()) {
            (true, Some(f)) => float_repr(f),
            _ => n.to_string(),
        },
        Value::String(text) => str_repr(text),
        Value::Array(items) => format!("[{}]", items.iter().map(repr).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => {
            let items: Vec<String> = map.iter().map(|(k, v)| format!("{}: {}", str_repr(k), repr(v))).collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

/// Python's `repr(str)`: single quotes unless the text has one and no double quote; control
/// characters escaped (`\n`, `\x00`). Other non-printable characters (Python's
/// `str.isprintable()`) are escaped for the common cases: separators and format characters.
pub(crate) fn str_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..=0xa0).contains(&(c as u32)) || c == '\u{ad}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if is_whitespace(c) && c != ' ' || ('\u{200b}'..='\u{200f}').contains(&c) || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr(float)` (also `str(float)`): the shortest digits that round-trip, positional
/// for exponents -4..16 (`0.0001`, `1000000000000000.0`), otherwise `d.ddde+XX` with at least
/// two exponent digits (`1e+16`, `1e-05`); `inf`, `-inf` and `nan` as Python spells them.
///
/// ```
/// use restframe::python::float_repr;
///
/// assert_eq!(float_repr(1.0), "1.0");
/// assert_eq!(float_repr(-0.0), "-0.0");
/// assert_eq!(float_repr(1e16), "1e+16");
/// assert_eq!(float_repr(f64::NEG_INFINITY), "-inf");
/// ```
pub fn float_repr(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    // Rust's `{:e}` prints the same shortest round-trip digits as Python's repr; only the layout
    // differs.
    let sci = format!("{value:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = mantissa.strip_prefix('-').map_or(("", mantissa), |m| ("-", m));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        if point <= 0 {
            format!("{sign}0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
        } else if point as usize >= digits.len() {
            format!("{sign}{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            let (int, frac) = digits.split_at(point as usize);
            format!("{sign}{int}.{frac}")
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let exp_sign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}{frac}e{exp_sign}{:02}", exp.unsigned_abs())
    }
}

/// Python's `round(value, ndigits)` for floats: the nearest value with `ndigits` decimals,
/// ties to even on the exact binary value (`round(2.675, 2)` is `2.67`, `round(3.125, 2)` is
/// `3.12`), which Rust's fixed-precision formatting computes the same way.
///
/// ```
/// use restframe::python::round;
///
/// assert_eq!(round(3.6666666666666665, 2), 3.67);
/// assert_eq!(round(3.125, 2), 3.12);
/// assert_eq!(round(2.675, 2), 2.67);
/// assert_eq!(round(0.375, 2), 0.38);
/// ```
pub fn round(value: f64, ndigits: usize) -> f64 {
    format!("{value:.ndigits$}").parse().unwrap_or(value)
}

/// True for the characters Python's `str.isspace()` and `str.strip()` treat as whitespace
/// (CPython's `_PyUnicode_IsWhitespace`: bidirectional class WS, B or S, or category Zs). That is
/// Unicode's White_Space set plus the ASCII separators `\x1c`..`\x1f`, which Rust's
/// `char::is_whitespace` leaves out. The table is spelled out so a Unicode update in Rust cannot
/// move it away from Python's.
pub fn is_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\x1c'..='\x20'
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Python's `str.strip()` without arguments: removes leading and trailing [`is_whitespace`]
/// characters (DRF's `CharField(trim_whitespace=True)`).
///
/// ```
/// use restframe::python::str_strip;
///
/// assert_eq!(str_strip("\u{1c}\u{3000} pw \u{85}"), "pw");
/// assert_eq!(str_strip("a\u{200b}"), "a\u{200b}"); // ZERO WIDTH SPACE is not whitespace in Python
/// ```
pub fn str_strip(text: &str) -> &str {
    text.trim_matches(is_whitespace)
}

/// Python's `int(text, radix)` for radix 10 or 16: surrounding whitespace, one sign, a `0x`
/// prefix (radix 16), single underscores between digits (`1_000`). Non-ASCII decimal digits,
/// which Python also accepts, are refused. `None` when Python raises `ValueError` (or the value
/// does not fit an `i128`).
///
/// ```
/// use restframe::python::int;
///
/// assert_eq!(int(" +1_000\n", 10), Some(1000));
/// assert_eq!(int("0x_1f", 16), Some(31));
/// assert_eq!(int("1__0", 10), None);
/// assert_eq!(int("\u{1f}1", 10), None); // int() strips only ASCII spaces and Unicode's White_Space
/// ```
pub fn int(text: &str, radix: u32) -> Option<i128> {
    let (negative, magnitude) = int_parts(text, radix)?;
    let magnitude = i128::try_from(magnitude).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// [`int`] as sign and magnitude, for values up to `u128::MAX` (a UUID's 128 bits).
pub(crate) fn int_parts(text: &str, radix: u32) -> Option<(bool, u128)> {
    let body = text.trim_matches(is_number_whitespace);
    let (negative, unsigned) = match body.as_bytes().first()? {
        b'-' => (true, &body[1..]),
        b'+' => (false, &body[1..]),
        _ => (false, body),
    };
    let digits = match unsigned.get(..2) {
        Some(prefix) if radix == 16 && prefix.eq_ignore_ascii_case("0x") => {
            let after = &unsigned[2..];
            after.strip_prefix('_').unwrap_or(after)
        }
        _ => unsigned,
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some((negative, u128::from_str_radix(&clean, radix).ok()?))
}

/// The whitespace `int()` and `float()` strip: they turn non-ASCII whitespace into spaces and
/// then strip ASCII whitespace, so the separators `\x1c`..`\x1f`, which `str.strip()` removes,
/// stay (and fail the parse).
fn is_number_whitespace(c: char) -> bool {
    is_whitespace(c) && !('\x1c'..='\x1f').contains(&c)
}

/// Python's `float(text)`: surrounding whitespace (as [`int`]), single underscores between
/// digits (`1_000.5`), and `inf` / `nan` spelled any way Python accepts. Non-ASCII decimal digits,
/// which Python also accepts, are refused.
///
/// ```
/// use restframe::python::float;
///
/// assert_eq!(float(" 1_000.5\n"), Some(1000.5));
/// assert_eq!(float("1._5"), None);
/// assert_eq!(float("-Infinity"), Some(f64::NEG_INFINITY));
/// ```
pub fn float(text: &str) -> Option<f64> {
    let body = text.trim_matches(is_number_whitespace);
    let chars: Vec<char> = body.chars().collect();
    let between_digits =
        |i: usize| i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(char::is_ascii_digit);
    if (0..chars.len()).any(|i| chars[i] == '_' && !between_digits(i)) {
        return None;
    }
    body.replace('_', "").parse().ok()
}

/// Python's type name for the value `json.loads` returns for `value`, as DRF puts it in messages
/// (`str`, `int`, `float`, `bool`, `list`, `dict`, `NoneType`).
///
/// ```
/// use restframe::python::type_name;
/// use serde_json::json;
///
/// assert_eq!(type_name(&json!(1)), "int");
/// assert_eq!(type_name(&json!(1.0)), "float");
/// assert_eq!(type_name(&json!(null)), "NoneType");
/// ```
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// The validation error DRF raises for a whole serializer: `{"<key>": ["<message>"]}`, where
/// `key` is the `NON_FIELD_ERRORS_KEY` setting (`non_field_errors` by default).
///
/// ```
/// use restframe::exceptions::ErrorDetail;
/// use restframe::python::non_field_error;
/// use serde_json::json;
///
/// let err = non_field_error("non_field_errors", ErrorDetail::new("This list may not be empty.", "empty"));
/// assert_eq!(err.detail().to_json(), json!({"non_field_errors": ["This list may not be empty."]}));
/// ```
pub fn non_field_error(key: &str, detail: ErrorDetail) -> ApiError {
    ApiError::validation(Detail::Dict(vec![(key.to_owned(), Detail::List(vec![detail.into()]))]))
}

/// The first of the 2,048 code points that stand for Python's lone surrogates U+D800..=U+DFFF
/// inside a Rust `String`: U+10F800..=U+10FFFF, the last block of Supplementary Private Use
/// Area-B.
///
/// Python's `json.loads` accepts `"\ud800"` and hands the field a `str` holding a lone surrogate,
/// which DRF's `CharField` then rejects (`Surrogate characters are not allowed: U+D800.`) next to
/// its other validators. A Rust `String` cannot hold a surrogate, so the JSON parser writes each
/// lone one as `SURROGATE_MARKER_BASE + (surrogate - 0xD800)`. Why this choice:
/// - one character per surrogate, so `max_length` / `min_length` count exactly as Python does;
/// - private-use code points that no standard assigns, at the very end of Unicode, so real text
///   essentially never contains them (a client that does send one of them is answered as if it
///   had sent the surrogate; restframe's README lists this);
/// - a side table would have to follow every clone of the parsed `Value`, and WTF-8 would need a
///   second string type through every field.
pub(crate) const SURROGATE_MARKER_BASE: u32 = 0x10_F800;

/// The marker for the lone surrogate `unit` (U+D800..=U+DFFF).
pub(crate) fn surrogate_marker(unit: u16) -> Option<char> {
    (0xD800..=0xDFFF)
        .contains(&unit)
        .then(|| char::from_u32(SURROGATE_MARKER_BASE + u32::from(unit - 0xD800)))
        .flatten()
}

/// The lone surrogate `c` stands for, if it is a marker (see [`SURROGATE_MARKER_BASE`]).
pub(crate) fn marked_surrogate(c: char) -> Option<u32> {
    u32::from(c).checked_sub(SURROGATE_MARKER_BASE).map(|offset| 0xD800 + offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values printed by CPython 3.13 (`repr(x)`).
    #[test]
    fn float_repr_matches_cpython() {
        let cases = [
            (1.5, "1.5"),
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (0.1, "0.1"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e20, "1e+20"),
            (-1e20, "-1e+20"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (123456.789, "123456.789"),
            (1e-7, "1e-07"),
            (0.00001, "1e-05"),
            (0.0001, "0.0001"),
            (0.00012, "0.00012"),
            (1.5e-5, "1.5e-05"),
            (2.5e300, "2.5e+300"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
        ];
        for (value, expected) in cases {
            assert_eq!(float_repr(value), expected, "{value:?}");
        }
    }

    /// `[hex(c) for c in range(0x110000) if chr(c).isspace()]` in CPython 3.13.
    #[test]
    fn whitespace_set_matches_cpython() {
        let python: Vec<u32> = [
            0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
            0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
        ]
        .to_vec();
        let ours: Vec<u32> =
            (0..=0x10ffff).filter_map(char::from_u32).filter(|c| is_whitespace(*c)).map(u32::from).collect();
        assert_eq!(ours, python);
    }

    /// Expected values printed by CPython 3.13's `int(text, base)`.
    #[test]
    fn int_matches_cpython() {
        let cases = [
            ("0x1f", 16, Some(31)),
            ("0x_1f", 16, Some(31)),
            ("0X1F", 16, Some(31)),
            ("+0x1f", 16, Some(31)),
            (" 1f ", 16, Some(31)),
            ("1_f", 16, Some(31)),
            ("-1f", 16, Some(-31)),
            ("_1f", 16, None),
            ("1f_", 16, None),
            ("1__f", 16, None),
            ("+_1", 16, None),
            ("0x", 16, None),
            ("0x_", 16, None),
            ("+", 16, None),
            ("", 16, None),
            ("\x1c1f\x1f", 16, None),
            ("+-1", 16, None),
            ("0x10", 10, None),
            ("\u{3000}42\u{85}", 10, Some(42)),
            ("-0", 10, Some(0)),
            ("1e3", 10, None),
        ];
        for (text, radix, expected) in cases {
            assert_eq!(int(text, radix), expected, "int({text:?}, {radix})");
        }
    }

    /// Expected values printed by CPython 3.13's `float(text)`.
    #[test]
    fn float_matches_cpython() {
        let cases = [
            ("1_000.5", Some(1000.5)),
            ("1e1_0", Some(1e10)),
            ("1_0e1", Some(100.0)),
            (" 1.5 ", Some(1.5)),
            ("\u{3000}1.5", Some(1.5)),
            (".5", Some(0.5)),
            ("5.", Some(5.0)),
            ("+.5", Some(0.5)),
            ("1__0", None),
            ("_1", None),
            ("1_", None),
            ("1._5", None),
            ("\x1c1.5", None),
            ("1.5\x1c", None),
            ("1.5e", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(float(text), expected, "float({text:?})");
        }
        assert_eq!(float("-iNF"), Some(f64::NEG_INFINITY));
        assert!(float("nan").is_some_and(f64::is_nan));
    }

    #[test]
    fn type_names_are_pythons() {
        use serde_json::json;
        let names: Vec<_> =
            [json!(null), json!(true), json!(1), json!(-1), json!(1.5), json!("s"), json!([]), json!({})]
                .iter()
                .map(type_name)
                .collect();
        assert_eq!(names, ["NoneType", "bool", "int", "int", "float", "str", "list", "dict"]);
    }

    #[test]
    fn surrogate_markers_round_trip() {
        assert_eq!(surrogate_marker(0xD800), Some('\u{10F800}'));
        assert_eq!(surrogate_marker(0xDFFF), Some('\u{10FFFF}'));
        assert_eq!(surrogate_marker(0xD7FF), None);
        assert_eq!(surrogate_marker(0xE000), None);
        assert_eq!(marked_surrogate('\u{10F800}'), Some(0xD800));
        assert_eq!(marked_surrogate('\u{10FFFF}'), Some(0xDFFF));
        assert_eq!(marked_surrogate('\u{10F7FF}'), None);
        assert_eq!(marked_surrogate('a'), None);
    }
}
