//! Django's `django.urls`: `path("users/<int:pk>", view)` patterns with typed converters and
//! `include()` of sub-lists.
//!
//! ```
//! use restframe::urls::Route;
//! let route = Route::parse("users/<int:pk>/posts/<slug:slug>").unwrap();
//! assert_eq!(
//!     route.matches("users/42/posts/hello-world"),
//!     Some(vec![("pk".to_owned(), "42".to_owned()), ("slug".to_owned(), "hello-world".to_owned())])
//! );
//! assert_eq!(route.matches("users/x/posts/a"), None);
//! ```

use std::sync::Arc;

use regex::Regex;

use crate::exceptions::ImproperlyConfigured;
use crate::views::{APIView, DynView};

/// One URL pattern: a route and its view, or an included list under a prefix.
pub struct UrlPattern {
    pub(crate) route: String,
    pub(crate) target: Target,
}

pub(crate) enum Target {
    View(Arc<dyn DynView>),
    Include(Vec<UrlPattern>),
}

/// Django's `path(route, view)`.
pub fn path(route: &str, view: impl APIView) -> UrlPattern {
    UrlPattern { route: route.to_owned(), target: Target::View(Arc::new(view)) }
}

/// Django's `path(prefix, include(patterns))`: every pattern of `patterns` under `prefix`.
pub fn include(prefix: &str, patterns: Vec<UrlPattern>) -> UrlPattern {
    UrlPattern { route: prefix.to_owned(), target: Target::Include(patterns) }
}

/// Builds the URL conf: `urlpatterns![path("a", A), path("b/<int:pk>", B)]`.
#[macro_export]
macro_rules! urlpatterns {
    ($($pattern:expr),* $(,)?) => { ::std::vec![$($pattern),*] };
}

/// A compiled route: literal text or a regex with named converter groups.
#[derive(Clone, Debug)]
pub struct Route {
    source: String,
    literal: Option<String>,
    regex: Option<Regex>,
    /// Parameter names with their converter.
    names: Vec<(String, String)>,
}

/// A route string that Django would reject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteError(pub String);

impl std::fmt::Display for RouteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RouteError {}

impl From<RouteError> for ImproperlyConfigured {
    fn from(err: crate::urls::RouteError) -> Self {
        ImproperlyConfigured(err.0)
    }
}

fn converter_pattern(name: &str) -> Option<&'static str> {
    Some(match name {
        "str" => "[^/]+",
        "int" => "[0-9]+",
        "slug" => "[-a-zA-Z0-9_]+",
        "uuid" => "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "path" => ".+",
        _ => return None,
    })
}

impl Route {
    /// Compiles a Django route string (`"users/<int:pk>"`).
    pub fn parse(route: &str) -> Result<Route, RouteError> {
        if !route.contains('<') {
            return Ok(Route {
                source: route.to_owned(),
                literal: Some(route.to_owned()),
                regex: None,
                names: Vec::new(),
            });
        }
        let mut pattern = String::from("^");
        let mut names = Vec::new();
        let mut rest = route;
        while let Some(start) = rest.find('<') {
            pattern.push_str(&regex::escape(&rest[..start]));
            let end = rest[start..].find('>').ok_or_else(|| RouteError(format!("unclosed '<' in route {route:?}")))?;
            let inner = &rest[start + 1..start + end];
            let (conv, name) = inner.split_once(':').unwrap_or(("str", inner));
            let conv_re = converter_pattern(conv)
                .ok_or_else(|| RouteError(format!("URL route {route:?} uses invalid converter {conv:?}")))?;
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(RouteError(format!(
                    "URL route {route:?} uses parameter name {name:?} which isn't a valid Python identifier"
                )));
            }
            pattern.push_str(&format!("({conv_re})"));
            names.push((name.to_owned(), conv.to_owned()));
            rest = &rest[start + end + 1..];
        }
        pattern.push_str(&regex::escape(rest));
        pattern.push('$');
        let regex = Regex::new(&pattern).map_err(|e| RouteError(e.to_string()))?;
        Ok(Route { source: route.to_owned(), literal: None, regex: Some(regex), names })
    }

    /// The route as written (`"users/<int:pk>"`).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The captured keyword arguments when `path` (without the leading `/`) matches.
    pub fn matches(&self, path: &str) -> Option<Vec<(String, String)>> {
        if let Some(lit) = &self.literal {
            return (lit == path).then(Vec::new);
        }
        let caps = self.regex.as_ref()?.captures(path)?;
        Some(
            self.names
                .iter()
                .enumerate()
                .map(|(i, (name, conv))| {
                    let raw = caps.get(i + 1).map_or("", |m| m.as_str());
                    (name.clone(), if conv == "int" { int_to_python(raw) } else { raw.to_owned() })
                })
                .collect(),
        )
    }
}

/// Django's `IntConverter` hands the view an `int`, so `"007"` arrives as `7`.
fn int_to_python(digits: &str) -> String {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() { "0".to_owned() } else { trimmed.to_owned() }
}

/// Flattens `include()`s into `(full route, view)` pairs, in declaration order.
pub(crate) fn flatten(patterns: Vec<UrlPattern>, prefix: &str, out: &mut Vec<(String, Arc<dyn DynView>)>) {
    for pattern in patterns {
        let full = format!("{prefix}{}", pattern.route);
        match pattern.target {
            Target::View(view) => out.push((full, view)),
            Target::Include(children) => flatten(children, &full, out),
        }
    }
}
