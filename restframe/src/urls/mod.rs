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

mod conf;
mod suffix;

use std::sync::Arc;

use regex::Regex;

pub(crate) use self::conf::{flatten, named_route};
pub use self::suffix::{format_suffix_patterns, format_suffix_patterns_with};
use crate::exceptions::ImproperlyConfigured;
use crate::resolver::Piece;
use crate::views::{APIView, DynView};

/// One URL pattern: a route and its view, or an included list under a prefix; optionally named
/// (Django's `name=`) for [`reverse`](crate::reverse::reverse).
pub struct UrlPattern {
    pub(crate) route: Segment,
    pub(crate) target: Target,
    pub(crate) name: Option<String>,
    /// Django's `app_name` and instance `namespace` of an `include()`.
    pub(crate) app_name: Option<String>,
    pub(crate) namespace: Option<String>,
    /// Django's extra keyword arguments (`path(route, view, {"foo": "bar"})`).
    pub(crate) defaults: Vec<(String, String)>,
}

impl std::fmt::Debug for UrlPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UrlPattern").field("route", &self.route).field("name", &self.name).finish_non_exhaustive()
    }
}

impl UrlPattern {
    /// Django's `name=`: `path("me/", MeView).name("me")`, for `reverse("me")`.
    #[must_use]
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(name.to_owned());
        self
    }

    /// Django's application namespace of an `include()` (the `app_name` of
    /// `include((patterns, app_name))`): the included names reverse as `app_name:name`, and
    /// it is the instance namespace too unless [`namespace`](Self::namespace) sets another.
    ///
    /// ```
    /// # use restframe::prelude::*;
    /// # struct MeView;
    /// # #[api_view] impl APIView for MeView {}
    /// // Django: path("v1/", include(([path("me/", MeView.as_view(), name="me")], "library"), namespace="v1"))
    /// let library = || urlpatterns![path("me/", MeView).name("me")];
    /// let urls = urlpatterns![include("v1/", library()).app_name("library").namespace("v1")];
    /// assert!(App::new(Settings::default(), urls).is_ok());
    /// // Django refuses a namespace without an app name, and so does restframe.
    /// let urls = urlpatterns![include("v1/", library()).namespace("v1")];
    /// let err = App::new(Settings::default(), urls).expect_err("no app_name");
    /// assert!(err.to_string().starts_with("Specifying a namespace in include() without providing an app_name"));
    /// ```
    #[must_use]
    pub fn app_name(mut self, app_name: &str) -> Self {
        self.app_name = Some(app_name.to_owned());
        self
    }

    /// Django's `include(..., namespace=...)`: the instance namespace, so the included names
    /// reverse as `namespace:name` (`reverse(request, "v1:book-list", &[])`). As in Django,
    /// it needs an [`app_name`](Self::app_name); `App::new` says so otherwise.
    #[must_use]
    pub fn namespace(mut self, namespace: &str) -> Self {
        self.namespace = Some(namespace.to_owned());
        self
    }

    /// Django's extra options, the third argument of `path()` / `re_path()`
    /// (`path("test", view, {"foo": "bar"})`) and of an `include()`'s `path()`: keyword
    /// arguments the view receives as if captured, overriding captured ones as in Django.
    /// `reverse()` accepts them (with these values) without requiring them.
    ///
    /// ```
    /// # use restframe::prelude::*;
    /// # struct View;
    /// # #[api_view] impl APIView for View {}
    /// let urls = urlpatterns![path("test", View).kwargs(&[("foo", "bar")])];
    /// assert!(App::new(Settings::default(), urls).is_ok());
    /// ```
    #[must_use]
    pub fn kwargs(mut self, kwargs: &[(&str, &str)]) -> Self {
        for (name, value) in kwargs {
            self.defaults.retain(|(n, _)| n != name);
            self.defaults.push(((*name).to_owned(), (*value).to_owned()));
        }
        self
    }

    fn new(route: Segment, target: Target) -> Self {
        UrlPattern { route, target, name: None, app_name: None, namespace: None, defaults: Vec::new() }
    }
}

/// A route as written: Django's `path()` syntax or a `re_path()` regex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Path(String),
    Regex(String),
}

pub(crate) enum Target {
    View(Arc<dyn DynView>),
    Include(Vec<UrlPattern>),
    /// A configuration mistake found while building the patterns (a router's basename clash),
    /// reported by `App::new`.
    Invalid(ImproperlyConfigured),
}

/// Django's `path(route, view)`.
pub fn path(route: &str, view: impl APIView) -> UrlPattern {
    UrlPattern::new(Segment::Path(route.to_owned()), Target::View(Arc::new(view)))
}

