//! Fields of a `#[derive(ModelSerializer)]` that read other rows or the whole instance: DRF's
//! dotted `source = "author.name"` (a `ReadOnlyField` through foreign keys), `source = "*"`, and
//! nested serializers on a relation (`#[field(nested)] author: AuthorSerializer`,
//! `#[field(nested, many)] books: Vec<BookSerializer>`), plus the `url` field of a hyperlinked
//! serializer (DRF's `HyperlinkedModelSerializer`).
//!
//! Every hop goes through the model's typed relations (`<Model as ModelMeta>::RELS.author`,
//! then `target_rels(&...).next`), each name spanned at the `source` literal, so a misspelled
//! relation or field is a compile error there; the declared type is checked against the target
//! column's, and a nested serializer's instance type against the relation's target. A const
//! assertion keeps dotted paths on to-one relations and `many` on to-many ones. Everything a
//! page renders is prefetched once: one statement per relation on the path, shared by the
//! fields that go through it.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, LitStr, Type};

use crate::attr::FieldAttrs;
use crate::spec::generic_inner;

/// What a field reached through relations renders.
pub(super) enum Target {
    /// A column of the last related row (`author.name`).
    Column(Ident),
    /// A nested serializer of the last related row(s), or of the instance itself (no hops).
    Nested { serializer: Box<Type>, many: bool },
}

/// A dotted `source`, `source = "*"` or a nested serializer field.
pub(super) struct Reach {
    /// The relations followed, in order (empty for `source = "*"`).
    pub hops: Vec<Ident>,
    pub target: Target,
    /// Where errors about the path point: the `source` literal, else the field name.
    pub span: Span,
    /// The path as written, for messages (`author.name`).
    pub path: String,
}

impl Reach {
    /// A `nested, many` field (a list of related rows).
    pub(super) fn is_many(&self) -> bool {
        matches!(self.target, Target::Nested { many: true, .. })
    }
}

/// The [`Reach`] of field `name`, if it reads other rows: a `nested` field (on the relation of
/// its own name, or its `source`), or a `source` with a dot or `*`. `None` for plain columns.
pub(super) fn reach(name: &Ident, ty: Option<&Type>, attrs: &FieldAttrs) -> Option<Reach> {
    let source = attrs.source.as_ref().map(|s| &s.value);
    let written = source.map_or_else(|| crate::spec::field_key(name), LitStr::value);
    let span = source.map_or_else(|| name.span(), LitStr::span);
    let dotted = written.contains('.') || written == "*";
    if attrs.nested.is_none() && !dotted {
        return None;
    }
    let segments: Vec<Ident> = if written == "*" {
        Vec::new()
    } else {
        written.split('.').map(|s| Ident::new(s.trim_start_matches("r#"), span)).collect()
    };
    let target = match (attrs.nested.as_ref(), ty) {
        (Some(_), Some(ty)) => {
            let many = attrs.many.is_some();
            let inner = if many { generic_inner(ty, "Vec") } else { generic_inner(ty, "Option") };
            Target::Nested { serializer: Box::new(inner.unwrap_or(ty).clone()), many }
        }
        // Checked: a nested field is a struct field.
        (Some(_), None) => return None,
        (None, _) => Target::Column(segments.last()?.clone()),
    };
    let hops = match target {
        Target::Column(_) => segments[..segments.len() - 1].to_vec(),
        Target::Nested { .. } => segments,
    };
    Some(Reach { hops, target, span, path: written })
}

/// Whether `path` is a valid dotted source: `*`, or names separated by single dots.
pub(super) fn valid_path(path: &str) -> bool {
    path == "*" || path.split('.').all(|segment| syn::parse_str::<Ident>(segment).is_ok())
}

