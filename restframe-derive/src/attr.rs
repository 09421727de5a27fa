//! Parsing `#[field(...)]` into a [`FieldAttrs`] model (each option remembers its span).

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::parse::Parse;
use syn::{Expr, LitFloat, LitInt, LitStr, Token};

use crate::ctxt::Ctxt;

/// A flag or value with the span of its key, so errors can point at it.
pub(crate) struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// A numeric bound literal (`min_value = -5`, `max_value = 2.5`).
pub(crate) enum Bound {
    Int(i64),
    Float(f64),
}

/// The `String` field class chosen by an option.
#[derive(Clone)]
pub(crate) enum KindAttr {
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
pub(crate) struct FieldAttrs {
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
    pub label: Option<Spanned<LitStr>>,
    pub help_text: Option<Spanned<LitStr>>,
    pub max_digits: Option<Spanned<u32>>,
    pub decimal_places: Option<Spanned<u32>>,
    pub coerce_to_string: Option<Spanned<bool>>,
    pub int_choices: Option<Spanned<Vec<LitInt>>>,
    /// The labels of `choices((value, "label"), ..)`, one per value.
    pub choice_labels: Option<Vec<LitStr>>,
    pub protocol: Option<Spanned<LitStr>>,
    /// DRF's `SerializerMethodField(method_name=...)`: `method` or `method = "get_x"`.
    pub method: Option<Spanned<Option<LitStr>>>,
    /// drf-spectacular's `@extend_schema_field` on a method field: its OpenAPI schema as JSON
    /// text, instead of the one its return type maps to.
    pub schema: Option<Spanned<LitStr>>,
    /// DRF's `HiddenField(default=...)`: never read from input nor rendered.
    pub hidden: Option<Spanned<()>>,
    /// DRF's `HyperlinkedIdentityField(view_name=..., lookup_field=..., lookup_url_kwarg=...)`.
    pub hyperlinked_identity: Option<Spanned<IdentityAttrs>>,
    /// DRF's `view_name` (in `extra_kwargs` of a hyperlinked serializer's `url` field).
    pub view_name: Option<Spanned<LitStr>>,
    /// DRF's `lookup_field` (in `extra_kwargs` of a hyperlinked serializer's `url` field).
    pub lookup_field: Option<Spanned<LitStr>>,
    /// DRF's `lookup_url_kwarg` (in `extra_kwargs` of a hyperlinked serializer's `url` field).
    pub lookup_url_kwarg: Option<Spanned<LitStr>>,
    /// DRF's relational field classes: `primary_key_related`, `slug_related(slug_field = "..")`,
    /// `hyperlinked_related(view_name = "..", ..)`, `string_related`.
    pub related: Option<Spanned<RelatedAttrs>>,
    /// DRF's `queryset=`: a `fn(&Context) -> Select<Entity>` limiting what a related field
    /// may choose.
    pub queryset: Option<Spanned<Expr>>,
    /// The reverse side of another model's foreign key, for a model you cannot annotate
    /// (`reverse_of = book::Model::RELS.added_by`).
    pub reverse_of: Option<Spanned<Expr>>,
    /// Set by a model serializer's `depth` (never parsed): the relation renders as DRF's nested
    /// serializer of this depth (`depth - 1`); `true` for a to-many relation.
    pub nested_depth: Option<Spanned<(u8, bool)>>,
}

/// Which relational field class a related field is.
pub(crate) enum RelatedAttrs {
    PrimaryKey,
    Slug(Option<LitStr>),
    Hyperlink(IdentityAttrs),
    String,
}

impl RelatedAttrs {
    /// The option's name (`slug_related`).
    pub(crate) fn name(&self) -> &'static str {
        match self {
            RelatedAttrs::PrimaryKey => "primary_key_related",
            RelatedAttrs::Slug(_) => "slug_related",
            RelatedAttrs::Hyperlink(_) => "hyperlinked_related",
            RelatedAttrs::String => "string_related",
        }
    }
}

/// `slug_related(slug_field = "slug")`.
fn parse_slug(meta: &ParseNestedMeta) -> syn::Result<RelatedAttrs> {
    let mut slug_field = None;
    if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| {
            if path_name(&inner) != "slug_field" {
                return Err(inner.error("unknown `slug_related` option; expected `slug_field`"));
            }
            slug_field = Some(inner.value()?.parse()?);
            Ok(())
        })?;
    }
    Ok(RelatedAttrs::Slug(slug_field))
}

