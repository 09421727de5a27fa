//! Field classes with DRF's coercion rules and exact messages (ports of DRF's
//! `tests/test_fields.py` valid/invalid input tables), exercised through derived serializers.

use restframe::exceptions::ApiError;
use restframe::serializers::{Serializer, SerializerHooks};
use serde_json::{Value, json};

/// Validates `data` with `S`: `Ok(representation of validated data)` or `Err(error tree)`.
async fn check<S: SerializerHooks>(data: Value) -> Result<Value, Value> {
    let mut s = S::with_data(data);
    match s.is_valid().await {
        Ok(true) => Ok(s.data().await.expect("data after is_valid")),
        Ok(false) => Err(s.errors().expect("errors after is_valid").to_json()),
        Err(err) => panic!("unexpected internal error: {err}"),
    }
}

/// Asserts every `(input, output)` is accepted and every `(input, messages)` rejected for field `f`.
async fn table<S: SerializerHooks>(valid: &[(Value, Value)], invalid: &[(Value, Value)]) {
    for (input, output) in valid {
        assert_eq!(check::<S>(json!({ "f": input })).await, Ok(json!({ "f": output })), "input {input}");
    }
    for (input, messages) in invalid {
        assert_eq!(check::<S>(json!({ "f": input })).await, Err(json!({ "f": messages })), "input {input}");
    }
}

#[derive(restframe::Serializer)]
struct Char {
    #[field(max_length = 5, min_length = 2)]
    f: String,
}

#[tokio::test]
async fn char_field_coerces_numbers_trims_and_checks_lengths() {
    table::<Char>(
        &[
            (json!("abc"), json!("abc")),
            (json!("  abc  "), json!("abc")),
            (json!(12), json!("12")),
            (json!(1.5), json!("1.5")),
            (json!(12.0), json!("12.0")),
        ],
        &[
            (json!(true), json!(["Not a valid string."])),
            (json!([1]), json!(["Not a valid string."])),
            (json!({"a": 1}), json!(["Not a valid string."])),
            (json!(""), json!(["This field may not be blank."])),
            (json!("   "), json!(["This field may not be blank."])),
            (json!("abcdef"), json!(["Ensure this field has no more than 5 characters."])),
            (json!("a"), json!(["Ensure this field has at least 2 characters."])),
            (json!("a\u{0}b"), json!(["Null characters are not allowed."])),
            (json!(null), json!(["This field may not be null."])),
        ],
    )
    .await;
    assert_eq!(check::<Char>(json!({})).await, Err(json!({"f": ["This field is required."]})));
}

#[tokio::test]
async fn char_field_counts_characters_not_bytes() {
    assert_eq!(check::<Char>(json!({"f": "ééééé"})).await, Ok(json!({"f": "ééééé"})));
}

#[derive(restframe::Serializer)]
struct CharOptions {
    #[field(allow_blank, trim_whitespace = false)]
    f: String,
}

#[tokio::test]
async fn allow_blank_and_no_trimming() {
    table::<CharOptions>(&[(json!(""), json!("")), (json!("  x "), json!("  x "))], &[]).await;
}

#[derive(restframe::Serializer)]
struct NullableChar {
    #[field(allow_null)]
    f: Option<String>,
}

#[tokio::test]
async fn allow_null_accepts_null_but_json_blank_is_still_blank() {
    table::<NullableChar>(
        &[(json!(null), json!(null)), (json!("x"), json!("x"))],
        &[(json!(""), json!(["This field may not be blank."]))],
    )
    .await;
    // Option<_> without `required` is not required: absent stays absent (None renders null).
    assert_eq!(check::<NullableChar>(json!({})).await, Ok(json!({"f": null})));
}

#[derive(restframe::Serializer)]
struct CustomMessages {
    #[field(max_length = 3, error_messages(blank = "Custom blank!", max_length = "At most {max_length}!"))]
    f: String,
}

#[tokio::test]
async fn error_messages_override_defaults_and_keep_placeholders() {
    table::<CustomMessages>(&[], &[(json!(""), json!(["Custom blank!"])), (json!("abcd"), json!(["At most 3!"]))])
        .await;
}

#[derive(restframe::Serializer)]
struct Email {
    #[field(email)]
    f: String,
}

#[tokio::test]
async fn email_field() {
    table::<Email>(
        &[(json!(" example@example.com "), json!("example@example.com"))],
        &[
            (json!("examplecom"), json!(["Enter a valid email address."])),
            (json!(""), json!(["This field may not be blank."])),
        ],
    )
    .await;
}

#[derive(restframe::Serializer)]
struct Url {
    #[field(url)]
    f: String,
}

