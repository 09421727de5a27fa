//! The views and URL confs of `tests/routing.rs`, each the Rust twin of the Django/DRF
//! recording project the expected answers come from.

use restframe::prelude::*;
use restframe::reverse::{reverse_action, reverse_args};
use serde_json::{Value, json};

/// Django 6.1's `page_not_found` body with `DEBUG=False` and no `404.html` template, recorded
/// with `django.test.Client`.
pub(crate) const PAGE_NOT_FOUND: &str = "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n";

/// Echoes its URL keyword arguments.
pub(crate) struct KwargsView;

#[api_view]
impl APIView for KwargsView {
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        let mut out = serde_json::Map::new();
        for name in ["pk", "name", "slug", "id", "rest", "format", "parent", "child", "foo", "x"] {
            if let Some(value) = request.kwarg(name) {
                out.insert(name.into(), Value::from(value));
            }
        }
        Ok(Response::json(Value::Object(out)))
    }
}

/// DRF: `{"namespace": request.resolver_match.namespace, "app_name": ....app_name}`.
pub(crate) struct WhereView;

#[api_view]
impl APIView for WhereView {
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"namespace": request.namespace(), "app_name": request.app_name()})))
    }
}

/// DRF: `reverse(GET["name"], args=GET.getlist("arg"), kwargs=dict(k=v of GET.getlist("kw")),
/// request=request)` as `{"url": ...}`, or the `NoReverseMatch` text as `{"error": ...}`.
pub(crate) struct ReverseView;

#[api_view]
impl APIView for ReverseView {
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        let params = request.query_params();
        let name = params.iter().find(|(k, _)| k == "name").map_or("", |(_, v)| v.as_str());
        let args: Vec<&str> = params.iter().filter(|(k, _)| k == "arg").map(|(_, v)| v.as_str()).collect();
        let kwargs: Vec<(&str, &str)> =
            params.iter().filter(|(k, _)| k == "kw").filter_map(|(_, v)| v.split_once('=')).collect();
        let url = if args.is_empty() { reverse(request, name, &kwargs) } else { reverse_args(request, name, &args) };
        Ok(Response::json(match url {
            Ok(url) => json!({"url": url}),
            Err(err) => json!({"error": err.to_string()}),
        }))
    }
}

/// DRF: `list` answers `reverse_action("list")` and `reverse_action("detail", kwargs={"pk": "7"})`.
#[derive(Debug)]
pub(crate) struct BookViewSet;

/// Books.
#[viewset]
impl ViewSet for BookViewSet {
    async fn list(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({
            "self": reverse_action(request, "list", &[])?,
            "detail": reverse_action(request, "detail", &[("pk", "7")])?,
        })))
    }
    async fn retrieve(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"pk": request.kwarg("pk")})))
    }
}

/// Django:
/// ```python
/// inner = ([path("x/<int:pk>/", Where, name="x"), re_path(r"^y/([0-9]+)/([a-z]+)/$", Where, name="y")], "innerapp")
/// library = ([path("me/", Where, name="me"), path("in/", include(inner, namespace="inner")),
///             path("", include(router.urls))], "library")
/// urlpatterns = [
///     path("v1/", include(library, namespace="v1")),
///     path("v2/", include(library, namespace="v2")),
///     path("plain/", include([path("p/", Where, name="plain"),
///                             path("app/", include(([path("a/", Where, name="a")], "appns")))])),
///     path("art/<int:year>/", Where, name="art"),
///     re_path(r"^pos/([0-9]{4})/([a-z]+)/$", Where, name="pos"),
///     re_path(r"^mixed/(?P<year>[0-9]{4})/([a-z]+)/$", Where, name="mixed"),
///     path("rev/", Rev),
///     path("d/", Where, {"foo": "bar"}, name="d"),
///     path("dk/<int:pk>/", Where, {"foo": "bar"}, name="dk"),
///     path("di/", include([path("x/", Where, name="di")]), {"foo": "bar"}),
/// ]
/// ```
pub(crate) fn namespaced_urls() -> Vec<restframe::urls::UrlPattern> {
    let library = || {
        let inner = urlpatterns![
            path("x/<int:pk>/", WhereView).name("x"),
            re_path("^y/([0-9]+)/([a-z]+)/$", WhereView).name("y"),
        ];
        let mut router = DefaultRouter::new();
        router.register_as("books", BookViewSet, "book");
        urlpatterns![
            path("me/", WhereView).name("me"),
            include("in/", inner).app_name("innerapp").namespace("inner"),
            include("", router.urls()),
        ]
    };
    urlpatterns![
        include("v1/", library()).app_name("library").namespace("v1"),
        include("v2/", library()).app_name("library").namespace("v2"),
        include(
            "plain/",
            urlpatterns![
                path("p/", WhereView).name("plain"),
                include("app/", urlpatterns![path("a/", WhereView).name("a")]).app_name("appns"),
            ]
        ),
        path("art/<int:year>/", WhereView).name("art"),
        re_path("^pos/([0-9]{4})/([a-z]+)/$", WhereView).name("pos"),
        re_path("^mixed/(?P<year>[0-9]{4})/([a-z]+)/$", WhereView).name("mixed"),
        path("rev/", ReverseView),
        path("d/", WhereView).kwargs(&[("foo", "bar")]).name("d"),
        path("dk/<int:pk>/", WhereView).kwargs(&[("foo", "bar")]).name("dk"),
        include("di/", urlpatterns![path("x/", WhereView).name("di")]).kwargs(&[("foo", "bar")]),
    ]
}

/// A JSON renderer answering to another format name, so a view behind a format-suffix route
/// answers `.api` or `.asdf` rather than DRF's content-negotiation 404: the DRF tests these
/// cases port only resolve the URL.
pub(crate) struct SuffixRenderer(pub(crate) &'static str);

impl Renderer for SuffixRenderer {
    fn media_type(&self) -> &'static str {
        "application/json"
    }
    fn format(&self) -> &'static str {
        self.0
    }
    fn render(&self, data: &Value, accepted_media_type: &str) -> Result<bytes::Bytes, ApiError> {
        JSONRenderer.render(data, accepted_media_type)
    }
}
