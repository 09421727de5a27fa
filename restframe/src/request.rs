//! DRF's `rest_framework.request.Request`: the incoming request plus what the pipeline learned
//! about it (`user`, `auth`, lazily parsed `data`, URL `kwargs`).

use std::any::Any;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderMap, Method};
use serde_json::{Map, Value};
use tokio::sync::OnceCell;

use crate::authentication::{Auth, Authenticated};
use crate::exceptions::ApiError;
use crate::parsers::{Parsed, ParserContext, UploadedFile, select_parser};
use crate::permissions::Object;
use crate::settings::Settings;
use crate::user::{AnonymousUser, User};
use crate::views::ViewClasses;

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
    classes: Arc<ViewClasses>,
    /// `None` until someone authenticates: the anonymous user costs no reference counting.
    user: Option<Arc<dyn User>>,
    auth: Option<Auth>,
    authenticated_by: Option<usize>,
    forced: bool,
    parsed: OnceCell<Parsed>,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<Request: {} '{}'>", self.head.method, self.head.uri)
    }
}

impl Request {
    /// Builds a request for a view whose classes are `classes` (the framework does this after
    /// routing).
    pub fn new(
        request: http::Request<Bytes>,
        remote_addr: Option<SocketAddr>,
        kwargs: Vec<(String, String)>,
        settings: Arc<Settings>,
        classes: Arc<ViewClasses>,
    ) -> Self {
        let (head, body) = request.into_parts();
        Self::from_parts(head, body, remote_addr, kwargs, settings, classes)
    }

    /// [`Request::new`] from the parts of an `http::Request` (saves moving them around).
    #[inline]
    pub(crate) fn from_parts(
        head: http::request::Parts,
        body: Bytes,
        remote_addr: Option<SocketAddr>,
        kwargs: Vec<(String, String)>,
        settings: Arc<Settings>,
        classes: Arc<ViewClasses>,
    ) -> Self {
        Self {
            head,
            body,
            remote_addr,
            kwargs,
            settings,
            classes,
            user: None,
            auth: None,
            authenticated_by: None,
            forced: false,
            parsed: OnceCell::new(),
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
        let query = self.head.uri.query()?;
        form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k == name).last().map(|(_, v)| v.into_owned())
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
        self.classes.throttle_scope
    }

    /// The classes of the view handling this request.
    pub fn view_classes(&self) -> &ViewClasses {
        &self.classes
    }

    /// `request.user`: the authenticated user, or [`AnonymousUser`].
    pub fn user(&self) -> &dyn User {
        match &self.user {
            Some(user) => user.as_ref(),
            None => &AnonymousUser,
        }
    }

    /// `request.user` as a concrete type (for example `restframe::auth::User`).
    pub fn user_as<T: User>(&self) -> Option<&T> {
        (self.user() as &dyn Any).downcast_ref::<T>()
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
        self.parsed().await.map(|parsed| &parsed.data)
    }

    /// The uploaded files of a multipart body (DRF's `request.FILES`); parses the body like
    /// [`Request::data`].
    pub async fn files(&self) -> Result<&[UploadedFile], ApiError> {
        self.parsed().await.map(|parsed| parsed.files.as_slice())
    }

    async fn parsed(&self) -> Result<&Parsed, ApiError> {
        if let Some(parsed) = self.parsed.get() {
            return Ok(parsed);
        }
        match self.parse().await {
            Ok(parsed) => Ok(self.parsed.get_or_init(|| async { parsed }).await),
            Err(err) => {
                let _ = self.parsed.set(Parsed::from(Value::Object(Map::new())));
                Err(err)
            }
        }
    }

    async fn parse(&self) -> Result<Parsed, ApiError> {
        if self.body.is_empty() {
            return Ok(Parsed::from(Value::Object(Map::new())));
        }
        let content_type = self
            .head
            .headers
            .get(http::header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default();
        match select_parser(&self.classes.parsers, &content_type) {
            Some(parser) => {
                let context = ParserContext { content_type: &content_type, settings: &self.settings };
                parser.parse(&self.body, context).await
            }
            None => Err(ApiError::unsupported_media_type(&content_type)),
        }
    }

    /// DRF's `check_object_permissions(request, obj)`: runs every permission class's
    /// `has_object_permission`; the first refusal is the view's usual denial (403 with the
    /// class's message, or `NotAuthenticated` for an anonymous request).
    pub fn check_object_permissions(&self, obj: &Object) -> Result<(), ApiError> {
        for permission in self.classes.permissions.iter() {
            if !permission.has_object_permission(self, obj) {
                return Err(self.permission_denied(permission.message()));
            }
        }
        Ok(())
    }

    /// DRF's `permission_denied`: `NotAuthenticated` when the view has authenticators and none
    /// succeeded (the message is then ignored), else `PermissionDenied` with `message`.
    pub fn permission_denied(&self, message: Option<String>) -> ApiError {
        if !self.classes.authenticators.is_empty() && self.authenticated_by.is_none() && !self.forced {
            return ApiError::not_authenticated();
        }
        match message {
            Some(msg) => ApiError::permission_denied_with(msg),
            None => ApiError::permission_denied(),
        }
    }

    /// Records who authenticated the request (`index` of the authenticator, `None` when forced
    /// by a test).
    pub(crate) fn set_authenticated(&mut self, index: Option<usize>, authenticated: Authenticated) {
        self.user = Some(authenticated.user);
        self.auth = authenticated.auth;
        self.authenticated_by = index;
        self.forced = index.is_none();
    }
}
