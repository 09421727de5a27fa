//! DRF's `rest_framework.test`: [`APIClient`] calls the whole URL conf in process, with
//! `credentials(...)`, `force_authenticate(...)` and `logout()`; [`APIRequestFactory`] calls one
//! view directly, like `MyView.as_view()(request)`.
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::test::APIClient;
//! use serde_json::json;
//!
//! struct PingView;
//! #[api_view]
//! impl APIView for PingView {
//!     async fn get(&self, _r: &Request) -> Result<Response, ApiError> {
//!         Ok(Response::json(json!({"pong": true})))
//!     }
//! }
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let client = APIClient::new(App::new(Settings::default(), urlpatterns![path("ping", PingView)]).unwrap());
//! let response = client.get("/ping").await;
//! assert_eq!(response.status(), 200);
//! assert_eq!(response.json(), json!({"pong": true}));
//! # });
//! ```

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use serde_json::Value;

use crate::app::{App, HttpResponse, dispatch};
use crate::authentication::Authenticated;
use crate::request::{ForceAuthenticate, Request, RequestConfig};
use crate::settings::Settings;
use crate::views::{APIView, ResolvedView};

/// The boundary multipart test bodies use (Django's test client uses the same).
pub const BOUNDARY: &str = "BoUnDaRyStRiNg";

/// Django's test client `REMOTE_ADDR`.
const TEST_REMOTE_ADDR: SocketAddr = SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 0);

/// A request body in one of the test encodings (DRF's `format=`).
#[derive(Clone, Debug)]
pub enum Body {
    /// No body.
    Empty,
    /// `format='json'`.
    Json(Value),
    /// `application/x-www-form-urlencoded`.
    Form(Vec<(String, String)>),
    /// `format='multipart'`: text fields and files.
    Multipart(Vec<(String, String)>, Vec<TestFile>),
    /// Any content type and bytes.
    Raw(String, Bytes),
}

/// A file for a multipart test body.
#[derive(Clone, Debug)]
pub struct TestFile {
    /// The form field name.
    pub field: String,
    /// The file name sent.
    pub file_name: String,
    /// The part's content type.
    pub content_type: String,
    /// The content.
    pub content: Bytes,
}

impl Body {
    /// A form body from pairs.
    pub fn form(pairs: &[(&str, &str)]) -> Body {
        Body::Form(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    }

    /// The `Content-Type` and bytes of this body.
    pub fn encode(&self) -> (Option<String>, Bytes) {
        match self {
            Body::Empty => (None, Bytes::new()),
            Body::Json(value) => (Some("application/json".into()), Bytes::from(value.to_string())),
            Body::Form(pairs) => {
                let encoded = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
                (Some("application/x-www-form-urlencoded".into()), Bytes::from(encoded))
            }
            Body::Multipart(fields, files) => {
                let mut out = Vec::new();
                for (name, value) in fields {
                    out.extend_from_slice(
                        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                            .as_bytes(),
                    );
                }
                for file in files {
                    out.extend_from_slice(
                        format!(
                            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                            file.field, file.file_name, file.content_type
                        )
                        .as_bytes(),
                    );
                    out.extend_from_slice(&file.content);
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
                (Some(format!("multipart/form-data; boundary={BOUNDARY}")), Bytes::from(out))
            }
            Body::Raw(content_type, bytes) => (Some(content_type.clone()), bytes.clone()),
        }
    }
}

/// Builds an `http::Request` with `body` encoded and its `Content-Type` set.
///
/// # Panics
///
/// When `path` or a header is not valid HTTP (a mistake in the test itself).
pub fn build_request(method: Method, path: &str, headers: &[(&str, &str)], body: &Body) -> http::Request<Bytes> {
    let (content_type, bytes) = body.encode();
    let mut builder = http::Request::builder().method(method).uri(path);
    if let Some(ct) = content_type {
        builder = builder.header(http::header::CONTENT_TYPE, ct);
    }
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    match builder.body(bytes) {
        Ok(request) => request,
        Err(err) => panic!("invalid test request for {path:?}: {err}"),
    }
}

/// Marks `request` as authenticated (DRF's `force_authenticate(request, user, token)`).
pub fn force_authenticate(request: &mut http::Request<Bytes>, authenticated: Authenticated) {
    request.extensions_mut().insert(ForceAuthenticate(authenticated));
}

/// An in-process client for a whole [`App`], like DRF's `APIClient`.
#[derive(Clone)]
pub struct APIClient {
    app: Arc<App>,
    authorization: Option<String>,
    forced: Option<Authenticated>,
}

impl std::fmt::Debug for APIClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("APIClient").finish_non_exhaustive()
    }
}

