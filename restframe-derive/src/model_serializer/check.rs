//! Cross-cutting checks of a `#[derive(ModelSerializer)]` (serde's `check.rs`): rules that look
//! at more than one option, each error spanned at the offending name.

use syn::{DeriveInput, Ident};

use super::parse::{Container, Declared};
use crate::ctxt::Ctxt;
use crate::spec;

/// Checks the container against the declared fields; `names` is the `fields(...)` list.
pub(super) fn check(cx: &Ctxt, input: &DeriveInput, c: &Container, names: &[Ident], declared: &[Declared]) {
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            cx.error_spanned_by(name, format!("`{name}` is listed twice in `fields(...)`"));
        }
    }
    check_listed(cx, &c.read_only, names, "read_only");
    check_listed(cx, &c.write_only, names, "write_only");
    check_listed(cx, &c.validate_fields, names, "validate_fields");
    for group in &c.unique_together {
        check_listed(cx, group, names, "unique_together");
    }
    for ident in &c.write_only {
        if c.read_only.contains(ident) {
            cx.error_spanned_by(ident, "May not set both `read_only` and `write_only`");
        }
    }
    for field in declared {
        if names.contains(field.ident) {
            check_declared(cx, input, c, field);
        } else {
            cx.error_spanned_by(
                field.ident,
                format!(
                    "The field '{}' was declared on serializer {}, but has not been included in the 'fields' option.",
                    field.ident, input.ident
                ),
            );
        }
    }
}

fn check_listed(cx: &Ctxt, list: &[Ident], fields: &[Ident], option: &str) {
    for ident in list {
        if !fields.contains(ident) {
            cx.error_spanned_by(
                ident,
                format!("`{ident}` in `{option}(...)` is not one of the serializer's `fields(...)`"),
            );
        }
    }
}

/// The options of one declared field, plus what a model serializer field cannot take.
fn check_declared(cx: &Ctxt, input: &DeriveInput, c: &Container, field: &Declared) {
    let (name, attrs) = (field.ident, &field.attrs);
    spec::check(cx, attrs, field.ty);
    if let Some(source) = &attrs.source {
        if *name == source.value.value() {
            cx.syn_error(syn::Error::new(
                source.span,
                format!(
                    "It is redundant to specify `source='{name}'` on field '{name}' in serializer '{}', because it is the same as the field name. Remove the `source` keyword argument.",
                    input.ident
                ),
            ));
        }
        if source.value.parse::<Ident>().is_err() {
            cx.error_spanned_by(&source.value, "`source` must name a model field (dotted paths are not supported)");
        }
    }
    if attrs.nested.is_some() || attrs.many.is_some() {
        cx.error_spanned_by(
            field.ty,
            "nested serializers are not supported on ModelSerializer fields; write the nested logic in `create`/`update`",
        );
    }
    if let Some(default) = &attrs.default {
        cx.syn_error(syn::Error::new(
            default.span,
            "`default` on a model field belongs on the model: `#[restframe(default = ...)]`",
        ));
    }
    if c.read_only.contains(name) && attrs.write_only.is_some() {
        cx.error_spanned_by(name, "May not set both `read_only` and `write_only`");
    }
}
