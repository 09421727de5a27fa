//! drf-spectacular's `SpectacularSwaggerView` and `SpectacularRedocView` (feature
//! `schema-ui`): the pages of spectacular's `swagger_ui.html` / `redoc.html` templates, loading
//! Swagger UI and ReDoc from [`SchemaUIAssetView`](super::SchemaUIAssetView) instead of a CDN.

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use serde_json::{Value, json};

use crate::exceptions::ApiError;
use crate::permissions::{AllowAny, Permissions};
use crate::renderers::{RenderContext, Renderer, Renderers};
use crate::request::Request;
use crate::response::Response;
use crate::reverse::ReverseError;
use crate::views::{APIView, ViewSchema};

use super::assets::ASSET_URL_NAME;

/// spectacular's `swagger_ui.html` with `swagger_ui.js` included, as Django renders it with
/// default settings. Unlike spectacular's, the request interceptor adds no `X-CSRFToken`
/// header: restframe has no session authentication, so there is no CSRF token to send.
const SWAGGER_UI_HTML: &str = include_str!("../../assets/schema-ui/swagger_ui.html");
/// spectacular's `redoc.html` without `REDOC_UI_SETTINGS`, less its Google Fonts links: the
/// page loads nothing from outside the server (ReDoc falls back to the browser's fonts).
const REDOC_HTML: &str = include_str!("../../assets/schema-ui/redoc.html");

/// What both views share: spectacular's `url_name`, `url` and `title` attributes.
#[derive(Clone, Debug)]
struct Page {
    url_name: String,
    url: Option<String>,
    title: Option<String>,
}

impl Default for Page {
    fn default() -> Self {
        Self { url_name: "schema".to_owned(), url: None, title: None }
    }
}

impl Page {
    /// `_get_schema_url`: `url`, or the path of the route named `url_name`, with the request's
    /// `lang` and `version` query parameters carried over.
    fn schema_url(&self, request: &Request) -> Result<String, ApiError> {
        let url = match &self.url {
            Some(url) => relative(url).to_owned(),
            None => reverse_path(request, &self.url_name, &[])?,
        };
        let mut query = form_urlencoded::Serializer::new(String::new());
        let mut any = false;
        for name in ["lang", "version"] {
            if let Some(value) = request.query_param(name) {
                query.append_pair(name, &value);
                any = true;
            }
        }
        if !any {
            return Ok(url);
        }
        let separator = if url.contains('?') { '&' } else { '?' };
        Ok(format!("{url}{separator}{}", query.finish()))
    }
}

/// spectacular's `get_relative_url`: the URL without scheme and host.
fn relative(url: &str) -> &str {
    match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |slash| &rest[slash..]),
        None => url,
    }
}

/// Django's `reverse()` path of a named route (no scheme or host: what `get_relative_url`
/// leaves of DRF's absolute `reverse`).
fn reverse_path(request: &Request, name: &str, kwargs: &[(&str, &str)]) -> Result<String, ApiError> {
    let path = request.settings().url_names().reverse(name, kwargs).map_err(ReverseError::NoReverseMatch)?;
    Ok(path)
}

/// The path of an embedded asset ([`ASSET_URL_NAME`]).
fn asset(request: &Request, file: &str) -> Result<String, ApiError> {
    reverse_path(request, ASSET_URL_NAME, &[("file", file)])
}

/// Django's `escape` filter (template autoescaping).
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Django's `escapejs` filter: safe inside a JavaScript string literal in a `<script>`.
fn escape_js(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '\'' | '"' | '>' | '<' | '&' | '=' | '-' | ';' | '`' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c if u32::from(c) < 32 => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Fills `{{name}}` placeholders (each value already escaped for its place) in one pass, so that
/// a value (the request's `?lang=`) is never read as a placeholder itself.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut page = String::with_capacity(template.len() + 512);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        page.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let filled = after.find("}}").and_then(|end| {
            let name = &after[..end];
            values.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value, end + 2))
        });
        match filled {
            Some((value, used)) => {
                page.push_str(value);
                rest = &after[used..];
            }
            None => {
                page.push_str("{{");
                rest = after;
            }
        }
    }
    page.push_str(rest);
    page
}

