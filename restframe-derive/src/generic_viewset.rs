//! `#[viewset(GenericViewSet | ReadOnlyModelViewSet | ModelViewSet, ...)]` on an
//! `impl GenericAPIView` block: DRF's one class, split by the macro into the `GenericAPIView`
//! impl (the queryset, serializer and lookup hooks), a generated `impl ViewSet` (the class
//! lists, `get_permissions` & co. and the standard actions, the kind filling those the block
//! does not write with `restframe::mixins` calls), the inherent impl of the `#[action]`s and
//! `ViewSetMeta`, whose `metadata_actions` describes the serializer on `OPTIONS`.

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ImplItem, ImplItemFn, ItemImpl, Type};

use crate::action::{self, ActionModel, MappingModel};
use crate::ctxt::Ctxt;
use crate::generic_view::{self, Arg, Args};
use crate::viewset::{HOOKS, STANDARD, ViewSetModel, emit_meta};

/// DRF's generic viewset classes, the `#[viewset]` kinds.
pub(crate) const KINDS: [&str; 3] = ["GenericViewSet", "ReadOnlyModelViewSet", "ModelViewSet"];

/// The standard actions each kind provides (DRF's mixins of the class).
fn kind_actions(kind: &str) -> &'static [&'static str] {
    match kind {
        "ModelViewSet" => &STANDARD,
        "ReadOnlyModelViewSet" => &["list", "retrieve"],
        _ => &[],
    }
}

/// The `GenericAPIView` methods a block may write (besides `type Serializer` / `type Entity`).
const GENERIC_HOOKS: [&str; 16] = [
    "db",
    "get_queryset",
    "select_related",
    "model_name",
    "filter_backends",
    "filter_queryset",
    "paginator",
    "paginate_queryset",
    "get_paginated_response",
    "get_serializer_context",
    "get_serializer",
    "get_serializer_of",
    "get_object",
    "perform_create",
    "perform_update",
    "perform_destroy",
];

/// The lookup methods the router must agree with, so only settable as arguments.
const LOOKUP_HOOKS: [&str; 2] = ["lookup_field", "lookup_url_kwarg"];

/// Whether `#[viewset(...)]`'s arguments start with a kind (`ModelViewSet, ...`) rather than
/// `key = value` pairs.
pub(crate) fn names_a_kind(args: &TokenStream) -> bool {
    let mut tokens = args.clone().into_iter();
    match (tokens.next(), tokens.next()) {
        (Some(TokenTree::Ident(_)), None) => true,
        (Some(TokenTree::Ident(_)), Some(TokenTree::Punct(p))) => p.as_char() == ',',
        _ => false,
    }
}

/// The block's items, sorted to the impl they belong to.
#[derive(Default)]
struct Sorted {
    generic: Vec<ImplItem>,
    viewset: Vec<ImplItemFn>,
    extra: Vec<(ActionModel, ImplItemFn)>,
    mappings: Vec<(MappingModel, ImplItemFn)>,
    written: Vec<String>,
    serializer: Option<Type>,
    has_entity: bool,
}

