//! What `#[derive(ModelSerializer)]` tells the OpenAPI document of a field OPTIONS calls
//! `field` (method, identity and relational fields), as drf-spectacular maps them.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::Ident;
use syn::spanned::Spanned;

use super::{Field, Role};
use crate::attr::FieldAttrs;

/// The `(key, info)` pair of a `SerializerMethodField`: its `schema = "..."` (spectacular's
/// `@extend_schema_field`), else the schema of the struct field's type, which is the method's
/// return type (checked with the other types): what spectacular reads from its type hint.
pub(super) fn method_info(f: &Field<'_>, key: &str, spec_ident: &Ident) -> TokenStream {
    match f.declared {
        Some((_, FieldAttrs { schema: Some(schema), .. })) => {
            let schema = &schema.value;
            quote!((#key, ::restframe::fields::field_info_with_schema(&#spec_ident, #schema)))
        }
        Some((Some(ty), _)) => {
            let info = quote_spanned!(ty.span()=> ::restframe::schemas::method_field_info::<#ty>);
            quote!((#key, #info(&#spec_ident)))
        }
        // A method field is always a typed struct field (the checks say so otherwise).
        _ => quote!((#key, ::restframe::fields::field_info_with_schema(&#spec_ident, r#"{"type": "string"}"#))),
    }
}

/// The OpenAPI schema (JSON text) of an identity or relational field: a hyperlink a URI, a
/// primary key its Rust type (integer or string), a slug or `__str__` a string; `many` makes an
/// array of it.
pub(super) fn related_schema(f: &Field<'_>) -> String {
    use crate::attr::RelatedAttrs;
    let item = match (&f.role, f.attrs().and_then(|a| a.related.as_ref()).map(|r| &r.value)) {
        (Role::Identity, _) | (_, Some(RelatedAttrs::Hyperlink(_))) => r#"{"type": "string", "format": "uri"}"#,
        (_, Some(RelatedAttrs::PrimaryKey)) => {
            let ty = f.declared.and_then(|(ty, _)| ty).map(|ty| quote!(#ty).to_string()).unwrap_or_default();
            let integer = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"]
                .iter()
                .any(|int| ty.split(|c: char| !c.is_alphanumeric()).any(|part| part == *int));
            if integer { r#"{"type": "integer"}"# } else { r#"{"type": "string"}"# }
        }
        _ => r#"{"type": "string"}"#,
    };
    if matches!(f.role, Role::Related) && f.attrs().is_some_and(|a| a.many.is_some()) {
        format!(r#"{{"type": "array", "items": {item}}}"#)
    } else {
        item.to_owned()
    }
}
