//! DRF's `rest_framework.reverse` and Django's `reverse()`: absolute URLs of named routes, built
//! from the request's scheme and `Host` as Django's `build_absolute_uri` builds them.
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::reverse::reverse;
//! use restframe::test::APIClient;
//!
//! struct MeView;
//!
//! #[api_view]
//! impl APIView for MeView {
//!     async fn get(&self, request: &Request) -> Result<Response, ApiError> {
//!         let url = reverse(request, "me", &[])?;
//!         Ok(Response::json(serde_json::json!({"url": url})))
//!     }
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt").block_on(async {
//! let app = App::new(Settings::default(), urlpatterns![path("me/", MeView).name("me")]).expect("urls");
//! let response = APIClient::new(app).get("/me/").await;
//! assert_eq!(response.text(), r#"{"url":"http://testserver/me/"}"#);
//! # });
//! ```

use std::fmt;

use http::StatusCode;

use crate::exceptions::{ApiError, ErrorDetail, ErrorKind};
use crate::request::Request;
use crate::resolver::check_host;
pub use crate::resolver::{DisallowedHost, NoReverseMatch};

/// Why [`reverse`] failed: Django's `NoReverseMatch` (a 500 when it escapes a view, as in
/// Django) or `DisallowedHost` (a 400).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReverseError {
    /// No route of that name takes those keyword arguments.
    NoReverseMatch(NoReverseMatch),
    /// The request's `Host` is not in `ALLOWED_HOSTS`.
    DisallowedHost(DisallowedHost),
}

impl ReverseError {
    /// Whether this is a `NoReverseMatch` (what DRF's API root skips).
    pub fn is_no_reverse_match(&self) -> bool {
        matches!(self, ReverseError::NoReverseMatch(_))
    }
}

impl fmt::Display for ReverseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReverseError::NoReverseMatch(err) => err.fmt(f),
            ReverseError::DisallowedHost(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for ReverseError {}

impl From<ReverseError> for ApiError {
    fn from(err: ReverseError) -> Self {
        match err {
            ReverseError::NoReverseMatch(err) => ApiError::from_error(err),
            ReverseError::DisallowedHost(_) => ApiError::new(
                ErrorKind::Api,
                StatusCode::BAD_REQUEST,
                ErrorDetail::new("Bad Request (400)", "bad_request"),
            ),
        }
    }
}

/// DRF's `reverse(name, kwargs=kwargs, request=request)`: the absolute URL of the route called
/// `name` (`http://testserver/books/7/`); `"v1:book-list"` is the name in namespace `v1`,
/// resolved as Django resolves namespaces.
pub fn reverse(request: &Request, name: &str, kwargs: &[(&str, &str)]) -> Result<String, ReverseError> {
    let path = request.settings().url_names().reverse(name, kwargs).map_err(ReverseError::NoReverseMatch)?;
    absolute(request, &path)
}

/// DRF's `reverse(name, args=args, request=request)`: positional arguments fill the route's
/// parameters in order, named (`<int:pk>`, `(?P<pk>...)`) or not (`([0-9]{4})`).
///
/// ```
/// use restframe::prelude::*;
/// use restframe::reverse::reverse_args;
/// use restframe::test::APIClient;
///
/// struct ArchiveView;
///
/// #[api_view]
/// impl APIView for ArchiveView {
///     async fn get(&self, request: &Request) -> Result<Response, ApiError> {
///         // Django: reverse("archive", args=[2024, "may"], request=request)
///         let url = reverse_args(request, "archive", &["2024", "may"])?;
///         Ok(Response::json(serde_json::json!({"url": url})))
///     }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt").block_on(async {
/// let urls = urlpatterns![re_path("^archive/([0-9]{4})/([a-z]+)/$", ArchiveView).name("archive")];
/// let response = APIClient::new(App::new(Settings::default(), urls).expect("urls")).get("/archive/1999/jan/").await;
/// assert_eq!(response.text(), r#"{"url":"http://testserver/archive/2024/may/"}"#);
/// # });
/// ```
pub fn reverse_args(request: &Request, name: &str, args: &[&str]) -> Result<String, ReverseError> {
    let path = request.settings().url_names().reverse_args(name, args).map_err(ReverseError::NoReverseMatch)?;
    absolute(request, &path)
}

/// `build_absolute_uri` of a reversed path, with the request's `?format=` carried over.
fn absolute(request: &Request, path: &str) -> Result<String, ReverseError> {
    let url = build_absolute_uri(request, path).map_err(ReverseError::DisallowedHost)?;
    Ok(preserve_builtin_query_params(request, url))
}

/// DRF's `preserve_builtin_query_params`: a `?format=` of the request carries over to the URL.
fn preserve_builtin_query_params(request: &Request, mut url: String) -> String {
    let Some(param) = request.settings().url_format_override() else { return url };
    if let Some(value) = request.query_param(param) {
        let query: String = form_urlencoded::Serializer::new(String::new()).append_pair(param, &value).finish();
        url.push('?');
        url.push_str(&query);
    }
    url
}

/// DRF's `reverse(name, kwargs=kwargs, request=request, format=format)`: with a format, the
/// format-suffix route (`http://testserver/books/7.json`), as DRF adds `format` to the kwargs.
pub fn reverse_with_format(
    request: &Request,
    name: &str,
    kwargs: &[(&str, &str)],
    format: Option<&str>,
) -> Result<String, ReverseError> {
    match format {
        None => reverse(request, name, kwargs),
        Some(format) => {
            let mut all: Vec<(&str, &str)> = kwargs.iter().filter(|(k, _)| *k != "format").copied().collect();
            all.push(("format", format));
            reverse(request, name, &all)
        }
    }
}

/// Django's `request.get_host()`: the `Host` header checked against `ALLOWED_HOSTS` (any host
/// when the setting is unset).
pub fn get_host(request: &Request) -> Result<&str, DisallowedHost> {
    let host = request.raw_host();
    match request.settings().allowed_hosts() {
        Some(allowed) => check_host(host, allowed),
        None => Ok(host),
    }
}

/// Django's `request.build_absolute_uri(location)` for an absolute path: scheme (`http`;
/// restframe serves plain HTTP) and host, then the path.
pub fn build_absolute_uri(request: &Request, location: &str) -> Result<String, DisallowedHost> {
    let host = get_host(request)?;
    Ok(format!("http://{host}{location}"))
}

/// DRF's `viewset.reverse_action(url_name, kwargs=kwargs)` from inside a viewset action:
/// [`reverse`] of `{basename}-{url_name}` (`reverse_action(request, "detail", &[("pk", "1")])`),
/// in the request's namespace as DRF prefixes it. Outside a viewset route it is a
/// `NoReverseMatch`.
pub fn reverse_action(request: &Request, url_name: &str, kwargs: &[(&str, &str)]) -> Result<String, ReverseError> {
    let Some(basename) = request.basename() else {
        return Err(ReverseError::NoReverseMatch(NoReverseMatch(format!(
            "Reverse for '{url_name}' not found: not a viewset route."
        ))));
    };
    reverse(request, &namespaced(request, &format!("{basename}-{url_name}")), kwargs)
}

/// DRF's `namespace + ':' + url_name` with `request.resolver_match.namespace`, as the API root
/// and `reverse_action` name their routes.
pub fn namespaced(request: &Request, url_name: &str) -> String {
    match request.namespace() {
        "" => url_name.to_owned(),
        namespace => format!("{namespace}:{url_name}"),
    }
}
