//! `#[viewset]`: parse the arguments and the `impl ViewSet` block into a [`ViewSetModel`]
//! (standard actions, `#[action]` methods), check it, then emit the trait impl, an inherent
//! impl holding the extra actions, and `ViewSetMeta`.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};
use syn::meta::ParseNestedMeta;
use syn::parse::Parse;
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, ImplItem, ImplItemFn, ItemImpl, LitStr, Token, Type};

use crate::action::{self, ActionModel, CLASS_ARGS, MappingModel};
use crate::ctxt::Ctxt;

/// DRF's standard actions, in router order.
pub(crate) const STANDARD: [&str; 6] = ["list", "create", "retrieve", "update", "partial_update", "destroy"];

/// The other methods and constants of the `ViewSet` trait.
pub(crate) const HOOKS: [&str; 10] = [
    "authentication_classes",
    "permission_classes",
    "throttle_classes",
    "get_authenticators",
    "get_permissions",
    "get_throttles",
    "parser_classes",
    "renderer_classes",
    "throttle_scope",
    "default_basename",
];

/// The lookup arguments and the trait constants they set.
const LOOKUPS: [(&str, &str, bool); 3] = [
    ("lookup_field", "LOOKUP_FIELD", false),
    ("lookup_url_kwarg", "LOOKUP_URL_KWARG", true),
    ("lookup_value_regex", "LOOKUP_VALUE_REGEX", true),
];

/// What the macro learned.
pub(crate) struct ViewSetModel {
    pub(crate) name: String,
    pub(crate) description: String,
    /// The standard actions the viewset defines (written, or filled by a generic kind).
    pub(crate) standard: Vec<String>,
    pub(crate) extra: Vec<(ActionModel, ImplItemFn)>,
    /// `#[mapping]` functions, in source order.
    pub(crate) mappings: Vec<(MappingModel, ImplItemFn)>,
    pub(crate) class_lists: Vec<(Ident, Punctuated<Expr, Token![,]>)>,
    pub(crate) lookups: Vec<(Ident, LitStr)>,
}

pub(crate) fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    if crate::generic_viewset::names_a_kind(&args) {
        return crate::generic_viewset::expand(args, input);
    }
    let item = match crate::fallback::parse_impl(
        input,
        "#[viewset] goes on an `impl ViewSet for YourViewSet { ... }` block",
    ) {
        Ok(item) => item,
        Err(tokens) => return tokens,
    };
    let cx = Ctxt::new();
    let (item, model) = parse(&cx, args, item);
    // Emitted even after a mistake, so routing the viewset adds no follow-up errors.
    let errors = cx.check().err().map(syn::Error::into_compile_error);
    let expanded = emit(item, &model);
    quote! { #errors #expanded }
}

type ClassLists = Vec<(Ident, Punctuated<Expr, Token![,]>)>;

fn parse_args(cx: &Ctxt, args: TokenStream) -> (ClassLists, Vec<(Ident, LitStr)>) {
    let mut lists: ClassLists = Vec::new();
    let mut lookups = Vec::new();
    let parser = syn::meta::parser(|meta: ParseNestedMeta| {
        let key = meta.path.require_ident()?.clone();
        let duplicate =
            lists.iter().any(|(k, _)| *k == key) || lookups.iter().any(|(k, _): &(Ident, LitStr)| *k == key);
        if duplicate {
            cx.error_spanned_by(&key, format_args!("duplicate #[viewset] argument `{key}`"));
        }
        if CLASS_ARGS.iter().any(|(a, _, _)| key == a) {
            let content;
            let value = meta.value()?;
            syn::bracketed!(content in value);
            lists.push((key, content.parse_terminated(Expr::parse, Token![,])?));
        } else if LOOKUPS.iter().any(|(a, _, _)| key == a) {
            lookups.push((key, meta.value()?.parse::<LitStr>()?));
        } else {
            let mut expected: Vec<&str> = CLASS_ARGS.iter().map(|(a, _, _)| *a).collect();
            expected.extend(LOOKUPS.iter().map(|(a, _, _)| *a));
            return Err(meta
                .error(format_args!("unknown #[viewset] argument `{key}`; expected one of: {}", expected.join(", "))));
        }
        Ok(())
    });
    if let Err(err) = syn::parse::Parser::parse2(parser, args) {
        cx.syn_error(err);
    }
    (lists, lookups)
}

