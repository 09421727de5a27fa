//! DRF's `tests/test_routers.py` for plain `ViewSet`s, plus the API root, format suffixes,
//! `reverse()`, `APPEND_SLASH` and `ALLOWED_HOSTS`. Every expected status, header and body was
//! produced by Django 6.1 + DRF 3.18 from the same URL conf (a `DefaultRouter` with
//! `BookViewSet` and `AuthorViewSet` below, `MeView` at `me/`), except where a comment says
//! restframe differs on purpose (see the README).
//!
//! Cases of test_routers.py that need `GenericViewSet`/`ModelViewSet` (basename from the
//! queryset, `lookup_field` / `lookup_url_kwarg` / `lookup_value_regex` against a model,
//! `ModelViewSet` 405 lists) are in `tests/generic_viewsets.rs`; the routing half of each is
//! covered here with hand-written actions.

use restframe::prelude::*;
use restframe::reverse::{reverse_action, reverse_with_format};
use restframe::test::APIClient;
use serde_json::json;

/// Books, with extra actions of every kind.
#[derive(Debug)]
pub struct BookViewSet;

/// The books on the shelf.
#[viewset]
impl ViewSet for BookViewSet {
    async fn list(&self, request: &Request) -> Result<Response, ApiError> {
        let url = reverse(request, "book-detail", &[("pk", "7")])?;
        Ok(Response::json(json!({"action": request.action(), "url": url})))
    }
    async fn create(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"action": request.action()})).with_status(status::HTTP_201_CREATED))
    }
    async fn retrieve(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"action": request.action(), "pk": request.kwarg("pk")})))
    }
    async fn destroy(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::empty(status::HTTP_204_NO_CONTENT))
    }
    /// The reviews of one book.
    #[action(detail = true, methods = [GET, POST])]
    async fn reviews(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(
            json!({"action": request.action(), "pk": request.kwarg("pk"), "method": request.method().as_str()}),
        ))
    }
    #[action(detail = false, url_path = "top-rated")]
    async fn top_rated(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"action": request.action()})))
    }
    #[action(detail = false, url_path = "named", url_name = "custom-name", name = "Custom Named")]
    async fn named_one(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"action": request.action()})))
    }
    #[action(detail = true, suffix = "Thing")]
    async fn suffixed(&self, request: &Request) -> Result<Response, ApiError> {
        let this = reverse_action(request, "suffixed", &[("pk", request.kwarg("pk").unwrap_or_default())])?;
        Ok(Response::json(json!({"action": request.action(), "self": this})))
    }
}

/// Authors, by slug.
#[derive(Debug)]
pub struct AuthorViewSet;

/// Authors.
#[viewset(lookup_field = "slug", lookup_value_regex = "[a-z]+")]
impl ViewSet for AuthorViewSet {
    async fn list(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!([])))
    }
    async fn retrieve(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"slug": request.kwarg("slug")})))
    }
}

struct MeView;

#[api_view]
impl APIView for MeView {
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({
            "me": reverse(request, "me", &[])?,
            "root": reverse(request, "api-root", &[])?,
            "fmt": reverse_with_format(request, "book-list", &[], Some("json"))?,
        })))
    }
}

fn urls() -> Vec<restframe::urls::UrlPattern> {
    let mut router = DefaultRouter::new();
    router.register_as("books", BookViewSet, "book");
    router.register_as("authors", AuthorViewSet, "author");
    urlpatterns![path("me/", MeView).name("me"), include("", router.urls())]
}

fn client() -> APIClient {
    APIClient::new(App::new(Settings::default().allowed_hosts(&["testserver"]), urls()).expect("valid urls"))
}

const PARSES: &str = r#""parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]"#;

