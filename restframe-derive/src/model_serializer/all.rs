//! The model's field list (`fields = "__all__"`, `exclude(...)`, and which listed names are
//! foreign keys or many-to-many fields) comes from the model, which a derive on the serializer
//! cannot see. `#[derive(ModelMeta)]` therefore also emits a macro that hands the model's field
//! names to `model_serializer_fields!`, which runs this derive again with them (the "callback
//! macro" pattern). The macro is exported under a crate-unique name and re-exported next to the
//! model under the model's own name in the macro namespace (`book::Model!`), so the serializer
//! calls it through the model path exactly as written: a module path, a `use` alias, a path into
//! another crate (`restframe::auth::User`). A `type` alias does not carry the macro.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;
use syn::{DeriveInput, Ident, LitStr, Path, Token, parse_quote};

use super::parse::{Container, Declared};
use crate::attr::{IdentityAttrs, RelatedAttrs, Spanned};
use crate::ctxt::Ctxt;

/// The model's field names as its `ModelMeta` derive passes them: the primary key, the other
/// plain fields in declaration order, then the foreign keys under their relation names (DRF's
/// `model_info.pk`, `model_info.fields` and `model_info.forward_relations`), plus what a model
/// serializer builds for each forward relation (many-to-many fields come last, DRF's order).
pub(super) struct ModelFields {
    pk: Ident,
    fields: Vec<Ident>,
    pub(super) relations: Vec<RelationEntry>,
}

/// One forward relation as `#[derive(ModelMeta)]` hands it to the serializer derive:
/// `author("author", required)`, `genres("genre", many)` (DRF's `build_relational_field` and
/// `get_relation_kwargs` inputs).
pub(crate) struct RelationEntry {
    /// The relation's name (`author`, `genres`).
    pub name: Ident,
    /// The target's model name (`author`): the default `view_name` is `<model_name>-detail`.
    pub model_name: String,
    /// A many-to-many field.
    pub many: bool,
    /// Neither `blank`, nullable nor defaulted (DRF's `required=False` otherwise; for a
    /// many-to-many field also `allow_empty=False`).
    pub required: bool,
    /// A nullable foreign key (`allow_null=True`).
    pub null: bool,
}

impl RelationEntry {
    fn tokens(&self) -> TokenStream {
        let (name, model_name) = (&self.name, &self.model_name);
        let flags = [("many", self.many), ("required", self.required), ("null", self.null)]
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(flag, _)| format_ident!("{flag}"));
        quote!(#name(#model_name #(, #flags)*))
    }
}

impl Parse for RelationEntry {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name = input.parse()?;
        let content;
        syn::parenthesized!(content in input);
        let model_name = content.parse::<syn::LitStr>()?.value();
        let mut entry = Self { name, model_name, many: false, required: false, null: false };
        while content.parse::<Option<Token![,]>>()?.is_some() {
            let flag: Ident = content.parse()?;
            match flag.to_string().as_str() {
                "many" => entry.many = true,
                "required" => entry.required = true,
                "null" => entry.null = true,
                _ => return Err(syn::Error::new(flag.span(), "expected `many`, `required` or `null`")),
            }
        }
        Ok(entry)
    }
}

/// `pk = id, fields = [a, b]; <the serializer struct>`, the callback macro's input.
pub(crate) struct CallbackInput {
    pub(super) model: ModelFields,
    pub(super) input: DeriveInput,
}

impl Parse for CallbackInput {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let key: Ident = input.parse()?;
        if key != "pk" {
            return Err(syn::Error::new(key.span(), "expected `pk`"));
        }
        input.parse::<Token![=]>()?;
        let pk = input.parse()?;
        input.parse::<Token![,]>()?;
        let key: Ident = input.parse()?;
        if key != "fields" {
            return Err(syn::Error::new(key.span(), "expected `fields`"));
        }
        input.parse::<Token![=]>()?;
        let content;
        syn::bracketed!(content in input);
        let fields = Punctuated::<Ident, Token![,]>::parse_terminated(&content)?.into_iter().collect();
        input.parse::<Token![,]>()?;
        let key: Ident = input.parse()?;
        if key != "relations" {
            return Err(syn::Error::new(key.span(), "expected `relations`"));
        }
        input.parse::<Token![=]>()?;
        let content;
        syn::bracketed!(content in input);
        let relations = Punctuated::<RelationEntry, Token![,]>::parse_terminated(&content)?.into_iter().collect();
        input.parse::<Token![;]>()?;
        Ok(Self { model: ModelFields { pk, fields, relations }, input: input.parse()? })
    }
}

