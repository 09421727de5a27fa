//! Code generation for `#[derive(ModelSerializer)]` (serde's `ser.rs`/`de.rs`): one const per
//! field, one runtime call per field, all inside one anonymous `const`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, Path, Type};

use super::parse::{Container, Declared};
use super::related::{self, RelatedParts};
use super::sources::{self, Reach};
use crate::attr::{FieldAttrs, IdentityAttrs, RelatedAttrs};
use crate::spec::{self, is_option};

mod openapi;

/// What a serializer field is made of.
enum Role {
    /// A model column (DRF's `build_field` for a model field).
    Column,
    /// DRF's `SerializerMethodField`: the serializer's method renders it.
    Method(Ident),
    /// DRF's `HiddenField`: a model column set from its `default`, never read nor rendered.
    Hidden,
    /// DRF's `HyperlinkedIdentityField`: the object's own URL.
    Identity,
    /// A dotted `source`, `source = "*"` or a nested serializer (`sources.rs`).
    Reached(Box<Reach>),
    /// A relational field (`primary_key_related`, ...; see `related.rs`).
    Related,
    /// A forward relation under `depth`: DRF's read-only nested serializer of the related
    /// model, this many levels deep (`restframe::relations::depth`).
    Depth(u8, bool),
}

/// One serializer field: its name in `fields(...)`, plus the declared struct field (or
/// `extra_kwargs` entry, without a type) if any.
pub(super) struct Field<'a> {
    name: &'a Ident,
    declared: Option<(Option<&'a Type>, &'a FieldAttrs)>,
    column: Ident,
    role: Role,
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
    fn attrs(&self) -> Option<&FieldAttrs> {
        self.declared.map(|(_, attrs)| attrs)
    }
    fn is_column(&self) -> bool {
        matches!(self.role, Role::Column | Role::Hidden)
    }
    fn related(&self) -> Option<RelatedParts<'_>> {
        let attrs = self.attrs().filter(|_| matches!(self.role, Role::Related))?;
        Some(RelatedParts {
            column: &self.column,
            key: self.key(),
            attrs,
            spec: self.spec_ident(),
            var: self.var(),
            read_only: self.read_only,
        })
    }
}

/// The serializer fields in `fields(...)` order, with what the container and the declared field
/// say about each. Runs after the checks passed.
pub(super) fn resolve<'a>(c: &Container, names: &'a [Ident], declared: &'a [Declared<'a>]) -> Vec<Field<'a>> {
    names
        .iter()
        .map(|name| {
            let declared = declared.iter().find(|d| d.ident == *name).map(|d| (d.ty, &d.attrs));
            let attrs = declared.map(|(_, attrs)| attrs);
            let column = attrs
                .and_then(|a| a.source.as_ref())
                .and_then(|source| source.value.parse::<Ident>().ok())
                .unwrap_or_else(|| name.clone());
            let role = match attrs {
                Some(FieldAttrs { nested_depth: Some(depth), .. }) => Role::Depth(depth.value.0, depth.value.1),
                Some(FieldAttrs { method: Some(method), .. }) => Role::Method(match &method.value {
                    Some(lit) => {
                        lit.parse::<Ident>().unwrap_or_else(|_| format_ident!("get_{}", spec::field_key(name)))
                    }
                    None => format_ident!("get_{}", spec::field_key(name), span = name.span()),
                }),
                Some(FieldAttrs { hidden: Some(_), .. }) => Role::Hidden,
                Some(FieldAttrs { hyperlinked_identity: Some(_), .. }) => Role::Identity,
                Some(FieldAttrs { related: Some(_), .. }) => Role::Related,
                _ if c.hyperlinked.is_some()
                    && *name == c.url_field_name()
                    && declared.is_none_or(|(ty, _)| ty.is_none()) =>
                {
                    Role::Identity
                }
                Some(attrs) => match sources::reach(name, declared.and_then(|(ty, _)| ty), attrs) {
                    Some(reach) => Role::Reached(Box::new(reach)),
                    None => Role::Column,
                },
                _ => Role::Column,
            };
            // DRF's `StringRelatedField` is read-only.
            let string =
                attrs.is_some_and(|a| matches!(&a.related, Some(r) if matches!(r.value, RelatedAttrs::String)));
            Field {
                name,
                declared,
                column,
                read_only: matches!(role, Role::Method(_) | Role::Identity | Role::Reached(_) | Role::Depth(..))
                    || string
                    || c.read_only.contains(name)
                    || attrs.is_some_and(|a| a.read_only.is_some()),
                role,
                write_only: c.write_only.contains(name) || attrs.is_some_and(|a| a.write_only.is_some()),
                validate: c.validate_fields.contains(name) || attrs.is_some_and(|a| a.validate.is_some()),
            }
        })
        .collect()
}

