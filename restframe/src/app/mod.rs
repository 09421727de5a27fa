//! [`App`]: the URL conf and settings as one async request → response function (Django's WSGI
//! application plus the middleware restframe always applies). The server and the test client
//! both drive it.

use std::borrow::Cow;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::FutureExt;
use http::header;

use crate::exceptions::{ApiError, ImproperlyConfigured};
use crate::finalize::{error_response, finish, length_value, merge_vary, response_headers, server_error};
use crate::methods::MethodFilter;
use crate::negotiation::select_renderer;
use crate::renderers::{RenderContext, Renderer};
use crate::request::{Request, RequestConfig};
use crate::resolver::{NamedRoute, NamespaceNode, ResolverNamespaces, UrlNames, check_host};
use crate::response::{Body, Response};
use crate::settings::Settings;
use crate::urls::{Route, UrlPattern, flatten, named_route};
use crate::util::{escape_uri_path, percent_decode};
use crate::views::{ResolvedView, handle_exception, run_pipeline};

mod enums;
pub(crate) mod generator;
mod operation;

pub use crate::finalize::{HttpResponse, SECURITY_HEADERS};

/// A routed request: its view, the URL kwargs the route captured and the namespaces of its
/// `include()`s.
pub(crate) struct Routed<'a> {
    pub(crate) view: &'a ResolvedView,
    pub(crate) kwargs: Vec<(String, String)>,
    namespaces: Option<&'a ResolverNamespaces>,
}

/// A URL conf with its views resolved against the settings, once, at startup.
pub struct App {
    settings: Settings,
    config: Arc<RequestConfig>,
    routes: Vec<RouteEntry>,
}

/// One route: its view, and for a viewset route one view per action (each resolved with its
/// own `action` and classes); `view` answers the methods no action maps (405).
struct RouteEntry {
    route: Route,
    view: ResolvedView,
    by_method: Vec<(MethodFilter, ResolvedView)>,
    /// The namespaces of the `include()`s the route sits in, for `request.namespace()`.
    namespaces: Option<ResolverNamespaces>,
    /// Django's extra kwargs, set over the captured ones.
    defaults: Vec<(String, String)>,
}

impl RouteEntry {
    fn view_for(&self, method: &http::Method) -> &ResolvedView {
        self.by_method.iter().find(|(m, _)| m.contains(method)).map_or(&self.view, |(_, v)| v)
    }

    fn routed(&self, method: &http::Method, mut kwargs: Vec<(String, String)>) -> Routed<'_> {
        for (name, value) in &self.defaults {
            match kwargs.iter_mut().find(|(k, _)| k == name) {
                Some(captured) => captured.1.clone_from(value),
                None => kwargs.push((name.clone(), value.clone())),
            }
        }
        Routed { view: self.view_for(method), kwargs, namespaces: self.namespaces.as_ref() }
    }
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").field("routes", &self.routes.len()).finish_non_exhaustive()
    }
}

impl App {
    /// Resolves every view of `urls` against `settings`. Fails like Django's system checks on a
    /// malformed route, a route declared twice, a URL name given to two routes taking the same
    /// kwargs, a router registration mistake, or a throttle rate that does not parse.
    pub fn new(settings: Settings, urls: Vec<UrlPattern>) -> Result<App, ImproperlyConfigured> {
        if let Some(err) = settings.rate_error() {
            return Err(err.clone());
        }
        let mut namespaces = NamespaceNode::default();
        let flat = flatten(urls, &mut namespaces)?;
        let mut routes: Vec<RouteEntry> = Vec::with_capacity(flat.len());
        let mut names: Vec<NamedRoute> = Vec::new();
        for entry in flat {
            let (route, template) = Route::compile(&entry.segments)?;
            if routes.iter().any(|r| r.route.as_str() == route.as_str()) {
                return Err(ImproperlyConfigured(format!("URL route {:?} is declared twice", route.as_str())));
            }
            if let (Some(name), Some(template)) = (&entry.name, template) {
                let namespace = entry.namespaces.as_ref().map_or("", |n| &*n.namespace);
                let named = named_route(name, namespace, &entry, &route, template)?;
                // Names are per namespace, as Django's.
                let clash = |n: &&NamedRoute| n.name == *name && n.namespace == namespace && n.same_params(&named);
                if let Some(other) = names.iter().find(clash) {
                    return Err(ImproperlyConfigured(format!(
                        "URL name {name:?} is given to two routes taking the same arguments: {:?} and {:?}",
                        other.source, named.source
                    )));
                }
                names.push(named);
            }
            let by_method =
                entry.view.per_method().into_iter().map(|(m, v)| (m, ResolvedView::new(v, &settings))).collect();
            let defaults = entry.resolve_defaults()?;
            let view = ResolvedView::new(entry.view, &settings);
            routes.push(RouteEntry { route, view, by_method, namespaces: entry.namespaces, defaults });
        }
        let mut config = settings.request_config().clone();
        config.url_names = UrlNames::new(names, namespaces);
        let app = App { settings, config: Arc::new(config), routes };
        generator::fill_documents(&app);
        Ok(app)
    }

