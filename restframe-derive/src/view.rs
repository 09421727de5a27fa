//! `#[api_view]`: parse the impl block into a [`ViewModel`], then emit `ViewMeta`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{ImplItem, ItemImpl, Type};

/// Handler names in DRF's `Allow` order.
const HANDLERS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// What the macro learned from the impl block.
struct ViewModel {
    name: String,
    description: String,
    handlers: Vec<String>,
}

pub fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: ItemImpl = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(_) => {
            let err = syn::Error::new(input.span(), "#[api_view] goes on an `impl APIView for YourView { ... }` block");
            let err = err.into_compile_error();
            return quote! { #err #input };
        }
    };
    match parse(&args, &item) {
        Ok(model) => emit(&item, &model),
        Err(err) => {
            let err = err.into_compile_error();
            quote! { #err #item }
        }
    }
}

/// Collects every problem with its span (serde_derive's `Ctxt` idea), reported together.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, err: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(err),
            None => self.0 = Some(err),
        }
    }
}

fn parse(args: &TokenStream, item: &ItemImpl) -> syn::Result<ViewModel> {
    let mut errors = Errors::default();
    if !args.is_empty() {
        errors.push(syn::Error::new_spanned(args, "#[api_view] takes no arguments"));
    }
    let trait_ok =
        item.trait_.as_ref().and_then(|(_, path, _)| path.segments.last()).is_some_and(|seg| seg.ident == "APIView");
    if !trait_ok {
        errors.push(syn::Error::new_spanned(
            item.impl_token,
            "#[api_view] goes on an `impl APIView for YourView` block, not on an inherent impl or another trait",
        ));
    }
    let type_name = match item.self_ty.as_ref() {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        other => {
            errors.push(syn::Error::new_spanned(other, "#[api_view] needs a named view type"));
            String::new()
        }
    };
    let mut handlers = Vec::new();
    for impl_item in &item.items {
        if let ImplItem::Fn(f) = impl_item {
            let name = f.sig.ident.to_string();
            if name == "head" || name == "options" {
                errors.push(syn::Error::new_spanned(
                    &f.sig.ident,
                    "restframe answers HEAD with `get` and OPTIONS with DRF's metadata; define `get` or `metadata_actions` instead",
                ));
            }
            if HANDLERS.contains(&name.as_str()) {
                handlers.push(name);
            }
        }
    }
    if let Some(err) = errors.0 {
        return Err(err);
    }
    handlers.sort_by_key(|h| HANDLERS.iter().position(|x| x == h));
    Ok(ViewModel { name: view_name(&type_name), description: doc_description(&item.attrs), handlers })
}

fn emit(item: &ItemImpl, model: &ViewModel) -> TokenStream {
    let self_ty = &item.self_ty;
    let (impl_generics, _, where_clause) = item.generics.split_for_impl();
    let name = &model.name;
    let description = &model.description;
    let handlers = model.handlers.iter().map(|h| quote::format_ident!("{}", h.to_ascii_uppercase()));
    quote! {
        #item
        impl #impl_generics ::restframe::views::ViewMeta for #self_ty #where_clause {
            const NAME: &'static str = #name;
            const DESCRIPTION: &'static str = #description;
            const HANDLERS: ::restframe::methods::MethodFilter = ::restframe::methods::MethodFilter::NONE #(.or(::restframe::methods::MethodFilter::#handlers))*;
        }
    }
}

/// DRF's `get_view_name`: drop a trailing `View` / `ViewSet`, then `camelcase_to_spaces`.
fn view_name(type_name: &str) -> String {
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
fn doc_description(attrs: &[syn::Attribute]) -> String {
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
        let err = parse(&quote!(bogus), &item).err().map(|e| e.into_iter().count());
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
