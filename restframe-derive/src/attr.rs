//! Parsing `#[field(...)]` into a [`FieldAttrs`] model (each option remembers its span).

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{Expr, LitFloat, LitInt, LitStr, Token};

use crate::ctxt::Ctxt;

/// Every `#[field(...)]` option, for the "expected one of" hint.
pub const FIELD_OPTIONS: &str = "read_only, write_only, required, default, allow_null, allow_blank, \
trim_whitespace, allow_empty, min_length, max_length, min_value, max_value, email, url, slug, unicode_slug, \
uuid, regex, choices, decimal, error_messages, validators, validate, source, nested, many, child";

/// A flag or value with the span of its key, so errors can point at it.
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// A numeric bound literal (`min_value = -5`, `max_value = 2.5`).
pub enum Bound {
    Int(i64),
    Float(f64),
}

/// The `String` field class chosen by an option.
#[derive(Clone)]
pub enum KindAttr {
    Email,
    Url,
    Slug,
    UnicodeSlug,
    Uuid,
    Regex(LitStr),
    Choices(Vec<LitStr>),
    Decimal { max_digits: Option<u32>, decimal_places: Option<u32> },
}

/// The options of one `#[field(...)]` attribute (or of its `child(...)`).
#[derive(Default)]
pub struct FieldAttrs {
    pub read_only: Option<Spanned<()>>,
    pub write_only: Option<Spanned<()>>,
    pub required: Option<Spanned<bool>>,
    pub default: Option<Spanned<Expr>>,
    pub allow_null: Option<Spanned<bool>>,
    pub allow_blank: Option<Spanned<bool>>,
    pub trim_whitespace: Option<Spanned<bool>>,
    pub allow_empty: Option<Spanned<bool>>,
    pub min_length: Option<Spanned<usize>>,
    pub max_length: Option<Spanned<usize>>,
    pub min_value: Option<Spanned<Bound>>,
    pub max_value: Option<Spanned<Bound>>,
    pub kind: Option<Spanned<KindAttr>>,
    pub error_messages: Vec<(LitStr, LitStr)>,
    pub validators: Vec<Expr>,
    pub validate: Option<Spanned<()>>,
    pub source: Option<Spanned<LitStr>>,
    pub nested: Option<Spanned<()>>,
    pub many: Option<Spanned<()>>,
    pub child: Option<Box<FieldAttrs>>,
}

fn set<T>(cx: &Ctxt, slot: &mut Option<Spanned<T>>, meta: &ParseNestedMeta, value: T) {
    let span = meta.path.get_ident().map(|i| i.span()).unwrap_or_else(Span::call_site);
    if slot.is_some() {
        cx.syn_error(meta.error(format_args!("duplicate field option `{}`", path_name(meta))));
    } else {
        *slot = Some(Spanned { value, span });
    }
}

fn path_name(meta: &ParseNestedMeta) -> String {
    meta.path.get_ident().map(ToString::to_string).unwrap_or_default()
}

/// `flag` or `flag = true/false`.
fn parse_bool(meta: &ParseNestedMeta) -> syn::Result<bool> {
    if meta.input.peek(Token![=]) { Ok(meta.value()?.parse::<syn::LitBool>()?.value) } else { Ok(true) }
}

fn parse_bound(meta: &ParseNestedMeta) -> syn::Result<Bound> {
    let input = meta.value()?;
    let negative = input.parse::<Option<Token![-]>>()?.is_some();
    let sign = if negative { -1.0 } else { 1.0 };
    if input.peek(LitFloat) {
        Ok(Bound::Float(sign * input.parse::<LitFloat>()?.base10_parse::<f64>()?))
    } else {
        let value = input.parse::<LitInt>()?.base10_parse::<i64>()?;
        Ok(Bound::Int(if negative { -value } else { value }))
    }
}

