//! `#[api_view]`: parse the arguments and the impl block into a [`ViewModel`], then emit
//! `ViewMeta` plus the class-list methods the arguments name.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::meta::ParseNestedMeta;
use syn::parse::Parse;
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, ImplItem, ItemImpl, Token, Type};

use crate::ctxt::Ctxt;

/// Handler names in DRF's `Allow` order.
const HANDLERS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// One `#[api_view(...)]` argument: DRF's class attribute, the `APIView` method it generates and
/// the macro building that method's list.
struct ClassOption {
    name: &'static str,
    returns: fn() -> TokenStream,
    list_macro: fn() -> TokenStream,
}

/// The arguments `#[api_view]` takes; this table drives both parsing and the
/// "expected one of" hint.
const CLASS_OPTIONS: &[ClassOption] = &[
    ClassOption {
        name: "authentication_classes",
        returns: || quote!(::restframe::authentication::Authenticators),
        list_macro: || quote!(::restframe::authentication!),
    },
    ClassOption {
        name: "permission_classes",
        returns: || quote!(::restframe::permissions::Permissions),
        list_macro: || quote!(::restframe::permissions!),
    },
    ClassOption {
        name: "throttle_classes",
        returns: || quote!(::restframe::throttling::Throttles),
        list_macro: || quote!(::restframe::throttles!),
    },
];

/// A class list given as an argument: which option, its key (for spans) and the classes.
struct ClassList {
    option: &'static ClassOption,
    key: Ident,
    classes: Punctuated<Expr, Token![,]>,
}

/// What the macro learned from the arguments and the impl block.
struct ViewModel {
    name: String,
    description: String,
    handlers: Vec<String>,
    class_lists: Vec<ClassList>,
}

pub(crate) fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: ItemImpl = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(_) => {
            let err =
                syn::Error::new_spanned(&input, "#[api_view] goes on an `impl APIView for YourView { ... }` block");
            let err = err.into_compile_error();
            return quote! { #err #input };
        }
    };
    let cx = Ctxt::new();
    let model = parse(&cx, args, &item);
    // The impl and `ViewMeta` are emitted even after a mistake, so routing the view does not
    // add "`ViewMeta` is not implemented" errors to the real one.
    let errors = cx.check().err().map(syn::Error::into_compile_error);
    let expanded = emit(item, &model);
    quote! { #errors #expanded }
}

fn parse_args(cx: &Ctxt, args: TokenStream) -> Vec<ClassList> {
    let mut lists: Vec<ClassList> = Vec::new();
    let parser = syn::meta::parser(|meta: ParseNestedMeta| {
        let key = meta.path.require_ident()?.clone();
        let Some(option) = CLASS_OPTIONS.iter().find(|o| key == o.name) else {
            let expected: Vec<&str> = CLASS_OPTIONS.iter().map(|o| o.name).collect();
            return Err(meta.error(format_args!(
                "unknown #[api_view] argument `{key}`; expected one of: {}",
                expected.join(", ")
            )));
        };
        let value = meta.value()?;
        let content;
        syn::bracketed!(content in value);
        let classes = content.parse_terminated(Expr::parse, Token![,])?;
        if lists.iter().any(|l| std::ptr::eq(l.option, option)) {
            cx.error_spanned_by(&key, format_args!("duplicate #[api_view] argument `{key}`"));
        } else {
            lists.push(ClassList { option, key, classes });
        }
        Ok(())
    });
    if let Err(err) = syn::parse::Parser::parse2(parser, args) {
        cx.syn_error(err);
    }
    lists
}

fn parse(cx: &Ctxt, args: TokenStream, item: &ItemImpl) -> ViewModel {
    let class_lists = parse_args(cx, args);
    let trait_ok =
        item.trait_.as_ref().and_then(|(_, path, _)| path.segments.last()).is_some_and(|seg| seg.ident == "APIView");
    if !trait_ok {
        cx.error_spanned_by(
            item.impl_token,
            "#[api_view] goes on an `impl APIView for YourView` block, not on an inherent impl or another trait",
        );
    }
    let type_name = match item.self_ty.as_ref() {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        other => {
            cx.error_spanned_by(other, "#[api_view] needs a named view type");
            String::new()
        }
    };
    let mut handlers = Vec::new();
    for impl_item in &item.items {
        let ImplItem::Fn(f) = impl_item else { continue };
        let name = f.sig.ident.to_string();
        if name == "head" || name == "options" {
            cx.error_spanned_by(
                &f.sig.ident,
                "restframe answers HEAD with `get` and OPTIONS with DRF's metadata; define `get` or `metadata_actions` instead",
            );
        }
        if class_lists.iter().any(|l| name == l.option.name) {
            cx.error_spanned_by(
                &f.sig.ident,
                format_args!(
                    "`{name}` is already set by `#[api_view({name} = [...])]`; remove the method or the argument"
                ),
            );
        }
        if HANDLERS.contains(&name.as_str()) {
            handlers.push(name);
        }
    }
    handlers.sort_by_key(|h| HANDLERS.iter().position(|x| x == h));
    ViewModel { name: view_name(&type_name), description: doc_description(&item.attrs), handlers, class_lists }
}

