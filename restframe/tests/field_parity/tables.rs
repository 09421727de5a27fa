//! DRF 3.18's `tests/test_fields.py` `FieldValues` tables (valid inputs -> validated value,
//! invalid inputs -> messages, outputs -> rendering) for the field classes restframe has, each
//! case sent through a serializer as JSON. Cases with Python-only inputs (a `datetime` object,
//! a `Decimal` instance) have no JSON form and are left out; see the report in
//! restframe/README.md's field table.

use std::net::IpAddr;

use chrono::{NaiveTime, TimeDelta};
use restframe::fields::Represent;
use restframe::serializers::SerializerHooks;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// Validates `{"f": input}` with `S`: `Ok(validated "f")` or `Err(messages of "f")`.
async fn run<S: SerializerHooks>(input: Value) -> Result<Value, Value> {
    let mut s = S::with_data(json!({ "f": input }));
    match s.is_valid().await {
        Ok(true) => Ok(s.data().await.expect("data after is_valid")["f"].clone()),
        Ok(false) => Err(s.errors().expect("errors after is_valid").to_json()["f"].clone()),
        Err(err) => panic!("unexpected internal error: {err}"),
    }
}

/// One `FieldValues` table: every valid input renders as given, every invalid one gets exactly
/// these messages.
async fn table<S: SerializerHooks>(valid: &[(Value, Value)], invalid: &[(Value, Value)]) {
    for (input, expected) in valid {
        assert_eq!(run::<S>(input.clone()).await, Ok(expected.clone()), "valid input {input}");
    }
    for (input, messages) in invalid {
        assert_eq!(run::<S>(input.clone()).await, Err(messages.clone()), "invalid input {input}");
    }
}

#[derive(restframe::Serializer)]
struct Boolean {
    f: bool,
}

#[derive(restframe::Serializer)]
struct NullableBoolean {
    #[field(allow_null)]
    f: Option<bool>,
}

/// `TestBooleanField` / `TestNullableBooleanField`: case-insensitive strings, `"null"` and `""`
/// as null only with `allow_null`.
#[tokio::test]
async fn boolean_field_table() {
    let t = |v: &[&str], out: bool| v.iter().map(|s| (json!(s), json!(out))).collect::<Vec<_>>();
    let mut valid = t(&["true", "TRUE", "tRuE", "on", "oN", "1", "t", "y", "Yes"], true);
    valid.extend(t(&["false", "FALSE", "fALse", "off", "oFf", "0", "f", "n", "No"], false));
    valid.extend([(json!(1), json!(true)), (json!(0), json!(false)), (json!(true), json!(true))]);
    valid.extend([(json!(0.0), json!(false)), (json!(1.0), json!(true))]);
    let invalid = [
        (json!("foo"), json!(["Must be a valid boolean."])),
        (json!(null), json!(["This field may not be null."])),
        (json!("null"), json!(["Must be a valid boolean."])),
        (json!(""), json!(["Must be a valid boolean."])),
        (json!([]), json!(["Must be a valid boolean."])),
        (json!(2), json!(["Must be a valid boolean."])),
    ];
    table::<Boolean>(&valid, &invalid).await;
    let nullable = [
        (json!("null"), json!(null)),
        (json!("NULL"), json!(null)),
        (json!("Null"), json!(null)),
        (json!(""), json!(null)),
        (json!(null), json!(null)),
        (json!("tRuE"), json!(true)),
    ];
    table::<NullableBoolean>(&nullable, &[(json!("foo"), json!(["Must be a valid boolean."]))]).await;
}

#[derive(restframe::Serializer)]
struct Dec {
    #[field(max_digits = 3, decimal_places = 1)]
    f: Decimal,
}

/// `TestDecimalField` (max_digits=3, decimal_places=1) on a `rust_decimal::Decimal`.
#[tokio::test]
async fn decimal_field_table() {
    let valid = [
        (json!("12.3"), json!("12.3")),
        (json!("0.1"), json!("0.1")),
        (json!(10), json!("10.0")),
        (json!(0), json!("0.0")),
        (json!(1.0), json!("1.0")),
        (json!(2.5), json!("2.5")),
        (json!("-12.3"), json!("-12.3")),
        (json!("1"), json!("1.0")),
        (json!("1.0"), json!("1.0")),
        (json!("1_0"), json!("10.0")),
        (json!(" 1 "), json!("1.0")),
    ];
    let invalid = [
        (json!(null), json!(["This field may not be null."])),
        (json!("abc"), json!(["A valid number is required."])),
        (json!(""), json!(["A valid number is required."])),
        (json!(true), json!(["A valid number is required."])),
        (json!("NaN"), json!(["A valid number is required."])),
        (json!("inf"), json!(["A valid number is required."])),
        (json!("-Infinity"), json!(["A valid number is required."])),
        (json!("1e500"), json!(["Ensure that there are no more than 3 digits in total."])),
        (json!("-0E5"), json!(["Ensure that there are no more than 3 digits in total."])),
        (json!("123.4"), json!(["Ensure that there are no more than 3 digits in total."])),
        (json!("0.01"), json!(["Ensure that there are no more than 1 decimal places."])),
        (json!("0.00"), json!(["Ensure that there are no more than 1 decimal places."])),
        (json!(123), json!(["Ensure that there are no more than 2 digits before the decimal point."])),
        (json!("2E+2"), json!(["Ensure that there are no more than 2 digits before the decimal point."])),
        (json!("x".repeat(1001)), json!(["String value too large."])),
    ];
    table::<Dec>(&valid, &invalid).await;
}