    /// Every route with the view answering each of its methods, in URL conf order: what
    /// the OpenAPI generator ([`crate::schemas`]) walks.
    pub(crate) fn endpoints(&self) -> impl Iterator<Item = (&Route, http::Method, &ResolvedView)> {
        self.routes.iter().flat_map(|entry| {
            let methods = entry.by_method.iter().fold(entry.view.methods, |all, (m, _)| all.or(*m));
            methods
                .names()
                .filter_map(|name| name.parse::<http::Method>().ok())
                .map(move |method| (&entry.route, method.clone(), entry.view_for(&method)))
                .collect::<Vec<_>>()
        })
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Handles one request whose body has already been read (within the size limit). A panic
    /// in a view becomes a logged 500 that reveals nothing. The body is kept for `HEAD` (the
    /// server drops it, keeping `Content-Length`).
    pub async fn handle(&self, request: http::Request<Bytes>, remote_addr: Option<SocketAddr>) -> HttpResponse {
        let (head, body) = request.into_parts();
        match self.route(&head) {
            Ok(routed) => {
                let view = routed.view;
                dispatch_caught(view, &mut self.request(routed, head, body, remote_addr)).await
            }
            Err(response) => response,
        }
    }

    /// The response for a body over `DATA_UPLOAD_MAX_MEMORY_SIZE` (413, JSON).
    pub fn too_large(&self) -> HttpResponse {
        error_response(&ApiError::request_too_large(self.settings.server_limits().data_upload_max_memory_size))
    }

    /// The view routed for a request and the captured URL kwargs; else the finished response
    /// Django's middleware and resolver give: 400 for a `Host` outside `ALLOWED_HOSTS`, the
    /// `APPEND_SLASH` redirect, or 404.
    #[expect(clippy::result_large_err, reason = "the error is the finished response, moved once to the client")]
    pub(crate) fn route(&self, head: &http::request::Parts) -> Result<Routed<'_>, HttpResponse> {
        if let Some(allowed) = self.config.allowed_hosts() {
            let host = head.headers.get(header::HOST).map(|h| String::from_utf8_lossy(h.as_bytes()));
            let host = host.as_deref().or_else(|| head.uri.authority().map(|a| a.as_str())).unwrap_or("testserver");
            if let Err(err) = check_host(host, allowed) {
                tracing::warn!(target: "django.security.DisallowedHost", "{err}");
                return Err(bad_request());
            }
        }
        let Some(path) = percent_decode(head.uri.path().trim_start_matches('/')) else {
            return Err(self.not_found());
        };
        for entry in &self.routes {
            if let Some(kwargs) = entry.route.matches(&path) {
                return Ok(entry.routed(&head.method, kwargs));
            }
        }
        if self.config.append_slash() && !path.ends_with('/') {
            let slashed = format!("{path}/");
            if self.routes.iter().any(|e| e.route.matches(&slashed).is_some()) {
                return Err(redirect_with_slash(&path, head.uri.query()));
            }
        }
        Err(self.not_found())
    }

    /// The finished 404 for a path no route matches: Django's `page_not_found` page, or DRF's
    /// JSON 404 with [`Settings::json_404`].
    pub(crate) fn not_found(&self) -> HttpResponse {
        if self.settings.uses_json_404() {
            return error_response(&ApiError::not_found());
        }
        page_not_found()
    }

