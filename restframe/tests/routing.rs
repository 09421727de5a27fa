//! Django-style routing: converters, `include()` with namespaces, `reverse()` by keyword and
//! positional arguments, Django's 404 page, configuration errors at startup, and DRF's
//! `tests/test_urlpatterns.py` and `tests/test_reverse.py` (the non-versioning cases).
//!
//! Expected answers were recorded from Django 6.1.3 + DRF 3.18.3 with the URL conf each test
//! names (`routing_support` holds the Rust twins): `django.test.Client` with `DEBUG=False`
//! for responses, `URLResolver(RegexPattern("^/"), format_suffix_patterns(...)).resolve()` for
//! the format-suffix cases.

mod routing_support;

use http::Method;
use restframe::prelude::*;
use restframe::test::{APIClient, Body};
use restframe::urls::{format_suffix_patterns, format_suffix_patterns_with};
use routing_support::{KwargsView, PAGE_NOT_FOUND, SuffixRenderer, namespaced_urls};
use serde_json::json;

fn client() -> APIClient {
    let urls = urlpatterns![
        path("users/<int:pk>", KwargsView),
        path("users/<int:pk>/posts/<slug:slug>", KwargsView),
        path("names/<name>", KwargsView),
        path("ids/<uuid:id>", KwargsView),
        path("files/<path:rest>", KwargsView),
        include(
            "api/v1/",
            urlpatterns![path("things/<str:name>/", KwargsView), include("deep/", urlpatterns![path("x", KwargsView)])]
        ),
    ];
    APIClient::new(App::new(Settings::default(), urls).expect("valid urls"))
}

#[tokio::test]
async fn converters_capture_typed_segments() {
    let c = client();
    let cases = [
        ("/users/42", json!({"pk": "42"})),
        ("/users/007", json!({"pk": "7"})),
        ("/users/42/posts/hello-world_2", json!({"pk": "42", "slug": "hello-world_2"})),
        ("/names/J%C3%B6rg", json!({"name": "Jörg"})),
        ("/ids/0b4a2a68-5bb4-4e1b-9e4b-6c9f3c0e2a11", json!({"id": "0b4a2a68-5bb4-4e1b-9e4b-6c9f3c0e2a11"})),
        ("/files/a/b/c.txt", json!({"rest": "a/b/c.txt"})),
        ("/api/v1/things/widget/", json!({"name": "widget"})),
        ("/api/v1/deep/x", json!({})),
    ];
    for (path, expected) in cases {
        let response = c.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.json(), expected, "{path}");
    }
}

#[tokio::test]
async fn non_matching_paths_get_djangos_404_page() {
    let c = client();
    for path in [
        "/users/abc",
        "/users/-1",
        "/users/42/",
        "/names/a/b",
        "/ids/0B4A2A68-5BB4-4E1B-9E4B-6C9F3C0E2A11",
        "/users/42/posts/bad%20slug",
        "/files/",
        "/%ff",
        "/%C3%A9",
        "/",
    ] {
        let response = c.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(response.text(), PAGE_NOT_FOUND, "{path}");
        assert_eq!(response.header("content-type"), Some("text/html; charset=utf-8"), "{path}");
        assert_eq!(response.header("content-length"), Some("179"), "{path}");
        // The resolver's Http404 passes every middleware: XFrameOptionsMiddleware too.
        for (name, value) in restframe::app::SECURITY_HEADERS {
            assert_eq!(response.headers().get(&name), Some(&value), "{path} {name}");
        }
        assert_eq!(response.header("allow"), None, "{path}");
    }
}

#[tokio::test]
async fn every_method_gets_the_404_page() {
    // Django answers HEAD, OPTIONS, POST and DELETE on an unknown URL with the same page
    // (HEAD without the body, keeping `Content-Length: 179`).
    let c = client();
    for method in [Method::GET, Method::HEAD, Method::OPTIONS, Method::POST, Method::DELETE, Method::PUT] {
        let response = c.send(method.clone(), "/nope/", &[], &Body::Empty).await;
        assert_eq!(response.status(), 404, "{method}");
        assert_eq!(response.header("content-type"), Some("text/html; charset=utf-8"), "{method}");
        assert_eq!(response.header("content-length"), Some("179"), "{method}");
        if method != Method::HEAD {
            assert_eq!(response.text(), PAGE_NOT_FOUND, "{method}");
        }
    }
}

