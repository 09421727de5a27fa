//! DRF's `APIView.dispatch` behaviour (tests/test_views.py, the 401/403 matrix of
//! drf-behavior §1.7, Allow/Vary/HEAD/OPTIONS, exceptions and settings overrides), driven
//! through the in-process client.

mod common;

use bytes::Bytes;
use http::Method;
use restframe::authentication::BasicAuthentication;
use restframe::permissions::IsAuthenticated;
use restframe::prelude::*;
use restframe::renderers::{JSONRenderer, Renderer};
use restframe::test::{APIClient, Body};
use serde_json::{Value, json};

use common::{Backend, FakeToken, NoHeader};

/// Greets authenticated users.
#[derive(Clone, Copy)]
struct HelloView;

/// Says hello to authenticated users.
///
///     Indented lines keep their relative indent.
#[api_view]
impl APIView for HelloView {
    fn permission_classes(&self) -> Permissions {
        permissions![IsAuthenticated]
    }
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"message": "Hello, World!", "user": request.user().username()})))
    }
}

struct EchoView;

#[api_view]
impl APIView for EchoView {
    fn permission_classes(&self) -> Permissions {
        permissions![AllowAny]
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"ok": true})))
    }
    async fn post(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(request.data().await?.clone()))
    }
}

struct PostPutView;

#[api_view]
impl APIView for PostPutView {
    async fn put(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::empty(status::HTTP_204_NO_CONTENT))
    }
    async fn post(&self, _request: &Request) -> Result<Response, ApiError> {
        // DRF's `Response(None)`.
        Ok(Response::json(Value::Null))
    }
}

/// Raises the error named by the `kind` URL argument.
struct ErrorView;

#[api_view]
impl APIView for ErrorView {
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        Err(match request.kwarg("kind").unwrap_or_default() {
            "validation-string" => ApiError::validation_message("x"),
            "validation-dict" => ApiError::validation(Detail::Dict(vec![
                ("f".into(), Detail::Message(ErrorDetail::new("bad", "invalid"))),
                ("g".into(), Detail::List(vec![Detail::Message(ErrorDetail::new("worse", "invalid"))])),
            ])),
            "permission" => ApiError::permission_denied_with("Nope."),
            "not-found" => ApiError::not_found_with("gone"),
            "throttled" => ApiError::throttled(Some(59.2)),
            "throttled-zero" => ApiError::throttled(Some(0.0)),
            "api" => ApiError::api_exception(),
            "io" => ApiError::from(std::io::Error::other("disk /secret/path failed")),
            _ => panic!("secret panic payload"),
        })
    }
}

/// A second renderer so views can have more than one (DRF's default has two).
struct TextRenderer;

impl Renderer for TextRenderer {
    fn media_type(&self) -> &'static str {
        "text/plain"
    }
    fn format(&self) -> &'static str {
        "txt"
    }
    fn render(&self, data: &Value, _accepted: &str) -> Result<Bytes, ApiError> {
        Ok(Bytes::from(format!("text:{data}")))
    }
}

struct TwoRendererView;

#[api_view]
impl APIView for TwoRendererView {
    fn renderer_classes(&self) -> Renderers {
        renderers![JSONRenderer, TextRenderer]
    }
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        let response = Response::json(json!({"a": 1}));
        if request.query_param("cookie").is_some() {
            return Ok(response.with_header(http::header::VARY, http::HeaderValue::from_static("Cookie")));
        }
        Ok(response)
    }
}

struct JsonOnlyParserView;

#[api_view]
impl APIView for JsonOnlyParserView {
    fn parser_classes(&self) -> Parsers {
        parsers![restframe::parsers::JSONParser]
    }
    async fn post(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(request.data().await?.clone()))
    }
}

fn urls() -> Vec<restframe::urls::UrlPattern> {
    urlpatterns![
        path("hello", HelloView),
        path("echo", EchoView),
        path("postput", PostPutView),
        path("error/<slug:kind>", ErrorView),
        path("two", TwoRendererView),
        path("jsononly", JsonOnlyParserView),
    ]
}

fn client_with(settings: Settings) -> APIClient {
    APIClient::new(App::new(settings, urls()).expect("valid urls"))
}