/// Django's `re_path(regex, view)`: named groups (`(?P<pk>[0-9]+)`) become URL kwargs.
pub fn re_path(regex: &str, view: impl APIView) -> UrlPattern {
    re_path_dyn(regex, Arc::new(view))
}

pub(crate) fn re_path_dyn(regex: &str, view: Arc<dyn DynView>) -> UrlPattern {
    UrlPattern::new(Segment::Regex(regex.to_owned()), Target::View(view))
}

pub(crate) fn invalid(err: ImproperlyConfigured) -> UrlPattern {
    UrlPattern::new(Segment::Path(String::new()), Target::Invalid(err))
}

/// Django's `path(prefix, include(patterns))`: every pattern of `patterns` under `prefix`;
/// [`UrlPattern::app_name`] and [`UrlPattern::namespace`] give it Django's namespaces.
pub fn include(prefix: &str, patterns: Vec<UrlPattern>) -> UrlPattern {
    UrlPattern::new(Segment::Path(prefix.to_owned()), Target::Include(patterns))
}

/// Django's `re_path(regex, include(patterns))`: every pattern of `patterns` under a regex
/// prefix, whose named groups become URL kwargs (`re_include("^purl/(?P<parent>[0-9]+)/", ...)`).
pub fn re_include(regex: &str, patterns: Vec<UrlPattern>) -> UrlPattern {
    UrlPattern::new(Segment::Regex(regex.to_owned()), Target::Include(patterns))
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
    /// A route with parameters.
    Pattern {
        regex: Regex,
        /// Each named group with its converter (`None` for a `re_path` group, whose text
        /// reaches the view as matched).
        names: Vec<(String, Option<Converter>)>,
        /// The literal text every match starts with (`books/` of `books/<pk>/`): a path
        /// without it is rejected before the regex runs, as most routes are for any one request.
        prefix: String,
    },
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
    /// DRF's `drf_format_suffix` (what `format_suffix_patterns` appends to `path()` routes):
    /// `.json` or `.json/`, handed to the view as `json`.
    FormatSuffix,
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
            "drf_format_suffix" => Converter::FormatSuffix,
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
            Converter::FormatSuffix => "\\.[a-z0-9]+/?",
        }
    }

    /// Django's `to_python`, as the text the view receives.
    fn to_python(self, raw: &str) -> String {
        match self {
            Converter::Int => int_to_python(raw),
            Converter::FormatSuffix => raw.trim_matches(|c| c == '.' || c == '/').to_owned(),
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
        Self::compile(&[Segment::Path(route.to_owned())]).map(|(route, _)| route)
    }

    /// Compiles the segments of one route (an `include()` prefix and its patterns, each
    /// `path()` or `re_path()` syntax) into one matcher and its reverse template (`None` when
    /// a regex is too rich for Django's `normalize` subset restframe reverses).
    pub(crate) fn compile(segments: &[Segment]) -> Result<(Route, Option<Vec<Piece>>), RouteError> {
        let source = Self::source_of(segments);
        let plain = segments.iter().all(|s| matches!(s, Segment::Path(p) if !p.contains('<')));
        if plain {
            let template = vec![Piece::Text(source.clone())];
            return Ok((Route { source, matcher: Matcher::Literal }, Some(template)));
        }
        let mut pattern = String::from("^");
        let mut names = Vec::new();
        let mut template = Some(Vec::new());
        for segment in segments {
            match segment {
                Segment::Path(route) => path_to_regex(route, &mut pattern, &mut names, &mut template)?,
                Segment::Regex(regex) => {
                    let inner = regex.strip_prefix('^').unwrap_or(regex);
                    let inner = inner.strip_suffix('$').unwrap_or(inner);
                    let compiled = Regex::new(inner).map_err(|e| RouteError::Regex(e.to_string()))?;
                    names.extend(compiled.capture_names().flatten().map(|n| (n.to_owned(), None)));
                    match (normalize(inner), template.as_mut()) {
                        (Some(pieces), Some(t)) => t.extend(pieces),
                        _ => template = None,
                    }
                    pattern.push_str(inner);
                }
            }
        }
        pattern.push('$');
        let regex = Regex::new(&pattern).map_err(|e| RouteError::Regex(e.to_string()))?;
        let prefix = literal_prefix(&pattern);
        Ok((Route { source, matcher: Matcher::Pattern { regex, names, prefix } }, template))
    }

    /// The segments of a route as written, joined.
    pub(crate) fn source_of(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| match s {
                Segment::Path(p) => p.as_str(),
                Segment::Regex(r) => r.as_str(),
            })
            .collect()
    }

    /// The route as written (`"users/<int:pk>"`).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The regex a reversed path must match (Django checks candidates against the pattern).
    pub(crate) fn check_regex(&self) -> Result<Regex, RouteError> {
        match &self.matcher {
            Matcher::Literal => Regex::new(&format!("^{}$", regex::escape(&self.source))),
            Matcher::Pattern { regex, .. } => Ok(regex.clone()),
        }
        .map_err(|e| RouteError::Regex(e.to_string()))
    }

    /// The route's parameters and their converters (`None` for a `re_path` group).
    pub(crate) fn params(&self) -> &[(String, Option<Converter>)] {
        match &self.matcher {
            Matcher::Literal => &[],
            Matcher::Pattern { names, .. } => names,
        }
    }

    /// The captured keyword arguments when `path` (without the leading `/`) matches.
    pub fn matches(&self, path: &str) -> Option<Vec<(String, String)>> {
        let (regex, names) = match &self.matcher {
            Matcher::Literal => return (self.source == path).then(Vec::new),
            Matcher::Pattern { prefix, .. } if !path.starts_with(prefix.as_str()) => return None,
            Matcher::Pattern { regex, names, .. } => (regex, names),
        };
        // Most routes do not match a given path: find that out without allocating captures.
        if !regex.is_match(path) {
            return None;
        }
        let caps = regex.captures(path)?;
        Some(
            names
                .iter()
                .filter_map(|(name, converter)| {
                    // An optional group that did not take part is not a kwarg (Django drops
                    // `None` groups).
                    let raw = caps.name(name)?.as_str();
                    Some((name.clone(), converter.map_or_else(|| raw.to_owned(), |c| c.to_python(raw))))
                })
                .collect(),
        )
    }
}

