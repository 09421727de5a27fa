//! DRF's `rest_framework.views`: the [`APIView`] trait and its `dispatch` pipeline.
//!
//! ```
//! use restframe::prelude::*;
//! use serde_json::json;
//!
//! struct HelloView;
//!
//! /// Says hello to authenticated users.
//! #[api_view]
//! impl APIView for HelloView {
//!     fn permission_classes(&self) -> Permissions {
//!         permissions![IsAuthenticated]
//!     }
//!     async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
//!         Ok(Response::json(json!({"message": "Hello, World!"})))
//!     }
//! }
//!
//! let urls = urlpatterns![path("api-hello", HelloView)];
//! # let _ = urls;
//! ```

use std::borrow::Cow;
use std::future::Future;
use std::sync::Arc;

use http::Method;
use http::header::{HeaderValue, RETRY_AFTER, WWW_AUTHENTICATE};

use crate::finalize::HeaderTemplates;

use crate::authentication::Authenticators;
use crate::exceptions::{ApiError, ErrorKind};
use crate::methods::MethodFilter;
use crate::parsers::Parsers;
use crate::permissions::Permissions;
use crate::renderers::Renderers;
use crate::request::{ForceAuthenticate, Request, ViewClasses};
use crate::response::Response;
use crate::settings::{ExceptionHandler, Settings};
use crate::throttling::{ThrottleDecision, Throttles};
use crate::util::BoxFuture;

pub(crate) mod schema;

pub use self::schema::ViewSchema;

/// What `#[api_view]` records about a view: DRF's view name, description and the handler
/// methods the impl defines.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is missing its view metadata",
    label = "put `#[api_view]` on the `impl APIView for {Self}` block",
    note = "`#[api_view]` records which handlers (get, post, ...) the impl defines, for routing and the `Allow` header"
)]
pub trait ViewMeta {
    /// DRF's `get_view_name()`: the type name without `View`, split at capitals (`Hello`).
    const NAME: &'static str;
    /// DRF's `get_view_description()`: the impl block's doc comment, dedented.
    const DESCRIPTION: &'static str;
    /// The handlers the impl defines (`MethodFilter::GET.or(MethodFilter::POST)`).
    const HANDLERS: MethodFilter;
    /// Whether `get` also answers `HEAD`, as in every class-based view (Django's `View.setup`
    /// sets `head = get`). DRF's `@api_view` leaves `head` out of `http_method_names` unless it
    /// is listed, so a function view answers `HEAD` with 405 and leaves it out of `Allow`; the
    /// fn form of `#[api_view]` sets this to `false`.
    const HEAD_FROM_GET: bool = true;
    /// `(handler, doc comment)` for each handler method with one (`("post", "Handles post
    /// request logic")`): the OpenAPI operation's description, before the view's own
    /// ([`crate::schemas`], as drf-spectacular prefers a method's docstring).
    const HANDLER_DOCS: &'static [(&'static str, &'static str)] = &[];
}

