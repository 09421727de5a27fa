//! Runs every case of [`super::drf_cases`] through a serializer whose one field `f` is the
//! restframe spelling of the DRF field the table was written for.

use std::collections::BTreeMap;
use std::net::IpAddr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use restframe::serializers::SerializerHooks;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::drf_cases::*;

/// Sends `{"f": input}` for each case and compares with DRF's answer.
async fn parity<S: SerializerHooks>(cases: &[(&str, &str)]) {
    for (input, answer) in cases {
        let input: Value = serde_json::from_str(input).expect("case input is JSON");
        let answer: Value = serde_json::from_str(answer).expect("case answer is JSON");
        let mut s = S::with_data(json!({ "f": input }));
        let got = match s.is_valid().await {
            Ok(true) => json!({"ok": s.data().await.expect("data after is_valid")["f"]}),
            Ok(false) => json!({"err": s.errors().expect("errors after is_valid").to_json()["f"]}),
            Err(err) => panic!("internal error for {input}: {err}"),
        };
        assert_eq!(got, answer, "input {input}");
    }
}

/// One serializer per DRF table, then one test running it.
macro_rules! tables {
    ($($test:ident: $cases:ident => $ty:ty $(, #[field($($opt:tt)*)])?;)*) => {$(
        #[tokio::test]
        async fn $test() {
            #[derive(restframe::Serializer)]
            struct S {
                $(#[field($($opt)*)])?
                f: $ty,
            }
            parity::<S>($cases).await;
        }
    )*};
}

tables! {
    boolean_field: BOOLEAN_FIELD => bool;
    nullable_boolean_field: NULLABLE_BOOLEAN_FIELD => Option<bool>, #[field(allow_null)];
    char_field: CHAR_FIELD => String;
    email_field: EMAIL_FIELD => String, #[field(email)];
    regex_field: REGEX_FIELD => String, #[field(regex = "[a-z][0-9]")];
    slug_field: SLUG_FIELD => String, #[field(slug)];
    url_field: URL_FIELD => String, #[field(url)];
    uuid_field: UUID_FIELD => String, #[field(uuid)];
    ip_address_field: IP_ADDRESS_FIELD => IpAddr;
    ipv4_address_field: IPV4_ADDRESS_FIELD => IpAddr, #[field(protocol = "IPv4")];
    ipv6_address_field: IPV6_ADDRESS_FIELD => IpAddr, #[field(protocol = "IPv6")];
    integer_field: INTEGER_FIELD => i64;
    min_max_integer_field: MIN_MAX_INTEGER_FIELD => i64, #[field(min_value = 1, max_value = 3)];
    float_field: FLOAT_FIELD => f64;
    min_max_float_field: MIN_MAX_FLOAT_FIELD => f64, #[field(min_value = 1, max_value = 3)];
    decimal_field: DECIMAL_FIELD => Decimal, #[field(max_digits = 3, decimal_places = 1)];
    allow_null_decimal_field: ALLOW_NULL_DECIMAL_FIELD => Option<Decimal>,
        #[field(allow_null, max_digits = 3, decimal_places = 1)];
    allow_null_no_string_coercion_decimal_field: ALLOW_NULL_NO_STRING_COERCION_DECIMAL_FIELD => Option<Decimal>,
        #[field(allow_null, max_digits = 3, decimal_places = 1, coerce_to_string = false)];
    min_max_decimal_field: MIN_MAX_DECIMAL_FIELD => Decimal,
        #[field(max_digits = 3, decimal_places = 1, min_value = 10.0, max_value = 20.0)];
    allow_empty_str_decimal_field_with_validators: ALLOW_EMPTY_STR_DECIMAL_FIELD_WITH_VALIDATORS => Option<Decimal>,
        #[field(allow_null, max_digits = 3, decimal_places = 1, min_value = 0, max_value = 10)];
    no_max_digits_decimal_field: NO_MAX_DIGITS_DECIMAL_FIELD => Decimal,
        #[field(decimal_places = 2, min_value = 0, max_value = 100)];
    no_string_coercion_decimal_field: NO_STRING_COERCION_DECIMAL_FIELD => Decimal,
        #[field(max_digits = 3, decimal_places = 1, coerce_to_string = false)];
    no_decimal_places: NO_DECIMAL_PLACES => Decimal, #[field(max_digits = 6)];
    date_field: DATE_FIELD => NaiveDate;
    date_time_field: DATE_TIME_FIELD => DateTime<Utc>;
    naive_date_time_field: NAIVE_DATE_TIME_FIELD => NaiveDateTime;
    time_field: TIME_FIELD => NaiveTime;
    duration_field: DURATION_FIELD => TimeDelta;
    choice_field: CHOICE_FIELD => String, #[field(choices("poor", "medium", "good"))];
    choice_field_with_type: CHOICE_FIELD_WITH_TYPE => i64, #[field(choices(1, 2, 3))];
    choice_field_with_list_choices: CHOICE_FIELD_WITH_LIST_CHOICES => String, #[field(choices("poor", "medium", "good"))];
    choice_field_with_grouped_choices: CHOICE_FIELD_WITH_GROUPED_CHOICES => String,
        #[field(choices("poor", "medium", "good"))];
    choice_field_with_mixed_choices: CHOICE_FIELD_WITH_MIXED_CHOICES => String,
        #[field(choices("poor", "medium", "good"))];
    multiple_choice_field: MULTIPLE_CHOICE_FIELD => Vec<String>, #[field(choices("aircon", "manual", "diesel"))];
    empty_multiple_choice_field: EMPTY_MULTIPLE_CHOICE_FIELD => Vec<String>,
        #[field(choices("consistency", "availability", "partition"), allow_empty = false)];
    list_field: LIST_FIELD => Vec<i64>;
    nested_list_field: NESTED_LIST_FIELD => Vec<Vec<i64>>;
    empty_list_field: EMPTY_LIST_FIELD => Vec<i64>, #[field(allow_empty = false)];
    list_field_length_limit: LIST_FIELD_LENGTH_LIMIT => Vec<i64>, #[field(min_length = 3, max_length = 4)];
    unvalidated_list_field: UNVALIDATED_LIST_FIELD => Vec<Value>;
    dict_field: DICT_FIELD => BTreeMap<String, String>;
    nested_dict_field: NESTED_DICT_FIELD => BTreeMap<String, BTreeMap<String, String>>;
    dict_field_with_null_child: DICT_FIELD_WITH_NULL_CHILD => BTreeMap<String, Option<String>>,
        #[field(child(allow_null))];
    unvalidated_dict_field: UNVALIDATED_DICT_FIELD => BTreeMap<String, Value>;
    hstore_field: HSTORE_FIELD => BTreeMap<String, Option<String>>, #[field(child(allow_null, allow_blank))];
    json_field: JSON_FIELD => Value;
}
