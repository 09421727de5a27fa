//! DRF's `HyperlinkedIdentityField`: the absolute URL of the object itself, reversed from a
//! route name with the object's lookup value (`http://testserver/books/7/`). Declared on a model
//! serializer as `#[field(hyperlinked_identity(view_name = "book-detail"))] url: String`, with
//! DRF's optional `lookup_field` (default: the primary key) and `lookup_url_kwarg` (default: the
//! lookup field's name, `pk` for the primary key).

use serde_json::Value;

use super::{Context, ModelMeta};
use crate::reverse::reverse_with_format;
use crate::serializers::pipeline::column;

/// The options of one `HyperlinkedIdentityField` (generated code builds it).
#[derive(Clone, Copy, Debug)]
pub struct IdentityLink {
    /// DRF's `view_name`: the route name to reverse.
    pub view_name: &'static str,
    /// DRF's `lookup_field`: a model field name; `None` is the primary key (`'pk'`).
    pub lookup_field: Option<&'static str>,
    /// DRF's `lookup_url_kwarg`: the route parameter; `None` is the lookup field's name.
    pub lookup_url_kwarg: Option<&'static str>,
}

/// The URL of `instance` for `link`, reversed with the context's request and `format`.
///
/// DRF raises (a 500) when the context has no request or the route does not reverse; a
/// representation cannot fail here, so the field renders `null` and the cause is logged as an
/// error (README, "Differences from DRF").
pub fn identity_url<M: ModelMeta>(instance: &M, ctx: &Context, link: &IdentityLink) -> Value {
    url_or_null(instance, ctx, link.view_name, link.lookup_field, link.lookup_url_kwarg)
}

/// The `url` field of a hyperlinked model serializer (DRF's `HyperlinkedModelSerializer`
/// `build_url_field`): [`identity_url`] on `view_name`, by default `<model_name>-detail`
/// (`book-detail` for `library_book`), with the `extra_kwargs` of the `url` field.
pub fn model_url<M: ModelMeta>(
    instance: &M,
    ctx: &Context,
    view_name: Option<&str>,
    lookup_field: Option<&str>,
    lookup_url_kwarg: Option<&str>,
) -> Value {
    let default;
    let view_name = match view_name {
        Some(name) => name,
        None => {
            default = format!("{}-detail", model_name(M::info().table));
            &default
        }
    };
    url_or_null(instance, ctx, view_name, lookup_field, lookup_url_kwarg)
}

/// Django's `model._meta.model_name` from the table name (`library_book` → `book`), as
/// routers name a model's routes.
fn model_name(table: &str) -> String {
    table.rsplit('_').next().unwrap_or(table).to_lowercase()
}

fn url_or_null<M: ModelMeta>(
    instance: &M,
    ctx: &Context,
    view_name: &str,
    lookup_field: Option<&str>,
    lookup_url_kwarg: Option<&str>,
) -> Value {
    match try_identity_url(instance, ctx, view_name, lookup_field, lookup_url_kwarg) {
        Ok(url) => Value::String(url),
        Err(message) => {
            tracing::error!(view_name, "HyperlinkedIdentityField: {message}");
            Value::Null
        }
    }
}

fn try_identity_url<M: ModelMeta>(
    instance: &M,
    ctx: &Context,
    view_name: &str,
    lookup_field: Option<&str>,
    lookup_url_kwarg: Option<&str>,
) -> Result<String, String> {
    let request = ctx.request().ok_or(
        "`HyperlinkedIdentityField` requires the request in the serializer context. Add `context={'request': \
         request}` when instantiating the serializer.",
    )?;
    let info = M::info();
    let name = lookup_field.unwrap_or("pk");
    let column_name = match lookup_field {
        None => info.pk_column,
        Some(field) => info.field(field).map(|f| f.column).ok_or_else(|| format!("no model field `{field}`"))?,
    };
    let col = column::<M::Entity>(column_name).map_err(|err| err.to_string())?;
    let value = lookup_text(instance.get(col)).ok_or_else(|| format!("`{name}` has no URL form"))?;
    reverse_lookup(request, ctx, view_name, lookup_url_kwarg.unwrap_or(name), &value)
}

/// The URL of a related row known only by its primary key `pk` (a foreign key's value: DRF's
/// `use_pk_only_optimization`), for a link by primary key; `null` for a null key.
pub(crate) fn pk_url(pk: sea_orm::Value, ctx: &Context, link: &IdentityLink) -> Value {
    let Some(value) = lookup_text(pk) else { return Value::Null };
    let kwarg = link.lookup_url_kwarg.unwrap_or(link.lookup_field.unwrap_or("pk"));
    let url = ctx
        .request()
        .ok_or_else(|| "`HyperlinkedRelatedField` requires the request in the serializer context.".to_owned());
    match url.and_then(|request| reverse_lookup(request, ctx, link.view_name, kwarg, &value)) {
        Ok(url) => Value::String(url),
        Err(message) => {
            tracing::error!(view_name = link.view_name, "HyperlinkedRelatedField: {message}");
            Value::Null
        }
    }
}

fn reverse_lookup(
    request: &crate::request::Request,
    ctx: &Context,
    view_name: &str,
    kwarg: &str,
    value: &str,
) -> Result<String, String> {
    reverse_with_format(request, view_name, &[(kwarg, value)], ctx.format()).map_err(|_| {
        format!(
            "Could not resolve URL for hyperlinked relationship using view name \"{view_name}\". You may have failed \
             to include the related model in your API, or incorrectly configured the `lookup_field` attribute on \
             this field."
        )
    })
}

/// A lookup value as it appears in a URL (Python's `str()` of ints, strings and UUIDs).
fn lookup_text(value: sea_orm::Value) -> Option<String> {
    use sea_orm::Value as V;
    Some(match value {
        V::TinyInt(Some(v)) => v.to_string(),
        V::SmallInt(Some(v)) => v.to_string(),
        V::Int(Some(v)) => v.to_string(),
        V::BigInt(Some(v)) => v.to_string(),
        V::TinyUnsigned(Some(v)) => v.to_string(),
        V::SmallUnsigned(Some(v)) => v.to_string(),
        V::Unsigned(Some(v)) => v.to_string(),
        V::BigUnsigned(Some(v)) => v.to_string(),
        V::String(Some(v)) => v.to_string(),
        V::Uuid(Some(v)) => v.to_string(),
        _ => return None,
    })
}