    /// The request as the routed view sees it; inside a namespaced `include()`, it carries
    /// the namespaces (an extension, so other routes pay nothing for them).
    #[inline]
    pub(crate) fn request(
        &self,
        routed: Routed<'_>,
        mut head: http::request::Parts,
        body: Bytes,
        remote_addr: Option<SocketAddr>,
    ) -> Request {
        if let Some(namespaces) = routed.namespaces {
            head.extensions.insert(namespaces.clone());
        }
        let classes = routed.view.classes().clone();
        Request::from_parts(head, body, remote_addr, routed.kwargs, self.config.clone(), classes)
    }
}

/// Django's `CommonMiddleware` redirect: `301`, `Location` the path with its slash and the query
/// string, an empty HTML body, and the security headers `SecurityMiddleware` adds
/// (`X-Frame-Options` is not among them: that middleware comes after `CommonMiddleware`).
fn redirect_with_slash(path: &str, query: Option<&str>) -> HttpResponse {
    let mut location = format!("/{}/", escape_uri_path(path));
    if location.starts_with("//") {
        // Django's `escape_leading_slashes`: never a scheme-relative URL.
        location = format!("/%2F{}", &location[2..]);
    }
    if let Some(query) = query.filter(|q| !q.is_empty()) {
        location.push('?');
        location.push_str(query);
    }
    let mut response = http::Response::new(http_body_util::Full::new(Bytes::new()));
    *response.status_mut() = http::StatusCode::MOVED_PERMANENTLY;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/html; charset=utf-8"));
    if let Ok(value) = header::HeaderValue::from_str(&location) {
        headers.insert(header::LOCATION, value);
    }
    django_middleware_headers(&mut response);
    response
}

/// Django's `bad_request` page for a `DisallowedHost` (`DEBUG=False`), raised by
/// `CommonMiddleware` before any view.
fn bad_request() -> HttpResponse {
    const BODY: &str = "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Bad Request (400)</title>\n</head>\n<body>\n  <h1>Bad Request (400)</h1><p></p>\n</body>\n</html>\n";
    let mut response = http::Response::new(http_body_util::Full::new(Bytes::from_static(BODY.as_bytes())));
    *response.status_mut() = http::StatusCode::BAD_REQUEST;
    response.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/html; charset=utf-8"));
    django_middleware_headers(&mut response);
    response
}

/// Django's default `page_not_found` (`DEBUG=False`, no `404.html` template): the resolver's
/// `Http404` goes through every middleware, so `X-Frame-Options` is among the headers.
fn page_not_found() -> HttpResponse {
    const BODY: &str = "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n";
    let mut response = http::Response::new(http_body_util::Full::new(Bytes::from_static(BODY.as_bytes())));
    *response.status_mut() = http::StatusCode::NOT_FOUND;
    response.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/html; charset=utf-8"));
    finish(&mut response);
    response
}

/// `Content-Length` and the security headers of a response that left Django's middleware
/// stack at `CommonMiddleware` (so without `X-Frame-Options`).
fn django_middleware_headers(response: &mut HttpResponse) {
    let length = hyper::body::Body::size_hint(response.body()).exact().unwrap_or(0);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LENGTH, length_value(length as usize));
    for (name, value) in SECURITY_HEADERS.iter().filter(|(name, _)| name != header::X_FRAME_OPTIONS) {
        headers.insert(name.clone(), value.clone());
    }
}

/// [`dispatch`] with Django's middleware and `Content-Length`, a panic in the view becoming a logged 500 that
/// reveals nothing. The request stays with the caller, outside the unwinding future, so the
/// log can name it.
pub(crate) async fn dispatch_caught(view: &ResolvedView, request: &mut Request) -> HttpResponse {
    match AssertUnwindSafe(dispatch(view, request, true)).catch_unwind().await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!("view panicked on {} {}", request.method(), request.path());
            let mut response = server_error();
            finish(&mut response);
            response
        }
    }
}

