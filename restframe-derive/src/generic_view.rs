//! `#[generic_view(ConcreteView, ...)]`: parse the concrete view's name, DRF's class attributes
//! and the `impl GenericAPIView` block into a [`GenericViewModel`], then emit the impl (with
//! `type Entity` and the lookup methods filled in), the `APIView` impl whose handlers call
//! `restframe::mixins`, and `ViewMeta`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, ImplItem, ItemImpl, LitStr, Token, Type};

use crate::ctxt::Ctxt;
use crate::view::{doc_description, view_name};

/// A handler of a concrete view: the HTTP method's handler name and the mixin call it makes.
struct Handler {
    method: &'static str,
    /// The mixin's action (`list`, `create`, ...): what the OpenAPI document infers from it.
    action: &'static str,
    body: fn() -> TokenStream,
}

const LIST: Handler =
    Handler { method: "get", action: "list", body: || quote!(::restframe::mixins::list(self, request).await) };
const RETRIEVE: Handler =
    Handler { method: "get", action: "retrieve", body: || quote!(::restframe::mixins::retrieve(self, request).await) };
const CREATE: Handler =
    Handler { method: "post", action: "create", body: || quote!(::restframe::mixins::create(self, request).await) };
const UPDATE: Handler = Handler {
    method: "put",
    action: "update",
    body: || quote!(::restframe::mixins::update(self, request, false).await),
};
const PARTIAL_UPDATE: Handler = Handler {
    method: "patch",
    action: "partial_update",
    body: || quote!(::restframe::mixins::update(self, request, true).await),
};
const DESTROY: Handler =
    Handler { method: "delete", action: "destroy", body: || quote!(::restframe::mixins::destroy(self, request).await) };

/// The handler names a concrete view defines (never written in a generic view's impl).
const HANDLER_NAMES: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// DRF's nine concrete generic views and their handlers, in DRF's `Allow` order.
const CONCRETE_VIEWS: &[(&str, &[Handler])] = &[
    ("CreateAPIView", &[CREATE]),
    ("ListAPIView", &[LIST]),
    ("RetrieveAPIView", &[RETRIEVE]),
    ("DestroyAPIView", &[DESTROY]),
    ("UpdateAPIView", &[UPDATE, PARTIAL_UPDATE]),
    ("ListCreateAPIView", &[LIST, CREATE]),
    ("RetrieveUpdateAPIView", &[RETRIEVE, UPDATE, PARTIAL_UPDATE]),
    ("RetrieveDestroyAPIView", &[RETRIEVE, DESTROY]),
    ("RetrieveUpdateDestroyAPIView", &[RETRIEVE, UPDATE, PARTIAL_UPDATE, DESTROY]),
];

/// The `APIView` class-list attributes: `#[api_view(...)]`'s, plus the parser and renderer lists
/// (a generic view's `APIView` impl is generated, so these cannot be written as methods).
const CLASS_LISTS: &[(&str, &str, &str)] = &[
    ("authentication_classes", "authentication", "Authenticators"),
    ("permission_classes", "permissions", "Permissions"),
    ("throttle_classes", "throttling", "Throttles"),
    ("parser_classes", "parsers", "Parsers"),
    ("renderer_classes", "renderers", "Renderers"),
];

const OTHER_OPTIONS: &[&str] = &["throttle_scope", "lookup_field", "lookup_url_kwarg", "model_name"];

/// DRF's `pagination_class`: an expression (a paginator value), written as the `paginator` hook.
const PAGINATION_OPTION: &str = "pagination_class";

/// DRF's `filter_backends`: a list of backend values, written as the `filter_backends` hook.
const FILTER_BACKENDS_OPTION: &str = "filter_backends";

/// The option only a generic viewset takes (its router builds the URL pattern).
pub(crate) const VIEWSET_OPTION: &str = "lookup_value_regex";