#[tokio::test]
async fn url_field() {
    table::<Url>(
        &[
            (json!("http://example.com"), json!("http://example.com")),
            (json!("https://localhost:8000/x?y#z"), json!("https://localhost:8000/x?y#z")),
        ],
        &[
            (json!("example.com"), json!(["Enter a valid URL."])),
            (json!("mailto:a@b.com"), json!(["Enter a valid URL."])),
            (json!("http://"), json!(["Enter a valid URL."])),
        ],
    )
    .await;
}

#[derive(restframe::Serializer)]
struct Slug {
    #[field(slug)]
    f: String,
}

#[derive(restframe::Serializer)]
struct UnicodeSlug {
    #[field(unicode_slug)]
    f: String,
}

#[tokio::test]
async fn slug_fields() {
    table::<Slug>(
        &[(json!("slug-99_x"), json!("slug-99_x"))],
        &[
            (
                json!("slug 99"),
                json!(["Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."]),
            ),
            (json!("slüg"), json!(["Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."])),
        ],
    )
    .await;
    table::<UnicodeSlug>(
        &[(json!("slüg-99"), json!("slüg-99"))],
        &[(
            json!("slug 99"),
            json!(["Enter a valid \"slug\" consisting of Unicode letters, numbers, underscores, or hyphens."]),
        )],
    )
    .await;
}

#[derive(restframe::Serializer)]
struct Uuid {
    #[field(uuid)]
    f: String,
}

#[tokio::test]
async fn uuid_field_accepts_python_forms_and_renders_hyphenated() {
    let out = json!("825d7aeb-05a9-45b5-a5b7-05df87923cda");
    table::<Uuid>(
        &[
            (json!("825d7aeb-05a9-45b5-a5b7-05df87923cda"), out.clone()),
            (json!("825d7aeb05a945b5a5b705df87923cda"), out.clone()),
            (json!("{825D7AEB-05A9-45B5-A5B7-05DF87923CDA}"), out.clone()),
            (json!("urn:uuid:825d7aeb-05a9-45b5-a5b7-05df87923cda"), out),
            // DRF 3.18.3: an int is `uuid.UUID(int=...)`, and `int(hex, 16)` takes `+`, `_`, spaces.
            (json!(123), json!("00000000-0000-0000-0000-00000000007b")),
            (json!(true), json!("00000000-0000-0000-0000-000000000001")),
            (json!(" 2345678123456781234567812345678"), json!("02345678-1234-5678-1234-567812345678")),
            (json!("+2345678123456781234567812345678"), json!("02345678-1234-5678-1234-567812345678")),
            (json!("0_345678123456781234567812345678"), json!("00345678-1234-5678-1234-567812345678")),
            (json!("{{12345678123456781234567812345678}}"), json!("12345678-1234-5678-1234-567812345678")),
            (json!("uuid:urn:12345678123456781234567812345678"), json!("12345678-1234-5678-1234-567812345678")),
        ],
        &[
            (json!("825d7aeb-05a9-45b5-a5b7-05df87923cdz"), json!(["Must be a valid UUID."])),
            (json!("825d7aeb"), json!(["Must be a valid UUID."])),
            (json!(""), json!(["Must be a valid UUID."])),
            (json!(-1), json!(["Must be a valid UUID."])),
            (json!(1.5), json!(["Must be a valid UUID."])),
            (json!("1234567812345678123456781234567G"), json!(["Must be a valid UUID."])),
        ],
    )
    .await;
}

#[derive(restframe::Serializer)]
struct Regex {
    #[field(regex = "^[0-9]+$")]
    f: String,
}

#[tokio::test]
async fn regex_field() {
    table::<Regex>(
        &[(json!("123"), json!("123"))],
        &[(json!("1a"), json!(["This value does not match the required pattern."]))],
    )
    .await;
}

#[derive(restframe::Serializer)]
struct Choice {
    #[field(choices("poor", "medium", "good"))]
    f: String,
}

#[tokio::test]
async fn choice_field() {
    table::<Choice>(
        &[(json!("good"), json!("good"))],
        &[
            (json!("amazing"), json!(["\"amazing\" is not a valid choice."])),
            (json!(""), json!(["\"\" is not a valid choice."])),
            (json!(5), json!(["\"5\" is not a valid choice."])),
        ],
    )
    .await;
}

#[derive(restframe::Serializer)]
struct Integer {
    #[field(min_value = 1, max_value = 1000)]
    f: i64,
}

