//! The field attributes of `#[derive(ModelMeta)]`: `#[sea_orm(...)]` and `#[restframe(...)]` on
//! one column, parsed into [`ColumnAttrs`].

use proc_macro2::TokenStream;
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::parse::Parse;
use syn::spanned::Spanned;
use syn::{Expr, LitStr, Token};

use super::relations;
use crate::attr::skip_value;
use crate::ctxt::Ctxt;

#[derive(Default)]
pub(super) struct ColumnAttrs {
    pub(super) primary_key: bool,
    pub(super) auto_increment: Option<bool>,
    pub(super) unique: bool,
    pub(super) nullable: bool,
    pub(super) db_default: bool,
    pub(super) column_name: Option<String>,
    pub(super) max_length: Option<usize>,
    pub(super) blank: bool,
    pub(super) kind: Option<TokenStream>,
    /// The labels of `choices((value, "label"), ..)`, one per value.
    pub(super) choice_labels: Option<Vec<LitStr>>,
    pub(super) unique_message: Option<LitStr>,
    pub(super) verbose_name: Option<LitStr>,
    pub(super) help_text: Option<LitStr>,
    pub(super) validators: Vec<Expr>,
    pub(super) default: Option<Expr>,
    pub(super) editable: bool,
    /// Django's `MinValueValidator` / `MaxValueValidator` limits.
    pub(super) min_value: Option<i64>,
    pub(super) max_value: Option<i64>,
    /// `#[restframe(positive)]`, with its span for the error on a non-integer field.
    pub(super) positive: Option<proc_macro2::Span>,
    /// `#[sea_orm(column_type = "...")]` as written (the Django field class of a migration).
    pub(super) column_type: Option<String>,
    /// `#[restframe(db_index)]` / `db_index = false`; `slug` implies it, as `SlugField` does.
    pub(super) db_index: Option<bool>,
    pub(super) slug: bool,
    /// `#[restframe(secret)]`: never rendered by a nested (`depth`) serializer.
    pub(super) secret: bool,
    /// `#[sea_orm(unique_key = "...")]`: the fields sharing the name are unique together.
    pub(super) unique_key: Option<String>,
    pub(super) foreign_key: relations::ForeignKeyAttrs,
}

/// `Some("...")` / `None` as tokens.
pub(super) fn optional_str(value: Option<String>) -> TokenStream {
    match value {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    }
}