/// Records the relational field class; a second one is reported at its key.
fn set_related(cx: &Ctxt, a: &mut FieldAttrs, meta: &ParseNestedMeta, related: RelatedAttrs) -> syn::Result<()> {
    if a.related.is_some() {
        cx.syn_error(
            meta.error(format_args!("conflicting relational field classes: `{}` and an earlier one", path_name(meta))),
        );
        return Ok(());
    }
    set(cx, &mut a.related, meta, related)
}

/// The options of `hyperlinked_identity(...)`.
#[derive(Default)]
pub(crate) struct IdentityAttrs {
    pub view_name: Option<LitStr>,
    pub lookup_field: Option<LitStr>,
    pub lookup_url_kwarg: Option<LitStr>,
}

fn parse_identity(meta: &ParseNestedMeta) -> syn::Result<IdentityAttrs> {
    let mut out = IdentityAttrs::default();
    // Bare, it lacks `view_name`: the derive reports that as DRF does.
    if !meta.input.peek(syn::token::Paren) {
        return Ok(out);
    }
    meta.parse_nested_meta(|inner| {
        let slot = match path_name(&inner).as_str() {
            "view_name" => &mut out.view_name,
            "lookup_field" => &mut out.lookup_field,
            "lookup_url_kwarg" => &mut out.lookup_url_kwarg,
            _ => {
                return Err(inner.error(format_args!(
                    "unknown `{}` option; expected `view_name`, `lookup_field` or `lookup_url_kwarg`",
                    path_name(meta)
                )));
            }
        };
        *slot = Some(inner.value()?.parse()?);
        Ok(())
    })?;
    Ok(out)
}