fn emit(mut item: ItemImpl, model: &ViewModel) -> TokenStream {
    let defined: Vec<String> = item
        .items
        .iter()
        .filter_map(|i| match i {
            ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect();
    for list in model.class_lists.iter().filter(|l| !defined.iter().any(|d| d == l.option.name)) {
        let (key, classes) = (&list.key, &list.classes);
        let (returns, list_macro) = ((list.option.returns)(), (list.option.list_macro)());
        let method: ImplItem = syn::parse_quote! {
            fn #key(&self) -> #returns {
                #list_macro[#classes]
            }
        };
        item.items.insert(0, method);
    }
    let self_ty = &item.self_ty;
    let (impl_generics, _, where_clause) = item.generics.split_for_impl();
    let name = &model.name;
    let description = &model.description;
    let handlers = model.handlers.iter().map(|h| quote::format_ident!("{}", h.to_ascii_uppercase()));
    let meta = quote! {
        #[automatically_derived]
        impl #impl_generics ::restframe::views::ViewMeta for #self_ty #where_clause {
            const NAME: &'static str = #name;
            const DESCRIPTION: &'static str = #description;
            const HANDLERS: ::restframe::methods::MethodFilter = ::restframe::methods::MethodFilter::NONE #(.or(::restframe::methods::MethodFilter::#handlers))*;
        }
    };
    let mut out = item.into_token_stream();
    out.extend(meta);
    out
}

/// DRF's `get_view_name`: drop a trailing `View` / `ViewSet`, then `camelcase_to_spaces`.
pub(crate) fn view_name(type_name: &str) -> String {
    let trimmed = type_name.strip_suffix("View").unwrap_or(type_name);
    let trimmed = trimmed.strip_suffix("ViewSet").unwrap_or(trimmed);
    let chars: Vec<char> = trimmed.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let after_lower = i > 0 && chars[i - 1].is_ascii_lowercase();
            let before_lower = chars.get(i + 1).is_some_and(|n| !n.is_ascii_uppercase());
            if after_lower || before_lower {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out.trim().to_owned()
}

/// The doc comment, dedented like DRF's `formatting.dedent`.
pub(crate) fn doc_description(attrs: &[syn::Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let dedented: Vec<&str> = lines.iter().map(|l| l.get(indent..).unwrap_or("")).collect();
    dedented.join("\n").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_names_follow_drf() {
        assert_eq!(view_name("HelloView"), "Hello");
        assert_eq!(view_name("ObtainAuthToken"), "Obtain Auth Token");
        assert_eq!(view_name("ThingList"), "Thing List");
        assert_eq!(view_name("HTTPView"), "HTTP");
        assert_eq!(view_name("UserViewSet"), "User");
        assert_eq!(view_name("RegistrationView"), "Registration");
    }

    #[test]
    fn every_error_is_reported() {
        let item: ItemImpl = syn::parse_quote! {
            impl Other for X {
                fn head(&self) {}
                fn options(&self) {}
            }
        };
        let cx = Ctxt::new();
        parse(&cx, quote!(bogus = [X]), &item);
        let err = cx.check().err().map(|e| e.into_iter().count());
        assert_eq!(err, Some(4));
    }

    #[test]
    fn descriptions_are_dedented() {
        let attrs: Vec<syn::Attribute> = vec![
            syn::parse_quote!(#[doc = " First line."]),
            syn::parse_quote!(#[doc = ""]),
            syn::parse_quote!(#[doc = "     indented"]),
        ];
        assert_eq!(doc_description(&attrs), "First line.\n\n    indented");
    }
}
