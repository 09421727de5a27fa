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
}

impl ViewSchema {
    /// The view's serializer for request and response bodies (`serializer_class`).
    #[must_use]
    pub fn serializer<S: Serializer>(self) -> Self {
        self.request::<S>().response::<S>()
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
