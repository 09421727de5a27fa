//! DRF's `rest_framework.fields`: how one JSON value becomes a typed Rust value, with DRF's
//! coercion rules and exact messages.
//!
//! A field is described by a [`FieldSpec`] (DRF's core arguments: `required`, `allow_null`,
//! `max_length`, ...). Its Rust type picks the field class through [`FieldType`]:
//!
//! | Rust type | DRF field |
//! |---|---|
//! | `String` | `CharField` (or `EmailField`, `URLField`, `SlugField`, `UUIDField`, `RegexField`, `ChoiceField`, `DecimalField` through [`Kind`]) |
//! | `i8` ... `i64`, `u8` ... `u64` | `IntegerField` |
//! | `f32`, `f64` | `FloatField` |
//! | `bool` | `BooleanField` |
//! | `chrono::DateTime<Utc>`, `DateTime<FixedOffset>`, `NaiveDateTime` | `DateTimeField` |
//! | `chrono::NaiveDate` | `DateField` |
//! | `Vec<T>` | `ListField(child=T)` |
//! | `BTreeMap<String, T>` | `DictField(child=T)` |
//! | `serde_json::Value` | `JSONField` |
//! | `Option<T>` | `T` that may be `null` or absent |
//!
//! ```
//! use restframe::fields::{FieldSpec, FieldType};
//! use serde_json::json;
//!
//! const AGE: FieldSpec = FieldSpec { max_value: Some(restframe::fields::Limit::Int(130)), ..FieldSpec::new("age") };
//! assert_eq!(i64::from_json(&json!("42"), &AGE), Ok(42));
//! let err = i64::from_json(&json!("4x"), &AGE).expect_err("not a number");
//! assert_eq!(err.to_json(), json!(["A valid integer is required."]));
//! ```

mod choice;
pub(crate) mod choice_schema;
mod composite;
mod decimal;
pub(crate) mod formats;
mod info;
mod ip;
pub(crate) mod iso;
mod number;
pub(crate) mod openapi;
mod string;
mod temporal;

use std::fmt;

use serde_json::Value;

use crate::exceptions::{Detail, ErrorDetail};
use crate::python::float_repr;

pub(crate) use info::field_info_with_schema_value;
pub use info::{default_label, field_info, field_info_with_schema, field_info_with_type};
pub use ip::IpProtocol;
pub use openapi::SerializerSchema;
pub use string::StringField;
pub(crate) use string::regex_matches;

/// Which DRF field class a `String` field is (other Rust types have exactly one class).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// `CharField`.
    Char,
    /// `EmailField`.
    Email,
    /// `URLField` (schemes http, https, ftp, ftps, as Django's `URLValidator`).
    Url,
    /// `SlugField` (`allow_unicode` when true).
    Slug {
        /// Accept Unicode letters and digits too.
        allow_unicode: bool,
    },
    /// `UUIDField`: accepts any form Python's `uuid.UUID` does, stores the hyphenated lower-case form.
    Uuid,
    /// `RegexField`: the value must match the pattern (searched, as Python's `re.search`).
    Regex(&'static str),
    /// `ChoiceField`: the value must be one of these (their labels: [`FieldSpec::choice_labels`]).
    Choice(&'static [&'static str]),
    /// `DecimalField`: a decimal number kept as its quantized string (`"1.50"`).
    Decimal {
        /// `max_digits` (total significant digits).
        max_digits: Option<u32>,
        /// `decimal_places`.
        decimal_places: Option<u32>,
    },
}

/// A `min_value` / `max_value` bound, printed in messages as Python prints the number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Limit {
    /// An integer bound (`10`).
    Int(i64),
    /// A float bound (`10.5`, `10.0`).
    Float(f64),
}

impl Limit {
    /// The bound as a float for comparisons.
    pub fn as_f64(self) -> f64 {
        match self {
            Limit::Int(i) => i as f64,
            Limit::Float(f) => f,
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Int(i) => write!(f, "{i}"),
            Limit::Float(x) => f.write_str(&float_repr(*x)),
        }
    }
}

