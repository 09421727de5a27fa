//! drf-spectacular's `SpectacularAPIView`: the document, YAML by default, JSON on `?format=json`
//! or `Accept: application/json` / `application/vnd.oai.openapi+json`.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use http::Method;
use serde_json::{Value, json};

use crate::exceptions::{ApiError, Detail};
use crate::permissions::{AllowAny, Permissions};
use crate::renderers::{JSONRenderer, RenderContext, Renderer, Renderers};
use crate::request::Request;
use crate::response::Response;
use crate::views::{APIView, ViewSchema};

/// Django's `LANGUAGES` codes, sorted: the `lang` parameter spectacular documents when
/// `USE_I18N` is on (Django 6.1's list).
const LANGUAGES: &[&str] = &[
    "af", "ar", "ar-dz", "ast", "az", "be", "bg", "bn", "br", "bs", "ca", "ckb", "cs", "cy", "da", "de", "dsb", "el",
    "en", "en-au", "en-gb", "eo", "es", "es-ar", "es-co", "es-mx", "es-ni", "es-ve", "et", "eu", "fa", "fi", "fr",
    "fy", "ga", "gd", "gl", "he", "hi", "hr", "hsb", "ht", "hu", "hy", "ia", "id", "ig", "io", "is", "it", "ja", "ka",
    "kab", "kk", "km", "kn", "ko", "ky", "lb", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my", "nb", "ne", "nl", "nn",
    "os", "pa", "pl", "pt", "pt-br", "ro", "ru", "sk", "sl", "sq", "sr", "sr-latn", "sv", "sw", "ta", "te", "tg", "th",
    "tk", "tr", "tt", "udm", "ug", "uk", "ur", "uz", "vi", "zh-hans", "zh-hant",
];

/// The view's docstring, dedented: the schema operation's description.
const DESCRIPTION: &str = "OpenApi3 schema for this API. Format can be selected via content negotiation.\n\n- YAML: application/vnd.oai.openapi\n- JSON: application/vnd.oai.openapi+json";

/// Serves the [`App`](crate::App)'s OpenAPI document (filled in when the app is built):
/// `path("api/schema/", SpectacularAPIView::new())`. Anyone may read it
/// (`SERVE_PERMISSIONS = [AllowAny]`); authentication is the settings' default.
#[derive(Clone, Debug, Default)]
pub struct SpectacularAPIView {
    document: Arc<OnceLock<Value>>,
    title: String,
    version: Option<String>,
}

impl SpectacularAPIView {
    /// The view, with spectacular's default `TITLE` (empty) and `VERSION` (`0.0.0`).
    pub fn new() -> Self {
        Self::default()
    }

    /// spectacular's `TITLE` and `VERSION` settings.
    #[must_use]
    pub fn info(mut self, title: &str, version: &str) -> Self {
        self.title = title.to_owned();
        self.version = Some(version.to_owned());
        self
    }

    /// The document this view serves (`None` until its app is built).
    pub fn document(&self) -> Option<Value> {
        let mut doc = self.document.get()?.clone();
        doc["info"] = json!({"title": self.title, "version": self.version.as_deref().unwrap_or("0.0.0")});
        Some(doc)
    }
}

impl crate::views::ViewMeta for SpectacularAPIView {
    const NAME: &'static str = "Spectacular API";
    const DESCRIPTION: &'static str = DESCRIPTION;
    const HANDLERS: crate::methods::MethodFilter = crate::methods::MethodFilter::GET;
}

