//! DRF's `rest_framework.request.Request`: the incoming request plus what the pipeline learned
//! about it (`user`, `auth`, lazily parsed `data`, URL `kwargs`).

use std::any::{Any, TypeId};
use std::borrow::Cow;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::{HeaderMap, Method};
use serde_json::{Map, Value};
use tokio::sync::OnceCell;

use crate::authentication::{Auth, Authenticated, DynAuthentication};
use crate::exceptions::ApiError;
use crate::parsers::{DynParser, Parsed, ParserContext, UploadLimits, UploadedFile, select_parser};
use crate::permissions::{Object, Permission};
use crate::renderers::Renderer;
use crate::resolver::{ResolverNamespaces, UrlNames};
use crate::throttling::{Clock, DynThrottle, DynThrottleStore, InMemoryThrottleStore, Rate, SystemClock};
use crate::user::{AnonymousUser, User};

/// Marks a test request as authenticated as this user, bypassing the authenticators (DRF's
/// `force_authenticate`). Put it in the `http::Request` extensions.
#[derive(Clone, Debug)]
pub struct ForceAuthenticate(pub Authenticated);

/// A view's classes after falling back to the settings, computed once at startup.
#[derive(Clone)]
pub(crate) struct ViewClasses {
    /// Resolved `authentication_classes`.
    pub(crate) authenticators: Arc<[Arc<dyn DynAuthentication>]>,
    /// Resolved `permission_classes`.
    pub(crate) permissions: Arc<[Arc<dyn Permission>]>,
    /// Resolved `throttle_classes`.
    pub(crate) throttles: Arc<[Arc<dyn DynThrottle>]>,
    /// Resolved `parser_classes`.
    pub(crate) parsers: Arc<[Arc<dyn DynParser>]>,
    /// Resolved `renderer_classes`.
    pub(crate) renderers: Arc<[Arc<dyn Renderer>]>,
    /// The view's `throttle_scope`.
    pub(crate) throttle_scope: Option<&'static str>,
    /// What a viewset route knows about itself (`None` for an `APIView`).
    pub(crate) viewset: Option<ActionContext>,
}

/// A viewset view's `action`, `detail` and `basename` (DRF's `self.action` and the router's
/// initkwargs), fixed per route and method at startup.
#[derive(Clone, Debug)]
pub(crate) struct ActionContext {
    pub(crate) action: Option<&'static str>,
    pub(crate) detail: bool,
    pub(crate) basename: Arc<str>,
}

impl Default for ViewClasses {
    /// No classes at all (every list empty, no throttle scope).
    fn default() -> Self {
        Self {
            authenticators: Arc::from(Vec::new()),
            permissions: Arc::from(Vec::new()),
            throttles: Arc::from(Vec::new()),
            parsers: Arc::from(Vec::new()),
            renderers: Arc::from(Vec::new()),
            throttle_scope: None,
            viewset: None,
        }
    }
}

impl std::fmt::Debug for ViewClasses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewClasses")
            .field("authenticators", &self.authenticators.len())
            .field("permissions", &self.permissions.len())
            .field("throttles", &self.throttles.len())
            .field("parsers", &self.parsers.len())
            .field("renderers", &self.renderers.len())
            .field("throttle_scope", &self.throttle_scope)
            .field("viewset", &self.viewset)
            .finish()
    }
}

