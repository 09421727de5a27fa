//! Django's `urls/conf.py` and the `_populate` step of `URLResolver`: the URL conf flattened
//! into routes, each with its instance and application namespaces, and the namespace tree
//! `reverse()` walks.

use std::sync::Arc;

use super::{Route, RouteError, Segment, Target, UrlPattern, path_to_regex};
use crate::exceptions::ImproperlyConfigured;
use crate::resolver::{NamedRoute, NamespaceNode, Piece, ResolverNamespaces};
use crate::views::DynView;

/// One route of the flattened URL conf.
pub(crate) struct FlatRoute {
    pub(crate) segments: Vec<Segment>,
    pub(crate) view: Arc<dyn DynView>,
    pub(crate) name: Option<String>,
    /// The namespaced `include()`s the route sits in (`None` outside any).
    pub(crate) namespaces: Option<ResolverNamespaces>,
    /// The extra kwargs of the route and its `include()`s, each with the index of the
    /// segment that declared it, outermost first.
    pub(crate) defaults: Vec<(usize, String, String)>,
}

impl FlatRoute {
    /// The extra kwargs as the resolver applies them over the captured ones: Django lets
    /// each level's extras override what that level and the levels above captured or
    /// declared, so an extra loses only to a capture of a deeper segment.
    pub(crate) fn resolve_defaults(&self) -> Result<Vec<(String, String)>, RouteError> {
        let mut captured_at: Vec<(String, usize)> = Vec::new();
        for (depth, segment) in self.segments.iter().enumerate() {
            captured_at.extend(segment_params(segment)?.into_iter().map(|name| (name, depth)));
        }
        let mut out: Vec<(String, String)> = Vec::new();
        for (depth, name, value) in &self.defaults {
            if captured_at.iter().any(|(n, d)| n == name && d > depth) {
                continue;
            }
            out.retain(|(n, _)| n != name);
            out.push((name.clone(), value.clone()));
        }
        Ok(out)
    }

    /// The extra kwargs as Django's reverse table merges them: an `include()`'s over its
    /// patterns'.
    pub(crate) fn reverse_defaults(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (_, name, value) in self.defaults.iter().rev() {
            out.retain(|(n, _)| n != name);
            out.push((name.clone(), value.clone()));
        }
        out
    }
}

/// The parameter names one segment captures.
fn segment_params(segment: &Segment) -> Result<Vec<String>, RouteError> {
    let mut names = Vec::new();
    match segment {
        Segment::Path(route) => path_to_regex(route, &mut String::new(), &mut names, &mut None)?,
        Segment::Regex(regex) => {
            let compiled = regex::Regex::new(regex).map_err(|e| RouteError::Regex(e.to_string()))?;
            return Ok(compiled.capture_names().flatten().map(str::to_owned).collect());
        }
    }
    Ok(names.into_iter().map(|(name, _)| name).collect())
}

/// The namespaces and extra kwargs of the `include()`s above a pattern, outermost first.
#[derive(Clone, Default)]
struct Scope {
    namespaces: Vec<String>,
    app_names: Vec<String>,
    defaults: Vec<(usize, String, String)>,
}

/// Flattens `include()`s into routes, in declaration order, and records the namespaced ones
/// in `root`; the first configuration mistake (a router's, or a namespace without an
/// `app_name`) is the error.
pub(crate) fn flatten(
    patterns: Vec<UrlPattern>,
    root: &mut NamespaceNode,
) -> Result<Vec<FlatRoute>, ImproperlyConfigured> {
    let mut out = Vec::new();
    walk(patterns, &[], &Scope::default(), root, &mut out)?;
    Ok(out)
}