/// `(method, path, status, Allow, body)` as Django + DRF answered.
const CASES: &[(&str, &str, u16, Option<&str>, &str)] = &[
    (
        "GET",
        "/",
        200,
        Some("GET, HEAD, OPTIONS"),
        r#"{"books":"http://testserver/books/","authors":"http://testserver/authors/"}"#,
    ),
    (
        "GET",
        "/.json",
        200,
        Some("GET, HEAD, OPTIONS"),
        r#"{"books":"http://testserver/books.json","authors":"http://testserver/authors.json"}"#,
    ),
    (
        "GET",
        "/.json/",
        200,
        Some("GET, HEAD, OPTIONS"),
        r#"{"books":"http://testserver/books.json","authors":"http://testserver/authors.json"}"#,
    ),
    ("GET", "/.xml", 404, Some("GET, HEAD, OPTIONS"), r#"{"detail":"Not found."}"#),
    ("POST", "/", 405, Some("GET, HEAD, OPTIONS"), r#"{"detail":"Method \"POST\" not allowed."}"#),
    (
        "GET",
        "/books/",
        200,
        Some("GET, POST, HEAD, OPTIONS"),
        r#"{"action":"list","url":"http://testserver/books/7/"}"#,
    ),
    (
        "GET",
        "/books.json",
        200,
        Some("GET, POST, HEAD, OPTIONS"),
        r#"{"action":"list","url":"http://testserver/books/7/"}"#,
    ),
    (
        "GET",
        "/books/?format=json",
        200,
        Some("GET, POST, HEAD, OPTIONS"),
        r#"{"action":"list","url":"http://testserver/books/7/?format=json"}"#,
    ),
    ("GET", "/books/?format=xml", 404, Some("GET, POST, HEAD, OPTIONS"), r#"{"detail":"Not found."}"#),
    ("POST", "/books/", 201, Some("GET, POST, HEAD, OPTIONS"), r#"{"action":"create"}"#),
    ("GET", "/books/1/", 200, Some("GET, DELETE, HEAD, OPTIONS"), r#"{"action":"retrieve","pk":"1"}"#),
    ("GET", "/books/1.json", 200, Some("GET, DELETE, HEAD, OPTIONS"), r#"{"action":"retrieve","pk":"1"}"#),
    ("GET", "/books/1.json/", 200, Some("GET, DELETE, HEAD, OPTIONS"), r#"{"action":"retrieve","pk":"1"}"#),
    ("GET", "/books/1.xml", 404, Some("GET, DELETE, HEAD, OPTIONS"), r#"{"detail":"Not found."}"#),
    ("PUT", "/books/1/", 405, Some("GET, DELETE, HEAD, OPTIONS"), r#"{"detail":"Method \"PUT\" not allowed."}"#),
    ("DELETE", "/books/1/", 204, Some("GET, DELETE, HEAD, OPTIONS"), ""),
    (
        "POST",
        "/books/1/reviews/",
        200,
        Some("GET, POST, HEAD, OPTIONS"),
        r#"{"action":"reviews","pk":"1","method":"POST"}"#,
    ),
    (
        "GET",
        "/books/1/reviews.json",
        200,
        Some("GET, POST, HEAD, OPTIONS"),
        r#"{"action":"reviews","pk":"1","method":"GET"}"#,
    ),
    ("GET", "/books/top-rated/", 200, Some("GET, HEAD, OPTIONS"), r#"{"action":"top_rated"}"#),
    ("DELETE", "/books/top-rated/", 405, Some("GET, HEAD, OPTIONS"), r#"{"detail":"Method \"DELETE\" not allowed."}"#),
    (
        "GET",
        "/books/1/suffixed/",
        200,
        Some("GET, HEAD, OPTIONS"),
        r#"{"action":"suffixed","self":"http://testserver/books/1/suffixed/"}"#,
    ),
    ("GET", "/authors/abc/", 200, Some("GET, HEAD, OPTIONS"), r#"{"slug":"abc"}"#),
    (
        "GET",
        "/me/",
        200,
        Some("GET, HEAD, OPTIONS"),
        r#"{"me":"http://testserver/me/","root":"http://testserver/","fmt":"http://testserver/books.json"}"#,
    ),
    // The lookup regex `[^/.]+` does not match `a.b`, so `a.b/` is no format suffix either:
    // DRF's view-level 404 through the suffix route `books/(?P<pk>[^/.]+)\.(?P<format>...)`.
    ("GET", "/books/a.b/", 404, Some("GET, DELETE, HEAD, OPTIONS"), r#"{"detail":"Not found."}"#),
];

#[tokio::test]
async fn default_router_answers_as_drf() {
    let c = client();
    for (method, path, status, allow, body) in CASES {
        let response = c.request(method.parse().expect("method"), path, &[], bytes::Bytes::new()).await;
        assert_eq!(response.status(), *status, "{path}");
        assert_eq!(response.header("allow"), *allow, "{path}");
        assert_eq!(response.text(), *body, "{path}");
    }
}

#[tokio::test]
async fn options_names_and_descriptions_per_route() {
    let c = client();
    let cases = [
        ("/", "Api Root", "The default basic root view for DefaultRouter"),
        ("/books/", "Book List", "The books on the shelf."),
        ("/books/1/", "Book Instance", "The books on the shelf."),
        ("/books/1/reviews/", "Reviews", "The reviews of one book."),
        ("/books/top-rated/", "Top rated", "The books on the shelf."),
        ("/books/named/", "Custom Named", "The books on the shelf."),
        ("/books/1/suffixed/", "Book Thing", "The books on the shelf."),
    ];
    for (path, name, description) in cases {
        let response = c.options(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let expected =
            format!(r#"{{"name":"{name}","description":"{description}","renders":["application/json"],{PARSES}}}"#);
        assert_eq!(response.text(), expected, "{path}");
    }
}

#[tokio::test]
async fn head_runs_the_get_action() {
    let response = client().head("/books/").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.header("allow"), Some("GET, POST, HEAD, OPTIONS"));
    assert_eq!(response.header("content-length"), Some("52"));
    assert_eq!(response.text(), "");
}

#[tokio::test]
async fn lookup_not_matching_the_regex_is_404() {
    // No route matches: Django's HTML 404 page (recorded with Django 6.1, DEBUG=False).
    let c = client();
    for path in ["/authors/ABC/", "/books/a/b/", "/nothing"] {
        let response = c.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(
            response.text(),
            "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n",
            "{path}"
        );
    }
}

fn header_list(response: &restframe::test::TestResponse) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().expect("ascii").to_owned()))
        .collect();
    headers.sort();
    headers
}

#[tokio::test]
async fn append_slash_redirects_like_common_middleware() {
    let c = client();
    let cases = [
        ("GET", "/books", "/books/"),
        ("GET", "/books?x=1&y=%20", "/books/?x=1&y=%20"),
        ("POST", "/books", "/books/"),
        ("GET", "/books/1", "/books/1/"),
        ("GET", "/books/top-rated", "/books/top-rated/"),
        ("GET", "/books/%C3%A9x", "/books/%C3%A9x/"),
        ("GET", "/me", "/me/"),
    ];
    for (method, path, location) in cases {
        let response = c.request(method.parse().expect("method"), path, &[], bytes::Bytes::new()).await;
        assert_eq!(response.status(), 301, "{path}");
        assert_eq!(
            header_list(&response),
            [
                ("content-length", "0"),
                ("content-type", "text/html; charset=utf-8"),
                ("cross-origin-opener-policy", "same-origin"),
                ("location", location),
                ("referrer-policy", "same-origin"),
                ("x-content-type-options", "nosniff"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned())),
            "{path}"
        );
        assert_eq!(response.text(), "", "{path}");
    }
}

#[tokio::test]
async fn append_slash_can_be_turned_off() {
    let app = App::new(Settings::default().append_slash(false), urls()).expect("valid urls");
    let response = APIClient::new(app).get("/books").await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.header("content-type"), Some("text/html; charset=utf-8"));
}

#[tokio::test]
async fn disallowed_hosts_get_djangos_400() {
    let c = client();
    for host in ["evil.com", "bad host", "testserver:8000:1"] {
        let response = c.request(http::Method::GET, "/books/", &[("host", host)], bytes::Bytes::new()).await;
        assert_eq!(response.status(), 400, "{host}");
        assert_eq!(response.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(response.header("x-frame-options"), None);
        assert_eq!(
            response.text(),
            "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Bad Request (400)</title>\n</head>\n<body>\n  \
             <h1>Bad Request (400)</h1><p></p>\n</body>\n</html>\n"
        );
    }
    // An allowed host with a port, and one with a trailing dot, reverse with the host as sent.
    for (host, url) in
        [("testserver:8000", "http://testserver:8000/books/7/"), ("TestServer.", "http://TestServer./books/7/")]
    {
        let response = c.request(http::Method::GET, "/books/", &[("host", host)], bytes::Bytes::new()).await;
        assert_eq!(response.status(), 200, "{host}");
        assert_eq!(response.json()["url"], url, "{host}");
    }
}

#[test]
fn route_names_and_order_follow_get_urls() {
    let router_urls = {
        let mut router = SimpleRouter::new();
        router.register_as("books", BookViewSet, "book");
        router.urls()
    };
    let described: Vec<String> = router_urls.iter().map(|u| format!("{u:?}")).collect();
    let expected = [
        (r#"Regex("^books/$")"#, "book-list"),
        (r#"Regex("^books/named/$")"#, "book-custom-name"),
        (r#"Regex("^books/top-rated/$")"#, "book-top-rated"),
        (r#"Regex("^books/(?P<pk>[^/.]+)/$")"#, "book-detail"),
        (r#"Regex("^books/(?P<pk>[^/.]+)/reviews/$")"#, "book-reviews"),
        (r#"Regex("^books/(?P<pk>[^/.]+)/suffixed/$")"#, "book-suffixed"),
    ];
    assert_eq!(described.len(), expected.len());
    for (got, (route, name)) in described.iter().zip(expected) {
        assert_eq!(got, &format!(r#"UrlPattern {{ route: {route}, name: Some("{name}"), .. }}"#));
    }
}

#[tokio::test]
async fn trailing_slash_false() {
    let mut router = SimpleRouter::new().trailing_slash(false);
    router.register_as("books", BookViewSet, "book");
    let c = APIClient::new(App::new(Settings::default(), router.urls()).expect("urls"));
    assert_eq!(c.get("/books").await.text(), r#"{"action":"list","url":"http://testserver/books/7"}"#);
    assert_eq!(c.get("/books/1").await.text(), r#"{"action":"retrieve","pk":"1"}"#);
    assert_eq!(c.get("/books/1/").await.status(), 404);
}

#[tokio::test]
async fn empty_prefix_drops_the_leading_slash() {
    let mut router = SimpleRouter::new();
    router.register_as("", BookViewSet, "book");
    let c = APIClient::new(App::new(Settings::default(), urlpatterns![include("api/", router.urls())]).expect("urls"));
    assert_eq!(c.get("/api/").await.text(), r#"{"action":"list","url":"http://testserver/api/7/"}"#);
    assert_eq!(c.get("/api/3/reviews/").await.json()["pk"], "3");
}

#[test]
fn registration_mistakes_fail_at_startup() {
    let mut router = DefaultRouter::new();
    router.register_as("books", BookViewSet, "book");
    router.register_as("more-books", AuthorViewSet, "book");
    let err = App::new(Settings::default(), router.urls()).expect_err("basename clash");
    assert_eq!(
        err.to_string(),
        "Router with basename \"book\" is already registered. Please provide a unique basename for viewset \
         \"routers::AuthorViewSet\""
    );

    let mut router = SimpleRouter::new();
    router.register("books", BookViewSet);
    let err = App::new(Settings::default(), router.urls()).expect_err("no basename");
    assert_eq!(
        err.to_string(),
        "`basename` argument not specified, and could not automatically determine the name from the viewset, as it \
         does not have a `.queryset` attribute."
    );

    // Two viewsets on one prefix: the same routes twice.
    let mut router = SimpleRouter::new();
    router.register_as("books", BookViewSet, "book");
    router.register_as("books", AuthorViewSet, "author");
    let err = App::new(Settings::default(), router.urls()).expect_err("one prefix");
    assert_eq!(err.to_string(), r#"URL route "^books/$" is declared twice"#);

    // One URL name on two routes taking the same arguments.
    let err = App::new(Settings::default(), urlpatterns![path("a/", MeView).name("me"), path("b/", MeView).name("me")])
        .expect_err("duplicate name");
    assert_eq!(err.to_string(), r#"URL name "me" is given to two routes taking the same arguments: "a/" and "b/""#);
}

/// Sends raw HTTP/1.1 requests to a real server on 127.0.0.1 and returns each raw response.
async fn over_socket(requests: &[&str]) -> Vec<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = std::sync::Arc::new(App::new(Settings::default().allowed_hosts(&["testserver"]), urls()).expect("urls"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(restframe::server::serve_listener(listener, app, async move {
        let _ = stopped.await;
    }));
    let mut answers = Vec::new();
    for request in requests {
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        stream.write_all(request.as_bytes()).await.expect("write");
        let mut raw = Vec::new();
        tokio::time::timeout(std::time::Duration::from_secs(20), stream.read_to_end(&mut raw))
            .await
            .expect("the server answers and closes")
            .expect("read");
        answers.push(String::from_utf8(raw).expect("utf-8"));
    }
    let _ = stop.send(());
    let _ = server.await;
    answers
}

#[tokio::test]
async fn over_a_real_socket() {
    let answers = over_socket(&[
        "GET /books?page=2 HTTP/1.1\r\nHost: testserver\r\nConnection: close\r\n\r\n",
        "GET /.json HTTP/1.1\r\nHost: testserver:8000\r\nConnection: close\r\n\r\n",
        "GET /books/ HTTP/1.1\r\nHost: evil.com\r\nConnection: close\r\n\r\n",
    ])
    .await;
    let redirect = &answers[0];
    assert!(redirect.starts_with("HTTP/1.1 301 Moved Permanently\r\n"), "{redirect}");
    assert!(redirect.contains("\r\nlocation: /books/?page=2\r\n"), "{redirect}");
    assert!(redirect.contains("\r\ncontent-length: 0\r\n"), "{redirect}");
    assert!(redirect.ends_with("\r\n\r\n"), "{redirect}");
    let root = &answers[1];
    assert!(root.starts_with("HTTP/1.1 200 OK\r\n"), "{root}");
    assert!(
        root.ends_with(
            r#"{"books":"http://testserver:8000/books.json","authors":"http://testserver:8000/authors.json"}"#
        ),
        "{root}"
    );
    assert!(answers[2].starts_with("HTTP/1.1 400 Bad Request\r\n"), "{}", answers[2]);
}

/// `RegexUrlPathViewSet` of test_routers.py: URL kwargs inside an action's `url_path`.
#[derive(Debug)]
pub struct RegexUrlPathViewSet;

#[viewset(lookup_url_kwarg = "book")]
impl ViewSet for RegexUrlPathViewSet {
    #[action(detail = false, url_path = "list/(?P<kwarg>[0-9]{4})")]
    async fn regex_url_path_list(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"kwarg": request.kwarg("kwarg")})))
    }
    #[action(detail = true, url_path = "detail/(?P<kwarg>[0-9]{4})")]
    async fn regex_url_path_detail(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"book": request.kwarg("book"), "kwarg": request.kwarg("kwarg")})))
    }
}

#[tokio::test]
async fn regex_url_paths_and_lookup_url_kwarg() {
    let mut router = DefaultRouter::new();
    router.register_as("regex", RegexUrlPathViewSet, "regex");
    router.register_as("books", BookViewSet, "book");
    let c = APIClient::new(App::new(Settings::default(), router.urls()).expect("urls"));
    assert_eq!(c.get("/regex/list/2024/").await.text(), r#"{"kwarg":"2024"}"#);
    assert_eq!(c.get("/regex/1/detail/2024/").await.text(), r#"{"book":"1","kwarg":"2024"}"#);
    assert_eq!(c.get("/regex/1/detail/2024.json").await.text(), r#"{"book":"1","kwarg":"2024"}"#);
    assert_eq!(c.get("/regex/list/20245/").await.status(), 404);
    // The API root skips a viewset without a list route (DRF catches `NoReverseMatch`).
    assert_eq!(c.get("/").await.text(), r#"{"books":"http://testserver/books/"}"#);
}