/// A class-based API view: DRF's `APIView`. Implement the handlers you need and put
/// `#[api_view]` on the impl; every other method answers 405.
pub trait APIView: ViewMeta + Send + Sync + 'static {
    /// `authentication_classes`; the default inherits the settings.
    fn authentication_classes(&self) -> Authenticators {
        Authenticators::from_settings()
    }
    /// `permission_classes`; the default inherits the settings.
    fn permission_classes(&self) -> Permissions {
        Permissions::from_settings()
    }
    /// `throttle_classes`; the default inherits the settings.
    fn throttle_classes(&self) -> Throttles {
        Throttles::from_settings()
    }
    /// `parser_classes`; the default inherits the settings.
    fn parser_classes(&self) -> Parsers {
        Parsers::from_settings()
    }
    /// `renderer_classes`; the default inherits the settings.
    fn renderer_classes(&self) -> Renderers {
        Renderers::from_settings()
    }
    /// `throttle_scope`, for `ScopedRateThrottle`.
    fn throttle_scope(&self) -> Option<&'static str> {
        None
    }
    /// The `actions` entry of the OPTIONS metadata: DRF's `determine_actions`, which describes
    /// `get_serializer()` for `POST`/`PUT`. Build it with [`crate::metadata::actions`] (the
    /// permission checks per method) and [`crate::metadata::serializer_info`]; entries for
    /// methods the view does not implement are dropped. Async because DRF's `PUT` entry needs
    /// `get_object()` (generic views look the object up and check object permissions).
    fn metadata_actions(&self, request: &Request) -> impl Future<Output = Option<serde_json::Value>> + Send {
        let _ = request;
        std::future::ready(None)
    }
    /// DRF's `schema` attribute: what the OpenAPI generator ([`crate::schemas`]) cannot infer
    /// from the view's classes, such as the serializers of its request and response bodies
    /// (drf-spectacular's `get_serializer()` and `@extend_schema`). The default describes an
    /// `APIView` without a serializer: no request body, a `200` "No response body".
    fn schema(&self) -> ViewSchema {
        ViewSchema::default()
    }
    /// What the generator documents: [`APIView::schema`] merged over what `#[generic_view]`
    /// infers from the view's serializer, paginator and filter backends under the app's
    /// settings `config`. Written by `#[generic_view]`; implement [`APIView::schema`] instead.
    #[doc(hidden)]
    fn openapi_schema(&self, config: &crate::request::RequestConfig) -> ViewSchema {
        let _ = config;
        self.schema()
    }
    /// `GET` handler.
    fn get(&self, request: &Request) -> impl Future<Output = Result<Response, ApiError>> + Send {
        not_allowed(request)
    }
    /// `POST` handler.
    fn post(&self, request: &Request) -> impl Future<Output = Result<Response, ApiError>> + Send {
        not_allowed(request)
    }
    /// `PUT` handler.
    fn put(&self, request: &Request) -> impl Future<Output = Result<Response, ApiError>> + Send {
        not_allowed(request)
    }
    /// `PATCH` handler.
    fn patch(&self, request: &Request) -> impl Future<Output = Result<Response, ApiError>> + Send {
        not_allowed(request)
    }
    /// `DELETE` handler.
    fn delete(&self, request: &Request) -> impl Future<Output = Result<Response, ApiError>> + Send {
        not_allowed(request)
    }
}

/// The 405 of a handler the view does not define.
pub(crate) fn not_allowed(request: &Request) -> impl Future<Output = Result<Response, ApiError>> + Send + use<> {
    let err = ApiError::method_not_allowed(request.method().as_str());
    async move { Err(err) }
}

/// Object-safe form of a view, implemented for every [`APIView`].
pub(crate) trait DynView: Send + Sync + 'static {
    /// Runs the handler for `method` (already known to be implemented).
    fn call<'a>(&'a self, method: &'a Method, request: &'a Request) -> BoxFuture<'a, Result<Response, ApiError>>;
    /// The view's name, description and handlers (owned for a viewset route, whose name is
    /// built from its basename and suffix at startup).
    fn meta(&self) -> (Cow<'static, str>, Cow<'static, str>, MethodFilter);
    /// See [`ViewMeta::HEAD_FROM_GET`]; viewset routes always answer `HEAD` with `list` /
    /// `retrieve`.
    fn head_from_get(&self) -> bool {
        true
    }
    /// The doc comment of the handler for `method` (`"post"`), see [`ViewMeta::HANDLER_DOCS`].
    fn handler_doc(&self, method: &str) -> Option<&'static str> {
        let _ = method;
        None
    }
    /// See [`APIView::schema`]; `config` is the app's settings.
    fn schema(&self, config: &crate::request::RequestConfig) -> ViewSchema {
        let _ = config;
        ViewSchema::default()
    }
    /// See [`APIView::metadata_actions`].
    fn actions<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Option<serde_json::Value>>;
    /// Resolves the view's classes against the settings.
    fn resolve(&self, settings: &Settings) -> ViewClasses;
    /// A viewset route's view per method group (its actions and `OPTIONS`), each resolved
    /// with its own `action`; empty for an `APIView`, whose one view answers every method.
    fn per_method(&self) -> Vec<(MethodFilter, Arc<dyn DynView>)> {
        Vec::new()
    }
}