/// Django's `capfirst`: the first character upper-cased.
pub(super) fn capfirst(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `String(StringLen::N(150))` → 150.
fn string_len(column_type: &str) -> Option<usize> {
    let start = column_type.find("N(")? + 2;
    let end = column_type[start..].find(')')? + start;
    column_type[start..end].trim().parse().ok()
}

pub(super) fn parse_sea_orm(cx: &Ctxt, attr: &syn::Attribute, out: &mut ColumnAttrs) {
    let result = attr.parse_nested_meta(|meta| {
        let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
        match key.as_str() {
            "primary_key" => out.primary_key = true,
            "unique" => out.unique = true,
            "nullable" => out.nullable = true,
            "auto_increment" => out.auto_increment = Some(meta.value()?.parse::<syn::LitBool>()?.value),
            "default_value" | "default_expr" => {
                out.db_default = true;
                skip_value(&meta)?;
            }
            "unique_key" => out.unique_key = Some(meta.value()?.parse::<LitStr>()?.value()),
            "column_name" => out.column_name = Some(meta.value()?.parse::<LitStr>()?.value()),
            "column_type" => {
                let ty = meta.value()?.parse::<LitStr>()?.value();
                out.max_length = out.max_length.or_else(|| string_len(&ty));
                out.column_type = Some(ty);
            }
            _ => skip_value(&meta)?,
        }
        Ok(())
    });
    if let Err(err) = result {
        cx.syn_error(err);
    }
}

/// One `#[restframe(...)]` field option and its parser.
struct ColumnOption {
    name: &'static str,
    parse: fn(&mut ColumnAttrs, &ParseNestedMeta) -> syn::Result<()>,
}

/// Every `#[restframe(...)]` field option; this one table drives both parsing and the
/// "expected one of" hint.
const RESTFRAME_OPTIONS: &[ColumnOption] = &[
    ColumnOption { name: "blank", parse: |a, _| set_flag(&mut a.blank) },
    ColumnOption { name: "secret", parse: |a, _| set_flag(&mut a.secret) },
    ColumnOption { name: "email", parse: |a, _| set_kind(a, quote!(::restframe::fields::Kind::Email)) },
    ColumnOption { name: "url", parse: |a, _| set_kind(a, quote!(::restframe::fields::Kind::Url)) },
    ColumnOption {
        name: "choices",
        parse: |a, m| {
            let list = crate::attr::parse_choice_list(m)?;
            if !list.ints.is_empty() {
                return Err(m.error("a model column's `choices` are strings (`choices((\"draft\", \"Draft\"))`)"));
            }
            a.choice_labels = list.labels;
            let choices = list.strings;
            set_kind(a, quote!(::restframe::fields::Kind::Choice(&[#(#choices),*])))
        },
    },
    ColumnOption {
        name: "slug",
        parse: |a, _| {
            a.slug = true;
            set_kind(a, quote!(::restframe::fields::Kind::Slug { allow_unicode: false }))
        },
    },
    ColumnOption {
        name: "db_index",
        parse: |a, m| {
            a.db_index = Some(if m.input.peek(Token![=]) { m.value()?.parse::<syn::LitBool>()?.value } else { true });
            Ok(())
        },
    },
    ColumnOption {
        name: "max_length",
        parse: |a, m| {
            a.max_length = Some(m.value()?.parse::<syn::LitInt>()?.base10_parse()?);
            Ok(())
        },
    },
    ColumnOption {
        name: "unique_message",
        parse: |a, m| {
            a.unique_message = Some(m.value()?.parse()?);
            Ok(())
        },
    },
    ColumnOption {
        name: "verbose_name",
        parse: |a, m| {
            a.verbose_name = Some(m.value()?.parse()?);
            Ok(())
        },
    },
    ColumnOption {
        name: "help_text",
        parse: |a, m| {
            a.help_text = Some(m.value()?.parse()?);
            Ok(())
        },
    },
    ColumnOption {
        name: "validators",
        parse: |a, m| {
            let value = m.value()?;
            let content;
            syn::bracketed!(content in value);
            a.validators.extend(content.parse_terminated(Expr::parse, Token![,])?);
            Ok(())
        },
    },
    ColumnOption {
        name: "default",
        parse: |a, m| {
            a.default = Some(m.value()?.parse()?);
            Ok(())
        },
    },
    ColumnOption {
        name: "editable",
        parse: |a, m| {
            a.editable = m.value()?.parse::<syn::LitBool>()?.value;
            Ok(())
        },
    },
    ColumnOption {
        // Django's `auto_now_add=True`: `editable=False`, and the current time on create.
        name: "auto_now_add",
        parse: |a, _| {
            a.editable = false;
            a.default = Some(syn::parse_quote!(::restframe::__private::chrono::Utc::now()));
            Ok(())
        },
    },
    ColumnOption { name: "min_value", parse: |a, m| parse_limit(&mut a.min_value, m) },
    ColumnOption { name: "max_value", parse: |a, m| parse_limit(&mut a.max_value, m) },
    ColumnOption {
        name: "positive",
        parse: |a, m| {
            a.positive = Some(m.path.span());
            Ok(())
        },
    },
    ColumnOption { name: "foreign_key", parse: |a, m| a.foreign_key.parse_target(m) },
    ColumnOption {
        name: "relation_name",
        parse: |a, m| relations::ForeignKeyAttrs::parse_str(&mut a.foreign_key.relation_name, m),
    },
    ColumnOption {
        name: "to_field",
        parse: |a, m| relations::ForeignKeyAttrs::parse_str(&mut a.foreign_key.to_field, m),
    },
];

/// `min_value = -5` (an integer, as Django's validators on integer fields take).
fn parse_limit(slot: &mut Option<i64>, meta: &ParseNestedMeta) -> syn::Result<()> {
    let input = meta.value()?;
    let negative = input.parse::<Option<Token![-]>>()?.is_some();
    let value = input.parse::<syn::LitInt>()?.base10_parse::<i64>()?;
    *slot = Some(if negative { -value } else { value });
    Ok(())
}

pub(super) fn opt_i64(value: Option<i64>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn set_flag(flag: &mut bool) -> syn::Result<()> {
    *flag = true;
    Ok(())
}

fn set_kind(attrs: &mut ColumnAttrs, kind: TokenStream) -> syn::Result<()> {
    attrs.kind = Some(kind);
    Ok(())
}

pub(super) fn parse_restframe(cx: &Ctxt, attr: &syn::Attribute, out: &mut ColumnAttrs) {
    let result = attr.parse_nested_meta(|meta| {
        let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
        if let Some(option) = RESTFRAME_OPTIONS.iter().find(|o| o.name == key) {
            return (option.parse)(out, &meta);
        }
        let expected: Vec<&str> = RESTFRAME_OPTIONS.iter().map(|o| o.name).collect();
        cx.syn_error(
            meta.error(format_args!("unknown model field option `{key}`; expected one of: {}", expected.join(", "))),
        );
        skip_value(&meta)
    });
    if let Err(err) = result {
        cx.syn_error(err);
    }
}