/// DRF's field core arguments plus the per-class options, as a `const`-friendly value.
/// Start from [`FieldSpec::new`] and override with struct update syntax.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldSpec {
    /// The key in the input and output JSON.
    pub name: &'static str,
    /// The `String` field class (ignored by other types).
    pub kind: Kind,
    /// Never read from input, always rendered.
    pub read_only: bool,
    /// Read from input, never rendered.
    pub write_only: bool,
    /// A missing key is `This field is required.`
    pub required: bool,
    /// `null` is accepted (the Rust type is an `Option`).
    pub allow_null: bool,
    /// `""` is accepted by string fields.
    pub allow_blank: bool,
    /// String fields strip leading/trailing whitespace first.
    pub trim_whitespace: bool,
    /// Lists and dicts may be empty.
    pub allow_empty: bool,
    /// Minimum characters (strings) or elements (lists).
    pub min_length: Option<usize>,
    /// Maximum characters (strings) or elements (lists).
    pub max_length: Option<usize>,
    /// Smallest accepted number.
    pub min_value: Option<Limit>,
    /// Largest accepted number.
    pub max_value: Option<Limit>,
    /// Overrides of the default messages by key (`("blank", "Custom blank!")`); `{placeholders}`
    /// are filled as in DRF.
    pub error_messages: &'static [(&'static str, &'static str)],
    /// The child field's options for `ListField` / `DictField` (`None`: the defaults).
    pub child: Option<&'static FieldSpec>,
    /// DRF's `label` (`None`: the name with `_` as spaces, capitalised, as DRF's `bind` does).
    /// Shown in OPTIONS metadata.
    pub label: Option<&'static str>,
    /// DRF's `help_text`, shown in OPTIONS metadata.
    pub help_text: Option<&'static str>,
    /// `DecimalField(max_digits=...)` for a `rust_decimal::Decimal` field.
    pub max_digits: Option<u32>,
    /// `DecimalField(decimal_places=...)` for a `rust_decimal::Decimal` field.
    pub decimal_places: Option<u32>,
    /// `DecimalField(coerce_to_string=...)`: render decimals as strings (DRF's default) or as
    /// JSON numbers.
    pub coerce_to_string: bool,
    /// `ChoiceField` choices of an integer field (`choices(1, 2, 3)`); empty: not a choice field.
    pub int_choices: &'static [i64],
    /// The labels of the choices ([`Kind::Choice`] or [`FieldSpec::int_choices`]), one per
    /// value in the same order (`choices(("draft", "Draft"))`); empty: each value is its own
    /// label, as with DRF's flat `choices` list. OPTIONS shows them as `display_name`, the
    /// OpenAPI document in the enum's description.
    pub choice_labels: &'static [&'static str],
    /// `IPAddressField(protocol=...)`.
    pub protocol: IpProtocol,
}

impl FieldSpec {
    /// DRF's defaults: required, not null, not blank, trimmed, empty lists allowed.
    pub const fn new(name: &'static str) -> Self {
        Self {
            name,
            kind: Kind::Char,
            read_only: false,
            write_only: false,
            required: true,
            allow_null: false,
            allow_blank: false,
            trim_whitespace: true,
            allow_empty: true,
            min_length: None,
            max_length: None,
            min_value: None,
            max_value: None,
            error_messages: &[],
            child: None,
            label: None,
            help_text: None,
            max_digits: None,
            decimal_places: None,
            coerce_to_string: true,
            int_choices: &[],
            choice_labels: &[],
            protocol: IpProtocol::Both,
        }
    }

    /// The spec of a list or dict child (the child's own options, or defaults).
    #[must_use]
    pub fn child_spec(&self) -> FieldSpec {
        match self.child {
            Some(child) => *child,
            None => FieldSpec::new(self.name),
        }
    }

    /// The message for `key`: the override from `error_messages`, else `default`, with
    /// `{name}` placeholders replaced by `params`.
    pub fn error(&self, key: &str, default: &str, params: &[(&str, &dyn fmt::Display)]) -> ErrorDetail {
        let template = self.error_messages.iter().find(|(k, _)| *k == key).map(|(_, msg)| *msg).unwrap_or(default);
        let mut msg = template.to_owned();
        for (name, value) in params {
            msg = msg.replace(&format!("{{{name}}}"), &value.to_string());
        }
        ErrorDetail::new(msg, key)
    }

    /// [`FieldSpec::error`] without parameters, as a one-message list.
    pub fn fail(&self, key: &str, default: &str) -> Detail {
        Detail::List(vec![self.error(key, default, &[]).into()])
    }
}

