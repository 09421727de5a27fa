//! Parsing `#[serializer(...)]` and the declared fields of a `#[derive(ModelSerializer)]`
//! (serde's `attr.rs`): mistakes are recorded in the `Ctxt`, never returned.

use syn::meta::ParseNestedMeta;
use syn::{DeriveInput, Fields, Ident, LitStr, Path, Type};

use crate::attr::{FieldAttrs, skip_value};
use crate::ctxt::Ctxt;

/// DRF's `Meta.fields`: a list, or `"__all__"`.
pub(super) enum FieldList {
    Names(Vec<Ident>),
    All,
}

/// The `#[serializer(...)]` options of a model serializer.
#[derive(Default)]
pub(super) struct Container {
    pub model: Option<Path>,
    pub fields: Option<FieldList>,
    /// `exclude(...)`: the option's key (for the "both options" error) and the names.
    pub exclude: Option<(Ident, Vec<Ident>)>,
    /// DRF's `extra_kwargs`: field options by name, for fields the struct does not declare.
    pub extra_kwargs: Vec<(Ident, FieldAttrs)>,
    pub read_only: Vec<Ident>,
    pub write_only: Vec<Ident>,
    pub validate_fields: Vec<Ident>,
    pub unique_together: Vec<Vec<Ident>>,
    pub hooks: bool,
    /// DRF's `HyperlinkedModelSerializer`: the `url` field is the object's own hyperlink.
    pub hyperlinked: Option<Ident>,
    /// DRF's `url_field_name` (the `URL_FIELD_NAME` setting's default, `url`).
    pub url_field_name: Option<LitStr>,
    /// DRF's `depth`: forward relations render as nested serializers this many levels deep.
    pub depth: Option<(proc_macro2::Span, u8)>,
}

impl Container {
    /// The name of a hyperlinked serializer's identity field (`url` unless `url_field_name`).
    pub(super) fn url_field_name(&self) -> String {
        self.url_field_name.as_ref().map_or_else(|| "url".to_owned(), LitStr::value)
    }
}

fn ident_list(meta: &ParseNestedMeta) -> syn::Result<Vec<Ident>> {
    let mut out = Vec::new();
    meta.parse_nested_meta(|inner| {
        out.push(inner.path.require_ident()?.clone());
        Ok(())
    })?;
    Ok(out)
}

/// One `#[serializer(...)]` option of a model serializer and its parser.
struct ContainerOption {
    name: &'static str,
    parse: fn(&mut Container, &Ctxt, &ParseNestedMeta) -> syn::Result<()>,
}

/// Every `#[serializer(...)]` option; this one table drives both parsing and the
/// "expected one of" hint.
const OPTIONS: &[ContainerOption] = &[
    ContainerOption {
        name: "model",
        parse: |c, cx, m| {
            let model: Path = m.value()?.parse()?;
            if c.model.is_some() {
                duplicate(cx, m)
            } else {
                c.model = Some(model)
            }
            Ok(())
        },
    },
    ContainerOption { name: "fields", parse: parse_fields },
    ContainerOption {
        name: "exclude",
        parse: |c, cx, m| {
            let names = ident_list(m)?;
            if c.exclude.is_some() {
                duplicate(cx, m)
            } else {
                c.exclude = Some((m.path.require_ident()?.clone(), names))
            }
            Ok(())
        },
    },
    ContainerOption {
        name: "extra_kwargs",
        parse: |c, cx, m| {
            m.parse_nested_meta(|inner| {
                let name = inner.path.require_ident()?.clone();
                let attrs = FieldAttrs::from_nested(cx, &inner)?;
                c.extra_kwargs.push((name, attrs));
                Ok(())
            })
        },
    },
    // DRF's name is `read_only_fields`; `read_only` is the older restframe spelling.
    ContainerOption {
        name: "read_only_fields",
        parse: |c, _, m| {
            c.read_only.extend(ident_list(m)?);
            Ok(())
        },
    },
    ContainerOption {
        name: "read_only",
        parse: |c, _, m| {
            c.read_only.extend(ident_list(m)?);
            Ok(())
        },
    },
    ContainerOption {
        name: "write_only",
        parse: |c, _, m| {
            c.write_only.extend(ident_list(m)?);
            Ok(())
        },
    },
    ContainerOption {
        name: "validate_fields",
        parse: |c, _, m| {
            c.validate_fields.extend(ident_list(m)?);
            Ok(())
        },
    },
    ContainerOption {
        name: "unique_together",
        parse: |c, _, m| {
            c.unique_together.push(ident_list(m)?);
            Ok(())
        },
    },
    ContainerOption {
        name: "hooks",
        parse: |c, cx, m| {
            if c.hooks {
                duplicate(cx, m)
            } else {
                c.hooks = true
            }
            Ok(())
        },
    },
    ContainerOption {
        name: "hyperlinked",
        parse: |c, cx, m| {
            if c.hyperlinked.is_some() {
                duplicate(cx, m)
            } else {
                c.hyperlinked = Some(m.path.require_ident()?.clone())
            }
            Ok(())
        },
    },
    ContainerOption { name: "depth", parse: parse_depth },
    ContainerOption {
        name: "url_field_name",
        parse: |c, cx, m| {
            let name: LitStr = m.value()?.parse()?;
            if c.url_field_name.is_some() {
                duplicate(cx, m)
            } else {
                c.url_field_name = Some(name)
            }
            Ok(())
        },
    },
];