/// Records an option's value; a repeated option is reported once, at its second occurrence
/// (serde's `Attr::set`). Returns `Ok` so parsers in the option table can end with it.
fn set<T>(cx: &Ctxt, slot: &mut Option<Spanned<T>>, meta: &ParseNestedMeta, value: T) -> syn::Result<()> {
    let span = meta.path.get_ident().map(|i| i.span()).unwrap_or_else(Span::call_site);
    if slot.is_some() {
        cx.syn_error(meta.error(format_args!("duplicate field option `{}`", path_name(meta))));
    } else {
        *slot = Some(Spanned { value, span });
    }
    Ok(())
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
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> Self {
        let mut out = FieldAttrs::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("field")) {
            if let Err(err) = attr.parse_nested_meta(|meta| out.parse_one(cx, &meta, false)) {
                cx.syn_error(err);
            }
        }
        out
    }

    /// Parses the options of one `name(...)` entry of a container list (`extra_kwargs`).
    pub(crate) fn from_nested(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Self> {
        let mut out = FieldAttrs::default();
        meta.parse_nested_meta(|inner| out.parse_one(cx, &inner, false))?;
        Ok(out)
    }

    /// Records the string field class; a second one is reported at its key.
    fn set_kind(&mut self, cx: &Ctxt, meta: &ParseNestedMeta, kind: KindAttr) -> syn::Result<()> {
        if self.kind.is_some() {
            cx.syn_error(meta.error(format_args!(
                "conflicting field classes: `{}` and an earlier one (`email`, `url`, `slug`, `uuid`, `regex`, `choices`, `decimal`)",
                path_name(meta)
            )));
        } else {
            let span = meta.path.get_ident().map(|i| i.span()).unwrap_or_else(Span::call_site);
            self.kind = Some(Spanned { value: kind, span });
        }
        Ok(())
    }

    fn parse_one(&mut self, cx: &Ctxt, meta: &ParseNestedMeta, in_child: bool) -> syn::Result<()> {
        let name = path_name(meta);
        match FIELD_OPTIONS.iter().find(|o| o.name == name && (o.in_child || !in_child)) {
            Some(option) => (option.parse)(self, cx, meta)?,
            None if in_child => {
                return Err(meta
                    .error(format_args!("unknown `child` option `{name}`; expected one of: {}", option_names(true))));
            }
            None => {
                cx.syn_error(
                    meta.error(format_args!("unknown field option `{name}`; expected one of: {}", option_names(false))),
                );
                skip_value(meta)?;
            }
        }
        Ok(())
    }

    /// `choices("a", "b")` (a string `ChoiceField`) or `choices(1, -2)` (integer choices, which
    /// are no string field class), each form also as `(value, "label")` pairs.
    fn parse_choices(&mut self, cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<()> {
        let list = parse_choice_list(meta)?;
        self.choice_labels = list.labels;
        if !list.ints.is_empty() {
            return set(cx, &mut self.int_choices, meta, list.ints);
        }
        self.set_kind(cx, meta, KindAttr::Choices(list.strings))
    }

    fn parse_decimal(&mut self, cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<()> {
        let (mut max_digits, mut decimal_places) = (None, None);
        meta.parse_nested_meta(|inner| {
            let key = path_name(&inner);
            let value = inner.value()?.parse::<LitInt>()?.base10_parse::<u32>()?;
            match key.as_str() {
                "max_digits" => max_digits = Some(value),
                "decimal_places" => decimal_places = Some(value),
                _ => return Err(inner.error("unknown `decimal` option; expected `max_digits` or `decimal_places`")),
            }
            Ok(())
        })?;
        self.set_kind(cx, meta, KindAttr::Decimal { max_digits, decimal_places })
    }
}

/// One `#[field(...)]` option: its name, whether `child(...)` takes it too, and its parser.
struct FieldOption {
    name: &'static str,
    in_child: bool,
    parse: fn(&mut FieldAttrs, &Ctxt, &ParseNestedMeta) -> syn::Result<()>,
}

/// Every `#[field(...)]` option. This one table drives both parsing and the "expected one of"
/// hints, so the two cannot drift apart.
const FIELD_OPTIONS: &[FieldOption] = &[
    FieldOption { name: "read_only", in_child: false, parse: |a, cx, m| set(cx, &mut a.read_only, m, ()) },
    FieldOption { name: "write_only", in_child: false, parse: |a, cx, m| set(cx, &mut a.write_only, m, ()) },
    FieldOption { name: "required", in_child: false, parse: |a, cx, m| set(cx, &mut a.required, m, parse_bool(m)?) },
    FieldOption { name: "default", in_child: false, parse: |a, cx, m| set(cx, &mut a.default, m, m.value()?.parse()?) },
    FieldOption { name: "allow_null", in_child: true, parse: |a, cx, m| set(cx, &mut a.allow_null, m, parse_bool(m)?) },
    FieldOption {
        name: "allow_blank",
        in_child: true,
        parse: |a, cx, m| set(cx, &mut a.allow_blank, m, parse_bool(m)?),
    },
    FieldOption {
        name: "trim_whitespace",
        in_child: true,
        parse: |a, cx, m| set(cx, &mut a.trim_whitespace, m, parse_bool(m)?),
    },
    FieldOption {
        name: "allow_empty",
        in_child: true,
        parse: |a, cx, m| set(cx, &mut a.allow_empty, m, parse_bool(m)?),
    },
    FieldOption {
        name: "min_length",
        in_child: true,
        parse: |a, cx, m| set(cx, &mut a.min_length, m, parse_usize(m)?),
    },
    FieldOption {
        name: "max_length",
        in_child: true,
        parse: |a, cx, m| set(cx, &mut a.max_length, m, parse_usize(m)?),
    },
    FieldOption { name: "min_value", in_child: true, parse: |a, cx, m| set(cx, &mut a.min_value, m, parse_bound(m)?) },
    FieldOption { name: "max_value", in_child: true, parse: |a, cx, m| set(cx, &mut a.max_value, m, parse_bound(m)?) },
    FieldOption { name: "email", in_child: true, parse: |a, cx, m| a.set_kind(cx, m, KindAttr::Email) },
    FieldOption { name: "url", in_child: true, parse: |a, cx, m| a.set_kind(cx, m, KindAttr::Url) },
    FieldOption { name: "slug", in_child: true, parse: |a, cx, m| a.set_kind(cx, m, KindAttr::Slug) },
    FieldOption { name: "unicode_slug", in_child: true, parse: |a, cx, m| a.set_kind(cx, m, KindAttr::UnicodeSlug) },
    FieldOption { name: "uuid", in_child: true, parse: |a, cx, m| a.set_kind(cx, m, KindAttr::Uuid) },
    FieldOption {
        name: "regex",
        in_child: true,
        parse: |a, cx, m| a.set_kind(cx, m, KindAttr::Regex(m.value()?.parse()?)),
    },
    FieldOption { name: "choices", in_child: true, parse: |a, cx, m| a.parse_choices(cx, m) },
    FieldOption { name: "decimal", in_child: true, parse: |a, cx, m| a.parse_decimal(cx, m) },
    FieldOption {
        name: "max_digits",
        in_child: true,
        parse: |a, cx, m| set(cx, &mut a.max_digits, m, m.value()?.parse::<LitInt>()?.base10_parse()?),
    },
    FieldOption {
        name: "decimal_places",
        in_child: true,
        parse: |a, cx, m| set(cx, &mut a.decimal_places, m, m.value()?.parse::<LitInt>()?.base10_parse()?),
    },
    FieldOption {
        name: "coerce_to_string",
        in_child: true,
        parse: |a, cx, m| set(cx, &mut a.coerce_to_string, m, parse_bool(m)?),
    },
    FieldOption {
        name: "protocol",
        in_child: true,
        parse: |a, cx, m| {
            let value: LitStr = m.value()?.parse()?;
            if !["both", "ipv4", "ipv6"].contains(&value.value().to_lowercase().as_str()) {
                return Err(syn::Error::new(value.span(), "`protocol` is \"both\", \"ipv4\" or \"ipv6\""));
            }
            set(cx, &mut a.protocol, m, value)
        },
    },
    FieldOption {
        name: "error_messages",
        in_child: true,
        parse: |a, _, m| {
            m.parse_nested_meta(|inner| {
                let key = inner.path.require_ident()?;
                let msg = inner.value()?.parse::<LitStr>()?;
                a.error_messages.push((LitStr::new(&key.to_string(), key.span()), msg));
                Ok(())
            })
        },
    },
    FieldOption {
        name: "validators",
        in_child: false,
        parse: |a, _, m| {
            let value = m.value()?;
            let content;
            syn::bracketed!(content in value);
            a.validators.extend(content.parse_terminated(Expr::parse, Token![,])?);
            Ok(())
        },
    },
    FieldOption { name: "label", in_child: true, parse: |a, cx, m| set(cx, &mut a.label, m, m.value()?.parse()?) },
    FieldOption {
        name: "help_text",
        in_child: true,
        parse: |a, cx, m| set(cx, &mut a.help_text, m, m.value()?.parse()?),
    },
    FieldOption { name: "validate", in_child: false, parse: |a, cx, m| set(cx, &mut a.validate, m, ()) },
    FieldOption { name: "source", in_child: false, parse: |a, cx, m| set(cx, &mut a.source, m, m.value()?.parse()?) },
    FieldOption { name: "nested", in_child: false, parse: |a, cx, m| set(cx, &mut a.nested, m, ()) },
    FieldOption { name: "many", in_child: false, parse: |a, cx, m| set(cx, &mut a.many, m, ()) },
    FieldOption {
        name: "method",
        in_child: false,
        parse: |a, cx, m| {
            let name = if m.input.peek(Token![=]) { Some(m.value()?.parse()?) } else { None };
            set(cx, &mut a.method, m, name)
        },
    },
    FieldOption { name: "schema", in_child: false, parse: |a, cx, m| set(cx, &mut a.schema, m, m.value()?.parse()?) },
    FieldOption { name: "hidden", in_child: false, parse: |a, cx, m| set(cx, &mut a.hidden, m, ()) },
    FieldOption {
        name: "hyperlinked_identity",
        in_child: false,
        parse: |a, cx, m| set(cx, &mut a.hyperlinked_identity, m, parse_identity(m)?),
    },
    FieldOption {
        name: "view_name",
        in_child: false,
        parse: |a, cx, m| set(cx, &mut a.view_name, m, m.value()?.parse()?),
    },
    FieldOption {
        name: "lookup_field",
        in_child: false,
        parse: |a, cx, m| set(cx, &mut a.lookup_field, m, m.value()?.parse()?),
    },
    FieldOption {
        name: "lookup_url_kwarg",
        in_child: false,
        parse: |a, cx, m| set(cx, &mut a.lookup_url_kwarg, m, m.value()?.parse()?),
    },
    FieldOption {
        name: "primary_key_related",
        in_child: false,
        parse: |a, cx, m| set_related(cx, a, m, RelatedAttrs::PrimaryKey),
    },
    FieldOption { name: "slug_related", in_child: false, parse: |a, cx, m| set_related(cx, a, m, parse_slug(m)?) },
    FieldOption {
        name: "hyperlinked_related",
        in_child: false,
        parse: |a, cx, m| set_related(cx, a, m, RelatedAttrs::Hyperlink(parse_identity(m)?)),
    },
    FieldOption {
        name: "string_related",
        in_child: false,
        parse: |a, cx, m| set_related(cx, a, m, RelatedAttrs::String),
    },
    FieldOption {
        name: "queryset",
        in_child: false,
        parse: |a, cx, m| set(cx, &mut a.queryset, m, m.value()?.parse()?),
    },
    FieldOption {
        name: "reverse_of",
        in_child: false,
        parse: |a, cx, m| set(cx, &mut a.reverse_of, m, m.value()?.parse()?),
    },
    FieldOption {
        name: "child",
        in_child: false,
        parse: |a, cx, m| {
            let mut child = FieldAttrs::default();
            m.parse_nested_meta(|inner| child.parse_one(cx, &inner, true))?;
            a.child = Some(Box::new(child));
            Ok(())
        },
    },
];

/// The options `#[field(...)]` (or `child(...)`) takes, for the "expected one of" hint.
fn option_names(in_child: bool) -> String {
    let names: Vec<&str> = FIELD_OPTIONS.iter().filter(|o| o.in_child || !in_child).map(|o| o.name).collect();
    names.join(", ")
}

fn parse_usize(meta: &ParseNestedMeta) -> syn::Result<usize> {
    meta.value()?.parse::<LitInt>()?.base10_parse()
}

/// Consumes an unknown option's `= value` or `(...)` so parsing continues with the next one.
pub(crate) fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
        let _ = _content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

/// The values of a `choices(...)` option (strings or integers), with their labels when given
/// as Django's `(value, "label")` pairs.
pub(crate) struct ChoiceList {
    pub strings: Vec<LitStr>,
    pub ints: Vec<LitInt>,
    pub labels: Option<Vec<LitStr>>,
}

/// Parses `choices("a", "b")`, `choices(1, -2)` or `choices(("a", "A"), ("b", "B"))`: all
/// values or all pairs, all strings or all integers.
pub(crate) fn parse_choice_list(meta: &ParseNestedMeta) -> syn::Result<ChoiceList> {
    let mut list = ChoiceList { strings: Vec::new(), ints: Vec::new(), labels: None };
    let mut labels = Vec::new();
    let mut labelled = None;
    let content;
    syn::parenthesized!(content in meta.input);
    while !content.is_empty() {
        let is_pair = content.peek(syn::token::Paren);
        if *labelled.get_or_insert(is_pair) != is_pair {
            return Err(content
                .error("`choices` are all values (`\"a\", \"b\"`) or all `(value, \"label\")` pairs, as Django's"));
        }
        if is_pair {
            let pair;
            syn::parenthesized!(pair in content);
            let value_span = pair.span();
            parse_choice_value(&pair, &mut list)?;
            if pair.is_empty() {
                return Err(syn::Error::new(value_span, "this choice has no label: `(\"draft\", \"Draft\")`"));
            }
            pair.parse::<Token![,]>()?;
            if !pair.peek(LitStr) {
                return Err(pair.error("a choice's label is a string: `(\"draft\", \"Draft\")`"));
            }
            labels.push(pair.parse::<LitStr>()?);
            let _ = pair.parse::<Option<Token![,]>>()?;
            if !pair.is_empty() {
                return Err(pair.error("a choice is a `(value, \"label\")` pair"));
            }
        } else {
            parse_choice_value(&content, &mut list)?;
        }
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    if !list.ints.is_empty() && !list.strings.is_empty() {
        return Err(meta.error("`choices` are all strings (a `String` field) or all integers (an integer field)"));
    }
    if labelled == Some(true) {
        list.labels = Some(labels);
    }
    Ok(list)
}

/// One choice value: a string, or an integer (`-2`).
fn parse_choice_value(input: syn::parse::ParseStream, list: &mut ChoiceList) -> syn::Result<()> {
    if input.peek(LitStr) {
        list.strings.push(input.parse::<LitStr>()?);
        return Ok(());
    }
    let negative = input.parse::<Option<Token![-]>>()?.is_some();
    let lit = input.parse::<LitInt>()?;
    let value = lit.base10_parse::<i64>()?;
    list.ints.push(LitInt::new(&(if negative { -value } else { value }).to_string(), lit.span()));
    Ok(())
}
