//! The relation declarations of `#[derive(ModelMeta)]`, emitted as `ModelMeta::RELATIONS`.
//!
//! A forward foreign key lives on its column (`#[restframe(foreign_key = super::author::Model)]
//! pub author_id: i32`, Django's `author = ForeignKey(Author)`); many-to-many fields and
//! reverse relations have no column on the model, so they are declared on the struct
//! (`#[restframe(many_to_many(genres = super::genre::Model), reverse(books = super::book::Model))]`).
//! Column names default to Django's (`<model>_id`, `<app>_<model>_<field>`), where `<model>` is
//! the last `_`-separated part of a table name (`library_book` → `book`) or the module of a
//! target path (`super::genre::Model` → `genre`).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::meta::ParseNestedMeta;
use syn::{LitStr, Path};

use crate::attr::skip_value;
use crate::ctxt::Ctxt;

/// The foreign-key options of one field: `foreign_key = Path`, `relation_name = "..."`,
/// `to_field = "..."`.
#[derive(Default)]
pub(super) struct ForeignKeyAttrs {
    pub target: Option<Path>,
    pub relation_name: Option<LitStr>,
    pub to_field: Option<LitStr>,
}

impl ForeignKeyAttrs {
    /// `foreign_key = path::Model`.
    pub(super) fn parse_target(&mut self, meta: &ParseNestedMeta) -> syn::Result<()> {
        self.target = Some(meta.value()?.parse()?);
        Ok(())
    }

    /// `relation_name = "author"` / `to_field = "slug"`.
    pub(super) fn parse_str(slot: &mut Option<LitStr>, meta: &ParseNestedMeta) -> syn::Result<()> {
        *slot = Some(meta.value()?.parse()?);
        Ok(())
    }
}

/// One relation ready to emit.
pub(super) struct Relation {
    name: String,
    span: Span,
    target: Path,
    kind: Kind,
    /// Django's `blank=True` on a many-to-many field (`required=False` in a model serializer).
    blank: bool,
}

enum Kind {
    ForeignKey { column: String, to_field: Option<String> },
    ManyToMany { through: String, source_column: String, target_column: String },
    ReverseForeignKey { column: String },
}

/// `library_book` → `book` (Django's default table is `<app_label>_<model_name>`, and model
/// names have no underscore).
fn model_name_of_table(table: &str) -> &str {
    table.rsplit('_').next().unwrap_or(table)
}

/// `super::genre::Model` → `genre` (sea-orm puts each entity in a module named after it).
fn model_name_of_path(path: &Path) -> String {
    let segments: Vec<_> = path.segments.iter().collect();
    let segment = if segments.len() >= 2 { segments[segments.len() - 2] } else { segments[0] };
    segment.ident.to_string().trim_start_matches("r#").to_lowercase()
}

impl Relation {
    /// The relation's name (`author`).
    pub(super) fn name(&self) -> &str {
        &self.name
    }

    /// The forward foreign key declared on field `field` (stored in `column`).
    pub(super) fn foreign_key(cx: &Ctxt, field: &syn::Ident, column: &str, attrs: ForeignKeyAttrs) -> Option<Self> {
        let Some(target) = attrs.target else {
            for lit in [&attrs.relation_name, &attrs.to_field].into_iter().flatten() {
                cx.error_spanned_by(lit, "`relation_name` and `to_field` go with `foreign_key = path::Model`");
            }
            return None;
        };
        let field_name = field.to_string().trim_start_matches("r#").to_owned();
        let name = match (&attrs.relation_name, field_name.strip_suffix("_id")) {
            (Some(lit), _) => lit.value(),
            (None, Some(stem)) if !stem.is_empty() => stem.to_owned(),
            (None, _) => {
                cx.error_spanned_by(
                    &target,
                    "name the relation (`relation_name = \"author\"`): its name is the field's without `_id`, and this field does not end in `_id`",
                );
                return None;
            }
        };
        let kind = Kind::ForeignKey { column: column.to_owned(), to_field: attrs.to_field.map(|lit| lit.value()) };
        Some(Relation { name, span: field.span(), target, kind, blank: false })
    }