fn walk(
    patterns: Vec<UrlPattern>,
    prefix: &[Segment],
    scope: &Scope,
    node: &mut NamespaceNode,
    out: &mut Vec<FlatRoute>,
) -> Result<(), ImproperlyConfigured> {
    for pattern in patterns {
        let mut segments = prefix.to_vec();
        segments.push(pattern.route);
        let depth = segments.len() - 1;
        let mut defaults = scope.defaults.clone();
        defaults.extend(pattern.defaults.into_iter().map(|(name, value)| (depth, name, value)));
        match pattern.target {
            Target::View(view) => {
                if pattern.app_name.is_some() || pattern.namespace.is_some() {
                    return Err(ImproperlyConfigured(format!(
                        "URL route {:?} is not an include(): only an include() takes an app_name or a namespace",
                        Route::source_of(&segments)
                    )));
                }
                let namespaces = (!scope.namespaces.is_empty()).then(|| ResolverNamespaces {
                    namespace: scope.namespaces.join(":").into(),
                    app_name: scope.app_names.join(":").into(),
                });
                out.push(FlatRoute { segments, view, name: pattern.name, namespaces, defaults });
            }
            Target::Include(children) => {
                // Django: `include((patterns, app_name), namespace=None)` takes the app name as
                // instance namespace; a namespace without an app name is refused.
                let (app_name, namespace) = match (pattern.app_name, pattern.namespace) {
                    (None, None) => {
                        let inner = Scope { defaults, ..scope.clone() };
                        walk(children, &segments, &inner, node, out)?;
                        continue;
                    }
                    (None, Some(_)) => return Err(ImproperlyConfigured(NAMESPACE_WITHOUT_APP_NAME.to_owned())),
                    (Some(app), namespace) => (app.clone(), namespace.unwrap_or(app)),
                };
                if node.contains(&namespace) {
                    // Django's check urls.W005; restframe refuses the URL conf rather than
                    // reversing into the first of the two includes only.
                    return Err(ImproperlyConfigured(format!(
                        "URL namespace '{namespace}' isn't unique. You may not be able to reverse all URLs in this \
                         namespace"
                    )));
                }
                let mut inner = Scope { defaults, ..scope.clone() };
                inner.namespaces.push(namespace.clone());
                inner.app_names.push(app_name.clone());
                let mut child = NamespaceNode::default();
                walk(children, &segments, &inner, &mut child, out)?;
                node.push(namespace, app_name, child);
            }
            Target::Invalid(err) => return Err(err),
        }
    }
    Ok(())
}

/// Django's message for `include(patterns, namespace=...)` without an `app_name`.
const NAMESPACE_WITHOUT_APP_NAME: &str = "Specifying a namespace in include() without providing an app_name is not \
     supported. Set the app_name attribute in the included module, or pass a 2-tuple containing the list of patterns \
     and app_name instead.";

/// The reverse table entry of a named route.
pub(crate) fn named_route(
    name: &str,
    namespace: &str,
    flat: &FlatRoute,
    route: &Route,
    template: Vec<Piece>,
) -> Result<NamedRoute, RouteError> {
    Ok(NamedRoute {
        name: name.to_owned(),
        namespace: namespace.to_owned(),
        source: route.as_str().to_owned(),
        pattern: django_pattern(&flat.segments)?,
        defaults: flat.reverse_defaults(),
        template,
        check: route.check_regex()?,
    })
}

/// The pattern Django's `NoReverseMatch` lists under "pattern(s) tried": each segment's regex
/// without its leading `^`, a `path()` route ending the URL with `\Z`.
fn django_pattern(segments: &[Segment]) -> Result<String, RouteError> {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Path(route) => path_to_regex(route, &mut out, &mut Vec::new(), &mut None)?,
            Segment::Regex(regex) => out.push_str(regex.strip_prefix('^').unwrap_or(regex)),
        }
    }
    if matches!(segments.last(), Some(Segment::Path(_))) {
        out.push_str("\\Z");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn django_patterns_as_noreversematch_lists_them() {
        // Recorded from Django 6.1's messages: `path()` routes are their regex ending in `\Z`,
        // an include's prefix is joined without its `^`.
        let path = |p: &str| Segment::Path(p.to_owned());
        let regex = |r: &str| Segment::Regex(r.to_owned());
        assert_eq!(django_pattern(&[path("art/<int:year>/")]).as_deref(), Ok("art/(?P<year>[0-9]+)/\\Z"));
        assert_eq!(
            django_pattern(&[path("v1/"), path("in/"), path("x/<int:pk>/")]).as_deref(),
            Ok("v1/in/x/(?P<pk>[0-9]+)/\\Z")
        );
        assert_eq!(
            django_pattern(&[path("v1/"), path(""), regex("^books/(?P<pk>[^/.]+)/$")]).as_deref(),
            Ok("v1/books/(?P<pk>[^/.]+)/$")
        );
        assert_eq!(django_pattern(&[regex("^pos/([0-9]{4})/([a-z]+)/$")]).as_deref(), Ok("pos/([0-9]{4})/([a-z]+)/$"));
    }
}
