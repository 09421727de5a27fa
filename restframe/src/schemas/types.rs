//! The OpenAPI schema of a Rust type, as drf-spectacular's `_map_response_type_hint` maps a
//! `SerializerMethodField`'s return type hint (`def get_stars(self, obj) -> int`).

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use serde_json::{Map, Value, json};

use crate::fields::{FieldSpec, field_info_with_schema_value};

/// A type whose OpenAPI schema drf-spectacular would read from the same Python type hint:
/// what a `#[field(method)]` field of `#[derive(ModelSerializer)]` is documented as (its struct
/// field's type is the `get_<name>` method's return type).
///
/// | Rust return type | Python hint | schema |
/// |---|---|---|
/// | `i8` ... `i64`, `u8` ... `u64`, `isize`, `usize` | `int` | `{"type": "integer"}` |
/// | `f32`, `f64` | `float` | `{"type": "number", "format": "double"}` |
/// | `rust_decimal::Decimal`, [`crate::db::Decimal`] | `Decimal` | `{"type": "number", "format": "double"}` |
/// | `bool` | `bool` | `{"type": "boolean"}` |
/// | `String`, `&'static str` | `str` | `{"type": "string"}` |
/// | `chrono::NaiveDate` | `date` | `{"type": "string", "format": "date"}` |
/// | `DateTime<Utc>`, `DateTime<FixedOffset>`, `NaiveDateTime` | `datetime` | `{"type": "string", "format": "date-time"}` |
/// | `NaiveTime` | `time` | `{"type": "string", "format": "time"}` |
/// | `TimeDelta` | `timedelta` | `{"type": "string", "format": "duration"}` |
/// | `IpAddr` | `IPv4Address \| IPv6Address` | `oneOf` ipv4, ipv6 |
/// | `Vec<T>` | `list[T]` | `{"type": "array", "items": T}` |
/// | `BTreeMap<String, T>`, `HashMap<String, T>` | `dict[str, T]` | `{"type": "object", "additionalProperties": T}` |
/// | `serde_json::Map<String, Value>` | `dict` | `{"type": "object", "additionalProperties": {}}` |
/// | `serde_json::Value` | `Any` | `{}` |
/// | `Option<T>` | `Optional[T]` | `T` with `"nullable": true` |
///
/// For anything else (a `serde_json::Value` that is always an object, a type of your own),
/// give the schema as spectacular's `@extend_schema_field` does:
/// `#[field(method, schema = r#"{"type": "object", "additionalProperties": {}}"#)]`, or
/// implement this trait.
///
/// ```
/// use restframe::schemas::OpenApiType;
/// use serde_json::json;
///
/// assert_eq!(<Option<Vec<i64>>>::openapi_schema(), json!({"type": "array", "items": {"type": "integer"}, "nullable": true}));
/// assert_eq!(chrono::NaiveDate::openapi_schema(), json!({"type": "string", "format": "date"}));
/// ```
#[diagnostic::on_unimplemented(
    message = "drf-spectacular has no schema for a method field returning `{Self}`",
    label = "the OpenAPI document types a `#[field(method)]` field by its return type",
    note = "give the schema as spectacular's `@extend_schema_field` does: `#[field(method, schema = r#\"{{\"type\": \"object\"}}\"#)]`, or implement `restframe::schemas::OpenApiType` for the type"
)]
pub trait OpenApiType {
    /// The schema of a value of this type.
    fn openapi_schema() -> Value;
}

macro_rules! basic {
    ($schema:tt => $($ty:ty),+) => {
        $(impl OpenApiType for $ty {
            fn openapi_schema() -> Value {
                json!($schema)
            }
        })+
    };
}

basic!({"type": "integer"} => i8, i16, i32, i64, u8, u16, u32, u64, isize, usize);
basic!({"type": "number", "format": "double"} => f32, f64, rust_decimal::Decimal, crate::db::Decimal);
basic!({"type": "boolean"} => bool);
basic!({"type": "string"} => String, &'static str);
basic!({"type": "string", "format": "date"} => NaiveDate);
basic!({"type": "string", "format": "date-time"} => DateTime<Utc>, DateTime<FixedOffset>, NaiveDateTime);
basic!({"type": "string", "format": "time"} => NaiveTime);
basic!({"type": "string", "format": "duration"} => TimeDelta);
basic!({"oneOf": [{"type": "string", "format": "ipv4"}, {"type": "string", "format": "ipv6"}]} => IpAddr);
basic!({"type": "object", "additionalProperties": {}} => Map<String, Value>);
basic!({} => Value);

impl<T: OpenApiType> OpenApiType for Option<T> {
    fn openapi_schema() -> Value {
        let mut schema = T::openapi_schema();
        if let Value::Object(map) = &mut schema {
            map.insert("nullable".into(), Value::Bool(true));
        }
        schema
    }
}

impl<T: OpenApiType> OpenApiType for Vec<T> {
    fn openapi_schema() -> Value {
        json!({"type": "array", "items": T::openapi_schema()})
    }
}

impl<T: OpenApiType> OpenApiType for BTreeMap<String, T> {
    fn openapi_schema() -> Value {
        json!({"type": "object", "additionalProperties": T::openapi_schema()})
    }
}

impl<T: OpenApiType, S> OpenApiType for HashMap<String, T, S> {
    fn openapi_schema() -> Value {
        json!({"type": "object", "additionalProperties": T::openapi_schema()})
    }
}

/// DRF's `SimpleMetadata` entry of a `SerializerMethodField` (`"type": "field"`) whose method
/// returns `T`; the OpenAPI document types it as [`OpenApiType`] maps `T`. What
/// `#[derive(ModelSerializer)]` calls for a `#[field(method)]` field.
///
/// ```
/// use restframe::fields::FieldSpec;
///
/// const STARS: FieldSpec = FieldSpec { read_only: true, required: false, ..FieldSpec::new("stars") };
/// let info = restframe::schemas::method_field_info::<i64>(&STARS);
/// assert_eq!(info, serde_json::json!({"type": "field", "required": false, "read_only": true, "label": "Stars"}));
/// ```
pub fn method_field_info<T: OpenApiType>(spec: &FieldSpec) -> Value {
    field_info_with_schema_value(spec, T::openapi_schema())
}