/// The relation after the first `k` hops: `RELS.a`, then `target_rels(&RELS.a).b`, ...
fn relation(meta_head: &TokenStream, hops: &[Ident]) -> TokenStream {
    let p = quote!(::restframe::__private);
    let (first, rest) = hops.split_first().expect("a relation path has a first hop");
    let mut expr = quote!(#meta_head::RELS.#first);
    for hop in rest {
        expr = quote!(#p::target_rels(&#expr).#hop);
    }
    expr
}

impl Reach {
    fn relation(&self, meta_head: &TokenStream, hops: usize) -> TokenStream {
        relation(meta_head, &self.hops[..hops])
    }

    /// The target column's metadata expression (`Column(_)` only).
    fn column(&self, meta_head: &TokenStream, column: &Ident) -> TokenStream {
        let p = quote!(::restframe::__private);
        if self.hops.is_empty() {
            return quote!(#meta_head::FIELDS.#column);
        }
        let rel = self.relation(meta_head, self.hops.len());
        quote!(#p::target_fields(&#rel).#column)
    }

    /// The field's `FieldSpec` const: DRF's `ReadOnlyField` (rendered as the target column,
    /// read-only, `allow_null` only when asked) or a read-only nested serializer.
    pub(super) fn spec(
        &self,
        meta_head: &TokenStream,
        spec_ident: &Ident,
        key: &str,
        attrs: Option<&FieldAttrs>,
        overrides: TokenStream,
    ) -> TokenStream {
        let mut overrides = overrides;
        if attrs.is_none_or(|a| a.read_only.is_none()) {
            overrides.extend(quote!(read_only: true,));
        }
        if attrs.is_none_or(|a| a.required.is_none()) {
            overrides.extend(quote!(required: false,));
        }
        if attrs.is_none_or(|a| a.allow_null.is_none()) {
            overrides.extend(quote!(allow_null: false,));
        }
        // DRF's `ReadOnlyField` has none of the column's limits; the column's kind only says how
        // its value renders.
        if let (Target::Column(column), true) = (&self.target, attrs.is_none_or(|a| a.kind.is_none())) {
            let col = self.column(meta_head, column);
            overrides.extend(quote!(kind: #col.meta.kind,));
        }
        let base = quote!(::restframe::fields::FieldSpec::new(#key));
        quote! {
            const #spec_ident: ::restframe::fields::FieldSpec = ::restframe::fields::FieldSpec { #overrides ..#base };
        }
    }

    /// Compile-time checks: the declared type against the target column's (or the nested
    /// serializer against the relation's target), and one const assertion per hop on its kind.
    pub(super) fn checks(&self, meta_head: &TokenStream, ty: Option<&Type>) -> TokenStream {
        let p = quote!(::restframe::__private);
        let mut out = TokenStream::new();
        let nested_many = matches!(self.target, Target::Nested { many: true, .. });
        for k in 1..=self.hops.len() {
            let rel = self.relation(meta_head, k);
            let last_nested = k == self.hops.len() && matches!(self.target, Target::Nested { .. });
            let (want_to_one, message) = match (last_nested, nested_many) {
                (true, true) => (false, format!("`{}` is a foreign key: drop `many`", self.hops[k - 1])),
                (true, false) => {
                    (true, format!("`{}` reaches many rows: a nested serializer on it needs `many`", self.hops[k - 1]))
                }
                _ => (
                    true,
                    format!(
                        "`source = \"{}\"` goes through `{}`, which reaches many rows: a dotted source follows \
                         foreign keys only (use a nested serializer with `many`)",
                        self.path,
                        self.hops[k - 1]
                    ),
                ),
            };
            out.extend(quote_spanned! {self.span=>
                const _: () = ::core::assert!(#p::is_to_one(&#rel) == #want_to_one, #message);
            });
        }
        let check = match (&self.target, ty) {
            (Target::Column(column), Some(ty)) => {
                let col = self.column(meta_head, column);
                let get = Ident::new("__get", ty.span());
                quote! {
                    const _: fn() = || {
                        let #get = #col.get;
                        let _: fn(&_) -> &#ty = #get;
                    };
                }
            }
            // A nested serializer's model is checked where it renders and prefetches (`NestedOf`).
            (Target::Nested { .. }, _) => TokenStream::new(),
            (Target::Column(_), None) => TokenStream::new(),
        };
        out.extend(check);
        out
    }

    /// The `render` statement: follows each hop from the instance (`__i`) and hands the value,
    /// or `None` when a foreign key on the way is null, to `Output::reached`.
    pub(super) fn output(&self, meta_head: &TokenStream, spec_ident: &Ident) -> TokenStream {
        let p = quote!(::restframe::__private);
        let var = |k: usize| if k == 0 { format_ident!("__i") } else { format_ident!("__x{}", k) };
        let (mut value, followed) = match &self.target {
            Target::Column(column) => {
                let col = self.column(meta_head, column);
                let x = var(self.hops.len());
                let value = quote! {
                    ::core::option::Option::Some(::restframe::fields::Represent::represent((#col.get)(#x), &#spec_ident))
                };
                (value, self.hops.len())
            }
            Target::Nested { serializer, .. } if self.hops.is_empty() => {
                let render = quote_spanned!(serializer.span()=> <#serializer as #p::NestedOf<__Model>>::render_row);
                let value = quote!(::core::option::Option::Some(#render(__i, __ctx)));
                (value, 0)
            }
            Target::Nested { serializer, many } => {
                let n = self.hops.len();
                let (rel, x) = (self.relation(meta_head, n), var(n - 1));
                let render = if *many { quote!(nested_many) } else { quote!(nested_one) };
                // A serializer of another model is one error per use: all at its type.
                let render = quote_spanned!(serializer.span()=> #p::#render::<#serializer, _, _>);
                (quote!(::core::option::Option::Some(#render(&#rel, #x, __ctx))), n - 1)
            }
        };
        for k in (1..=followed).rev() {
            let (rel, from, to) = (self.relation(meta_head, k), var(k - 1), var(k));
            value = quote!(#p::follow(&#rel, #from, __ctx, |#to| #value));
        }
        quote!(__o.reached(&#spec_ident, #value);)
    }

    /// DRF's `SimpleMetadata` entry: `field` for a `ReadOnlyField` (documented in OpenAPI as
    /// the target model field), `nested object` with its `children` for a nested serializer.
    pub(super) fn info(&self, meta_head: &TokenStream, key: &str, spec_ident: &Ident) -> TokenStream {
        match &self.target {
            Target::Column(column) => {
                let col = self.column(meta_head, column);
                quote!((#key, ::restframe::metadata::source_field_info(&#spec_ident, &#col.meta)))
            }
            Target::Nested { serializer, many } => {
                quote!((#key, ::restframe::metadata::nested_info::<#serializer>(&#spec_ident, #many)))
            }
        }
    }
}

/// One node of the prefetch plan: the relations followed from here, and the nested serializers
/// whose own `prefetch` runs on the rows loaded here.
#[derive(Default)]
struct Node {
    children: Vec<(Ident, Node)>,
    serializers: Vec<Type>,
}

impl Node {
    fn child(&mut self, hop: &Ident) -> &mut Node {
        let at = match self.children.iter().position(|(name, _)| name == hop) {
            Some(at) => at,
            None => {
                self.children.push((hop.clone(), Node::default()));
                self.children.len() - 1
            }
        };
        &mut self.children[at].1
    }
}

/// The `prefetch` statements of every reached field: one `Related::prefetch` per distinct
/// relation path (so `author.name` and `author.bio` share one statement), each on the rows the
/// previous hop loaded, then each nested serializer's own `prefetch` on its rows.
pub(super) fn prefetch<'a>(meta_head: &TokenStream, reaches: impl Iterator<Item = &'a Reach>) -> TokenStream {
    let mut root = Node::default();
    for reach in reaches {
        let mut node = &mut root;
        for hop in &reach.hops {
            node = node.child(hop);
        }
        if let Target::Nested { serializer, .. } = &reach.target {
            node.serializers.push((**serializer).clone());
        }
    }
    let mut counter = 0;
    emit_node(meta_head, &root, &[], &quote!(__is), &mut counter)
}

/// The statements of one plan node; `rows` is the slice of instances it starts from.
fn emit_node(
    meta_head: &TokenStream,
    node: &Node,
    path: &[Ident],
    rows: &TokenStream,
    counter: &mut usize,
) -> TokenStream {
    let mut out = TokenStream::new();
    for (hop, child) in &node.children {
        let mut path = path.to_vec();
        path.push(hop.clone());
        let rel = relation(meta_head, &path);
        if child.children.is_empty() && child.serializers.is_empty() {
            out.extend(quote!(#rel.prefetch(#rows, __ctx).await?;));
            continue;
        }
        *counter += 1;
        let (loaded, list) = (format_ident!("__loaded{}", counter), format_ident!("__rows{}", counter));
        let inner = emit_node(meta_head, child, &path, &quote!(&#list), counter);
        out.extend(quote! {
            {
                let #loaded = #rel.prefetch(#rows, __ctx).await?;
                let #list: ::std::vec::Vec<&_> = #loaded.rows().collect();
                #inner
            }
        });
    }
    for serializer in &node.serializers {
        let prefetch =
            quote_spanned!(serializer.span()=> <#serializer as ::restframe::__private::NestedOf<_>>::prefetch_rows);
        out.extend(quote!(#prefetch(#rows, __ctx).await?;));
    }
    out
}

/// The `render` statement of a hyperlinked serializer's `url` field: DRF's `build_url_field`,
/// a `HyperlinkedIdentityField` on `<model_name>-detail` unless `extra_kwargs` give
/// `view_name`, `lookup_field` or `lookup_url_kwarg`.
///
/// TODO (merge with the relational fields): DRF's `serializer_related_field` of a hyperlinked
/// serializer is `HyperlinkedRelatedField`, so its forward relations render as URLs; they are
/// still primary keys here.
pub(super) fn url_output(spec_ident: &Ident, attrs: Option<&FieldAttrs>) -> TokenStream {
    let opt = |lit: Option<&LitStr>| match lit {
        Some(lit) => quote!(::core::option::Option::Some(#lit)),
        None => quote!(::core::option::Option::None),
    };
    let view_name = opt(attrs.and_then(|a| a.view_name.as_ref()).map(|s| &s.value));
    let lookup_field = opt(attrs.and_then(|a| a.lookup_field.as_ref()).map(|s| &s.value));
    let lookup_url_kwarg = opt(attrs.and_then(|a| a.lookup_url_kwarg.as_ref()).map(|s| &s.value));
    quote! {
        __o.field(
            &#spec_ident,
            &::restframe::__private::model_url::<__Model>(__i, __ctx, #view_name, #lookup_field, #lookup_url_kwarg),
        );
    }
}

/// A hyperlinked `url` field's `lookup_field` must name a model field: checked through
/// `FIELDS.<name>` at the literal.
pub(super) fn url_checks(meta_head: &TokenStream, attrs: Option<&FieldAttrs>) -> Option<TokenStream> {
    let lookup = &attrs?.lookup_field.as_ref()?.value;
    let field =
        syn::parse_str::<Ident>(&lookup.value()).ok().map(|ident| Ident::new(&ident.to_string(), lookup.span()))?;
    Some(quote!(const _: ::restframe::serializers::ModelField = #meta_head::FIELDS.#field.meta;))
}
