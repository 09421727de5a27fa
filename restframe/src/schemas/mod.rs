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

mod compare;
mod view;
pub mod yaml;

pub use self::compare::differences;
pub use self::view::{OpenApiJsonRenderer, OpenApiYamlRenderer, SpectacularAPIView};
pub use crate::app::generator::SchemaGenerator;
pub use crate::authentication::SecurityScheme;
pub use crate::fields::SerializerSchema;
pub use crate::metadata::{serializer_schema, serializer_schema_on};
pub use crate::views::ViewSchema;
