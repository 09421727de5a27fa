//! DRF's `rest_framework.routers`: [`SimpleRouter`] and [`DefaultRouter`] turn registered
//! viewsets into named URL patterns, exactly as DRF's `get_urls()` orders and names them.
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::routers::DefaultRouter;
//! use serde_json::json;
//!
//! pub struct AuthorViewSet;
//!
//! #[viewset]
//! impl ViewSet for AuthorViewSet {
//!     async fn list(&self, _request: &Request) -> Result<Response, ApiError> {
//!         Ok(Response::json(json!([])))
//!     }
//! }
//!
//! let mut router = DefaultRouter::new();
//! router.register_as("authors", AuthorViewSet, "author");
//! let urls = urlpatterns![path("me/", AuthorsMe).name("me"), include("", router.urls())];
//! # struct AuthorsMe;
//! # #[api_view] impl APIView for AuthorsMe {}
//! let app = App::new(Settings::default(), urls).expect("valid urls");
//! # let _ = app;
//! ```

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::exceptions::{ApiError, ImproperlyConfigured};
use crate::methods::MethodFilter;
use crate::request::Request;
use crate::response::Response;
use crate::reverse::{namespaced, reverse};
use crate::urls::{UrlPattern, format_suffix_patterns, invalid, path, re_path_dyn};
use crate::views::{APIView, ViewMeta};
use crate::viewsets::{ActionView, Handler, RouteSpec, STANDARD_ACTIONS, ViewSet, route_view_name};

/// A registered viewset, its type erased.
trait Registered: Send + Sync {
    fn routes(
        &self,
        prefix: &str,
        basename: &str,
        trailing_slash: &str,
    ) -> Result<Vec<UrlPattern>, ImproperlyConfigured>;
}

struct Registration<V>(Arc<V>);

impl<V: ViewSet> Registered for Registration<V> {
    fn routes(
        &self,
        prefix: &str,
        basename: &str,
        trailing_slash: &str,
    ) -> Result<Vec<UrlPattern>, ImproperlyConfigured> {
        viewset_routes(&self.0, prefix, basename, trailing_slash)
    }
}

/// DRF's `SimpleRouter`: list, extra list actions, detail, extra detail actions, per viewset
/// in registration order.
pub struct SimpleRouter {
    trailing_slash: &'static str,
    registry: Vec<(String, Box<dyn Registered>, String)>,
    error: Option<ImproperlyConfigured>,
}

impl std::fmt::Debug for SimpleRouter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let registry: Vec<(&str, &str)> = self.registry.iter().map(|(p, _, b)| (p.as_str(), b.as_str())).collect();
        f.debug_struct("SimpleRouter").field("registry", &registry).finish_non_exhaustive()
    }
}

impl Default for SimpleRouter {
    fn default() -> Self {
        Self::new()
    }
}

impl SimpleRouter {
    /// `SimpleRouter()`: routes end with `/`.
    pub fn new() -> Self {
        Self { trailing_slash: "/", registry: Vec::new(), error: None }
    }

    /// `SimpleRouter(trailing_slash=False)`.
    #[must_use]
    pub fn trailing_slash(mut self, trailing_slash: bool) -> Self {
        self.trailing_slash = if trailing_slash { "/" } else { "" };
        self
    }

    /// `router.register(prefix, viewset)`: the basename is the viewset's
    /// [`ViewSet::default_basename`]; without one, [`App::new`](crate::App::new) fails with
    /// DRF's assertion message.
    pub fn register<V: ViewSet>(&mut self, prefix: &str, viewset: V) -> &mut Self {
        match viewset.default_basename() {
            Some(basename) => self.add(prefix, viewset, basename),
            None => {
                let msg = "`basename` argument not specified, and could not automatically determine the name from the \
                           viewset, as it does not have a `.queryset` attribute.";
                self.error.get_or_insert(ImproperlyConfigured(msg.to_owned()));
                self
            }
        }
    }

    /// `router.register(prefix, viewset, basename=basename)`.
    pub fn register_as<V: ViewSet>(&mut self, prefix: &str, viewset: V, basename: &str) -> &mut Self {
        self.add(prefix, viewset, basename.to_owned())
    }

    fn add<V: ViewSet>(&mut self, prefix: &str, viewset: V, basename: String) -> &mut Self {
        if self.registry.iter().any(|(_, _, b)| *b == basename) {
            let msg = format!(
                "Router with basename \"{basename}\" is already registered. Please provide a unique basename for \
                 viewset \"{}\"",
                std::any::type_name::<V>()
            );
            self.error.get_or_insert(ImproperlyConfigured(msg));
            return self;
        }
        self.registry.push((prefix.to_owned(), Box::new(Registration(Arc::new(viewset))), basename));
        self
    }

