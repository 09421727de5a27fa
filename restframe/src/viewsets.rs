//! DRF's `rest_framework.viewsets`: the [`ViewSet`] trait, whose actions (`list`, `create`,
//! `retrieve`, `update`, `partial_update`, `destroy` and `#[action]` extra actions) a router
//! maps onto routes and methods.
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::routers::DefaultRouter;
//! use serde_json::json;
//!
//! pub struct BookViewSet;
//!
//! /// The books on the shelf.
//! #[viewset]
//! impl ViewSet for BookViewSet {
//!     async fn list(&self, _request: &Request) -> Result<Response, ApiError> {
//!         Ok(Response::json(json!([])))
//!     }
//!     async fn retrieve(&self, request: &Request) -> Result<Response, ApiError> {
//!         Ok(Response::json(json!({"pk": request.kwarg("pk")})))
//!     }
//!     /// The reviews of one book.
//!     #[action(detail = true, methods = [GET, POST])]
//!     async fn reviews(&self, request: &Request) -> Result<Response, ApiError> {
//!         Ok(Response::json(json!({"action": request.action()})))
//!     }
//! }
//!
//! let mut router = DefaultRouter::new();
//! router.register_as("books", BookViewSet, "book");
//! let app = App::new(Settings::default(), router.urls()).expect("valid urls");
//! # let _ = app;
//! ```
//!
//! DRF's `GenericViewSet`, `ModelViewSet` and `ReadOnlyModelViewSet` are
//! `#[viewset(Kind, ...)]` on an `impl GenericAPIView` block: the kind fills the standard
//! actions it has with [`crate::mixins`] calls, the block's own `list` & co. replace them,
//! `get_permissions` & co. go to the generated `impl ViewSet`, and OPTIONS describes the
//! serializer per route ([`ViewSetMeta::metadata_actions`]).
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::generics::GenericAPIView;
//! use restframe::viewsets::ViewSetMeta;
//! use sea_orm::DatabaseConnection;
//! # mod book {
//! #     use sea_orm::entity::prelude::*;
//! #     #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
//! #     #[sea_orm(table_name = "library_book")]
//! #     pub struct Model {
//! #         #[sea_orm(primary_key)]
//! #         pub id: i32,
//! #         #[sea_orm(unique)]
//! #         pub slug: String,
//! #     }
//! #     #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
//! #     pub enum Relation {}
//! #     impl ActiveModelBehavior for ActiveModel {}
//! # }
//! # #[derive(restframe::ModelSerializer)]
//! # #[serializer(model = book::Model, fields(id, slug))]
//! # pub struct BookSerializer;
//!
//! pub struct ShelfViewSet {
//!     db: DatabaseConnection,
//! }
//!
//! #[viewset(ReadOnlyModelViewSet, lookup_field = slug, lookup_value_regex = "[a-z-]+")]
//! impl GenericAPIView for ShelfViewSet {
//!     type Serializer = BookSerializer;
//!     fn db(&self) -> &DatabaseConnection {
//!         &self.db
//!     }
//! }
//!
//! assert_eq!(ShelfViewSet::ACTIONS, ["list", "retrieve"]);
//! assert_eq!(<ShelfViewSet as ViewSet>::LOOKUP_FIELD, "slug");
//! let shelf = ShelfViewSet { db: DatabaseConnection::default() };
//! // DRF's `queryset.model._meta.object_name.lower()`.
//! assert_eq!(shelf.default_basename().as_deref(), Some("book"));
//! ```

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use http::Method;

use crate::authentication::Authenticators;
use crate::exceptions::ApiError;
use crate::methods::MethodFilter;
use crate::parsers::Parsers;
use crate::permissions::Permissions;
use crate::renderers::Renderers;
use crate::request::{ActionContext, Request, ViewClasses};
use crate::response::Response;
use crate::reverse::{ReverseError, reverse_action};
use crate::settings::Settings;
use crate::throttling::Throttles;
use crate::util::BoxFuture;
// An action the viewset does not define is never routed, so only reachable by calling it: the
// same 405 as an `APIView` handler that is not there.
use crate::views::{DynView, not_allowed as not_provided};