/// The settings a request carries (DRF reads them from `api_settings` while handling it): plain
/// data, built by the [`Settings`](crate::settings::Settings) builder and shared by every
/// request of an app.
#[derive(Clone)]
pub struct RequestConfig {
    pub(crate) upload_limits: UploadLimits,
    pub(crate) non_field_errors_key: String,
    pub(crate) num_proxies: Option<usize>,
    /// Scope to parsed rate, `None` meaning unlimited.
    pub(crate) throttle_rates: HashMap<String, Option<Rate>>,
    pub(crate) throttle_store: Arc<dyn DynThrottleStore>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) url_format_override: Option<String>,
    /// The app's named routes, for `reverse()` (filled by `App::new`).
    pub(crate) url_names: UrlNames,
    /// Django's `ALLOWED_HOSTS`; `None` accepts any host.
    pub(crate) allowed_hosts: Option<Vec<String>>,
    /// Django's `APPEND_SLASH` (default on).
    pub(crate) append_slash: bool,
    /// `SEARCH_PARAM` (default `search`).
    pub(crate) search_param: String,
    /// `ORDERING_PARAM` (default `ordering`).
    pub(crate) ordering_param: String,
    /// `URL_FIELD_NAME` (default `url`).
    pub(crate) url_field_name: String,
    /// DRF's `PAGE_SIZE` (default `None`).
    pub(crate) page_size: Option<u64>,
    /// DRF's `DEFAULT_PAGINATION_CLASS` (default `None`): a `pagination::PaginationClass`, kept
    /// as `Any` so this module does not depend on the paginators (which read requests).
    pub(crate) pagination_class: Option<Arc<dyn Any + Send + Sync>>,
}

impl Default for RequestConfig {
    fn default() -> Self {
        Self {
            upload_limits: UploadLimits::default(),
            non_field_errors_key: "non_field_errors".to_owned(),
            num_proxies: None,
            throttle_rates: HashMap::from([("user".to_owned(), None), ("anon".to_owned(), None)]),
            throttle_store: Arc::new(InMemoryThrottleStore::new()),
            clock: Arc::new(SystemClock),
            url_format_override: Some("format".to_owned()),
            url_names: UrlNames::default(),
            allowed_hosts: None,
            append_slash: true,
            search_param: "search".to_owned(),
            ordering_param: "ordering".to_owned(),
            url_field_name: "url".to_owned(),
            page_size: None,
            pagination_class: None,
        }
    }
}

impl RequestConfig {
    /// DRF's `PAGE_SIZE`: the page size of paginators that set none.
    pub fn page_size(&self) -> Option<u64> {
        self.page_size
    }
    /// `DATA_UPLOAD_MAX_NUMBER_FIELDS` and `DATA_UPLOAD_MAX_NUMBER_FILES`.
    pub fn upload_limits(&self) -> UploadLimits {
        self.upload_limits
    }
    /// `NON_FIELD_ERRORS_KEY` (default `non_field_errors`).
    pub fn non_field_errors_key(&self) -> &str {
        &self.non_field_errors_key
    }
    /// `NUM_PROXIES` (default `None`).
    pub fn num_proxies(&self) -> Option<usize> {
        self.num_proxies
    }
    /// `DEFAULT_THROTTLE_RATES[scope]`: `None` when the scope has no entry, `Some(None)` when
    /// it is unlimited.
    pub fn throttle_rate(&self, scope: &str) -> Option<Option<Rate>> {
        self.throttle_rates.get(scope).copied()
    }
    /// The clock throttles read.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }
    /// `URL_FORMAT_OVERRIDE` (default `format`).
    pub fn url_format_override(&self) -> Option<&str> {
        self.url_format_override.as_deref()
    }
    /// The app's named routes (what `reverse()` reads).
    pub fn url_names(&self) -> &UrlNames {
        &self.url_names
    }
    /// Django's `ALLOWED_HOSTS`; `None` (the default) accepts any `Host`.
    pub fn allowed_hosts(&self) -> Option<&[String]> {
        self.allowed_hosts.as_deref()
    }
    /// Django's `APPEND_SLASH` (default `true`).
    pub fn append_slash(&self) -> bool {
        self.append_slash
    }
    /// `SEARCH_PARAM`: the query parameter [`crate::filters::SearchFilter`] reads (default
    /// `search`).
    pub fn search_param(&self) -> &str {
        &self.search_param
    }
    /// `URL_FIELD_NAME`: the field a created object's `Location` header comes from (default
    /// `url`).
    pub fn url_field_name(&self) -> &str {
        &self.url_field_name
    }
    /// `ORDERING_PARAM`: the query parameter [`crate::filters::OrderingFilter`] reads (default
    /// `ordering`).
    pub fn ordering_param(&self) -> &str {
        &self.ordering_param
    }
    pub(crate) fn set_throttle_rate(&mut self, scope: &str, rate: Option<Rate>) {
        self.throttle_rates.insert(scope.to_owned(), rate);
    }
}

