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

impl std::fmt::Debug for UrlPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UrlPattern").field("route", &self.route).finish_non_exhaustive()
    }
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
    matcher: Matcher,
}

/// How a route matches a path.
#[derive(Clone, Debug)]
enum Matcher {
    /// A route without parameters: the path must equal it.
    Literal,
    /// A route with parameters: the regex, and each group's name and converter.
    Pattern(Regex, Vec<(String, Converter)>),
}

/// Django's path converters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Converter {
    /// `str`: any non-empty text without `/` (the default).
    Str,
    /// `int`: digits, handed to the view as a Python `int` would print (`007` gives `7`).
    Int,
    /// `slug`: ASCII letters, digits, `-` and `_`.
    Slug,
    /// `uuid`: a lower-case hyphenated UUID.
    Uuid,
    /// `path`: any non-empty text, `/` included.
    Path,
}

impl Converter {
    /// The converter called `name` in a route (`int` of `<int:pk>`).
    pub fn from_name(name: &str) -> Option<Converter> {
        Some(match name {
            "str" => Converter::Str,
            "int" => Converter::Int,
            "slug" => Converter::Slug,
            "uuid" => Converter::Uuid,
            "path" => Converter::Path,
            _ => return None,
        })
    }

    /// Django's `regex` for the converter.
    fn pattern(self) -> &'static str {
        match self {
            Converter::Str => "[^/]+",
            Converter::Int => "[0-9]+",
            Converter::Slug => "[-a-zA-Z0-9_]+",
            Converter::Uuid => "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            Converter::Path => ".+",
        }
    }

    /// Django's `to_python`, as the text the view receives.
    fn to_python(self, raw: &str) -> String {
        match self {
            Converter::Int => int_to_python(raw),
            _ => raw.to_owned(),
        }
    }
}

/// A route string that Django would reject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteError {
    /// A `<` without its `>`.
    Unclosed {
        /// The route as written.
        route: String,
    },
    /// A converter name Django does not know.
    InvalidConverter {
        /// The route as written.
        route: String,
        /// The converter name.
        converter: String,
    },
    /// A parameter name that is not a Python identifier.
    InvalidParameter {
        /// The route as written.
        route: String,
        /// The parameter name.
        name: String,
    },
    /// The compiled pattern is not a valid regex.
    Regex(String),
}

impl std::fmt::Display for RouteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RouteError::Unclosed { route } => write!(f, "unclosed '<' in route {route:?}"),
            RouteError::InvalidConverter { route, converter } => {
                write!(f, "URL route {route:?} uses invalid converter {converter:?}")
            }
            RouteError::InvalidParameter { route, name } => {
                write!(f, "URL route {route:?} uses parameter name {name:?} which isn't a valid Python identifier")
            }
            RouteError::Regex(err) => f.write_str(err),
        }
    }
}

impl std::error::Error for RouteError {}

impl From<RouteError> for ImproperlyConfigured {
    fn from(err: RouteError) -> Self {
        ImproperlyConfigured(err.to_string())
    }
}

impl Route {
    /// Compiles a Django route string (`"users/<int:pk>"`).
    pub fn parse(route: &str) -> Result<Route, RouteError> {
        if !route.contains('<') {
            return Ok(Route { source: route.to_owned(), matcher: Matcher::Literal });
        }
        let mut pattern = String::from("^");
        let mut names = Vec::new();
        let mut rest = route;
        while let Some(start) = rest.find('<') {
            pattern.push_str(&regex::escape(&rest[..start]));
            let end = rest[start..].find('>').ok_or_else(|| RouteError::Unclosed { route: route.to_owned() })?;
            let inner = &rest[start + 1..start + end];
            let (conv, name) = inner.split_once(':').unwrap_or(("str", inner));
            let converter = Converter::from_name(conv)
                .ok_or_else(|| RouteError::InvalidConverter { route: route.to_owned(), converter: conv.to_owned() })?;
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(RouteError::InvalidParameter { route: route.to_owned(), name: name.to_owned() });
            }
            pattern.push_str(&format!("({})", converter.pattern()));
            names.push((name.to_owned(), converter));
            rest = &rest[start + end + 1..];
        }
        pattern.push_str(&regex::escape(rest));
        pattern.push('$');
        let regex = Regex::new(&pattern).map_err(|e| RouteError::Regex(e.to_string()))?;
        Ok(Route { source: route.to_owned(), matcher: Matcher::Pattern(regex, names) })
    }

    /// The route as written (`"users/<int:pk>"`).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The captured keyword arguments when `path` (without the leading `/`) matches.
    pub fn matches(&self, path: &str) -> Option<Vec<(String, String)>> {
        let (regex, names) = match &self.matcher {
            Matcher::Literal => return (self.source == path).then(Vec::new),
            Matcher::Pattern(regex, names) => (regex, names),
        };
        let caps = regex.captures(path)?;
        Some(
            names
                .iter()
                .enumerate()
                .map(|(i, (name, converter))| {
                    let raw = caps.get(i + 1).map_or("", |m| m.as_str());
                    (name.clone(), converter.to_python(raw))
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