/// The text every match of `pattern` starts with (`books/` of `^books/(?P<pk>[^/.]+)/$`), from
/// regex-syntax's literal extraction; empty when the matches share no leading text (a
/// leading parameter, a case-insensitive route, an alternation).
fn literal_prefix(pattern: &str) -> String {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let Ok(hir) = regex_syntax::parse(pattern) else { return String::new() };
    let prefixes = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    // Every match starts with one of the extracted literals, so with their common prefix.
    prefixes.longest_common_prefix().and_then(|common| String::from_utf8(common.to_vec()).ok()).unwrap_or_default()
}

/// Appends the regex of one `path()` route to `pattern`, its converters to `names` and its
/// reverse pieces to `template`.
pub(super) fn path_to_regex(
    route: &str,
    pattern: &mut String,
    names: &mut Vec<(String, Option<Converter>)>,
    template: &mut Option<Vec<Piece>>,
) -> Result<(), RouteError> {
    let mut rest = route;
    let push_text = |text: &str, pattern: &mut String, template: &mut Option<Vec<Piece>>| {
        pattern.push_str(&regex::escape(text));
        if let Some(t) = template.as_mut() {
            t.push(Piece::Text(text.to_owned()));
        }
    };
    while let Some(start) = rest.find('<') {
        push_text(&rest[..start], pattern, template);
        let end = rest[start..].find('>').ok_or_else(|| RouteError::Unclosed { route: route.to_owned() })?;
        let inner = &rest[start + 1..start + end];
        let (conv, name) = inner.split_once(':').unwrap_or(("str", inner));
        // `format_suffix_patterns(allowed=[...])` registers `drf_format_suffix_<a>_<b>`.
        let allowed = conv.strip_prefix("drf_format_suffix_");
        let converter = match allowed {
            Some(_) => Some(Converter::FormatSuffix),
            None => Converter::from_name(conv),
        }
        .ok_or_else(|| RouteError::InvalidConverter { route: route.to_owned(), converter: conv.to_owned() })?;
        let identifier = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !identifier {
            return Err(RouteError::InvalidParameter { route: route.to_owned(), name: name.to_owned() });
        }
        match allowed.map(|a| a.split('_').collect::<Vec<_>>()) {
            Some(formats) if formats.len() == 1 => pattern.push_str(&format!("(?P<{name}>\\.{}/?)", formats[0])),
            Some(formats) => pattern.push_str(&format!("(?P<{name}>\\.(?:{})/?)", formats.join("|"))),
            None => pattern.push_str(&format!("(?P<{name}>{})", converter.pattern())),
        }
        names.push((name.to_owned(), Some(converter)));
        rest = &rest[start + end + 1..];
        if let Some(t) = template.as_mut() {
            t.push(match converter {
                Converter::FormatSuffix => Piece::FormatSuffix(name.to_owned()),
                _ => Piece::Param(name.to_owned()),
            });
        }
    }
    push_text(rest, pattern, template);
    Ok(())
}

