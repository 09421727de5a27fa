//! `#[derive(FilterSet)]`: django-filter's declarative `FilterSet`. The container's
//! `#[filterset(fields(...))]` is `Meta.fields` (a name, or a name with its lookups:
//! `pages(exact, gte)`); each named struct field is a declared filter whose type is its class
//! (`NumberFilter`, ...) and whose `#[filter(field_name = "...", lookup_expr = "...")]` says
//! what it filters (`distinct` too; `choices(("a", "A"))` or `choices("a", "b")` for a
//! `ChoiceFilter`). Parsed into a small model, checked (lookups are Django's names), emitted as
//! an `impl FilterSetClass` building the `FilterSet`.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Type};

use crate::ctxt::Ctxt;
use crate::dummy::wrap_in_const;

/// The lookups django-filter knows, as `restframe::django_filters::LookupExpr` variants.
const LOOKUPS: &[(&str, &str)] = &[
    ("exact", "Exact"),
    ("iexact", "IExact"),
    ("contains", "Contains"),
    ("icontains", "IContains"),
    ("startswith", "StartsWith"),
    ("istartswith", "IStartsWith"),
    ("endswith", "EndsWith"),
    ("iendswith", "IEndsWith"),
    ("in", "In"),
    ("gt", "Gt"),
    ("gte", "Gte"),
    ("lt", "Lt"),
    ("lte", "Lte"),
    ("isnull", "IsNull"),
    ("range", "Range"),
];

/// One `Meta.fields` entry: the model path and its lookups (`exact` alone for a bare name).
struct MetaField {
    path: String,
    lookups: Vec<(String, Span)>,
}

/// One declared filter.
struct Declared {
    name: String,
    ty: Type,
    member: syn::Member,
    field_name: Option<LitStr>,
    lookup_expr: Option<LitStr>,
    distinct: bool,
    /// `choices=...` of a `ChoiceFilter`: the choices' values.
    choices: Option<Vec<LitStr>>,
    /// Their labels, when given as `(value, "label")` pairs.
    choice_labels: Vec<LitStr>,
}

/// The parsed `#[derive(FilterSet)]` input.
struct Model {
    meta_fields: Vec<MetaField>,
    declared: Vec<Declared>,
}

pub(crate) fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let model = parse(&cx, input);
    check(&cx, &model);
    cx.check()?;
    Ok(emit(input, &model))
}

fn parse(cx: &Ctxt, input: &DeriveInput) -> Model {
    let mut model = Model { meta_fields: Vec::new(), declared: Vec::new() };
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("filterset")) {
        let result = attr.parse_nested_meta(|meta| {
            if !meta.path.is_ident("fields") {
                return Err(meta.error("unknown filterset option; expected `fields(...)`"));
            }
            meta.parse_nested_meta(|entry| {
                let path = entry
                    .path
                    .get_ident()
                    .map(ToString::to_string)
                    .ok_or_else(|| entry.error("expected a field name"))?;
                let mut lookups = Vec::new();
                if entry.input.peek(syn::token::Paren) {
                    entry.parse_nested_meta(|lookup| {
                        let name = lookup.path.get_ident().ok_or_else(|| lookup.error("expected a lookup"))?;
                        lookups.push((name.to_string(), name.span()));
                        Ok(())
                    })?;
                } else {
                    lookups.push(("exact".to_owned(), entry.path.span()));
                }
                model.meta_fields.push(MetaField { path, lookups });
                Ok(())
            })
        });
        if let Err(err) = result {
            cx.syn_error(err);
        }
    }
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => named.named.iter().collect(),
            Fields::Unit => Vec::new(),
            Fields::Unnamed(_) => {
                cx.error_spanned_by(&data.fields, "a FilterSet's filters are named fields (or none: `struct F;`)");
                Vec::new()
            }
        },
        _ => {
            cx.error_spanned_by(&input.ident, "#[derive(FilterSet)] is for structs");
            Vec::new()
        }
    };
    for field in fields {
        let Some(ident) = &field.ident else { continue };
        let mut declared = Declared {
            name: ident.to_string().trim_start_matches("r#").to_owned(),
            ty: field.ty.clone(),
            member: syn::Member::Named(ident.clone()),
            field_name: None,
            lookup_expr: None,
            distinct: false,
            choices: None,
            choice_labels: Vec::new(),
        };
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("filter")) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("field_name") {
                    declared.field_name = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("lookup_expr") {
                    declared.lookup_expr = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("distinct") {
                    // `distinct` alone or `distinct = true/false`, as Django's `distinct=True`.
                    declared.distinct =
                        !meta.input.peek(syn::Token![=]) || meta.value()?.parse::<syn::LitBool>()?.value;
                } else if meta.path.is_ident("choices") {
                    let list = crate::attr::parse_choice_list(&meta)?;
                    if !list.ints.is_empty() {
                        return Err(
                            meta.error("a `ChoiceFilter`'s `choices` are strings (`choices((\"draft\", \"Draft\"))`)")
                        );
                    }
                    declared.choices = Some(list.strings);
                    declared.choice_labels = list.labels.unwrap_or_default();
                } else {
                    return Err(meta.error(
                        "unknown filter option; expected `field_name`, `lookup_expr`, `distinct` or `choices`",
                    ));
                }
                Ok(())
            });
            if let Err(err) = result {
                cx.syn_error(err);
            }
        }
        model.declared.push(declared);
    }
    model
}