#[derive(restframe::Serializer)]
struct NullableDec {
    #[field(allow_null, max_digits = 3, decimal_places = 1, coerce_to_string = false)]
    f: Option<Decimal>,
}

#[derive(restframe::Serializer)]
struct BoundedDec {
    #[field(max_digits = 3, decimal_places = 1, min_value = 10, max_value = 20)]
    f: Decimal,
}

/// `TestAllowNullDecimalField`, `TestAllowNullNoStringCoercionDecimalField`,
/// `TestMinMaxDecimalField`, and the output tables (quantized, half to even).
#[tokio::test]
async fn decimal_null_bounds_and_outputs() {
    let valid =
        [(json!(null), json!(null)), (json!(""), json!(null)), (json!(" "), json!(null)), (json!("1.2"), json!(1.2))];
    table::<NullableDec>(&valid, &[]).await;
    let invalid = [
        (json!("9.9"), json!(["Ensure this value is greater than or equal to 10."])),
        (json!("20.1"), json!(["Ensure this value is less than or equal to 20."])),
    ];
    table::<BoundedDec>(&[(json!("10.0"), json!("10.0")), (json!("20.0"), json!("20.0"))], &invalid).await;
    const ONE_PLACE: restframe::fields::FieldSpec = restframe::fields::FieldSpec {
        max_digits: Some(3),
        decimal_places: Some(1),
        ..restframe::fields::FieldSpec::new("f")
    };
    for (value, out) in [("1", "1.0"), ("1.09", "1.1"), ("1.05", "1.0"), ("1.15", "1.2"), ("0.04", "0.0")] {
        let dec: Decimal = value.parse().expect("a decimal");
        assert_eq!(dec.represent(&ONE_PLACE), json!(out), "{value}");
    }
}

#[derive(restframe::Serializer)]
struct StringDec {
    #[field(allow_null, decimal(max_digits = 3, decimal_places = 1))]
    f: Option<String>,
}

/// The `String`-backed `DecimalField` ([`restframe::fields::Kind::Decimal`]) agrees:
/// blank is null with `allow_null`, output quantized.
#[tokio::test]
async fn string_backed_decimal_treats_blank_as_null_and_quantizes_output() {
    table::<StringDec>(&[(json!(""), json!(null)), (json!("1"), json!("1.0"))], &[]).await;
    let spec = restframe::fields::FieldSpec {
        kind: restframe::fields::Kind::Decimal { max_digits: Some(3), decimal_places: Some(1) },
        ..restframe::fields::FieldSpec::new("f")
    };
    assert_eq!("1.09".to_owned().represent(&spec), json!("1.1"));
    assert_eq!("1".to_owned().represent(&spec), json!("1.0"));
}

#[derive(restframe::Serializer)]
struct IntChoice {
    #[field(choices(1, 2, 3))]
    f: i64,
}

/// `TestChoiceFieldWithType`: integer choices take `"1"` and `1`, and render as integers.
#[tokio::test]
async fn choice_field_with_integer_choices() {
    let valid = [(json!("1"), json!(1)), (json!(3), json!(3))];
    let invalid = [
        (json!(5), json!(["\"5\" is not a valid choice."])),
        (json!("abc"), json!(["\"abc\" is not a valid choice."])),
    ];
    table::<IntChoice>(&valid, &invalid).await;
}

#[derive(restframe::Serializer)]
struct Multiple {
    #[field(choices("aircon", "manual", "radio"))]
    f: Vec<String>,
}

#[derive(restframe::Serializer)]
struct NonEmptyMultiple {
    #[field(choices("a", "b"), allow_empty = false)]
    f: Vec<String>,
}

/// `TestMultipleChoiceField` / `TestEmptyMultipleChoiceField`: a list (or a dict's keys) of
/// choices, duplicates dropped in order.
#[tokio::test]
async fn multiple_choice_field_table() {
    let valid = [
        (json!([]), json!([])),
        (json!(["aircon"]), json!(["aircon"])),
        (json!(["aircon", "manual"]), json!(["aircon", "manual"])),
        (json!(["manual", "aircon", "manual"]), json!(["manual", "aircon"])),
        (json!({"radio": 1}), json!(["radio"])),
    ];
    let invalid = [
        (json!("abc"), json!(["Expected a list of items but got type \"str\"."])),
        (json!(1), json!(["Expected a list of items but got type \"int\"."])),
        (json!(["wrong"]), json!(["\"wrong\" is not a valid choice."])),
    ];
    table::<Multiple>(&valid, &invalid).await;
    table::<NonEmptyMultiple>(&[], &[(json!([]), json!(["This selection may not be empty."]))]).await;
}