impl AsRef<RequestConfig> for RequestConfig {
    fn as_ref(&self) -> &RequestConfig {
        self
    }
}

impl std::fmt::Debug for RequestConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestConfig")
            .field("upload_limits", &self.upload_limits)
            .field("non_field_errors_key", &self.non_field_errors_key)
            .field("num_proxies", &self.num_proxies)
            .field("throttle_rates", &self.throttle_rates)
            .field("url_format_override", &self.url_format_override)
            .field("allowed_hosts", &self.allowed_hosts)
            .field("append_slash", &self.append_slash)
            .finish_non_exhaustive()
    }
}

/// One HTTP request as a view sees it.
pub struct Request {
    head: http::request::Parts,
    body: Bytes,
    remote_addr: Option<SocketAddr>,
    kwargs: Vec<(String, String)>,
    settings: Arc<RequestConfig>,
    classes: Arc<ViewClasses>,
    /// `None` until someone authenticates: the anonymous user costs no reference counting.
    user: Option<Arc<dyn User>>,
    auth: Option<Auth>,
    authenticated_by: Option<usize>,
    forced: bool,
    parsed: OnceCell<Parsed>,
    preloads: Preloads,
}

/// Related rows a view's query read with its objects (Django's `select_related`), kept until
/// the serializer's prefetch takes them ([`crate::relations::select_related`]). Shared by the
/// request's clones, so the serializer context made from the request sees them.
#[derive(Clone, Default)]
pub(crate) struct Preloads(Arc<Mutex<PreloadSlot>>);

/// What [`Preloads`] holds.
#[derive(Default)]
pub(crate) struct PreloadSlot {
    /// The view's `select_related`: its model's table and the forward relations to join.
    pub(crate) plan: Option<(&'static str, Vec<&'static str>)>,
    /// Rows read by the join, under the prefetch cache's key.
    pub(crate) rows: Vec<(PreloadKey, Arc<dyn Any + Send + Sync>)>,
}

/// The type of the rows, the table of the model they relate to, the relation's name.
pub(crate) type PreloadKey = (TypeId, &'static str, &'static str);

impl Preloads {
    /// Runs `f` on the slot (a poisoned lock is still a whole slot: every write is one call).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut PreloadSlot) -> R) -> R {
        f(&mut self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<Request: {} '{}'>", self.head.method, self.head.uri)
    }
}

impl Request {
    /// Builds a request for a view whose classes are `classes` (the framework does this after
    /// routing; the test client for requests outside any view).
    pub(crate) fn new(
        request: http::Request<Bytes>,
        remote_addr: Option<SocketAddr>,
        kwargs: Vec<(String, String)>,
        settings: Arc<RequestConfig>,
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
        settings: Arc<RequestConfig>,
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
            preloads: Preloads::default(),
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

    /// Every URL keyword argument, in route order (copied into a serializer context's view).
    pub(crate) fn kwargs(&self) -> &[(String, String)] {
        &self.kwargs
    }

    /// DRF's `view.action` on a viewset route: the action the method maps to (`"list"`,
    /// `"retrieve"`, an `#[action]`'s name), `"metadata"` for `OPTIONS`, `None` for a method the
    /// route does not map (it answers 405) and on a plain `APIView`.
    pub fn action(&self) -> Option<&'static str> {
        self.classes.viewset.as_ref().and_then(|v| v.action)
    }

    /// DRF's `view.detail` on a viewset route: whether the route addresses one object; `None`
    /// outside viewsets.
    pub fn detail(&self) -> Option<bool> {
        self.classes.viewset.as_ref().map(|v| v.detail)
    }

