//! The reverse side of Django's `urls/resolvers.py`: the table of named routes `reverse()` reads,
//! and the `Host` checks of `HttpRequest.get_host()` (`ALLOWED_HOSTS`).
//!
//! It imports nothing from the view layer: every [`Request`](crate::request::Request) carries the
//! table, and `request` sits in the one import circle, which must not grow. Users call
//! [`crate::reverse::reverse`]; this module is the data underneath.
//!
//! ```
//! use restframe::resolver::{split_domain_port, validate_host};
//! assert_eq!(split_domain_port("Example.COM.:8000"), ("example.com".to_owned(), "8000".to_owned()));
//! let allowed = ["testserver".to_owned(), ".example.com".to_owned()];
//! assert!(validate_host("api.example.com", &allowed));
//! assert!(!validate_host("evil.com", &allowed));
//! ```

use std::fmt;
use std::sync::Arc;

use regex::Regex;

use crate::python::str_repr as python_repr;

/// Django's `NoReverseMatch`: no route has that name, or none takes exactly those keyword
/// arguments with values its pattern accepts. The message is Django's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoReverseMatch(pub String);

impl fmt::Display for NoReverseMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NoReverseMatch {}

/// Django's `DisallowedHost`: the `Host` header is malformed or not in `ALLOWED_HOSTS`. The
/// message is Django's (`Invalid HTTP_HOST header: 'evil.com'. You may need to add 'evil.com'
/// to ALLOWED_HOSTS.`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisallowedHost(pub String);

impl fmt::Display for DisallowedHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DisallowedHost {}

/// One piece of a route's reverse template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Literal text.
    Text(String),
    /// A keyword argument's value.
    Param(String),
    /// DRF's format-suffix converter: `.value/` (its `to_url`).
    FormatSuffix(String),
}

/// A named route: its reverse template, parameter names and the regex a reversed path must
/// match (Django checks the candidate against the pattern, so `pk="a/b"` does not reverse
/// into `[^/.]+`).
#[derive(Clone, Debug)]
pub(crate) struct NamedRoute {
    pub(crate) name: String,
    /// The instance namespaces of its `include()`s, joined by `:` (empty outside any).
    pub(crate) namespace: String,
    /// The route as written (for restframe's startup errors).
    pub(crate) source: String,
    /// The regex Django lists in `NoReverseMatch` ("pattern(s) tried").
    pub(crate) pattern: String,
    /// The extra kwargs of the route and its `include()`s: `reverse()` accepts them with
    /// these values without requiring them.
    pub(crate) defaults: Vec<(String, String)>,
    pub(crate) template: Vec<Piece>,
    pub(crate) check: Regex,
}

impl NamedRoute {
    fn params(&self) -> impl Iterator<Item = &str> {
        self.template.iter().filter_map(|p| match p {
            Piece::Param(name) | Piece::FormatSuffix(name) => Some(name.as_str()),
            Piece::Text(_) => None,
        })
    }

    /// Whether both routes take the same keyword arguments.
    pub(crate) fn same_params(&self, other: &NamedRoute) -> bool {
        let mut mine: Vec<&str> = self.params().collect();
        let mut theirs: Vec<&str> = other.params().collect();
        mine.sort_unstable();
        theirs.sort_unstable();
        mine == theirs
    }

    /// Django's `_reverse_with_prefix` test: positional arguments fill the parameters in
    /// order and must be as many; keyword arguments must name exactly the parameters.
    fn substitutions<'a>(&'a self, args: &Args<'a>) -> Option<Vec<(&'a str, &'a str)>> {
        match args {
            Args::Positional(values) => {
                let params: Vec<&str> = self.params().collect();
                (params.len() == values.len()).then(|| params.into_iter().zip(values.iter().copied()).collect())
            }
            Args::Keyword(kwargs) => {
                let params: Vec<&str> = self.params().collect();
                let is_default = |name: &str| self.defaults.iter().any(|(d, _)| d == name);
                // Django: every parameter given, nothing else but extra kwargs, and those
                // (when not parameters) with their declared values.
                let missing = params.iter().any(|p| !kwargs.iter().any(|(k, _)| k == p) && !is_default(p));
                let unknown = kwargs.iter().any(|(k, _)| !params.contains(k) && !is_default(k));
                let conflict = self.defaults.iter().any(|(name, value)| {
                    !params.contains(&name.as_str()) && kwargs.iter().any(|(k, v)| k == name && v != value)
                });
                (!missing && !unknown && !conflict).then(|| kwargs.to_vec())
            }
        }
    }
}

/// The arguments of one `reverse()` call: Django's `args=` or `kwargs=`.
enum Args<'a> {
    Positional(&'a [&'a str]),
    Keyword(&'a [(&'a str, &'a str)]),
}

