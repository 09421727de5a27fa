//! What the OpenAPI generator ([`crate::schemas`]) documents of a generic view: drf-spectacular's
//! `AutoSchema` on a `GenericAPIView` (serializer, lookup path parameter, list actions with
//! their paginator and filter backends, `201` for create).

use sea_orm::IdenStatic;
use serde_json::Value;

use super::{BaseFilterBackend, GenericAPIView};
use crate::pagination::BasePagination;
use crate::request::RequestConfig;
use crate::serializers::field_class::FieldType;
use crate::serializers::{ModelField, Serializer};
use crate::views::ViewSchema;
use crate::views::schema::GenericSchema;

/// The schema of a generic view (or one action of a generic viewset) with serializer `S` (the
/// view's, or an `#[action(serializer_class = S)]`'s): `list` when `GET` lists (the `list`
/// action, a `ListAPIView`), `create` when `POST` creates (`201`). `config` is the app's
/// settings (the default paginator, `SEARCH_PARAM`, ...). What `#[generic_view]` and
/// `#[viewset]` generate calls it; a view that overrides [`crate::views::APIView::schema`]
/// keeps its own serializers and overrides on top of it.
pub fn view_schema<V: GenericAPIView, S: Serializer>(
    view: &V,
    config: &RequestConfig,
    list: bool,
    create: bool,
) -> ViewSchema {
    let model = <V::Serializer as Serializer>::model_info();
    let pk = model.and_then(|info| info.fields.iter().find(|f| f.primary_key || f.column == info.pk_column));
    let lookup_field = match view.lookup_field() {
        Some(column) => model.and_then(|info| info.fields.iter().find(|f| f.column == column.as_str())),
        None => pk,
    };
    // spectacular names the pk path parameter after the pk field (`SCHEMA_COERCE_PATH_PK`).
    let kwarg = match view.lookup_url_kwarg() {
        "pk" => pk.map_or("pk", |f| f.name),
        other => other,
    };
    let lookup = lookup_field.map(|field| {
        let (schema, description) = path_schema(field, &verbose_name(&view.model_name()));
        (kwarg.to_owned(), schema, description)
    });
    let generic = GenericSchema {
        list,
        create,
        pk_name: pk.map(|f| f.name),
        lookup,
        pagination: if list { view.paginator().schema_class(config) } else { None },
        filter_parameters: if list {
            view.filter_backends().schema_operation_parameters(view, config)
        } else {
            Vec::new()
        },
    };
    let mut schema = ViewSchema::default().serializer_on::<S>(view.db().get_database_backend());
    schema.generic = Some(generic);
    schema
}

/// Django's default `verbose_name`: the class name with spaces before capitals, lower-cased
/// (`ReviewList` → `review list`).
fn verbose_name(object_name: &str) -> String {
    let mut out = String::new();
    for (i, c) in object_name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// spectacular's `_resolve_path_parameters` for a model field: its type (a foreign key's
/// target key), its `help_text` as the schema's description, and for a primary key without
/// one `get_pk_description` (`A unique integer value identifying this book.`).
fn path_schema(field: &ModelField, verbose_name: &str) -> (Value, String) {
    let schema = field.openapi_schema();
    if schema.get("description").is_some() {
        return (schema, String::new());
    }
    if !field.primary_key {
        return (schema, String::new());
    }
    let value_type = match field.field_type {
        Some(t) if t.is_auto() => "unique integer value",
        Some(FieldType::UUIDField) => "UUID string",
        _ => "unique value",
    };
    (schema, format!("A {value_type} identifying this {verbose_name}."))
}

#[cfg(test)]
mod tests {
    #[test]
    fn verbose_names_are_djangos_defaults() {
        assert_eq!(super::verbose_name("Book"), "book");
        assert_eq!(super::verbose_name("ReviewList"), "review list");
    }
}
