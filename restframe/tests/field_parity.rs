//! Field answers where Python or Django's exact rules show through: how `str()` prints a float,
//! which characters `str.strip()` removes, Django 6.1's `EmailValidator` and `URLValidator`.
//! Every expected value was printed by DRF 3.18.3 + Django 6.1.3 on CPython 3.13 for the same
//! JSON body.

#[path = "field_parity/drf_cases.rs"]
mod drf_cases;
#[path = "field_parity/drf_tables.rs"]
mod drf_tables;
#[path = "field_parity/tables.rs"]
mod tables;

use restframe::serializers::SerializerHooks;
use serde_json::{Value, json};

/// Validates `body` (JSON text, parsed as the JSON parser would) with `S`: `Ok(validated data)`
/// or `Err(error tree)`.
async fn check<S: SerializerHooks>(body: &str) -> Result<Value, Value> {
    let data: Value = serde_json::from_str(body).expect("test bodies are valid JSON");
    let mut s = S::with_data(data);
    match s.is_valid().await {
        Ok(true) => Ok(s.data().await.expect("data after is_valid")),
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

#[derive(restframe::Serializer)]
struct Email {
    // The demo's `auth_user.email`: `EmailField(max_length=254)`.
    #[field(email, max_length = 254)]
    f: String,
}

/// Django 6.1's `EmailValidator`, rule by rule (user part, host labels, TLD letters or punycode,
/// the `localhost` allowlist, address literals), with DRF 3.18.3's answer for each address.
#[tokio::test]
async fn email_field_follows_django_6_1_rule_by_rule() {
    let cases: &[(&str, Result<&str, &[&str]>)] = &[
        ("a@b.co", Ok("a@b.co")),
        ("user@example.com", Ok("user@example.com")),
        ("USER@EXAMPLE.COM", Ok("USER@EXAMPLE.COM")),
        ("a.b-c+d@ex-ample.co.uk", Ok("a.b-c+d@ex-ample.co.uk")),
        (
            "a@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.com",
            Err(&["Enter a valid email address."]),
        ),
        ("a@b.c", Err(&["Enter a valid email address."])),
        ("a@b.c0m", Err(&["Enter a valid email address."])),
        ("a@b.123", Err(&["Enter a valid email address."])),
        ("a@b.xn--p1ai", Ok("a@b.xn--p1ai")),
        ("a@b.xn--", Err(&["Enter a valid email address."])),
        ("a@b.XN--P1AI", Ok("a@b.XN--P1AI")),
        ("a@m\u{fc}nchen.de", Ok("a@m\u{fc}nchen.de")),
        ("a@b.\u{440}\u{444}", Ok("a@b.\u{440}\u{444}")),
        ("\u{fc}ser@b.com", Err(&["Enter a valid email address."])),
        ("a@-b.com", Err(&["Enter a valid email address."])),
        ("a@b-.com", Err(&["Enter a valid email address."])),
        ("a@b.-com", Err(&["Enter a valid email address."])),
        ("a@b.com-", Err(&["Enter a valid email address."])),
        ("a@b..com", Err(&["Enter a valid email address."])),
        ("a@.b.com", Err(&["Enter a valid email address."])),
        ("a@b.com.", Err(&["Enter a valid email address."])),
        ("a@localhost", Ok("a@localhost")),
        ("a@LOCALHOST", Err(&["Enter a valid email address."])),
        ("a@localhost.", Err(&["Enter a valid email address."])),
        ("a@[127.0.0.1]", Ok("a@[127.0.0.1]")),
        ("a@[::1]", Ok("a@[::1]")),
        ("a@[IPv6:::1]", Err(&["Enter a valid email address."])),
        ("a@[1.2.3]", Err(&["Enter a valid email address."])),
        ("a@[01.2.3.4]", Err(&["Enter a valid email address."])),
        ("a@[256.1.1.1]", Err(&["Enter a valid email address."])),
        ("a@[::ffff:1.2.3.4]", Ok("a@[::ffff:1.2.3.4]")),
        ("a@[0000:0000:0000:0000:0000:ffff:192.168.100.228]", Err(&["Enter a valid email address."])),
        ("a@[1::2::3]", Err(&["Enter a valid email address."])),
        ("a@[g::1]", Err(&["Enter a valid email address."])),
        ("\"john doe\"@example.com", Err(&["Enter a valid email address."])),
        ("\"a\\\"b\"@example.com", Ok("\"a\\\"b\"@example.com")),
        ("\"\"@example.com", Ok("\"\"@example.com")),
        ("\"a@b\"@example.com", Ok("\"a@b\"@example.com")),
        (".a@b.com", Err(&["Enter a valid email address."])),
        ("a.@b.com", Err(&["Enter a valid email address."])),
        ("a..b@b.com", Err(&["Enter a valid email address."])),
        ("a b@b.com", Err(&["Enter a valid email address."])),
        ("a@b@c.com", Err(&["Enter a valid email address."])),
        ("@b.com", Err(&["Enter a valid email address."])),
        ("a@", Err(&["Enter a valid email address."])),
        ("a", Err(&["Enter a valid email address."])),
        ("a@b", Err(&["Enter a valid email address."])),
        ("\u{17f}@b.com", Ok("\u{17f}@b.com")),
        ("K@b.com", Ok("K@b.com")),
        ("\u{131}@b.com", Ok("\u{131}@b.com")),
        ("\u{130}@b.com", Ok("\u{130}@b.com")),
        ("a@b.com\u{a}", Ok("a@b.com")),
        ("a@\u{1f600}.com", Err(&["Enter a valid email address."])),
        ("a@b.\u{1f600}", Err(&["Enter a valid email address."])),
        ("a@1.com", Ok("a@1.com")),
        ("a@b.c-m", Ok("a@b.c-m")),
        ("a@b.xn--1", Ok("a@b.xn--1")),
        (
            "a@b.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            Err(&["Enter a valid email address."]),
        ),
        ("a@xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.x", Err(&["Enter a valid email address."])),
        ("k\u{212a}@b.com", Ok("k\u{212a}@b.com")),
        ("a@b_c.com", Err(&["Enter a valid email address."])),
        ("a@b.co_m", Err(&["Enter a valid email address."])),
        ("\"\\\u{1}\"@b.com", Ok("\"\\\u{1}\"@b.com")),
        ("\"\u{7f}\"@b.com", Ok("\"\u{7f}\"@b.com")),
        ("\"\u{e9}\"@b.com", Err(&["Enter a valid email address."])),
        ("\"\u{212a}\"@b.com", Ok("\"\u{212a}\"@b.com")),
        ("\"\\\u{17f}\"@b.com", Ok("\"\\\u{17f}\"@b.com")),
    ];
    for (input, expected) in cases {
        let body = json!({ "f": input }).to_string();
        let expected = match expected {
            Ok(value) => Ok(json!({ "f": value })),
            Err(messages) => Err(json!({ "f": messages })),
        };
        assert_eq!(check::<Email>(&body).await, expected, "{input:?}");
    }
}

#[tokio::test]
async fn email_labels_and_lengths_at_their_limits() {
    let label63 = "a".repeat(63);
    let cases = [
        (format!("{}@{}.com", "a".repeat(64), "b".repeat(63)), true),
        (format!("x@{label63}.{label63}.{label63}.com"), true),
        (format!("a@b.{}", "x".repeat(63)), true),
        (format!("a@b.{}", "x".repeat(64)), false),
        (format!("a@b.xn--{}", "1".repeat(59)), true),
        (format!("a@b.xn--{}", "1".repeat(60)), false),
    ];
    for (input, valid) in cases {
        let body = json!({ "f": input }).to_string();
        let expected =
            if valid { Ok(json!({ "f": input })) } else { Err(json!({"f": ["Enter a valid email address."]})) };
        assert_eq!(check::<Email>(&body).await, expected, "{input}");
    }
}

/// Django 6.1 accepts up to 320 characters, so 255..=320 valid characters get only DRF's
/// max-length message; past 320 both messages.
#[tokio::test]
async fn email_between_255_and_320_characters_gets_only_the_length_message() {
    let too_long = json!(["Ensure this field has no more than 254 characters."]);
    let both = json!(["Ensure this field has no more than 254 characters.", "Enter a valid email address."]);
    for (length, expected) in [(255, &too_long), (300, &too_long), (320, &too_long), (321, &both), (400, &both)] {
        let input = format!("{}@example.com", "a".repeat(length - "@example.com".len()));
        let body = json!({ "f": input }).to_string();
        assert_eq!(check::<Email>(&body).await, Err(json!({ "f": expected })), "{length}");
    }
    let fits = format!("{}@example.com", "a".repeat(254 - "@example.com".len()));
    assert_eq!(check::<Email>(&json!({ "f": fits }).to_string()).await, Ok(json!({ "f": fits })));
}

#[derive(restframe::Serializer)]
struct Url {
    #[field(url)]
    f: String,
}

/// Django 6.1's `URLValidator`, rule by rule (scheme list, user info, IPv4 without leading zeros,
/// bracketed IPv6, host labels and TLDs, `localhost`, ports, paths without whitespace,
/// `urlsplit`'s own refusals, the 253-character host limit), with DRF 3.18.3's answer for each.
#[tokio::test]
async fn url_field_follows_django_6_1_rule_by_rule() {
    let cases: &[(&str, Result<&str, ()>)] = &[
        ("http://example.com", Ok("http://example.com")),
        ("https://example.com/path?q=1#frag", Ok("https://example.com/path?q=1#frag")),
        ("ftp://example.com", Ok("ftp://example.com")),
        ("ftps://example.com", Ok("ftps://example.com")),
        ("HTTP://EXAMPLE.COM", Ok("HTTP://EXAMPLE.COM")),
        ("mailto://example.com", Err(())),
        ("example.com", Err(())),
        ("http://", Err(())),
        ("http://localhost", Ok("http://localhost")),
        ("http://LOCALHOST:8000/", Ok("http://LOCALHOST:8000/")),
        ("http://localho\u{17f}t", Ok("http://localho\u{17f}t")),
        ("http://localhost.", Err(())),
        ("http://127.0.0.1", Ok("http://127.0.0.1")),
        ("http://127.0.0.1:80", Ok("http://127.0.0.1:80")),
        ("http://256.0.0.1", Err(())),
        ("http://01.2.3.4", Err(())),
        ("http://1.2.3.4.com", Ok("http://1.2.3.4.com")),
        ("http://[::1]", Ok("http://[::1]")),
        ("http://[::1]:8080/x", Ok("http://[::1]:8080/x")),
        ("http://[::1", Err(())),
        ("http://::1]", Err(())),
        ("http://[1.2.3.4]", Err(())),
        ("http://[g::1]", Err(())),
        ("http://[0000:0000:0000:0000:0000:ffff:192.168.100.228]", Err(())),
        ("http://[v1.x]", Err(())),
        ("http://user:pass@example.com", Ok("http://user:pass@example.com")),
        ("http://user@example.com", Ok("http://user@example.com")),
        ("http://:pass@example.com", Err(())),
        ("http://a@b@c.com", Err(())),
        ("http://a?b@c.com", Ok("http://a?b@c.com")),
        ("http://a b.com", Err(())),
        ("http://example.com/a b", Err(())),
        ("http://example.com/a\u{a0}b", Err(())),
        ("http://example.com:123456", Err(())),
        ("http://example.com:", Err(())),
        ("http://example.com:65536", Ok("http://example.com:65536")),
        ("http://m\u{fc}nchen.de", Ok("http://m\u{fc}nchen.de")),
        ("http://xn--mnchen-3ya.de", Ok("http://xn--mnchen-3ya.de")),
        ("http://example.c", Err(())),
        ("http://example.123", Err(())),
        ("http://-example.com", Err(())),
        ("http://example-.com", Err(())),
        ("http://exa_mple.com", Err(())),
        ("http://example.com.", Ok("http://example.com.")),
        ("http://example.com..", Err(())),
        ("http://.example.com", Err(())),
        ("http://ex..ample.com", Err(())),
        ("http://e.xn--p1ai", Ok("http://e.xn--p1ai")),
        ("http://www.example.com\u{2100}", Err(())),
        ("http://example\u{ff0e}com", Err(())),
        ("http://a\u{2100}b.com", Err(())),
        ("http://1.2.3", Err(())),
        ("http://example.com?", Ok("http://example.com?")),
        ("http://example.com#", Ok("http://example.com#")),
        ("http://example.com/\u{1f}", Ok("http://example.com/")),
        ("http://exam\u{1f}ple.com", Err(())),
        ("http://[::1]:99999", Ok("http://[::1]:99999")),
        ("http://a.b.c.d.e.f.com", Ok("http://a.b.c.d.e.f.com")),
        ("http://foo/bar", Err(())),
        ("http://foo.bar?baz", Ok("http://foo.bar?baz")),
        ("http://example.com:8000?x", Ok("http://example.com:8000?x")),
        ("http://ex:ample.com", Err(())),
        ("http://\u{1f600}.com", Err(())),
        ("http://a.\u{1f600}", Err(())),
        ("http://user:pa:ss@example.com", Err(())),
        ("http://user:p/ss@example.com", Err(())),
        (" http://example.com", Ok("http://example.com")),
        ("http://example.com ", Ok("http://example.com")),
        ("http://K.com", Ok("http://K.com")),
        ("http://a.b-c", Ok("http://a.b-c")),
        ("http://a.xn--1", Ok("http://a.xn--1")),
        (
            "http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",
            Ok("http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com"),
        ),
        ("http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", Err(())),
    ];
    for (input, expected) in cases {
        let body = json!({ "f": input }).to_string();
        let expected = match expected {
            Ok(value) => Ok(json!({ "f": value })),
            Err(()) => Err(json!({"f": ["Enter a valid URL."]})),
        };
        assert_eq!(check::<Url>(&body).await, expected, "{input:?}");
    }
}

#[tokio::test]
async fn url_labels_and_host_length_at_their_limits() {
    let label63 = "a".repeat(63);
    let host = |last: usize| format!("{label63}.{label63}.{label63}.{}.com", "b".repeat(last));
    let cases = [
        (format!("http://{label63}.com"), true),
        (format!("http://{}.com", "a".repeat(64)), false),
        (format!("http://{}", host(57)), true),  // a 253-character host
        (format!("http://{}", host(58)), false), // 254 characters
    ];
    for (input, valid) in cases {
        let body = json!({ "f": input }).to_string();
        let expected = if valid { Ok(json!({ "f": input })) } else { Err(json!({"f": ["Enter a valid URL."]})) };
        assert_eq!(check::<Url>(&body).await, expected, "{input}");
    }
}

#[derive(restframe::Serializer)]
struct Integer {
    f: i64,
}

/// DRF's `int(re.sub(r'\.0*\s*$', '', str(data)))`: Python's `\s` in the pattern, Python's
/// `int()` after it (which strips spaces but not `\x1c`..`\x1f`).
#[tokio::test]
async fn integer_field_reads_strings_as_python_int_does() {
    let valid = [
        ("1_000", 1000),
        (" 12 ", 12),
        ("1.0\u{1c}", 1),
        ("1.000", 1),
        ("+5", 5),
        ("-0", 0),
        ("\u{3000}1\u{3000}", 1),
        ("10.", 10),
    ];
    for (input, expected) in valid {
        assert_eq!(
            check::<Integer>(&json!({ "f": input }).to_string()).await,
            Ok(json!({ "f": expected })),
            "{input:?}"
        );
    }
    for input in ["1\u{1c}", "\u{1c}1", "1.0.0", "0x10", "1.5", ".0", "1e3"] {
        let expected = Err(json!({"f": ["A valid integer is required."]}));
        assert_eq!(check::<Integer>(&json!({ "f": input }).to_string()).await, expected, "{input:?}");
    }
}

#[derive(restframe::Serializer)]
struct Numbers {
    float: Option<f64>,
    #[field(decimal(max_digits = 20, decimal_places = 2))]
    decimal: Option<String>,
}

/// DRF's `float(data)` and `decimal.Decimal(smart_str(data).strip())`: underscores, and which
/// whitespace each one strips.
#[tokio::test]
async fn float_and_decimal_fields_read_strings_as_python_does() {
    let floats = [
        ("1_000.5", Ok(1000.5)),
        ("1e1_0", Ok(1e10)),
        (" 1.5 ", Ok(1.5)),
        ("\u{3000}1.5", Ok(1.5)),
        ("+.5", Ok(0.5)),
        ("1__0", Err(())),
        ("1._5", Err(())),
        ("\u{1c}1.5", Err(())),
        ("inf", Err(())),
        ("-nan", Err(())),
        ("1e400", Err(())),
    ];
    for (input, expected) in floats {
        let expected = match expected {
            Ok(value) => Ok(json!({ "float": value, "decimal": null })),
            Err(()) => Err(json!({"float": ["A valid number is required."]})),
        };
        assert_eq!(check::<Numbers>(&json!({ "float": input }).to_string()).await, expected, "{input:?}");
    }
    let decimals = [
        ("1_000.5", Ok("1000.50")),
        ("1__0", Ok("10.00")),
        ("_1", Ok("1.00")),
        ("1._5", Ok("1.50")),
        ("\u{1c}1.5", Ok("1.50")),
        ("1.5\u{1f}", Ok("1.50")),
        ("1_0e1", Ok("100.00")),
        ("inf", Err(())),
        ("NaN", Err(())),
        ("sNaN", Err(())),
    ];
    for (input, expected) in decimals {
        let expected = match expected {
            Ok(value) => Ok(json!({ "float": null, "decimal": value })),
            Err(()) => Err(json!({"decimal": ["A valid number is required."]})),
        };
        assert_eq!(check::<Numbers>(&json!({ "decimal": input }).to_string()).await, expected, "{input:?}");
    }
}
