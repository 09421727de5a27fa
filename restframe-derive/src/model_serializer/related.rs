//! Relational fields of `#[derive(ModelSerializer)]` (DRF's `PrimaryKeyRelatedField`,
//! `SlugRelatedField`, `HyperlinkedRelatedField`, `StringRelatedField`, with `many`): each is a
//! `restframe::relations::RelatedField` built from the model's typed relation
//! (`<Model as ModelMeta>::RELS.<name>`, or `reverse_of = other::Model::RELS.<fk>` reversed), and
//! the generated serializer calls it to validate, save, prefetch and render.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::Ident;

use crate::attr::{FieldAttrs, RelatedAttrs};

/// What emit.rs knows about one relational field.
pub(super) struct RelatedParts<'a> {
    /// The relation's name on the model (the field name, or its `source`).
    pub column: &'a Ident,
    /// The serializer field's name.
    pub key: String,
    pub attrs: &'a FieldAttrs,
    pub spec: Ident,
    pub var: Ident,
    pub read_only: bool,
}

impl RelatedParts<'_> {
    fn many(&self) -> bool {
        self.attrs.many.is_some()
    }

    /// The span of the relational field class option (`primary_key_related`, ...).
    fn span(&self) -> proc_macro2::Span {
        self.attrs.related.as_ref().map_or_else(|| self.column.span(), |r| r.span)
    }

    fn class(&self) -> Option<&RelatedAttrs> {
        self.attrs.related.as_ref().map(|r| &r.value)
    }

    /// The `RelatedField` value (a constant expression: every part is `const`).
    fn field(&self) -> TokenStream {
        let column = self.column;
        let key = &self.key;
        let related = match &self.attrs.reverse_of {
            Some(reverse) => {
                let expr = &reverse.value;
                quote_spanned!(reverse.span=> (#expr).reversed(#key))
            }
            None => {
                let member = quote_spanned!(column.span()=> #column);
                quote!(<__Model as ::restframe::serializers::ModelMeta>::RELS.#member)
            }
        };
        let r = quote!(::restframe::relations::RelatedLookup);
        let lookup = match self.class() {
            Some(RelatedAttrs::Slug(Some(slug))) => quote!(#r::Slug(#slug)),
            Some(RelatedAttrs::Hyperlink(link)) => {
                let link = super::emit::identity_link(link);
                quote!(#r::Hyperlink(#link))
            }
            Some(RelatedAttrs::String) => {
                // A target without `Display` (Django's `__str__`) is an error at the option.
                let display = self.span();
                quote_spanned!(display=> #r::Text(::std::string::ToString::to_string))
            }
            _ => quote!(#r::PrimaryKey),
        };
        let queryset = self.attrs.queryset.as_ref().map(|q| {
            let path = &q.value;
            quote_spanned!(q.span=> .queryset(#path))
        });
        quote!(::restframe::relations::RelatedField::new(#related, #lookup)#queryset)
    }

    /// The compile-time check of the relation against `many` and writability.
    pub(super) fn check(&self) -> TokenStream {
        let (field, many, writable) = (self.field(), self.many(), !self.read_only);
        // The call carries the option's span: a broken rule is reported at the field.
        quote_spanned!(self.span()=> const _: () = { let __field = #field; __field.check(#many, #writable) };)
    }

    /// The statements of `run_validation` reading the field: a foreign key is set on the
    /// `ActiveModel` (`__a`); a many-to-many field's rows are staged (`__staged`).
    pub(super) fn validation_step(&self) -> TokenStream {
        let (field, spec, var) = (self.field(), &self.spec, &self.var);
        if self.many() {
            quote! {
                let #var = __v.related_many(&#spec, &#field).await?;
                if let ::core::option::Option::Some(__rows) = &#var {
                    __staged.push(#field.chosen(__rows)?);
                }
            }
        } else {
            quote! {
                let #var = __v.related_one(&#spec, &#field).await?;
                if let ::core::option::Option::Some(__row) = &#var {
                    #field.assign(&mut __a, __row.as_ref())?;
                }
            }
        }
    }

    /// The statement of `render` adding the field.
    pub(super) fn output(&self) -> TokenStream {
        let (field, spec, many) = (self.field(), &self.spec, self.many());
        quote!(__o.field(&#spec, &#field.render(__i, __ctx, #many));)
    }

    /// The statement of `data_representation` adding the field when the validated data alone
    /// renders it.
    pub(super) fn data_output(&self) -> TokenStream {
        let (field, spec) = (self.field(), &self.spec);
        quote! {
            if let ::core::option::Option::Some(__value) = #field.render_active(__d) {
                __o.field(&#spec, &__value);
            }
        }
    }

    /// The `Option<&'static str>` `readable_sources` adds for the field.
    pub(super) fn ordering_source(&self) -> TokenStream {
        let (field, spec) = (self.field(), &self.spec);
        quote!(#field.ordering_source(&#spec))
    }

    /// The statement of `prefetch` loading what the field renders.
    pub(super) fn prefetch(&self) -> TokenStream {
        let field = self.field();
        quote!(#field.prefetch(__is, __ctx).await?;)
    }

    /// Whether saving writes a join table.
    pub(super) fn stages(&self) -> bool {
        self.many() && !self.read_only
    }
}

/// `run_validation`'s staging of many-to-many values when some field writes a join table: the
/// list before the fields, and its hand-over to the context once `validate()` passed.
pub(super) fn staging(stages: bool) -> (TokenStream, TokenStream) {
    if !stages {
        return (TokenStream::new(), quote!(__v.finish::<Self>(::core::option::Option::Some(__a)).await));
    }
    let init = quote!(let mut __staged: ::std::vec::Vec<::restframe::relations::JoinSet> = ::std::vec::Vec::new(););
    let finish = quote! {
        let __validated = __v.finish::<Self>(::core::option::Option::Some(__a)).await;
        if __validated.is_ok() {
            ::restframe::relations::stage::<__Model>(__ctx, __staged);
        }
        __validated
    };
    (init, finish)
}

/// The module whose `create`/`update` save the instance: with join tables to write,
/// `restframe::relations` (row and join tables in one transaction).
pub(super) fn save_module(stages: bool) -> TokenStream {
    if stages { quote!(::restframe::relations) } else { quote!(::restframe::__private) }
}
