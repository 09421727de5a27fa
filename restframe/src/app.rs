//! [`App`]: the URL conf and settings as one async request → response function (Django's WSGI
//! application plus the middleware restframe always applies). The server and the test client
//! both drive it.

use std::borrow::Cow;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::FutureExt;
use http::header::{self, HeaderName, HeaderValue};
use http::{HeaderMap, StatusCode};

use crate::exceptions::ApiError;
use crate::negotiation::select_renderer;
use crate::renderers::Renderer;
use crate::request::Request;
use crate::response::{Body, Response};
use crate::settings::{ImproperlyConfigured, Settings};
use crate::throttling::Rate;
use crate::urls::{Route, UrlPattern, flatten};
use crate::views::{ResolvedView, handle_exception, run_pipeline};

/// The response type the app produces: rendered bytes.
pub type HttpResponse = http::Response<http_body_util::Full<Bytes>>;

/// Django's default security headers, sent on every response (constants: no header name is
/// parsed per request).
pub const SECURITY_HEADERS: [(HeaderName, HeaderValue); 4] = [
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
    (header::REFERRER_POLICY, HeaderValue::from_static("same-origin")),
    (HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
];

/// How many headers restframe itself may set on a response (content type and length, `Allow`,
/// `Vary`, `WWW-Authenticate` or `Retry-After`, and the four security headers).
const RESPONSE_HEADERS: usize = 10;

/// A routed request: its view and the URL kwargs the route captured.
pub(crate) type Routed<'a> = (&'a ResolvedView, Vec<(String, String)>);

