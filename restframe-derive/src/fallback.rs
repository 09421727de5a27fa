//! On errors, emit the errors plus a stub impl (thiserror's trick) so code using the serializer
//! does not fail with a cascade of "trait not implemented" errors.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

/// The errors and a `Serializer` stub whose data and instance are the struct itself.
pub fn serializer(input: &DeriveInput, err: syn::Error) -> TokenStream {
    let errors = err.into_compile_error();
    let ident = &input.ident;
    if !input.generics.params.is_empty() {
        return errors;
    }
    stub(&errors, ident, &quote!(Self), &quote!(Self))
}

/// The errors and a `Serializer` stub with the given data and instance types.
pub fn stub(errors: &TokenStream, ident: &syn::Ident, data: &TokenStream, instance: &TokenStream) -> TokenStream {
    let p = quote!(::restframe::serializers::__private);
    quote! {
        #errors
        const _: () = {
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
                fn to_representation(_: &Self::Instance) -> #p::Value {
                    ::core::unreachable!()
                }
                fn data_representation(_: &Self::Data) -> #p::Value {
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
        };
    }
}