fn parse(cx: &Ctxt, args: TokenStream, mut item: ItemImpl) -> (ItemImpl, ViewSetModel) {
    let (class_lists, lookups) = parse_args(cx, args);
    let trait_ok =
        item.trait_.as_ref().and_then(|(_, path, _)| path.segments.last()).is_some_and(|seg| seg.ident == "ViewSet");
    let generic = item
        .trait_
        .as_ref()
        .and_then(|(_, path, _)| path.segments.last())
        .is_some_and(|seg| seg.ident == "GenericAPIView");
    if generic {
        cx.error_spanned_by(
            item.impl_token,
            format_args!(
                "#[viewset] on an `impl GenericAPIView` needs the viewset kind first: one of {}",
                crate::generic_viewset::KINDS.join(", ")
            ),
        );
    } else if !trait_ok {
        cx.error_spanned_by(item.impl_token, "#[viewset] goes on an `impl ViewSet for YourViewSet` block");
    }
    let type_name = match item.self_ty.as_ref() {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        other => {
            cx.error_spanned_by(other, "#[viewset] needs a named viewset type");
            String::new()
        }
    };
    let mut standard = Vec::new();
    let mut extra = Vec::new();
    let mut mappings = Vec::new();
    let mut kept = Vec::new();
    for impl_item in std::mem::take(&mut item.items) {
        let ImplItem::Fn(mut f) = impl_item else {
            kept.push(impl_item);
            continue;
        };
        let name = f.sig.ident.to_string();
        if take_mapping(cx, &mut f, &mut mappings) {
            continue;
        }
        if let Some(model) = take_action(cx, &mut f) {
            if let Some(ty) = &model.serializer {
                cx.error_spanned_by(
                    ty,
                    "`serializer_class` needs a generic viewset: `#[viewset(GenericViewSet)]` on an `impl GenericAPIView`",
                );
            }
            extra.push((model, f));
            continue;
        }
        if STANDARD.contains(&name.as_str()) {
            standard.push(name.clone());
        } else if !HOOKS.contains(&name.as_str()) {
            cx.error_spanned_by(
                &f.sig.ident,
                format_args!(
                    "`{name}` is not a ViewSet action or hook; standard actions are {}, and an extra action needs \
                     #[action(detail = ...)]",
                    STANDARD.join(", ")
                ),
            );
            continue;
        }
        if CLASS_ARGS.iter().any(|(a, _, _)| name == *a) && class_lists.iter().any(|(k, _)| *k == name) {
            cx.error_spanned_by(
                &f.sig.ident,
                format_args!(
                    "`{name}` is already set by `#[viewset({name} = [...])]`; remove the method or the argument"
                ),
            );
        }
        kept.push(ImplItem::Fn(f));
    }
    item.items = kept;
    // DRF's `get_extra_actions()` lists them by name (`inspect.getmembers`).
    extra.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    action::check_mappings(cx, &extra, &mappings);
    let model = ViewSetModel {
        name: crate::view::view_name(&type_name),
        description: crate::view::doc_description(&item.attrs),
        standard,
        extra,
        mappings,
        class_lists,
        lookups,
    };
    (item, model)
}