/// One `key = value` argument.
pub(crate) enum Arg {
    Classes(Ident, Punctuated<Expr, Token![,]>),
    Field(Ident, Ident),
    Text(Ident, LitStr),
    Value(Ident, Expr),
}

impl Arg {
    pub(crate) fn key(&self) -> &Ident {
        match self {
            Arg::Classes(k, _) | Arg::Field(k, _) | Arg::Text(k, _) | Arg::Value(k, _) => k,
        }
    }

    /// Whether this argument writes the method `name` (`pagination_class` writes `paginator`).
    pub(crate) fn sets(&self, name: &str) -> bool {
        match self {
            Arg::Value(..) => name == "paginator",
            _ => self.key() == name,
        }
    }
}

/// The parsed arguments: the concrete view's (or viewset kind's) name, then `key = value`
/// pairs.
pub(crate) struct Args {
    pub(crate) concrete: Option<Ident>,
    pub(crate) options: Vec<syn::Result<Arg>>,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        Args::parse_for(input, "generic_view")
    }
}

impl Args {
    /// Parses the arguments of `#[generic_view]` or (with `macro_name` `viewset`) a generic
    /// `#[viewset]`, which also takes [`VIEWSET_OPTION`].
    pub(crate) fn parse_for(input: ParseStream, macro_name: &str) -> syn::Result<Self> {
        let viewset = macro_name == "viewset";
        let mut concrete = None;
        let mut options = Vec::new();
        if input.peek(Ident) && !input.peek2(Token![=]) {
            concrete = Some(input.parse()?);
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        while !input.is_empty() {
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let name = key.to_string();
            let arg = if CLASS_LISTS.iter().any(|(n, _, _)| *n == name) || name == FILTER_BACKENDS_OPTION {
                // Parsed as any expression so that a missing list is one error, not the end of
                // the arguments.
                match input.parse::<Expr>()? {
                    Expr::Array(list) => Ok(Arg::Classes(key, list.elems)),
                    other => {
                        Err(syn::Error::new_spanned(other, format!("`{name}` is a list, as in DRF: `{name} = [...]`")))
                    }
                }
            } else if name == "lookup_field" {
                Ok(Arg::Field(key, input.parse()?))
            } else if name == PAGINATION_OPTION {
                Ok(Arg::Value(key, input.parse()?))
            } else if OTHER_OPTIONS.contains(&name.as_str()) || (viewset && name == VIEWSET_OPTION) {
                Ok(Arg::Text(key, input.parse()?))
            } else {
                let _: Expr = input.parse()?;
                let mut expected: Vec<&str> = CLASS_LISTS
                    .iter()
                    .map(|(n, _, _)| *n)
                    .chain(OTHER_OPTIONS.iter().copied())
                    .chain([PAGINATION_OPTION, FILTER_BACKENDS_OPTION])
                    .collect();
                if viewset {
                    expected.push(VIEWSET_OPTION);
                }
                Err(syn::Error::new(
                    key.span(),
                    format!("unknown #[{macro_name}] argument `{key}`; expected one of: {}", expected.join(", ")),
                ))
            };
            options.push(arg);
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(Args { concrete, options })
    }
}

/// What the macro learned.
struct GenericViewModel {
    handlers: &'static [Handler],
    args: Vec<Arg>,
    serializer: Option<Type>,
    has_entity: bool,
    name: String,
    description: String,
}

pub(crate) fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let item = match crate::fallback::parse_impl(
        input,
        "#[generic_view] goes on an `impl GenericAPIView for YourView { ... }` block",
    ) {
        Ok(item) => item,
        Err(tokens) => return tokens,
    };
    let cx = Ctxt::new();
    let model = parse(&cx, args, &item);
    // Everything is emitted even after a mistake, so the real error is not buried under
    // "`APIView` is not implemented" errors where the view is routed.
    let errors = cx.check().err().map(syn::Error::into_compile_error);
    let expanded = emit(item, &model);
    quote! { #errors #expanded }
}

fn parse(cx: &Ctxt, args: TokenStream, item: &ItemImpl) -> GenericViewModel {
    let parsed = match syn::parse2::<Args>(args) {
        Ok(parsed) => parsed,
        Err(err) => {
            cx.syn_error(err);
            Args { concrete: None, options: Vec::new() }
        }
    };
    let names: Vec<&str> = CONCRETE_VIEWS.iter().map(|(n, _)| *n).collect();
    let handlers: &'static [Handler] = match &parsed.concrete {
        Some(ident) => match CONCRETE_VIEWS.iter().find(|(n, _)| ident == n) {
            Some((_, handlers)) => handlers,
            None => {
                cx.error_spanned_by(
                    ident,
                    format_args!("unknown generic view `{ident}`; expected one of: {}", names.join(", ")),
                );
                &[]
            }
        },
        None => {
            cx.syn_error(syn::Error::new(
                Span::call_site(),
                format!("#[generic_view] needs the concrete view first, one of: {}", names.join(", ")),
            ));
            &[]
        }
    };
    let args = collect_args(cx, parsed.options, "generic_view");
    let trait_ok = item
        .trait_
        .as_ref()
        .and_then(|(_, path, _)| path.segments.last())
        .is_some_and(|seg| seg.ident == "GenericAPIView");
    if !trait_ok {
        cx.error_spanned_by(item.impl_token, "#[generic_view] goes on an `impl GenericAPIView for YourView` block");
    }
    let type_name = match item.self_ty.as_ref() {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        other => {
            cx.error_spanned_by(other, "#[generic_view] needs a named view type");
            String::new()
        }
    };
    let mut serializer = None;
    let mut has_entity = false;
    for impl_item in &item.items {
        match impl_item {
            ImplItem::Type(t) if t.ident == "Serializer" => serializer = Some(t.ty.clone()),
            ImplItem::Type(t) if t.ident == "Entity" => has_entity = true,
            ImplItem::Fn(f) => {
                let name = f.sig.ident.to_string();
                if let Some(arg) = args.iter().find(|a| a.sets(&name)) {
                    cx.error_spanned_by(
                        &f.sig.ident,
                        format_args!(
                            "`{name}` is already set by `#[generic_view({} = ...)]`; remove the method or the argument",
                            arg.key()
                        ),
                    );
                }
                if HANDLER_NAMES.contains(&name.as_str()) {
                    cx.error_spanned_by(
                        &f.sig.ident,
                        format_args!(
                            "`{name}` is a handler the concrete view defines; override the hooks (`get_object`, `perform_create`, ...) or write an `APIView`"
                        ),
                    );
                }
            }
            _ => {}
        }
    }
    if serializer.is_none() && trait_ok {
        cx.error_spanned_by(&item.self_ty, "a generic view needs its serializer: add `type Serializer = ...;`");
    }
    GenericViewModel {
        handlers,
        args,
        serializer,
        has_entity,
        name: view_name(&type_name),
        description: doc_description(&item.attrs),
    }
}

fn emit(mut item: ItemImpl, model: &GenericViewModel) -> TokenStream {
    let mut api_methods = generic_items(&mut item, model.serializer.as_ref(), model.has_entity, &model.args);
    for handler in model.handlers {
        let method = format_ident!("{}", handler.method);
        let body = (handler.body)();
        api_methods.push(quote_spanned! {Span::call_site()=>
            async fn #method(
                &self,
                request: &::restframe::request::Request,
            ) -> ::core::result::Result<::restframe::response::Response, ::restframe::exceptions::ApiError> {
                #body
            }
        });
    }
    let list = model.handlers.iter().any(|h| h.action == "list");
    let create = model.handlers.iter().any(|h| h.action == "create");
    api_methods.push(quote_spanned! {Span::call_site()=>
        fn openapi_schema(&self, config: &::restframe::request::RequestConfig) -> ::restframe::views::ViewSchema {
            ::restframe::views::APIView::schema(self).or(::restframe::generics::view_schema::<
                Self,
                <Self as ::restframe::generics::GenericAPIView>::Serializer,
            >(self, config, #list, #create))
        }
    });
    api_methods.push(quote_spanned! {Span::call_site()=>
        async fn metadata_actions(
            &self,
            request: &::restframe::request::Request,
        ) -> ::core::option::Option<::restframe::__private::Value> {
            ::restframe::generics::metadata_actions(self, request, <Self as ::restframe::views::ViewMeta>::HANDLERS).await
        }
    });
    let self_ty = &item.self_ty;
    let (impl_generics, _, where_clause) = item.generics.split_for_impl();
    let name = &model.name;
    let description = &model.description;
    let methods = model.handlers.iter().map(|h| format_ident!("{}", h.method.to_ascii_uppercase()));
    quote! {
        #item

        #[automatically_derived]
        impl #impl_generics ::restframe::views::APIView for #self_ty #where_clause {
            #(#api_methods)*
        }

        #[automatically_derived]
        impl #impl_generics ::restframe::views::ViewMeta for #self_ty #where_clause {
            const NAME: &'static str = #name;
            const DESCRIPTION: &'static str = #description;
            const HANDLERS: ::restframe::methods::MethodFilter = ::restframe::methods::MethodFilter::NONE #(.or(::restframe::methods::MethodFilter::#methods))*;
        }
    }
}

