//! Code generation for `#[derive(ModelSerializer)]` (serde's `ser.rs`/`de.rs`): one const per
//! field, one runtime call per field, all inside one anonymous `const`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, Path, Type};

use super::parse::{Container, Declared};
use crate::attr::FieldAttrs;
use crate::spec::{self, is_option};

/// One serializer field: its name in `fields(...)`, plus the declared struct field if any.
pub(super) struct Field<'a> {
    name: &'a Ident,
    declared: Option<(&'a Type, &'a FieldAttrs)>,
    column: Ident,
    read_only: bool,
    write_only: bool,
    validate: bool,
}

impl Field<'_> {
    fn key(&self) -> String {
        spec::field_key(self.name)
    }
    fn spec_ident(&self) -> Ident {
        spec::spec_const(&self.key())
    }
    fn meta_ident(&self) -> Ident {
        format_ident!("__M_{}", self.key().to_uppercase())
    }
    fn var(&self) -> Ident {
        spec::value_var(&self.key())
    }
}

/// The serializer fields in `fields(...)` order, with what the container and the declared field
/// say about each. Runs after the checks passed.
pub(super) fn resolve<'a>(c: &Container, names: &'a [Ident], declared: &'a [Declared<'a>]) -> Vec<Field<'a>> {
    names
        .iter()
        .map(|name| {
            let declared = declared.iter().find(|d| d.ident == name).map(|d| (d.ty, &d.attrs));
            let attrs = declared.map(|(_, attrs)| attrs);
            let column = attrs
                .and_then(|a| a.source.as_ref())
                .and_then(|source| source.value.parse::<Ident>().ok())
                .unwrap_or_else(|| name.clone());
            Field {
                name,
                declared,
                column,
                read_only: c.read_only.contains(name) || attrs.is_some_and(|a| a.read_only.is_some()),
                write_only: c.write_only.contains(name) || attrs.is_some_and(|a| a.write_only.is_some()),
                validate: c.validate_fields.contains(name) || attrs.is_some_and(|a| a.validate.is_some()),
            }
        })
        .collect()
}