/// Python's `json.dumps(value, indent=2)`, as spectacular dumps its UI settings.
fn dump(value: &Value) -> Result<String, ApiError> {
    let bytes = crate::renderers::JSONRenderer.render(value, "application/json; indent=2")?;
    String::from_utf8(bytes.to_vec()).map_err(ApiError::internal)
}

/// Serves drf-spectacular's Swagger UI page for the document at the route named `schema`:
/// `path("api/schema/swagger-ui/", SpectacularSwaggerView::new())`. The page loads Swagger UI
/// from [`SchemaUIAssetView`](super::SchemaUIAssetView), which must be routed too.
///
/// ```
/// use restframe::prelude::*;
/// use restframe::schemas::{ASSET_URL_NAME, SchemaUIAssetView, SpectacularAPIView, SpectacularSwaggerView};
/// use restframe::test::APIClient;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt").block_on(async {
/// let urls = urlpatterns![
///     path("api/schema/", SpectacularAPIView::new()).name("schema"),
///     path("api/schema/swagger-ui/", SpectacularSwaggerView::new()).name("swagger-ui"),
///     path("static/<path:file>", SchemaUIAssetView).name(ASSET_URL_NAME),
/// ];
/// let client = APIClient::new(App::new(Settings::default(), urls).expect("urls"));
/// let page = client.get("/api/schema/swagger-ui/?lang=de").await;
/// assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
/// assert!(page.text().contains(r#"url: "/api/schema/?lang\u003Dde","#));
/// assert!(page.text().contains(r#"<script src="/static/swagger-ui-dist/swagger-ui-bundle.js">"#));
/// # });
/// ```
#[derive(Clone, Debug)]
pub struct SpectacularSwaggerView {
    page: Page,
    settings: Value,
}

impl Default for SpectacularSwaggerView {
    fn default() -> Self {
        Self { page: Page::default(), settings: json!({"deepLinking": true}) }
    }
}

impl SpectacularSwaggerView {
    /// The view with spectacular's defaults: `url_name = "schema"`, title "Swagger",
    /// `SWAGGER_UI_SETTINGS = {"deepLinking": true}`.
    pub fn new() -> Self {
        Self::default()
    }

    /// `url_name`: the name of the route serving the document.
    #[must_use]
    pub fn url_name(mut self, name: &str) -> Self {
        self.page.url_name = name.to_owned();
        self
    }

    /// `url`: the document's URL, used instead of reversing `url_name`.
    #[must_use]
    pub fn url(mut self, url: &str) -> Self {
        self.page.url = Some(url.to_owned());
        self
    }

    /// `title` (spectacular's `TITLE` setting; the page says "Swagger" without one).
    #[must_use]
    pub fn title(mut self, title: &str) -> Self {
        self.page.title = Some(title.to_owned());
        self
    }

    /// `SWAGGER_UI_SETTINGS`: the object spread into `SwaggerUIBundle({...})`.
    #[must_use]
    pub fn settings(mut self, settings: Value) -> Self {
        self.settings = settings;
        self
    }
}

impl crate::views::ViewMeta for SpectacularSwaggerView {
    const NAME: &'static str = "Spectacular Swagger";
    const DESCRIPTION: &'static str = "";
    const HANDLERS: crate::methods::MethodFilter = crate::methods::MethodFilter::GET;
}