fn token_client() -> APIClient {
    client_with(Settings::default().default_authentication_classes(authentication![FakeToken]))
}

#[tokio::test]
async fn allow_header_lists_handlers_in_drf_order() {
    let client = client_with(Settings::default());
    assert_eq!(client.get("/echo").await.header("allow"), Some("GET, POST, HEAD, OPTIONS"));
    let response = client.get("/postput").await;
    assert_eq!(response.status(), 405);
    assert_eq!(response.header("allow"), Some("POST, PUT, OPTIONS"));
    assert_eq!(response.text(), r#"{"detail":"Method \"GET\" not allowed."}"#);
}

#[tokio::test]
async fn missing_handlers_are_405_with_the_upper_case_method() {
    let client = client_with(Settings::default());
    for (method, text) in [
        (Method::DELETE, r#"{"detail":"Method \"DELETE\" not allowed."}"#),
        (Method::TRACE, r#"{"detail":"Method \"TRACE\" not allowed."}"#),
        (Method::from_bytes(b"FOO").expect("valid token"), r#"{"detail":"Method \"FOO\" not allowed."}"#),
    ] {
        let response = client.request(method, "/echo", &[], Bytes::new()).await;
        assert_eq!(response.status(), 405);
        assert_eq!(response.text(), text);
        assert_eq!(response.header("allow"), Some("GET, POST, HEAD, OPTIONS"));
        assert_eq!(response.header("content-type"), Some("application/json"));
    }
}

#[tokio::test]
async fn unauthenticated_post_to_get_only_view_is_401_not_405() {
    let client = token_client();
    let response = client.post("/hello", &json!({})).await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.header("www-authenticate"), Some("Token"));
    assert_eq!(response.text(), r#"{"detail":"Authentication credentials were not provided."}"#);
    assert_eq!(response.header("allow"), Some("GET, HEAD, OPTIONS"));
}

#[tokio::test]
async fn authenticated_post_to_get_only_view_is_405() {
    let mut client = token_client();
    client.credentials(Some("Token alice"));
    let response = client.post("/hello", &json!({})).await;
    assert_eq!(response.status(), 405);
    assert_eq!(response.text(), r#"{"detail":"Method \"POST\" not allowed."}"#);
    let ok = client.get("/hello").await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text(), r#"{"message":"Hello, World!","user":"alice"}"#);
}

#[tokio::test]
async fn first_authenticator_without_header_turns_401_into_403() {
    let client = client_with(Settings::default().default_authentication_classes(authentication![NoHeader, FakeToken]));
    let response = client.get("/hello").await;
    assert_eq!(response.status(), 403);
    assert_eq!(response.header("www-authenticate"), None);
    assert_eq!(response.text(), r#"{"detail":"Authentication credentials were not provided."}"#);
}

#[tokio::test]
async fn no_authenticators_means_permission_denied() {
    let client = client_with(Settings::default());
    let response = client.get("/hello").await;
    assert_eq!(response.status(), 403);
    assert_eq!(response.text(), r#"{"detail":"You do not have permission to perform this action."}"#);
}

#[tokio::test]
async fn basic_first_gives_basic_realm_header() {
    let settings = Settings::default()
        .default_authentication_classes(authentication![BasicAuthentication::new(Backend), FakeToken]);
    let response = client_with(settings).get("/hello").await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.header("www-authenticate"), Some("Basic realm=\"api\""));
}

#[tokio::test]
async fn invalid_credentials_fail_even_on_allow_any() {
    let mut client = token_client();
    client.credentials(Some("Token garbage"));
    let response = client.get("/echo").await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.text(), r#"{"detail":"Invalid token."}"#);
    assert_eq!(response.header("www-authenticate"), Some("Token"));
    // A different scheme is ignored: anonymous.
    client.credentials(Some("Bearer garbage"));
    assert_eq!(client.get("/echo").await.status(), 200);
}

#[tokio::test]
async fn body_is_parsed_only_after_auth_permissions_and_method_checks() {
    let client = token_client();
    let bad = Body::Raw("application/json".into(), Bytes::from_static(b"{oops"));
    // Unauthenticated: 401 wins over the parse error.
    let response = client.send(Method::POST, "/hello", &[], &bad).await;
    assert_eq!(response.status(), 401);
    // AllowAny view: the handler reads the body and gets the parse error.
    let response = client.send(Method::POST, "/echo", &[], &bad).await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.text(),
        r#"{"detail":"JSON parse error - Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"}"#
    );
    let plain = Body::Raw("text/plain".into(), Bytes::from_static(b"hi"));
    let response = client.send(Method::POST, "/echo", &[], &plain).await;
    assert_eq!(response.status(), 415);
    assert_eq!(response.text(), r#"{"detail":"Unsupported media type \"text/plain\" in request."}"#);
}

#[tokio::test]
async fn options_returns_simple_metadata_after_permission_checks() {
    let client = token_client();
    let denied = client.options("/hello").await;
    assert_eq!(denied.status(), 401);
    let mut client = token_client();
    client.credentials(Some("Token alice"));
    let response = client.options("/hello").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.text(),
        concat!(
            r#"{"name":"Hello","description":"Says hello to authenticated users.\n\n    Indented lines keep their relative indent.","#,
            r#""renders":["application/json"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]}"#
        )
    );
    assert_eq!(response.header("allow"), Some("GET, HEAD, OPTIONS"));
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let client = client_with(Settings::default());
    let get = client.get("/echo").await;
    let head = client.head("/echo").await;
    assert_eq!(head.status(), 200);
    assert_eq!(head.body().len(), 0);
    assert_eq!(head.header("content-length"), Some("11"));
    assert_eq!(get.header("content-length"), Some("11"));
    assert_eq!(head.header("content-type"), get.header("content-type"));
    assert_eq!(head.header("allow"), get.header("allow"));
}

#[tokio::test]
async fn vary_accept_only_with_several_renderers() {
    let client = client_with(Settings::default());
    assert_eq!(client.get("/echo").await.header("vary"), None);
    let two = client.get("/two").await;
    assert_eq!(two.header("vary"), Some("Accept"));
    assert_eq!(two.text(), r#"{"a":1}"#);
    assert_eq!(client.get("/two?cookie=1").await.header("vary"), Some("Cookie, Accept"));
    let text = client.send(Method::GET, "/two", &[("accept", "text/plain")], &Body::Empty).await;
    assert_eq!(text.header("content-type"), Some("text/plain"));
    assert_eq!(text.text(), r#"text:{"a":1}"#);
    let by_format = client.get("/two?format=txt").await;
    assert_eq!(by_format.text(), r#"text:{"a":1}"#);
}

#[tokio::test]
async fn negotiation_failures() {
    let client = client_with(Settings::default());
    let response = client.send(Method::GET, "/echo", &[("accept", "text/html")], &Body::Empty).await;
    assert_eq!(response.status(), 406);
    assert_eq!(response.text(), r#"{"detail":"Could not satisfy the request Accept header."}"#);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(response.header("vary"), None);
    let empty = client.send(Method::GET, "/echo", &[("accept", "")], &Body::Empty).await;
    assert_eq!(empty.status(), 406);
    let unknown = client.get("/echo?format=xml").await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(unknown.text(), r#"{"detail":"Not found."}"#);
    assert_eq!(client.get("/echo?format=json").await.status(), 200);
    // 406 comes before authentication.
    let mut token = token_client();
    token.credentials(Some("Token garbage"));
    let response = token.send(Method::GET, "/hello", &[("accept", "image/png")], &Body::Empty).await;
    assert_eq!(response.status(), 406);
}

#[tokio::test]
async fn indent_from_accept() {
    let client = client_with(Settings::default());
    let response = client.send(Method::GET, "/echo", &[("accept", "application/json; indent=2")], &Body::Empty).await;
    assert_eq!(response.text(), "{\n  \"ok\": true\n}");
    assert_eq!(response.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn exceptions_render_like_drf() {
    let client = client_with(Settings::default());
    let cases = [
        ("validation-string", 400, r#"["x"]"#),
        ("validation-dict", 400, r#"{"f":"bad","g":["worse"]}"#),
        ("permission", 403, r#"{"detail":"Nope."}"#),
        ("not-found", 404, r#"{"detail":"gone"}"#),
        ("throttled", 429, r#"{"detail":"Request was throttled. Expected available in 60 seconds."}"#),
        ("throttled-zero", 429, r#"{"detail":"Request was throttled. Expected available in 0 seconds."}"#),
        ("api", 500, r#"{"detail":"A server error occurred."}"#),
        ("io", 500, r#"{"error":"Server Error (500)"}"#),
        ("panic", 500, r#"{"error":"Server Error (500)"}"#),
    ];
    for (kind, status, body) in cases {
        let response = client.get(&format!("/error/{kind}")).await;
        assert_eq!(response.status(), status, "{kind}");
        assert_eq!(response.text(), body, "{kind}");
        assert_eq!(response.header("content-type"), Some("application/json"), "{kind}");
        assert_eq!(response.header("x-frame-options"), Some("DENY"), "{kind}");
    }
    assert_eq!(client.get("/error/throttled").await.header("retry-after"), Some("60"));
    assert_eq!(client.get("/error/throttled-zero").await.header("retry-after"), None);
}

#[tokio::test]
async fn custom_exception_handler_from_settings() {
    let settings = Settings::default().exception_handler(|err, request| {
        let mut response = restframe::views::exception_handler(err, request)?;
        let body = json!({"status_code": err.status().as_u16(), "errors": response.data().cloned()});
        let status = response.status();
        response = Response::new(status, body)
            .with_header(http::header::HeaderName::from_static("x-handled"), http::HeaderValue::from_static("yes"));
        Some(response)
    });
    let client = client_with(settings);
    let response = client.get("/error/permission").await;
    assert_eq!(response.status(), 403);
    assert_eq!(response.text(), r#"{"status_code":403,"errors":{"detail":"Nope."}}"#);
    assert_eq!(response.header("x-handled"), Some("yes"));
    // The handler returns None for non-API errors: still a plain 500.
    let response = client.get("/error/io").await;
    assert_eq!(response.status(), 500);
    assert_eq!(response.text(), r#"{"error":"Server Error (500)"}"#);
}

#[tokio::test]
async fn views_override_settings_defaults() {
    let settings = Settings::default()
        .default_permission_classes(permissions![IsAuthenticated])
        .default_parser_classes(parsers![restframe::parsers::FormParser]);
    let client = client_with(settings);
    // EchoView says AllowAny, overriding the IsAuthenticated default.
    assert_eq!(client.get("/echo").await.status(), 200);
    // The settings' parser list (form only) applies to EchoView...
    let response = client.post("/echo", &json!({"a": 1})).await;
    assert_eq!(response.status(), 415);
    assert_eq!(response.text(), r#"{"detail":"Unsupported media type \"application/json\" in request."}"#);
    // ...and PostPutView inherits IsAuthenticated.
    assert_eq!(client.send(Method::POST, "/postput", &[], &Body::Empty).await.status(), 403);
    // A view's own parser list wins over the settings.
    let form = Body::form(&[("a", "1")]);
    let response = client.send(Method::POST, "/jsononly", &[], &form).await;
    assert_eq!(response.status(), 403, "jsononly inherits IsAuthenticated");
    let open = client_with(Settings::default());
    let response = open.send(Method::POST, "/jsononly", &[], &form).await;
    assert_eq!(response.status(), 415);
    assert_eq!(
        response.text(),
        r#"{"detail":"Unsupported media type \"application/x-www-form-urlencoded\" in request."}"#
    );
}

#[tokio::test]
async fn empty_response_has_no_content_type() {
    let client = client_with(Settings::default());
    let response = client.send(Method::PUT, "/postput", &[], &Body::Empty).await;
    assert_eq!(response.status(), 204);
    assert_eq!(response.header("content-type"), None);
    assert_eq!(response.header("content-length"), Some("0"));
    assert!(response.body().is_empty());
    let none = client.send(Method::POST, "/postput", &[], &Body::Empty).await;
    assert_eq!(none.status(), 200);
    assert_eq!(none.header("content-type"), None);
    assert_eq!(none.header("content-length"), Some("0"));
}

#[tokio::test]
async fn unknown_paths_are_djangos_404_page_with_security_headers() {
    let client = client_with(Settings::default());
    let response = client.get("/nope").await;
    assert_eq!(response.status(), 404);
    // Django 6.1's `page_not_found` with DEBUG=False, recorded with `django.test.Client`.
    assert_eq!(
        response.text(),
        "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n"
    );
    assert_eq!(response.header("content-type"), Some("text/html; charset=utf-8"));
    for (name, value) in restframe::app::SECURITY_HEADERS {
        assert_eq!(response.headers().get(&name), Some(&value), "{name}");
    }
    assert_eq!(response.header("allow"), None);
}

#[tokio::test]
async fn security_headers_on_view_responses() {
    let response = client_with(Settings::default()).get("/echo").await;
    assert_eq!(response.header("x-frame-options"), Some("DENY"));
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(response.header("referrer-policy"), Some("same-origin"));
    assert_eq!(response.header("cross-origin-opener-policy"), Some("same-origin"));
}

#[tokio::test]
async fn failed_authentication_leaves_the_request_anonymous() {
    // DRF's "failing auth accessed from renderer": code running after the failure (here the
    // exception handler) sees AnonymousUser instead of re-raising.
    let settings = Settings::default().default_authentication_classes(authentication![FakeToken]).exception_handler(
        |err, request| {
            let mut response = restframe::views::exception_handler(err, request)?;
            let user = json!({"anonymous": !request.user().is_authenticated(), "auth": request.auth().is_some()});
            let status = response.status();
            response = Response::new(status, json!({"detail": response.data().cloned(), "user": user}));
            Some(response)
        },
    );
    let mut client = client_with(settings);
    client.credentials(Some("Token garbage"));
    let response = client.get("/echo").await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.text(), r#"{"detail":{"detail":"Invalid token."},"user":{"anonymous":true,"auth":false}}"#);
    assert_eq!(response.header("www-authenticate"), Some("Token"));
}

/// Opts out of the settings' authenticators, like `authentication_classes = []`.
struct NoAuthView;

#[api_view]
impl APIView for NoAuthView {
    fn authentication_classes(&self) -> Authenticators {
        authentication![]
    }
    fn permission_classes(&self) -> Permissions {
        permissions![IsAuthenticated]
    }
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({})))
    }
}

#[tokio::test]
async fn view_without_authenticators_ignores_credentials_and_denies() {
    let settings = Settings::default().default_authentication_classes(authentication![FakeToken]);
    let mut client = APIClient::new(App::new(settings, urlpatterns![path("noauth", NoAuthView)]).expect("valid urls"));
    client.credentials(Some("Token alice"));
    let response = client.get("/noauth").await;
    assert_eq!(response.status(), 403);
    assert_eq!(response.text(), r#"{"detail":"You do not have permission to perform this action."}"#);
    assert_eq!(response.header("www-authenticate"), None);
}

#[tokio::test]
async fn default_renderer_classes_from_settings() {
    let settings = Settings::default().default_renderer_classes(renderers![TextRenderer, JSONRenderer]);
    let client = client_with(settings);
    let response = client.get("/echo").await;
    assert_eq!(response.header("content-type"), Some("text/plain"));
    assert_eq!(response.text(), r#"text:{"ok":true}"#);
    assert_eq!(response.header("vary"), Some("Accept"));
    let json = client.send(Method::GET, "/echo", &[("accept", "application/json")], &Body::Empty).await;
    assert_eq!(json.text(), r#"{"ok":true}"#);
    let options = client.send(Method::OPTIONS, "/echo", &[("accept", "application/json")], &Body::Empty).await;
    assert_eq!(options.json()["renders"], json!(["text/plain", "application/json"]));
}

#[tokio::test]
async fn exception_handler_can_render_codes_and_full_details() {
    // DRF's tests/test_validation_error.py: a handler using get_full_details() / get_codes().
    let settings = Settings::default().exception_handler(|err, request| {
        let response = restframe::views::exception_handler(err, request)?;
        let body = json!({"full": err.detail().full_details(), "codes": err.detail().codes()});
        Some(Response::new(response.status(), body))
    });
    let response = client_with(settings).get("/error/validation-dict").await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.text(),
        concat!(
            r#"{"full":{"f":{"message":"bad","code":"invalid"},"g":[{"message":"worse","code":"invalid"}]},"#,
            r#""codes":{"f":"invalid","g":["invalid"]}}"#
        )
    );
}
