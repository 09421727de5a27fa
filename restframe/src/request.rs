//! DRF's `rest_framework.request.Request`: the incoming request plus what the pipeline learned
//! about it (`user`, `auth`, lazily parsed `data`, URL `kwargs`).

use std::any::Any;
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock};

use bytes::Bytes;
use http::{HeaderMap, Method};
use serde_json::{Map, Value};
use tokio::sync::OnceCell;

use crate::authentication::{Auth, Authenticated};
use crate::exceptions::ApiError;
use crate::parsers::{Parser, select_parser};
use crate::settings::Settings;
use crate::user::{AnonymousUser, User};

/// The anonymous user every request starts with, shared rather than allocated per request.
static ANONYMOUS: LazyLock<Arc<dyn User>> = LazyLock::new(|| Arc::new(AnonymousUser));

/// Marks a test request as authenticated as this user, bypassing the authenticators (DRF's
/// `force_authenticate`). Put it in the `http::Request` extensions.
#[derive(Clone, Debug)]
pub struct ForceAuthenticate(pub Authenticated);

/// One HTTP request as a view sees it.
pub struct Request {
    head: http::request::Parts,
    body: Bytes,
    remote_addr: Option<SocketAddr>,
    kwargs: Vec<(String, String)>,
    settings: Arc<Settings>,
    parsers: Arc<[Arc<dyn Parser>]>,
    throttle_scope: Option<&'static str>,
    pub(crate) user: Arc<dyn User>,
    pub(crate) auth: Option<Auth>,
    pub(crate) authenticated_by: Option<usize>,
    data: OnceCell<Value>,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<Request: {} '{}'>", self.head.method, self.head.uri)
    }
}

impl Request {
    /// Builds a request for a view (the framework does this after routing).
    pub fn new(
        request: http::Request<Bytes>,
        remote_addr: Option<SocketAddr>,
        kwargs: Vec<(String, String)>,
        settings: Arc<Settings>,
        parsers: Arc<[Arc<dyn Parser>]>,
        throttle_scope: Option<&'static str>,
    ) -> Self {
        let (head, body) = request.into_parts();
        Self {
            head,
            body,
            remote_addr,
            kwargs,
            settings,
            parsers,
            throttle_scope,
            user: ANONYMOUS.clone(),
            auth: None,
            authenticated_by: None,
            data: OnceCell::new(),
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.head.method
    }

    /// The request path (`/api-hello`), without the query string.
    pub fn path(&self) -> &str {
        self.head.uri.path()
    }

    /// The full URI as received.
    pub fn uri(&self) -> &http::Uri {
        &self.head.uri
    }

    /// All request headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.head.headers
    }

    /// One header as text; `None` when absent or not visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The request extensions (where test helpers put [`ForceAuthenticate`]).
    pub fn extensions(&self) -> &http::Extensions {
        &self.head.extensions
    }

    /// The peer's socket address, when the request came over a socket.
    pub fn remote_addr(&self) -> Option<SocketAddr> {
        self.remote_addr
    }

    /// The query string parsed into pairs, in order (DRF's `request.query_params`).
    pub fn query_params(&self) -> Vec<(String, String)> {
        self.head.uri.query().map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default()
    }

    /// The last value of one query parameter, like `QueryDict.get`.
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query_params().into_iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// A URL keyword argument captured by the route (`<int:pk>` gives `kwarg("pk")`).
    pub fn kwarg(&self, name: &str) -> Option<&str> {
        self.kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The project settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The view's `throttle_scope`, for `ScopedRateThrottle`.
    pub fn throttle_scope(&self) -> Option<&'static str> {
        self.throttle_scope
    }

    /// `request.user`: the authenticated user, or [`AnonymousUser`].
    pub fn user(&self) -> &dyn User {
        self.user.as_ref()
    }

    /// `request.user` as a concrete type (for example `restframe::auth::User`).
    pub fn user_as<T: User>(&self) -> Option<&T> {
        (self.user.as_ref() as &dyn Any).downcast_ref::<T>()
    }

    /// `request.auth`: the credential object, if any.
    pub fn auth(&self) -> Option<&Auth> {
        self.auth.as_ref()
    }

    /// `request.auth` as a concrete type (for example a `Token`).
    pub fn auth_as<T: Any>(&self) -> Option<&T> {
        self.auth.as_deref().and_then(|a| a.downcast_ref::<T>())
    }

    /// Index of the authenticator that succeeded (DRF's `successful_authenticator`).
    pub fn successful_authenticator(&self) -> Option<usize> {
        self.authenticated_by
    }

    /// The raw body bytes.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// `request.data`: the body parsed by the parser matching `Content-Type`, on first access.
    /// An empty body is `{}`. Parse errors (400) and unsupported media types (415) surface here,
    /// after authentication, permissions and throttling, exactly like DRF. After a failure later
    /// calls see `{}`.
    pub async fn data(&self) -> Result<&Value, ApiError> {
        if let Some(data) = self.data.get() {
            return Ok(data);
        }
        match self.parse().await {
            Ok(value) => Ok(self.data.get_or_init(|| async { value }).await),
            Err(err) => {
                let _ = self.data.set(Value::Object(Map::new()));
                Err(err)
            }
        }
    }

    async fn parse(&self) -> Result<Value, ApiError> {
        if self.body.is_empty() {
            return Ok(Value::Object(Map::new()));
        }
        let content_type = self
            .head
            .headers
            .get(http::header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default();
        match select_parser(&self.parsers, &content_type) {
            Some(parser) => parser.parse(&self.body, &content_type).await,
            None => Err(ApiError::unsupported_media_type(&content_type)),
        }
    }

    pub(crate) fn set_authenticated(&mut self, index: Option<usize>, authenticated: Authenticated) {
        self.user = authenticated.user;
        self.auth = authenticated.auth;
        self.authenticated_by = index;
    }
}
