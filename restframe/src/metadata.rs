//! DRF's `rest_framework.metadata`: the body of an `OPTIONS` response (`SimpleMetadata`).
//!
//! Every view answers `OPTIONS` with its name, description, renderers and parsers. A view that
//! accepts input through a serializer also describes it under `actions`: the fields `POST`
//! (and `PUT`) take, each with DRF's `type`, `required`, `read_only`, `label`, limits and
//! choices, for the methods the user passes the permission checks for. DRF finds the
//! serializer through `get_serializer()`; here a view names it in
//! [`APIView::metadata_actions`](crate::views::APIView::metadata_actions):
//!
//! ```
//! use http::Method;
//! use restframe::metadata;
//! use restframe::prelude::*;
//! use serde_json::json;
//!
//! #[derive(restframe::Serializer)]
//! struct Comment {
//!     #[field(max_length = 200)]
//!     text: String,
//! }
//!
//! /// Posts a comment.
//! struct CommentView;
//!
//! #[api_view]
//! impl APIView for CommentView {
//!     async fn metadata_actions(&self, request: &Request) -> Option<serde_json::Value> {
//!         metadata::actions(request, [(Method::POST, metadata::serializer_info::<Comment>())])
//!     }
//!     async fn post(&self, _request: &Request) -> Result<Response, ApiError> {
//!         Ok(Response::json(json!({})))
//!     }
//! }
//!
//! assert_eq!(
//!     metadata::serializer_info::<Comment>(),
//!     json!({"text": {"type": "string", "required": true, "read_only": false, "label": "Text", "max_length": 200}}),
//! );
//! ```
//!
//! Differences from DRF: `actions` lists `POST` before `PUT` (DRF iterates a Python set, whose
//! order varies between processes); a model serializer's labels come from the model field's
//! `verbose_name` (`#[restframe(verbose_name = "email address")]`: `Email address`), else from
//! the field name (`ID` for an `id` primary key), as with Django's default `verbose_name`.

use sea_orm::DbBackend;
use serde_json::{Map, Value};

use crate::fields::openapi;
use crate::fields::{FieldSpec, FieldType, SerializerSchema, field_info_with_type};
use crate::methods::MethodFilter;
use crate::parsers::DynParser;
use crate::renderers::Renderer;
use crate::request::Request;
use crate::response::Response;
use crate::serializers::{ModelField, Serializer, field_spec_on};

pub use crate::fields::{default_label, field_info};
/// The HTTP method type [`actions`] takes (re-exported so a crate without an `http`
/// dependency can name `Method::POST`).
pub use http::Method;

/// DRF's `get_serializer_info(serializer)` for serializer `S`: an object of its fields'
/// metadata, in declaration order.
pub fn serializer_info<S: Serializer>() -> Value {
    Value::Object(S::serializer_info())
}

/// The metadata of a nested serializer field (`#[field(nested)]`): `"nested object"` with
/// `children`, or for `many` DRF's `ListSerializer` entry, a `"field"` whose `child` is the
/// nested object.
pub fn nested_info<S: Serializer>(spec: &FieldSpec, many: bool) -> Value {
    if openapi::collecting() {
        let nested = openapi::suspended(serializer_schema::<S>);
        openapi::record_nested(spec, many, nested);
    }
    openapi::suspended(|| nested_info_inner::<S>(spec, many))
}

/// The OpenAPI component of serializer `S`, read from [`Serializer::serializer_info`]:
/// drf-spectacular names it after the class without its `Serializer` suffix
/// (`AuthTokenSerializer` → `AuthToken`).
pub fn serializer_schema<S: Serializer>() -> SerializerSchema {
    let fields = openapi::collect(|| {
        S::serializer_info();
    });
    SerializerSchema {
        name: component_name(std::any::type_name::<S>()),
        description: S::DESCRIPTION.to_owned(),
        fields,
    }
}

/// [`serializer_schema`] for a serializer saving to `backend`: integer model fields carry the
/// range Django's validators give them there (`minimum: 0` for a `PositiveIntegerField`).
pub fn serializer_schema_on<S: Serializer>(backend: DbBackend) -> SerializerSchema {
    let fields = openapi::collect(|| {
        S::serializer_info_on(backend);
    });
    SerializerSchema {
        name: component_name(std::any::type_name::<S>()),
        description: S::DESCRIPTION.to_owned(),
        fields,
    }
}

/// `restframe_authtoken::serializers::AuthTokenSerializer` → `AuthToken`.
fn component_name(type_name: &str) -> String {
    let plain = type_name.split('<').next().unwrap_or(type_name);
    let last = plain.rsplit("::").next().unwrap_or(plain);
    last.strip_suffix("Serializer").filter(|s| !s.is_empty()).unwrap_or(last).to_owned()
}

fn nested_info_inner<S: Serializer>(spec: &FieldSpec, many: bool) -> Value {
    let mut nested = field_info_with_type("nested object", spec, None, many);
    if let Value::Object(map) = &mut nested {
        if many {
            // DRF binds the child serializer with an empty name: no label of its own.
            map.remove("label");
        }
        map.insert("children".into(), serializer_info::<S>());
    }
    if many { field_info_with_type("field", spec, Some(nested), false) } else { nested }
}