/// The future an action returns, boxed (how `#[viewset]` calls extra actions by index).
pub type ActionFuture<'a> = Pin<Box<dyn Future<Output = Result<Response, ApiError>> + Send + 'a>>;

/// The six standard actions in the order DRF's `SimpleRouter` maps them, with their methods.
pub const STANDARD_ACTIONS: [(&str, bool, Method); 6] = [
    ("list", false, Method::GET),
    ("create", false, Method::POST),
    ("retrieve", true, Method::GET),
    ("update", true, Method::PUT),
    ("partial_update", true, Method::PATCH),
    ("destroy", true, Method::DELETE),
];

/// What `#[action(...)]` records about one extra action (DRF's `@action` attributes).
#[derive(Clone, Copy, Debug)]
pub struct ExtraAction {
    /// The method's name (DRF's `func.__name__`), the value of `request.action()`.
    pub name: &'static str,
    /// `detail=`: routed under the lookup (`books/{pk}/reviews/`) or not.
    pub detail: bool,
    /// `methods=` (default `GET`).
    pub methods: MethodFilter,
    /// `url_path=` (default the method name).
    pub url_path: &'static str,
    /// `url_name=` (default the method name with `_` → `-`).
    pub url_name: &'static str,
    /// `name=`, or DRF's default `pretty_name(func.__name__)` when neither `name` nor `suffix`
    /// was given: the view name OPTIONS shows.
    pub view_name: Option<&'static str>,
    /// `suffix=`: the view name is then the viewset's name plus this suffix.
    pub suffix: Option<&'static str>,
    /// The method's doc comment (the route's description; the viewset's when `None`).
    pub description: Option<&'static str>,
    /// The `#[mapping(this_action, ...)]` functions answering other methods of the route.
    pub mapped: &'static [MappedAction],
    /// `authentication_classes=` for every method of the action's route.
    pub authentication_classes: Option<fn() -> Authenticators>,
    /// `permission_classes=` for every method of the action's route.
    pub permission_classes: Option<fn() -> Permissions>,
    /// `throttle_classes=` for every method of the action's route.
    pub throttle_classes: Option<fn() -> Throttles>,
}

/// A `#[mapping(action, METHOD)]` function: DRF's `@action.mapping.<method>`, another method of
/// the action's route.
#[derive(Clone, Copy, Debug)]
pub struct MappedAction {
    /// The function's name, the value of `request.action()` (DRF's `self.action`).
    pub name: &'static str,
    /// The methods it answers on the action's route.
    pub methods: MethodFilter,
    /// Its index for [`ViewSetMeta::call_extra`] (after every extra action's).
    pub index: usize,
}

/// What `#[viewset]` records about a viewset: its DRF name and description, which standard
/// actions it defines and its extra actions.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is missing its viewset metadata",
    label = "put `#[viewset]` on the `impl ViewSet for {Self}` block",
    note = "`#[viewset]` records which actions the impl defines, for the router's routes and `Allow` headers"
)]
pub trait ViewSetMeta {
    /// DRF's `get_view_name()` without a suffix: the type name without `ViewSet`, split at
    /// capitals and title-cased (`BookViewSet` → `Book`).
    const NAME: &'static str;
    /// The impl block's doc comment, dedented (DRF's class docstring).
    const DESCRIPTION: &'static str;
    /// The standard actions the impl defines (`["list", "retrieve"]`).
    const ACTIONS: &'static [&'static str];
    /// The `#[action]`s, sorted by name as DRF's `get_extra_actions()` returns them.
    const EXTRA_ACTIONS: &'static [ExtraAction];
    /// Runs extra action number `index` of [`ViewSetMeta::EXTRA_ACTIONS`].
    fn call_extra<'a>(&'a self, index: usize, request: &'a Request) -> ActionFuture<'a>;
    /// DRF's `SimpleMetadata.determine_actions` for a route answering `handlers` (`extra`: the
    /// route's extra action): none for a plain `ViewSet`, which has no `get_serializer`; a
    /// generic viewset describes its serializer (or the action's `serializer_class`) under
    /// `POST` and `PUT` (see [`crate::generics::metadata_actions`]).
    fn metadata_actions<'a>(
        &'a self,
        request: &'a Request,
        handlers: MethodFilter,
        extra: Option<usize>,
    ) -> MetadataFuture<'a> {
        let _ = (request, handlers, extra);
        Box::pin(std::future::ready(None))
    }
    /// What the OpenAPI generator documents for `action` of a route whose extra action is
    /// `extra`, under the app's settings `config`: nothing for a plain `ViewSet` (no
    /// serializer); a generic viewset describes its serializer (or the action's
    /// `serializer_class`), pagination and filters (see [`crate::generics::view_schema`]).
    fn view_schema(
        &self,
        action: Option<&str>,
        extra: Option<usize>,
        config: &crate::request::RequestConfig,
    ) -> crate::views::ViewSchema {
        let _ = (action, extra, config);
        crate::views::ViewSchema::default()
    }
}

