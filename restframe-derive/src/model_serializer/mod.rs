//! `#[derive(ModelSerializer)]`: fields, types and constraints come from the model's
//! `ModelMeta`; the validated data is the model's `ActiveModel`. Parse (`parse.rs`), check
//! (`check.rs`), then generate (`emit.rs`), as serde_derive does.

mod check;
mod emit;
mod parse;

use proc_macro2::TokenStream;
use syn::{Data, DeriveInput};

use crate::ctxt::Ctxt;
use crate::fallback;

/// The generated impls, or the errors plus stub impls (so one mistake is one error).
pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let Data::Struct(data) = &input.data else {
        return syn::Error::new_spanned(&input.ident, "#[derive(ModelSerializer)] needs a struct").into_compile_error();
    };
    let cx = Ctxt::new();
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(&input.generics, "generic serializers are not supported");
    }
    let c = parse::parse_container(&cx, input);
    let declared = parse::parse_declared(&cx, &data.fields);
    if c.model.is_none() {
        cx.error_spanned_by(&input.ident, "a ModelSerializer needs `#[serializer(model = path::to::Model)]`");
    }
    let Some(names) = &c.fields else {
        cx.error_spanned_by(
            &input.ident,
            format!(
                "Creating a ModelSerializer without either the 'fields' attribute or the 'exclude' attribute has been \
                 deprecated since 3.3.0, and is now disallowed. Add `#[serializer(fields(...))]` to the {} serializer.",
                input.ident
            ),
        );
        return fallback::model_serializer(
            input,
            c.model.as_ref(),
            c.hooks,
            cx.check().expect_err("the missing option was recorded"),
        );
    };
    check::check(&cx, input, &c, names, &declared);
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
    let fields = emit::resolve(&c, names, &declared);
    emit::emit(input, model, &c, &fields)
}