#[tokio::test]
async fn integer_field_coercion_and_bounds() {
    table::<Integer>(
        &[
            (json!("12"), json!(12)),
            (json!(12), json!(12)),
            (json!(12.0), json!(12)),
            (json!("12.0"), json!(12)),
            (json!(" 12 "), json!(12)),
            (json!("1_000"), json!(1000)),
        ],
        &[
            (json!(12.5), json!(["A valid integer is required."])),
            (json!("1e3"), json!(["A valid integer is required."])),
            (json!(true), json!(["A valid integer is required."])),
            (json!(""), json!(["A valid integer is required."])),
            (json!("abc"), json!(["A valid integer is required."])),
            (json!(0), json!(["Ensure this value is greater than or equal to 1."])),
            (json!(1001), json!(["Ensure this value is less than or equal to 1000."])),
            (json!("1".repeat(1001)), json!(["String value too large."])),
        ],
    )
    .await;
}

#[derive(restframe::Serializer)]
struct SmallInteger {
    f: i32,
}

#[tokio::test]
async fn integers_past_the_column_range_report_its_bound() {
    table::<SmallInteger>(
        &[(json!(2147483647), json!(2147483647))],
        &[
            (json!(2147483648_i64), json!(["Ensure this value is less than or equal to 2147483647."])),
            (json!("-2147483649"), json!(["Ensure this value is greater than or equal to -2147483648."])),
        ],
    )
    .await;
}

#[derive(restframe::Serializer)]
struct Float {
    #[field(max_value = 10.5)]
    f: f64,
}

#[tokio::test]
async fn float_field() {
    table::<Float>(
        &[(json!("1.5"), json!(1.5)), (json!(1), json!(1.0)), (json!("1e1"), json!(10.0)), (json!(true), json!(1.0))],
        &[
            (json!("abc"), json!(["A valid number is required."])),
            (json!("nan"), json!(["A valid number is required."])),
            (json!("inf"), json!(["A valid number is required."])),
            (json!(11), json!(["Ensure this value is less than or equal to 10.5."])),
        ],
    )
    .await;
}

#[derive(restframe::Serializer)]
struct Decimal {
    #[field(decimal(max_digits = 3, decimal_places = 1))]
    f: String,
}

#[tokio::test]
async fn decimal_field_checks_precision_and_quantizes() {
    table::<Decimal>(
        &[
            (json!("12.3"), json!("12.3")),
            (json!(0.1), json!("0.1")),
            (json!("1"), json!("1.0")),
            (json!(" 1.0 "), json!("1.0")),
        ],
        &[
            (json!("abc"), json!(["A valid number is required."])),
            (json!("NaN"), json!(["A valid number is required."])),
            (json!(true), json!(["A valid number is required."])),
            (json!("1.23"), json!(["Ensure that there are no more than 1 decimal places."])),
            (json!("123.4"), json!(["Ensure that there are no more than 3 digits in total."])),
            (json!("123"), json!(["Ensure that there are no more than 2 digits before the decimal point."])),
        ],
    )
    .await;
}

#[derive(restframe::Serializer)]
struct Boolean {
    f: bool,
}

#[tokio::test]
async fn boolean_field_accepts_drf_truthy_and_falsy_values() {
    let truthy = ["true", "True", "TRUE", "t", "T", "yes", "Y", "on", "1"].map(|s| (json!(s), json!(true)));
    let falsy = ["false", "False", "f", "no", "N", "off", "OFF", "0"].map(|s| (json!(s), json!(false)));
    let mut valid: Vec<(Value, Value)> = truthy.into_iter().chain(falsy).collect();
    valid.extend([(json!(true), json!(true)), (json!(1), json!(true)), (json!(0), json!(false))]);
    // DRF 3.18 lower-cases strings first.
    valid.extend([(json!("yEs"), json!(true)), (json!("oFf"), json!(false))]);
    let invalid = ["maybe", "", "null"].map(|s| (json!(s), json!(["Must be a valid boolean."])));
    let mut invalid = invalid.to_vec();
    invalid.extend([(json!(2), json!(["Must be a valid boolean."])), (json!([]), json!(["Must be a valid boolean."]))]);
    table::<Boolean>(&valid, &invalid).await;
}

#[derive(restframe::Serializer)]
struct DateTimeS {
    f: chrono::DateTime<chrono::Utc>,
}

#[derive(restframe::Serializer)]
struct DateS {
    f: chrono::NaiveDate,
}

