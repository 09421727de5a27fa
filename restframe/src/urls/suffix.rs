//! DRF's `rest_framework.urlpatterns.format_suffix_patterns`.

use super::{Segment, Target, UrlPattern, invalid};

/// DRF's `format_suffix_patterns(urlpatterns)`: after each pattern, the same pattern with an
/// optional `.format` suffix (`books/` → `books\.(?P<format>[a-z0-9]+)/?`; a `path()` route
/// gets the `drf_format_suffix` converter), inside `include()`s too. The view reads the suffix
/// as the `format` kwarg, which content negotiation honours like `?format=`.
///
/// ```
/// use restframe::prelude::*;
/// use restframe::urls::format_suffix_patterns;
/// # struct View;
/// # #[api_view] impl APIView for View {}
/// // Django: format_suffix_patterns([path("test", View.as_view())])
/// let urls = format_suffix_patterns(urlpatterns![path("test", View)]);
/// assert_eq!(urls.len(), 2);
/// ```
pub fn format_suffix_patterns(urlpatterns: Vec<UrlPattern>) -> Vec<UrlPattern> {
    format_suffix_patterns_with(urlpatterns, false, &[])
}

/// DRF's `format_suffix_patterns(urlpatterns, suffix_required, allowed)`: with
/// `suffix_required`, only the suffixed patterns; with `allowed` formats (`["json", "api"]`),
/// only those suffixes match (`test.xml` is then no route at all).
///
/// ```
/// use restframe::prelude::*;
/// use restframe::urls::format_suffix_patterns_with;
/// # struct View;
/// # #[api_view] impl APIView for View {}
/// let urls = format_suffix_patterns_with(urlpatterns![path("test", View)], true, &["json"]);
/// assert_eq!(urls.len(), 1);
/// ```
pub fn format_suffix_patterns_with(
    urlpatterns: Vec<UrlPattern>,
    suffix_required: bool,
    allowed: &[&str],
) -> Vec<UrlPattern> {
    // DRF registers one converter per allowed list, named after it.
    let converter = match allowed {
        [] => "drf_format_suffix".to_owned(),
        _ => format!("drf_format_suffix_{}", allowed.join("_")),
    };
    let suffix_regex = match allowed {
        [] => "\\.(?P<format>[a-z0-9]+)/?$".to_owned(),
        [one] => format!("\\.(?P<format>{one})/?$"),
        _ => format!("\\.(?P<format>({}))/?$", allowed.join("|")),
    };
    apply(urlpatterns, suffix_required, &converter, &suffix_regex)
}

/// DRF's `apply_suffix_patterns`.
fn apply(urlpatterns: Vec<UrlPattern>, suffix_required: bool, converter: &str, suffix_regex: &str) -> Vec<UrlPattern> {
    let mut out = Vec::with_capacity(urlpatterns.len() * 2);
    for pattern in urlpatterns {
        let UrlPattern { route, target, name, app_name, namespace, defaults } = pattern;
        match target {
            Target::Include(children) => out.push(UrlPattern {
                route,
                target: Target::Include(apply(children, suffix_required, converter, suffix_regex)),
                name,
                app_name,
                namespace,
                defaults,
            }),
            Target::View(view) => {
                let suffixed = match &route {
                    Segment::Path(route) => Segment::Path(format!(
                        "{}<{converter}:format>",
                        route.trim_end_matches('$').trim_end_matches('/')
                    )),
                    Segment::Regex(regex) => {
                        Segment::Regex(format!("{}{suffix_regex}", regex.trim_end_matches('$').trim_end_matches('/')))
                    }
                };
                // The plain pattern first, as DRF orders them.
                if !suffix_required {
                    out.push(UrlPattern {
                        route,
                        target: Target::View(view.clone()),
                        name: name.clone(),
                        app_name,
                        namespace,
                        defaults: defaults.clone(),
                    });
                }
                out.push(UrlPattern {
                    route: suffixed,
                    target: Target::View(view),
                    name,
                    app_name: None,
                    namespace: None,
                    defaults,
                });
            }
            Target::Invalid(err) => out.push(invalid(err)),
        }
    }
    out
}
