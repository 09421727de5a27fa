//! Parsing `#[serializer(...)]` and the declared fields of a `#[derive(ModelSerializer)]`
//! (serde's `attr.rs`): mistakes are recorded in the `Ctxt`, never returned.

use syn::{DeriveInput, Fields, Ident, LitStr, Path, Type};

use crate::attr::{FieldAttrs, skip_value};
use crate::ctxt::Ctxt;

const OPTIONS: &str = "model, fields, read_only, write_only, validate_fields, unique_together, hooks";

/// The `#[serializer(...)]` options of a model serializer.
#[derive(Default)]
pub struct Container {
    pub model: Option<Path>,
    pub fields: Option<Vec<Ident>>,
    pub read_only: Vec<Ident>,
    pub write_only: Vec<Ident>,
    pub validate_fields: Vec<Ident>,
    pub unique_together: Vec<Vec<Ident>>,
    pub hooks: bool,
}

fn ident_list(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Vec<Ident>> {
    let mut out = Vec::new();
    meta.parse_nested_meta(|inner| {
        out.push(inner.path.require_ident()?.clone());
        Ok(())
    })?;
    Ok(out)
}

pub fn parse_container(cx: &Ctxt, input: &DeriveInput) -> Container {
    let mut c = Container::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("serializer")) {
        let result = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            match key.as_str() {
                "model" => c.model = Some(meta.value()?.parse()?),
                "fields" if meta.input.peek(syn::Token![=]) => {
                    let lit: LitStr = meta.value()?.parse()?;
                    cx.error_spanned_by(
                        &lit,
                        "list the fields explicitly: `fields(id, name, ...)`; `\"__all__\"` needs the model's field \
                         list at compile time, which a derive cannot see",
                    );
                    c.fields = Some(Vec::new());
                }
                "fields" => c.fields = Some(ident_list(&meta)?),
                "exclude" => {
                    cx.syn_error(meta.error("`exclude` is not supported; list the exposed fields with `fields(...)`"));
                    skip_value(&meta)?;
                }
                "read_only" => c.read_only.extend(ident_list(&meta)?),
                "write_only" => c.write_only.extend(ident_list(&meta)?),
                "validate_fields" => c.validate_fields.extend(ident_list(&meta)?),
                "unique_together" => c.unique_together.push(ident_list(&meta)?),
                "hooks" => c.hooks = true,
                _ => {
                    cx.syn_error(
                        meta.error(format_args!("unknown serializer option `{key}`; expected one of: {OPTIONS}")),
                    );
                    skip_value(&meta)?;
                }
            }
            Ok(())
        });
        if let Err(err) = result {
            cx.syn_error(err);
        }
    }
    c
}

/// A named struct field: it only carries options for the serializer field of the same name.
pub struct Declared<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub attrs: FieldAttrs,
}

/// The declared fields (a unit struct declares none).
pub fn parse_declared<'a>(cx: &Ctxt, fields: &'a Fields) -> Vec<Declared<'a>> {
    match fields {
        Fields::Named(named) => named
            .named
            .iter()
            .filter_map(|f| {
                Some(Declared { ident: f.ident.as_ref()?, ty: &f.ty, attrs: FieldAttrs::from_attrs(cx, &f.attrs) })
            })
            .collect(),
        Fields::Unit => Vec::new(),
        Fields::Unnamed(u) => {
            cx.error_spanned_by(u, "declare extra field options as named fields");
            Vec::new()
        }
    }
}