/// A URL conf with its views resolved against the settings, once, at startup.
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
    /// Resolves every view of `urls` against `settings`. Fails like Django's system checks on a
    /// malformed route, a route declared twice, or a throttle rate that does not parse.
    pub fn new(settings: Settings, urls: Vec<UrlPattern>) -> Result<App, ImproperlyConfigured> {
        for (scope, rate) in &settings.throttle_rates {
            if let Some(rate) = rate {
                Rate::parse(rate)
                    .map_err(|e| ImproperlyConfigured(format!("DEFAULT_THROTTLE_RATES[{scope:?}]: {e}")))?;
            }
        }
        let mut flat = Vec::new();
        flatten(urls, "", &mut flat);
        let mut routes: Vec<(Route, ResolvedView)> = Vec::with_capacity(flat.len());
        for (route, view) in flat {
            if routes.iter().any(|(r, _)| r.as_str() == route) {
                return Err(ImproperlyConfigured(format!("URL route {route:?} is declared twice")));
            }
            routes.push((Route::parse(&route)?, ResolvedView::new(view, &settings)));
        }
        Ok(App { settings: Arc::new(settings), routes })
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
        match self.route(head.uri.path()) {
            Some((view, kwargs)) => {
                dispatch_caught(view, &mut self.request(view, head, body, remote_addr, kwargs)).await
            }
            None => self.not_found(),
        }
    }

    /// The response for a body over `DATA_UPLOAD_MAX_MEMORY_SIZE` (413, JSON).
    pub fn too_large(&self) -> HttpResponse {
        error_response(&ApiError::request_too_large(self.settings.data_upload_max_memory_size))
    }

    /// The view routed for a request path and the captured URL kwargs; `None` for 404.
    pub(crate) fn route(&self, path: &str) -> Option<Routed<'_>> {
        let path = percent_decode(path.trim_start_matches('/'))?;
        self.routes.iter().find_map(|(route, view)| route.matches(&path).map(|kwargs| (view, kwargs)))
    }

    /// The finished 404 for a path no route matches.
    pub(crate) fn not_found(&self) -> HttpResponse {
        error_response(&ApiError::not_found())
    }

    /// The request as `view` sees it.
    #[inline]
    pub(crate) fn request(
        &self,
        view: &ResolvedView,
        head: http::request::Parts,
        body: Bytes,
        remote_addr: Option<SocketAddr>,
        kwargs: Vec<(String, String)>,
    ) -> Request {
        Request::from_parts(head, body, remote_addr, kwargs, self.settings.clone(), view.classes().clone())
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
    let format = request.settings().url_format_override.as_deref().and_then(|name| request.query_param(name));
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

/// The response headers of a view response that sets none of its own, built once per view by
/// the general path ([`response_headers`], then `Content-Length` last, its value set per
/// response) so they are the same headers in the same order: one map per renderer (its
/// `Content-Type`) and one for an empty body. Cloning a map is much cheaper than hashing its
/// headers in one by one on every request.
#[derive(Clone, Debug)]
pub(crate) struct HeaderTemplates {
    by_renderer: Vec<HeaderMap>,
    empty_body: HeaderMap,
}

impl HeaderTemplates {
    pub(crate) fn new(renderers: &[Arc<dyn Renderer>], allow: &HeaderValue) -> Self {
        let vary = renderers.len() > 1;
        let template = |content_type| {
            let mut headers = response_headers(content_type, &HeaderMap::new(), allow, vary, true);
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
            headers
        };
        let by_renderer = renderers.iter().map(|r| template(Some(r.content_type()))).collect();
        Self { by_renderer, empty_body: template(None) }
    }
}

/// `finalize_response`'s headers plus, with `middleware`, the security headers: `Content-Type`
/// (when there is a body), the view's own headers, `Allow`, `Vary: Accept` (merged) when
/// several renderers were possible, the security headers unless the view set them.
fn response_headers(
    content_type: Option<&'static str>,
    own: &HeaderMap,
    allow: &HeaderValue,
    vary: bool,
    middleware: bool,
) -> HeaderMap {
    // Room for every header restframe adds, so the map is allocated once.
    let mut headers = HeaderMap::with_capacity(RESPONSE_HEADERS + own.len());
    if let Some(ct) = content_type {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    for (name, value) in own {
        headers.insert(name.clone(), value.clone());
    }
    headers.insert(header::ALLOW, allow.clone());
    if vary {
        merge_vary(&mut headers);
    }
    if middleware {
        add_security_headers(&mut headers);
    }
    headers
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

/// Django's `patch_vary_headers(response, ["Accept"])`: keep the view's own `Vary` values.
fn merge_vary(headers: &mut HeaderMap) {
    let existing = headers.get(header::VARY).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let value = match existing {
        Some(v) if v.split(',').any(|h| h.trim().eq_ignore_ascii_case("accept") || h.trim() == "*") => return,
        Some(v) if !v.trim().is_empty() => HeaderValue::from_str(&format!("{v}, Accept")).ok(),
        _ => Some(HeaderValue::from_static("Accept")),
    };
    if let Some(value) = value {
        headers.insert(header::VARY, value);
    }
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
        Some(Body::Value(data)) => Some(renderer.render(data, media_type)),
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

/// Django's security middleware: its headers on every response, unless the view set them.
fn add_security_headers(headers: &mut HeaderMap) {
    for (name, value) in SECURITY_HEADERS {
        headers.entry(name).or_insert(value);
    }
}

/// What every response not rendered from a view's header templates gets on the way out (404,
/// 413, 500s, a failed render): Django's security headers and
/// `Content-Length: <body length>` (so a `HEAD` answer reports the length of the `GET` body).
/// The length is always set rather than left to hyper: hyper would write it after a
/// `Connection` header it adds itself, changing the order of the bytes on the wire.
pub(crate) fn finish(response: &mut HttpResponse) {
    add_security_headers(response.headers_mut());
    let length = hyper::body::Body::size_hint(response.body()).exact().unwrap_or(0);
    response.headers_mut().insert(header::CONTENT_LENGTH, length_value(length as usize));
}

/// The finished JSON response for an error raised outside any view (404, 413, a body that
/// cannot be read).
pub(crate) fn error_response(err: &ApiError) -> HttpResponse {
    let mut response = plain_json(err.status(), &err.body());
    finish(&mut response);
    response
}

/// Every length below 1000 written out back to back ("0123…9899100101…999"), so the usual
/// small body's `Content-Length` is a static slice rather than an allocation.
static SMALL_LENGTHS: [u8; 2890] = {
    let mut table = [0u8; 2890];
    let (mut n, mut pos) = (0, 0);
    while n < 1000 {
        if n >= 100 {
            table[pos] = b'0' + (n / 100) as u8;
            pos += 1;
        }
        if n >= 10 {
            table[pos] = b'0' + (n / 10 % 10) as u8;
            pos += 1;
        }
        table[pos] = b'0' + (n % 10) as u8;
        pos += 1;
        n += 1;
    }
    table
};

/// A `Content-Length` value.
fn length_value(length: usize) -> HeaderValue {
    let (start, width) = match length {
        0..=9 => (length, 1),
        10..=99 => (10 + (length - 10) * 2, 2),
        100..=999 => (190 + (length - 100) * 3, 3),
        _ => return HeaderValue::from(length as u64),
    };
    let digits = SMALL_LENGTHS.get(start..start + width).map(Bytes::from_static);
    digits
        .and_then(|digits| HeaderValue::from_maybe_shared(digits).ok())
        .unwrap_or_else(|| HeaderValue::from(length as u64))
}

/// The generic 500: `{"error":"Server Error (500)"}` (DRF's JSON `server_error` handler).
pub(crate) fn server_error() -> HttpResponse {
    plain_json(StatusCode::INTERNAL_SERVER_ERROR, &ApiError::internal("").body())
}

/// A JSON response outside any view (404 for unknown paths, 413, 500).
pub(crate) fn plain_json(status: StatusCode, body: &serde_json::Value) -> HttpResponse {
    let mut http = http::Response::new(http_body_util::Full::new(Bytes::from(body.to_string())));
    *http.status_mut() = status;
    http.headers_mut().reserve(RESPONSE_HEADERS);
    http.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    http
}

/// Django decodes `%XX` escapes before matching routes; `None` when the result is not UTF-8.
fn percent_decode(path: &str) -> Option<Cow<'_, str>> {
    if !path.as_bytes().contains(&b'%') {
        return Some(Cow::Borrowed(path));
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok().map(Cow::Owned)
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

    #[test]
    fn small_lengths_come_from_the_table() {
        for length in [0, 7, 9, 10, 42, 99, 100, 555, 999, 1000, 123_456] {
            assert_eq!(length_value(length), length.to_string().as_str(), "{length}");
        }
    }

    #[test]
    fn vary_is_merged() {
        let mut headers = HeaderMap::new();
        merge_vary(&mut headers);
        assert_eq!(headers[header::VARY], "Accept");
        let mut headers = HeaderMap::new();
        headers.insert(header::VARY, HeaderValue::from_static("Cookie"));
        merge_vary(&mut headers);
        assert_eq!(headers[header::VARY], "Cookie, Accept");
        merge_vary(&mut headers);
        assert_eq!(headers[header::VARY], "Cookie, Accept");
    }
}
