//! Cross-cutting checks of a `#[derive(ModelSerializer)]` (serde's `check.rs`): rules that look
//! at more than one option, each error spanned at the offending name.

use syn::{DeriveInput, Ident, LitStr};

use super::parse::{Container, Declared};
use crate::attr::{IdentityAttrs, RelatedAttrs, Spanned};
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
        if names.contains(&field.ident) {
            check_declared(cx, input, c, field);
        } else if field.ty.is_none() {
            let ident = &field.ident;
            cx.error_spanned_by(
                ident,
                format!("`{ident}` in `extra_kwargs(...)` is not one of the serializer's fields"),
            );
        } else {
            cx.error_spanned_by(
                &field.ident,
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
    let (name, attrs) = (&field.ident, &field.attrs);
    // A relational field's struct type documents what it renders; its options are its own.
    if attrs.related.is_some() || attrs.queryset.is_some() || attrs.reverse_of.is_some() {
        check_related(cx, field);
        return;
    }
    let dotted = attrs.source.as_ref().is_some_and(|s| s.value.value().contains('.'));
    match field.ty {
        // A dotted source is typed as its target column; `allow_null` is about the path (a null
        // foreign key on the way), so the value's type need not hold a null.
        Some(ty) if dotted => spec::check(cx, attrs, &syn::parse_quote!(::core::option::Option<#ty>)),
        Some(ty) => spec::check(cx, attrs, ty),
        // An `extra_kwargs` entry: the model column's type holds the value, so the checks of a
        // struct field's type do not apply (`Option<()>` passes them).
        None => spec::check(cx, attrs, &syn::parse_quote!(::core::option::Option<()>)),
    }
    if let Some(method) = &attrs.method {
        check_method(cx, input, field, method);
        return;
    }
    if let Some(schema) = &attrs.schema {
        cx.syn_error(syn::Error::new(
            schema.span,
            "`schema` documents what a `method` field returns (drf-spectacular's `@extend_schema_field`); other fields are typed by their model field",
        ));
    }
    if let Some(identity) = &attrs.hyperlinked_identity {
        check_identity(cx, field, identity);
        return;
    }
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
        let path = source.value.value();
        if !super::sources::valid_path(&path) {
            cx.error_spanned_by(
                &source.value,
                "`source` is a model field, a dotted path through foreign keys ending in a field (`author.name`), or `*`",
            );
        } else if path == "*" && attrs.nested.is_none() {
            cx.error_spanned_by(
                &source.value,
                "`source = \"*\"` (the whole instance) goes on a `nested` serializer field",
            );
        } else if path.contains('.') && attrs.nested.is_none() {
            check_reached(cx, field, "a dotted `source` field is DRF's `ReadOnlyField`");
        }
    }
    // `many` without `nested` is reported by `spec::check`.
    if attrs.nested.is_some() {
        check_reached(cx, field, "a `nested` field is read-only (DRF's nested default)");
    }
    check_url_options(cx, c, field);
    match (&attrs.hidden, &attrs.default) {
        (Some(hidden), None) => cx.syn_error(syn::Error::new(hidden.span, "default is a required argument.")),
        (None, Some(default)) => cx.syn_error(syn::Error::new(
            default.span,
            "`default` on a model field belongs on the model: `#[restframe(default = ...)]` (or make it `hidden`)",
        )),
        _ => {}
    }
    if let (Some(hidden), true) = (&attrs.hidden, attrs.read_only.is_some() || attrs.write_only.is_some()) {
        cx.syn_error(syn::Error::new(
            hidden.span,
            "a `hidden` field is never rendered nor read from input: drop `read_only`/`write_only`",
        ));
    }
    if c.read_only.contains(name) && attrs.write_only.is_some() {
        cx.error_spanned_by(name, "May not set both `read_only` and `write_only`");
    }
}

/// A field reached through relations (a dotted `source`, a nested serializer): a struct field
/// (its type is what it renders) and read-only, as DRF's default `create()` refuses writable
/// nested and dotted-source fields.
fn check_reached(cx: &Ctxt, field: &Declared, what: &str) {
    let attrs = &field.attrs;
    if field.ty.is_none() {
        cx.error_spanned_by(&field.ident, format!("{what}: declare it as a struct field, typed by what it renders"));
    }
    let conflicts = [
        ("write_only", attrs.write_only.as_ref().map(|s| s.span)),
        ("hidden", attrs.hidden.as_ref().map(|s| s.span)),
        ("default", attrs.default.as_ref().map(|s| s.span)),
        ("validate", attrs.validate.as_ref().map(|s| s.span)),
        ("method", attrs.method.as_ref().map(|s| s.span)),
        ("hyperlinked_identity", attrs.hyperlinked_identity.as_ref().map(|s| s.span)),
    ];
    for (option, span) in conflicts {
        if let Some(span) = span {
            cx.syn_error(syn::Error::new(span, format!("{what}: `{option}` does not apply")));
        }
    }
    if let Some(validator) = attrs.validators.first() {
        cx.error_spanned_by(validator, format!("{what}: `validators` do not apply"));
    }
}

/// `view_name`, `lookup_field` and `lookup_url_kwarg` configure a hyperlinked serializer's
/// `url` field (DRF's `extra_kwargs = {'url': {'lookup_field': ...}}`).
fn check_url_options(cx: &Ctxt, c: &Container, field: &Declared) {
    let attrs = &field.attrs;
    let is_url = c.hyperlinked.is_some() && field.ident == c.url_field_name() && field.ty.is_none();
    let options = [
        ("view_name", attrs.view_name.as_ref().map(|s| s.span)),
        ("lookup_field", attrs.lookup_field.as_ref().map(|s| s.span)),
        ("lookup_url_kwarg", attrs.lookup_url_kwarg.as_ref().map(|s| s.span)),
    ];
    for (option, span) in options {
        if let (Some(span), false) = (span, is_url) {
            cx.syn_error(syn::Error::new(
                span,
                format!(
                    "`{option}` configures the `{}` field of a `#[serializer(hyperlinked)]` serializer, in `extra_kwargs(...)` \
                     (a declared field takes `hyperlinked_identity({option} = ...)`)",
                    c.url_field_name()
                ),
            ));
        }
    }
}

/// DRF's `SerializerMethodField`: read-only, typed by its struct field, named `get_<field>`
/// unless `method = "..."` says otherwise.
fn check_method(cx: &Ctxt, input: &DeriveInput, field: &Declared, method: &Spanned<Option<LitStr>>) {
    let name = &field.ident;
    if field.ty.is_none() {
        cx.syn_error(syn::Error::new(
            method.span,
            "a `method` field is declared as a struct field: its type is what the method returns",
        ));
    }
    if let Some(lit) = &method.value
        && lit.value() == format!("get_{name}")
    {
        cx.error_spanned_by(
            lit,
            format!(
                "It is redundant to specify `get_{name}` on SerializerMethodField '{name}' in serializer '{}', because it is the same as the default method name. Remove the `method_name` argument.",
                input.ident
            ),
        );
    }
    let attrs = &field.attrs;
    if let Some(schema) = &attrs.schema
        && !is_json_object(&schema.value.value())
    {
        cx.error_spanned_by(
            &schema.value,
            "`schema` is the field's OpenAPI schema as a JSON object: `schema = r#\"{\"type\": \"object\"}\"#`",
        );
    }
    let conflicts = [
        ("source", attrs.source.as_ref().map(|s| s.span)),
        ("write_only", attrs.write_only.as_ref().map(|s| s.span)),
        ("hidden", attrs.hidden.as_ref().map(|s| s.span)),
        ("default", attrs.default.as_ref().map(|s| s.span)),
        ("validate", attrs.validate.as_ref().map(|s| s.span)),
        ("nested", attrs.nested.as_ref().map(|s| s.span)),
        ("hyperlinked_identity", attrs.hyperlinked_identity.as_ref().map(|s| s.span)),
    ];
    for (option, span) in conflicts {
        if let Some(span) = span {
            cx.syn_error(syn::Error::new(span, format!("a `method` field is read-only: `{option}` does not apply")));
        }
    }
    if !attrs.validators.is_empty() {
        cx.syn_error(syn::Error::new(method.span, "a `method` field is read-only: `validators` do not apply"));
    }
}

/// Whether `text` looks like one JSON object (`{...}`): the `schema` of a method field. Its
/// content is parsed when the document is built (a malformed one documents `{}`).
fn is_json_object(text: &str) -> bool {
    let text = text.trim();
    text.starts_with('{') && text.ends_with('}')
}

/// DRF's `HyperlinkedIdentityField`: read-only, needs `view_name`, is a field of its own.
fn check_identity(cx: &Ctxt, field: &Declared, identity: &Spanned<IdentityAttrs>) {
    if identity.value.view_name.is_none() {
        cx.syn_error(syn::Error::new(identity.span, "The `view_name` argument is required."));
    }
    if field.ty.is_none() {
        cx.syn_error(syn::Error::new(
            identity.span,
            "a `hyperlinked_identity` field is declared as a struct field (`url: String`)",
        ));
    }
    let attrs = &field.attrs;
    let conflicts = [
        ("method", attrs.method.as_ref().map(|s| s.span)),
        ("source", attrs.source.as_ref().map(|s| s.span)),
        ("write_only", attrs.write_only.as_ref().map(|s| s.span)),
        ("hidden", attrs.hidden.as_ref().map(|s| s.span)),
        ("default", attrs.default.as_ref().map(|s| s.span)),
        ("validate", attrs.validate.as_ref().map(|s| s.span)),
    ];
    for (option, span) in conflicts {
        if let Some(span) = span {
            cx.syn_error(syn::Error::new(
                span,
                format!("a `hyperlinked_identity` field is read-only: `{option}` does not apply"),
            ));
        }
    }
}

/// DRF's relational fields: a class, a `queryset` exactly when writable (DRF's assertions), and
/// none of the options of other field kinds.
fn check_related(cx: &Ctxt, field: &Declared) {
    let attrs = &field.attrs;
    let Some(related) = &attrs.related else {
        let span = attrs.queryset.as_ref().or(attrs.reverse_of.as_ref()).map(|s| s.span);
        if let Some(span) = span {
            cx.syn_error(syn::Error::new(
                span,
                "`queryset` and `reverse_of` go with a relational field: `primary_key_related`, `slug_related(slug_field = \"...\")`, `hyperlinked_related(view_name = \"...\")` or `string_related`",
            ));
        }
        return;
    };
    match &related.value {
        RelatedAttrs::Slug(None) => {
            cx.syn_error(syn::Error::new(related.span, "The `slug_field` argument is required."));
        }
        RelatedAttrs::Hyperlink(link) if link.view_name.is_none() => {
            cx.syn_error(syn::Error::new(related.span, "The `view_name` argument is required."));
        }
        _ => {}
    }
    let read_only = attrs.read_only.is_some() || matches!(related.value, RelatedAttrs::String);
    match (&attrs.queryset, read_only) {
        (Some(queryset), true) => cx.syn_error(syn::Error::new(
            queryset.span,
            "Relational fields should not provide a `queryset` argument, when setting read_only=`True`.",
        )),
        (None, false) => cx.syn_error(syn::Error::new(
            related.span,
            "Relational field must provide a `queryset` argument, override `get_queryset`, or set read_only=`True`. \
             (`queryset = restframe::relations::all_rows` is DRF's `Model.objects.all()`)",
        )),
        _ => {}
    }
    let conflicts = [
        ("method", attrs.method.as_ref().map(|s| s.span)),
        ("hidden", attrs.hidden.as_ref().map(|s| s.span)),
        ("default", attrs.default.as_ref().map(|s| s.span)),
        ("nested", attrs.nested.as_ref().map(|s| s.span)),
        ("validate", attrs.validate.as_ref().map(|s| s.span)),
        ("hyperlinked_identity", attrs.hyperlinked_identity.as_ref().map(|s| s.span)),
    ];
    for (option, span) in conflicts {
        if let Some(span) = span {
            cx.syn_error(syn::Error::new(span, format!("`{option}` does not apply to a relational field")));
        }
    }
    if !attrs.validators.is_empty() {
        cx.syn_error(syn::Error::new(related.span, "`validators` do not apply to a relational field"));
    }
}
