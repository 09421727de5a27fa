//! `#[api_view]` on an `impl APIView` block: parse the arguments and the impl block into a
//! [`ViewModel`], then emit `ViewMeta` plus the class-list methods the arguments name. The
//! arguments (shared with the fn form in [`crate::fn_view`]) and DRF's view name and description
//! live here too.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::parse::Parse;
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, ImplItem, ItemImpl, LitStr, Token, Type};

use crate::ctxt::Ctxt;

/// Handler names in DRF's `Allow` order.
const HANDLERS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The methods a function view may list, in DRF's `Allow` order (`OPTIONS` is always allowed).
pub(crate) const METHODS: [&str; 6] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/// One `#[api_view(...)]` class-list argument: DRF's class attribute (and policy decorator),
/// the `APIView` method it generates and the macro building that method's list.
pub(crate) struct ClassOption {
    name: &'static str,
    returns: fn() -> TokenStream,
    list_macro: fn() -> TokenStream,
}

/// The class-list arguments `#[api_view]` takes; this table drives parsing, the generated
/// methods and the "expected one of" hint.
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
    ClassOption {
        name: "parser_classes",
        returns: || quote!(::restframe::parsers::Parsers),
        list_macro: || quote!(::restframe::parsers!),
    },
    ClassOption {
        name: "renderer_classes",
        returns: || quote!(::restframe::renderers::Renderers),
        list_macro: || quote!(::restframe::renderers!),
    },
];

/// The one argument that is not a class list. DRF has no decorator for it, but `@api_view`
/// copies a `throttle_scope` attribute from the function, so it is an argument here.
const THROTTLE_SCOPE: &str = "throttle_scope";

/// A class list given as an argument: which option, its key (for spans) and the classes.
pub(crate) struct ClassList {
    option: &'static ClassOption,
    key: Ident,
    classes: Punctuated<Expr, Token![,]>,
}

/// The parsed `#[api_view(...)]` arguments: bare method names (the fn form's
/// `@api_view(['GET', 'POST'])`), then `key = value` settings.
pub(crate) struct Args {
    pub(crate) methods: Vec<Ident>,
    class_lists: Vec<ClassList>,
    throttle_scope: Option<(Ident, LitStr)>,
}

impl Args {
    /// The `APIView` methods the settings generate, skipping those named in `defined` (the
    /// impl form reports those as conflicts instead).
    pub(crate) fn methods_tokens(&self, defined: &[String]) -> Vec<ImplItem> {
        let mut items: Vec<ImplItem> = Vec::new();
        for list in self.class_lists.iter().filter(|l| !defined.iter().any(|d| d == l.option.name)) {
            let (key, classes) = (&list.key, &list.classes);
            let (returns, list_macro) = ((list.option.returns)(), (list.option.list_macro)());
            items.push(syn::parse_quote! {
                fn #key(&self) -> #returns {
                    #list_macro[#classes]
                }
            });
        }
        if let Some((key, scope)) =
            self.throttle_scope.as_ref().filter(|_| !defined.iter().any(|d| d == THROTTLE_SCOPE))
        {
            items.push(syn::parse_quote! {
                fn #key(&self) -> ::std::option::Option<&'static str> {
                    ::std::option::Option::Some(#scope)
                }
            });
        }
        items
    }

    /// The keys of the settings given, for conflict checks.
    fn setting_keys(&self) -> impl Iterator<Item = &Ident> {
        self.class_lists.iter().map(|l| &l.key).chain(self.throttle_scope.as_ref().map(|(k, _)| k))
    }
}

/// What the macro learned from the arguments and the impl block.
struct ViewModel {
    name: String,
    description: String,
    handlers: Vec<String>,
    args: Args,
}