    /// Parses one struct-level `many_to_many(name = path, through = "...", source_column =
    /// "...", target_column = "...", blank)` or `reverse(name = path, column = "...")`.
    pub(super) fn parse_model_option(cx: &Ctxt, meta: &ParseNestedMeta, table: &str) -> syn::Result<Option<Self>> {
        let many_to_many = meta.path.is_ident("many_to_many");
        let mut head: Option<(String, Span, Path)> = None;
        let mut options: Vec<(String, LitStr)> = Vec::new();
        let mut blank = false;
        let allowed: &[&str] =
            if many_to_many { &["through", "source_column", "target_column", "blank"] } else { &["column"] };
        meta.parse_nested_meta(|inner| {
            let key = inner.path.get_ident().map(ToString::to_string).unwrap_or_default();
            if many_to_many && key == "blank" && !inner.input.peek(syn::Token![=]) {
                blank = true;
            } else if allowed.contains(&key.as_str()) {
                options.push((key, inner.value()?.parse()?));
            } else if head.is_none() && inner.input.peek(syn::Token![=]) {
                let span = inner.path.get_ident().map(syn::Ident::span).unwrap_or_else(Span::call_site);
                head = Some((key, span, inner.value()?.parse()?));
            } else {
                cx.syn_error(inner.error(format_args!(
                    "unknown option `{key}`; expected `name = path::Model` once, and any of: {}",
                    allowed.join(", ")
                )));
                skip_value(&inner)?;
            }
            Ok(())
        })?;
        let Some((name, span, target)) = head else {
            return Err(meta.error("expected `name = path::Model`, e.g. `genres = super::genre::Model`"));
        };
        let option = |key: &str| options.iter().find(|(k, _)| k == key).map(|(_, lit)| lit.value());
        let own_column = format!("{}_id", model_name_of_table(table));
        let kind = if many_to_many {
            Kind::ManyToMany {
                through: option("through").unwrap_or_else(|| format!("{table}_{name}")),
                source_column: option("source_column").unwrap_or(own_column),
                target_column: option("target_column").unwrap_or_else(|| format!("{}_id", model_name_of_path(&target))),
            }
        } else {
            Kind::ReverseForeignKey { column: option("column").unwrap_or(own_column) }
        };
        Ok(Some(Relation { name, span, target, kind, blank }))
    }

    /// The model name of the target (`super::genre::Model` → `genre`): DRF's default
    /// `view_name` of a hyperlinked relation is `<model_name>-detail`.
    pub(super) fn target_model_name(&self) -> String {
        model_name_of_path(&self.target)
    }

    /// Whether this is a forward many-to-many field of the model with table `table`: the model
    /// declaring a `ManyToManyField` owns its join table, whose name starts with the model's
    /// table (`library_book_genres` on `library_book`); the reverse side names another model's
    /// table in `through` (the rule the schema planner also uses).
    pub(super) fn is_forward_many_to_many(&self, table: &str) -> bool {
        matches!(&self.kind, Kind::ManyToMany { through, .. }
            if through.strip_prefix(table).is_some_and(|rest| rest.starts_with('_')))
    }

    /// `blank` on a many-to-many field.
    pub(super) fn blank(&self) -> bool {
        self.blank
    }
}