/// The future [`ViewSetMeta::metadata_actions`] returns.
pub type MetadataFuture<'a> = Pin<Box<dyn Future<Output = Option<serde_json::Value>> + Send + 'a>>;

/// DRF's `ViewSet`: define the standard actions you serve (the others stay unrouted) and
/// `#[action]` methods, and put `#[viewset]` on the impl. Class lists may vary per action
/// through `get_permissions` & co., which receive the action (`Some("metadata")` for
/// `OPTIONS`, `None` for a method the route does not map).
pub trait ViewSet: ViewSetMeta + Send + Sync + 'static {
    /// `lookup_field` (default `pk`).
    const LOOKUP_FIELD: &'static str = "pk";
    /// `lookup_url_kwarg` (default the lookup field).
    const LOOKUP_URL_KWARG: Option<&'static str> = None;
    /// `lookup_value_regex` (default the router's `[^/.]+`).
    const LOOKUP_VALUE_REGEX: Option<&'static str> = None;

    /// The default basename (DRF: the queryset's model name, lower-cased; a generic viewset's
    /// `model_name`, lower-cased); `None` makes registering without a basename a startup
    /// error, as in DRF.
    fn default_basename(&self) -> Option<String> {
        None
    }
    /// `authentication_classes` (the class attribute); the default inherits the settings.
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
    /// DRF's `get_authenticators()` for `action`: `classes` is the route's list (an
    /// `#[action(authentication_classes = ...)]`, else [`ViewSet::authentication_classes`],
    /// else the settings), returned unchanged by default.
    fn get_authenticators(&self, _action: Option<&str>, classes: Authenticators) -> Authenticators {
        classes
    }
    /// DRF's `get_permissions()` for `action` (`self.action`): `classes` is the route's list
    /// (an `#[action(permission_classes = ...)]`, else [`ViewSet::permission_classes`], else
    /// the settings), returned unchanged by default. Resolved once per route and action at
    /// startup.
    fn get_permissions(&self, _action: Option<&str>, classes: Permissions) -> Permissions {
        classes
    }
    /// DRF's `get_throttles()` for `action`, like [`ViewSet::get_permissions`].
    fn get_throttles(&self, _action: Option<&str>, classes: Throttles) -> Throttles {
        classes
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
    /// `list` (`GET` on the list route).
    fn list(&self, request: &Request) -> impl Future<Output = Result<Response, ApiError>> + Send {
        not_provided(request)
    }
    /// `create` (`POST` on the list route).
    fn create(&self, request: &Request) -> impl Future<Output = Result<Response, ApiError>> + Send {
        not_provided(request)
    }
    /// `retrieve` (`GET` on the detail route).
    fn retrieve(&self, request: &Request) -> impl Future<Output = Result<Response, ApiError>> + Send {
        not_provided(request)
    }
    /// `update` (`PUT` on the detail route).
    fn update(&self, request: &Request) -> impl Future<Output = Result<Response, ApiError>> + Send {
        not_provided(request)
    }
    /// `partial_update` (`PATCH` on the detail route).
    fn partial_update(&self, request: &Request) -> impl Future<Output = Result<Response, ApiError>> + Send {
        not_provided(request)
    }
    /// `destroy` (`DELETE` on the detail route).
    fn destroy(&self, request: &Request) -> impl Future<Output = Result<Response, ApiError>> + Send {
        not_provided(request)
    }
}

