//! `fields = "__all__"` and `exclude(...)`: the field list comes from the model, which a derive
//! on the serializer cannot see. `#[derive(ModelMeta)]` therefore also emits a macro next to the
//! model (`__restframe_fields_of_Model!`) that hands the model's field names to
//! `model_serializer_fields!`, which runs this derive again with them (the "callback macro"
//! pattern). So these two options need the model in the same crate, named through its module
//! (`model = book::Model`); a model of another crate (`restframe::auth::user::Model`) is a
//! compile error asking for an explicit `fields(...)` list.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, Path, Token};

use super::parse::{Container, Declared, FieldList};
use crate::ctxt::Ctxt;

/// The model's field names as its `ModelMeta` derive passes them: the primary key, the other
/// plain fields in declaration order, then the foreign keys under their relation names (DRF's
/// `model_info.pk`, `model_info.fields` and `model_info.forward_relations`; many-to-many fields
/// are not model serializer fields yet, so they are left out).
pub(super) struct ModelFields {
    pk: Ident,
    fields: Vec<Ident>,
}

/// `pk = id, fields = [a, b]; <the serializer struct>`, the callback macro's input.
pub(crate) struct CallbackInput {
    pub(super) model: ModelFields,
    pub(super) input: DeriveInput,
}

impl Parse for CallbackInput {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let key: Ident = input.parse()?;
        if key != "pk" {
            return Err(syn::Error::new(key.span(), "expected `pk`"));
        }
        input.parse::<Token![=]>()?;
        let pk = input.parse()?;
        input.parse::<Token![,]>()?;
        let key: Ident = input.parse()?;
        if key != "fields" {
            return Err(syn::Error::new(key.span(), "expected `fields`"));
        }
        input.parse::<Token![=]>()?;
        let content;
        syn::bracketed!(content in input);
        let fields = Punctuated::<Ident, Token![,]>::parse_terminated(&content)?.into_iter().collect();
        input.parse::<Token![;]>()?;
        Ok(Self { model: ModelFields { pk, fields }, input: input.parse()? })
    }
}

/// The name of the macro `#[derive(ModelMeta)]` emits for model struct `model`.
pub(crate) fn macro_name(model: &Ident) -> Ident {
    format_ident!("__restframe_fields_of_{}", model)
}

/// The call of the model's field-list macro with the serializer's tokens.
pub(super) fn callback(model: &Path, input: &DeriveInput, hooks: bool) -> TokenStream {
    // The macro is `pub(crate)` (a `#[macro_export]` one would need a crate-unique name the
    // serializer cannot guess), so a path into another crate cannot reach it: say so plainly
    // rather than "could not find `__restframe_fields_of_Model`".
    let foreign = model.leading_colon.is_some() || model.segments.first().is_some_and(|s| s.ident == "restframe");
    if foreign {
        let err = syn::Error::new(
            model.span(),
            "`fields = \"__all__\"` and `exclude` need the model's field list, which `#[derive(ModelMeta)]` \
             shares only within the model's crate; list the fields of a model from another crate \
             explicitly: `fields(id, username, ...)`",
        );
        return crate::fallback::model_serializer(input, Some(model), hooks, err);
    }
    let mut path = model.clone();
    let Some(last) = path.segments.last_mut() else {
        return syn::Error::new(model.span(), "expected a model path").into_compile_error();
    };
    last.ident = Ident::new(&macro_name(&last.ident).to_string(), last.ident.span());
    last.arguments = syn::PathArguments::None;
    quote_spanned!(model.span()=> #path! { #input })
}

/// DRF's `get_field_names` for `__all__` and `exclude`: the primary key, the declared fields,
/// then the model's other fields (the first occurrence of a name wins), minus `exclude`.
pub(super) fn field_names(
    cx: &Ctxt,
    input: &DeriveInput,
    c: &Container,
    declared: &[Declared],
    model: &ModelFields,
) -> Vec<Ident> {
    let mut names: Vec<Ident> = Vec::new();
    let struct_fields = declared.iter().filter(|d| d.ty.is_some()).map(|d| &d.ident);
    // DRF's `HyperlinkedModelSerializer.get_default_field_names`: the `url` field instead of the
    // primary key.
    let first = match &c.hyperlinked {
        Some(key) => Ident::new(&c.url_field_name(), key.span()),
        None => model.pk.clone(),
    };
    for name in std::iter::once(&first).chain(struct_fields).chain(&model.fields) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    let Some((_, exclude)) = &c.exclude else {
        return names;
    };
    let serializer = &input.ident;
    for name in exclude {
        if declared.iter().any(|d| d.ty.is_some() && d.ident == *name) {
            cx.error_spanned_by(
                name,
                format!(
                    "Cannot both declare the field '{name}' and include it in the {serializer} 'exclude' option. \
                     Remove the field or, if inherited from a parent serializer, disable with `{name} = None`."
                ),
            );
        } else if let Some(at) = names.iter().position(|n| n == name) {
            names.remove(at);
        } else {
            cx.error_spanned_by(
                name,
                format!(
                    "The field '{name}' was included on serializer {serializer} in the 'exclude' option, but does \
                     not match any model field."
                ),
            );
        }
    }
    names
}

/// Whether the container needs the model's field list (`"__all__"` or `exclude`).
pub(super) fn needs_model_fields(c: &Container) -> bool {
    matches!(c.fields, Some(FieldList::All)) || (c.fields.is_none() && c.exclude.is_some())
}

/// The items `#[derive(ModelMeta)]` adds for model struct `ident`: the field-list macro and its
/// crate-wide re-export.
pub(crate) fn model_macro(ident: &Ident, pk: &Ident, fields: &[Ident]) -> TokenStream {
    let name = macro_name(ident);
    quote! {
        #[doc(hidden)]
        #[allow(unused_macros)]
        macro_rules! #name {
            ($($input:tt)*) => {
                ::restframe::__private::model_serializer_fields! { pk = #pk, fields = [#(#fields),*]; $($input)* }
            };
        }
        #[doc(hidden)]
        #[allow(unused_imports)]
        pub(crate) use #name;
    }
}