/// Expands `#[api_view]` on an `impl APIView` block.
pub(crate) fn expand(args: TokenStream, item: ItemImpl) -> TokenStream {
    let cx = Ctxt::new();
    let model = parse(&cx, args, &item);
    // The impl and `ViewMeta` are emitted even after a mistake, so routing the view does not
    // add "`ViewMeta` is not implemented" errors to the real one.
    let errors = cx.check().err().map(syn::Error::into_compile_error);
    let expanded = emit(item, &model);
    quote! { #errors #expanded }
}

/// Parses the arguments of either form; every mistake is recorded in `cx` and parsing goes on.
pub(crate) fn parse_args(cx: &Ctxt, args: TokenStream) -> Args {
    let mut parsed = Args { methods: Vec::new(), class_lists: Vec::new(), throttle_scope: None };
    let parser = syn::meta::parser(|meta: ParseNestedMeta| {
        let key = meta.path.require_ident()?.clone();
        if !meta.input.peek(Token![=]) {
            method_arg(cx, &mut parsed.methods, key);
            return Ok(());
        }
        let duplicate = parsed.setting_keys().any(|k| *k == key);
        if key == THROTTLE_SCOPE {
            let scope: LitStr = meta.value()?.parse()?;
            if !duplicate {
                parsed.throttle_scope = Some((key.clone(), scope));
            }
        } else {
            let Some(option) = CLASS_OPTIONS.iter().find(|o| key == o.name) else {
                let expected: Vec<&str> = CLASS_OPTIONS.iter().map(|o| o.name).chain([THROTTLE_SCOPE]).collect();
                return Err(meta.error(format_args!(
                    "unknown #[api_view] argument `{key}`; expected one of: {}",
                    expected.join(", ")
                )));
            };
            let value = meta.value()?;
            let content;
            syn::bracketed!(content in value);
            let classes = content.parse_terminated(Expr::parse, Token![,])?;
            if !duplicate {
                parsed.class_lists.push(ClassList { option, key: key.clone(), classes });
            }
        }
        if duplicate {
            cx.error_spanned_by(&key, format_args!("duplicate #[api_view] argument `{key}`"));
        }
        Ok(())
    });
    if let Err(err) = syn::parse::Parser::parse2(parser, args) {
        cx.syn_error(err);
    }
    parsed
}

/// Records a bare method name (`GET`), rejecting unknown and repeated ones.
fn method_arg(cx: &Ctxt, methods: &mut Vec<Ident>, key: Ident) {
    let name = key.to_string();
    if name == "OPTIONS" {
        cx.error_spanned_by(&key, "OPTIONS is always allowed and answered with DRF's metadata; remove it");
    } else if !METHODS.contains(&name.as_str()) {
        cx.error_spanned_by(&key, format_args!("unknown HTTP method `{key}`; expected one of: {}", METHODS.join(", ")));
    } else if methods.contains(&key) {
        cx.error_spanned_by(&key, format_args!("duplicate HTTP method `{key}`"));
    } else {
        methods.push(key);
    }
}

fn parse(cx: &Ctxt, args: TokenStream, item: &ItemImpl) -> ViewModel {
    let args = parse_args(cx, args);
    for method in &args.methods {
        cx.error_spanned_by(
            method,
            format_args!(
                "`{method}` lists a function view's methods; on an `impl APIView` block the handlers \
                 (`async fn get`, `async fn post`, ...) are the methods"
            ),
        );
    }
    let trait_ok =
        item.trait_.as_ref().and_then(|(_, path, _)| path.segments.last()).is_some_and(|seg| seg.ident == "APIView");
    if !trait_ok {
        cx.error_spanned_by(
            item.impl_token,
            "#[api_view] goes on an `impl APIView for YourView` block, not on an inherent impl or another trait",
        );
    }
    let type_name = match item.self_ty.as_ref() {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.unraw().to_string()).unwrap_or_default(),
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
        if let Some(key) = args.setting_keys().find(|k| **k == name) {
            let hint = if name == THROTTLE_SCOPE { "\"...\"" } else { "[...]" };
            cx.error_spanned_by(
                &f.sig.ident,
                format_args!(
                    "`{name}` is already set by `#[api_view({key} = {hint})]`; remove the method or the argument"
                ),
            );
        }
        if HANDLERS.contains(&name.as_str()) {
            handlers.push(name);
        }
    }
    handlers.sort_by_key(|h| HANDLERS.iter().position(|x| x == h));
    ViewModel { name: view_name(&type_name), description: doc_description(&item.attrs), handlers, args }
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
    for (index, method) in model.args.methods_tokens(&defined).into_iter().enumerate() {
        item.items.insert(index, method);
    }
    let self_ty = &item.self_ty;
    let (impl_generics, _, where_clause) = item.generics.split_for_impl();
    let name = &model.name;
    let description = &model.description;
    let handlers = model.handlers.iter().map(|h| quote::format_ident!("{}", h.to_ascii_uppercase()));
    let handler_docs = handler_docs(&item);
    let meta = quote! {
        #[automatically_derived]
        impl #impl_generics ::restframe::views::ViewMeta for #self_ty #where_clause {
            const NAME: &'static str = #name;
            const DESCRIPTION: &'static str = #description;
            const HANDLERS: ::restframe::methods::MethodFilter = ::restframe::methods::MethodFilter::NONE #(.or(::restframe::methods::MethodFilter::#handlers))*;
            const HANDLER_DOCS: &'static [(&'static str, &'static str)] = &[#handler_docs];
        }
    };
    let mut out = item.into_token_stream();
    out.extend(meta);
    out
}