/// The `Serializer`, `ModelSerializer` and (unless `hooks`) `SerializerHooks` impls.
pub(super) fn emit(input: &DeriveInput, model: &Path, c: &Container, fields: &[Field]) -> TokenStream {
    let ident = &input.ident;
    let description = crate::view::doc_description(&input.attrs);
    let p = quote!(::restframe::__private);
    // Every use of a column goes through `FIELDS.<column>`: the trait part is spanned at the
    // model path and the field part at the name in `fields(...)`, so a missing `ModelMeta` or a
    // misspelled name is one (deduplicated) error at the right token.
    let meta_head = quote_spanned!(model.span()=> <__Model as ::restframe::serializers::ModelMeta>);
    let access = |column: &Ident| {
        let field = quote_spanned!(column.span()=> #column);
        quote!(#meta_head::FIELDS.#field)
    };
    let columns: Vec<&Field> = fields.iter().filter(|f| f.is_column()).collect();
    let metas = columns.iter().map(|f| {
        let (meta_ident, col) = (f.meta_ident(), access(&f.column));
        quote!(const #meta_ident: ::restframe::serializers::ModelField = #col.meta;)
    });
    let column_metas: Vec<Ident> = columns.iter().map(|f| f.meta_ident()).collect();
    let specs = fields.iter().map(|f| {
        let (spec_ident, meta_ident, key) = (f.spec_ident(), f.meta_ident(), f.key());
        let attrs = f.attrs();
        let mut overrides = attrs.map(|attrs| spec::overrides(attrs, &key)).unwrap_or_default();
        if let Role::Reached(reach) = &f.role {
            return reach.spec(&meta_head, &spec_ident, &key, attrs, overrides);
        }
        if let Role::Method(_) | Role::Identity = f.role {
            // DRF's `SerializerMethodField` and `HyperlinkedIdentityField` are read-only fields
            // with no model field behind them.
            if attrs.is_none_or(|a| a.read_only.is_none()) {
                overrides.extend(quote!(read_only: true, required: false,));
            }
            return quote! {
                const #spec_ident: ::restframe::fields::FieldSpec =
                    ::restframe::fields::FieldSpec { #overrides ..::restframe::fields::FieldSpec::new(#key) };
            };
        }
        if let Role::Related | Role::Depth(..) = f.role {
            // A relational field's options are its own (DRF's declared field), not the model's.
            if f.read_only && attrs.is_none_or(|a| a.read_only.is_none()) {
                overrides.extend(quote!(read_only: true, required: false,));
            }
            return quote! {
                const #spec_ident: ::restframe::fields::FieldSpec =
                    ::restframe::fields::FieldSpec { #overrides ..::restframe::fields::FieldSpec::new(#key) };
            };
        }
        if let Role::Hidden = f.role {
            overrides.extend(quote!(write_only: true,));
        }
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
            && !matches!(f.role, Role::Hidden)
            && attrs.is_none_or(|a| a.required.is_none())
        {
            overrides.extend(quote!(required: !#meta_ident.has_default,));
        }
        let spec = quote!(::restframe::fields::FieldSpec { #overrides ..#p::field_spec(#key, &#meta_ident) });
        let spec = model_unique_together_spec(c, f, spec, &meta_head, &column_metas);
        quote! {
            const #spec_ident: ::restframe::fields::FieldSpec = #spec;
        }
    });
    let type_checks = fields.iter().filter_map(|f| {
        let (Some(ty), attrs) = f.declared? else { return None };
        if let Role::Reached(_) = f.role {
            return None;
        }
        if let Some(related) = f.related() {
            return Some(related.check());
        }
        if let Role::Identity = f.role {
            // The field renders a URL string.
            let check = quote_spanned!(ty.span()=> ::core::marker::PhantomData::<::std::string::String>);
            return Some(quote!(let _: ::core::marker::PhantomData<#ty> = #check;));
        }
        if let Role::Method(method) = &f.role {
            // The struct field's type is what the method returns: a mismatch points at that type,
            // a missing method at its name.
            let method_path = quote_spanned!(method.span()=> <#ident>::#method);
            let var = Ident::new("__method", ty.span());
            return Some(quote! {
                let #var = #method_path;
                let _: fn(&__Model, &::restframe::serializers::Context) -> #ty = #var;
            });
        }
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
    let declared_reads = fields.iter().filter(|f| f.declared.is_some_and(|(ty, _)| ty.is_some())).map(|f| f.name);
    let writable: Vec<&Field> = fields.iter().filter(|f| !f.read_only).collect();
    let steps = writable.iter().map(|f| {
        if let Some(related) = f.related() {
            return related.validation_step();
        }
        let (var, spec_ident, meta_ident, col) = (f.var(), f.spec_ident(), f.meta_ident(), access(&f.column));
        if let (Role::Hidden, Some(default)) = (&f.role, f.attrs().and_then(|a| a.default.as_ref())) {
            let default = &default.value;
            return quote! {
                let #var = __v.hidden(__instance.is_some(), &(#default))?;
                (#col.set)(&mut __a, #p::set(#var));
            };
        }
        let validators = match f.declared {
            Some((Some(ty), attrs)) if !attrs.validators.is_empty() => {
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
            // Only the path carries the user's span: the arguments are this macro's locals (a
            // second pass through the field-list macro has another hygiene context).
            let path = quote_spanned!(f.name.span()=> Self::#hook);
            let call = quote!(#path(__x, __ctx));
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
        match &f.role {
            Role::Column => quote!(__o.field(&#spec_ident, (#col.get)(__i));),
            Role::Method(method) => {
                // Only the path carries the user's span: the arguments are this macro's locals.
                let path = quote_spanned!(method.span()=> <#ident>::#method);
                quote!(__o.field(&#spec_ident, &#path(__i, __ctx));)
            }
            Role::Identity => match f.attrs().and_then(|a| a.hyperlinked_identity.as_ref()) {
                Some(link) => {
                    let link = identity_link(&link.value);
                    quote!(__o.field(&#spec_ident, &::restframe::serializers::identity_url::<__Model>(__i, __ctx, &#link));)
                }
                None => sources::url_output(&spec_ident, f.attrs()),
            },
            Role::Reached(reach) => reach.output(&meta_head, &spec_ident),
            Role::Hidden => quote!(),
            Role::Related => f.related().map(|r| r.output()).unwrap_or_default(),
            Role::Depth(depth, _) => {
                let name = f.name.to_string();
                quote! {
                    __o.reached(&#spec_ident, ::core::option::Option::Some(
                        ::restframe::relations::depth::render_relation::<__Model>(#name, __i, #depth, __ctx),
                    ));
                }
            }
        }
    });
    let outputs: Vec<TokenStream> = outputs.collect();
    let outputs_len = outputs.len();
    // Only model columns have a model field to order by.
    let sources = fields.iter().filter(|f| matches!(f.role, Role::Column)).map(|f| {
        let (spec_ident, meta_ident) = (f.spec_ident(), f.meta_ident());
        quote!((&#spec_ident, &#meta_ident))
    });
    // Validated data has no instance for a method to read; hidden fields are never rendered.
    let data_outputs = fields.iter().filter(|f| matches!(f.role, Role::Column | Role::Related)).map(|f| {
        if let Some(related) = f.related() {
            return related.data_output();
        }
        let (spec_ident, col) = (f.spec_ident(), access(&f.column));
        quote!(__o.active(&#spec_ident, (#col.active)(__d));)
    });
    let data_outputs: Vec<TokenStream> = data_outputs.collect();
    let data_outputs_len = data_outputs.len();
    let mut related_sources: Vec<TokenStream> =
        fields.iter().filter_map(Field::related).map(|r| r.ordering_source()).collect();
    // DRF's `get_default_valid_fields` lists a dotted or nested field by its source
    // (`author__name`), never a `source='*'` one. A to-many nested field is left out, as a
    // to-many relational field is (`RelatedField::ordering_source`): ordering by it would
    // repeat rows.
    // A nested foreign key orders by its column, as DRF's default `ordering_fields` list it.
    related_sources.extend(fields.iter().filter(|f| matches!(f.role, Role::Depth(_, false))).map(|f| {
        let name = f.name.to_string();
        quote!(::core::option::Option::Some(#name))
    }));
    related_sources.extend(fields.iter().filter_map(|f| match &f.role {
        Role::Reached(reach) if reach.path != "*" && !reach.is_many() => {
            let source = reach.path.replace('.', "__");
            Some(quote!(::core::option::Option::Some(#source)))
        }
        _ => None,
    }));
    let readable = quote!(::restframe::__private::readable_sources(&[#(#sources),*]));
    let readable = if related_sources.is_empty() {
        readable
    } else {
        quote! {
            let mut __sources = #readable;
            __sources.extend([#(#related_sources),*].into_iter().flatten());
            __sources
        }
    };
    let save_pairs = writable.iter().filter(|f| f.is_column()).map(|f| {
        let (spec_ident, meta_ident) = (f.spec_ident(), f.meta_ident());
        quote!((&#spec_ident, &#meta_ident))
    });
    let groups = c.unique_together.iter().map(|g| {
        let names = g.iter().map(|n| n.to_string());
        quote!(&[#(#names),*])
    });
    // DRF's `SimpleMetadata` leaves `HiddenField`s out and describes a method field as a
    // plain `field`.
    let infos = fields.iter().filter(|f| !matches!(f.role, Role::Hidden)).map(|f| {
        let (spec_ident, meta_ident, col, key) = (f.spec_ident(), f.meta_ident(), access(&f.column), f.key());
        match &f.role {
            Role::Reached(reach) => reach.info(&meta_head, &key, &spec_ident),
            Role::Method(_) => openapi::method_info(f, &key, &spec_ident),
            Role::Identity | Role::Related => {
                let schema = openapi::related_schema(f);
                quote!((#key, ::restframe::fields::field_info_with_schema(&#spec_ident, #schema)))
            }
            Role::Depth(depth, _) => {
                let name = f.name.to_string();
                quote!((#key, ::restframe::relations::depth::relation_info::<__Model>(#name, &#spec_ident, #depth, __backend)))
            }
            _ => {
                quote!((#key, ::restframe::metadata::model_field_info(&#spec_ident, &#meta_ident, #col.get, __backend)))
            }
        }
    });
    // What rendering reads besides the instance's own columns, loaded for the whole page.
    // A relation a reached field starts from is loaded by `sources::prefetch` into the same
    // cache a relational field renders from, so the field does not load it a second time.
    let reached_hops: Vec<&Ident> = fields
        .iter()
        .filter_map(|f| if let Role::Reached(reach) = &f.role { reach.hops.first() } else { None })
        .collect();
    let prefetches = fields
        .iter()
        .filter(|f| f.attrs().is_some_and(|a| a.reverse_of.is_some()) || !reached_hops.contains(&&f.column))
        .filter_map(prefetch_step);
    let reaches = fields.iter().filter_map(|f| if let Role::Reached(reach) = &f.role { Some(&**reach) } else { None });
    let reached_prefetch = sources::prefetch(&meta_head, reaches);
    let reach_checks = fields.iter().filter_map(|f| match &f.role {
        Role::Reached(reach) => Some(reach.checks(&meta_head, f.declared.and_then(|(ty, _)| ty))),
        Role::Identity => sources::url_checks(&meta_head, f.attrs()),
        _ => None,
    });
    let stages = fields.iter().filter_map(Field::related).any(|r| r.stages());
    let (staged_init, staged_finish) = related::staging(stages);
    let save = related::save_module(stages);
    let hooks_impl = (!c.hooks)
        .then(|| quote!(#[automatically_derived] impl ::restframe::serializers::SerializerHooks for #ident {}));
    let model_tokens = quote_spanned!(model.span()=> #model);
    crate::dummy::wrap_in_const(quote! {
            type __Model = #model_tokens;
            type __Entity = <__Model as #p::sea_orm::ModelTrait>::Entity;
            type __Active = #p::ActiveOf<__Model>;
            #(#metas)*
            #(#specs)*
            #(#reach_checks)*
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
                const DESCRIPTION: &'static str = #description;
                type Data = __Active;
                type Instance = __Model;
                async fn run_validation(
                    __data: &#p::Value,
                    __ctx: &::restframe::serializers::Context,
                    __instance: ::core::option::Option<&__Model>,
                ) -> ::core::result::Result<__Active, ::restframe::exceptions::ApiError> {
                    // Hooks read the instance being updated (DRF's `self.instance`) from the context.
                    let __with_instance;
                    let __ctx = match __instance {
                        ::core::option::Option::Some(__i) => {
                            __with_instance = __ctx.clone().with_instance(__i.clone());
                            &__with_instance
                        }
                        ::core::option::Option::None => __ctx,
                    };
                    let mut __v = ::restframe::__private::Validation::for_model::<__Entity>(__data, __ctx, __instance)?;
                    let mut __a: __Active = ::core::default::Default::default();
                    #staged_init
                    #(#steps)*
                    #(#together)*
                    ::restframe::serializers::check_model_unique_together::<__Model>(&mut __v, &__SAVE, &__a, __instance).await?;
                    let _ = __instance;
                    #staged_finish
                }
                fn render(__i: &__Model, __ctx: &::restframe::serializers::Context) -> #p::Value {
                    let mut __o = ::restframe::__private::Output::new(__ctx, #outputs_len);
                    #(#outputs)*
                    __o.finish_instance::<Self>(__i)
                }
                fn model_info() -> ::core::option::Option<&'static ::restframe::serializers::ModelInfo> {
                    ::core::option::Option::Some(<__Model as ::restframe::serializers::ModelMeta>::info())
                }
                async fn prefetch(
                    __is: &[&__Model],
                    __ctx: &::restframe::serializers::Context,
                ) -> ::core::result::Result<(), ::restframe::exceptions::ApiError> {
                    #(#prefetches)*
                    #reached_prefetch
                    <Self as ::restframe::serializers::SerializerHooks>::prefetch(__is, __ctx).await
                }
                fn data_representation(__d: &__Active, __ctx: &::restframe::serializers::Context) -> #p::Value {
                    let mut __o = ::restframe::__private::Output::new(__ctx, #data_outputs_len);
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
                    #readable
                }
                async fn default_create(
                    __d: __Active,
                    __ctx: &::restframe::serializers::Context,
                ) -> ::core::result::Result<__Model, ::restframe::exceptions::ApiError> {
                    #save::create::<__Model>(__d, __ctx, __SAVE).await
                }
                async fn default_update(
                    __i: __Model,
                    __d: __Active,
                    __ctx: &::restframe::serializers::Context,
                ) -> ::core::result::Result<__Model, ::restframe::exceptions::ApiError> {
                    #save::update::<__Model>(__i, __d, __ctx, __SAVE).await
                }
            }
            #[automatically_derived]
            impl ::restframe::serializers::ModelSerializer for #ident {
                type Model = __Model;
            }
            #hooks_impl
    })
}

/// DRF's `get_uniqueness_extra_kwargs` for the model's own `unique_together` (sea-orm's
/// `unique_key`; the `models` part of issue 13): a model field the serializer maps without
/// declaring it becomes required when its whole group is in the serializer (decided in a
/// `const` from the model's metadata). Not when the serializer lists its own groups (DRF's
/// `Meta.validators`) or `required` is given.
fn model_unique_together_spec(
    c: &Container,
    f: &Field,
    spec: TokenStream,
    meta_head: &TokenStream,
    column_metas: &[Ident],
) -> TokenStream {
    let undeclared = f.declared.is_none_or(|(ty, attrs)| ty.is_none() && attrs.required.is_none());
    if !c.unique_together.is_empty() || !matches!(f.role, Role::Column) || f.read_only || !undeclared {
        return spec;
    }
    let meta_ident = f.meta_ident();
    quote! {
        ::restframe::serializers::unique_together_required(
            #spec, &#meta_ident, #meta_head::ALL, &[#(#column_metas.column),*],
        )
    }
}

/// The statements of `prefetch` loading what field `f` renders from other rows (`__is`: the
/// instances, `__ctx`: the context), through the model's typed relations
/// (`<__Model as ModelMeta>::RELS.<relation>.prefetch(__is, __ctx).await?`). Columns, methods,
/// identities and hidden fields read the instance alone.
fn prefetch_step(f: &Field) -> Option<TokenStream> {
    match f.role {
        Role::Related => f.related().map(|r| r.prefetch()),
        Role::Depth(depth, _) => {
            let name = f.name.to_string();
            Some(
                quote!(::restframe::relations::depth::prefetch_relation::<__Model>(#name, __is, #depth, __ctx).await?;),
            )
        }
        // Reached fields share their relations' statements (`sources::prefetch`).
        Role::Column | Role::Method(_) | Role::Hidden | Role::Identity | Role::Reached(_) => None,
    }
}

/// The `IdentityLink` literal of a `hyperlinked_identity(...)` field.
pub(super) fn identity_link(attrs: &IdentityAttrs) -> TokenStream {
    let opt = |lit: &Option<syn::LitStr>| match lit {
        Some(lit) => quote!(::core::option::Option::Some(#lit)),
        None => quote!(::core::option::Option::None),
    };
    let view_name = attrs.view_name.as_ref().map(|lit| quote!(#lit)).unwrap_or_else(|| quote!(""));
    let (field, kwarg) = (opt(&attrs.lookup_field), opt(&attrs.lookup_url_kwarg));
    quote! {
        ::restframe::serializers::IdentityLink { view_name: #view_name, lookup_field: #field, lookup_url_kwarg: #kwarg }
    }
}