impl FieldAttrs {
    /// Parses every `#[field(...)]` attribute among `attrs`, recording problems in `cx`.
    pub fn from_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> Self {
        let mut out = FieldAttrs::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("field")) {
            if let Err(err) = attr.parse_nested_meta(|meta| out.parse_one(cx, &meta, false)) {
                cx.syn_error(err);
            }
        }
        out
    }

    fn set_kind(&mut self, cx: &Ctxt, meta: &ParseNestedMeta, kind: KindAttr) {
        if let Some(previous) = &self.kind {
            let _ = previous;
            cx.syn_error(meta.error(format_args!(
                "conflicting field classes: `{}` and an earlier one (`email`, `url`, `slug`, `uuid`, `regex`, `choices`, `decimal`)",
                path_name(meta)
            )));
            return;
        }
        let span = meta.path.get_ident().map(|i| i.span()).unwrap_or_else(Span::call_site);
        self.kind = Some(Spanned { value: kind, span });
    }

    fn parse_one(&mut self, cx: &Ctxt, meta: &ParseNestedMeta, in_child: bool) -> syn::Result<()> {
        let name = path_name(meta);
        match name.as_str() {
            "read_only" if !in_child => set(cx, &mut self.read_only, meta, ()),
            "write_only" if !in_child => set(cx, &mut self.write_only, meta, ()),
            "required" if !in_child => set(cx, &mut self.required, meta, parse_bool(meta)?),
            "default" if !in_child => set(cx, &mut self.default, meta, meta.value()?.parse::<Expr>()?),
            "allow_null" => set(cx, &mut self.allow_null, meta, parse_bool(meta)?),
            "allow_blank" => set(cx, &mut self.allow_blank, meta, parse_bool(meta)?),
            "trim_whitespace" => set(cx, &mut self.trim_whitespace, meta, parse_bool(meta)?),
            "allow_empty" => set(cx, &mut self.allow_empty, meta, parse_bool(meta)?),
            "min_length" => set(cx, &mut self.min_length, meta, meta.value()?.parse::<LitInt>()?.base10_parse()?),
            "max_length" => set(cx, &mut self.max_length, meta, meta.value()?.parse::<LitInt>()?.base10_parse()?),
            "min_value" => set(cx, &mut self.min_value, meta, parse_bound(meta)?),
            "max_value" => set(cx, &mut self.max_value, meta, parse_bound(meta)?),
            "email" => self.set_kind(cx, meta, KindAttr::Email),
            "url" => self.set_kind(cx, meta, KindAttr::Url),
            "slug" => self.set_kind(cx, meta, KindAttr::Slug),
            "unicode_slug" => self.set_kind(cx, meta, KindAttr::UnicodeSlug),
            "uuid" => self.set_kind(cx, meta, KindAttr::Uuid),
            "regex" => {
                let pattern = meta.value()?.parse::<LitStr>()?;
                self.set_kind(cx, meta, KindAttr::Regex(pattern));
            }
            "choices" => {
                let mut choices = Vec::new();
                let content;
                syn::parenthesized!(content in meta.input);
                while !content.is_empty() {
                    choices.push(content.parse::<LitStr>()?);
                    if content.is_empty() {
                        break;
                    }
                    content.parse::<Token![,]>()?;
                }
                self.set_kind(cx, meta, KindAttr::Choices(choices));
            }
            "decimal" => {
                let (mut max_digits, mut decimal_places) = (None, None);
                meta.parse_nested_meta(|inner| {
                    let key = path_name(&inner);
                    let value = inner.value()?.parse::<LitInt>()?.base10_parse::<u32>()?;
                    match key.as_str() {
                        "max_digits" => max_digits = Some(value),
                        "decimal_places" => decimal_places = Some(value),
                        _ => {
                            return Err(
                                inner.error("unknown `decimal` option; expected `max_digits` or `decimal_places`")
                            );
                        }
                    }
                    Ok(())
                })?;
                self.set_kind(cx, meta, KindAttr::Decimal { max_digits, decimal_places });
            }
            "error_messages" => meta.parse_nested_meta(|inner| {
                let key = inner.path.require_ident()?;
                let msg = inner.value()?.parse::<LitStr>()?;
                self.error_messages.push((LitStr::new(&key.to_string(), key.span()), msg));
                Ok(())
            })?,
            "validators" if !in_child => {
                let value = meta.value()?;
                let content;
                syn::bracketed!(content in value);
                let list = content.parse_terminated(Expr::parse, Token![,])?;
                self.validators.extend(list);
            }
            "validate" if !in_child => set(cx, &mut self.validate, meta, ()),
            "source" if !in_child => set(cx, &mut self.source, meta, meta.value()?.parse::<LitStr>()?),
            "nested" if !in_child => set(cx, &mut self.nested, meta, ()),
            "many" if !in_child => set(cx, &mut self.many, meta, ()),
            "child" if !in_child => {
                let mut child = FieldAttrs::default();
                meta.parse_nested_meta(|inner| child.parse_one(cx, &inner, true))?;
                self.child = Some(Box::new(child));
            }
            _ if in_child => {
                return Err(meta.error(format_args!(
                    "unknown `child` option `{name}`; expected one of: allow_null, allow_blank, trim_whitespace, \
                     allow_empty, min_length, max_length, min_value, max_value, email, url, slug, unicode_slug, uuid, \
                     regex, choices, decimal, error_messages"
                )));
            }
            _ => {
                cx.syn_error(
                    meta.error(format_args!("unknown field option `{name}`; expected one of: {FIELD_OPTIONS}")),
                );
                skip_value(meta)?;
            }
        }
        Ok(())
    }
}

/// Consumes an unknown option's `= value` or `(...)` so parsing continues with the next one.
pub fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
        let _ = _content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

use syn::parse::Parse;
