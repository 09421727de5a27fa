//! `#[derive(ModelMeta)]` on a sea-orm `Model`: reads `#[sea_orm(...)]` (primary key, unique,
//! nullable, default, column type / length) and `#[restframe(...)]` (Django-only facts such as
//! `blank`, `EmailField` or `positive`) and emits one `ModelField` const per field; an integer
//! field records the Django integer field its Rust type stands for (see `integer_kind`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Expr, Fields, LitStr};

use crate::attr::skip_value;
use crate::ctxt::Ctxt;
use crate::spec::{generic_inner, is_option};

mod column;
mod relations;

use column::{ColumnAttrs, capfirst, opt_i64, optional_str, parse_restframe, parse_sea_orm};

/// The Django integer field a Rust integer type stands for (`IntegerKind` variant name):
/// `i16`/`i32`/`i64` are `SmallIntegerField`/`IntegerField`/`BigIntegerField`, `u16`/`u32`/`u64`
/// and `#[restframe(positive)]` on a signed type the `Positive*` fields (Django's positive
/// columns are signed with a check constraint, so a port keeps the signed type). `i8`/`u8` are no
/// Django field: their Rust range is their only bound.
fn integer_kind(ty: &syn::Type, positive: bool) -> Option<&'static str> {
    let syn::Type::Path(path) = ty else { return None };
    let name = path.path.segments.last()?.ident.to_string();
    Some(match (name.as_str(), positive) {
        ("i16", false) => "SmallIntegerField",
        ("i32", false) => "IntegerField",
        ("i64", false) => "BigIntegerField",
        ("i16" | "u16", _) => "PositiveSmallIntegerField",
        ("i32" | "u32", _) => "PositiveIntegerField",
        ("i64" | "u64", _) => "PositiveBigIntegerField",
        _ => return None,
    })
}

/// The model's `#[sea_orm(table_name)]` (else `Model`'s name lowercased), its
/// `#[restframe(verbose_name = "...")]` (else the table name after its last `_`, as Django's
/// `library_book` is the model `book` of the app `library`) and its struct-level
/// relations (`many_to_many(...)`, `reverse(...)`).
/// The struct-level options: table, verbose name, declared relations and `Meta.ordering`.
struct ModelOptions {
    table: String,
    verbose: String,
    declared: Vec<relations::Relation>,
    ordering: Vec<LitStr>,
}

fn model_options(cx: &Ctxt, input: &DeriveInput) -> ModelOptions {
    let mut table = None;
    for attr in input.attrs.iter().filter(|attr| attr.path().is_ident("sea_orm")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("table_name") {
                table = Some(meta.value()?.parse::<LitStr>()?.value());
            } else {
                skip_value(&meta)?;
            }
            Ok(())
        });
    }
    let table = table.unwrap_or_else(|| input.ident.to_string().to_lowercase());
    let mut verbose = None;
    let mut declared = Vec::new();
    let mut ordering = Vec::new();
    // The table is read first: many-to-many and reverse relations default their columns from it.
    for attr in input.attrs.iter().filter(|attr| attr.path().is_ident("restframe")) {
        let result =
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("verbose_name") {
                    verbose = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("many_to_many") || meta.path.is_ident("reverse") {
                    declared.extend(relations::Relation::parse_model_option(cx, &meta, &table)?);
                } else if meta.path.is_ident("ordering") {
                    // Django's `Meta.ordering = ['-created', 'id']`.
                    let list: syn::ExprArray = meta.value()?.parse()?;
                    for item in list.elems {
                        match item {
                            Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(lit), .. }) => ordering.push(lit),
                            other => cx.error_spanned_by(other, "expected a field name string (`\"-created\"`)"),
                        }
                    }
                } else {
                    cx.syn_error(meta.error(
                        "unknown model option; expected `verbose_name`, `ordering`, `many_to_many` or `reverse`",
                    ));
                    skip_value(&meta)?;
                }
                Ok(())
            });
        if let Err(err) = result {
            cx.syn_error(err);
        }
    }
    // Django's tables are `<app_label>_<model_name>`: the model's name is the last part.
    let verbose = verbose.unwrap_or_else(|| table.rsplit('_').next().unwrap_or(&table).to_owned());
    ModelOptions { table, verbose, declared, ordering }
}