impl fmt::Display for Args<'_> {
    /// How Django's `NoReverseMatch` names them: `arguments '('7',)'`, `keyword arguments
    /// '{'pk': '7'}'` or `no arguments`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Args::Positional([]) | Args::Keyword([]) => f.write_str("no arguments"),
            Args::Positional([one]) => write!(f, "arguments '({},)'", python_repr(one)),
            Args::Positional(values) => {
                let values: Vec<String> = values.iter().map(|v| python_repr(v)).collect();
                write!(f, "arguments '({})'", values.join(", "))
            }
            Args::Keyword(kwargs) => {
                let pairs: Vec<String> =
                    kwargs.iter().map(|(k, v)| format!("{}: {}", python_repr(k), python_repr(v))).collect();
                write!(f, "keyword arguments '{{{}}}'", pairs.join(", "))
            }
        }
    }
}

/// One level of Django's namespace tree: the namespaced `include()`s of a resolver (its
/// `namespace_dict` and `app_dict`), in declaration order; `include()`s without a namespace
/// are transparent, their namespaces count as this level's.
#[derive(Clone, Debug, Default)]
pub(crate) struct NamespaceNode {
    children: Vec<(String, String, NamespaceNode)>,
}

impl NamespaceNode {
    /// Whether an instance namespace of that name is declared at this level.
    pub(crate) fn contains(&self, namespace: &str) -> bool {
        self.children.iter().any(|(ns, _, _)| ns == namespace)
    }

    /// Declares the instance `namespace` of application `app_name`.
    pub(crate) fn push(&mut self, namespace: String, app_name: String, node: NamespaceNode) {
        self.children.push((namespace, app_name, node));
    }

    /// Django's lookup of one component of `"ns:name"`: an application namespace means its
    /// instance of the same name, else its last declared instance (Django's `app_list[0]`,
    /// `current_app` being unset); otherwise an instance namespace.
    fn child(&self, component: &str) -> Option<(&str, &NamespaceNode)> {
        let instances: Vec<&str> =
            self.children.iter().rev().filter(|(_, app, _)| app == component).map(|(ns, _, _)| ns.as_str()).collect();
        let namespace = match instances.first() {
            Some(last) if !instances.contains(&component) => *last,
            _ => component,
        };
        self.children.iter().find(|(ns, _, _)| ns == namespace).map(|(ns, _, node)| (ns.as_str(), node))
    }
}

/// Django's `request.resolver_match.namespace` and `.app_name` of a route inside namespaced
/// `include()`s (`"v1:inner"`, `"library:innerapp"`); requests carry it as an extension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ResolverNamespaces {
    pub(crate) namespace: Arc<str>,
    pub(crate) app_name: Arc<str>,
}

/// The URL names of an app (Django's `reverse_dict`), built once by `App::new`.
#[derive(Clone, Debug, Default)]
pub struct UrlNames {
    routes: Arc<[NamedRoute]>,
    namespaces: Arc<NamespaceNode>,
}

impl UrlNames {
    pub(crate) fn new(routes: Vec<NamedRoute>, namespaces: NamespaceNode) -> Self {
        Self { routes: routes.into(), namespaces: Arc::new(namespaces) }
    }

    /// Whether `reverse()` knows the view name `name` (`"book-list"`, `"v1:book-list"`).
    pub fn contains(&self, name: &str) -> bool {
        self.lookup(name).is_ok_and(|(namespace, view)| self.named(&namespace, view).next().is_some())
    }