impl APIView for SpectacularAPIView {
    fn permission_classes(&self) -> Permissions {
        crate::permissions![AllowAny]
    }
    fn renderer_classes(&self) -> Renderers {
        crate::renderers![
            OpenApiYamlRenderer("application/vnd.oai.openapi"),
            OpenApiYamlRenderer("application/yaml"),
            OpenApiJsonRenderer("application/vnd.oai.openapi+json"),
            OpenApiJsonRenderer("application/json"),
        ]
    }
    fn schema(&self) -> ViewSchema {
        let object = json!({"schema": {"type": "object", "additionalProperties": {}}});
        let content: serde_json::Map<String, Value> =
            ["application/vnd.oai.openapi", "application/yaml", "application/vnd.oai.openapi+json", "application/json"]
                .into_iter()
                .map(|media_type| (media_type.to_owned(), object.clone()))
                .collect();
        let parameters = json!([
            {"in": "query", "name": "format", "schema": {"type": "string", "enum": ["json", "yaml"]}},
            {"in": "query", "name": "lang", "schema": {"type": "string", "enum": LANGUAGES}},
        ]);
        let mut schema = ViewSchema::default().extend(Some(Method::GET), "parameters", parameters).extend(
            Some(Method::GET),
            "responses",
            json!({"200": {"content": content, "description": ""}}),
        );
        schema.document = Some(self.document.clone());
        schema
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        let doc = self.document().ok_or_else(|| ApiError::internal("SpectacularAPIView: the app was not built"))?;
        Ok(Response::json(doc))
    }
}

/// spectacular's `OpenApiYamlRenderer` (`application/vnd.oai.openapi`) and
/// `OpenApiYamlRenderer2` (`application/yaml`): `?format=yaml`.
#[derive(Clone, Copy, Debug)]
pub struct OpenApiYamlRenderer(pub &'static str);

impl Renderer for OpenApiYamlRenderer {
    fn media_type(&self) -> &'static str {
        self.0
    }
    fn format(&self) -> &'static str {
        "yaml"
    }
    fn render(&self, data: &Value, _accepted_media_type: &str) -> Result<Bytes, ApiError> {
        Ok(Bytes::from(super::yaml::to_yaml(data)))
    }
    /// An error's messages are DRF `ErrorDetail`s, which spectacular's YAML dumper writes as
    /// `{string: ..., code: ...}` (`detail:\n  string: Not found.\n  code: not_found\n`).
    fn render_response(
        &self,
        data: &Value,
        accepted_media_type: &str,
        context: &RenderContext<'_>,
    ) -> Result<Bytes, ApiError> {
        match context.exception.and_then(|detail| error_details(data, detail)) {
            Some(data) => self.render(&data, accepted_media_type),
            None => self.render(data, accepted_media_type),
        }
    }
    /// `BaseRenderer.charset` is `utf-8`.
    fn content_type(&self) -> &'static str {
        match self.0 {
            "application/yaml" => "application/yaml; charset=utf-8",
            _ => "application/vnd.oai.openapi; charset=utf-8",
        }
    }
}

/// `data` with each message of `detail` as `{"string": message, "code": code}`, when `data`
/// is the body DRF's exception handler makes of `detail` (a custom handler's other body is
/// rendered as it is).
fn error_details(data: &Value, detail: &Detail) -> Option<Value> {
    fn with_codes(detail: &Detail) -> Value {
        match detail {
            Detail::Message(m) => json!({"string": m.string, "code": m.code}),
            Detail::List(items) => Value::Array(items.iter().map(with_codes).collect()),
            Detail::Dict(entries) => Value::Object(entries.iter().map(|(k, v)| (k.clone(), with_codes(v))).collect()),
        }
    }
    match detail {
        Detail::Message(m) if *data == json!({"detail": m.string}) => Some(json!({"detail": with_codes(detail)})),
        Detail::Message(_) => None,
        other => (*data == other.to_json()).then(|| with_codes(other)),
    }
}

/// spectacular's `OpenApiJsonRenderer` (`application/vnd.oai.openapi+json`) and
/// `OpenApiJsonRenderer2` (`application/json`): `?format=json`, indented by 4 unless the
/// `Accept` header asks for another indent.
#[derive(Clone, Copy, Debug)]
pub struct OpenApiJsonRenderer(pub &'static str);

impl Renderer for OpenApiJsonRenderer {
    fn media_type(&self) -> &'static str {
        self.0
    }
    fn format(&self) -> &'static str {
        "json"
    }
    fn render(&self, data: &Value, accepted_media_type: &str) -> Result<Bytes, ApiError> {
        if accepted_media_type.contains("indent=") {
            JSONRenderer.render(data, accepted_media_type)
        } else {
            JSONRenderer.render(data, "application/json; indent=4")
        }
    }
}