    /// `router.urls`: the URL patterns, named `{basename}-list`, `{basename}-detail` and
    /// `{basename}-{url_name}`. A registration mistake becomes an error of
    /// [`App::new`](crate::App::new).
    pub fn urls(&self) -> Vec<UrlPattern> {
        self.get_urls().unwrap_or_else(|err| vec![invalid(err)])
    }

    fn get_urls(&self) -> Result<Vec<UrlPattern>, ImproperlyConfigured> {
        if let Some(err) = &self.error {
            return Err(err.clone());
        }
        let mut urls = Vec::new();
        for (prefix, viewset, basename) in &self.registry {
            urls.extend(viewset.routes(prefix, basename, self.trailing_slash)?);
        }
        Ok(urls)
    }
}

/// One route of DRF's `SimpleRouter.routes`, after `get_routes()`.
struct RouteTemplate {
    url: String,
    mapping: Vec<(MethodFilter, Handler)>,
    name: String,
    detail: bool,
    view_name: String,
    description: &'static str,
    extra: Option<usize>,
}

fn method_bit(method: &http::Method) -> MethodFilter {
    match *method {
        http::Method::GET => MethodFilter::GET,
        http::Method::POST => MethodFilter::POST,
        http::Method::PUT => MethodFilter::PUT,
        http::Method::PATCH => MethodFilter::PATCH,
        http::Method::DELETE => MethodFilter::DELETE,
        _ => MethodFilter::NONE,
    }
}

/// DRF's `get_routes()` + `get_urls()` for one viewset.
fn viewset_routes<V: ViewSet>(
    viewset: &Arc<V>,
    prefix: &str,
    basename: &str,
    trailing_slash: &str,
) -> Result<Vec<UrlPattern>, ImproperlyConfigured> {
    let clashing: Vec<&str> = V::EXTRA_ACTIONS
        .iter()
        .map(|a| a.name)
        .filter(|name| STANDARD_ACTIONS.iter().any(|(known, _, _)| known == name))
        .collect();
    if !clashing.is_empty() {
        return Err(ImproperlyConfigured(format!(
            "Cannot use the @action decorator on the following methods, as they are existing routes: {}",
            clashing.join(", ")
        )));
    }
    let lookup_kwarg = V::LOOKUP_URL_KWARG.unwrap_or(V::LOOKUP_FIELD);
    let lookup = format!("(?P<{lookup_kwarg}>{})", V::LOOKUP_VALUE_REGEX.unwrap_or("[^/.]+"));
    let standard = |detail: bool| -> Vec<(MethodFilter, Handler)> {
        STANDARD_ACTIONS
            .iter()
            .filter(|(name, d, _)| *d == detail && V::ACTIONS.contains(name))
            .map(|(name, _, method)| (method_bit(method), Handler::Standard(name)))
            .collect()
    };
    let extra = |detail: bool, url: &str| -> Vec<RouteTemplate> {
        V::EXTRA_ACTIONS
            .iter()
            .enumerate()
            .filter(|(_, a)| a.detail == detail)
            .map(|(index, action)| RouteTemplate {
                url: url.replace("{url_path}", action.url_path),
                mapping: std::iter::once((action.methods, Handler::Extra(index)))
                    .chain(action.mapped.iter().map(|m| (m.methods, Handler::Extra(m.index))))
                    .collect(),
                name: format!("{basename}-{}", action.url_name),
                detail,
                view_name: route_view_name(V::NAME, action.view_name, action.suffix),
                description: action.description.unwrap_or(V::DESCRIPTION),
                extra: Some(index),
            })
            .collect()
    };
    let mut templates = vec![RouteTemplate {
        url: "^{prefix}{trailing_slash}$".to_owned(),
        mapping: standard(false),
        name: format!("{basename}-list"),
        detail: false,
        view_name: route_view_name(V::NAME, None, Some("List")),
        description: V::DESCRIPTION,
        extra: None,
    }];
    templates.extend(extra(false, "^{prefix}/{url_path}{trailing_slash}$"));
    templates.push(RouteTemplate {
        url: "^{prefix}/{lookup}{trailing_slash}$".to_owned(),
        mapping: standard(true),
        name: format!("{basename}-detail"),
        detail: true,
        view_name: route_view_name(V::NAME, None, Some("Instance")),
        description: V::DESCRIPTION,
        extra: None,
    });
    templates.extend(extra(true, "^{prefix}/{lookup}/{url_path}{trailing_slash}$"));

    let basename: Arc<str> = Arc::from(basename);
    let mut urls = Vec::new();
    for template in templates {
        if template.mapping.iter().all(|(m, _)| *m == MethodFilter::NONE) {
            continue;
        }
        let mut regex = template
            .url
            .replace("{prefix}", prefix)
            .replace("{lookup}", &lookup)
            .replace("{trailing_slash}", trailing_slash);
        if prefix.is_empty() && regex.starts_with("^/") {
            regex = format!("^{}", &regex[2..]);
        }
        let route = RouteSpec {
            mapping: template.mapping,
            name: template.view_name,
            description: template.description,
            detail: template.detail,
            basename: basename.clone(),
            extra: template.extra,
        };
        let view = ActionView { viewset: viewset.clone(), route: Arc::new(route), action: None };
        urls.push(re_path_dyn(&regex, Arc::new(view)).name(&template.name));
    }
    Ok(urls)
}

