//! `#[derive(Serializer)]`: a struct whose fields are the serializer's fields and whose value is
//! the validated data.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, Type};

use crate::attr::FieldAttrs;
use crate::ctxt::Ctxt;
use crate::fallback;
use crate::spec::{self, generic_inner, is_option};

/// One struct field, parsed.
struct Field<'a> {
    ident: &'a Ident,
    ty: &'a Type,
    attrs: FieldAttrs,
}

impl Field<'_> {
    fn name(&self) -> String {
        spec::field_key(self.ident)
    }
    fn spec_ident(&self) -> Ident {
        spec::spec_const(&self.name())
    }
    fn var(&self) -> Ident {
        spec::value_var(&self.name())
    }
    /// The alias `type __T_<name> = <declared type>;`, spanned at the declared type. Every use
    /// of a plain field's type goes through it, so every bound on it is reported at that one
    /// span, where rustc folds errors implied by the `SerializerField` check into that check.
    fn alias(&self) -> Ident {
        format_ident!("__T_{}", self.name(), span = self.ty.span())
    }
    /// A plain (not nested) field: its type must be a serializer field type.
    fn is_plain(&self) -> bool {
        self.attrs.nested.is_none()
    }
}

/// `#[serializer(...)]` on a plain serializer: only `hooks`.
pub(crate) fn container_hooks(cx: &Ctxt, input: &DeriveInput) -> bool {
    let mut hooks = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("serializer")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("hooks") {
                hooks = true;
            } else if meta.path.is_ident("model") {
                cx.syn_error(
                    meta.error("`model` belongs on `#[derive(ModelSerializer)]`, not `#[derive(Serializer)]`"),
                );
                crate::attr::skip_value(&meta)?;
            } else {
                let name = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
                cx.syn_error(meta.error(format_args!("unknown serializer option `{name}`; expected `hooks`")));
                crate::attr::skip_value(&meta)?;
            }
            Ok(())
        });
        if let Err(err) = result {
            cx.syn_error(err);
        }
    }
    hooks
}

/// The generated impls, or the errors plus stub impls (so one mistake is one error).
pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let named = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => Some(named),
            _ => None,
        },
        _ => None,
    };
    let Some(named) = named else {
        let msg = "#[derive(Serializer)] needs a struct with named fields (one per serializer field)";
        return syn::Error::new_spanned(&input.ident, msg).into_compile_error();
    };
    let cx = Ctxt::new();
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(&input.generics, "generic serializers are not supported");
    }
    let hooks = container_hooks(&cx, input);
    let fields: Vec<Field> = named
        .named
        .iter()
        .filter_map(|f| {
            Some(Field { ident: f.ident.as_ref()?, ty: &f.ty, attrs: FieldAttrs::from_attrs(&cx, &f.attrs) })
        })
        .collect();
    for field in &fields {
        spec::check(&cx, &field.attrs, field.ty);
        if let Some(source) = &field.attrs.source {
            cx.syn_error(syn::Error::new(
                source.span,
                "`source` maps a field to a model column; it is only supported on `#[derive(ModelSerializer)]` fields",
            ));
        }
        for (option, span) in [
            ("method", field.attrs.method.as_ref().map(|m| m.span)),
            ("schema", field.attrs.schema.as_ref().map(|m| m.span)),
            ("hidden", field.attrs.hidden.as_ref().map(|h| h.span)),
            ("hyperlinked_identity", field.attrs.hyperlinked_identity.as_ref().map(|h| h.span)),
            (field.attrs.related.as_ref().map_or("", |r| r.value.name()), field.attrs.related.as_ref().map(|r| r.span)),
            ("queryset", field.attrs.queryset.as_ref().map(|q| q.span)),
            ("reverse_of", field.attrs.reverse_of.as_ref().map(|r| r.span)),
        ] {
            if let Some(span) = span {
                cx.syn_error(syn::Error::new(
                    span,
                    format!("`{option}` is only supported on `#[derive(ModelSerializer)]` fields"),
                ));
            }
        }
        if let Some(required) = field.attrs.required.as_ref().filter(|r| !r.value)
            && field.attrs.default.is_none()
            && !is_option(field.ty)
            && field.attrs.nested.is_none()
        {
            cx.syn_error(syn::Error::new(
                required.span,
                "`required = false` needs a `default = ...` or an `Option<_>` field type (the struct must hold something when the key is absent)",
            ));
        }
    }
    match cx.check() {
        Ok(()) => emit(input, &fields, hooks),
        Err(err) => fallback::serializer(input, hooks, err),
    }
}

