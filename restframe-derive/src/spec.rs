//! Shared code generation: a `#[field(...)]` model becomes the overrides of a `FieldSpec`
//! literal, plus the semantic checks DRF makes with assertions.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{GenericArgument, PathArguments, Type};

use crate::attr::{Bound, FieldAttrs, KindAttr};
use crate::ctxt::Ctxt;

/// `Some(T)` when `ty` is `Option<T>` (also `std::option::Option<T>`), for `name = "Option"`.
pub(crate) fn generic_inner<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    // A type passed through a `macro_rules!` `$ty:ty` arrives wrapped in an invisible group.
    if let Type::Group(group) = ty {
        return generic_inner(&group.elem, name);
    }
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// Whether the declared type is an `Option<_>`.
pub(crate) fn is_option(ty: &Type) -> bool {
    generic_inner(ty, "Option").is_some()
}

fn bound_tokens(bound: &Bound) -> TokenStream {
    match bound {
        Bound::Int(i) => quote!(::core::option::Option::Some(::restframe::fields::Limit::Int(#i))),
        Bound::Float(f) => quote!(::core::option::Option::Some(::restframe::fields::Limit::Float(#f))),
    }
}

fn opt_usize(value: Option<usize>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn opt_u32(value: Option<u32>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

/// The `FieldSpec` fields these options set (struct-update overrides of a base spec).
pub(crate) fn overrides(attrs: &FieldAttrs, name: &str) -> TokenStream {
    let mut out = TokenStream::new();
    if attrs.read_only.is_some() {
        out.extend(quote!(read_only: true, required: false,));
    }
    if attrs.write_only.is_some() {
        out.extend(quote!(write_only: true,));
    }
    if let Some(required) = &attrs.required {
        let v = required.value;
        out.extend(quote!(required: #v,));
    } else if attrs.default.is_some() {
        out.extend(quote!(required: false,));
    }
    for (key, flag) in [
        ("allow_null", &attrs.allow_null),
        ("allow_blank", &attrs.allow_blank),
        ("trim_whitespace", &attrs.trim_whitespace),
        ("allow_empty", &attrs.allow_empty),
    ] {
        if let Some(flag) = flag {
            let key = syn::Ident::new(key, flag.span);
            let v = flag.value;
            out.extend(quote!(#key: #v,));
        }
    }
    if let Some(n) = &attrs.min_length {
        let v = opt_usize(Some(n.value));
        out.extend(quote!(min_length: #v,));
    }
    if let Some(n) = &attrs.max_length {
        let v = opt_usize(Some(n.value));
        out.extend(quote!(max_length: #v,));
    }
    if let Some(b) = &attrs.min_value {
        let v = bound_tokens(&b.value);
        out.extend(quote!(min_value: #v,));
    }
    if let Some(b) = &attrs.max_value {
        let v = bound_tokens(&b.value);
        out.extend(quote!(max_value: #v,));
    }
    if let Some(kind) = &attrs.kind {
        let kind = kind_tokens(&kind.value);
        out.extend(quote!(kind: #kind,));
    }
    if !attrs.error_messages.is_empty() {
        let pairs = attrs.error_messages.iter().map(|(k, v)| quote!((#k, #v)));
        out.extend(quote!(error_messages: &[#(#pairs),*],));
    }
    if let Some(label) = &attrs.label {
        let v = &label.value;
        out.extend(quote!(label: ::core::option::Option::Some(#v),));
    }
    if let Some(help_text) = &attrs.help_text {
        let v = &help_text.value;
        out.extend(quote!(help_text: ::core::option::Option::Some(#v),));
    }
    if let Some(n) = &attrs.max_digits {
        let v = opt_u32(Some(n.value));
        out.extend(quote!(max_digits: #v,));
    }
    if let Some(n) = &attrs.decimal_places {
        let v = opt_u32(Some(n.value));
        out.extend(quote!(decimal_places: #v,));
    }
    if let Some(flag) = &attrs.coerce_to_string {
        let v = flag.value;
        out.extend(quote!(coerce_to_string: #v,));
    }
    if let Some(choices) = &attrs.int_choices {
        let values = &choices.value;
        out.extend(quote!(int_choices: &[#(#values),*],));
    }
    if let Some(labels) = &attrs.choice_labels {
        out.extend(quote!(choice_labels: &[#(#labels),*],));
    }
    if let Some(protocol) = &attrs.protocol {
        let variant = match protocol.value.value().to_lowercase().as_str() {
            "ipv4" => quote!(Ipv4),
            "ipv6" => quote!(Ipv6),
            _ => quote!(Both),
        };
        out.extend(quote!(protocol: ::restframe::fields::IpProtocol::#variant,));
    }
    if let Some(child) = &attrs.child {
        let child = overrides(child, name);
        out.extend(quote!(child: ::core::option::Option::Some(&::restframe::fields::FieldSpec {
            #child ..::restframe::fields::FieldSpec::new(#name)
        }),));
    }
    out
}

fn kind_tokens(kind: &KindAttr) -> TokenStream {
    let k = quote!(::restframe::fields::Kind);
    match kind {
        KindAttr::Email => quote!(#k::Email),
        KindAttr::Url => quote!(#k::Url),
        KindAttr::Slug => quote!(#k::Slug { allow_unicode: false }),
        KindAttr::UnicodeSlug => quote!(#k::Slug { allow_unicode: true }),
        KindAttr::Uuid => quote!(#k::Uuid),
        KindAttr::Regex(re) => quote!(#k::Regex(#re)),
        KindAttr::Choices(choices) => quote!(#k::Choice(&[#(#choices),*])),
        KindAttr::Decimal { max_digits, decimal_places } => {
            let (d, p) = (opt_u32(*max_digits), opt_u32(*decimal_places));
            quote!(#k::Decimal { max_digits: #d, decimal_places: #p })
        }
    }
}

/// DRF's field assertions plus the ones a typed struct needs, each pointing at the option.
pub(crate) fn check(cx: &Ctxt, attrs: &FieldAttrs, ty: &Type) {
    if let (Some(_), Some(write_only)) = (&attrs.read_only, &attrs.write_only) {
        cx.syn_error(syn::Error::new(write_only.span, "May not set both `read_only` and `write_only`"));
    }
    if let (Some(_), Some(required)) = (&attrs.read_only, &attrs.required)
        && required.value
    {
        cx.syn_error(syn::Error::new(required.span, "May not set both `read_only` and `required`"));
    }
    if let (Some(required), Some(default)) = (&attrs.required, &attrs.default)
        && required.value
    {
        cx.syn_error(syn::Error::new(default.span, "May not set both `required` and `default`"));
    }
    if let (Some(min), Some(max)) = (&attrs.min_length, &attrs.max_length)
        && min.value > max.value
    {
        cx.syn_error(syn::Error::new(min.span, "`min_length` is greater than `max_length`"));
    }
    if let (Some(min), Some(max)) = (&attrs.min_value, &attrs.max_value) {
        let as_f64 = |b: &Bound| match b {
            Bound::Int(i) => *i as f64,
            Bound::Float(f) => *f,
        };
        if as_f64(&min.value) > as_f64(&max.value) {
            cx.syn_error(syn::Error::new(min.span, "`min_value` is greater than `max_value`"));
        }
    }
    if let Some(allow_null) = attrs.allow_null.as_ref().filter(|a| a.value)
        && !is_option(ty)
    {
        cx.syn_error(syn::Error::new(allow_null.span, "`allow_null` needs an `Option<_>` field type to hold the null"));
    }
    if let Some(many) = &attrs.many {
        if attrs.nested.is_none() {
            cx.syn_error(syn::Error::new(many.span, "`many` goes with `nested` (a list of nested serializers); for a list of plain values use a `Vec<_>` field"));
        } else if generic_inner(ty, "Vec").is_none() {
            cx.syn_error(syn::Error::new(many.span, "`nested, many` needs a `Vec<YourSerializer>` field type"));
        }
    }
    if let Some(nested) = &attrs.nested {
        if let Some(kind) = &attrs.kind {
            cx.syn_error(syn::Error::new(kind.span, "a nested serializer field cannot also be a string field class"));
        }
        if !attrs.validators.is_empty() {
            cx.syn_error(syn::Error::new(
                nested.span,
                "`validators` are not supported on nested serializer fields; validate in the nested serializer",
            ));
        }
        if let Some(default) = &attrs.default {
            cx.syn_error(syn::Error::new(default.span, "`default` is not supported on nested serializer fields"));
        }
    }
    if let (Some(_), Some(validate)) = (&attrs.read_only, &attrs.validate) {
        cx.syn_error(syn::Error::new(
            validate.span,
            "a read-only field is never validated, so its `validate` hook would never run",
        ));
    }
}

/// An item asserting that a string field class (`email`, `regex`, ...) sits on a `String` field.
/// A where clause on a concrete type is checked where it is written, so the error is the public
/// `StringField` bound at the field's type, with no helper function named in a note.
pub(crate) fn assert_string_field(ty: &Type) -> TokenStream {
    quote::quote_spanned! {ty.span()=>
        const _: () = {
            #[allow(dead_code)]
            fn __string_field() where #ty: ::restframe::fields::StringField {}
        };
    }
}

/// A field's wire name: its identifier without the `r#` of a raw identifier.
pub(crate) fn field_key(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_owned()
}

/// The generated `FieldSpec` const of a field (`__F_NAME`); both derives emit and read it.
pub(crate) fn spec_const(key: &str) -> syn::Ident {
    quote::format_ident!("__F_{}", key.to_uppercase())
}

/// The local variable holding a field's validated value (`__f_name`).
pub(crate) fn value_var(key: &str) -> syn::Ident {
    quote::format_ident!("__f_{}", key)
}