/// DRF's `DefaultRouter`: a [`SimpleRouter`] plus the API root view at `""` (named
/// `api-root`) and format-suffix patterns (`books.json`, `books/1.json`, `.json`).
#[derive(Debug, Default)]
pub struct DefaultRouter {
    router: SimpleRouter,
    include_root_view: bool,
    include_format_suffixes: bool,
}

impl DefaultRouter {
    /// `DefaultRouter()`.
    pub fn new() -> Self {
        Self { router: SimpleRouter::new(), include_root_view: true, include_format_suffixes: true }
    }

    /// `DefaultRouter(trailing_slash=False)`.
    #[must_use]
    pub fn trailing_slash(mut self, trailing_slash: bool) -> Self {
        self.router = self.router.trailing_slash(trailing_slash);
        self
    }

    /// `include_root_view` (default `true`).
    #[must_use]
    pub fn include_root_view(mut self, include: bool) -> Self {
        self.include_root_view = include;
        self
    }

    /// `include_format_suffixes` (default `true`).
    #[must_use]
    pub fn include_format_suffixes(mut self, include: bool) -> Self {
        self.include_format_suffixes = include;
        self
    }

    /// See [`SimpleRouter::register`].
    pub fn register<V: ViewSet>(&mut self, prefix: &str, viewset: V) -> &mut Self {
        self.router.register(prefix, viewset);
        self
    }

    /// See [`SimpleRouter::register_as`].
    pub fn register_as<V: ViewSet>(&mut self, prefix: &str, viewset: V, basename: &str) -> &mut Self {
        self.router.register_as(prefix, viewset, basename);
        self
    }

    /// `router.urls`: the viewsets' routes, then the API root, then (by default) every
    /// pattern again with a format suffix, in DRF's order.
    pub fn urls(&self) -> Vec<UrlPattern> {
        let mut urls = match self.router.get_urls() {
            Ok(urls) => urls,
            Err(err) => return vec![invalid(err)],
        };
        if self.include_root_view {
            let entries =
                self.router.registry.iter().map(|(prefix, _, basename)| (prefix.clone(), format!("{basename}-list")));
            urls.push(path("", APIRootView { entries: entries.collect() }).name("api-root"));
        }
        if self.include_format_suffixes {
            urls = format_suffix_patterns(urls);
        }
        urls
    }
}

/// DRF's `APIRootView`: `{"prefix": "<absolute URL of its list route>", ...}` in
/// registration order, skipping routers entries that do not reverse.
#[derive(Debug)]
pub struct APIRootView {
    entries: Vec<(String, String)>,
}

impl ViewMeta for APIRootView {
    // DRF's `camelcase_to_spaces("APIRoot")` title-cases: `Api Root`.
    const NAME: &'static str = "Api Root";
    const DESCRIPTION: &'static str = "The default basic root view for DefaultRouter";
    const HANDLERS: MethodFilter = MethodFilter::GET;
}

impl APIView for APIRootView {
    /// DRF's `APIRootView.schema = None`: left out of the OpenAPI document.
    fn schema(&self) -> crate::views::ViewSchema {
        crate::views::ViewSchema::default().exclude()
    }
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        let mut body = Map::new();
        let kwargs: Vec<(String, String)> =
            ["format"].iter().filter_map(|k| request.kwarg(k).map(|v| ((*k).to_owned(), v.to_owned()))).collect();
        let kwargs: Vec<(&str, &str)> = kwargs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        for (prefix, url_name) in &self.entries {
            match reverse(request, &namespaced(request, url_name), &kwargs) {
                Ok(url) => {
                    body.insert(prefix.clone(), Value::String(url));
                }
                Err(err) if err.is_no_reverse_match() => continue,
                Err(err) => return Err(err.into()),
            }
        }
        Ok(Response::json(Value::Object(body)))
    }
}