/// `const RELATIONS` for the impl, after checking that no name is declared twice.
pub(super) fn emit(cx: &Ctxt, relations: &[Relation]) -> TokenStream {
    for (i, relation) in relations.iter().enumerate() {
        if relations[..i].iter().any(|earlier| earlier.name == relation.name) {
            cx.syn_error(syn::Error::new(relation.span, format_args!("duplicate relation `{}`", relation.name)));
        }
    }
    let items = relations.iter().map(|relation| {
        let (name, target) = (&relation.name, &relation.target);
        let meta = quote!(<#target as ::restframe::serializers::ModelMeta>);
        let kind = match &relation.kind {
            Kind::ForeignKey { column, to_field } => {
                let target_column = match to_field {
                    Some(to_field) => quote!(#to_field),
                    None => quote!(#meta::PK_COLUMN),
                };
                quote!(::restframe::serializers::RelationKind::ForeignKey {
                    column: #column,
                    target_column: #target_column,
                })
            }
            Kind::ManyToMany { through, source_column, target_column } => {
                quote!(::restframe::serializers::RelationKind::ManyToMany {
                    through: #through,
                    source_column: #source_column,
                    target_column: #target_column,
                })
            }
            Kind::ReverseForeignKey { column } => {
                quote!(::restframe::serializers::RelationKind::ReverseForeignKey { column: #column })
            }
        };
        quote!(::restframe::serializers::ModelRelation { name: #name, kind: #kind, related: #meta::info })
    });
    quote! {
        const RELATIONS: &'static [::restframe::serializers::ModelRelation] = &[#(#items),*];
    }
}

/// `<Model>Relations`: one typed [`Related`](restframe::relations::Related) member per relation
/// (`RELS.author`, `RELS.genres`), which prefetching and rendering name with the target's type.
/// Returns the struct's name, the struct and its initialiser.
pub(super) fn typed(
    model: &syn::Ident,
    vis: &syn::Visibility,
    relations: &[Relation],
) -> (syn::Ident, TokenStream, TokenStream) {
    let ident = format_ident!("{}Relations", model);
    let members = relations.iter().map(|relation| {
        let member = format_ident!("{}", relation.name, span = relation.span);
        let target = &relation.target;
        let doc = format!("The relation `{}`.", relation.name);
        quote! {
            #[doc = #doc]
            pub #member: ::restframe::relations::Related<#model, #target>
        }
    });
    let inits = relations.iter().enumerate().map(|(index, relation)| {
        let member = format_ident!("{}", relation.name, span = relation.span);
        quote! {
            #member: ::restframe::relations::Related::new(
                &<#model as ::restframe::serializers::ModelMeta>::RELATIONS[#index],
            )
        }
    });
    let doc = format!("The relations of [`{model}`], typed by their target (generated by `#[derive(ModelMeta)]`).");
    let item = quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, Debug)]
        #vis struct #ident { #(#members),* }
    };
    (ident.clone(), item, quote!(#ident { #(#inits),* }))
}

/// The fields of `ModelMeta::NESTED` (DRF's `depth` serializer of the model): the primary key
/// and plain columns, then the foreign keys, then the model's own many-to-many fields.
#[derive(Default)]
pub(super) struct Nested {
    columns: Vec<syn::Ident>,
    foreign_keys: Vec<(usize, syn::Ident)>,
    many_to_many: Vec<(usize, String, bool)>,
}

impl Nested {
    /// A plain column, by its `ModelField` const.
    pub(super) fn column(&mut self, meta: syn::Ident) {
        self.columns.push(meta);
    }

    /// The foreign key `RELATIONS[index]`, whose relation field is the const `meta`.
    pub(super) fn foreign_key(&mut self, index: usize, meta: syn::Ident) {
        self.foreign_keys.push((index, meta));
    }

    /// The many-to-many field `RELATIONS[index]` named `name` (`blank`: not required).
    pub(super) fn many_to_many(&mut self, index: usize, name: &str, blank: bool) {
        self.many_to_many.push((index, name.to_owned(), blank));
    }

    /// `const NESTED` for the `NestedModel` impl.
    pub(super) fn emit(&self, relations: &[Relation]) -> TokenStream {
        let meta = quote!(<Self as ::restframe::serializers::ModelMeta>);
        let depth = quote!(::restframe::relations::depth);
        let member = |index: usize| format_ident!("{}", relations[index].name, span = relations[index].span);
        let columns = self.columns.iter().map(|c| quote!(#depth::NestedField::Column(#c)));
        let foreign_keys = self.foreign_keys.iter().map(|(index, field)| {
            let member = member(*index);
            quote!(#depth::NestedField::Relation(#depth::NestedRelation::new(#meta::RELS.#member, #field)))
        });
        let many_to_many = self.many_to_many.iter().map(|(index, name, blank)| {
            let member = member(*index);
            quote!(#depth::NestedField::Relation(#depth::NestedRelation::new(
                #meta::RELS.#member,
                ::restframe::serializers::ModelField {
                    blank: #blank,
                    relation: ::core::option::Option::Some(&#meta::RELATIONS[#index]),
                    ..::restframe::serializers::ModelField::new(#name, "", "")
                },
            )))
        });
        quote! {
            const NESTED: &'static [#depth::NestedField<Self>] = &[#(#columns,)* #(#foreign_keys,)* #(#many_to_many),*];
        }
    }
}