/// DRF's `APIView.dispatch` for one routed request: negotiation, the pipeline, the exception
/// handler and `finalize_response` (render, `Allow`, `Vary`); with `middleware`, also Django's
/// security headers and `Content-Length` (what [`App`] sends; a test view called directly gets
/// neither).
pub(crate) async fn dispatch(view: &ResolvedView, request: &mut Request, middleware: bool) -> HttpResponse {
    let renderers = &view.classes().renderers;
    // DRF's `format` URL kwarg (a format-suffix route) first, then `?format=`.
    let format = match request.kwarg("format") {
        Some(suffix) => Some(suffix.to_owned()),
        None => request.settings().url_format_override().and_then(|name| request.query_param(name)),
    };
    // A cloned `HeaderValue` shares its bytes: negotiation borrows from it, not from `request`.
    let accept_value = request.headers().get(header::ACCEPT).cloned();
    let accept = accept_value.as_ref().map(|v| String::from_utf8_lossy(v.as_bytes()));
    let (renderer, media_type, result) = match select_renderer(renderers, accept.as_deref(), format.as_deref()) {
        Ok(n) => (n.renderer, n.media_type, run_pipeline(view, request).await),
        Err(err) => (0, Cow::Borrowed(""), Err(err)),
    };
    let response = result.unwrap_or_else(|err| handle_exception(view, request, err));
    match renderers.get(renderer) {
        Some(r) => render(view, renderer, r.as_ref(), &media_type, response, middleware),
        None => {
            tracing::error!("view for {} has no renderer classes", request.path());
            finalize(server_error(), view, middleware)
        }
    }
}

/// `Allow`, `Vary` and (with `middleware`) the security headers and `Content-Length` on a
/// response the renderer did not produce (the 500 for a failed render).
fn finalize(mut http: HttpResponse, view: &ResolvedView, middleware: bool) -> HttpResponse {
    let headers = http.headers_mut();
    headers.insert(header::ALLOW, view.allow.clone());
    if view.classes().renderers.len() > 1 {
        merge_vary(headers);
    }
    if middleware {
        finish(&mut http);
    }
    http
}

fn render(
    view: &ResolvedView,
    index: usize,
    renderer: &dyn Renderer,
    media_type: &str,
    response: Response,
    middleware: bool,
) -> HttpResponse {
    let status = response.status();
    let rendered = match response.body() {
        None => None,
        Some(Body::Value(data)) => {
            let context = RenderContext { status, exception: response.exception() };
            Some(renderer.render_response(data, media_type, &context))
        }
        Some(Body::Typed(data)) => Some(renderer.render_data(data, media_type)),
    };
    let (body, content_type) = match rendered {
        None => (Bytes::new(), None),
        Some(rendered) => match rendered {
            // DRF drops the Content-Type when the renderer produced nothing (`Response(None)`).
            Ok(bytes) if bytes.is_empty() => (bytes, None),
            Ok(bytes) => (bytes, Some(renderer.content_type())),
            Err(err) => {
                tracing::error!(
                    cause = err.cause().map(ToString::to_string).unwrap_or_default().as_str(),
                    "rendering failed"
                );
                return finalize(server_error(), view, middleware);
            }
        },
    };
    let template = match (middleware && response.headers().is_empty(), content_type) {
        (true, Some(_)) => view.headers.by_renderer.get(index),
        (true, None) => Some(&view.headers.empty_body),
        (false, _) => None,
    };
    let length = length_value(body.len());
    let headers = match template {
        Some(template) => {
            let mut headers = template.clone();
            if let Some(value) = headers.get_mut(header::CONTENT_LENGTH) {
                *value = length;
            }
            headers
        }
        None => {
            let vary = view.classes().renderers.len() > 1;
            let mut headers = response_headers(content_type, response.headers(), &view.allow, vary, middleware);
            if middleware {
                // Last, or in place of the view's own (hyper trusts the header).
                headers.insert(header::CONTENT_LENGTH, length);
            }
            headers
        }
    };
    let mut http = http::Response::new(http_body_util::Full::new(body));
    *http.status_mut() = status;
    *http.headers_mut() = headers;
    http
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b/%C3%A9").as_deref(), Some("a b/é"));
        assert_eq!(percent_decode("100%").as_deref(), Some("100%"));
        assert_eq!(percent_decode("%ff"), None);
    }
}