impl<V: APIView> DynView for V {
    fn call<'a>(&'a self, method: &'a Method, request: &'a Request) -> BoxFuture<'a, Result<Response, ApiError>> {
        match *method {
            Method::GET | Method::HEAD => Box::pin(self.get(request)),
            Method::POST => Box::pin(self.post(request)),
            Method::PUT => Box::pin(self.put(request)),
            Method::PATCH => Box::pin(self.patch(request)),
            Method::DELETE => Box::pin(self.delete(request)),
            _ => Box::pin(not_allowed(request)),
        }
    }
    fn meta(&self) -> (Cow<'static, str>, Cow<'static, str>, MethodFilter) {
        (Cow::Borrowed(V::NAME), Cow::Borrowed(V::DESCRIPTION), V::HANDLERS)
    }
    fn head_from_get(&self) -> bool {
        V::HEAD_FROM_GET
    }
    fn handler_doc(&self, method: &str) -> Option<&'static str> {
        V::HANDLER_DOCS.iter().find(|(name, _)| *name == method).map(|(_, doc)| *doc)
    }
    fn schema(&self, config: &crate::request::RequestConfig) -> ViewSchema {
        APIView::openapi_schema(self, config)
    }
    fn actions<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Option<serde_json::Value>> {
        Box::pin(self.metadata_actions(request))
    }
    fn resolve(&self, settings: &Settings) -> ViewClasses {
        ViewClasses {
            authenticators: self.authentication_classes().or(settings.authentication_classes()).items().into(),
            permissions: self.permission_classes().or(settings.permission_classes()).items().into(),
            throttles: self.throttle_classes().or(settings.throttle_classes()).items().into(),
            parsers: self.parser_classes().or(settings.parser_classes()).items().into(),
            renderers: self.renderer_classes().or(settings.renderer_classes()).items().into(),
            throttle_scope: self.throttle_scope(),
            viewset: None,
        }
    }
}

/// A routed view with everything dispatch needs precomputed.
pub(crate) struct ResolvedView {
    pub(crate) view: Arc<dyn DynView>,
    pub(crate) classes: Arc<ViewClasses>,
    pub(crate) allow: HeaderValue,
    pub(crate) methods: MethodFilter,
    pub(crate) headers: HeaderTemplates,
    /// The settings' `EXCEPTION_HANDLER`; `None` is DRF's default, [`exception_handler`].
    pub(crate) exception_handler: Option<ExceptionHandler>,
}

impl ResolvedView {
    /// Resolves `view` against `settings` and computes its `Allow` header.
    pub(crate) fn new(view: Arc<dyn DynView>, settings: &Settings) -> Self {
        let classes = Arc::new(view.resolve(settings));
        let (_, _, handlers) = view.meta();
        let methods = allowed_methods(handlers, view.head_from_get());
        let allow = HeaderValue::from_str(&methods.names().collect::<Vec<_>>().join(", "))
            .unwrap_or(HeaderValue::from_static("OPTIONS"));
        let headers = HeaderTemplates::new(&classes.renderers, &allow);
        let exception_handler = settings.custom_exception_handler().cloned();
        Self { view, classes, allow, methods, headers, exception_handler }
    }

    /// The resolved classes.
    pub(crate) fn classes(&self) -> &Arc<ViewClasses> {
        &self.classes
    }
}

/// DRF's `_allowed_methods()`: handlers in the fixed order GET, POST, PUT, PATCH, DELETE, HEAD,
/// OPTIONS; `HEAD` whenever `GET` exists (unless `head_from_get` is false: a function view that
/// does not list it); `OPTIONS` always.
pub(crate) fn allowed_methods(handlers: MethodFilter, head_from_get: bool) -> MethodFilter {
    let mut methods = handlers.or(MethodFilter::OPTIONS);
    if head_from_get && handlers.includes(MethodFilter::GET) {
        methods = methods.or(MethodFilter::HEAD);
    }
    methods
}

/// DRF's `APIView.dispatch` from `initial()` to the handler: authentication, permissions,
/// throttles, handler lookup (405) and the handler itself.
pub(crate) async fn run_pipeline(view: &ResolvedView, request: &mut Request) -> Result<Response, ApiError> {
    perform_authentication(view, request).await?;
    check_permissions(view, request)?;
    check_throttles(view, request).await?;
    let method = request.method().clone();
    if method == Method::OPTIONS {
        return Ok(simple_metadata(view, request).await);
    }
    if !view.methods.contains(&method) {
        return Err(ApiError::method_not_allowed(method.as_str()));
    }
    view.view.call(&method, request).await
}