/// What one action of a route runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Handler {
    /// One of [`STANDARD_ACTIONS`], by name.
    Standard(&'static str),
    /// An extra action, by index into [`ViewSetMeta::EXTRA_ACTIONS`].
    Extra(usize),
}

/// One router route of a viewset: its method → action map and what the view shows.
#[derive(Debug)]
pub(crate) struct RouteSpec {
    pub(crate) mapping: Vec<(MethodFilter, Handler)>,
    pub(crate) name: String,
    pub(crate) description: &'static str,
    pub(crate) detail: bool,
    pub(crate) basename: Arc<str>,
    /// The extra action whose class overrides apply to the whole route.
    pub(crate) extra: Option<usize>,
}

impl RouteSpec {
    fn handlers(&self) -> MethodFilter {
        self.mapping.iter().fold(MethodFilter::NONE, |all, (m, _)| all.or(*m))
    }
}

/// A viewset route as a view: `action` is the action this instance runs (`Some("metadata")`
/// for OPTIONS; `None` for the methods the route does not map).
pub(crate) struct ActionView<V> {
    pub(crate) viewset: Arc<V>,
    pub(crate) route: Arc<RouteSpec>,
    pub(crate) action: Option<&'static str>,
}

impl<V> std::fmt::Debug for ActionView<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActionView").field("route", &self.route.name).field("action", &self.action).finish()
    }
}

fn action_name<V: ViewSetMeta>(handler: Handler) -> &'static str {
    match handler {
        Handler::Standard(name) => name,
        Handler::Extra(index) => V::EXTRA_ACTIONS
            .get(index)
            .map(|a| a.name)
            .or_else(|| V::EXTRA_ACTIONS.iter().flat_map(|a| a.mapped).find(|m| m.index == index).map(|m| m.name))
            .unwrap_or(""),
    }
}

impl<V: ViewSet> DynView for ActionView<V> {
    fn call<'a>(&'a self, method: &'a Method, request: &'a Request) -> ActionFuture<'a> {
        let method = if method == Method::HEAD { &Method::GET } else { method };
        let handler = self.route.mapping.iter().find(|(m, _)| m.contains(method)).map(|(_, h)| *h);
        let viewset = self.viewset.as_ref();
        match handler {
            Some(Handler::Standard("list")) => Box::pin(viewset.list(request)),
            Some(Handler::Standard("create")) => Box::pin(viewset.create(request)),
            Some(Handler::Standard("retrieve")) => Box::pin(viewset.retrieve(request)),
            Some(Handler::Standard("update")) => Box::pin(viewset.update(request)),
            Some(Handler::Standard("partial_update")) => Box::pin(viewset.partial_update(request)),
            Some(Handler::Standard("destroy")) => Box::pin(viewset.destroy(request)),
            Some(Handler::Extra(index)) => viewset.call_extra(index, request),
            _ => Box::pin(not_provided(request)),
        }
    }

    fn meta(&self) -> (Cow<'static, str>, Cow<'static, str>, MethodFilter) {
        (Cow::Owned(self.route.name.clone()), Cow::Borrowed(self.route.description), self.route.handlers())
    }

    fn actions<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Option<serde_json::Value>> {
        self.viewset.metadata_actions(request, self.route.handlers(), self.route.extra)
    }

    fn schema(&self, config: &crate::request::RequestConfig) -> crate::views::ViewSchema {
        self.viewset.view_schema(self.action, self.route.extra, config)
    }

    fn resolve(&self, settings: &Settings) -> ViewClasses {
        let extra = self.route.extra.and_then(|i| V::EXTRA_ACTIONS.get(i));
        let viewset = self.viewset.as_ref();
        // An action's lists replace the class attributes (DRF passes them as initkwargs);
        // `get_*` then see the lists with the settings filled in, as DRF's do.
        let authentication = extra
            .and_then(|e| e.authentication_classes)
            .map_or_else(|| viewset.authentication_classes(), |classes| classes())
            .or(settings.authentication_classes());
        let permissions = extra
            .and_then(|e| e.permission_classes)
            .map_or_else(|| viewset.permission_classes(), |classes| classes())
            .or(settings.permission_classes());
        let throttles = extra
            .and_then(|e| e.throttle_classes)
            .map_or_else(|| viewset.throttle_classes(), |classes| classes())
            .or(settings.throttle_classes());
        let authentication = viewset.get_authenticators(self.action, authentication);
        let permissions = viewset.get_permissions(self.action, permissions);
        let throttles = viewset.get_throttles(self.action, throttles);
        ViewClasses {
            authenticators: authentication.or(settings.authentication_classes()).items().into(),
            permissions: permissions.or(settings.permission_classes()).items().into(),
            throttles: throttles.or(settings.throttle_classes()).items().into(),
            parsers: viewset.parser_classes().or(settings.parser_classes()).items().into(),
            renderers: viewset.renderer_classes().or(settings.renderer_classes()).items().into(),
            throttle_scope: viewset.throttle_scope(),
            viewset: Some(ActionContext {
                action: self.action,
                detail: self.route.detail,
                basename: self.route.basename.clone(),
            }),
        }
    }

    fn per_method(&self) -> Vec<(MethodFilter, Arc<dyn DynView>)> {
        let mut views: Vec<(MethodFilter, Arc<dyn DynView>)> = Vec::new();
        for (methods, handler) in &self.route.mapping {
            let methods = if methods.includes(MethodFilter::GET) { methods.or(MethodFilter::HEAD) } else { *methods };
            let view = ActionView {
                viewset: self.viewset.clone(),
                route: self.route.clone(),
                action: Some(action_name::<V>(*handler)),
            };
            views.push((methods, Arc::new(view)));
        }
        let metadata =
            ActionView { viewset: self.viewset.clone(), route: self.route.clone(), action: Some("metadata") };
        views.push((MethodFilter::OPTIONS, Arc::new(metadata)));
        views
    }
}