/// A repeated option, reported once at its second occurrence.
fn duplicate(cx: &Ctxt, meta: &ParseNestedMeta) {
    let name = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
    cx.syn_error(meta.error(format_args!("duplicate serializer option `{name}`")));
}

/// `depth = N`, with DRF's assertions (`0 <= depth <= 10`) as compile errors.
fn parse_depth(c: &mut Container, cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<()> {
    let value = meta.value()?;
    let negative = value.parse::<Option<syn::Token![-]>>()?.is_some();
    let lit: syn::LitInt = value.parse()?;
    let depth: u64 = lit.base10_parse()?;
    if negative && depth > 0 {
        cx.error_spanned_by(&lit, "'depth' may not be negative.");
    } else if depth > 10 {
        cx.error_spanned_by(&lit, "'depth' may not be greater than 10.");
    } else if c.depth.is_some() {
        duplicate(cx, meta);
    } else {
        c.depth = Some((lit.span(), depth as u8));
    }
    Ok(())
}

/// `fields(a, b)` or DRF's `fields = "__all__"`.
fn parse_fields(c: &mut Container, cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<()> {
    let names = if meta.input.peek(syn::Token![=]) {
        let lit: LitStr = meta.value()?.parse()?;
        if lit.value() != "__all__" {
            cx.error_spanned_by(
                &lit,
                "The `fields` option must be a list or tuple or \"__all__\". Got str. Write `fields(a, b)` or `fields = \"__all__\"`.",
            );
        }
        FieldList::All
    } else {
        FieldList::Names(ident_list(meta)?)
    };
    if c.fields.is_some() {
        duplicate(cx, meta);
    } else {
        c.fields = Some(names);
    }
    Ok(())
}

/// Parses every `#[serializer(...)]` attribute, recording mistakes in `cx`.
pub(super) fn parse_container(cx: &Ctxt, input: &DeriveInput) -> Container {
    let mut c = Container::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("serializer")) {
        let result = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            if let Some(option) = OPTIONS.iter().find(|o| o.name == key) {
                return (option.parse)(&mut c, cx, &meta);
            }
            let expected: Vec<&str> = OPTIONS.iter().map(|o| o.name).collect();
            cx.syn_error(
                meta.error(format_args!("unknown serializer option `{key}`; expected one of: {}", expected.join(", "))),
            );
            skip_value(&meta)
        });
        if let Err(err) = result {
            cx.syn_error(err);
        }
    }
    c
}

/// A named struct field: options for the model field of the same name, or a field of its own
/// (`method`). `extra_kwargs` entries become the same, without a type (`ty: None`).
pub(super) struct Declared<'a> {
    pub ident: Ident,
    pub ty: Option<&'a Type>,
    pub attrs: FieldAttrs,
}

/// The declared fields (a unit struct declares none).
pub(super) fn parse_declared<'a>(cx: &Ctxt, fields: &'a Fields) -> Vec<Declared<'a>> {
    match fields {
        Fields::Named(named) => named
            .named
            .iter()
            .filter_map(|f| {
                Some(Declared { ident: f.ident.clone()?, ty: Some(&f.ty), attrs: FieldAttrs::from_attrs(cx, &f.attrs) })
            })
            .collect(),
        Fields::Unit => Vec::new(),
        Fields::Unnamed(u) => {
            cx.error_spanned_by(u, "declare extra field options as named fields");
            Vec::new()
        }
    }
}

/// Moves `extra_kwargs` entries into the declared fields (without a type); an entry for a field
/// the struct declares is an error, since DRF would silently ignore it.
pub(super) fn add_extra_kwargs(cx: &Ctxt, c: &mut Container, declared: &mut Vec<Declared>) {
    for (ident, attrs) in std::mem::take(&mut c.extra_kwargs) {
        if declared.iter().any(|d| d.ident == ident) {
            cx.error_spanned_by(
                &ident,
                format!("`{ident}` is declared on the serializer, so DRF ignores its `extra_kwargs`: put the options on the declared field"),
            );
        } else {
            declared.push(Declared { ident, ty: None, attrs });
        }
    }
}