fn lookup_variant(name: &str) -> Option<&'static str> {
    LOOKUPS.iter().find(|(django, _)| *django == name).map(|(_, variant)| *variant)
}

fn unknown_lookup(name: &str) -> String {
    let names: Vec<&str> = LOOKUPS.iter().map(|(django, _)| *django).collect();
    format!("unknown lookup `{name}`; expected one of: {}", names.join(", "))
}

fn check(cx: &Ctxt, model: &Model) {
    for field in &model.meta_fields {
        for (lookup, span) in &field.lookups {
            if lookup_variant(lookup).is_none() {
                cx.syn_error(syn::Error::new(*span, unknown_lookup(lookup)));
            }
        }
    }
    for declared in &model.declared {
        if let Some(lookup) = &declared.lookup_expr
            && lookup_variant(&lookup.value()).is_none()
        {
            cx.error_spanned_by(lookup, unknown_lookup(&lookup.value()));
        }
    }
}

fn lookup_tokens(name: &str) -> TokenStream {
    let variant = Ident::new(lookup_variant(name).unwrap_or("Exact"), Span::call_site());
    quote!(::restframe::django_filters::LookupExpr::#variant)
}

fn emit(input: &DeriveInput, model: &Model) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let meta = model.meta_fields.iter().flat_map(|field| {
        field.lookups.iter().map(move |(lookup, _)| {
            let path = &field.path;
            let name = if lookup == "exact" { path.clone() } else { format!("{path}__{lookup}") };
            let lookup = lookup_tokens(lookup);
            quote!(.filter(#name, ::restframe::django_filters::Filter::new(#path).lookup_expr(#lookup)))
        })
    });
    let declared = model.declared.iter().map(|declared| {
        let name = &declared.name;
        let field_name = declared.field_name.as_ref().map_or_else(|| name.clone(), LitStr::value);
        let lookup = lookup_tokens(&declared.lookup_expr.as_ref().map_or_else(|| "exact".to_owned(), LitStr::value));
        let ty = &declared.ty;
        let distinct = declared.distinct;
        let labels = &declared.choice_labels;
        let class = match &declared.choices {
            Some(choices) => quote!(::restframe::django_filters::FilterClass::Choice(&[#(#choices),*])),
            None => quote!(<#ty as ::restframe::django_filters::FilterType>::CLASS),
        };
        quote! {
            .filter(
                #name,
                ::restframe::django_filters::Filter::new(#field_name)
                    .with_class(#class)
                    .lookup_expr(#lookup)
                    .distinct(#distinct)
                    .choice_labels(&[#(#labels),*]),
            )
        }
    });
    let members = model.declared.iter().map(|declared| &declared.member);
    wrap_in_const(quote! {
        impl #impl_generics ::restframe::django_filters::FilterSetClass for #ident #ty_generics #where_clause {
            fn filterset() -> ::restframe::django_filters::FilterSet {
                ::restframe::django_filters::FilterSet::new() #(#meta)* #(#declared)*
            }
        }

        impl #impl_generics #ident #ty_generics #where_clause {
            // The filters are declared as fields but never read; reading them here keeps the
            // user's crate free of `dead_code` warnings (an `allow(dead_code)` item is live).
            #[allow(dead_code)]
            fn __restframe_filters(&self) {
                let _ = (#(&self.#members,)*);
            }
        }
    })
}