pub(crate) fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let item = match crate::fallback::parse_impl(
        input.clone(),
        "#[viewset(ModelViewSet)] goes on an `impl GenericAPIView for YourViewSet { ... }` block",
    ) {
        Ok(item) => item,
        Err(tokens) => return tokens,
    };
    let trait_ok = item
        .trait_
        .as_ref()
        .and_then(|(_, path, _)| path.segments.last())
        .is_some_and(|seg| seg.ident == "GenericAPIView");
    if !trait_ok {
        // Expanded as a plain `#[viewset]`: splitting a block of another trait would only add
        // follow-up errors, and so would leaving out `ViewSetMeta`.
        let err = syn::Error::new_spanned(
            item.trait_.as_ref().map_or_else(|| item.self_ty.to_token_stream(), |(_, p, _)| p.to_token_stream()),
            "a generic viewset is an `impl GenericAPIView for YourViewSet` block; `#[viewset]` without a kind goes \
             on an `impl ViewSet`",
        )
        .into_compile_error();
        let plain = crate::viewset::expand(TokenStream::new(), input);
        return quote! { #err #plain };
    }
    let cx = Ctxt::new();
    let parsed =
        match syn::parse::Parser::parse2(|input: syn::parse::ParseStream| Args::parse_for(input, "viewset"), args) {
            Ok(parsed) => parsed,
            Err(err) => {
                cx.syn_error(err);
                Args { concrete: None, options: Vec::new() }
            }
        };
    let kind = parsed.concrete.as_ref().map(ToString::to_string).unwrap_or_default();
    if let Some(ident) = &parsed.concrete
        && !KINDS.contains(&kind.as_str())
    {
        cx.error_spanned_by(
            ident,
            format_args!("unknown viewset kind `{ident}`; expected one of: {}", KINDS.join(", ")),
        );
    }
    let args = generic_view::collect_args(&cx, parsed.options, "viewset");
    let mut item = item;
    let sorted = sort_items(&cx, &mut item, &args);
    if sorted.serializer.is_none() {
        cx.error_spanned_by(&item.self_ty, "a generic viewset needs its serializer: add `type Serializer = ...;`");
    }
    let errors = cx.check().err().map(syn::Error::into_compile_error);
    let expanded = emit(item, &kind, &args, sorted);
    quote! { #errors #expanded }
}

fn sort_items(cx: &Ctxt, item: &mut ItemImpl, args: &[Arg]) -> Sorted {
    let mut sorted = Sorted::default();
    let arg_set = |name: &str| args.iter().find(|a| a.sets(name)).map(|a| a.key().to_string());
    for impl_item in std::mem::take(&mut item.items) {
        let mut f = match impl_item {
            ImplItem::Fn(f) => f,
            ImplItem::Type(t) => {
                if t.ident == "Serializer" {
                    sorted.serializer = Some(t.ty.clone());
                }
                sorted.has_entity |= t.ident == "Entity";
                sorted.generic.push(ImplItem::Type(t));
                continue;
            }
            other => {
                sorted.generic.push(other);
                continue;
            }
        };
        let name = f.sig.ident.to_string();
        if crate::viewset::take_mapping(cx, &mut f, &mut sorted.mappings) {
            continue;
        }
        if let Some(model) = crate::viewset::take_action(cx, &mut f) {
            sorted.extra.push((model, f));
            continue;
        }
        if let Some(key) = arg_set(&name) {
            cx.error_spanned_by(
                &f.sig.ident,
                format_args!("`{name}` is already set by `#[viewset({key} = ...)]`; remove the method or the argument"),
            );
            continue;
        }
        if STANDARD.contains(&name.as_str()) || HOOKS.contains(&name.as_str()) {
            sorted.written.push(name);
            sorted.viewset.push(f);
        } else if GENERIC_HOOKS.contains(&name.as_str()) {
            sorted.generic.push(ImplItem::Fn(f));
        } else if LOOKUP_HOOKS.contains(&name.as_str()) {
            cx.error_spanned_by(
                &f.sig.ident,
                format_args!(
                    "set `{name}` with `#[viewset(Kind, {name} = ...)]`: the router builds the detail URL from it"
                ),
            );
        } else {
            let mut known: Vec<&str> = GENERIC_HOOKS.to_vec();
            known.extend(HOOKS.iter().copied());
            cx.error_spanned_by(
                &f.sig.ident,
                format_args!(
                    "`{name}` is not a standard action ({}), a GenericAPIView or ViewSet hook ({}), and an extra \
                     action needs #[action(detail = ...)]",
                    STANDARD.join(", "),
                    known.join(", ")
                ),
            );
        }
    }
    // DRF's `get_extra_actions()` lists them by name (`inspect.getmembers`).
    sorted.extra.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    action::check_mappings(cx, &sorted.extra, &sorted.mappings);
    sorted
}

fn emit(mut item: ItemImpl, kind: &str, args: &[Arg], sorted: Sorted) -> TokenStream {
    item.items = sorted.generic;
    let class_methods = generic_view::generic_items(&mut item, sorted.serializer.as_ref(), sorted.has_entity, args);
    let mut constants = Vec::new();
    for arg in args {
        match arg {
            Arg::Field(_, field) => {
                let field = field.to_string();
                constants.push(quote!(const LOOKUP_FIELD: &'static str = #field;));
            }
            Arg::Text(key, text) if key == "lookup_url_kwarg" => {
                constants.push(quote!(const LOOKUP_URL_KWARG: ::core::option::Option<&'static str> = ::core::option::Option::Some(#text);));
            }
            Arg::Text(key, text) if key == generic_view::VIEWSET_OPTION => {
                constants.push(quote!(const LOOKUP_VALUE_REGEX: ::core::option::Option<&'static str> = ::core::option::Option::Some(#text);));
            }
            _ => {}
        }
    }
    let mut standard = Vec::new();
    let mut filled = Vec::new();
    for action in STANDARD {
        let written = sorted.written.iter().any(|w| w == action);
        if !written && !kind_actions(kind).contains(&action) {
            continue;
        }
        standard.push(action.to_owned());
        if written {
            continue;
        }
        let ident = format_ident!("{}", action);
        let body = match action {
            "update" => quote!(::restframe::mixins::update(self, request, false).await),
            "partial_update" => quote!(::restframe::mixins::update(self, request, true).await),
            _ => quote!(::restframe::mixins::#ident(self, request).await),
        };
        filled.push(quote! {
            async fn #ident(
                &self,
                request: &::restframe::request::Request,
            ) -> ::core::result::Result<::restframe::response::Response, ::restframe::exceptions::ApiError> {
                #body
            }
        });
    }
    let basename = (!sorted.written.iter().any(|w| w == "default_basename")).then(|| {
        quote! {
            // DRF's `queryset.model._meta.object_name.lower()`.
            fn default_basename(&self) -> ::core::option::Option<::std::string::String> {
                ::core::option::Option::Some(
                    ::restframe::generics::GenericAPIView::model_name(self).to_lowercase(),
                )
            }
        }
    });
    let mut arms = Vec::new();
    for (index, (action, _)) in sorted.extra.iter().enumerate() {
        if let Some(ty) = &action.serializer {
            arms.push(quote_spanned! {ty.span()=>
                ::core::option::Option::Some(#index) => ::std::boxed::Box::pin(
                    ::restframe::generics::metadata_actions_of::<Self, #ty>(self, request, handlers),
                ),
            });
        }
    }
    let mut schema_arms = Vec::new();
    for (index, (action, _)) in sorted.extra.iter().enumerate() {
        if let Some(ty) = &action.serializer {
            schema_arms.push(quote_spanned! {ty.span()=>
                ::core::option::Option::Some(#index) => ::restframe::generics::view_schema::<Self, #ty>(self, config, list, create),
            });
        }
    }
    let metadata = quote! {
        fn view_schema(
            &self,
            action: ::core::option::Option<&str>,
            extra: ::core::option::Option<usize>,
            config: &::restframe::request::RequestConfig,
        ) -> ::restframe::views::ViewSchema {
            let list = action == ::core::option::Option::Some("list");
            let create = action == ::core::option::Option::Some("create");
            match extra {
                #(#schema_arms)*
                _ => ::restframe::generics::view_schema::<
                    Self,
                    <Self as ::restframe::generics::GenericAPIView>::Serializer,
                >(self, config, list, create),
            }
        }

        fn metadata_actions<'a>(
            &'a self,
            request: &'a ::restframe::request::Request,
            handlers: ::restframe::methods::MethodFilter,
            extra: ::core::option::Option<usize>,
        ) -> ::restframe::viewsets::MetadataFuture<'a> {
            match extra {
                #(#arms)*
                _ => ::std::boxed::Box::pin(::restframe::generics::metadata_actions(self, request, handlers)),
            }
        }
    };
    let type_name = match item.self_ty.as_ref() {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        _ => String::new(),
    };
    let model = ViewSetModel {
        name: crate::view::view_name(&type_name),
        description: crate::view::doc_description(&item.attrs),
        standard,
        extra: sorted.extra,
        mappings: sorted.mappings,
        class_lists: Vec::new(),
        lookups: Vec::new(),
    };
    let meta = emit_meta(&item.self_ty, &item.generics, &model, Some(metadata));
    let self_ty = &item.self_ty;
    let (impl_generics, _, where_clause) = item.generics.split_for_impl();
    let viewset_items = &sorted.viewset;
    quote! {
        #item

        impl #impl_generics ::restframe::viewsets::ViewSet for #self_ty #where_clause {
            #(#constants)*
            #(#class_methods)*
            #basename
            #(#viewset_items)*
            #(#filled)*
        }

        #meta
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_from_key_value_arguments() {
        assert!(names_a_kind(&quote!(ModelViewSet)));
        assert!(names_a_kind(&quote!(Bogus, lookup_field = slug)));
        assert!(!names_a_kind(&quote!(lookup_field = "slug")));
        assert!(!names_a_kind(&quote!()));
    }

    #[test]
    fn mistakes_are_reported_and_items_sorted() {
        let mut item: ItemImpl = syn::parse_quote! {
            impl GenericAPIView for X {
                type Serializer = S;
                fn db(&self) {}
                fn get_querset(&self) {}
                fn lookup_field(&self) {}
                fn get_permissions(&self) {}
                async fn list(&self) {}
                #[action(detail = true, serializer_class = R)]
                async fn reviews(&self) {}
                #[mapping(reviews, DELETE)]
                async fn reviews_delete(&self) {}
            }
        };
        let cx = Ctxt::new();
        let sorted = sort_items(&cx, &mut item, &[]);
        assert_eq!((sorted.generic.len(), sorted.viewset.len(), sorted.extra.len()), (2, 2, 1));
        assert_eq!(sorted.mappings.len(), 1);
        assert_eq!(sorted.written, ["get_permissions", "list"]);
        let messages: Vec<String> = cx.check().err().into_iter().flatten().map(|e| e.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("`get_querset` is not a standard action"));
        assert!(messages[1].starts_with("set `lookup_field` with"));
    }
}