/// The call of the model's field-list macro with the serializer's tokens: the macro has the
/// model's own name (in the macro namespace), so the model path as written reaches it, through
/// `use` aliases and from other crates alike.
pub(super) fn callback(model: &Path, input: &DeriveInput) -> TokenStream {
    let mut path = model.clone();
    if let Some(last) = path.segments.last_mut() {
        last.arguments = syn::PathArguments::None;
    }
    // A model without `#[derive(ModelMeta)]` has no such macro: say what is missing, besides
    // rustc's "cannot find `Model`".
    let has_meta = quote_spanned!(model.span()=> ::restframe::__private::assert_model_meta::<#model>);
    quote_spanned! {model.span()=>
        const _: fn() = #has_meta;
        #path! { #input }
    }
}

/// DRF's `get_field_names` for `__all__` and `exclude`: the primary key, the declared fields,
/// then the model's other fields (the first occurrence of a name wins), minus `exclude`.
pub(super) fn field_names(
    cx: &Ctxt,
    input: &DeriveInput,
    c: &Container,
    declared: &[Declared],
    model: &ModelFields,
) -> Vec<Ident> {
    let mut names: Vec<Ident> = Vec::new();
    let struct_fields = declared.iter().filter(|d| d.ty.is_some()).map(|d| &d.ident);
    // DRF's `HyperlinkedModelSerializer.get_default_field_names`: the `url` field instead of the
    // primary key.
    let first = match &c.hyperlinked {
        Some(key) => Ident::new(&c.url_field_name(), key.span()),
        None => model.pk.clone(),
    };
    let many_to_many = model.relations.iter().filter(|r| r.many).map(|r| &r.name);
    for name in std::iter::once(&first).chain(struct_fields).chain(&model.fields).chain(many_to_many) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    let Some((_, exclude)) = &c.exclude else {
        return names;
    };
    let serializer = &input.ident;
    for name in exclude {
        if declared.iter().any(|d| d.ty.is_some() && d.ident == *name) {
            cx.error_spanned_by(
                name,
                format!(
                    "Cannot both declare the field '{name}' and include it in the {serializer} 'exclude' option. \
                     Remove the field or, if inherited from a parent serializer, disable with `{name} = None`."
                ),
            );
        } else if let Some(at) = names.iter().position(|n| n == name) {
            names.remove(at);
        } else {
            cx.error_spanned_by(
                name,
                format!(
                    "The field '{name}' was included on serializer {serializer} in the 'exclude' option, but does \
                     not match any model field."
                ),
            );
        }
    }
    names
}

/// DRF's `build_relational_field` for the forward relations listed in `names` that the
/// serializer does not declare as struct fields: `PrimaryKeyRelatedField(many=True,
/// queryset=...)` for a many-to-many field, and in a hyperlinked serializer
/// `HyperlinkedRelatedField(view_name='<model_name>-detail', queryset=...)` for every relation,
/// with `get_relation_kwargs`' `required`/`allow_null`/`allow_empty`. They are added as
/// `extra_kwargs`-like entries, merged with the user's own entry (`view_name`, `lookup_field`
/// and `lookup_url_kwarg` configure the hyperlink, as in DRF). A plain serializer's foreign key
/// stays its column, which already is DRF's `PrimaryKeyRelatedField`.
pub(super) fn relation_fields(c: &Container, names: &[Ident], declared: &mut Vec<Declared>, model: &ModelFields) {
    for relation in &model.relations {
        let Some(listed) = names.iter().find(|name| **name == relation.name) else { continue };
        if let Some((_, depth @ 1..)) = c.depth {
            nested_field(relation, listed, depth - 1, declared);
            continue;
        }
        if !relation.many && c.hyperlinked.is_none() {
            continue;
        }
        let at = declared.iter().position(|d| d.ident == relation.name);
        // A declared struct field, or an entry choosing its own relational class, wins.
        if at.is_some_and(|i| declared[i].ty.is_some() || declared[i].attrs.related.is_some()) {
            continue;
        }
        let mut attrs = at.map(|i| declared.remove(i).attrs).unwrap_or_default();
        let span = listed.span();
        let related = if c.hyperlinked.is_some() {
            let default_view = || LitStr::new(&format!("{}-detail", relation.model_name), span);
            RelatedAttrs::Hyperlink(IdentityAttrs {
                view_name: Some(attrs.view_name.take().map_or_else(default_view, |s| s.value)),
                lookup_field: attrs.lookup_field.take().map(|s| s.value),
                lookup_url_kwarg: attrs.lookup_url_kwarg.take().map(|s| s.value),
            })
        } else {
            RelatedAttrs::PrimaryKey
        };
        attrs.related = Some(Spanned { value: related, span });
        if relation.many {
            attrs.many.get_or_insert(Spanned { value: (), span });
        }
        if c.read_only.contains(&relation.name) {
            attrs.read_only.get_or_insert(Spanned { value: (), span });
        }
        if attrs.read_only.is_none() {
            attrs
                .queryset
                .get_or_insert_with(|| Spanned { value: parse_quote!(::restframe::relations::all_rows), span });
            if !relation.required {
                attrs.required.get_or_insert(Spanned { value: false, span });
            }
            if relation.many && relation.required {
                attrs.allow_empty.get_or_insert(Spanned { value: false, span });
            }
        }
        if relation.null {
            attrs.allow_null.get_or_insert(Spanned { value: true, span });
        }
        declared.push(Declared { ident: relation.name.clone(), ty: None, attrs });
    }
}

/// DRF's `build_nested_field` for a listed forward relation of a serializer with `depth`: a
/// read-only nested serializer of the related model, `depth` levels deep. A declared struct
/// field or an entry choosing its own relational class wins, as DRF's declared fields do.
fn nested_field(relation: &RelationEntry, listed: &Ident, depth: u8, declared: &mut Vec<Declared>) {
    let at = declared.iter().position(|d| d.ident == relation.name);
    if at.is_some_and(|i| declared[i].ty.is_some() || declared[i].attrs.related.is_some()) {
        return;
    }
    let mut attrs = at.map(|i| declared.remove(i).attrs).unwrap_or_default();
    let span = listed.span();
    attrs.nested_depth = Some(Spanned { value: (depth, relation.many), span });
    declared.push(Declared { ident: relation.name.clone(), ty: None, attrs });
}

/// The items `#[derive(ModelMeta)]` adds for model struct `ident` of table `table`: the
/// field-list macro, exported under a crate-unique name, and its re-export under the model's
/// own name next to the model (`book::Model!`), visible as far as the model is.
pub(crate) fn model_macro(
    ident: &Ident,
    vis: &syn::Visibility,
    table: &str,
    pk: &Ident,
    fields: &[Ident],
    relations: &[RelationEntry],
) -> TokenStream {
    // `#[macro_export]` puts the macro at the crate root, where two models' macros must not
    // clash: the table and struct name plus a per-compilation counter keep the name unique.
    static EXPORTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let serial = EXPORTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let table: String = table.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let name = format_ident!("__restframe_fields_of_{}_{}_{}", table, ident, serial);
    let relations = relations.iter().map(RelationEntry::tokens);
    quote! {
        #[doc(hidden)]
        #[macro_export]
        macro_rules! #name {
            ($($input:tt)*) => {
                ::restframe::__private::model_serializer_fields! {
                    pk = #pk, fields = [#(#fields),*], relations = [#(#relations),*]; $($input)*
                }
            };
        }
        #[doc(hidden)]
        #[allow(unused_imports)]
        #vis use #name as #ident;
    }
}
