//! [`ViewSchema`]: what a view tells the OpenAPI generator ([`crate::schemas`]).

use std::sync::{Arc, OnceLock};

use http::Method;
use serde_json::Value;

use crate::fields::SerializerSchema;
use crate::metadata::serializer_schema;
use crate::serializers::Serializer;

/// What a view tells the generator beyond its classes (DRF's `view.schema`, spectacular's
/// `get_serializer()` and `@extend_schema`). The default: no serializer, as an `APIView`
/// without `serializer_class`.
#[derive(Clone, Debug, Default)]
pub struct ViewSchema {
    pub(crate) request: Option<SerializerSchema>,
    pub(crate) response: Option<SerializerSchema>,
    pub(crate) excluded: bool,
    pub(crate) overrides: Vec<(Option<Method>, String, Value)>,
    /// Where [`crate::schemas::SpectacularAPIView`] receives the finished document.
    pub(crate) document: Option<Arc<OnceLock<Value>>>,
    /// What a generic view adds (its model, list and create actions, paginator, filters).
    pub(crate) generic: Option<GenericSchema>,
}

/// What the generator knows of a generic view or viewset action beyond its serializer
/// (built by [`crate::generics::view_schema`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct GenericSchema {
    /// spectacular's `_is_list_view()`: `GET` answers a list (the `list` action, or a
    /// `ListModelMixin` view).
    pub(crate) list: bool,
    /// spectacular's `_is_create_operation()`: `POST` creates (`201`).
    pub(crate) create: bool,
    /// The view's model: its primary key's name (`{pk}` in paths becomes `{id}`), the URL
    /// keyword argument of the lookup and the path parameter's schema and description.
    pub(crate) pk_name: Option<&'static str>,
    /// `(lookup_url_kwarg, schema, description)` of the lookup path parameter.
    pub(crate) lookup: Option<(String, Value, String)>,
    /// The paginator of list responses.
    pub(crate) pagination: Option<crate::pagination::PaginationClass>,
    /// The filter backends' query parameters (list operations only).
    pub(crate) filter_parameters: Vec<Value>,
}

impl ViewSchema {
    /// The view's serializer for request and response bodies (`serializer_class`).
    #[must_use]
    pub fn serializer<S: Serializer>(self) -> Self {
        self.request::<S>().response::<S>()
    }

    /// [`ViewSchema::serializer`] for a view saving to `backend` (integer ranges as Django's
    /// validators give them there).
    pub(crate) fn serializer_on<S: Serializer>(mut self, backend: sea_orm::DbBackend) -> Self {
        let schema = crate::metadata::serializer_schema_on::<S>(backend);
        self.request = Some(schema.clone());
        self.response = Some(schema);
        self
    }

    /// A serializer's component as given (for request and response bodies), e.g. with another
    /// description than the serializer's doc comment:
    /// `.serializer_schema(serializer_schema::<S>().description(""))`.
    #[must_use]
    pub fn serializer_schema(mut self, schema: SerializerSchema) -> Self {
        self.request = Some(schema.clone());
        self.response = Some(schema);
        self
    }

    /// The serializer of request bodies only (`@extend_schema(request=...)`).
    #[must_use]
    pub fn request<S: Serializer>(mut self) -> Self {
        self.request = Some(serializer_schema::<S>());
        self
    }

    /// The serializer of response bodies only (`@extend_schema(responses=...)`).
    #[must_use]
    pub fn response<S: Serializer>(mut self) -> Self {
        self.response = Some(serializer_schema::<S>());
        self
    }

    /// This schema (a view's own [`crate::views::APIView::schema`]) over what the generator
    /// infers for a generic view ([`crate::generics::view_schema`]): the serializers this one
    /// names win, and its overrides apply on top.
    #[must_use]
    pub fn or(mut self, inferred: ViewSchema) -> Self {
        self.request = self.request.or(inferred.request);
        self.response = self.response.or(inferred.response);
        self.generic = self.generic.or(inferred.generic);
        self
    }

    /// Leaves the view out of the document (`schema = None`, `@extend_schema(exclude=True)`).
    #[must_use]
    pub fn exclude(mut self) -> Self {
        self.excluded = true;
        self
    }

    /// Sets key `key` of the operation for `method` (`None`: every method) to `value`,
    /// replacing what the generator infers: the `@extend_schema` escape hatch
    /// (`.extend(Some(Method::GET), "parameters", json!([...]))`).
    #[must_use]
    pub fn extend(mut self, method: Option<Method>, key: &str, value: Value) -> Self {
        self.overrides.push((method, key.to_owned(), value));
        self
    }
}
