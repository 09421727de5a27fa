//! `#[derive(ModelSerializer)]`: fields, types and constraints come from the model's
//! `ModelMeta`; the validated data is the model's `ActiveModel`. Parse (`parse.rs`), check
//! (`check.rs`), then generate (`emit.rs`), as serde_derive does. `fields = "__all__"`,
//! `exclude(...)` and `hyperlinked` take a detour through the model's field-list macro
//! (`all.rs`), which also says which names are relations.

pub(crate) mod all;
mod check;
mod emit;
mod parse;
mod related;
mod sources;

use proc_macro2::TokenStream;
use syn::{Data, DeriveInput};

use crate::ctxt::Ctxt;
use crate::fallback;
use parse::FieldList;

/// The generated impls, or the errors plus stub impls (so one mistake is one error).
pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    derive_with(input, None)
}

/// The second pass of `fields = "__all__"` / `exclude(...)`, with the model's field names.
pub(crate) fn derive_all(callback: all::CallbackInput) -> TokenStream {
    derive_with(&callback.input, Some(&callback.model))
}

fn derive_with(input: &DeriveInput, model_fields: Option<&all::ModelFields>) -> TokenStream {
    let Data::Struct(data) = &input.data else {
        return syn::Error::new_spanned(&input.ident, "#[derive(ModelSerializer)] needs a struct").into_compile_error();
    };
    let cx = Ctxt::new();
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(&input.generics, "generic serializers are not supported");
    }
    let mut c = parse::parse_container(&cx, input);
    let mut declared = parse::parse_declared(&cx, &data.fields);
    parse::add_extra_kwargs(&cx, &mut c, &mut declared);
    if c.model.is_none() {
        cx.error_spanned_by(&input.ident, "a ModelSerializer needs `#[serializer(model = path::to::Model)]`");
    }
    if let (Some(_), Some((key, _))) = (&c.fields, &c.exclude) {
        cx.error_spanned_by(
            key,
            format!("Cannot set both 'fields' and 'exclude' options on serializer {}.", input.ident),
        );
    }
    if let (Some((span, _)), Some(_)) = (c.depth, &c.hyperlinked) {
        cx.syn_error(syn::Error::new(
            span,
            "`depth` on a hyperlinked serializer is not supported; declare the nested fields instead: `#[field(nested)]`",
        ));
    }
    // Every model serializer learns the model's field list (which names are relations) from
    // the model's field-list macro: a first pass calls it, the second has it.
    let names = match (&c.fields, model_fields) {
        (_, None) if c.fields.is_some() || c.exclude.is_some() => {
            return match (cx.check(), &c.model) {
                (Ok(()), Some(model)) => all::callback(model, input),
                (result, model) => fallback::model_serializer(
                    input,
                    model.as_ref(),
                    c.hooks,
                    result.expect_err("a missing model was recorded"),
                ),
            };
        }
        (Some(FieldList::Names(names)), _) => names.clone(),
        (_, Some(model)) => all::field_names(&cx, input, &c, &declared, model),
        _ => {
            cx.error_spanned_by(
                &input.ident,
                format!(
                    "Creating a ModelSerializer without either the 'fields' attribute or the 'exclude' attribute \
                     has been deprecated since 3.3.0, and is now disallowed. Add an explicit \
                     `#[serializer(fields = \"__all__\")]` to the {} serializer.",
                    input.ident
                ),
            );
            return fallback::model_serializer(
                input,
                c.model.as_ref(),
                c.hooks,
                cx.check().expect_err("the missing option was recorded"),
            );
        }
    };
    if let Some(model) = model_fields {
        all::relation_fields(&c, &names, &mut declared, model);
    }
    check::check(&cx, input, &c, &names, &declared);
    let Some(model) = &c.model else {
        // The missing `model` was recorded above.
        return fallback::model_serializer(
            input,
            None,
            c.hooks,
            cx.check().expect_err("the missing option was recorded"),
        );
    };
    if let Err(err) = cx.check() {
        return fallback::model_serializer(input, Some(model), c.hooks, err);
    }
    let fields = emit::resolve(&c, &names, &declared);
    emit::emit(input, model, &c, &fields)
}
