//! `#[derive(ModelSerializer)]`: fields, types and constraints come from the model's
//! `ModelMeta`; the validated data is the model's `ActiveModel`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Path, Type};

use crate::attr::{FieldAttrs, skip_value};
use crate::ctxt::Ctxt;
use crate::spec::{self, is_option};

const OPTIONS: &str = "model, fields, read_only, write_only, validate_fields, unique_together, hooks";

/// The `#[serializer(...)]` options of a model serializer.
#[derive(Default)]
struct Container {
    model: Option<Path>,
    fields: Option<Vec<Ident>>,
    read_only: Vec<Ident>,
    write_only: Vec<Ident>,
    validate_fields: Vec<Ident>,
    unique_together: Vec<Vec<Ident>>,
    hooks: bool,
}

fn ident_list(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Vec<Ident>> {
    let mut out = Vec::new();
    meta.parse_nested_meta(|inner| {
        out.push(inner.path.require_ident()?.clone());
        Ok(())
    })?;
    Ok(out)
}

fn parse_container(cx: &Ctxt, input: &DeriveInput) -> Container {
    let mut c = Container::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("serializer")) {
        let result = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            match key.as_str() {
                "model" => c.model = Some(meta.value()?.parse()?),
                "fields" if meta.input.peek(syn::Token![=]) => {
                    let lit: LitStr = meta.value()?.parse()?;
                    cx.error_spanned_by(
                        &lit,
                        "list the fields explicitly: `fields(id, name, ...)`; `\"__all__\"` needs the model's field \
                         list at compile time, which a derive cannot see",
                    );
                    c.fields = Some(Vec::new());
                }
                "fields" => c.fields = Some(ident_list(&meta)?),
                "exclude" => {
                    cx.syn_error(meta.error("`exclude` is not supported; list the exposed fields with `fields(...)`"));
                    skip_value(&meta)?;
                }
                "read_only" => c.read_only.extend(ident_list(&meta)?),
                "write_only" => c.write_only.extend(ident_list(&meta)?),
                "validate_fields" => c.validate_fields.extend(ident_list(&meta)?),
                "unique_together" => c.unique_together.push(ident_list(&meta)?),
                "hooks" => c.hooks = true,
                _ => {
                    cx.syn_error(
                        meta.error(format_args!("unknown serializer option `{key}`; expected one of: {OPTIONS}")),
                    );
                    skip_value(&meta)?;
                }
            }
            Ok(())
        });
        if let Err(err) = result {
            cx.syn_error(err);
        }
    }
    c
}

/// One serializer field: its name in `fields(...)`, plus the declared struct field if any.
struct Field<'a> {
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

fn check_listed(cx: &Ctxt, list: &[Ident], fields: &[Ident], option: &str) {
    for ident in list {
        if !fields.contains(ident) {
            cx.error_spanned_by(
                ident,
                format!("`{ident}` in `{option}(...)` is not one of the serializer's `fields(...)`"),
            );
        }
    }
}

pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::default();
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input.ident, "#[derive(ModelSerializer)] needs a struct"));
    };
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(&input.generics, "generic serializers are not supported");
    }
    let c = parse_container(&cx, input);
    let declared: Vec<(&Ident, &Type, FieldAttrs)> = match &data.fields {
        Fields::Named(named) => named
            .named
            .iter()
            .filter_map(|f| Some((f.ident.as_ref()?, &f.ty, FieldAttrs::from_attrs(&cx, &f.attrs))))
            .collect(),
        Fields::Unit => Vec::new(),
        Fields::Unnamed(u) => {
            cx.error_spanned_by(u, "declare extra field options as named fields");
            Vec::new()
        }
    };
    let Some(model) = c.model.clone() else {
        cx.error_spanned_by(&input.ident, "a ModelSerializer needs `#[serializer(model = path::to::Model)]`");
        cx.check()?;
        unreachable!("an error was recorded");
    };
    let Some(names) = c.fields.clone() else {
        cx.error_spanned_by(
            &input.ident,
            format!(
                "Creating a ModelSerializer without either the 'fields' attribute or the 'exclude' attribute has been \
                 deprecated since 3.3.0, and is now disallowed. Add `#[serializer(fields(...))]` to the {} serializer.",
                input.ident
            ),
        );
        cx.check()?;
        unreachable!("an error was recorded");
    };
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            cx.error_spanned_by(name, format!("`{name}` is listed twice in `fields(...)`"));
        }
    }
    check_listed(&cx, &c.read_only, &names, "read_only");
    check_listed(&cx, &c.write_only, &names, "write_only");
    check_listed(&cx, &c.validate_fields, &names, "validate_fields");
    for group in &c.unique_together {
        check_listed(&cx, group, &names, "unique_together");
    }
    for ident in &c.write_only {
        if c.read_only.contains(ident) {
            cx.error_spanned_by(ident, "May not set both `read_only` and `write_only`");
        }
    }
    for (ident, _, _) in &declared {
        if !names.contains(ident) {
            cx.error_spanned_by(
                ident,
                format!("The field '{ident}' was declared on serializer {}, but has not been included in the 'fields' option.", input.ident),
            );
        }
    }
    let mut fields = Vec::new();
    for name in &names {
        let declared = declared.iter().find(|(i, _, _)| *i == name).map(|(_, ty, attrs)| (*ty, attrs));
        let mut column = name.clone();
        if let Some((ty, attrs)) = declared {
            spec::check(&cx, attrs, ty);
            if let Some(source) = &attrs.source {
                if *name == source.value.value() {
                    cx.syn_error(syn::Error::new(
                        source.span,
                        format!(
                            "It is redundant to specify `source='{name}'` on field '{name}' in serializer '{}', because it is the same as the field name. Remove the `source` keyword argument.",
                            input.ident
                        ),
                    ));
                }
                match source.value.parse::<Ident>() {
                    Ok(ident) => column = ident,
                    Err(_) => cx.error_spanned_by(
                        &source.value,
                        "`source` must name a model field (dotted paths are not supported)",
                    ),
                }
            }
            if attrs.nested.is_some() || attrs.many.is_some() {
                cx.error_spanned_by(ty, "nested serializers are not supported on ModelSerializer fields; write the nested logic in `create`/`update`");
            }
            if let Some(default) = &attrs.default {
                cx.syn_error(syn::Error::new(
                    default.span,
                    "`default` on a model field belongs on the model: `#[restframe(default = ...)]`",
                ));
            }
            if c.read_only.contains(name) && attrs.write_only.is_some() {
                cx.error_spanned_by(name, "May not set both `read_only` and `write_only`");
            }
        }
        let (read_only, write_only) = (
            c.read_only.contains(name) || declared.is_some_and(|(_, a)| a.read_only.is_some()),
            c.write_only.contains(name) || declared.is_some_and(|(_, a)| a.write_only.is_some()),
        );
        let validate = c.validate_fields.contains(name) || declared.is_some_and(|(_, a)| a.validate.is_some());
        fields.push(Field { name, declared, column, read_only, write_only, validate });
    }
    cx.check()?;
    Ok(emit(input, &model, &c, &fields))
}