fn emit(input: &DeriveInput, fields: &[Field], hooks: bool) -> TokenStream {
    let ident = &input.ident;
    let description = crate::view::doc_description(&input.attrs);
    let specs = fields.iter().map(|f| {
        let name = f.name();
        let spec_ident = f.spec_ident();
        let mut overrides = spec::overrides(&f.attrs, &name);
        // A read-only field is already `required: false` (a second `required:` would not compile).
        if is_option(f.ty) && f.attrs.required.is_none() && f.attrs.read_only.is_none() {
            overrides.extend(quote!(required: false,));
        }
        quote! {
            const #spec_ident: ::restframe::fields::FieldSpec =
                ::restframe::fields::FieldSpec { #overrides ..::restframe::fields::FieldSpec::new(#name) };
        }
    });
    let string_asserts = fields.iter().filter(|f| f.attrs.kind.is_some()).map(|f| {
        let ty = f.ty;
        crate::spec::assert_string_field(ty)
    });
    let steps = fields.iter().filter(|f| f.attrs.read_only.is_none()).map(|f| validation_step(f));
    let aliases = fields.iter().filter(|f| f.is_plain()).map(|f| {
        let (alias, ty) = (f.alias(), f.ty);
        quote!(type #alias = #ty;)
    });
    // One `SerializerField` check per plain field, first in each function that names the type;
    // the field's other bounds (`FieldType`, `Represent`) are implied by it and not reported again.
    let field_checks: Vec<TokenStream> = fields
        .iter()
        .filter(|f| f.is_plain())
        .map(|f| {
            let alias = f.alias();
            quote_spanned!(f.ty.span()=> ::restframe::fields::assert_serializer_field::<#alias>();)
        })
        .collect();
    let inits = fields.iter().map(|f| {
        let (ident, var) = (f.ident, f.var());
        if f.attrs.read_only.is_some() {
            match &f.attrs.default {
                Some(default) => {
                    let default = &default.value;
                    quote!(#ident: ::core::convert::Into::into(#default))
                }
                None => quote_spanned!(f.ty.span()=> #ident: ::core::default::Default::default()),
            }
        } else if f.attrs.nested.is_some() && is_option(f.ty) {
            quote!(#ident: #var)
        } else {
            quote!(#ident: #var?)
        }
    });
    let outputs = fields.iter().map(|f| {
        let (ident, spec_ident) = (f.ident, f.spec_ident());
        match (&f.attrs.nested, &f.attrs.many) {
            (Some(_), Some(_)) => {
                let inner = generic_inner(f.ty, "Vec").unwrap_or(f.ty);
                quote!(__o.nested_many::<#inner>(&#spec_ident, &__i.#ident);)
            }
            (Some(_), None) => match generic_inner(f.ty, "Option") {
                Some(inner) => quote!(__o.nested_opt::<#inner>(&#spec_ident, &__i.#ident);),
                None => {
                    let ty = f.ty;
                    quote!(__o.nested::<#ty>(&#spec_ident, &__i.#ident);)
                }
            },
            _ => {
                let alias = f.alias();
                quote_spanned!(f.ty.span()=> __o.field::<#alias>(&#spec_ident, &__i.#ident);)
            }
        }
    });
    let outputs: Vec<TokenStream> = outputs.collect();
    let outputs_len = outputs.len();
    let infos = fields.iter().map(|f| {
        let (spec_ident, name) = (f.spec_ident(), f.name());
        let info = match (&f.attrs.nested, &f.attrs.many) {
            (Some(_), many) => {
                let inner = match many {
                    Some(_) => generic_inner(f.ty, "Vec").unwrap_or(f.ty),
                    None => generic_inner(f.ty, "Option").unwrap_or(f.ty),
                };
                let many = many.is_some();
                quote!(::restframe::metadata::nested_info::<#inner>(&#spec_ident, #many))
            }
            _ => {
                let alias = f.alias();
                quote_spanned!(f.ty.span()=> ::restframe::metadata::field_info::<#alias>(&#spec_ident))
            }
        };
        quote!((#name, #info))
    });
    // A nested serializer's instances are prefetched together, for every instance of the page.
    let nested_prefetches = fields.iter().filter(|f| f.attrs.nested.is_some()).map(|f| {
        let ident = f.ident;
        let (inner, items) = match &f.attrs.many {
            Some(_) => (generic_inner(f.ty, "Vec").unwrap_or(f.ty), quote!(__i.#ident.iter())),
            None => match generic_inner(f.ty, "Option") {
                Some(inner) => (inner, quote!(__i.#ident.iter())),
                None => (f.ty, quote!(::core::iter::once(&__i.#ident))),
            },
        };
        quote! {
            let __n: ::std::vec::Vec<&#inner> = __is.iter().flat_map(|__i| #items).collect();
            <#inner as ::restframe::serializers::Serializer>::prefetch(&__n, __ctx).await?;
        }
    });
    let hooks_impl =
        (!hooks).then(|| quote!(#[automatically_derived] impl ::restframe::serializers::SerializerHooks for #ident {}));
    let p = quote!(::restframe::__private);
    crate::dummy::wrap_in_const(quote! {
            #(#specs)*
            #(#aliases)*
            #(#string_asserts)*
            #[automatically_derived]
            impl ::restframe::serializers::Serializer for #ident {
                const DESCRIPTION: &'static str = #description;
                type Data = Self;
                type Instance = Self;
                async fn run_validation(
                    __data: &#p::Value,
                    __ctx: &::restframe::serializers::Context,
                    __instance: ::core::option::Option<&Self>,
                ) -> ::core::result::Result<Self, ::restframe::exceptions::ApiError> {
                    #(#field_checks)*
                    let _ = __instance;
                    let mut __v = ::restframe::__private::Validation::new(__data, __ctx)?;
                    #(#steps)*
                    let __attrs = (move || ::core::option::Option::Some(Self { #(#inits),* }))();
                    __v.finish::<Self>(__attrs).await
                }
                fn render(__i: &Self, __ctx: &::restframe::serializers::Context) -> #p::Value {
                    #(#field_checks)*
                    let mut __o = ::restframe::__private::Output::new(__ctx, #outputs_len);
                    #(#outputs)*
                    __o.finish_instance::<Self>(__i)
                }
                fn data_representation(__d: &Self, __ctx: &::restframe::serializers::Context) -> #p::Value {
                    <Self as ::restframe::serializers::Serializer>::render(__d, __ctx)
                }
                async fn prefetch(
                    __is: &[&Self],
                    __ctx: &::restframe::serializers::Context,
                ) -> ::core::result::Result<(), ::restframe::exceptions::ApiError> {
                    #(#nested_prefetches)*
                    <Self as ::restframe::serializers::SerializerHooks>::prefetch(__is, __ctx).await
                }
                fn serializer_info() -> ::restframe::metadata::FieldsInfo {
                    #(#field_checks)*
                    ::restframe::metadata::info_map([#(#infos),*])
                }
                async fn default_create(
                    _: Self,
                    _: &::restframe::serializers::Context,
                ) -> ::core::result::Result<Self, ::restframe::exceptions::ApiError> {
                    ::core::result::Result::Err(#p::create_not_implemented())
                }
                async fn default_update(
                    _: Self,
                    _: Self,
                    _: &::restframe::serializers::Context,
                ) -> ::core::result::Result<Self, ::restframe::exceptions::ApiError> {
                    ::core::result::Result::Err(#p::update_not_implemented())
                }
            }
            #hooks_impl
    })
}

/// The calls validating one writable field: parse + validators, the `validate_<field>` hook,
/// then the value the struct gets.
fn validation_step(f: &Field) -> TokenStream {
    let (var, spec_ident, ty) = (f.var(), f.spec_ident(), f.ty);
    let checked = f.alias();
    let mut out = match (&f.attrs.nested, &f.attrs.many) {
        (Some(_), Some(_)) => {
            let inner = generic_inner(ty, "Vec").unwrap_or(ty);
            quote!(let #var = __v.nested_many::<#inner>(&#spec_ident).await?;)
        }
        (Some(_), None) => {
            let inner = generic_inner(ty, "Option").unwrap_or(ty);
            quote_spanned!(ty.span()=> let #var = __v.nested::<#inner>(&#spec_ident).await?;)
        }
        (None, _) => {
            let validators = f
                .attrs
                .validators
                .iter()
                .map(|v| if is_option(ty) {
                    quote_spanned!(v.span()=> &::restframe::validators::OnSome(&(#v)) as &dyn ::restframe::validators::ErasedValidator<#ty>)
                } else {
                    quote_spanned!(v.span()=> &(#v) as &dyn ::restframe::validators::ErasedValidator<#ty>)
                });
            let validators = quote!(&[#(#validators),*]);
            match &f.attrs.default {
                Some(default) => {
                    let default = &default.value;
                    quote_spanned! {ty.span()=>
                    let #var = __v.field_or::<#checked>(
                        &#spec_ident,
                        ::core::option::Option::Some(|| -> #ty { ::core::convert::Into::into(#default) }),
                        #validators,
                    ).await?;
                    }
                }
                None => quote_spanned!(ty.span()=> let #var = __v.field::<#checked>(&#spec_ident, #validators).await?;),
            }
        }
    };
    if let Some(validate) = &f.attrs.validate {
        let hook = format_ident!("validate_{}", f.name(), span = validate.span);
        let call = quote_spanned!(validate.span=> Self::#hook(__x, __ctx));
        out.extend(quote!(let #var = __v.hook(&#spec_ident, #var, |__x| #call).await?;));
    }
    if f.attrs.nested.is_none() {
        let ident = f.ident;
        out.extend(
            quote_spanned!(ty.span()=> let #var = __v.take::<#checked>(&#spec_ident, #var, __instance.map(|__i| &__i.#ident));),
        );
    } else if !is_option(ty) {
        out.extend(quote!(let #var = __v.require(&#spec_ident, #var);));
    }
    out
}
