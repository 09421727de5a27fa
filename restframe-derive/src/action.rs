//! `#[action(...)]` inside a `#[viewset]` impl: the arguments of DRF's `@action` decorator,
//! parsed into an [`ActionModel`] with every mistake recorded in the shared [`Ctxt`].

use proc_macro2::TokenStream;
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::parse::Parse;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Ident, ImplItemFn, LitBool, LitStr, Token, Type};

use crate::ctxt::Ctxt;

/// The methods an action may map, in DRF's `Allow` order.
pub(crate) const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// The class-list arguments an action takes (DRF's initkwargs overriding the viewset's lists).
pub(crate) const CLASS_ARGS: [(&str, &str, &str); 3] = [
    ("authentication_classes", "authentication", "Authenticators"),
    ("permission_classes", "permissions", "Permissions"),
    ("throttle_classes", "throttles", "Throttles"),
];

/// Everything one `#[action(...)]` says.
pub(crate) struct ActionModel {
    pub(crate) name: String,
    pub(crate) detail: bool,
    pub(crate) methods: Vec<String>,
    pub(crate) url_path: String,
    pub(crate) url_name: String,
    pub(crate) view_name: Option<String>,
    pub(crate) suffix: Option<String>,
    pub(crate) description: Option<String>,
    /// `(argument name, classes)` for the class lists given.
    pub(crate) classes: Vec<(&'static str, Punctuated<Expr, Token![,]>)>,
    /// `serializer_class=` (generic viewsets only).
    pub(crate) serializer: Option<Type>,
}

/// The `#[action]` attribute of a method, if any.
pub(crate) fn find(attrs: &[Attribute]) -> Option<&Attribute> {
    attrs.iter().find(|a| a.path().is_ident("action"))
}

/// Parses `#[action(...)]` on `f` (DRF's decorator defaults applied).
pub(crate) fn parse(cx: &Ctxt, attr: &Attribute, f: &ImplItemFn) -> ActionModel {
    let name = f.sig.ident.to_string();
    let mut detail: Option<bool> = None;
    let mut methods: Option<Vec<String>> = None;
    let mut url_path = None;
    let mut url_name = None;
    let mut view_name: Option<(Ident, String)> = None;
    let mut suffix: Option<(Ident, String)> = None;
    let mut classes: Vec<(&'static str, Punctuated<Expr, Token![,]>)> = Vec::new();
    let mut serializer = None;
    let mut seen: Vec<String> = Vec::new();
    let result = attr.parse_nested_meta(|meta: ParseNestedMeta| {
        let key = meta.path.require_ident()?.clone();
        let key_s = key.to_string();
        if seen.contains(&key_s) {
            cx.error_spanned_by(&key, format_args!("duplicate #[action] argument `{key}`"));
        }
        seen.push(key_s.clone());
        match key_s.as_str() {
            "detail" => detail = Some(meta.value()?.parse::<LitBool>()?.value),
            "methods" => {
                let content;
                let value = meta.value()?;
                syn::bracketed!(content in value);
                let idents = content.parse_terminated(Ident::parse, Token![,])?;
                let mut list = Vec::new();
                for ident in idents {
                    let upper = ident.to_string().to_ascii_uppercase();
                    if METHODS.contains(&upper.as_str()) {
                        list.push(upper);
                    } else {
                        cx.error_spanned_by(
                            &ident,
                            format_args!("unknown HTTP method `{ident}`; expected one of: {}", METHODS.join(", ")),
                        );
                    }
                }
                methods = Some(list);
            }
            "url_path" => url_path = Some(meta.value()?.parse::<LitStr>()?.value()),
            "url_name" => url_name = Some(meta.value()?.parse::<LitStr>()?.value()),
            "name" => view_name = Some((key, meta.value()?.parse::<LitStr>()?.value())),
            "suffix" => suffix = Some((key, meta.value()?.parse::<LitStr>()?.value())),
            "serializer_class" => serializer = Some(meta.value()?.parse::<Type>()?),
            other => match CLASS_ARGS.iter().find(|(arg, _, _)| *arg == other) {
                Some((arg, _, _)) => {
                    let content;
                    let value = meta.value()?;
                    syn::bracketed!(content in value);
                    classes.push((arg, content.parse_terminated(Expr::parse, Token![,])?));
                }
                None => {
                    let mut expected =
                        vec!["detail", "methods", "url_path", "url_name", "name", "suffix", "serializer_class"];
                    expected.extend(CLASS_ARGS.iter().map(|(a, _, _)| *a));
                    return Err(meta.error(format_args!(
                        "unknown #[action] argument `{key}`; expected one of: {}",
                        expected.join(", ")
                    )));
                }
            },
        }
        Ok(())
    });
    if let Err(err) = result {
        cx.syn_error(err);
    }
    if detail.is_none() {
        cx.error_spanned_by(
            attr,
            "#[action] missing required argument: `detail` (`detail = true` or `detail = false`)",
        );
    }
    if let (Some(_), Some((key, _))) = (&view_name, &suffix) {
        cx.error_spanned_by(key, "`name` and `suffix` are mutually exclusive arguments.");
    }
    let mut methods = methods.unwrap_or_else(|| vec!["GET".to_owned()]);
    methods.sort_by_key(|m| METHODS.iter().position(|x| x == m));
    methods.dedup();
    // DRF: `name` defaults to `pretty_name(func.__name__)` unless `name` or `suffix` is given.
    let view_name = match (view_name, &suffix) {
        (Some((_, name)), _) => Some(name),
        (None, Some(_)) => None,
        (None, None) => Some(pretty_name(&name)),
    };
    let description = Some(crate::view::doc_description(&f.attrs)).filter(|d| !d.is_empty());
    ActionModel {
        url_path: url_path.unwrap_or_else(|| name.clone()),
        url_name: url_name.unwrap_or_else(|| name.replace('_', "-")),
        name,
        detail: detail.unwrap_or(false),
        methods,
        view_name,
        suffix: suffix.map(|(_, s)| s),
        description,
        classes,
        serializer,
    }
}

/// Django's `pretty_name`: `top_rated` → `Top rated`.
pub(crate) fn pretty_name(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    }
}

/// One `#[mapping(action, METHOD, ...)]`: DRF's `@action.mapping.<method>`, another method
/// of the same route handled by this function.
pub(crate) struct MappingModel {
    /// The extra action whose route gains the methods.
    pub(crate) target: Ident,
    /// Upper-case method names, in DRF's `Allow` order, each with the user's token.
    pub(crate) methods: Vec<(String, Ident)>,
}

/// The `#[mapping]` attribute of a method, if any.
pub(crate) fn find_mapping(attrs: &[Attribute]) -> Option<&Attribute> {
    attrs.iter().find(|a| a.path().is_ident("mapping"))
}

/// Parses `#[mapping(action, METHOD, ...)]`.
pub(crate) fn parse_mapping(cx: &Ctxt, attr: &Attribute) -> Option<MappingModel> {
    let idents = match attr.parse_args_with(Punctuated::<Ident, Token![,]>::parse_terminated) {
        Ok(idents) => idents,
        Err(err) => {
            cx.syn_error(err);
            return None;
        }
    };
    let mut idents = idents.into_iter();
    let Some(target) = idents.next() else {
        cx.error_spanned_by(attr, "#[mapping] needs the action and its methods: `#[mapping(my_action, DELETE)]`");
        return None;
    };
    let mut methods = Vec::new();
    for ident in idents {
        let upper = ident.to_string().to_ascii_uppercase();
        if !METHODS.contains(&upper.as_str()) {
            cx.error_spanned_by(
                &ident,
                format_args!("unknown HTTP method `{ident}`; expected one of: {}", METHODS.join(", ")),
            );
        } else if methods.iter().any(|(m, _)| *m == upper) {
            cx.error_spanned_by(&ident, format_args!("duplicate method `{ident}`"));
        } else {
            methods.push((upper, ident));
        }
    }
    if methods.is_empty() {
        cx.error_spanned_by(&target, "#[mapping] needs at least one method after the action: `DELETE`");
    }
    methods.sort_by_key(|(m, _)| METHODS.iter().position(|x| x == m));
    Some(MappingModel { target, methods })
}

/// DRF's `MethodMapper` assertions, as compile errors: the action must be an `#[action]` of
/// this block, each method mapped once per route, and the function named apart from the action.
pub(crate) fn check_mappings(cx: &Ctxt, extra: &[(ActionModel, ImplItemFn)], mappings: &[(MappingModel, ImplItemFn)]) {
    for (index, (mapping, f)) in mappings.iter().enumerate() {
        let Some((action, _)) = extra.iter().find(|(a, _)| mapping.target == a.name) else {
            cx.error_spanned_by(
                &mapping.target,
                format_args!("`{}` is not an #[action] of this viewset", mapping.target),
            );
            continue;
        };
        if f.sig.ident == action.name {
            cx.error_spanned_by(
                &f.sig.ident,
                "Method mapping does not behave like the property decorator. You cannot use the same method name for each mapping declaration.",
            );
        }
        if f.sig.asyncness.is_none() {
            cx.error_spanned_by(f.sig.fn_token, "a #[mapping] is an `async fn(&self, request: &Request)`");
        }
        let earlier = mappings[..index].iter().filter(|(m, _)| m.target == mapping.target);
        for (method, token) in &mapping.methods {
            let owner = if action.methods.contains(method) {
                Some(action.name.clone())
            } else {
                earlier
                    .clone()
                    .find(|(m, _)| m.methods.iter().any(|(other, _)| other == method))
                    .map(|(_, g)| g.sig.ident.to_string())
            };
            if let Some(owner) = owner {
                cx.error_spanned_by(
                    token,
                    format_args!("Method '{}' has already been mapped to '.{owner}'.", method.to_ascii_lowercase()),
                );
            }
        }
    }
}

/// `#[mapping]` outside a `#[viewset]` impl: only an error.
pub(crate) fn expand_mapping_alone(input: TokenStream) -> TokenStream {
    let err = syn::Error::new_spanned(
        &input,
        "#[mapping] maps another method of an #[action]'s route inside a `#[viewset]` impl block",
    )
    .into_compile_error();
    quote! { #err #input }
}

/// `#[action]` outside a `#[viewset]` impl: only an error (the viewset macro consumes the
/// attribute before it would run).
pub(crate) fn expand_alone(input: TokenStream) -> TokenStream {
    let err = syn::Error::new_spanned(
        &input,
        "#[action] marks an extra action inside a `#[viewset] impl ViewSet for YourViewSet { ... }` block",
    )
    .into_compile_error();
    quote! { #err #input }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_names_follow_django() {
        assert_eq!(pretty_name("top_rated"), "Top rated");
        assert_eq!(pretty_name("reviews"), "Reviews");
        assert_eq!(pretty_name("set_PASSWORD"), "Set password");
    }

    #[test]
    fn defaults_and_mistakes() {
        let f: ImplItemFn = syn::parse_quote! {
            #[action(detail = true, methods = [post, GTE], name = "X", suffix = "Y", bogus = 1)]
            async fn top_rated(&self) {}
        };
        let cx = Ctxt::new();
        let model = parse(&cx, find(&f.attrs).expect("attr"), &f);
        assert_eq!(model.url_path, "top_rated");
        assert_eq!(model.url_name, "top-rated");
        let errors = cx.check().err().map(|e| e.into_iter().count());
        // GTE, the unknown argument (parsing stops there); name/suffix were both seen.
        assert_eq!(errors, Some(3));
    }
}
