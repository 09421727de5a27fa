//! DRF's `rest_framework.schemas` with drf-spectacular's generator: the OpenAPI 3.0.3 document
//! of an [`App`], as `manage.py spectacular` writes it with default settings.
//!
//! [`SchemaGenerator`] walks the URL conf. Each route and method is one operation: its
//! `operationId` from the path and method (`api_token_auth_create`, `books_list`), the path
//! parameters typed by their converters, the view's doc comment (a handler's own doc comment
//! first) as description, the first path segment as tag, the security requirements of the
//! view's authentication classes ([`SecurityScheme`]) with `{}` when its permissions let
//! anonymous users in, and the request and response bodies of the serializer the view names in
//! [`APIView::schema`](crate::views::APIView::schema). Serializers become components
//! (`AuthToken`, `Patched<Name>` for `PATCH`), read from the same description as OPTIONS.
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::schemas::{SchemaGenerator, ViewSchema};
//!
//! #[derive(restframe::Serializer)]
//! struct CommentSerializer {
//!     #[field(max_length = 200)]
//!     text: String,
//! }
//!
//! struct CommentView;
//!
//! /// Posts a comment.
//! #[api_view]
//! impl APIView for CommentView {
//!     fn schema(&self) -> ViewSchema {
//!         ViewSchema::default().serializer::<CommentSerializer>()
//!     }
//!     async fn post(&self, _request: &Request) -> Result<Response, ApiError> {
//!         Ok(Response::json(serde_json::json!({})))
//!     }
//! }
//!
//! let app = App::new(Settings::default(), urlpatterns![path("comments/", CommentView)]).unwrap();
//! let doc = SchemaGenerator::new(&app).get_schema();
//! let op = &doc["paths"]["/comments/"]["post"];
//! assert_eq!(op["operationId"], "comments_create");
//! assert_eq!(op["description"], "Posts a comment.");
//! assert_eq!(
//!     doc["components"]["schemas"]["Comment"],
//!     serde_json::json!({"type": "object", "properties": {"text": {"type": "string", "maxLength": 200}}, "required": ["text"]}),
//! );
//! ```
//!
//! Differences from drf-spectacular: the document is built once, when the [`App`] is; `info`
//! has the title and version the [`SpectacularAPIView`] is given.

pub(crate) mod fields;
mod operation;
mod view;
pub mod yaml;

use std::sync::{Arc, OnceLock};

use http::Method;
use serde_json::{Map, Value, json};

pub use self::fields::{SerializerSchema, serializer_schema};
pub use self::view::{OpenApiJsonRenderer, OpenApiYamlRenderer, SpectacularAPIView};
use crate::app::App;
use crate::serializers::Serializer;

/// A security scheme of `components.securitySchemes` (drf-spectacular's
/// `OpenApiAuthenticationExtension`): its name and definition.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityScheme {
    /// The name operations refer to (`tokenAuth`).
    pub name: String,
    /// The OpenAPI security scheme object.
    pub definition: Value,
}

impl SecurityScheme {
    /// spectacular's `TokenScheme` for `TokenAuthentication` with `keyword`: an API key in the
    /// `Authorization` header (`bearer` HTTP authentication for the keyword `Bearer`).
    ///
    /// ```
    /// let scheme = restframe::schemas::SecurityScheme::token("Token");
    /// assert_eq!(scheme.name, "tokenAuth");
    /// assert_eq!(scheme.definition["description"], "Token-based authentication with required prefix \"Token\"");
    /// ```
    pub fn token(keyword: &str) -> Self {
        let definition = if keyword == "Bearer" {
            json!({"type": "http", "scheme": "bearer"})
        } else {
            json!({
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": format!("Token-based authentication with required prefix \"{keyword}\""),
            })
        };
        Self { name: "tokenAuth".into(), definition }
    }

    /// spectacular's `BasicScheme` for `BasicAuthentication`.
    pub fn basic() -> Self {
        Self { name: "basicAuth".into(), definition: json!({"type": "http", "scheme": "basic"}) }
    }
}

/// What a view tells the generator beyond its classes (DRF's `view.schema`, spectacular's
/// `get_serializer()` and `@extend_schema`). The default: no serializer, as an `APIView`
/// without `serializer_class`.
#[derive(Clone, Debug, Default)]
pub struct ViewSchema {
    pub(crate) request: Option<SerializerSchema>,
    pub(crate) response: Option<SerializerSchema>,
    pub(crate) excluded: bool,
    pub(crate) overrides: Vec<(Option<Method>, String, Value)>,
    /// Where [`SpectacularAPIView`] receives the finished document.
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

/// drf-spectacular's `SchemaGenerator`: the OpenAPI document of an [`App`].
#[derive(Debug)]
pub struct SchemaGenerator<'a> {
    app: &'a App,
    title: String,
    version: String,
}

impl<'a> SchemaGenerator<'a> {
    /// A generator with spectacular's default `TITLE` (empty) and `VERSION` (`0.0.0`).
    pub fn new(app: &'a App) -> Self {
        Self { app, title: String::new(), version: "0.0.0".into() }
    }

    /// `TITLE` and `VERSION` of `info`.
    #[must_use]
    pub fn info(mut self, title: &str, version: &str) -> Self {
        self.title = title.to_owned();
        self.version = version.to_owned();
        self
    }

    /// The document: `openapi`, `info`, `paths` (sorted as spectacular sorts them) and
    /// `components` (schemas and security schemes, by name).
    pub fn get_schema(&self) -> Value {
        let mut endpoints: Vec<_> = self
            .app
            .endpoints()
            .filter(|(route, method, view)| {
                !matches!(*method, Method::HEAD | Method::OPTIONS)
                    && !operation::is_format_route(route)
                    && !view.view.schema().excluded
            })
            .map(|(route, method, view)| (operation::openapi_path(route.as_str()), route, method, view))
            .collect();
        endpoints.sort_by_key(|a| operation::sort_key(&a.0, &a.2));
        let prefix = operation::common_prefix(&endpoints.iter().map(|e| e.0.as_str()).collect::<Vec<_>>());
        let mut components = operation::Components::default();
        let mut paths = Map::new();
        for (path, route, method, view) in &endpoints {
            let op = operation::Operation { path, prefix: &prefix, route, method, view };
            let value = op.build(&mut components);
            let entry = paths.entry(path.clone()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(methods) = entry {
                methods.insert(method.as_str().to_ascii_lowercase(), value);
            }
        }
        json!({
            "openapi": "3.0.3",
            "info": {"title": self.title, "version": self.version},
            "paths": paths,
            "components": components.into_value(),
        })
    }
}

/// Hands every [`SpectacularAPIView`] of `app` its document (generated once, when one asks).
pub(crate) fn fill_documents(app: &App) {
    let mut generated: Option<Value> = None;
    for (_, _, view) in app.endpoints() {
        if let Some(slot) = view.view.schema().document {
            let doc = generated.get_or_insert_with(|| SchemaGenerator::new(app).get_schema());
            let _ = slot.set(doc.clone());
        }
    }
}
