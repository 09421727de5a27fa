//! `#[api_view(GET, POST)]` on an `async fn`: DRF's `@api_view(['GET', 'POST'])`. The function
//! becomes a unit struct of the same name (so `path("hello/", hello)` routes it, as DRF's
//! decorator returns `WrappedAPIView.as_view()` under the function's name), its body an
//! associated `handler` fn, and every listed method's `APIView` handler calls it.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, ReturnType, Type};

use crate::ctxt::Ctxt;
use crate::view::{METHODS, doc_description, parse_args, view_name};

/// Expands `#[api_view(...)]` on a function.
pub(crate) fn expand(args: TokenStream, item: ItemFn) -> TokenStream {
    let cx = Ctxt::new();
    let args = parse_args(&cx, args);
    let signature_ok = check_signature(&cx, &item);
    // DRF's default: `@api_view()` allows GET only.
    let mut methods: Vec<String> = args.methods.iter().map(ToString::to_string).collect();
    if methods.is_empty() {
        methods.push("GET".to_owned());
    }
    methods.sort_by_key(|m| METHODS.iter().position(|x| x == m));
    // The struct and its impls are emitted even after a mistake, so a `path(..., name)` using
    // the view does not add errors of its own to the real one.
    let errors = cx.check().err().map(syn::Error::into_compile_error);
    let settings = args.methods_tokens(&[]);
    let expanded = emit(item, &methods, &settings, signature_ok);
    quote! { #errors #expanded }
}

/// The shape DRF's function views have in restframe: `async fn name(request: &Request) ->
/// Result<Response, ApiError>`. The types themselves are checked by the compiler, at the
/// user's tokens (see [`emit`]). Returns whether the shape was right.
fn check_signature(cx: &Ctxt, item: &ItemFn) -> bool {
    let mut ok = true;
    let mut error = |tokens: &dyn quote::ToTokens, msg: &str| {
        ok = false;
        cx.error_spanned_by(tokens.to_token_stream(), msg);
    };
    let sig = &item.sig;
    if sig.asyncness.is_none() {
        error(&sig.fn_token, "a function view is an `async fn name(request: &Request) -> Result<Response, ApiError>`");
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        error(&sig.generics, "a function view cannot be generic");
    }
    let inputs: Vec<&FnArg> = sig.inputs.iter().collect();
    match inputs.as_slice() {
        [FnArg::Typed(arg)] => {
            if !matches!(*arg.ty, Type::Reference(_)) {
                error(&arg.ty, "a function view takes the request by reference: `request: &Request`");
            }
        }
        [FnArg::Receiver(receiver)] => error(receiver, "a function view takes `request: &Request`, not `self`"),
        [] => error(&sig.ident, "a function view takes one argument: `request: &Request`"),
        _ => error(&sig.inputs, "a function view takes one argument: `request: &Request`"),
    }
    if matches!(sig.output, ReturnType::Default) {
        error(&sig.ident, "a function view returns `Result<Response, ApiError>`");
    }
    ok
}

/// The struct, its `handler`, `APIView` and `ViewMeta`. After a signature error the `APIView`
/// impl has no handlers, so that error is the only one reported.
fn emit(item: ItemFn, methods: &[String], settings: &[syn::ImplItem], signature_ok: bool) -> TokenStream {
    let ItemFn { attrs, vis, sig, block } = item;
    let name = &sig.ident;
    let (docs, other_attrs): (Vec<_>, Vec<_>) = attrs.into_iter().partition(|a| a.path().is_ident("doc"));
    let view_name = view_name(&name.unraw().to_string());
    let description = doc_description(&docs);
    let inputs = &sig.inputs;
    let output = &sig.output;
    // `handler` is async even when the fn was not (already an error), so that mistake is the
    // only one reported. The calls carry the spans of the user's argument and return types, so
    // a wrong type is reported there rather than at the macro.
    let arg_span = inputs.first().map_or_else(|| sig.ident.span(), Spanned::span);
    let output_span = match output {
        ReturnType::Type(_, ty) => ty.span(),
        ReturnType::Default => sig.ident.span(),
    };
    let call = quote_spanned!(arg_span=> #name::handler(request));
    let call = quote_spanned!(output_span=> {
        let response = #call.await;
        response
    });
    let mut handlers: Vec<&str> = Vec::new();
    for handler in methods.iter().map(|m| handler_name(m)) {
        if !handlers.contains(&handler) {
            handlers.push(handler);
        }
    }
    if !signature_ok {
        handlers.clear();
    }
    let handler_fns = handlers.iter().map(|h| {
        let h = format_ident!("{}", h, span = Span::call_site());
        quote! {
            async fn #h(&self, request: &::restframe::request::Request)
                -> ::std::result::Result<::restframe::response::Response, ::restframe::exceptions::ApiError> {
                #call
            }
        }
    });
    // After a signature error nothing calls `handler`; it is still emitted so its body is
    // checked and the user's imports stay used.
    let unused = (!signature_ok).then(|| quote!(#[allow(dead_code)]));
    let filters = methods.iter().map(|m| format_ident!("{}", m));
    quote! {
        #(#docs)*
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug)]
        #vis struct #name;

        #unused
        impl #name {
            /// The function view's body; `#[api_view]` routes the listed methods here.
            #(#other_attrs)*
            #vis async fn handler(#inputs) #output #block
        }

        #[automatically_derived]
        impl ::restframe::views::APIView for #name {
            #(#settings)*
            #(#handler_fns)*
        }

        #[automatically_derived]
        impl ::restframe::views::ViewMeta for #name {
            const NAME: &'static str = #view_name;
            const DESCRIPTION: &'static str = #description;
            const HANDLERS: ::restframe::methods::MethodFilter =
                ::restframe::methods::MethodFilter::NONE #(.or(::restframe::methods::MethodFilter::#filters))*;
            const HEAD_FROM_GET: bool = false;
        }
    }
}

/// The `APIView` handler a listed method names; `HEAD` reaches the view through `get`
/// (`DynView::call`).
fn handler_name(method: &str) -> &'static str {
    match method {
        "POST" => "post",
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => "get",
    }
}