impl APIClient {
    /// A client for `app`.
    pub fn new(app: App) -> Self {
        Self::shared(Arc::new(app))
    }

    /// A client for an app that is shared (for example with a running server).
    pub fn shared(app: Arc<App>) -> Self {
        Self { app, authorization: None, forced: None }
    }

    /// `client.credentials(HTTP_AUTHORIZATION=...)`: send this `Authorization` header on every
    /// request; calling again replaces it, `None` clears it.
    pub fn credentials(&mut self, authorization: Option<&str>) -> &mut Self {
        self.authorization = authorization.map(str::to_owned);
        self
    }

    /// `client.force_authenticate(user)`: every request is authenticated as this user without
    /// running the authenticators; `None` undoes it.
    pub fn force_authenticate(&mut self, authenticated: Option<Authenticated>) -> &mut Self {
        self.forced = authenticated;
        self
    }

    /// `client.logout()`: clears credentials and forced authentication.
    pub fn logout(&mut self) -> &mut Self {
        self.authorization = None;
        self.forced = None;
        self
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Method::GET, path, &[], &Body::Empty).await
    }

    /// `HEAD path` (the body is dropped, headers kept, as a server would).
    pub async fn head(&self, path: &str) -> TestResponse {
        self.send(Method::HEAD, path, &[], &Body::Empty).await
    }

    /// `OPTIONS path`.
    pub async fn options(&self, path: &str) -> TestResponse {
        self.send(Method::OPTIONS, path, &[], &Body::Empty).await
    }

    /// `DELETE path`.
    pub async fn delete(&self, path: &str) -> TestResponse {
        self.send(Method::DELETE, path, &[], &Body::Empty).await
    }

    /// `POST path` with a JSON body (`format='json'`).
    pub async fn post(&self, path: &str, data: &Value) -> TestResponse {
        self.send(Method::POST, path, &[], &Body::Json(data.clone())).await
    }

    /// `PUT path` with a JSON body.
    pub async fn put(&self, path: &str, data: &Value) -> TestResponse {
        self.send(Method::PUT, path, &[], &Body::Json(data.clone())).await
    }

    /// `PATCH path` with a JSON body.
    pub async fn patch(&self, path: &str, data: &Value) -> TestResponse {
        self.send(Method::PATCH, path, &[], &Body::Json(data.clone())).await
    }

    /// Any method with a JSON body.
    pub async fn json(&self, method: Method, path: &str, data: &Value) -> TestResponse {
        self.send(method, path, &[], &Body::Json(data.clone())).await
    }

    /// Any method, explicit headers and raw body (no `Content-Type` unless in `headers`).
    pub async fn request(&self, method: Method, path: &str, headers: &[(&str, &str)], body: Bytes) -> TestResponse {
        let mut request = build_request(method, path, headers, &Body::Empty);
        *request.body_mut() = body;
        self.execute(request).await
    }

    /// Any method with extra headers and a body in any encoding.
    pub async fn send(&self, method: Method, path: &str, headers: &[(&str, &str)], body: &Body) -> TestResponse {
        self.execute(build_request(method, path, headers, body)).await
    }

    async fn execute(&self, mut request: http::Request<Bytes>) -> TestResponse {
        if let Some(value) = self.authorization.as_deref().and_then(|a| http::HeaderValue::from_str(a).ok()) {
            request.headers_mut().entry(http::header::AUTHORIZATION).or_insert(value);
        }
        if let Some(forced) = &self.forced {
            force_authenticate(&mut request, forced.clone());
        }
        let head = request.method() == Method::HEAD;
        let response = if request.body().len() > self.app.settings().server_limits().data_upload_max_memory_size {
            self.app.too_large()
        } else {
            self.app.handle(request, Some(TEST_REMOTE_ADDR)).await
        };
        TestResponse::collect(response, head).await
    }
}