/// DRF's `get_extra_action_url_map()` from inside a viewset route: the view name and absolute
/// URL of each extra action at the route's level (detail actions on a detail route, list
/// actions on a list route), in [`ViewSetMeta::EXTRA_ACTIONS`] order, reversed with the
/// route's lookup and `format` keyword arguments; actions that do not reverse (an `url_path`
/// with its own keyword arguments) are left out, as DRF's `NoReverseMatch`. Outside a viewset
/// route, empty. The browsable API's "Extra Actions" menu.
///
/// ```
/// # use restframe::prelude::*;
/// # async fn retrieve<V: ViewSet>(request: &Request) -> Result<Response, ApiError> {
/// let links = restframe::viewsets::get_extra_action_url_map::<V>(request)?;
/// let body: serde_json::Map<String, serde_json::Value> =
///     links.into_iter().map(|(name, url)| (name, url.into())).collect();
/// # Ok(Response::json(body.into())) }
/// ```
pub fn get_extra_action_url_map<V: ViewSet>(request: &Request) -> Result<Vec<(String, String)>, ReverseError> {
    let Some(detail) = request.detail() else { return Ok(Vec::new()) };
    let lookup = V::LOOKUP_URL_KWARG.unwrap_or(V::LOOKUP_FIELD);
    // DRF reverses with `self.kwargs`: on a router route, the lookup and the format suffix.
    let kwargs: Vec<(&str, &str)> =
        [lookup, "format"].into_iter().filter_map(|k| request.kwarg(k).map(|v| (k, v))).collect();
    let mut urls = Vec::new();
    for action in V::EXTRA_ACTIONS.iter().filter(|a| a.detail == detail) {
        match reverse_action(request, action.url_name, &kwargs) {
            Ok(url) => urls.push((route_view_name(V::NAME, action.view_name, action.suffix), url)),
            Err(err) if err.is_no_reverse_match() => {}
            Err(err) => return Err(err),
        }
    }
    Ok(urls)
}

/// DRF's `ViewSetMixin.get_view_name()` for a route: the action's `name`, else the viewset's
/// name plus the route's suffix (`Book List`, `Book Instance`).
pub(crate) fn route_view_name(base: &str, name: Option<&str>, suffix: Option<&str>) -> String {
    match (name, suffix) {
        (Some(name), _) => name.to_owned(),
        (None, Some(suffix)) if !suffix.is_empty() => format!("{base} {suffix}"),
        _ => base.to_owned(),
    }
}