/// `("post", "Handles post request logic")` for each handler with a doc comment: the
/// operation description drf-spectacular takes from a method's docstring before the class's.
fn handler_docs(item: &ItemImpl) -> TokenStream {
    let docs = item.items.iter().filter_map(|i| match i {
        ImplItem::Fn(f) if HANDLERS.contains(&f.sig.ident.to_string().as_str()) => {
            let doc = doc_description(&f.attrs);
            let name = f.sig.ident.to_string();
            (!doc.is_empty()).then(|| quote!((#name, #doc)))
        }
        _ => None,
    });
    quote!(#(#docs),*)
}

/// DRF's `get_view_name` for a class (or, for a function view, the function) named
/// `type_name`: `remove_trailing_string` of `View` then `ViewSet` (never the whole name), then
/// `camelcase_to_spaces`: a space before each capital that follows a lower-case letter or
/// precedes a non-capital, underscores to spaces, then Python's `str.title()`.
pub(crate) fn view_name(type_name: &str) -> String {
    let trimmed = remove_trailing_string(type_name, "View");
    let trimmed = remove_trailing_string(trimmed, "ViewSet");
    let chars: Vec<char> = trimmed.chars().collect();
    let mut spaced = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let after_lower = i > 0 && chars[i - 1].is_ascii_lowercase();
            let before_non_capital = chars.get(i + 1).is_some_and(|n| !n.is_ascii_uppercase());
            if after_lower || before_non_capital {
                spaced.push(' ');
            }
        }
        spaced.push(c);
    }
    // DRF strips before turning underscores into spaces, so `_private` keeps its leading space.
    title(&spaced.trim().replace('_', " "))
}

/// DRF's `formatting.remove_trailing_string`: a name that is only the suffix keeps it.
fn remove_trailing_string<'a>(content: &'a str, trailing: &str) -> &'a str {
    match content.strip_suffix(trailing) {
        Some(rest) if !rest.is_empty() => rest,
        _ => content,
    }
}

/// Python's `str.title()`: a cased letter is upper-case after an uncased character (digit,
/// space, start) and lower-case after a cased one. Rust's upper-case mapping stands in for
/// Python's title-case one, which only differs for a few non-ASCII letters (`ǆ`, `ß`).
fn title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_cased = false;
    for c in text.chars() {
        if after_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        after_cased = c.is_lowercase() || c.is_uppercase();
    }
    out
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

    /// Each expected name was printed by DRF 3.18's `camelcase_to_spaces(remove_trailing_string(
    /// remove_trailing_string(name, 'View'), 'ViewSet'))`, what `get_view_name` does for a class or
    /// for `@api_view`'s `WrappedAPIView` (named after the function).
    #[test]
    fn view_names_follow_drf() {
        let recorded = [
            ("HelloView", "Hello"),
            ("ObtainAuthToken", "Obtain Auth Token"),
            ("ThingList", "Thing List"),
            ("HTTPView", "Http"),
            ("UserViewSet", "User"),
            ("APIRootView", "Api Root"),
            ("HTTPViewSet", "Http"),
            ("UserProfileViewSet", "User Profile"),
            ("My_thingViewSet", "My Thing"),
            ("RegistrationView", "Registration"),
            ("hello_world", "Hello World"),
            ("View", "View"),
            ("ViewSet", "View Set"),
            ("_private", " Private"),
            ("get_v2_api", "Get V2 Api"),
            ("XMLHttpRequest", "Xml Http Request"),
            ("ABCView", "Abc"),
            ("my__view", "My  View"),
            ("Résumé", "Résumé"),
            ("aB", "A B"),
            ("don_tStop", "Don T Stop"),
        ];
        for (name, drf) in recorded {
            assert_eq!(view_name(name), drf, "{name}");
        }
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
        parse(&cx, quote!(GET, bogus = [X]), &item);
        let err = cx.check().err().map(|e| e.into_iter().count());
        assert_eq!(err, Some(5));
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
