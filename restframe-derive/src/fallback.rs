//! On errors, emit the errors plus stub impls (thiserror's trick: "expand to an impl anyway to
//! minimize spurious secondary errors"), so code using the serializer does not fail with a
//! cascade of "trait not implemented" errors.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Path};

/// The errors and a `Serializer` stub whose data and instance are the struct itself.
pub(crate) fn serializer(input: &DeriveInput, hooks: bool, err: syn::Error) -> TokenStream {
    let errors = err.into_compile_error();
    if !input.generics.params.is_empty() {
        return errors;
    }
    stub(errors, &input.ident, &quote!(Self), &quote!(Self), hooks, TokenStream::new())
}

/// The errors plus `Serializer` and `ModelSerializer` stubs for `model`; without a model, the
/// plain stub.
pub(crate) fn model_serializer(input: &DeriveInput, model: Option<&Path>, hooks: bool, err: syn::Error) -> TokenStream {
    let Some(model) = model.filter(|_| input.generics.params.is_empty()) else {
        return serializer(input, hooks, err);
    };
    let ident = &input.ident;
    let data = quote!(::restframe::__private::ActiveOf<#model>);
    let model_impl = quote! {
        #[automatically_derived]
        impl ::restframe::serializers::ModelSerializer for #ident {
            type Model = #model;
        }
    };
    stub(err.into_compile_error(), ident, &data, &quote!(#model), hooks, model_impl)
}

/// The errors, a `Serializer` stub with the given data and instance types, the empty
/// `SerializerHooks` impl unless the user writes one, and `extra` items.
fn stub(
    errors: TokenStream,
    ident: &syn::Ident,
    data: &TokenStream,
    instance: &TokenStream,
    hooks: bool,
    extra: TokenStream,
) -> TokenStream {
    let p = quote!(::restframe::__private);
    let hooks_impl =
        (!hooks).then(|| quote!(#[automatically_derived] impl ::restframe::serializers::SerializerHooks for #ident {}));
    let impls = crate::dummy::wrap_in_const(quote! {
        #[automatically_derived]
        impl ::restframe::serializers::Serializer for #ident {
            type Data = #data;
            type Instance = #instance;
            async fn run_validation(
                _: &#p::Value,
                _: &::restframe::serializers::Context,
                _: ::core::option::Option<&Self::Instance>,
            ) -> ::core::result::Result<Self::Data, ::restframe::exceptions::ApiError> {
                ::core::unreachable!()
            }
            fn render(_: &Self::Instance, _: &::restframe::serializers::Context) -> #p::Value {
                ::core::unreachable!()
            }
            fn data_representation(_: &Self::Data, _: &::restframe::serializers::Context) -> #p::Value {
                ::core::unreachable!()
            }
            async fn default_create(
                _: Self::Data,
                _: &::restframe::serializers::Context,
            ) -> ::core::result::Result<Self::Instance, ::restframe::exceptions::ApiError> {
                ::core::unreachable!()
            }
            async fn default_update(
                _: Self::Instance,
                _: Self::Data,
                _: &::restframe::serializers::Context,
            ) -> ::core::result::Result<Self::Instance, ::restframe::exceptions::ApiError> {
                ::core::unreachable!()
            }
        }
        #hooks_impl
        #extra
    });
    quote! {
        #errors
        #impls
    }
}

/// The `impl` block an attribute macro goes on, or the input unchanged behind `message` as a
/// compile error (so the item's own errors still show).
pub(crate) fn parse_impl(
    input: proc_macro2::TokenStream,
    message: &str,
) -> Result<syn::ItemImpl, proc_macro2::TokenStream> {
    syn::parse2(input.clone()).map_err(|_| {
        let err = syn::Error::new_spanned(&input, message).into_compile_error();
        quote::quote! { #err #input }
    })
}