fn emit(input: &DeriveInput, model: &Path, c: &Container, fields: &[Field]) -> TokenStream {
    let ident = &input.ident;
    let p = quote!(::restframe::serializers::__private);
    let ms = quote!(::restframe::serializers::model);
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
                ::restframe::fields::FieldSpec { #overrides ..#ms::field_spec(#key, &#meta_ident) };
        }
    });
    let type_checks = fields.iter().filter_map(|f| {
        let (ty, attrs) = f.declared?;
        let col = access(&f.column);
        let string_assert = attrs
            .kind
            .as_ref()
            .map(|_| quote_spanned!(ty.span()=> ::restframe::serializers::__private::assert_string::<#ty>();));
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
        out.extend(quote!((#col.set)(&mut __a, #ms::set(#var));));
        out
    });
    let together = c.unique_together.iter().map(|group| {
        let names = group.iter().map(|n| n.to_string());
        let members: Vec<&Field> = group.iter().filter_map(|n| fields.iter().find(|f| f.name == n)).collect();
        let metas = members.iter().map(|f| f.meta_ident());
        let values = members.iter().map(|f| {
            let col = access(&f.column);
            quote!(#ms::together_value((#col.active)(&__a), __instance.map(#col.get)))
        });
        quote! {
            __v.unique_together::<__Entity>(&[#(#names),*], &[#(#metas.column),*], &[#(#values),*]).await?;
        }
    });
    let outputs = fields.iter().map(|f| {
        let (spec_ident, col) = (f.spec_ident(), access(&f.column));
        quote!(__o.field(&#spec_ident, (#col.get)(__i));)
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
    let hooks_impl = (!c.hooks).then(|| quote!(impl ::restframe::serializers::SerializerHooks for #ident {}));
    let model_tokens = quote_spanned!(model.span()=> #model);
    quote! {
        const _: () = {
            type __Model = #model_tokens;
            type __Entity = <__Model as #p::sea_orm::ModelTrait>::Entity;
            type __Active = #ms::ActiveOf<__Model>;
            #(#metas)*
            #(#specs)*
            const __SAVE: #ms::SaveFields<'static> = #ms::SaveFields {
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
            impl ::restframe::serializers::Serializer for #ident {
                type Data = __Active;
                type Instance = __Model;
                async fn run_validation(
                    __data: &#p::Value,
                    __ctx: &::restframe::serializers::Context,
                    __instance: ::core::option::Option<&__Model>,
                ) -> ::core::result::Result<__Active, ::restframe::exceptions::ApiError> {
                    let mut __v = ::restframe::serializers::Validation::for_model::<__Entity>(__data, __ctx, __instance)?;
                    let mut __a: __Active = ::core::default::Default::default();
                    #(#steps)*
                    #(#together)*
                    let _ = __instance;
                    __v.finish::<Self>(::core::option::Option::Some(__a)).await
                }
                fn to_representation(__i: &__Model) -> #p::Value {
                    let mut __o = ::restframe::serializers::Output::new();
                    #(#outputs)*
                    __o.finish()
                }
                fn data_representation(__d: &__Active) -> #p::Value {
                    let mut __o = ::restframe::serializers::Output::new();
                    #(#data_outputs)*
                    __o.finish()
                }
                async fn default_create(
                    __d: __Active,
                    __ctx: &::restframe::serializers::Context,
                ) -> ::core::result::Result<__Model, ::restframe::exceptions::ApiError> {
                    #ms::create::<__Model>(__d, __ctx, __SAVE).await
                }
                async fn default_update(
                    __i: __Model,
                    __d: __Active,
                    __ctx: &::restframe::serializers::Context,
                ) -> ::core::result::Result<__Model, ::restframe::exceptions::ApiError> {
                    #ms::update::<__Model>(__i, __d, __ctx, __SAVE).await
                }
            }
            impl ::restframe::serializers::ModelSerializer for #ident {
                type Model = __Model;
            }
            #hooks_impl
        };
    }
}