/// The subset of Django's `regex_helper.normalize` that router and format-suffix patterns
/// use: literal and escaped characters, named and unnamed groups, and `?` (zero occurrences
/// of the previous character, so `/?` reverses to nothing). `None` for anything richer.
fn normalize(regex: &str) -> Option<Vec<Piece>> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut text = String::new();
    let mut chars = regex.chars().peekable();
    let mut positional = 0;
    while let Some(c) = chars.next() {
        match c {
            '\\' => text.push(chars.next()?),
            '?' => {
                text.pop()?;
            }
            '(' => {
                let name = if chars.peek() == Some(&'?') {
                    let head: String = chars.by_ref().take(3).collect();
                    if head != "?P<" {
                        return None;
                    }
                    chars.by_ref().take_while(|&c| c != '>').collect()
                } else {
                    // Django names an unnamed group `_0`, `_1`, ... (positional arguments).
                    positional += 1;
                    format!("_{}", positional - 1)
                };
                // Skip the group's body up to its closing parenthesis.
                let mut depth = 1;
                let mut escaped = false;
                for c in chars.by_ref() {
                    match (escaped, c) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = true,
                        (false, '(') => depth += 1,
                        (false, ')') => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                if depth != 0 {
                    return None;
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Param(name));
            }
            '.' | '*' | '+' | '[' | ']' | '{' | '}' | '|' | '^' | '$' | ')' => return None,
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Some(pieces)
}

/// Django's `IntConverter` hands the view an `int`, so `"007"` arrives as `7`.
fn int_to_python(digits: &str) -> String {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() { "0".to_owned() } else { trimmed.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn router_patterns_normalize() {
        assert_eq!(
            normalize("books/(?P<pk>[^/.]+)/"),
            Some(vec![Piece::Text("books/".into()), Piece::Param("pk".into()), Piece::Text("/".into())])
        );
        assert_eq!(
            normalize("books\\.(?P<format>[a-z0-9]+)/?"),
            Some(vec![Piece::Text("books.".into()), Piece::Param("format".into())])
        );
        assert_eq!(normalize("a|b"), None);
    }

    #[test]
    fn include_prefixes_join_regex_routes() {
        let (route, template) =
            Route::compile(&[Segment::Path("api/<int:v>/".into()), Segment::Regex("^books/(?P<pk>[^/.]+)/$".into())])
                .expect("compiles");
        assert_eq!(
            route.matches("api/007/books/x/"),
            Some(vec![("v".to_owned(), "7".to_owned()), ("pk".to_owned(), "x".to_owned())])
        );
        assert_eq!(route.matches("api/7/books/x.y/"), None);
        let text = |t: &str| Piece::Text(t.to_owned());
        let param = |p: &str| Piece::Param(p.to_owned());
        assert_eq!(template, Some(vec![text("api/"), param("v"), text("/"), text("books/"), param("pk"), text("/")]));
    }

    /// The literal prefix rejects paths before the regex, never a path the regex matches.
    #[test]
    fn literal_prefixes_are_what_every_match_starts_with() {
        assert_eq!(literal_prefix("^api/books/(?P<pk>[0-9]+)/$"), "api/books/");
        assert_eq!(literal_prefix("^books\\.(?P<format>[a-z0-9]+)/?$"), "books.");
        assert_eq!(literal_prefix("^(?P<s>[-a-zA-Z0-9_]+)/x$"), "");
        assert_eq!(literal_prefix("^(?:a|b)/(?P<x>.)$"), "");
        assert_eq!(literal_prefix("^(?i:books)/(?P<x>.)$"), "");
        assert_eq!(literal_prefix("^caf\u{e9}/(?P<x>.)$"), "caf\u{e9}/");

        let route = Route::parse("books/<int:pk>/").expect("compiles");
        assert_eq!(route.matches("books/12/"), Some(vec![("pk".to_owned(), "12".to_owned())]));
        assert_eq!(route.matches("authors/12/"), None);
        assert_eq!(route.matches("book/12/"), None);
        // A case-insensitive regex route has no literal prefix to insist on.
        let (route, _) =
            Route::compile(&[Segment::Path("v1/".into()), Segment::Regex("^(?i:BOOKS)/(?P<pk>[0-9]+)/$".into())])
                .expect("compiles");
        assert_eq!(route.matches("v1/books/3/"), Some(vec![("pk".to_owned(), "3".to_owned())]));
        assert_eq!(route.matches("V1/books/3/"), None);
    }
}