    /// Django's walk through the namespaces of `"v1:inner:name"`: the instance namespace path
    /// (`"v1:inner"`) and the view name.
    fn lookup<'n>(&self, viewname: &'n str) -> Result<(String, &'n str), NoReverseMatch> {
        let mut components: Vec<&str> = viewname.split(':').collect();
        let view = components.pop().unwrap_or_default();
        let mut node = self.namespaces.as_ref();
        let mut resolved: Vec<&str> = Vec::new();
        for component in components {
            let Some((namespace, child)) = node.child(component) else {
                return Err(NoReverseMatch(match resolved.as_slice() {
                    [] => format!("{} is not a registered namespace", python_repr(component)),
                    path => {
                        format!("{} is not a registered namespace inside '{}'", python_repr(component), path.join(":"))
                    }
                }));
            };
            resolved.push(namespace);
            node = child;
        }
        Ok((resolved.join(":"), view))
    }

    /// The routes called `view` in the instance namespace path `namespace`, the last
    /// declared first (the order Django tries them in).
    fn named<'s>(&'s self, namespace: &'s str, view: &'s str) -> impl Iterator<Item = &'s NamedRoute> {
        self.routes.iter().rev().filter(move |r| r.name == view && r.namespace == namespace)
    }

    /// Django's `resolve(path)` among the named routes (what `HyperlinkedRelatedField` reads an
    /// input URL with): the first route in URL conf order matching `path` (without its leading
    /// `/`), as its namespaced view name (`v1:book-detail`) and the keyword arguments it captured.
    pub(crate) fn resolve(&self, path: &str) -> Option<(String, Vec<(String, String)>)> {
        self.routes.iter().find_map(|route| {
            let caps = route.check.captures(path)?;
            let kwargs = route
                .check
                .capture_names()
                .flatten()
                .filter_map(|name| Some((name.to_owned(), caps.name(name)?.as_str().to_owned())))
                .collect();
            let name = if route.namespace.is_empty() {
                route.name.clone()
            } else {
                format!("{}:{}", route.namespace, route.name)
            };
            Some((name, kwargs))
        })
    }

    /// Django's `reverse(name, args=args)`: positional arguments fill the route's parameters
    /// (named or not) in order.
    pub fn reverse_args(&self, name: &str, args: &[&str]) -> Result<String, NoReverseMatch> {
        self.reverse_with(name, &Args::Positional(args))
    }

    /// Django's `reverse(name, kwargs=kwargs)`: the path (`/books/7/`) of the route called
    /// `name` that takes exactly these keyword arguments, the last declared winning as in
    /// Django. Values are percent-quoted as Django quotes them.
    pub fn reverse(&self, name: &str, kwargs: &[(&str, &str)]) -> Result<String, NoReverseMatch> {
        self.reverse_with(name, &Args::Keyword(kwargs))
    }

    fn reverse_with(&self, viewname: &str, args: &Args<'_>) -> Result<String, NoReverseMatch> {
        let (namespace, name) = self.lookup(viewname)?;
        let candidates: Vec<&NamedRoute> = self.named(&namespace, name).collect();
        if candidates.is_empty() {
            return Err(NoReverseMatch(format!(
                "Reverse for '{name}' not found. '{name}' is not a valid view function or pattern name."
            )));
        }
        for route in &candidates {
            let Some(subs) = route.substitutions(args) else { continue };
            let value = |param: &str| subs.iter().find(|(k, _)| *k == param).map_or("", |(_, v)| *v);
            let mut candidate = String::new();
            for piece in &route.template {
                match piece {
                    Piece::Text(text) => candidate.push_str(text),
                    Piece::Param(param) => candidate.push_str(value(param)),
                    Piece::FormatSuffix(param) => candidate.push_str(&format!(".{}/", value(param))),
                }
            }
            if route.check.is_match(&candidate) {
                let quoted = quote(&candidate);
                // Django: a path starting with `//` would be read as a scheme-relative URL.
                return Ok(match quoted.strip_prefix('/') {
                    Some(rest) => format!("/%2F{rest}"),
                    None => format!("/{quoted}"),
                });
            }
        }
        let tried: Vec<String> = candidates.iter().map(|r| python_repr(&r.pattern)).collect();
        Err(NoReverseMatch(format!(
            "Reverse for '{name}' with {args} not found. {} pattern(s) tried: [{}]",
            candidates.len(),
            tried.join(", ")
        )))
    }
}

/// Python's `urllib.parse.quote(path, safe=RFC3986_SUBDELIMS + "/~:@")`, as Django's
/// `_reverse_with_prefix` applies it.
fn quote(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"_.-~!$&'()*+,;=/:@".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Django's `split_domain_port`: the lower-cased domain (trailing dot removed) and the port;
/// an empty domain when the host is malformed.
pub fn split_domain_port(host: &str) -> (String, String) {
    let host = host.to_ascii_lowercase();
    let (domain, port) = if host.starts_with('[') {
        match host.find(']') {
            Some(end) => (&host[..=end], &host[end + 1..]),
            None => return (String::new(), String::new()),
        }
    } else {
        match host.rfind(':') {
            Some(colon) => (&host[..colon], &host[colon..]),
            None => (host.as_str(), ""),
        }
    };
    let port = match port {
        "" => "",
        p => match p.strip_prefix(':') {
            Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => digits,
            _ => return (String::new(), String::new()),
        },
    };
    let valid = if let Some(inner) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        // `\[[a-f0-9]*:[a-f0-9.:]+\]`
        inner.split_once(':').is_some_and(|(head, tail)| {
            head.bytes().all(|b| b.is_ascii_hexdigit())
                && !tail.is_empty()
                && tail.bytes().all(|b| b.is_ascii_hexdigit() || b == b'.' || b == b':')
        })
    } else {
        !domain.is_empty()
            && domain.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
    };
    if !valid {
        return (String::new(), String::new());
    }
    (domain.strip_suffix('.').unwrap_or(domain).to_owned(), port.to_owned())
}