/// A Rust type that a field's JSON input coerces into (DRF's `to_internal_value`).
///
/// Coercion errors come back as a [`Detail`] (a list of messages; a dict for list/dict children).
/// The checks DRF runs as validators (`max_length`, email format, `min_value`, ...) live in
/// [`FieldType::check`], which runs after the user's own validators, as in DRF.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a serializer field type",
    label = "no DRF field maps to this type",
    note = "field types: String, integers, f32/f64, bool, chrono date/times, Vec<T>, BTreeMap<String, T>, serde_json::Value, Option<T>; nested serializers need `#[field(nested)]`"
)]
pub trait FieldType: Sized + Send + Sync + 'static {
    /// Coerces `value` (never `null`; the pipeline handles that) following DRF's rules.
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail>;

    /// The validators DRF appends to the field (length, range, format); push every failure.
    fn check(&self, _spec: &FieldSpec, _errors: &mut Vec<ErrorDetail>) {}

    /// The value for `null` or an absent optional key: `Some(None)` for `Option<T>`.
    fn null() -> Option<Self> {
        None
    }

    /// Input other than `null` that this class reads as null when `allow_null` is set
    /// (`BooleanField`'s `"null"` and `""`, `DecimalField`'s blank text).
    fn null_input(_value: &Value, _spec: &FieldSpec) -> bool {
        false
    }

    /// DRF's `default_empty_html`: the value of a key missing from HTML form input
    /// (`Some(false)` for `BooleanField`: an unticked checkbox is not sent).
    fn empty_html() -> Option<Self> {
        None
    }

    /// True when DRF would return the value without running validators (an allowed blank).
    fn skips_validators(&self, _spec: &FieldSpec) -> bool {
        false
    }

    /// The value as text, for model-level string validators (`UnicodeUsernameValidator`).
    fn as_str(&self) -> Option<&str> {
        None
    }

    /// The field's `type` in OPTIONS metadata: DRF's `SimpleMetadata.label_lookup` name of the
    /// field class (`"string"`, `"integer"`, ...; `"field"` for classes it does not list).
    fn metadata_type(_spec: &FieldSpec) -> &'static str {
        "field"
    }

    /// The `child` entry of OPTIONS metadata (list and dict fields): the child's
    /// [`field_info`].
    fn metadata_child(_spec: &FieldSpec) -> Option<Value> {
        None
    }
}

/// How a value renders in a serializer's output (DRF's `to_representation`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be rendered as a serializer field",
    note = "nested serializers implement this through `#[derive(Serializer)]`"
)]
pub trait Represent {
    /// The JSON for this value.
    fn represent(&self, spec: &FieldSpec) -> Value;
}

/// A type a plain serializer field may have: it coerces from JSON ([`FieldType`]), renders
/// ([`Represent`]) and can be cloned. `#[derive(Serializer)]` checks each field's type against
/// this one trait (with [`assert_serializer_field`]), so an unsupported type is one error at the
/// field, in these words, rather than one per place the runtime uses it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a serializer field type",
    label = "no DRF field maps to this type",
    note = "field types: String, integers, f32/f64, bool, chrono date/times, Vec<T>, BTreeMap<String, T>, serde_json::Value, Option<T>; nested serializers need `#[field(nested)]`"
)]
pub trait SerializerField: FieldType + Represent + Clone {}

#[diagnostic::do_not_recommend]
impl<T: FieldType + Represent + Clone> SerializerField for T {}

/// Compiles only when `T` is a [`SerializerField`]; does nothing at run time. The derives call
/// it once per plain field.
///
/// ```
/// restframe::fields::assert_serializer_field::<Option<String>>();
/// ```
pub const fn assert_serializer_field<T: SerializerField>() {}

impl<T: FieldType> FieldType for Option<T> {
    fn from_json(value: &Value, spec: &FieldSpec) -> Result<Self, Detail> {
        if spec.allow_null && T::null_input(value, spec) {
            return Ok(None);
        }
        T::from_json(value, spec).map(Some)
    }
    fn check(&self, spec: &FieldSpec, errors: &mut Vec<ErrorDetail>) {
        if let Some(v) = self {
            v.check(spec, errors);
        }
    }
    fn null() -> Option<Self> {
        Some(None)
    }
    fn null_input(value: &Value, spec: &FieldSpec) -> bool {
        T::null_input(value, spec)
    }
    fn skips_validators(&self, spec: &FieldSpec) -> bool {
        self.as_ref().is_none_or(|v| v.skips_validators(spec))
    }
    fn as_str(&self) -> Option<&str> {
        self.as_ref().and_then(T::as_str)
    }
    fn metadata_type(spec: &FieldSpec) -> &'static str {
        T::metadata_type(spec)
    }
    fn metadata_child(spec: &FieldSpec) -> Option<Value> {
        T::metadata_child(spec)
    }
}

impl<T: Represent> Represent for Option<T> {
    fn represent(&self, spec: &FieldSpec) -> Value {
        match self {
            Some(v) => v.represent(spec),
            None => Value::Null,
        }
    }
}