#[tokio::test]
async fn json_404_setting_keeps_drfs_answer() {
    let app = App::new(Settings::default().json_404(true), urlpatterns![path("a/", KwargsView)]).expect("urls");
    let response = APIClient::new(app).get("/nope").await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.text(), r#"{"detail":"Not found."}"#);
    assert_eq!(response.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn missing_trailing_slash_redirects() {
    // Django's APPEND_SLASH (on by default): only when the slashed path matches a route, for
    // POST too (DEBUG=False; Django raises RuntimeError only with DEBUG=True).
    let c = client();
    let response = c.get("/api/v1/things/widget?a=1").await;
    assert_eq!(response.status(), 301);
    assert_eq!(response.header("location"), Some("/api/v1/things/widget/?a=1"));
    assert_eq!(response.text(), "");
    let post = c.send(Method::POST, "/api/v1/things/widget", &[], &Body::Empty).await;
    assert_eq!((post.status().as_u16(), post.header("location")), (301, Some("/api/v1/things/widget/")));
    assert_eq!(post.header("x-frame-options"), None, "the redirect leaves before XFrameOptionsMiddleware");
    let unslashed =
        App::new(Settings::default().append_slash(false), urlpatterns![path("a/", KwargsView)]).expect("valid urls");
    let response = APIClient::new(unslashed).get("/a").await;
    assert_eq!((response.status().as_u16(), response.text()), (404, PAGE_NOT_FOUND.to_owned()));
}

/// `request.namespace()` / `app_name()`, the namespaced API root, `reverse_action` and
/// `reverse()` through namespaces; URL conf: [`namespaced_urls`].
#[tokio::test]
async fn namespaces_resolve_and_reverse_like_django() {
    let c = APIClient::new(App::new(Settings::default(), namespaced_urls()).expect("urls"));
    let cases = [
        ("/v1/me/", r#"{"namespace":"v1","app_name":"library"}"#),
        ("/v2/me/", r#"{"namespace":"v2","app_name":"library"}"#),
        ("/v1/in/x/3/", r#"{"namespace":"v1:inner","app_name":"library:innerapp"}"#),
        ("/v1/in/y/3/ab/", r#"{"namespace":"v1:inner","app_name":"library:innerapp"}"#),
        ("/plain/p/", r#"{"namespace":"","app_name":""}"#),
        ("/plain/app/a/", r#"{"namespace":"appns","app_name":"appns"}"#),
        ("/art/2024/", r#"{"namespace":"","app_name":""}"#),
        ("/v1/", r#"{"books":"http://testserver/v1/books/"}"#),
        ("/v2/", r#"{"books":"http://testserver/v2/books/"}"#),
        ("/v1/.json", r#"{"books":"http://testserver/v1/books.json"}"#),
        ("/v2/books/", r#"{"self":"http://testserver/v2/books/","detail":"http://testserver/v2/books/7/"}"#),
        ("/v1/books/9/", r#"{"pk":"9"}"#),
        ("/rev/?name=v1:me", r#"{"url":"http://testserver/v1/me/"}"#),
        ("/rev/?name=v2:me", r#"{"url":"http://testserver/v2/me/"}"#),
        // An application namespace picks its last declared instance.
        ("/rev/?name=library:me", r#"{"url":"http://testserver/v2/me/"}"#),
        (
            "/rev/?name=me",
            r#"{"error":"Reverse for 'me' not found. 'me' is not a valid view function or pattern name."}"#,
        ),
        ("/rev/?name=xyz:me", r#"{"error":"'xyz' is not a registered namespace"}"#),
        (
            "/rev/?name=v1:nope",
            r#"{"error":"Reverse for 'nope' not found. 'nope' is not a valid view function or pattern name."}"#,
        ),
        ("/rev/?name=v1:xyz:x&arg=1", r#"{"error":"'xyz' is not a registered namespace inside 'v1'"}"#),
        ("/rev/?name=v1:v2:me", r#"{"error":"'v2' is not a registered namespace inside 'v1'"}"#),
        (
            "/rev/?name=v1:inner:me",
            r#"{"error":"Reverse for 'me' not found. 'me' is not a valid view function or pattern name."}"#,
        ),
        ("/rev/?name=v1:inner:x&arg=3", r#"{"url":"http://testserver/v1/in/x/3/"}"#),
        ("/rev/?name=v1:inner:x&kw=pk=3", r#"{"url":"http://testserver/v1/in/x/3/"}"#),
        ("/rev/?name=innerapp:x&arg=3", r#"{"error":"'innerapp' is not a registered namespace"}"#),
        ("/rev/?name=library:innerapp:x&arg=3", r#"{"url":"http://testserver/v2/in/x/3/"}"#),
        ("/rev/?name=v1:inner:y&arg=3&arg=ab", r#"{"url":"http://testserver/v1/in/y/3/ab/"}"#),
        (
            "/rev/?name=v1:inner:x&arg=a",
            r#"{"error":"Reverse for 'x' with arguments '('a',)' not found. 1 pattern(s) tried: ['v1/in/x/(?P<pk>[0-9]+)/\\\\Z']"}"#,
        ),
        (
            "/rev/?name=v1:inner:x&kw=pk=a",
            r#"{"error":"Reverse for 'x' with keyword arguments '{'pk': 'a'}' not found. 1 pattern(s) tried: ['v1/in/x/(?P<pk>[0-9]+)/\\\\Z']"}"#,
        ),
        (
            "/rev/?name=v1:book-detail&kw=pk=a/b",
            r#"{"error":"Reverse for 'book-detail' with keyword arguments '{'pk': 'a/b'}' not found. 2 pattern(s) tried: ['v1/books/(?P<pk>[^/.]+)\\\\.(?P<format>[a-z0-9]+)/?$', 'v1/books/(?P<pk>[^/.]+)/$']"}"#,
        ),
        ("/rev/?name=v1:book-detail&arg=q", r#"{"url":"http://testserver/v1/books/q/"}"#),
        ("/rev/?name=v1:api-root", r#"{"url":"http://testserver/v1/"}"#),
        ("/rev/?name=v1:book-list&kw=format=json", r#"{"url":"http://testserver/v1/books.json"}"#),
        ("/rev/?name=v1:book-list&format=json", r#"{"url":"http://testserver/v1/books/?format=json"}"#),
        ("/rev/?name=plain", r#"{"url":"http://testserver/plain/p/"}"#),
        ("/rev/?name=appns:a", r#"{"url":"http://testserver/plain/app/a/"}"#),
        ("/rev/?name=a", r#"{"error":"Reverse for 'a' not found. 'a' is not a valid view function or pattern name."}"#),
    ];
    for (path, expected) in cases {
        let response = c.get(path).await;
        assert_eq!((response.status().as_u16(), response.text()), (200, expected.to_owned()), "{path}");
    }
}

/// Django's `reverse(name, args=[...])` for `path()` converters and `re_path()` groups, named
/// or not, and `reverse()` of routes with extra kwargs; URL conf: [`namespaced_urls`].
#[tokio::test]
async fn positional_arguments_and_extra_kwargs_reverse_like_django() {
    let c = APIClient::new(App::new(Settings::default(), namespaced_urls()).expect("urls"));
    let cases = [
        ("/rev/?name=art&arg=2024", r#"{"url":"http://testserver/art/2024/"}"#),
        (
            "/rev/?name=art&arg=1&arg=2",
            r#"{"error":"Reverse for 'art' with arguments '('1', '2')' not found. 1 pattern(s) tried: ['art/(?P<year>[0-9]+)/\\\\Z']"}"#,
        ),
        ("/rev/?name=pos&arg=2024&arg=ab", r#"{"url":"http://testserver/pos/2024/ab/"}"#),
        (
            "/rev/?name=pos&arg=x&arg=ab",
            r#"{"error":"Reverse for 'pos' with arguments '('x', 'ab')' not found. 1 pattern(s) tried: ['pos/([0-9]{4})/([a-z]+)/$']"}"#,
        ),
        (
            "/rev/?name=pos&arg=2024",
            r#"{"error":"Reverse for 'pos' with arguments '('2024',)' not found. 1 pattern(s) tried: ['pos/([0-9]{4})/([a-z]+)/$']"}"#,
        ),
        (
            "/rev/?name=mixed&kw=year=2024",
            r#"{"error":"Reverse for 'mixed' with keyword arguments '{'year': '2024'}' not found. 1 pattern(s) tried: ['mixed/(?P<year>[0-9]{4})/([a-z]+)/$']"}"#,
        ),
        ("/rev/?name=mixed&arg=2024&arg=ab", r#"{"url":"http://testserver/mixed/2024/ab/"}"#),
        (
            "/rev/?name=art&kw=year=x",
            r#"{"error":"Reverse for 'art' with keyword arguments '{'year': 'x'}' not found. 1 pattern(s) tried: ['art/(?P<year>[0-9]+)/\\\\Z']"}"#,
        ),
        (
            "/rev/?name=art",
            r#"{"error":"Reverse for 'art' with no arguments not found. 1 pattern(s) tried: ['art/(?P<year>[0-9]+)/\\\\Z']"}"#,
        ),
        (
            "/rev/?name=art&arg=it's",
            r#"{"error":"Reverse for 'art' with arguments '(\"it's\",)' not found. 1 pattern(s) tried: ['art/(?P<year>[0-9]+)/\\\\Z']"}"#,
        ),
        (
            "/rev/?name=pos&arg=2024&arg=a%20b",
            r#"{"error":"Reverse for 'pos' with arguments '('2024', 'a b')' not found. 1 pattern(s) tried: ['pos/([0-9]{4})/([a-z]+)/$']"}"#,
        ),
        // Extra kwargs (`path(route, view, {"foo": "bar"})`): accepted with their value, not required.
        ("/rev/?name=d", r#"{"url":"http://testserver/d/"}"#),
        ("/rev/?name=d&kw=foo=bar", r#"{"url":"http://testserver/d/"}"#),
        (
            "/rev/?name=d&kw=foo=baz",
            r#"{"error":"Reverse for 'd' with keyword arguments '{'foo': 'baz'}' not found. 1 pattern(s) tried: ['d/\\\\Z']"}"#,
        ),
        (
            "/rev/?name=d&kw=x=1",
            r#"{"error":"Reverse for 'd' with keyword arguments '{'x': '1'}' not found. 1 pattern(s) tried: ['d/\\\\Z']"}"#,
        ),
        ("/rev/?name=dk&kw=pk=1", r#"{"url":"http://testserver/dk/1/"}"#),
        ("/rev/?name=dk&kw=pk=1&kw=foo=bar", r#"{"url":"http://testserver/dk/1/"}"#),
        ("/rev/?name=dk&arg=1", r#"{"url":"http://testserver/dk/1/"}"#),
        ("/rev/?name=di", r#"{"url":"http://testserver/di/x/"}"#),
        ("/rev/?name=di&kw=foo=bar", r#"{"url":"http://testserver/di/x/"}"#),
        (
            "/rev/?name=di&kw=foo=no",
            r#"{"error":"Reverse for 'di' with keyword arguments '{'foo': 'no'}' not found. 1 pattern(s) tried: ['di/x/\\\\Z']"}"#,
        ),
    ];
    for (path, expected) in cases {
        let response = c.get(path).await;
        assert_eq!((response.status().as_u16(), response.text()), (200, expected.to_owned()), "{path}");
    }
}

#[test]
fn bad_routes_fail_at_startup() {
    let unknown =
        App::new(Settings::default(), urlpatterns![path("a/<float:x>", KwargsView)]).expect_err("bad converter");
    assert_eq!(unknown.to_string(), r#"URL route "a/<float:x>" uses invalid converter "float""#);
    let name = App::new(Settings::default(), urlpatterns![path("a/<int:x-y>", KwargsView)]).expect_err("bad name");
    assert_eq!(
        name.to_string(),
        r#"URL route "a/<int:x-y>" uses parameter name "x-y" which isn't a valid Python identifier"#
    );
    let unclosed = App::new(Settings::default(), urlpatterns![path("a/<int:x", KwargsView)]).expect_err("unclosed");
    assert_eq!(unclosed.to_string(), r#"unclosed '<' in route "a/<int:x""#);
    let twice = App::new(
        Settings::default(),
        urlpatterns![path("api/x", KwargsView), include("api/", urlpatterns![path("x", KwargsView)])],
    )
    .expect_err("duplicate");
    assert_eq!(twice.to_string(), r#"URL route "api/x" is declared twice"#);
}

#[test]
fn namespace_mistakes_fail_at_startup() {
    let patterns = || urlpatterns![path("me/", KwargsView).name("me")];
    // Django's ImproperlyConfigured from `include(patterns, namespace="v1")`.
    let no_app = App::new(Settings::default(), urlpatterns![include("v1/", patterns()).namespace("v1")]);
    assert_eq!(
        no_app.expect_err("no app_name").to_string(),
        "Specifying a namespace in include() without providing an app_name is not supported. Set the app_name \
         attribute in the included module, or pass a 2-tuple containing the list of patterns and app_name instead."
    );
    // Django's check urls.W005, an error in restframe.
    let twice = App::new(
        Settings::default(),
        urlpatterns![
            include("a/", patterns()).app_name("lib").namespace("v1"),
            include("b/", patterns()).app_name("lib").namespace("v1"),
        ],
    );
    assert_eq!(
        twice.expect_err("twice").to_string(),
        "URL namespace 'v1' isn't unique. You may not be able to reverse all URLs in this namespace"
    );
    let on_a_view = App::new(Settings::default(), urlpatterns![path("me/", KwargsView).namespace("v1")]);
    assert_eq!(
        on_a_view.expect_err("not an include").to_string(),
        r#"URL route "me/" is not an include(): only an include() takes an app_name or a namespace"#
    );
    // One name per namespace: the same name in two namespaces is fine, twice in one is not.
    let two_namespaces = urlpatterns![
        include("a/", patterns()).app_name("lib").namespace("v1"),
        include("b/", patterns()).app_name("lib").namespace("v2"),
        path("me/", KwargsView).name("me"),
    ];
    assert!(App::new(Settings::default(), two_namespaces).is_ok());
    let clash = urlpatterns![
        include("a/", urlpatterns![path("me/", KwargsView).name("me"), path("you/", KwargsView).name("me")])
            .app_name("lib")
    ];
    assert_eq!(
        App::new(Settings::default(), clash).expect_err("clash").to_string(),
        r#"URL name "me" is given to two routes taking the same arguments: "a/me/" and "a/you/""#
    );
}

/// DRF's `tests/test_reverse.py::ReverseTests::test_reversed_urls_are_fully_qualified`, with
/// `path("view", null_view, name="view")`: `http://testserver/view`.
#[tokio::test]
async fn reversed_urls_are_fully_qualified() {
    let urls = urlpatterns![path("view", routing_support::ReverseView).name("view")];
    let c = APIClient::new(App::new(Settings::default(), urls).expect("urls"));
    assert_eq!(c.get("/view?name=view").await.text(), r#"{"url":"http://testserver/view"}"#);
}

/// One DRF `format_suffix_patterns` case: each path with the kwargs it resolves to (`None`:
/// no route, Django's 404 page).
async fn assert_resolves(urls: Vec<restframe::urls::UrlPattern>, cases: &[(&str, Option<serde_json::Value>)]) {
    let formats = ["api", "asdf", "good", "ugly"].map(SuffixRenderer);
    let [api, asdf, good, ugly] = formats;
    let renderers = renderers![JSONRenderer, api, asdf, good, ugly];
    let settings = Settings::default().append_slash(false).default_renderer_classes(renderers);
    let c = APIClient::new(App::new(settings, urls).expect("urls"));
    for (path, expected) in cases {
        let response = c.get(path).await;
        match expected {
            Some(kwargs) => assert_eq!((response.status().as_u16(), response.json()), (200, kwargs.clone()), "{path}"),
            None => {
                assert_eq!((response.status().as_u16(), response.text()), (404, PAGE_NOT_FOUND.to_owned()), "{path}")
            }
        }
    }
}

/// DRF's `FormatSuffixTests`: `test_trailing_slash`, `test_format_suffix`,
/// `test_format_suffix_django2_args`, `test_default_args`, `test_included_urls` and
/// `test_included_urls_django2_mixed_args`, plus Django's precedence of extra kwargs. Kwargs
/// arrive as text: `<int:pk>` gives `"42"`.
#[tokio::test]
async fn format_suffix_patterns_resolve_like_drf() {
    let fmt = |format: &str| Some(json!({"format": format}));
    assert_resolves(
        format_suffix_patterns(urlpatterns![path("test/", KwargsView)]),
        &[("/test.api", fmt("api")), ("/test/.api", None), ("/test.api/", fmt("api")), ("/test/", Some(json!({})))],
    )
    .await;
    assert_resolves(
        format_suffix_patterns(urlpatterns![path("test", KwargsView)]),
        &[
            ("/test", Some(json!({}))),
            ("/test.api", fmt("api")),
            ("/test.asdf", fmt("asdf")),
            ("/test.API", None),
            ("/test.", None),
        ],
    )
    .await;
    let pk = |format: Option<&str>| match format {
        Some(format) => Some(json!({"pk": "42", "format": format})),
        None => Some(json!({"pk": "42"})),
    };
    assert_resolves(
        format_suffix_patterns(urlpatterns![
            path("convtest/<int:pk>", KwargsView),
            re_path("^retest/(?P<pk>[0-9]+)$", KwargsView),
        ]),
        &[
            ("/convtest/42", pk(None)),
            ("/convtest/42.api", pk(Some("api"))),
            ("/convtest/42.asdf", pk(Some("asdf"))),
            ("/retest/42", pk(None)),
            ("/retest/42.api", pk(Some("api"))),
            ("/retest/42.asdf", pk(Some("asdf"))),
        ],
    )
    .await;
    let foo = |format: Option<&str>| match format {
        Some(format) => Some(json!({"foo": "bar", "format": format})),
        None => Some(json!({"foo": "bar"})),
    };
    let foo_cases = |prefix: &str| {
        [None, Some("api"), Some("asdf")]
            .map(|format| (format!("{prefix}{}", format.map_or(String::new(), |f| format!(".{f}"))), foo(format)))
    };
    let cases = foo_cases("/test");
    let cases: Vec<(&str, _)> = cases.iter().map(|(p, e)| (p.as_str(), e.clone())).collect();
    assert_resolves(format_suffix_patterns(urlpatterns![path("test", KwargsView).kwargs(&[("foo", "bar")])]), &cases)
        .await;
    let cases = foo_cases("/test/path");
    let cases: Vec<(&str, _)> = cases.iter().map(|(p, e)| (p.as_str(), e.clone())).collect();
    assert_resolves(
        format_suffix_patterns(urlpatterns![
            include("test/", urlpatterns![path("path", KwargsView)]).kwargs(&[("foo", "bar")])
        ]),
        &cases,
    )
    .await;
    let nested = || urlpatterns![path("path/<int:child>", KwargsView), re_path("^url/(?P<child>[0-9]+)$", KwargsView)];
    let both = |format: Option<&str>| match format {
        Some(format) => Some(json!({"parent": "87", "child": "42", "foo": "bar", "format": format})),
        None => Some(json!({"parent": "87", "child": "42", "foo": "bar"})),
    };
    assert_resolves(
        format_suffix_patterns(urlpatterns![
            re_include("^purl/(?P<parent>[0-9]+)/", nested()).kwargs(&[("foo", "bar")]),
            include("ppath/<int:parent>/", nested()).kwargs(&[("foo", "bar")]),
        ]),
        &[
            ("/purl/87/path/42", both(None)),
            ("/purl/87/path/42.api", both(Some("api"))),
            ("/purl/87/url/42.asdf", both(Some("asdf"))),
            ("/ppath/87/url/42", both(None)),
            ("/ppath/87/url/42.api", both(Some("api"))),
            ("/ppath/87/path/42.asdf", both(Some("asdf"))),
        ],
    )
    .await;
}

/// Django's precedence of extra kwargs: a level's extras override what it and the levels
/// above captured or declared; a deeper capture wins over an include's extra.
#[tokio::test]
async fn extra_kwargs_override_like_djangos() {
    let inner = urlpatterns![path("path/<int:child>", KwargsView).kwargs(&[("child", "c"), ("x", "inner")])];
    let outer =
        re_include("^purl/(?P<parent>[0-9]+)/", inner).kwargs(&[("foo", "bar"), ("x", "outer"), ("parent", "p")]);
    let expected = json!({"parent": "p", "foo": "bar", "x": "inner", "child": "c"});
    assert_resolves(urlpatterns![outer], &[("/purl/87/path/42", Some(expected))]).await;
    let deeper = include("a/", urlpatterns![path("<x>/", KwargsView)]).kwargs(&[("x", "outer")]);
    assert_resolves(urlpatterns![deeper], &[("/a/cap/", Some(json!({"x": "cap"})))]).await;
}

/// DRF's `test_allowed_formats` (`path()` and `re_path()`), one allowed format, and
/// `suffix_required=True`.
#[tokio::test]
async fn format_suffix_patterns_allowed_and_required() {
    let fmt = |format: &str| Some(json!({"format": format}));
    let allowed =
        [("/test.good/", fmt("good")), ("/test.bad", None), ("/test.ugly", fmt("ugly")), ("/test", Some(json!({})))];
    assert_resolves(
        format_suffix_patterns_with(urlpatterns![path("test", KwargsView)], false, &["good", "ugly"]),
        &allowed,
    )
    .await;
    assert_resolves(
        format_suffix_patterns_with(urlpatterns![re_path("^test$", KwargsView)], false, &["good", "ugly"]),
        &allowed,
    )
    .await;
    assert_resolves(
        format_suffix_patterns_with(urlpatterns![path("test", KwargsView)], false, &["json"]),
        &[("/test.json", fmt("json")), ("/test.api", None)],
    )
    .await;
    assert_resolves(
        format_suffix_patterns_with(urlpatterns![path("test", KwargsView)], true, &[]),
        &[("/test", None), ("/test.json", fmt("json"))],
    )
    .await;
}