    /// DRF's `view.basename` on a viewset route (`"book"`); `None` outside viewsets.
    pub fn basename(&self) -> Option<&str> {
        self.classes.viewset.as_ref().map(|v| &*v.basename)
    }

    /// Django's `request.resolver_match.namespace`: the instance namespaces of the
    /// `include()`s the route sits in, joined by `:` (`"v1"`, `"v1:inner"`); empty outside any.
    pub fn namespace(&self) -> &str {
        self.head.extensions.get::<ResolverNamespaces>().map_or("", |n| &n.namespace)
    }

    /// Django's `request.resolver_match.app_name`: the application namespaces of those
    /// `include()`s, joined by `:`; empty outside any.
    pub fn app_name(&self) -> &str {
        self.head.extensions.get::<ResolverNamespaces>().map_or("", |n| &n.app_name)
    }

    /// The host of the request as Django's `_get_raw_host()` reads it: the `Host` header, else
    /// the URI's authority, else `testserver` (only in-process test requests lack both; it is
    /// Django's test `SERVER_NAME`). Unchecked: see [`crate::reverse::get_host`].
    pub fn raw_host(&self) -> &str {
        self.header("host").or_else(|| self.head.uri.authority().map(|a| a.as_str())).unwrap_or("testserver")
    }

    /// The settings every request carries (`NON_FIELD_ERRORS_KEY`, `NUM_PROXIES`, throttle
    /// rates, ...).
    pub fn settings(&self) -> &RequestConfig {
        &self.settings
    }

    /// The view's `throttle_scope`, for `ScopedRateThrottle`.
    pub fn throttle_scope(&self) -> Option<&'static str> {
        self.classes.throttle_scope
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

    /// The values of the form fields sent more than once (`QueryDict.getlist`), once the body
    /// was parsed by [`Request::data`]; empty before.
    pub(crate) fn repeated_form_values(&self) -> crate::parsers::FormLists {
        self.parsed.get().map(|parsed| parsed.repeated.clone()).unwrap_or_default()
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
                let context = ParserContext { content_type: &content_type, limits: self.settings.upload_limits };
                parser.parse_dyn(&self.body, context).await
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
    pub fn permission_denied(&self, message: Option<Cow<'static, str>>) -> ApiError {
        if !self.classes.authenticators.is_empty() && self.authenticated_by.is_none() && !self.forced {
            return ApiError::not_authenticated();
        }
        match message {
            Some(msg) => ApiError::permission_denied_with(msg),
            None => ApiError::permission_denied(),
        }
    }

    /// DRF's `clone_request(request, method)` followed by `check_permissions`, as
    /// `SimpleMetadata.determine_actions` runs it: whether every permission class lets this
    /// request's user through with `method` instead of the request's own.
    pub(crate) fn has_permission_for(&self, method: Method) -> bool {
        let clone = self.clone_request(method);
        self.classes.permissions.iter().all(|permission| permission.has_permission(&clone))
    }

    /// DRF's `rest_framework.request.clone_request(request, method)`: the same request (user,
    /// auth, headers, body, URL kwargs) with another method, for asking the permission classes
    /// what that method would be allowed to do (OPTIONS metadata does this for `POST`/`PUT`).
    #[must_use]
    pub fn clone_request(&self, method: Method) -> Request {
        let mut head = http::Request::new(()).into_parts().0;
        head.method = method;
        head.uri = self.head.uri.clone();
        head.version = self.head.version;
        head.headers = self.head.headers.clone();
        let mut clone = Request::from_parts(
            head,
            self.body.clone(),
            self.remote_addr,
            self.kwargs.clone(),
            self.settings.clone(),
            self.classes.clone(),
        );
        clone.user = self.user.clone();
        clone.auth = self.auth.clone();
        clone.authenticated_by = self.authenticated_by;
        clone.forced = self.forced;
        clone.preloads = self.preloads.clone();
        clone
    }

    /// The rows read beside the view's objects ([`Preloads`]).
    pub(crate) fn preloads(&self) -> &Preloads {
        &self.preloads
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