/// The `ModelMeta` impl and `<Name>Fields`. Attribute mistakes are reported next to the impl
/// built from the remaining options (serde's approach), so code using the model's metadata does
/// not fail with a cascade.
pub(crate) fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input.ident, "#[derive(ModelMeta)] goes on a sea-orm `Model` struct"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(&input.ident, "#[derive(ModelMeta)] needs named fields"));
    };
    let cx = Ctxt::new();
    let ModelOptions { table, verbose: model_verbose, declared: declared_relations, ordering } =
        model_options(&cx, input);
    for lit in &ordering {
        let name = lit.value();
        let name = name.strip_prefix('-').unwrap_or(&name);
        let known = data.fields.iter().filter_map(|f| f.ident.as_ref()).any(|f| f == name);
        if !known {
            cx.error_spanned_by(lit, format_args!("'ordering' refers to the nonexistent field '{name}'"));
        }
    }
    // Foreign keys first, in field order, then the struct-level relations: DRF's
    // `get_field_info` order (forward fields before many-to-many, reverse relations last).
    let mut model_relations = Vec::new();
    // A foreign key's `<Name>Fields` member must not clash with a field's or another's.
    let field_names: Vec<String> = named
        .named
        .iter()
        .filter_map(|field| field.ident.as_ref())
        .map(|ident| ident.to_string().trim_start_matches("r#").to_owned())
        .collect();
    let mut pk_column = None;
    let ident = &input.ident;
    let vis = &input.vis;
    let fields_ident = format_ident!("{}Fields", ident);
    let mut members = Vec::new();
    let mut consts = Vec::new();
    let mut inits = Vec::new();
    let mut all = Vec::new();
    // For the field-list macro of `fields = "__all__"` / `exclude` (model_serializer/all.rs).
    // DRF's `get_default_field_names`: the key, the plain fields, then the forward relations
    // under their Django names (`author`, not the `author_id` column).
    let (mut pk_ident, mut plain_idents, mut forward_idents) = (None, Vec::new(), Vec::new());
    // What a model serializer builds for each forward relation (`all::RelationEntry`).
    let mut serializer_relations = Vec::new();
    // DRF's `depth` serializer of this model (`ModelMeta::NESTED`), in the same order.
    let mut nested = relations::Nested::default();
    // `SqliteModel::from_sqlite_columns`: each field read by its column name, its place as the hint.
    let (mut sqlite_reads, mut sqlite_inits) = (Vec::new(), Vec::new());
    for (position, field) in named.named.iter().enumerate() {
        let Some(name_ident) = &field.ident else { continue };
        let mut attrs = ColumnAttrs { editable: true, ..ColumnAttrs::default() };
        for attr in &field.attrs {
            if attr.path().is_ident("sea_orm") {
                parse_sea_orm(&cx, attr, &mut attrs);
            } else if attr.path().is_ident("restframe") {
                parse_restframe(&cx, attr, &mut attrs);
            }
        }
        let name = name_ident.to_string().trim_start_matches("r#").to_owned();
        let column = attrs.column_name.clone().unwrap_or_else(|| name.clone());
        let foreign_key = std::mem::take(&mut attrs.foreign_key);
        let foreign_key = relations::Relation::foreign_key(&cx, name_ident, &column, foreign_key);
        let foreign_key = foreign_key.filter(|relation| {
            let clash = if field_names.iter().any(|field| field == relation.name()) {
                "has the name of a field"
            } else if model_relations.iter().any(|earlier: &relations::Relation| earlier.name() == relation.name()) {
                "is declared twice"
            } else {
                return true;
            };
            cx.error_spanned_by(name_ident, format_args!("the foreign key `{}` {clash}", relation.name()));
            false
        });
        let foreign_key_index = foreign_key.map(|relation| {
            model_relations.push(relation);
            model_relations.len() - 1
        });
        let ty = &field.ty;
        sqlite_reads.push(quote!((&::restframe::db::rows::probe::Probe::<#ty>::new()).reads()));
        sqlite_inits.push(quote! {
            #name_ident: (&::restframe::db::rows::probe::Probe::<#ty>::new()).read(__row, __first + #position, __prefix, #column)?
        });
        let nullable = attrs.nullable || is_option(ty);
        let base_ty = generic_inner(ty, "Option").unwrap_or(ty);
        let is_string =
            matches!(base_ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "String"));
        let verbose = attrs.verbose_name.as_ref().map(LitStr::value).unwrap_or_else(|| name.replace('_', " "));
        let unique_message = attrs
            .unique_message
            .as_ref()
            .map(LitStr::value)
            .unwrap_or_else(|| format!("{model_verbose} with this {verbose} already exists."));
        // Django's `Field.get_default()` is "" for any non-null CharField without a default,
        // so an absent string column is stored as "" (not a NOT NULL failure), as in Django.
        let default = match (&attrs.default, is_string && !nullable) {
            (Some(expr), _) => Some(quote!(::core::convert::Into::into(#expr))),
            (None, true) => Some(quote!(::std::string::String::new())),
            (None, false) => None,
        };
        let default_tokens = match &default {
            Some(expr) => quote!(::core::option::Option::Some({
                fn __default() -> ::restframe::__private::sea_orm::Value {
                    let __value: #ty = #expr;
                    ::core::convert::Into::into(__value)
                }
                __default as fn() -> ::restframe::__private::sea_orm::Value
            })),
            None => quote!(::core::option::Option::None),
        };
        let const_ident = format_ident!("__M_{}", name.to_uppercase());
        match foreign_key_index {
            Some(index) => {
                nested.foreign_key(index, format_ident!("__M_{}", model_relations[index].name().to_uppercase()))
            }
            None if !attrs.secret => nested.column(const_ident.clone()),
            None => {}
        }
        if attrs.primary_key && pk_column.is_none() {
            pk_column = Some(column.clone());
            pk_ident = Some(name_ident);
        } else if let Some(index) = foreign_key_index {
            forward_idents.push(format_ident!("{}", model_relations[index].name(), span = name_ident.span()));
        } else {
            plain_idents.push(name_ident.clone());
        }
        let read_only_pk = attrs.primary_key && attrs.auto_increment != Some(false);
        let (unique, blank, editable) = (attrs.unique, attrs.blank, attrs.editable && !read_only_pk);
        let has_default = attrs.db_default || attrs.default.is_some();
        if let (Some(index), false) = (foreign_key_index, attrs.primary_key) {
            // DRF's `get_relation_kwargs`: optional when blank, nullable or defaulted.
            let relation = &model_relations[index];
            serializer_relations.push(crate::model_serializer::all::RelationEntry {
                name: format_ident!("{}", relation.name(), span = name_ident.span()),
                model_name: relation.target_model_name(),
                many: false,
                required: !(attrs.blank || nullable || has_default),
                null: nullable,
            });
        }
        let max_length = match attrs.max_length {
            Some(n) => quote!(::core::option::Option::Some(#n)),
            None => quote!(::core::option::Option::None),
        };
        let kind = attrs.kind.clone().unwrap_or_else(|| quote!(::restframe::fields::Kind::Char));
        let validators = &attrs.validators;
        let (min_value, max_value) = (opt_i64(attrs.min_value), opt_i64(attrs.max_value));
        let integer_kind = integer_kind(base_ty, attrs.positive.is_some());
        if let (Some(span), None) = (attrs.positive, integer_kind) {
            cx.syn_error(syn::Error::new(
                span,
                "`positive` goes on an `i16`, `i32` or `i64` field (Django's Positive*IntegerField)",
            ));
        }
        let integer = match integer_kind {
            Some(kind) => {
                let kind = format_ident!("{kind}");
                quote!(::core::option::Option::Some(::restframe::serializers::IntegerKind::#kind))
            }
            None => quote!(::core::option::Option::None),
        };
        let field_type = crate::field_type::field_type_tokens(&crate::field_type::FieldFacts {
            ty: base_ty,
            column_type: attrs.column_type.as_deref(),
            auto_pk: read_only_pk,
            integer: integer_kind,
        });
        let db_index = attrs.db_index.unwrap_or(attrs.slug);
        let unique_key = match &attrs.unique_key {
            Some(key) => quote!(::core::option::Option::Some(#key)),
            None => quote!(::core::option::Option::None),
        };
        // DRF's label: `capfirst(verbose_name)`; without a verbose name, the field name's.
        let label = optional_str(attrs.verbose_name.as_ref().map(|v| capfirst(&v.value())));
        let help_text = optional_str(attrs.help_text.as_ref().map(LitStr::value));
        let secret = attrs.secret;
        let choice_labels = attrs.choice_labels.iter().flatten();
        consts.push(quote! {
            const #const_ident: ::restframe::serializers::ModelField = ::restframe::serializers::ModelField {
                primary_key: #read_only_pk,
                editable: #editable,
                nullable: #nullable,
                blank: #blank,
                has_default: #has_default,
                unique: #unique,
                max_length: #max_length,
                kind: #kind,
                choice_labels: &[#(#choice_labels),*],
                validators: &[#(&(#validators) as &dyn ::restframe::serializers::StrValidator),*],
                min_value: #min_value,
                max_value: #max_value,
                default: #default_tokens,
                integer: #integer,
                field_type: #field_type,
                db_index: #db_index,
                unique_key: #unique_key,
                label: #label,
                help_text: #help_text,
                secret: #secret,
                ..::restframe::serializers::ModelField::new(#name, #column, #unique_message)
            };
        });
        let doc = format!("Serializer metadata and accessors of `{name}`.");
        let active = quote!(::restframe::__private::ActiveOf<#ident>);
        let value = quote!(::restframe::__private::sea_orm::ActiveValue<#ty>);
        members.push(quote! {
            #[doc = #doc]
            pub #name_ident: ::restframe::serializers::Column<#ident, #active, #ty>
        });
        let accessors = quote! {
            get: {
                fn get(model: &#ident) -> &#ty {
                    &model.#name_ident
                }
                get
            },
            active: {
                fn active(data: &#active) -> &#value {
                    &data.#name_ident
                }
                active
            },
            set: {
                fn set(data: &mut #active, value: #value) {
                    data.#name_ident = value;
                }
                set
            },
        };
        inits.push(quote!(#name_ident: ::restframe::serializers::Column { meta: #const_ident, #accessors }));
        if let Some(index) = foreign_key_index {
            // The foreign key under its Django name (`author` beside `author_id`): same column,
            // plus the relation, which makes it a `PrimaryKeyRelatedField` in a model serializer.
            let relation = &model_relations[index];
            let relation_ident = format_ident!("{}", relation.name(), span = name_ident.span());
            let relation_const = format_ident!("__M_{}", relation.name().to_uppercase());
            let relation_name = relation.name();
            // Django's verbose name of the foreign key is its name (`author`), not the column's.
            let relation_unique = attrs.unique_message.as_ref().map(LitStr::value).unwrap_or_else(|| {
                let verbose = attrs.verbose_name.as_ref().map(LitStr::value);
                let verbose = verbose.unwrap_or_else(|| relation_name.replace('_', " "));
                format!("{model_verbose} with this {verbose} already exists.")
            });
            consts.push(quote! {
                const #relation_const: ::restframe::serializers::ModelField = ::restframe::serializers::ModelField {
                    name: #relation_name,
                    relation: ::core::option::Option::Some(
                        &<#ident as ::restframe::serializers::ModelMeta>::RELATIONS[#index],
                    ),
                    integer: ::core::option::Option::None,
                    unique_message: #relation_unique,
                    validators: &[],
                    ..#const_ident
                };
            });
            let doc = format!("The foreign key `{}` (stored in `{name}`).", relation.name());
            members.push(quote! {
                #[doc = #doc]
                pub #relation_ident: ::restframe::serializers::Column<#ident, #active, #ty>
            });
            inits.push(quote!(#relation_ident: ::restframe::serializers::Column { meta: #relation_const, #accessors }));
        }
        all.push(const_ident);
    }
    let pk_column = pk_column.unwrap_or_else(|| "id".to_owned());
    // DRF's `forward_relations`: the foreign keys, then the model's own many-to-many fields.
    for (offset, relation) in declared_relations.iter().enumerate() {
        if relation.is_forward_many_to_many(&table) {
            nested.many_to_many(model_relations.len() + offset, relation.name(), relation.blank());
        }
    }
    for relation in declared_relations.iter().filter(|relation| relation.is_forward_many_to_many(&table)) {
        serializer_relations.push(crate::model_serializer::all::RelationEntry {
            name: format_ident!("{}", relation.name()),
            model_name: relation.target_model_name(),
            many: true,
            required: !relation.blank(),
            null: false,
        });
    }
    model_relations.extend(declared_relations);
    let relations = relations::emit(&cx, &model_relations);
    let nested_const = nested.emit(&model_relations);
    let (relations_ident, relations_struct, relations_init) = relations::typed(ident, vis, &model_relations);
    let errors = cx.check().err().map(syn::Error::into_compile_error);
    let doc =
        format!("Serializer metadata of [`{ident}`], one member per field (generated by `#[derive(ModelMeta)]`).");
    let impl_block = crate::dummy::wrap_in_const(quote! {
        #(#consts)*
        #[automatically_derived]
        impl ::restframe::serializers::ModelMeta for #ident {
            type Fields = #fields_ident;
            const FIELDS: #fields_ident = #fields_ident { #(#inits),* };
            const ALL: &'static [::restframe::serializers::ModelField] = &[#(#all),*];
            const PK_COLUMN: &'static str = #pk_column;
            #relations
            type Relations = #relations_ident;
            const RELS: #relations_ident = #relations_init;
            fn info() -> &'static ::restframe::serializers::ModelInfo {
                static INFO: ::restframe::serializers::ModelInfo = ::restframe::serializers::ModelInfo {
                    table: #table,
                    pk_column: #pk_column,
                    fields: <#ident as ::restframe::serializers::ModelMeta>::ALL,
                    relations: <#ident as ::restframe::serializers::ModelMeta>::RELATIONS,
                    ordering: &[#(#ordering),*],
                };
                static READS: ::std::sync::Once = ::std::sync::Once::new();
                READS.call_once(|| ::restframe::__private::register_model::<Self>(#table));
                &INFO
            }
        }
        #[automatically_derived]
        impl ::restframe::db::rows::SqliteModel for #ident {
            fn reads_sqlite() -> bool {
                #[allow(unused_imports)]
                use ::restframe::db::rows::probe::{DoesNotRead as _, Reads as _};
                true #(&& #sqlite_reads)*
            }
            fn from_sqlite_columns(
                __row: &::restframe::db::rusqlite::Row<'_>,
                __first: usize,
                __prefix: &str,
            ) -> ::restframe::db::rusqlite::Result<Self> {
                #[allow(unused_imports)]
                use ::restframe::db::rows::probe::{DoesNotRead as _, Reads as _};
                ::core::result::Result::Ok(Self { #(#sqlite_inits),* })
            }
        }
        #[automatically_derived]
        impl ::restframe::relations::depth::NestedModel for #ident {
            #nested_const
        }
    });
    plain_idents.extend(forward_idents);
    let fields_macro = pk_ident.map(|pk| {
        crate::model_serializer::all::model_macro(ident, vis, &table, pk, &plain_idents, &serializer_relations)
    });
    Ok(quote! {
        #errors
        #fields_macro
        #[doc = #doc]
        #[derive(Clone, Copy, Debug)]
        #[allow(clippy::type_complexity)]
        #vis struct #fields_ident { #(#members),* }
        #relations_struct
        #impl_block
    })
}