/// [`serializer_info`] as `S` validates on database `backend`: a model serializer's integer
/// fields also show their column's range as `min_value`/`max_value`
/// ([`crate::serializers::field_spec_on`]); other serializers read the same on every backend.
/// Generic views describe their serializer this way, on their own connection's backend.
pub fn serializer_info_on<S: Serializer>(backend: DbBackend) -> Value {
    Value::Object(S::serializer_info_on(backend))
}

/// The metadata of a model serializer field of Rust type `T` (`get` only names the type) on
/// `backend` (`None`: unknown, no integer range).
pub fn model_field_info<M, T: FieldType>(
    spec: &FieldSpec,
    meta: &ModelField,
    get: fn(&M) -> &T,
    backend: Option<DbBackend>,
) -> Value {
    let _ = get;
    let spec = model_field_spec(spec, meta, backend);
    let mut info = field_info::<T>(&spec);
    // DRF hands the model field's validators to the serializer field (not to a read-only one);
    // a `RegexValidator` is the OpenAPI `pattern`.
    if !spec.read_only {
        openapi::set_last_pattern(meta.validators.iter().find_map(|v| v.pattern()));
    }
    if meta.relation.is_some() {
        // DRF's `SimpleMetadata` has no label for related fields: `"type": "field"`.
        info["type"] = Value::from("field");
    }
    info
}

/// The options OPTIONS shows for a model serializer field: the column's integer range on
/// `backend`, `ID` as the label of Django's auto-created primary key, and no limits on a
/// read-only field (DRF's `include_extra_kwargs`).
pub(crate) fn model_field_spec(spec: &FieldSpec, meta: &ModelField, backend: Option<DbBackend>) -> FieldSpec {
    let spec = field_spec_on(spec, meta, backend);
    if meta.primary_key && spec.label.is_none() && spec.name == "id" {
        // Django's auto-created primary key has `verbose_name='ID'`.
        return FieldSpec { label: Some("ID"), ..spec };
    }
    if spec.read_only {
        FieldSpec { min_length: None, max_length: None, min_value: None, max_value: None, ..spec }
    } else {
        spec
    }
}

/// DRF's `ReadOnlyField` on a dotted source (`author.name`): `"type": "field"` in OPTIONS,
/// the target model field's type and `help_text` in the OpenAPI document.
pub fn source_field_info(spec: &FieldSpec, meta: &ModelField) -> Value {
    crate::fields::field_info_with_schema_value(spec, meta.openapi_schema())
}

/// What [`Serializer::serializer_info`] returns: field name → metadata, in order.
pub type FieldsInfo = Map<String, Value>;

/// Collects generated `(name, metadata)` pairs into the object
/// [`Serializer::serializer_info`] returns.
pub fn info_map<const N: usize>(fields: [(&str, Value); N]) -> FieldsInfo {
    fields.into_iter().map(|(name, info)| (name.to_owned(), info)).collect()
}

/// DRF's `clone_request(request, method)` + `check_permissions`: whether the request's user
/// would pass the view's permission classes with `method`.
pub fn has_permission(request: &Request, method: Method) -> bool {
    request.has_permission_for(method)
}

/// DRF's `determine_actions`: each `(method, serializer info)` the user has permission for
/// (see [`has_permission`]), or `None` when there is none. A detail view that checks object
/// permissions for `PUT` (DRF's `get_object()`) leaves `PUT` out itself when that fails. Only
/// methods the view implements end up in the answer.
pub fn actions(request: &Request, candidates: impl IntoIterator<Item = (Method, Value)>) -> Option<Value> {
    let actions: Map<String, Value> = candidates
        .into_iter()
        .filter(|(method, _)| has_permission(request, method.clone()))
        .map(|(method, info)| (method.as_str().to_owned(), info))
        .collect();
    (!actions.is_empty()).then_some(Value::Object(actions))
}

/// What [`simple_metadata`] describes.
pub(crate) struct ViewInfo<'a> {
    pub(crate) name: std::borrow::Cow<'static, str>,
    pub(crate) description: std::borrow::Cow<'static, str>,
    pub(crate) renderers: &'a [std::sync::Arc<dyn Renderer>],
    pub(crate) parsers: &'a [std::sync::Arc<dyn DynParser>],
    /// The methods the view answers (`view.allowed_methods`).
    pub(crate) methods: MethodFilter,
}

/// DRF's `SimpleMetadata.determine_metadata`, the body of an `OPTIONS` response:
/// `{"name", "description", "renders", "parses"}` plus `actions` when the view has any for
/// `POST`/`PUT` among its methods.
pub(crate) fn simple_metadata(view: ViewInfo<'_>, actions: Option<Value>) -> Response {
    let mut body = Map::new();
    body.insert("name".into(), Value::from(view.name));
    body.insert("description".into(), Value::from(view.description));
    let renders = view.renderers.iter().map(|r| Value::from(r.media_type())).collect();
    body.insert("renders".into(), Value::Array(renders));
    let parses = view.parsers.iter().map(|p| Value::from(p.media_type())).collect();
    body.insert("parses".into(), Value::Array(parses));
    if let Some(Value::Object(mut actions)) = actions {
        actions.retain(|method, _| {
            matches!(method.as_str(), "POST" | "PUT")
                && method.parse::<Method>().is_ok_and(|m| view.methods.contains(&m))
        });
        if !actions.is_empty() {
            body.insert("actions".into(), Value::Object(actions));
        }
    }
    Response::json(Value::Object(body))
}