#[tokio::test]
async fn datetime_and_date_fields() {
    let wrong = json!([
        "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
    ]);
    table::<DateTimeS>(
        &[
            (json!("2001-01-01T13:00"), json!("2001-01-01T13:00:00Z")),
            (json!("2001-01-01T13:00Z"), json!("2001-01-01T13:00:00Z")),
            (json!("2001-01-01T14:00+01:00"), json!("2001-01-01T13:00:00Z")),
            (json!("2001-01-01 13:00:00.123456"), json!("2001-01-01T13:00:00.123456Z")),
            // Python's `datetime.fromisoformat` (Django 6.1 tries it first) reads a bare date
            // as midnight, and the basic and week forms too.
            (json!("2001-01-01"), json!("2001-01-01T00:00:00Z")),
            (json!("20010101T1200"), json!("2001-01-01T12:00:00Z")),
            (json!("2001-W01-1T12:00"), json!("2001-01-01T12:00:00Z")),
            (json!("2001-1-1 1:2:3"), json!("2001-01-01T01:02:03Z")),
        ],
        &[
            (json!("abc"), wrong.clone()),
            (json!(123), wrong.clone()),
            (json!(" 2001-01-01T13:00"), wrong),
            (json!("9999-12-31T23:59:59-01:00"), json!(["Datetime value out of range."])),
            (json!("0001-01-01T00:00+01:00"), json!(["Datetime value out of range."])),
        ],
    )
    .await;
    table::<DateS>(
        &[
            (json!("2001-01-01"), json!("2001-01-01")),
            (json!("1969-3-2"), json!("1969-03-02")),
            (json!("19690303"), json!("1969-03-03")),
            (json!("1969-W09-6"), json!("1969-03-01")),
        ],
        &[
            (json!("2001-99-99"), json!(["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."])),
            (json!("1969-062"), json!(["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."])),
            // `Expected a date but got a datetime.` is for Python datetime objects only.
            (
                json!("2001-01-01T13:00"),
                json!(["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]),
            ),
        ],
    )
    .await;
}

#[derive(restframe::Serializer)]
struct List {
    #[field(child(max_length = 2), min_length = 1, max_length = 3)]
    f: Vec<String>,
}

#[derive(restframe::Serializer)]
struct IntList {
    #[field(allow_empty = false)]
    f: Vec<i64>,
}

#[tokio::test]
async fn list_field_errors_are_keyed_by_index() {
    table::<List>(&[(json!(["a", "bc"]), json!(["a", "bc"]))], &[
        (json!(["a", "abc", "b", "xyz"]), json!({"1": ["Ensure this field has no more than 2 characters."], "3": ["Ensure this field has no more than 2 characters."]})),
        (json!(["a", "b", "c", "d"]), json!(["Ensure this field has no more than 3 elements."])),
        (json!([]), json!(["Ensure this field has at least 1 elements."])),
        (json!("abc"), json!(["Expected a list of items but got type \"str\"."])),
        (json!({"a": 1}), json!(["Expected a list of items but got type \"dict\"."])),
        (json!(["a", null]), json!({"1": ["This field may not be null."]})),
    ])
    .await;
    table::<IntList>(
        &[(json!(["1", 2]), json!([1, 2]))],
        &[
            (json!([]), json!(["This list may not be empty."])),
            (json!([1, "x"]), json!({"1": ["A valid integer is required."]})),
        ],
    )
    .await;
}

#[derive(restframe::Serializer)]
struct Dict {
    f: std::collections::BTreeMap<String, i64>,
}

#[tokio::test]
async fn dict_field() {
    table::<Dict>(
        &[(json!({"a": "1", "b": 2}), json!({"a": 1, "b": 2}))],
        &[
            (json!({"a": "x"}), json!({"a": ["A valid integer is required."]})),
            (json!([1]), json!(["Expected a dictionary of items but got type \"list\"."])),
        ],
    )
    .await;
}

#[derive(restframe::Serializer)]
struct Json {
    f: Value,
}

#[tokio::test]
async fn json_field_keeps_any_value() {
    table::<Json>(
        &[(json!({"a": [1, {"b": null}]}), json!({"a": [1, {"b": null}]})), (json!("x"), json!("x"))],
        &[(json!(null), json!(["This field may not be null."]))],
    )
    .await;
}

#[tokio::test]
async fn a_field_error_never_becomes_a_500() -> Result<(), ApiError> {
    // Hostile shapes for every field type at once: each gets its own 400 message.
    #[derive(restframe::Serializer)]
    struct Everything {
        a: String,
        b: i64,
        c: f64,
        d: bool,
        e: Vec<i64>,
        g: chrono::NaiveDate,
    }
    let deep = (0..64).fold(json!(1), |acc, _| json!([acc]));
    let mut s = Everything::with_data(json!({"a": deep, "b": {"x": 1}, "c": [], "d": {}, "e": {"0": 1}, "g": null}));
    assert!(!s.is_valid().await?);
    assert_eq!(
        s.errors()?.to_json(),
        json!({
            "a": ["Not a valid string."],
            "b": ["A valid integer is required."],
            "c": ["A valid number is required."],
            "d": ["Must be a valid boolean."],
            "e": ["Expected a list of items but got type \"dict\"."],
            "g": ["This field may not be null."],
        })
    );
    Ok(())
}