impl APIView for SpectacularSwaggerView {
    fn permission_classes(&self) -> Permissions {
        crate::permissions![AllowAny]
    }
    fn renderer_classes(&self) -> Renderers {
        crate::renderers![HtmlRenderer]
    }
    fn schema(&self) -> ViewSchema {
        ViewSchema::default().exclude()
    }
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        let page = fill(
            SWAGGER_UI_HTML,
            &[
                ("title", &escape_html(self.page.title.as_deref().unwrap_or("Swagger"))),
                ("favicon_href", &escape_html(&asset(request, "swagger-ui-dist/favicon-32x32.png")?)),
                ("swagger_ui_css", &escape_html(&asset(request, "swagger-ui-dist/swagger-ui.css")?)),
                ("swagger_ui_bundle", &escape_html(&asset(request, "swagger-ui-dist/swagger-ui-bundle.js")?)),
                (
                    "swagger_ui_standalone",
                    &escape_html(&asset(request, "swagger-ui-dist/swagger-ui-standalone-preset.js")?),
                ),
                ("settings", &dump(&self.settings)?),
                // `SERVE_PUBLIC` (the default): the schema request carries no credentials.
                ("schema_auth_names", "[]"),
                ("schema_url", &escape_js(&self.page.schema_url(request)?)),
            ],
        );
        Ok(Response::json(Value::String(page)).with_header(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("unsafe-none"),
        ))
    }
}

/// Serves drf-spectacular's ReDoc page for the document at the route named `schema`:
/// `path("api/schema/redoc/", SpectacularRedocView::new())`. The page loads ReDoc from
/// [`SchemaUIAssetView`](super::SchemaUIAssetView), which must be routed too.
///
/// ```
/// use restframe::prelude::*;
/// use restframe::schemas::{ASSET_URL_NAME, SchemaUIAssetView, SpectacularAPIView, SpectacularRedocView};
/// use restframe::test::APIClient;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt").block_on(async {
/// let urls = urlpatterns![
///     path("schema/", SpectacularAPIView::new()).name("schema"),
///     path("schema/redoc/", SpectacularRedocView::new().title("Books & more")).name("redoc"),
///     path("static/<path:file>", SchemaUIAssetView).name(ASSET_URL_NAME),
/// ];
/// let client = APIClient::new(App::new(Settings::default(), urls).expect("urls"));
/// let page = client.get("/schema/redoc/").await.text();
/// assert!(page.contains("<title>Books &amp; more</title>"));
/// assert!(page.contains(r#"<redoc spec-url="/schema/"></redoc>"#));
/// assert!(page.contains(r#"<script src="/static/redoc/bundles/redoc.standalone.js"></script>"#));
/// # });
/// ```
#[derive(Clone, Debug, Default)]
pub struct SpectacularRedocView {
    page: Page,
}

impl SpectacularRedocView {
    /// The view with spectacular's defaults: `url_name = "schema"`, title "Redoc".
    pub fn new() -> Self {
        Self::default()
    }

    /// `url_name`: the name of the route serving the document.
    #[must_use]
    pub fn url_name(mut self, name: &str) -> Self {
        self.page.url_name = name.to_owned();
        self
    }

    /// `url`: the document's URL, used instead of reversing `url_name`.
    #[must_use]
    pub fn url(mut self, url: &str) -> Self {
        self.page.url = Some(url.to_owned());
        self
    }

    /// `title` (spectacular's `TITLE` setting; the page says "Redoc" without one).
    #[must_use]
    pub fn title(mut self, title: &str) -> Self {
        self.page.title = Some(title.to_owned());
        self
    }
}

impl crate::views::ViewMeta for SpectacularRedocView {
    const NAME: &'static str = "Spectacular Redoc";
    const DESCRIPTION: &'static str = "";
    const HANDLERS: crate::methods::MethodFilter = crate::methods::MethodFilter::GET;
}

impl APIView for SpectacularRedocView {
    fn permission_classes(&self) -> Permissions {
        crate::permissions![AllowAny]
    }
    fn renderer_classes(&self) -> Renderers {
        crate::renderers![HtmlRenderer]
    }
    fn schema(&self) -> ViewSchema {
        ViewSchema::default().exclude()
    }
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        let page = fill(
            REDOC_HTML,
            &[
                ("title", &escape_html(self.page.title.as_deref().unwrap_or("Redoc"))),
                ("schema_url", &escape_html(&self.page.schema_url(request)?)),
                ("redoc_standalone", &escape_html(&asset(request, "redoc/bundles/redoc.standalone.js")?)),
            ],
        );
        Ok(Response::json(Value::String(page)))
    }
}