/// The `Serializer`, `ModelSerializer` and (unless `hooks`) `SerializerHooks` impls.
pub(super) fn emit(input: &DeriveInput, model: &Path, c: &Container, fields: &[Field]) -> TokenStream {
    let ident = &input.ident;
    let p = quote!(::restframe::__private);
    // Every use of a column goes through `FIELDS.<column>`: the trait part is spanned at the
    // model path and the field part at the name in `fields(...)`, so a missing `ModelMeta` or a
    // misspelled name is one (deduplicated) error at the right token.
    let meta_head = quote_spanned!(model.span()=> <__Model as ::restframe::serializers::ModelMeta>);
    let access = |column: &Ident| {
        let field = quote_spanned!(column.span()=> #column);
        quote!(#meta_head::FIELDS.#field)
    };
    let metas = fields.iter().map(|f| {
        let (meta_ident, col) = (f.meta_ident(), access(&f.column));
        quote!(const #meta_ident: ::restframe::serializers::ModelField = #col.meta;)
    });
    let specs = fields.iter().map(|f| {
        let (spec_ident, meta_ident, key) = (f.spec_ident(), f.meta_ident(), f.key());
        let mut overrides = f.declared.map(|(_, attrs)| spec::overrides(attrs, &key)).unwrap_or_default();
        let attrs = f.declared.map(|(_, attrs)| attrs);
        if f.read_only && attrs.is_none_or(|a| a.read_only.is_none()) {
            overrides.extend(quote!(read_only: true,));
            if attrs.is_none_or(|a| a.required.is_none()) {
                overrides.extend(quote!(required: false,));
            }
        }
        if f.write_only && attrs.is_none_or(|a| a.write_only.is_none()) {
            overrides.extend(quote!(write_only: true,));
        }
        if c.unique_together.iter().any(|g| g.contains(f.name))
            && !f.read_only
            && attrs.is_none_or(|a| a.required.is_none())
        {
            overrides.extend(quote!(required: !#meta_ident.has_default,));
        }
        quote! {
            const #spec_ident: ::restframe::fields::FieldSpec =
                ::restframe::fields::FieldSpec { #overrides ..#p::field_spec(#key, &#meta_ident) };
        }
    });
    let type_checks = fields.iter().filter_map(|f| {
        let (ty, attrs) = f.declared?;
        let col = access(&f.column);
        let string_assert = attrs.kind.as_ref().map(|_| spec::assert_string_field(ty));
        // `__get` carries the declared type's span, so a mismatch points at that type.
        let get = Ident::new("__get", ty.span());
        let type_check = quote! {
            let #get = #col.get;
            let _: fn(&__Model) -> &#ty = #get;
        };
        Some(quote! {
            #string_assert
            #type_check
        })
    });
    let declared_reads = fields.iter().filter(|f| f.declared.is_some()).map(|f| f.name);
    let writable: Vec<&Field> = fields.iter().filter(|f| !f.read_only).collect();
    let steps = writable.iter().map(|f| {
        let (var, spec_ident, meta_ident, col) = (f.var(), f.spec_ident(), f.meta_ident(), access(&f.column));
        let validators = match f.declared {
            Some((ty, attrs)) if !attrs.validators.is_empty() => {
                let list = attrs
                    .validators
                    .iter()
                    .map(|v| if is_option(ty) {
                    quote_spanned!(v.span()=> &::restframe::validators::OnSome(&(#v)) as &dyn ::restframe::validators::ErasedValidator<#ty>)
                } else {
                    quote_spanned!(v.span()=> &(#v) as &dyn ::restframe::validators::ErasedValidator<#ty>)
                });
                quote!(&[#(#list),*])
            }
            _ => quote!(&[]),
        };
        let mut out = quote! {
            let #var = __v.model_field::<__Entity, _>(&#spec_ident, &#meta_ident, #validators).await?;
        };
        if f.validate {
            let hook = format_ident!("validate_{}", f.key(), span = f.name.span());
            let call = quote_spanned!(f.name.span()=> Self::#hook(__x, __ctx));
            out.extend(quote!(let #var = __v.hook(&#spec_ident, #var, |__x| #call).await?;));
        }
        out.extend(quote!((#col.set)(&mut __a, #p::set(#var));));
        out
    });
    let together = c.unique_together.iter().map(|group| {
        let names = group.iter().map(|n| n.to_string());
        let members: Vec<&Field> = group.iter().filter_map(|n| fields.iter().find(|f| f.name == n)).collect();
        let metas = members.iter().map(|f| f.meta_ident());
        let values = members.iter().map(|f| {
            let col = access(&f.column);
            quote!(#p::together_value((#col.active)(&__a), __instance.map(#col.get)))
        });
        quote! {
            __v.unique_together::<__Entity>(&[#(#names),*], &[#(#metas.column),*], &[#(#values),*]).await?;
        }
    });
    let outputs = fields.iter().map(|f| {
        let (spec_ident, col) = (f.spec_ident(), access(&f.column));
        quote!(__o.field(&#spec_ident, (#col.get)(__i));)
    });
    let sources = fields.iter().map(|f| {
        let (spec_ident, meta_ident) = (f.spec_ident(), f.meta_ident());
        quote!((&#spec_ident, &#meta_ident))
    });
    let data_outputs = fields.iter().map(|f| {
        let (spec_ident, col) = (f.spec_ident(), access(&f.column));
        quote!(__o.active(&#spec_ident, (#col.active)(__d));)
    });
    let save_pairs = writable.iter().map(|f| {
        let (spec_ident, meta_ident) = (f.spec_ident(), f.meta_ident());
        quote!((&#spec_ident, &#meta_ident))
    });
    let groups = c.unique_together.iter().map(|g| {
        let names = g.iter().map(|n| n.to_string());
        quote!(&[#(#names),*])
    });
    let infos = fields.iter().map(|f| {
        let (spec_ident, meta_ident, col, key) = (f.spec_ident(), f.meta_ident(), access(&f.column), f.key());
        quote!((#key, ::restframe::metadata::model_field_info(&#spec_ident, &#meta_ident, #col.get, __backend)))
    });
    let hooks_impl = (!c.hooks)
        .then(|| quote!(#[automatically_derived] impl ::restframe::serializers::SerializerHooks for #ident {}));
    let model_tokens = quote_spanned!(model.span()=> #model);
    crate::dummy::wrap_in_const(quote! {
            type __Model = #model_tokens;
            type __Entity = <__Model as #p::sea_orm::ModelTrait>::Entity;
            type __Active = #p::ActiveOf<__Model>;
            #(#metas)*
            #(#specs)*
            const __SAVE: #p::SaveFields<'static> = #p::SaveFields {
                all: #meta_head::ALL,
                fields: &[#(#save_pairs),*],
                unique_together: &[#(#groups),*],
            };
            // Declared fields only carry options; reading them here keeps `dead_code` quiet, and
            // the nested fns make a type that differs from the model's column a compile error.
            const _: fn(&#ident) = |__s: &#ident| {
                #(#type_checks)*
                let _ = __s;
                #(let _ = &__s.#declared_reads;)*
            };
            fn __info(__backend: ::core::option::Option<#p::sea_orm::DbBackend>) -> ::restframe::metadata::FieldsInfo {
                ::restframe::metadata::info_map([#(#infos),*])
            }
            #[automatically_derived]
            impl ::restframe::serializers::Serializer for #ident {
                type Data = __Active;
                type Instance = __Model;
                async fn run_validation(
                    __data: &#p::Value,
                    __ctx: &::restframe::serializers::Context,
                    __instance: ::core::option::Option<&__Model>,
                ) -> ::core::result::Result<__Active, ::restframe::exceptions::ApiError> {
                    let mut __v = ::restframe::__private::Validation::for_model::<__Entity>(__data, __ctx, __instance)?;
                    let mut __a: __Active = ::core::default::Default::default();
                    #(#steps)*
                    #(#together)*
                    let _ = __instance;
                    __v.finish::<Self>(::core::option::Option::Some(__a)).await
                }
                fn render(__i: &__Model, __ctx: &::restframe::serializers::Context) -> #p::Value {
                    let mut __o = ::restframe::__private::Output::new(__ctx);
                    #(#outputs)*
                    __o.finish_instance::<Self>(__i)
                }
                fn data_representation(__d: &__Active, __ctx: &::restframe::serializers::Context) -> #p::Value {
                    let mut __o = ::restframe::__private::Output::new(__ctx);
                    #(#data_outputs)*
                    __o.finish()
                }
                fn serializer_info() -> ::restframe::metadata::FieldsInfo {
                    __info(::core::option::Option::None)
                }
                fn serializer_info_on(__backend: #p::sea_orm::DbBackend) -> ::restframe::metadata::FieldsInfo {
                    __info(::core::option::Option::Some(__backend))
                }
                fn readable_sources() -> ::std::vec::Vec<&'static str> {
                    ::restframe::__private::readable_sources(&[#(#sources),*])
                }
                async fn default_create(
                    __d: __Active,
                    __ctx: &::restframe::serializers::Context,
                ) -> ::core::result::Result<__Model, ::restframe::exceptions::ApiError> {
                    #p::create::<__Model>(__d, __ctx, __SAVE).await
                }
                async fn default_update(
                    __i: __Model,
                    __d: __Active,
                    __ctx: &::restframe::serializers::Context,
                ) -> ::core::result::Result<__Model, ::restframe::exceptions::ApiError> {
                    #p::update::<__Model>(__i, __d, __ctx, __SAVE).await
                }
            }
            #[automatically_derived]
            impl ::restframe::serializers::ModelSerializer for #ident {
                type Model = __Model;
            }
            #hooks_impl
    })
}