/// DRF's `APIRequestFactory` + `as_view()`: call one view directly, without a URL conf.
///
/// ```
/// use restframe::prelude::*;
/// use restframe::test::{APIRequestFactory, Body};
/// use serde_json::json;
///
/// struct EchoView;
/// #[api_view]
/// impl APIView for EchoView {
///     async fn post(&self, request: &Request) -> Result<Response, ApiError> {
///         Ok(Response::json(json!({"got": request.data().await?, "pk": request.kwarg("pk")})))
///     }
/// }
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let factory = APIRequestFactory::new(Settings::default());
/// let view = factory.view(EchoView);
/// let request = factory.request(http::Method::POST, "/echo/7", &Body::Json(json!({"a": 1})));
/// let response = view.call_with_kwargs(request, &[("pk", "7")]).await;
/// assert_eq!(response.json(), json!({"got": {"a": 1}, "pk": "7"}));
/// # });
/// ```
#[derive(Clone, Debug)]
pub struct APIRequestFactory {
    settings: Settings,
    config: Arc<RequestConfig>,
}

impl APIRequestFactory {
    /// A factory whose views resolve their classes against `settings`.
    pub fn new(settings: Settings) -> Self {
        let config = Arc::new(settings.request_config().clone());
        Self { settings, config }
    }

    /// A request with `body` encoded (DRF's `factory.post(path, data, format=...)`).
    pub fn request(&self, method: Method, path: &str, body: &Body) -> http::Request<Bytes> {
        build_request(method, path, &[], body)
    }

    /// DRF's `Request(factory.get(...))`: a framework request outside any view (no classes), for
    /// testing permissions, throttles or authenticators directly.
    pub fn wrap(&self, request: http::Request<Bytes>) -> Request {
        Request::new(request, Some(TEST_REMOTE_ADDR), Vec::new(), self.config.clone(), Default::default())
    }

    /// `MyView.as_view()`: the view resolved against the factory's settings.
    pub fn view(&self, view: impl APIView) -> TestView {
        TestView { view: ResolvedView::new(Arc::new(view), &self.settings), config: self.config.clone() }
    }
}

/// One view ready to be called with requests (see [`APIRequestFactory::view`]).
pub struct TestView {
    view: ResolvedView,
    config: Arc<RequestConfig>,
}

impl std::fmt::Debug for TestView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestView").finish_non_exhaustive()
    }
}

impl TestView {
    /// `view(request)`.
    pub async fn call(&self, request: http::Request<Bytes>) -> TestResponse {
        self.call_with_kwargs(request, &[]).await
    }

    /// `view(request, pk=7)`: with URL keyword arguments.
    pub async fn call_with_kwargs(&self, request: http::Request<Bytes>, kwargs: &[(&str, &str)]) -> TestResponse {
        let head = request.method() == Method::HEAD;
        let kwargs = kwargs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let mut request =
            Request::new(request, Some(TEST_REMOTE_ADDR), kwargs, self.config.clone(), self.view.classes().clone());
        TestResponse::collect(dispatch(&self.view, &mut request, false).await, head).await
    }
}

/// A rendered response as a test sees it.
#[derive(Clone, Debug)]
pub struct TestResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl TestResponse {
    async fn collect(response: HttpResponse, head: bool) -> TestResponse {
        let (parts, body) = response.into_parts();
        let body = http_body_util::BodyExt::collect(body).await.map(|c| c.to_bytes()).unwrap_or_default();
        TestResponse { status: parts.status, headers: parts.headers, body: if head { Bytes::new() } else { body } }
    }
    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }
    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    /// One header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The body parsed as JSON (`Value::Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}