/// DRF's `TemplateHTMLRenderer` for a page rendered by the view (`text/html`, `?format=html`).
/// A response to an exception (a 401 for a bad `Authorization` header, the 403 of a permission
/// class, the 406 of an `Accept` without HTML) is DRF's exception page without a `401.html` /
/// `api_exception.html` template: the status and its reason phrase, title-cased
/// (`403 Forbidden`, `406 Not Acceptable`).
#[derive(Clone, Copy, Debug)]
struct HtmlRenderer;

/// Python's `http.client.responses[status]` (`HTTPStatus.phrase`, where it differs from the
/// `http` crate's) with `str.title()`: DRF's `response.status_text.title()`.
fn status_text_title(status: http::StatusCode) -> String {
    let phrase = match status.as_u16() {
        413 => "Content Too Large",
        418 => "I'm a Teapot",
        422 => "Unprocessable Content",
        _ => status.canonical_reason().unwrap_or(""),
    };
    let mut title = String::with_capacity(phrase.len());
    let mut previous_cased = false;
    for c in phrase.chars() {
        if previous_cased {
            title.extend(c.to_lowercase());
        } else {
            title.extend(c.to_uppercase());
        }
        previous_cased = c.is_alphabetic();
    }
    title
}

impl Renderer for HtmlRenderer {
    fn media_type(&self) -> &'static str {
        "text/html"
    }
    fn format(&self) -> &'static str {
        "html"
    }
    fn render(&self, data: &Value, _accepted_media_type: &str) -> Result<Bytes, ApiError> {
        match data {
            Value::String(page) => Ok(Bytes::from(page.clone())),
            other => Ok(Bytes::from(escape_html(other.get("detail").and_then(Value::as_str).unwrap_or_default()))),
        }
    }
    fn content_type(&self) -> &'static str {
        "text/html; charset=utf-8"
    }
    fn render_response(
        &self,
        data: &Value,
        accepted_media_type: &str,
        context: &RenderContext<'_>,
    ) -> Result<Bytes, ApiError> {
        if context.exception.is_some() {
            return Ok(Bytes::from(format!("{} {}", context.status.as_u16(), status_text_title(context.status))));
        }
        self.render(data, accepted_media_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_django() {
        assert_eq!(escape_js("/a?x=1&b-c;</script>"), r"/a?x\u003D1\u0026b\u002Dc\u003B\u003C/script\u003E");
        assert_eq!(escape_js("\"\n\u{2028}"), r"\u0022\u000A\u2028");
        assert_eq!(escape_html(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;");
    }

    #[test]
    fn placeholders_are_filled_once() {
        let page =
            fill("<a href=\"{{url}}\">{{title}}</a> {{other}}", &[("url", "/s/?lang={{title}}"), ("title", "T")]);
        assert_eq!(page, "<a href=\"/s/?lang={{title}}\">T</a> {{other}}");
    }

    #[test]
    fn status_texts_are_pythons_title_cased_phrases() {
        let title = |code: u16| status_text_title(http::StatusCode::from_u16(code).expect("a status"));
        assert_eq!(title(401), "Unauthorized");
        assert_eq!(title(405), "Method Not Allowed");
        assert_eq!(title(413), "Content Too Large");
        assert_eq!(title(418), "I'M A Teapot");
        assert_eq!(title(429), "Too Many Requests");
    }

    #[test]
    fn relative_urls_drop_scheme_and_host() {
        assert_eq!(relative("https://example.com/api/schema/?v=1"), "/api/schema/?v=1");
        assert_eq!(relative("https://example.com"), "/");
        assert_eq!(relative("/schema/"), "/schema/");
    }

    #[test]
    fn templates_have_only_known_placeholders() {
        let placeholders = |page: &str| page.matches("{{").count();
        assert_eq!(placeholders(SWAGGER_UI_HTML), 8);
        assert_eq!(placeholders(REDOC_HTML), 3);
        assert!(!SWAGGER_UI_HTML.contains("https://") && !REDOC_HTML.contains("https://"));
    }
}