#[derive(restframe::Serializer)]
struct Time {
    f: NaiveTime,
}

/// `TestTimeField`.
#[tokio::test]
async fn time_field_table() {
    const INVALID: &str = "Time has wrong format. Use one of these formats instead: hh:mm[:ss[.uuuuuu]].";
    let valid = [
        (json!("13:00"), json!("13:00:00")),
        (json!("00:00:00"), json!("00:00:00")),
        (json!("1:2:3.5"), json!("01:02:03.500000")),
        (json!("T1300+01:00"), json!("13:00:00")),
    ];
    let invalid =
        [(json!("abc"), json!([INVALID])), (json!("99:99"), json!([INVALID])), (json!(1300), json!([INVALID]))];
    table::<Time>(&valid, &invalid).await;
}

#[derive(restframe::Serializer)]
struct Duration {
    f: TimeDelta,
}

/// `TestDurationField` (Django's `parse_duration` in, `duration_string` out).
#[tokio::test]
async fn duration_field_table() {
    const INVALID: &str = "Duration has wrong format. Use one of these formats instead: [DD] [HH:[MM:]]ss[.uuuuuu].";
    const OVERFLOW: &str = "The number of days must be between -999999999 and 999999999.";
    let valid = [
        (json!("13"), json!("00:00:13")),
        (json!("3 08:32:01.000123"), json!("3 08:32:01.000123")),
        (json!("08:01"), json!("00:08:01")),
        (json!(3600), json!("01:00:00")),
        (json!(1.5), json!("00:00:01.500000")),
        (json!("-999999999 00"), json!("-999999999 00:00:00")),
        (json!("999999999 00"), json!("999999999 00:00:00")),
        (json!("P3DT4H"), json!("3 04:00:00")),
        (json!("-00:00:01"), json!("-1 23:59:59")),
        (json!("2 days 01:00:00"), json!("2 01:00:00")),
    ];
    let invalid = [
        (json!("abc"), json!([INVALID])),
        (json!("3 08:32 01.123"), json!([INVALID])),
        (json!(true), json!([INVALID])),
        (json!("-1000000000 00"), json!([OVERFLOW])),
        (json!("1000000000 00"), json!([OVERFLOW])),
    ];
    table::<Duration>(&valid, &invalid).await;
}

#[derive(restframe::Serializer)]
struct Ip {
    f: IpAddr,
}

#[derive(restframe::Serializer)]
struct Ipv4 {
    #[field(protocol = "IPv4")]
    f: IpAddr,
}

#[derive(restframe::Serializer)]
struct Ipv6 {
    #[field(protocol = "IPv6")]
    f: IpAddr,
}

/// `TestIPAddressField`, `TestIPv4AddressField`, `TestIPv6AddressField`.
#[tokio::test]
async fn ip_address_field_tables() {
    const BOTH: &str = "Enter a valid IPv4 or IPv6 address.";
    let valid = [
        (json!("127.0.0.1"), json!("127.0.0.1")),
        (json!("192.168.33.255"), json!("192.168.33.255")),
        (json!("2001:0db8:85a3:0042:1000:8a2e:0370:7334"), json!("2001:db8:85a3:42:1000:8a2e:370:7334")),
        (json!("2001:cdba:0:0:0:0:3257:9652"), json!("2001:cdba::3257:9652")),
        (json!("2001:cdba::3257:9652"), json!("2001:cdba::3257:9652")),
        (json!("::ffff:1.2.3.4"), json!("1.2.3.4")),
        (json!(" 1.2.3.4 "), json!("1.2.3.4")),
    ];
    let invalid = [
        (json!("127001"), json!([BOTH])),
        (json!("127.122.111.2231"), json!([BOTH])),
        (json!("2001:::9652"), json!([BOTH])),
        (json!("2001:0db8:85a3:0042:1000:8a2e:0370:73341"), json!([BOTH])),
        (json!(1000), json!([BOTH])),
        (json!(""), json!(["This field may not be blank."])),
    ];
    table::<Ip>(&valid, &invalid).await;
    let v4_invalid = [
        (json!("127001"), json!(["Enter a valid IPv4 address."])),
        (json!("127.122.111.2231"), json!(["Enter a valid IPv4 address."])),
        (json!("::1"), json!(["Enter a valid IPv4 address."])),
    ];
    table::<Ipv4>(&[(json!("127.0.0.1"), json!("127.0.0.1"))], &v4_invalid).await;
    let v6_valid = [
        (json!("2001:cdba:0:0:0:0:3257:9652"), json!("2001:cdba::3257:9652")),
        (json!("::ffff:1.2.3.4"), json!("::ffff:1.2.3.4")),
    ];
    let v6_invalid =
        [(json!("2001:::9652"), json!([BOTH])), (json!("1.2.3.4"), json!(["Enter a valid IPv6 address."]))];
    table::<Ipv6>(&v6_valid, &v6_invalid).await;
}