fn class_list_tokens(arg: &str) -> (TokenStream, TokenStream) {
    let (_, module, ty) = CLASS_ARGS.iter().find(|(a, _, _)| *a == arg).copied().unwrap_or(CLASS_ARGS[1]);
    let module = format_ident!("{}", module);
    let ty = format_ident!("{}", ty);
    let returns = match arg {
        "authentication_classes" => quote!(::restframe::authentication::#ty),
        "throttle_classes" => quote!(::restframe::throttling::#ty),
        _ => quote!(::restframe::permissions::#ty),
    };
    (returns, quote!(::restframe::#module!))
}

fn emit(mut item: ItemImpl, model: &ViewSetModel) -> TokenStream {
    for (key, classes) in model.class_lists.iter().rev() {
        let (returns, list_macro) = class_list_tokens(&key.to_string());
        let method: ImplItem = syn::parse_quote! {
            fn #key(&self) -> #returns {
                #list_macro[#classes]
            }
        };
        item.items.insert(0, method);
    }
    for (key, value) in &model.lookups {
        let Some((_, constant, optional)) = LOOKUPS.iter().find(|(a, _, _)| key == a) else { continue };
        let constant = format_ident!("{}", constant);
        let konst: ImplItem = if *optional {
            syn::parse_quote!(const #constant: ::core::option::Option<&'static str> = ::core::option::Option::Some(#value);)
        } else {
            syn::parse_quote!(const #constant: &'static str = #value;)
        };
        item.items.insert(0, konst);
    }
    let meta = emit_meta(&item.self_ty, &item.generics, model, None);
    let mut out = item.into_token_stream();
    out.extend(meta);
    out
}

/// Takes `#[action(...)]` off `f` and parses it, with the checks every viewset kind makes;
/// `None` when `f` has none.
pub(crate) fn take_action(cx: &Ctxt, f: &mut ImplItemFn) -> Option<ActionModel> {
    let model = action::parse(cx, action::find(&f.attrs)?, f);
    let name = f.sig.ident.to_string();
    if STANDARD.contains(&name.as_str()) {
        cx.error_spanned_by(
            &f.sig.ident,
            format_args!("`{name}` is a standard action and is routed already; remove #[action]"),
        );
    }
    if f.sig.asyncness.is_none() {
        cx.error_spanned_by(f.sig.fn_token, "an #[action] is an `async fn(&self, request: &Request)`");
    }
    f.attrs.retain(|a| !a.path().is_ident("action"));
    Some(model)
}

/// Moves a `#[mapping(...)]` function into `mappings` (without the attribute); false when `f`
/// has none.
pub(crate) fn take_mapping(cx: &Ctxt, f: &mut ImplItemFn, mappings: &mut Vec<(MappingModel, ImplItemFn)>) -> bool {
    let Some(attr) = action::find_mapping(&f.attrs) else { return false };
    let model = action::parse_mapping(cx, attr);
    f.attrs.retain(|a| !a.path().is_ident("mapping"));
    if let Some(model) = model {
        mappings.push((model, f.clone()));
    }
    true
}

/// The inherent impl holding the `#[action]` methods (and their class-list helpers) and the
/// `ViewSetMeta` impl; `metadata` is its `metadata_actions` method (generic viewsets).
pub(crate) fn emit_meta(
    self_ty: &Type,
    generics: &syn::Generics,
    model: &ViewSetModel,
    metadata: Option<TokenStream>,
) -> TokenStream {
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    let name = &model.name;
    let description = &model.description;
    let standard = &model.standard;
    let mut helpers = Vec::new();
    let mut infos = Vec::new();
    let mut arms = Vec::new();
    for (index, (action, f)) in model.extra.iter().enumerate() {
        let ident = &f.sig.ident;
        arms.push(quote! { #index => ::std::boxed::Box::pin(self.#ident(request)), });
        let opt = |v: &Option<String>| match v {
            Some(s) => quote!(::core::option::Option::Some(#s)),
            None => quote!(::core::option::Option::None),
        };
        let mut class_fields = Vec::new();
        for (arg, _, _) in CLASS_ARGS {
            let field = format_ident!("{}", arg);
            match action.classes.iter().find(|(a, _)| *a == arg) {
                Some((_, classes)) => {
                    let helper = format_ident!("__restframe_{}_{}", ident, arg);
                    let (returns, list_macro) = class_list_tokens(arg);
                    helpers.push(quote! {
                        #[doc(hidden)]
                        fn #helper() -> #returns { #list_macro[#classes] }
                    });
                    class_fields.push(quote!(#field: ::core::option::Option::Some(Self::#helper)));
                }
                None => class_fields.push(quote!(#field: ::core::option::Option::None)),
            }
        }
        let (action_name, detail, url_path, url_name) =
            (&action.name, action.detail, &action.url_path, &action.url_name);
        let (view_name, suffix, desc) = (opt(&action.view_name), opt(&action.suffix), opt(&action.description));
        let methods = action.methods.iter().map(|m| format_ident!("{}", m));
        let mapped = model.mappings.iter().enumerate().filter(|(_, (m, _))| m.target == action.name).map(
            |(j, (m, g))| {
                let (fn_name, index) = (g.sig.ident.to_string(), model.extra.len() + j);
                let methods = m.methods.iter().map(|(m, _)| format_ident!("{}", m));
                quote! {
                    ::restframe::viewsets::MappedAction {
                        name: #fn_name,
                        methods: ::restframe::methods::MethodFilter::NONE #(.or(::restframe::methods::MethodFilter::#methods))*,
                        index: #index,
                    }
                }
            },
        );
        infos.push(quote! {
            ::restframe::viewsets::ExtraAction {
                name: #action_name,
                detail: #detail,
                methods: ::restframe::methods::MethodFilter::NONE #(.or(::restframe::methods::MethodFilter::#methods))*,
                url_path: #url_path,
                url_name: #url_name,
                view_name: #view_name,
                suffix: #suffix,
                description: #desc,
                mapped: &[#(#mapped),*],
                #(#class_fields,)*
            }
        });
    }
    for (j, (_, f)) in model.mappings.iter().enumerate() {
        let (ident, index) = (&f.sig.ident, model.extra.len() + j);
        arms.push(quote! { #index => ::std::boxed::Box::pin(self.#ident(request)), });
    }
    let extra_fns = model.extra.iter().map(|(_, f)| f).chain(model.mappings.iter().map(|(_, f)| f));
    let inherent = (!model.extra.is_empty() || !model.mappings.is_empty()).then(|| {
        quote! {
            impl #impl_generics #self_ty #where_clause {
                #(#extra_fns)*
                #(#helpers)*
            }
        }
    });
    let meta = quote! {
        #[automatically_derived]
        impl #impl_generics ::restframe::viewsets::ViewSetMeta for #self_ty #where_clause {
            const NAME: &'static str = #name;
            const DESCRIPTION: &'static str = #description;
            const ACTIONS: &'static [&'static str] = &[#(#standard),*];
            const EXTRA_ACTIONS: &'static [::restframe::viewsets::ExtraAction] = &[#(#infos),*];
            fn call_extra<'a>(
                &'a self,
                index: usize,
                request: &'a ::restframe::request::Request,
            ) -> ::restframe::viewsets::ActionFuture<'a> {
                let _ = request;
                match index {
                    #(#arms)*
                    _ => ::std::boxed::Box::pin(async { ::core::result::Result::Err(::restframe::exceptions::ApiError::not_found()) }),
                }
            }
            #metadata
        }
    };
    quote! { #inherent #meta }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mistakes_are_all_reported() {
        let item: ItemImpl = syn::parse_quote! {
            impl ViewSet for X {
                async fn lst(&self) {}
                #[action(detail = true, methods = [GTE])]
                async fn list(&self) {}
            }
        };
        let cx = Ctxt::new();
        let _ = parse(&cx, quote!(bogus = []), item);
        let err = cx.check().err().map(|e| e.into_iter().count());
        // bogus argument, `lst`, `GTE`, `list` with #[action].
        assert_eq!(err, Some(4));
    }
}