/// The `OPTIONS` answer: [`crate::metadata`]'s `SimpleMetadata` for this view.
pub(crate) async fn simple_metadata(view: &ResolvedView, request: &Request) -> Response {
    let (name, description, _) = view.view.meta();
    let info = crate::metadata::ViewInfo {
        name,
        description,
        renderers: &view.classes.renderers,
        parsers: &view.classes.parsers,
        methods: view.methods,
    };
    let actions = view.view.actions(request).await;
    crate::metadata::simple_metadata(info, actions)
}

async fn perform_authentication(view: &ResolvedView, request: &mut Request) -> Result<(), ApiError> {
    if let Some(ForceAuthenticate(forced)) = request.extensions().get::<ForceAuthenticate>().cloned() {
        request.set_authenticated(None, forced);
        return Ok(());
    }
    for (index, authenticator) in view.classes.authenticators.iter().enumerate() {
        if let Some(authenticated) = authenticator.authenticate_dyn(request).await? {
            request.set_authenticated(Some(index), authenticated);
            return Ok(());
        }
    }
    Ok(())
}

fn check_permissions(view: &ResolvedView, request: &Request) -> Result<(), ApiError> {
    for permission in view.classes.permissions.iter() {
        if !permission.has_permission(request) {
            return Err(request.permission_denied(permission.message()));
        }
    }
    Ok(())
}

/// Every throttle runs (those that allow record the request even when another denies); the
/// longest known wait is reported.
async fn check_throttles(view: &ResolvedView, request: &Request) -> Result<(), ApiError> {
    let mut denied = false;
    let mut longest: Option<f64> = None;
    for throttle in view.classes.throttles.iter() {
        if let ThrottleDecision::Deny { wait } = throttle.allow_request_dyn(request).await? {
            denied = true;
            longest = match (longest, wait) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
    }
    if denied {
        return Err(ApiError::throttled(longest));
    }
    Ok(())
}

/// DRF's default `exception_handler`: `{"detail": ...}` (or the list/dict detail itself),
/// `WWW-Authenticate` for auth errors and `Retry-After` for throttling. Internal errors return
/// `None` and become a plain 500.
pub fn exception_handler(err: &ApiError, _request: &Request) -> Option<Response> {
    if err.kind() == ErrorKind::Internal {
        return None;
    }
    let mut response = Response::new(err.status(), err.body());
    if let Some(wait) = err.wait().filter(|w| *w > 0.0) {
        let secs = wait.ceil() as u64;
        response = response.with_header(RETRY_AFTER, HeaderValue::from(secs));
    }
    Some(response)
}

/// DRF's `handle_exception`: the 401 → 403 rewrite for authentication errors, then the
/// configured exception handler.
pub(crate) fn handle_exception(view: &ResolvedView, request: &Request, err: ApiError) -> Response {
    let mut err = err;
    let mut auth_header = None;
    if matches!(err.kind(), ErrorKind::NotAuthenticated | ErrorKind::AuthenticationFailed) {
        auth_header = view.classes.authenticators.first().and_then(|a| a.authenticate_header_dyn(request));
        if auth_header.is_none() {
            err = err.with_status(http::StatusCode::FORBIDDEN);
        }
    }
    let handled = match &view.exception_handler {
        Some(handler) => handler(&err, request),
        None => exception_handler(&err, request),
    };
    match handled {
        Some(response) => {
            // DRF's `response.exception = True`.
            let mut response = response.with_exception(err.detail().clone());
            if let Some(value) = auth_header.and_then(|h| HeaderValue::from_str(&h).ok()) {
                response.headers_mut().insert(WWW_AUTHENTICATE, value);
            }
            response
        }
        None => {
            tracing::error!(
                cause = err.cause().map(ToString::to_string).unwrap_or_default().as_str(),
                "internal server error in {}",
                request.path()
            );
            Response::new(http::StatusCode::INTERNAL_SERVER_ERROR, ApiError::internal("").body())
        }
    }
}
