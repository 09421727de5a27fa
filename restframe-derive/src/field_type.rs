//! The Django model field class (`restframe::db::schema::FieldType`) a model field's Rust type
//! and `#[sea_orm(column_type = "...")]` stand for, so a migration creates Django's column type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::spec::generic_inner;

/// The facts about one field that decide its Django field class.
pub(crate) struct FieldFacts<'a> {
    /// The Rust type without `Option`.
    pub(crate) ty: &'a syn::Type,
    /// `#[sea_orm(column_type = "...")]`, as written.
    pub(crate) column_type: Option<&'a str>,
    /// A primary key the database numbers (`auto_increment` is sea-orm's default).
    pub(crate) auto_pk: bool,
    /// The Django integer field of an integer type (`IntegerKind` variant name).
    pub(crate) integer: Option<&'static str>,
}

/// `Some(::restframe::db::schema::FieldType::...)`, or `None` for a type naming no Django field.
pub(crate) fn field_type_tokens(facts: &FieldFacts) -> TokenStream {
    match field_type(facts) {
        Some(ty) => quote!(::core::option::Option::Some(::restframe::db::schema::FieldType::#ty)),
        None => quote!(::core::option::Option::None),
    }
}

fn field_type(facts: &FieldFacts) -> Option<TokenStream> {
    let syn::Type::Path(path) = facts.ty else { return None };
    let name = path.path.segments.last()?.ident.to_string();
    let column_type = facts.column_type.unwrap_or_default();
    // sea-orm's column type names the column where the Rust type is looser (`f64` stored as
    // `Decimal(Some((6, 2)))`, `String` as `Text`).
    if column_type.starts_with("Decimal") {
        return Some(decimal(column_type));
    }
    let variant = match (name.as_str(), facts.integer) {
        ("i16", _) if facts.auto_pk => "SmallAutoField",
        ("i32", _) if facts.auto_pk => "AutoField",
        ("i64", _) if facts.auto_pk => "BigAutoField",
        (_, Some(integer)) => integer,
        ("String", _) if column_type.starts_with("Text") => "TextField",
        ("String", _) => "CharField",
        ("bool", _) => "BooleanField",
        ("NaiveDate" | "Date" | "ChronoDate" | "TimeDate", _) => "DateField",
        (
            "NaiveDateTime"
            | "DateTime"
            | "DateTimeUtc"
            | "DateTimeWithTimeZone"
            | "DateTimeLocal"
            | "ChronoDateTime"
            | "ChronoDateTimeUtc"
            | "ChronoDateTimeWithTimeZone"
            | "OffsetDateTime"
            | "PrimitiveDateTime",
            _,
        ) => "DateTimeField",
        ("NaiveTime" | "Time" | "ChronoTime" | "TimeTime", _) => "TimeField",
        ("Decimal" | "BigDecimal", _) => return Some(decimal(column_type)),
        ("f32" | "f64", _) => "FloatField",
        ("Uuid", _) => "UUIDField",
        ("Json" | "Value" | "JsonValue", _) => "JSONField",
        ("Vec", _) if is_u8(generic_inner(facts.ty, "Vec")?) => "BinaryField",
        _ => return None,
    };
    let variant = format_ident!("{variant}");
    Some(quote!(#variant))
}

fn is_u8(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.is_ident("u8"))
}

/// `DecimalField` with the digits of `Decimal(Some((6, 2)))`.
fn decimal(column_type: &str) -> TokenStream {
    let digits: Vec<u32> = column_type
        .split_once("Some(")
        .map(|(_, rest)| {
            rest.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect()
        })
        .unwrap_or_default();
    let option = |n: Option<&u32>| match n {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    };
    let (max_digits, decimal_places) = (option(digits.first()), option(digits.get(1)));
    quote!(DecimalField { max_digits: #max_digits, decimal_places: #decimal_places })
}