/// Django's `validate_host`: `*` allows any host, `.example.com` the domain and its
/// subdomains, anything else that exact (case-insensitive) domain.
pub fn validate_host(domain: &str, allowed_hosts: &[String]) -> bool {
    allowed_hosts.iter().any(|pattern| {
        let pattern = pattern.to_ascii_lowercase();
        pattern == "*"
            || pattern == domain
            || (pattern.starts_with('.') && (domain.ends_with(&pattern) || domain == &pattern[1..]))
    })
}

/// Django's `get_host()` check of a raw host against `ALLOWED_HOSTS`: the host itself when
/// allowed, else Django's `DisallowedHost` message.
pub fn check_host<'a>(host: &'a str, allowed_hosts: &[String]) -> Result<&'a str, DisallowedHost> {
    let (domain, _) = split_domain_port(host);
    if !domain.is_empty() && validate_host(&domain, allowed_hosts) {
        return Ok(host);
    }
    let mut msg = format!("Invalid HTTP_HOST header: {}.", python_repr(host));
    if domain.is_empty() {
        msg.push_str(" The domain name provided is not valid according to RFC 1034/1035.");
    } else {
        msg.push_str(&format!(" You may need to add {} to ALLOWED_HOSTS.", python_repr(&domain)));
    }
    Err(DisallowedHost(msg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> UrlNames {
        let route = |name: &str, source: &str, template: Vec<Piece>, check: &str| NamedRoute {
            name: name.to_owned(),
            namespace: String::new(),
            source: source.to_owned(),
            pattern: source.trim_start_matches('^').to_owned(),
            defaults: Vec::new(),
            template,
            check: Regex::new(check).expect("regex"),
        };
        UrlNames::new(
            vec![
                route("book-list", "^books/$", vec![Piece::Text("books/".into())], "^books/$"),
                route(
                    "book-list",
                    "^books\\.(?P<format>[a-z0-9]+)/?$",
                    vec![Piece::Text("books.".into()), Piece::Param("format".into())],
                    "^books\\.(?P<format>[a-z0-9]+)/?$",
                ),
                route(
                    "book-detail",
                    "^books/(?P<pk>[^/.]+)/$",
                    vec![Piece::Text("books/".into()), Piece::Param("pk".into()), Piece::Text("/".into())],
                    "^books/(?P<pk>[^/.]+)/$",
                ),
            ],
            NamespaceNode::default(),
        )
    }

    #[test]
    fn reverse_picks_the_route_taking_the_kwargs() {
        let t = table();
        assert_eq!(t.reverse("book-list", &[]).as_deref(), Ok("/books/"));
        assert_eq!(t.reverse("book-list", &[("format", "json")]).as_deref(), Ok("/books.json"));
        assert_eq!(t.reverse("book-detail", &[("pk", "7")]).as_deref(), Ok("/books/7/"));
        assert_eq!(t.reverse("book-detail", &[("pk", "é x")]).as_deref(), Ok("/books/%C3%A9%20x/"));
        assert_eq!(
            t.reverse("nope", &[]).map_err(|e| e.0),
            Err("Reverse for 'nope' not found. 'nope' is not a valid view function or pattern name.".to_owned())
        );
        assert_eq!(
            t.reverse("book-detail", &[("pk", "a/b")]).map_err(|e| e.0),
            Err("Reverse for 'book-detail' with keyword arguments '{'pk': 'a/b'}' not found. 1 pattern(s) tried: ['books/(?P<pk>[^/.]+)/$']".to_owned())
        );
    }

    #[test]
    fn hosts_are_checked_like_django() {
        assert_eq!(split_domain_port("[::1]:80"), ("[::1]".to_owned(), "80".to_owned()));
        assert_eq!(split_domain_port("bad host"), (String::new(), String::new()));
        assert_eq!(split_domain_port("a:b"), (String::new(), String::new()));
        let allowed = vec!["testserver".to_owned()];
        assert_eq!(check_host("testserver:80", &allowed), Ok("testserver:80"));
        assert_eq!(
            check_host("evil.com", &allowed).map_err(|e| e.0),
            Err("Invalid HTTP_HOST header: 'evil.com'. You may need to add 'evil.com' to ALLOWED_HOSTS.".to_owned())
        );
        assert_eq!(
            check_host("bad host", &allowed).map_err(|e| e.0),
            Err("Invalid HTTP_HOST header: 'bad host'. The domain name provided is not valid according to RFC 1034/1035."
                .to_owned())
        );
        assert!(validate_host("x.y", &["*".to_owned()]));
    }
}