/// The parsed `key = value` arguments, each mistake and duplicate recorded in `cx`.
pub(crate) fn collect_args(cx: &Ctxt, options: Vec<syn::Result<Arg>>, macro_name: &str) -> Vec<Arg> {
    let mut args: Vec<Arg> = Vec::new();
    for arg in options {
        match arg {
            Ok(arg) if args.iter().any(|a| a.key() == arg.key()) => {
                cx.error_spanned_by(arg.key(), format_args!("duplicate #[{macro_name}] argument `{}`", arg.key()));
            }
            Ok(arg) => args.push(arg),
            Err(err) => cx.syn_error(err),
        }
    }
    args
}

/// What `#[generic_view]` and a generic `#[viewset]` share: fills the `impl GenericAPIView`
/// with `type Entity` (from the serializer, unless written) and the `lookup_field`,
/// `lookup_url_kwarg`, `model_name`, `pagination_class` (the `paginator` hook) and
/// `filter_backends` arguments as methods; returns the class-list and
/// `throttle_scope` arguments as methods for the `APIView` / `ViewSet` impl, which both name
/// them alike.
pub(crate) fn generic_items(
    item: &mut ItemImpl,
    serializer: Option<&Type>,
    has_entity: bool,
    args: &[Arg],
) -> Vec<TokenStream> {
    if let (Some(serializer), false) = (serializer, has_entity) {
        let entity: ImplItem = syn::parse_quote! {
            type Entity = ::restframe::generics::EntityOf<#serializer>;
        };
        item.items.insert(0, entity);
    }
    let mut class_methods = Vec::new();
    let mut has_kwarg = false;
    let mut lookup_name = None;
    for arg in args {
        match arg {
            Arg::Classes(key, backends) if key == FILTER_BACKENDS_OPTION => {
                let backends = backends.iter().map(|backend| {
                    quote_spanned! {syn::spanned::Spanned::span(backend)=>
                        ::restframe::__private::filter_backend::<Self, _>(#backend),
                    }
                });
                item.items.push(syn::parse_quote_spanned! {key.span()=>
                    fn filter_backends(&self) -> impl ::restframe::filters::BaseFilterBackend<Self> {
                        (#(#backends)*)
                    }
                });
            }
            Arg::Classes(key, classes) => {
                let Some((_, module, ty)) = CLASS_LISTS.iter().find(|(n, _, _)| key == n) else { continue };
                let list_macro = format_ident!("{}", if *module == "throttling" { "throttles" } else { module });
                let (module, ty) = (format_ident!("{}", module), format_ident!("{}", ty));
                class_methods.push(quote! {
                    fn #key(&self) -> ::restframe::#module::#ty {
                        ::restframe::#list_macro![#classes]
                    }
                });
            }
            Arg::Field(key, field) => {
                lookup_name = Some(field.to_string());
                let method: ImplItem = syn::parse_quote_spanned! {field.span()=>
                    fn #key(&self) -> ::core::option::Option<::restframe::generics::ColumnOf<Self>> {
                        ::restframe::generics::column_named::<<Self as ::restframe::generics::GenericAPIView>::Entity>(
                            <::restframe::generics::ModelOf<Self> as ::restframe::serializers::ModelMeta>::FIELDS.#field.meta.column,
                        )
                    }
                };
                item.items.push(method);
            }
            Arg::Text(key, text) if key == "lookup_url_kwarg" => {
                has_kwarg = true;
                item.items.push(syn::parse_quote! {
                    fn lookup_url_kwarg(&self) -> &str { #text }
                });
            }
            Arg::Text(key, text) if key == "throttle_scope" => {
                class_methods.push(quote! {
                    fn throttle_scope(&self) -> ::core::option::Option<&'static str> {
                        ::core::option::Option::Some(#text)
                    }
                });
            }
            Arg::Text(key, text) if key == "model_name" => {
                item.items.push(syn::parse_quote! {
                    fn model_name(&self) -> ::std::borrow::Cow<'static, str> { ::std::borrow::Cow::Borrowed(#text) }
                });
            }
            // `lookup_value_regex`: the router's, not the view's.
            Arg::Text(..) => {}
            Arg::Value(_, paginator) => {
                item.items.push(syn::parse_quote_spanned! {syn::spanned::Spanned::span(paginator)=>
                    fn paginator(&self) -> impl ::restframe::pagination::BasePagination { #paginator }
                });
            }
        }
    }
    if let (Some(name), false) = (lookup_name, has_kwarg) {
        item.items.push(syn::parse_quote! {
            fn lookup_url_kwarg(&self) -> &str { #name }
        });
    }
    class_methods
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mistake_is_reported() {
        let item: ItemImpl = syn::parse_quote! {
            impl Other for X {
                fn get(&self) {}
            }
        };
        let cx = Ctxt::new();
        parse(&cx, quote!(ListCreateView, permission_classes = [A], permission_classes = [B]), &item);
        let messages: Vec<String> = cx.check().err().into_iter().flatten().map(|e| e.to_string()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].starts_with("unknown generic view `ListCreateView`; expected one of: CreateAPIView"));
        assert_eq!(messages[1], "duplicate #[generic_view] argument `permission_classes`");
    }

    #[test]
    fn filter_backends_is_a_list_and_sets_its_hook() {
        let item: ItemImpl = syn::parse_quote! {
            impl GenericAPIView for X {
                type Serializer = S;
                fn filter_backends(&self) {}
            }
        };
        let cx = Ctxt::new();
        parse(&cx, quote!(ListAPIView, filter_backends = [SearchFilter], filter_backends = SearchFilter), &item);
        let messages: Vec<String> = cx.check().err().into_iter().flatten().map(|e| e.to_string()).collect();
        assert_eq!(
            messages,
            [
                "`filter_backends` is a list, as in DRF: `filter_backends = [...]`",
                "`filter_backends` is already set by `#[generic_view(filter_backends = ...)]`; remove the method or the argument",
            ]
        );
    }

    #[test]
    fn handlers_follow_drf_allow_order() {
        let (_, handlers) = CONCRETE_VIEWS[8];
        let names: Vec<&str> = handlers.iter().map(|h| h.method).collect();
        assert_eq!(names, ["get", "put", "patch", "delete"]);
    }
}
