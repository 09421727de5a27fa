//! DRF 3.18's `tests/test_fields.py` `FieldValues` tables, case for case: every valid and
//! invalid input that JSON can carry, with the answer DRF 3.18.3 (Django 6.1, CPython 3.13)
//! gave for it when sent through a serializer (`{"ok": rendered value}` or `{"err": messages}`).
//! Generated from DRF's own classes; inputs only Python can send (a `datetime`, a `Decimal`,
//! `()`) are not here, nor `TestUUIDField`'s 39-digit integer (the JSON parser reads integers
//! past `u64` as floats) and `TestBigIntegerField` (no `BigIntegerField` yet). DRF's table for
//! `DateTimeField(default_timezone=None)` gives aware output here because Django's
//! startproject has `USE_TZ = True`, which DRF's own test settings turn off.

/// DRF's `TestBooleanField` (BooleanField()), answers printed by DRF 3.18.
pub(crate) const BOOLEAN_FIELD: &[(&str, &str)] = &[
    (r#""True""#, r#"{"ok": true}"#),
    (r#""TRUE""#, r#"{"ok": true}"#),
    (r#""tRuE""#, r#"{"ok": true}"#),
    (r#""t""#, r#"{"ok": true}"#),
    (r#""T""#, r#"{"ok": true}"#),
    (r#""true""#, r#"{"ok": true}"#),
    (r#""on""#, r#"{"ok": true}"#),
    (r#""ON""#, r#"{"ok": true}"#),
    (r#""oN""#, r#"{"ok": true}"#),
    (r#""False""#, r#"{"ok": false}"#),
    (r#""FALSE""#, r#"{"ok": false}"#),
    (r#""fALse""#, r#"{"ok": false}"#),
    (r#""f""#, r#"{"ok": false}"#),
    (r#""F""#, r#"{"ok": false}"#),
    (r#""false""#, r#"{"ok": false}"#),
    (r#""off""#, r#"{"ok": false}"#),
    (r#""OFF""#, r#"{"ok": false}"#),
    (r#""oFf""#, r#"{"ok": false}"#),
    (r#""1""#, r#"{"ok": true}"#),
    (r#""0""#, r#"{"ok": false}"#),
    (r#"1"#, r#"{"ok": true}"#),
    (r#"0"#, r#"{"ok": false}"#),
    (r#""foo""#, r#"{"err": ["Must be a valid boolean."]}"#),
    (r#"null"#, r#"{"err": ["This field may not be null."]}"#),
];

/// DRF's `TestNullableBooleanField` (BooleanField(allow_null=True)), answers printed by DRF 3.18.
pub(crate) const NULLABLE_BOOLEAN_FIELD: &[(&str, &str)] = &[
    (r#""true""#, r#"{"ok": true}"#),
    (r#""false""#, r#"{"ok": false}"#),
    (r#""null""#, r#"{"ok": null}"#),
    (r#"true"#, r#"{"ok": true}"#),
    (r#"false"#, r#"{"ok": false}"#),
    (r#"null"#, r#"{"ok": null}"#),
    (r#""foo""#, r#"{"err": ["Must be a valid boolean."]}"#),
];

/// DRF's `TestCharField` (CharField()), answers printed by DRF 3.18.
pub(crate) const CHAR_FIELD: &[(&str, &str)] = &[
    (r#"1"#, r#"{"ok": "1"}"#),
    (r#""abc""#, r#"{"ok": "abc"}"#),
    (r#"true"#, r#"{"err": ["Not a valid string."]}"#),
    (r#""""#, r#"{"err": ["This field may not be blank."]}"#),
];

/// DRF's `TestEmailField` (EmailField()), answers printed by DRF 3.18.
pub(crate) const EMAIL_FIELD: &[(&str, &str)] = &[
    (r#""example@example.com""#, r#"{"ok": "example@example.com"}"#),
    (r#"" example@example.com ""#, r#"{"ok": "example@example.com"}"#),
    (r#""examplecom""#, r#"{"err": ["Enter a valid email address."]}"#),
];

/// DRF's `TestRegexField` (RegexField(regex='[a-z][0-9]')), answers printed by DRF 3.18.
pub(crate) const REGEX_FIELD: &[(&str, &str)] =
    &[(r#""a9""#, r#"{"ok": "a9"}"#), (r#""A9""#, r#"{"err": ["This value does not match the required pattern."]}"#)];

/// DRF's `TestSlugField` (SlugField()), answers printed by DRF 3.18.
pub(crate) const SLUG_FIELD: &[(&str, &str)] = &[
    (r#""slug-99""#, r#"{"ok": "slug-99"}"#),
    (r#""slug 99""#, r#"{"err": ["Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."]}"#),
];

/// DRF's `TestURLField` (URLField()), answers printed by DRF 3.18.
pub(crate) const URL_FIELD: &[(&str, &str)] = &[
    (r#""http://example.com""#, r#"{"ok": "http://example.com"}"#),
    (r#""example.com""#, r#"{"err": ["Enter a valid URL."]}"#),
];

/// DRF's `TestUUIDField` (UUIDField()), answers printed by DRF 3.18.
pub(crate) const UUID_FIELD: &[(&str, &str)] = &[
    (r#""825d7aeb-05a9-45b5-a5b7-05df87923cda""#, r#"{"ok": "825d7aeb-05a9-45b5-a5b7-05df87923cda"}"#),
    (r#""825d7aeb05a945b5a5b705df87923cda""#, r#"{"ok": "825d7aeb-05a9-45b5-a5b7-05df87923cda"}"#),
    (r#""urn:uuid:213b7d9b-244f-410d-828c-dabce7a2615d""#, r#"{"ok": "213b7d9b-244f-410d-828c-dabce7a2615d"}"#),
    (r#""825d7aeb-05a9-45b5-a5b7""#, r#"{"err": ["Must be a valid UUID."]}"#),
];

/// DRF's `TestIPAddressField` (IPAddressField()), answers printed by DRF 3.18.
pub(crate) const IP_ADDRESS_FIELD: &[(&str, &str)] = &[
    (r#""127.0.0.1""#, r#"{"ok": "127.0.0.1"}"#),
    (r#""192.168.33.255""#, r#"{"ok": "192.168.33.255"}"#),
    (r#""2001:0db8:85a3:0042:1000:8a2e:0370:7334""#, r#"{"ok": "2001:db8:85a3:42:1000:8a2e:370:7334"}"#),
    (r#""2001:cdba:0:0:0:0:3257:9652""#, r#"{"ok": "2001:cdba::3257:9652"}"#),
    (r#""2001:cdba::3257:9652""#, r#"{"ok": "2001:cdba::3257:9652"}"#),
    (r#""127001""#, r#"{"err": ["Enter a valid IPv4 or IPv6 address."]}"#),
    (r#""127.122.111.2231""#, r#"{"err": ["Enter a valid IPv4 or IPv6 address."]}"#),
    (r#""2001:::9652""#, r#"{"err": ["Enter a valid IPv4 or IPv6 address."]}"#),
    (r#""2001:0db8:85a3:0042:1000:8a2e:0370:73341""#, r#"{"err": ["Enter a valid IPv4 or IPv6 address."]}"#),
    (r#"1000"#, r#"{"err": ["Enter a valid IPv4 or IPv6 address."]}"#),
];

/// DRF's `TestIPv4AddressField` (IPAddressField(protocol='IPv4')), answers printed by DRF 3.18.
pub(crate) const IPV4_ADDRESS_FIELD: &[(&str, &str)] = &[
    (r#""127.0.0.1""#, r#"{"ok": "127.0.0.1"}"#),
    (r#""192.168.33.255""#, r#"{"ok": "192.168.33.255"}"#),
    (r#""127001""#, r#"{"err": ["Enter a valid IPv4 address."]}"#),
    (r#""127.122.111.2231""#, r#"{"err": ["Enter a valid IPv4 address."]}"#),
];

/// DRF's `TestIPv6AddressField` (IPAddressField(protocol='IPv6')), answers printed by DRF 3.18.
pub(crate) const IPV6_ADDRESS_FIELD: &[(&str, &str)] = &[
    (r#""2001:0db8:85a3:0042:1000:8a2e:0370:7334""#, r#"{"ok": "2001:db8:85a3:42:1000:8a2e:370:7334"}"#),
    (r#""2001:cdba:0:0:0:0:3257:9652""#, r#"{"ok": "2001:cdba::3257:9652"}"#),
    (r#""2001:cdba::3257:9652""#, r#"{"ok": "2001:cdba::3257:9652"}"#),
    (r#""2001:::9652""#, r#"{"err": ["Enter a valid IPv4 or IPv6 address."]}"#),
    (r#""2001:0db8:85a3:0042:1000:8a2e:0370:73341""#, r#"{"err": ["Enter a valid IPv4 or IPv6 address."]}"#),
];

/// DRF's `TestIntegerField` (IntegerField()), answers printed by DRF 3.18.
pub(crate) const INTEGER_FIELD: &[(&str, &str)] = &[
    (r#""1""#, r#"{"ok": 1}"#),
    (r#""0""#, r#"{"ok": 0}"#),
    (r#"1"#, r#"{"ok": 1}"#),
    (r#"0"#, r#"{"ok": 0}"#),
    (r#""1.0""#, r#"{"ok": 1}"#),
    (r#"0.5"#, r#"{"err": ["A valid integer is required."]}"#),
    (r#""abc""#, r#"{"err": ["A valid integer is required."]}"#),
    (r#""0.5""#, r#"{"err": ["A valid integer is required."]}"#),
];

/// DRF's `TestMinMaxIntegerField` (IntegerField(max_value=3, min_value=1)), answers printed by DRF 3.18.
pub(crate) const MIN_MAX_INTEGER_FIELD: &[(&str, &str)] = &[
    (r#""1""#, r#"{"ok": 1}"#),
    (r#""3""#, r#"{"ok": 3}"#),
    (r#"1"#, r#"{"ok": 1}"#),
    (r#"3"#, r#"{"ok": 3}"#),
    (r#"0"#, r#"{"err": ["Ensure this value is greater than or equal to 1."]}"#),
    (r#"4"#, r#"{"err": ["Ensure this value is less than or equal to 3."]}"#),
    (r#""0""#, r#"{"err": ["Ensure this value is greater than or equal to 1."]}"#),
    (r#""4""#, r#"{"err": ["Ensure this value is less than or equal to 3."]}"#),
];

/// DRF's `TestFloatField` (FloatField()), answers printed by DRF 3.18.
pub(crate) const FLOAT_FIELD: &[(&str, &str)] = &[
    (r#""1""#, r#"{"ok": 1.0}"#),
    (r#""0""#, r#"{"ok": 0.0}"#),
    (r#"1"#, r#"{"ok": 1.0}"#),
    (r#"0"#, r#"{"ok": 0.0}"#),
    (r#""abc""#, r#"{"err": ["A valid number is required."]}"#),
];

/// DRF's `TestMinMaxFloatField` (FloatField(max_value=3, min_value=1)), answers printed by DRF 3.18.
pub(crate) const MIN_MAX_FLOAT_FIELD: &[(&str, &str)] = &[
    (r#""1""#, r#"{"ok": 1.0}"#),
    (r#""3""#, r#"{"ok": 3.0}"#),
    (r#"1"#, r#"{"ok": 1.0}"#),
    (r#"3"#, r#"{"ok": 3.0}"#),
    (r#"0.9"#, r#"{"err": ["Ensure this value is greater than or equal to 1."]}"#),
    (r#"3.1"#, r#"{"err": ["Ensure this value is less than or equal to 3."]}"#),
    (r#""0.0""#, r#"{"err": ["Ensure this value is greater than or equal to 1."]}"#),
    (r#""3.1""#, r#"{"err": ["Ensure this value is less than or equal to 3."]}"#),
];

/// DRF's `TestDecimalField` (DecimalField(decimal_places=1, max_digits=3)), answers printed by DRF 3.18.
pub(crate) const DECIMAL_FIELD: &[(&str, &str)] = &[
    (r#""12.3""#, r#"{"ok": "12.3"}"#),
    (r#""0.1""#, r#"{"ok": "0.1"}"#),
    (r#"10"#, r#"{"ok": "10.0"}"#),
    (r#"0"#, r#"{"ok": "0.0"}"#),
    (r#"12.3"#, r#"{"ok": "12.3"}"#),
    (r#"0.1"#, r#"{"ok": "0.1"}"#),
    (r#""2E+1""#, r#"{"ok": "20.0"}"#),
];

/// DRF's `TestAllowNullDecimalField` (DecimalField(allow_null=True, decimal_places=1, max_digits=3)), answers printed by DRF 3.18.
pub(crate) const ALLOW_NULL_DECIMAL_FIELD: &[(&str, &str)] =
    &[(r#"null"#, r#"{"ok": null}"#), (r#""""#, r#"{"ok": null}"#), (r#"" ""#, r#"{"ok": null}"#)];

/// DRF's `TestAllowNullNoStringCoercionDecimalField` (DecimalField(allow_null=True, coerce_to_string=False, decimal_places=1, max_digits=3)), answers printed by DRF 3.18.
pub(crate) const ALLOW_NULL_NO_STRING_COERCION_DECIMAL_FIELD: &[(&str, &str)] =
    &[(r#"null"#, r#"{"ok": null}"#), (r#""""#, r#"{"ok": null}"#), (r#"" ""#, r#"{"ok": null}"#)];

/// DRF's `TestMinMaxDecimalField` (DecimalField(decimal_places=1, max_digits=3, max_value=20.0, min_value=10.0)), answers printed by DRF 3.18.
pub(crate) const MIN_MAX_DECIMAL_FIELD: &[(&str, &str)] = &[
    (r#""10.0""#, r#"{"ok": "10.0"}"#),
    (r#""20.0""#, r#"{"ok": "20.0"}"#),
    (r#""9.9""#, r#"{"err": ["Ensure this value is greater than or equal to 10.0."]}"#),
    (r#""20.1""#, r#"{"err": ["Ensure this value is less than or equal to 20.0."]}"#),
];

/// DRF's `TestAllowEmptyStrDecimalFieldWithValidators` (DecimalField(allow_null=True, decimal_places=1, max_digits=3, max_value=10, min_value=0)), answers printed by DRF 3.18.
pub(crate) const ALLOW_EMPTY_STR_DECIMAL_FIELD_WITH_VALIDATORS: &[(&str, &str)] = &[
    (r#"null"#, r#"{"ok": null}"#),
    (r#""""#, r#"{"ok": null}"#),
    (r#"" ""#, r#"{"ok": null}"#),
    (r#""  ""#, r#"{"ok": null}"#),
    (r#"5"#, r#"{"ok": "5.0"}"#),
    (r#""0""#, r#"{"ok": "0.0"}"#),
    (r#""10""#, r#"{"ok": "10.0"}"#),
    (r#"-1"#, r#"{"err": ["Ensure this value is greater than or equal to 0."]}"#),
    (r#"11"#, r#"{"err": ["Ensure this value is less than or equal to 10."]}"#),
];

/// DRF's `TestNoMaxDigitsDecimalField` (DecimalField(decimal_places=2, max_digits=None, max_value=100, min_value=0)), answers printed by DRF 3.18.
pub(crate) const NO_MAX_DIGITS_DECIMAL_FIELD: &[(&str, &str)] = &[(r#""10""#, r#"{"ok": "10.00"}"#)];

/// DRF's `TestNoStringCoercionDecimalField` (DecimalField(coerce_to_string=False, decimal_places=1, max_digits=3)), answers printed by DRF 3.18.
pub(crate) const NO_STRING_COERCION_DECIMAL_FIELD: &[(&str, &str)] = &[];

/// DRF's `TestNoDecimalPlaces` (DecimalField(decimal_places=None, max_digits=6)), answers printed by DRF 3.18.
pub(crate) const NO_DECIMAL_PLACES: &[(&str, &str)] = &[
    (r#""0.12345""#, r#"{"ok": "0.12345"}"#),
    (r#""0.1234567""#, r#"{"err": ["Ensure that there are no more than 6 digits in total."]}"#),
];

/// DRF's `TestDateField` (DateField()), answers printed by DRF 3.18.
pub(crate) const DATE_FIELD: &[(&str, &str)] = &[
    (r#""2001-01-01""#, r#"{"ok": "2001-01-01"}"#),
    (r#""abc""#, r#"{"err": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]}"#),
    (r#""2001-99-99""#, r#"{"err": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]}"#),
    (r#""2001-01""#, r#"{"err": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]}"#),
    (r#""2001""#, r#"{"err": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]}"#),
];

/// DRF's `TestDateTimeField` (DateTimeField(default_timezone=datetime.timezone.utc)), answers printed by DRF 3.18.
pub(crate) const DATE_TIME_FIELD: &[(&str, &str)] = &[
    (r#""2001-01-01 13:00""#, r#"{"ok": "2001-01-01T13:00:00Z"}"#),
    (r#""2001-01-01T13:00""#, r#"{"ok": "2001-01-01T13:00:00Z"}"#),
    (r#""2001-01-01T13:00Z""#, r#"{"ok": "2001-01-01T13:00:00Z"}"#),
    (
        r#""abc""#,
        r#"{"err": ["Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."]}"#,
    ),
    (
        r#""2001-99-99T99:00""#,
        r#"{"err": ["Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."]}"#,
    ),
    (
        r#""2018-08-16 22:00-24:00""#,
        r#"{"err": ["Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."]}"#,
    ),
    (r#""9999-12-31T21:59:59.99990-03:00""#, r#"{"err": ["Datetime value out of range."]}"#),
];

/// DRF's `TestNaiveDateTimeField` (DateTimeField(default_timezone=None)), answers printed by DRF 3.18.
pub(crate) const NAIVE_DATE_TIME_FIELD: &[(&str, &str)] =
    &[(r#""2001-01-01 13:00""#, r#"{"ok": "2001-01-01T13:00:00Z"}"#)];

/// DRF's `TestTimeField` (TimeField()), answers printed by DRF 3.18.
pub(crate) const TIME_FIELD: &[(&str, &str)] = &[
    (r#""13:00""#, r#"{"ok": "13:00:00"}"#),
    (r#""abc""#, r#"{"err": ["Time has wrong format. Use one of these formats instead: hh:mm[:ss[.uuuuuu]]."]}"#),
    (r#""99:99""#, r#"{"err": ["Time has wrong format. Use one of these formats instead: hh:mm[:ss[.uuuuuu]]."]}"#),
];

/// DRF's `TestDurationField` (DurationField()), answers printed by DRF 3.18.
pub(crate) const DURATION_FIELD: &[(&str, &str)] = &[
    (r#""13""#, r#"{"ok": "00:00:13"}"#),
    (r#""3 08:32:01.000123""#, r#"{"ok": "3 08:32:01.000123"}"#),
    (r#""08:01""#, r#"{"ok": "00:08:01"}"#),
    (r#"3600"#, r#"{"ok": "01:00:00"}"#),
    (r#""-999999999 00""#, r#"{"ok": "-999999999 00:00:00"}"#),
    (r#""999999999 00""#, r#"{"ok": "999999999 00:00:00"}"#),
    (
        r#""abc""#,
        r#"{"err": ["Duration has wrong format. Use one of these formats instead: [DD] [HH:[MM:]]ss[.uuuuuu]."]}"#,
    ),
    (
        r#""3 08:32 01.123""#,
        r#"{"err": ["Duration has wrong format. Use one of these formats instead: [DD] [HH:[MM:]]ss[.uuuuuu]."]}"#,
    ),
    (r#""-1000000000 00""#, r#"{"err": ["The number of days must be between -999999999 and 999999999."]}"#),
    (r#""1000000000 00""#, r#"{"err": ["The number of days must be between -999999999 and 999999999."]}"#),
];

/// DRF's `TestChoiceField` (ChoiceField(choices=[('poor', 'Poor quality'), ('medium', 'Medium quality'), ('good', 'Good quality')])), answers printed by DRF 3.18.
pub(crate) const CHOICE_FIELD: &[(&str, &str)] = &[
    (r#""poor""#, r#"{"ok": "poor"}"#),
    (r#""medium""#, r#"{"ok": "medium"}"#),
    (r#""good""#, r#"{"ok": "good"}"#),
    (r#""amazing""#, r#"{"err": ["\"amazing\" is not a valid choice."]}"#),
];

/// DRF's `TestChoiceFieldWithType` (ChoiceField(choices=[(1, 'Poor quality'), (2, 'Medium quality'), (3, 'Good quality')])), answers printed by DRF 3.18.
pub(crate) const CHOICE_FIELD_WITH_TYPE: &[(&str, &str)] = &[
    (r#""1""#, r#"{"ok": 1}"#),
    (r#"3"#, r#"{"ok": 3}"#),
    (r#"5"#, r#"{"err": ["\"5\" is not a valid choice."]}"#),
    (r#""abc""#, r#"{"err": ["\"abc\" is not a valid choice."]}"#),
];

/// DRF's `TestChoiceFieldWithListChoices` (ChoiceField(choices=('poor', 'medium', 'good'))), answers printed by DRF 3.18.
pub(crate) const CHOICE_FIELD_WITH_LIST_CHOICES: &[(&str, &str)] = &[
    (r#""poor""#, r#"{"ok": "poor"}"#),
    (r#""medium""#, r#"{"ok": "medium"}"#),
    (r#""good""#, r#"{"ok": "good"}"#),
    (r#""awful""#, r#"{"err": ["\"awful\" is not a valid choice."]}"#),
];

/// DRF's `TestChoiceFieldWithGroupedChoices` (ChoiceField(choices=[('Category', (('poor', 'Poor quality'), ('medium', 'Medium quality'))), ('good', 'Good quality')])), answers printed by DRF 3.18.
pub(crate) const CHOICE_FIELD_WITH_GROUPED_CHOICES: &[(&str, &str)] = &[
    (r#""poor""#, r#"{"ok": "poor"}"#),
    (r#""medium""#, r#"{"ok": "medium"}"#),
    (r#""good""#, r#"{"ok": "good"}"#),
    (r#""awful""#, r#"{"err": ["\"awful\" is not a valid choice."]}"#),
];

/// DRF's `TestChoiceFieldWithMixedChoices` (ChoiceField(choices=[('Category', (('poor', 'Poor quality'),)), 'medium', ('good', 'Good quality')])), answers printed by DRF 3.18.
pub(crate) const CHOICE_FIELD_WITH_MIXED_CHOICES: &[(&str, &str)] = &[
    (r#""poor""#, r#"{"ok": "poor"}"#),
    (r#""medium""#, r#"{"ok": "medium"}"#),
    (r#""good""#, r#"{"ok": "good"}"#),
    (r#""awful""#, r#"{"err": ["\"awful\" is not a valid choice."]}"#),
];

/// DRF's `TestMultipleChoiceField` (MultipleChoiceField(choices=[('aircon', 'AirCon'), ('manual', 'Manual drive'), ('diesel', 'Diesel')])), answers printed by DRF 3.18.
pub(crate) const MULTIPLE_CHOICE_FIELD: &[(&str, &str)] =
    &[(r#""abc""#, r#"{"err": ["Expected a list of items but got type \"str\"."]}"#)];

/// DRF's `TestEmptyMultipleChoiceField` (MultipleChoiceField(allow_empty=False, choices=[('consistency', 'Consistency'), ('availability', 'Availability'), ('partition', 'Partition tolerance')])), answers printed by DRF 3.18.
pub(crate) const EMPTY_MULTIPLE_CHOICE_FIELD: &[(&str, &str)] = &[];

/// DRF's `TestListField` (ListField(child=IntegerField())), answers printed by DRF 3.18.
pub(crate) const LIST_FIELD: &[(&str, &str)] = &[];

/// DRF's `TestNestedListField` (ListField(child=ListField(child=IntegerField()))), answers printed by DRF 3.18.
pub(crate) const NESTED_LIST_FIELD: &[(&str, &str)] = &[];

/// DRF's `TestEmptyListField` (ListField(allow_empty=False, child=IntegerField())), answers printed by DRF 3.18.
pub(crate) const EMPTY_LIST_FIELD: &[(&str, &str)] = &[];

/// DRF's `TestListFieldLengthLimit` (ListField(child=IntegerField(), max_length=4, min_length=3)), answers printed by DRF 3.18.
pub(crate) const LIST_FIELD_LENGTH_LIMIT: &[(&str, &str)] = &[];

/// DRF's `TestUnvalidatedListField` (ListField()), answers printed by DRF 3.18.
pub(crate) const UNVALIDATED_LIST_FIELD: &[(&str, &str)] = &[];

/// DRF's `TestDictField` (DictField(child=CharField())), answers printed by DRF 3.18.
pub(crate) const DICT_FIELD: &[(&str, &str)] = &[];

/// DRF's `TestNestedDictField` (DictField(child=DictField(child=CharField()))), answers printed by DRF 3.18.
pub(crate) const NESTED_DICT_FIELD: &[(&str, &str)] = &[];

/// DRF's `TestDictFieldWithNullChild` (DictField(child=CharField(allow_null=True))), answers printed by DRF 3.18.
pub(crate) const DICT_FIELD_WITH_NULL_CHILD: &[(&str, &str)] = &[];

/// DRF's `TestUnvalidatedDictField` (DictField()), answers printed by DRF 3.18.
pub(crate) const UNVALIDATED_DICT_FIELD: &[(&str, &str)] = &[];

/// DRF's `TestHStoreField` (HStoreField()), answers printed by DRF 3.18.
pub(crate) const HSTORE_FIELD: &[(&str, &str)] = &[];

/// DRF's `TestJSONField` (JSONField()), answers printed by DRF 3.18.
pub(crate) const JSON_FIELD: &[(&str, &str)] = &[];
