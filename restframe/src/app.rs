//! [`App`]: the URL conf and settings as one async request → response function (Django's WSGI
//! application). The server and the test client both drive it.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::StatusCode;
use http::header::{self, HeaderName, HeaderValue};

use crate::exceptions::ApiError;
use crate::negotiation::select_renderer;
use crate::renderers::Renderer;
use crate::request::Request;
use crate::response::Response;
use crate::settings::Settings;
use crate::urls::{Route, RouteError, UrlPattern, flatten};
use crate::views::{ResolvedView, handle_exception, run_pipeline};

/// The response type the app produces: rendered bytes.
pub type HttpResponse = http::Response<http_body_util::Full<Bytes>>;

/// Django's default security headers, sent on every response (constants, so no header name is
/// parsed per request).
const SECURITY_HEADERS: [(HeaderName, HeaderValue); 4] = [
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
    (header::REFERRER_POLICY, HeaderValue::from_static("same-origin")),
    (HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
];

/// A URL conf with its views resolved against the settings.
pub struct App {
    settings: Arc<Settings>,
    routes: Vec<(Route, ResolvedView)>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").field("routes", &self.routes.len()).finish_non_exhaustive()
    }
}

impl App {
    /// Resolves every view of `urls` against `settings`. Fails on a malformed route.
    pub fn new(settings: Settings, urls: Vec<UrlPattern>) -> Result<App, RouteError> {
        let mut flat = Vec::new();
        flatten(urls, "", &mut flat);
        let routes = flat
            .into_iter()
            .map(|(route, view)| Ok((Route::parse(&route)?, ResolvedView::new(view, &settings))))
            .collect::<Result<Vec<_>, RouteError>>()?;
        Ok(App { settings: Arc::new(settings), routes })
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Handles one request whose body has already been read (within the size limit).
    pub async fn handle(&self, request: http::Request<Bytes>, remote_addr: Option<SocketAddr>) -> HttpResponse {
        let mut response = self.route(request, remote_addr).await;
        let headers = response.headers_mut();
        for (name, value) in SECURITY_HEADERS {
            headers.entry(name).or_insert(value);
        }
        response
    }

    /// The response for a body over `DATA_UPLOAD_MAX_MEMORY_SIZE` (413, JSON).
    pub fn too_large(&self) -> HttpResponse {
        let err = ApiError::request_too_large(self.settings.data_upload_max_memory_size);
        let mut response = plain_json(err.status(), &err.body());
        for (name, value) in SECURITY_HEADERS {
            response.headers_mut().insert(name, value);
        }
        response
    }

    async fn route(&self, request: http::Request<Bytes>, remote_addr: Option<SocketAddr>) -> HttpResponse {
        let uri = request.uri().clone();
        let path = uri.path().trim_start_matches('/');
        let Some((view, kwargs)) = self.routes.iter().find_map(|(route, view)| route.matches(path).map(|k| (view, k)))
        else {
            return plain_json(StatusCode::NOT_FOUND, &ApiError::not_found().body());
        };
        let classes = view.classes();
        let mut request = Request::new(
            request,
            remote_addr,
            kwargs,
            self.settings.clone(),
            classes.parsers.clone(),
            classes.throttle_scope,
        );
        let accept = request.header("accept").map(str::to_owned);
        let accept =
            if request.headers().contains_key(header::ACCEPT) { Some(accept.unwrap_or_default()) } else { None };
        let format = request.query_param("format");
        let renderers = &classes.renderers;
        let (renderer, media_type, result) = match select_renderer(renderers, accept.as_deref(), format.as_deref()) {
            Ok(n) => (n.renderer, n.media_type, run_pipeline(view, &mut request).await),
            Err(err) => (0, String::new(), Err(err)),
        };
        let response = match result {
            Ok(response) => response,
            Err(err) => handle_exception(view, &request, err),
        };
        let mut http = match renderers.get(renderer) {
            Some(r) => render(r.as_ref(), &media_type, response),
            None => plain_json(StatusCode::INTERNAL_SERVER_ERROR, &ApiError::internal("").body()),
        };
        let headers = http.headers_mut();
        headers.insert(header::ALLOW, view.allow.clone());
        if renderers.len() > 1 {
            headers.append(header::VARY, HeaderValue::from_static("Accept"));
        }
        http
    }
}

fn render(renderer: &dyn Renderer, media_type: &str, response: Response) -> HttpResponse {
    let status = response.status();
    let (body, content_type) = match response.data() {
        None => (Bytes::new(), None),
        Some(data) => match renderer.render(data, media_type) {
            Ok(bytes) => (bytes, Some(renderer.content_type())),
            Err(err) => {
                tracing::error!(cause = err.cause().unwrap_or(""), "rendering failed");
                return plain_json(StatusCode::INTERNAL_SERVER_ERROR, &ApiError::internal("").body());
            }
        },
    };
    let mut http = http::Response::new(http_body_util::Full::new(body));
    *http.status_mut() = status;
    let headers = http.headers_mut();
    let content_type = content_type.and_then(|c| {
        // The usual case (no charset or other parameter) needs no copy of the media type.
        if c == renderer.media_type() {
            Some(HeaderValue::from_static(renderer.media_type()))
        } else {
            HeaderValue::from_str(&c).ok()
        }
    });
    if let Some(ct) = content_type {
        headers.insert(header::CONTENT_TYPE, ct);
    }
    for (name, value) in response.headers() {
        headers.insert(name.clone(), value.clone());
    }
    http
}

/// A JSON response outside any view (404 for unknown paths, 413, 500).
pub(crate) fn plain_json(status: StatusCode, body: &serde_json::Value) -> HttpResponse {
    let mut http = http::Response::new(http_body_util::Full::new(Bytes::from(body.to_string())));
    *http.status_mut() = status;
    http.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    http
}
