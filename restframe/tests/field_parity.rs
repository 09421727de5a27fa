//! `CharField` edge cases where Python itself shows through (how `str()` prints a float, which
//! characters `str.strip()` removes). Every expected value was printed by DRF 3.18.3 on
//! CPython 3.13 for the same JSON body.

use restframe::serializers::SerializerHooks;
use serde_json::{Value, json};

/// Validates `body` (JSON text, parsed as the JSON parser would) with `S`: `Ok(validated data)`
/// or `Err(error tree)`.
async fn check<S: SerializerHooks>(body: &str) -> Result<Value, Value> {
    let data: Value = serde_json::from_str(body).expect("test bodies are valid JSON");
    let mut s = S::with_data(data);
    match s.is_valid().await {
        Ok(true) => Ok(s.data().expect("data after is_valid")),
        Ok(false) => Err(s.errors().expect("errors after is_valid").to_json()),
        Err(err) => panic!("unexpected internal error: {err}"),
    }
}

#[derive(restframe::Serializer)]
struct Char {
    f: String,
}

#[tokio::test]
async fn char_field_prints_numbers_as_python_str_does() {
    let cases = [
        (r#"{"f":1e20}"#, "1e+20"),
        (r#"{"f":0.00001}"#, "1e-05"),
        (r#"{"f":1.5}"#, "1.5"),
        (r#"{"f":-0.0}"#, "-0.0"),
        (r#"{"f":1.0}"#, "1.0"),
        (r#"{"f":1e16}"#, "1e+16"),
        (r#"{"f":1e15}"#, "1000000000000000.0"),
        (r#"{"f":12345678901234567890}"#, "12345678901234567890"),
        (r#"{"f":-9223372036854775808}"#, "-9223372036854775808"),
        (r#"{"f":9007199254740993}"#, "9007199254740993"),
    ];
    for (body, expected) in cases {
        assert_eq!(check::<Char>(body).await, Ok(json!({ "f": expected })), "{body}");
    }
}

/// CPython 3.13: `[hex(c) for c in range(0x110000) if chr(c).isspace()]`.
const PYTHON_WHITESPACE: [u32; 29] = [
    0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
    0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
];

#[tokio::test]
async fn char_field_strips_every_python_whitespace_character() {
    assert_eq!(check::<Char>(r#"{"f":"\u001fbob"}"#).await, Ok(json!({"f": "bob"})));
    for code in PYTHON_WHITESPACE {
        let ws = char::from_u32(code).expect("a scalar value");
        let body = json!({ "f": format!("{ws}bob{ws}") }).to_string();
        assert_eq!(check::<Char>(&body).await, Ok(json!({"f": "bob"})), "U+{code:04X}");
        let blank = json!({ "f": ws.to_string() }).to_string();
        assert_eq!(check::<Char>(&blank).await, Err(json!({"f": ["This field may not be blank."]})), "U+{code:04X}");
    }
}

#[tokio::test]
async fn char_field_keeps_what_python_does_not_strip() {
    // ZERO WIDTH SPACE, MONGOLIAN VOWEL SEPARATOR and the BOM are not `isspace()` in Python.
    for ch in ['\u{200b}', '\u{180e}', '\u{feff}'] {
        let body = json!({ "f": format!("{ch}bob{ch}") }).to_string();
        assert_eq!(check::<Char>(&body).await, Ok(json!({ "f": format!("{ch}bob{ch}") })), "{ch:?}");
    }
}
