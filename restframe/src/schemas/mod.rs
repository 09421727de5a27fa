//! DRF's `rest_framework.schemas` with drf-spectacular's generator: the OpenAPI 3.0.3 document
//! of an [`App`](crate::App), as `manage.py spectacular` writes it with default settings.
//!
//! [`SchemaGenerator`] walks the URL conf. Each route and method is one operation: its
//! `operationId` from the path and method (`api_token_auth_create`, `books_list`), the path
//! parameters typed by their converters, the view's doc comment (a handler's own doc comment
//! first) as description, the first path segment as tag, the security requirements of the
//! view's authentication classes ([`SecurityScheme`]) with `{}` when its permissions let
//! anonymous users in, and the request and response bodies of the serializer the view names in
//! [`APIView::schema`](crate::views::APIView::schema). Serializers become components
//! (`AuthToken`, `Patched<Name>` for `PATCH`), read from the same description as OPTIONS, with
//! the struct's doc comment as description.
//!
//! Generic views and viewsets need no [`ViewSchema`]: `#[generic_view]` and `#[viewset]`
//! describe them from their classes ([`crate::generics::view_schema`]), as spectacular's
//! `AutoSchema` does for DRF's:
//!
//! | DRF / spectacular | restframe |
//! |---|---|
//! | `get_serializer()` (an `@action`'s `serializer_class`) | `type Serializer` (`#[action(serializer_class = S)]`) |
//! | `_is_list_view()`: the `list` action, a `ListModelMixin` `GET` | `books_list`, an array of the component |
//! | `pagination_class` | `Paginated<Name>List` and the paginator's query parameters ([`PaginationClass::schema_operation_parameters`](crate::pagination::PaginationClass::schema_operation_parameters)) |
//! | `filter_backends` | each backend's [`BaseFilterBackend::schema_operation_parameters`](crate::filters::BaseFilterBackend::schema_operation_parameters) (search, ordering, django-filter's [`FilterSet::schema_parameters`](crate::django_filters::FilterSet::schema_parameters)) |
//! | `_is_create_operation()` | `201` for `create` / `CreateModelMixin`, `204` for `DELETE` |
//! | `SCHEMA_COERCE_PATH_PK`, `_resolve_path_parameters` | `{pk}` → `{id}`, typed from the model field (`A unique integer value identifying this book.`) |
//! | model validators, `IntegerField` ranges | `pattern` from a model `RegexValidator`, `minimum`/`maximum` of the view's database (`int64` beyond 32 bits) |
//! | `SerializerMethodField` typed by `get_<name>`'s return type hint (`-> int`, `Optional[str]`, `list[float]`) | `#[field(method)]` typed by the struct field, which is the method's return type ([`OpenApiType`]: `i64` → integer, `Option<T>` → nullable, `Vec<T>` → array) |
//! | `@extend_schema_field(...)` on the method | `#[field(method, schema = r#"{"type": "object"}"#)]` |
//! | `Meta.depth`'s `NestedSerializer` | the `Nested` component, referenced read-only (`allOf`); spectacular names every one `Nested`, and the first registered is the one all refer to (it warns of the others, restframe logs the same warning) |
//! | `ChoiceField`, `postprocess_schema_enums` | `choices(("draft", "Draft"), ..)`: a `<Name>Enum` component (below) |
//! | django-filter `ChoiceFilter` | the sorted values as `enum`, the labels in the description (`` * `draft` - Draft``) |
//!
//! ## Choice fields as enum components
//!
//! As spectacular's `postprocess_schema_enums` hook does with default settings, every choice
//! set of a component's properties becomes a component of its own: `{"enum": [...], "type":
//! "string", "description": "* `draft` - Draft\n* `published` - Published"}` (`integer` for
//! integer choices, no `type` when `allow_blank` mixes `""` into integers), named after the
//! field (`status` → `StatusEnum`), and the property refers to it (`allOf` when the property
//! keeps siblings such as `readOnly` or a `help_text` description). `allow_blank` and
//! `allow_null` make the property `oneOf` the enum and the shared `BlankEnum` / `NullEnum`.
//! A choice set is its `(value, label)` pairs; the same set on several serializers is one
//! component. When one field name has several sets, a set used by one component is named
//! `<Component><Field>Enum` (`ArticleKindEnum`), one used by several `<Field><Hash>Enum` with
//! the first hex digits of spectacular's hash of the pairs (`Format51fEnum`); one set under
//! two field names gets one component per name. `Patched<Name>` counts as `<Name>`.
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::schemas::{SchemaGenerator, ViewSchema};
//! use serde_json::json;
//!
//! #[derive(restframe::Serializer)]
//! struct PostSerializer {
//!     #[field(choices(("draft", "Draft"), ("published", "Published")), allow_blank)]
//!     status: String,
//! }
//!
//! struct PostView;
//!
//! #[api_view]
//! impl APIView for PostView {
//!     fn schema(&self) -> ViewSchema {
//!         ViewSchema::default().serializer::<PostSerializer>()
//!     }
//!     async fn post(&self, _request: &Request) -> Result<Response, ApiError> {
//!         Ok(Response::json(json!({})))
//!     }
//! }
//!
//! let app = App::new(Settings::default(), urlpatterns![path("posts/", PostView)]).unwrap();
//! let schemas = &SchemaGenerator::new(&app).get_schema()["components"]["schemas"];
//! assert_eq!(
//!     schemas["Post"]["properties"]["status"],
//!     json!({"oneOf": [{"$ref": "#/components/schemas/StatusEnum"}, {"$ref": "#/components/schemas/BlankEnum"}]}),
//! );
//! assert_eq!(
//!     schemas["StatusEnum"],
//!     json!({"enum": ["draft", "published"], "type": "string",
//!            "description": "* `draft` - Draft\n* `published` - Published"}),
//! );
//! assert_eq!(schemas["BlankEnum"], json!({"enum": [""]}));
//! ```
//!
//! [`differences`] compares a generated document with the one spectacular wrote for the Django
//! original; `examples/bookshelf/tests/openapi.rs` and `demo-project/tests/openapi.rs` use it.
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
//! Differences from drf-spectacular: the document is built once, when the [`App`](crate::App) is; `info`
//! has the title and version the [`SpectacularAPIView`] is given; spectacular's
//! `ENUM_NAME_OVERRIDES` and grouped (optgroup) choices have no equivalent. A method field's Rust
//! return type is always known, so there is no "unable to resolve type hint" fallback to a string
//! (say `schema = r#"{"type": "string"}"#` for the same document as an untyped Python method).
//!
//! Errors on the schema view are rendered as spectacular renders them: in YAML each message with
//! its code (`detail:\n  string: Not found.\n  code: not_found\n` for `?format=AAA`), in JSON
//! as DRF's body; the Swagger UI and ReDoc pages answer an error with `TemplateHTMLRenderer`'s
//! page (`401 Unauthorized`, `406 Not Acceptable`).
//!
//! ## Swagger UI and ReDoc (feature `schema-ui`)
//!
//! `SpectacularSwaggerView` and `SpectacularRedocView` serve drf-spectacular's two pages for
//! the document at the route named `schema` (their `url_name`). Swagger UI and ReDoc are
//! compiled into the binary (npm's swagger-ui-dist 5.35.0 and redoc 2.5.4; versions and
//! licences in `restframe/assets/schema-ui/README.md`) and served by `SchemaUIAssetView`, so
//! the pages load nothing from a CDN, as with drf-spectacular-sidecar:
//!
//! ```text
//! path("api/schema/", SpectacularAPIView::new()).name("schema"),
//! path("api/schema/swagger-ui/", SpectacularSwaggerView::new()).name("swagger-ui"),
//! path("api/schema/redoc/", SpectacularRedocView::new()).name("redoc"),
//! path("static/drf_spectacular_sidecar/<path:file>", SchemaUIAssetView).name(ASSET_URL_NAME),
//! ```

#[cfg(feature = "schema-ui")]
mod assets;
mod compare;
mod types;
#[cfg(feature = "schema-ui")]
mod ui;
mod view;
pub mod yaml;

#[cfg(feature = "schema-ui")]
pub use self::assets::{ASSET_URL_NAME, SchemaUIAssetView};
pub use self::compare::differences;
pub use self::types::{OpenApiType, method_field_info};
#[cfg(feature = "schema-ui")]
pub use self::ui::{SpectacularRedocView, SpectacularSwaggerView};
pub use self::view::{OpenApiJsonRenderer, OpenApiYamlRenderer, SpectacularAPIView};
pub use crate::app::generator::SchemaGenerator;
pub use crate::authentication::SecurityScheme;
pub use crate::fields::SerializerSchema;
pub use crate::metadata::{serializer_schema, serializer_schema_on};
pub use crate::views::ViewSchema;
