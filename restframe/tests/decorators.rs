//! Function views: `#[api_view(GET, POST, ...)] async fn` (DRF's `@api_view` and its policy
//! decorators), mirroring DRF's tests/test_decorators.py (`DecoratorTestCase`), plus the answers
//! DRF's tests only imply: the 405s' bodies and `Allow`, `HEAD`, OPTIONS metadata with the
//! function's name and docstring, `throttle_scope`.
//!
//! Every expected status, body and header was printed by DRF 3.18.3 (Django 6.1.3) for the same
//! function views through `APIClient`, with `DEFAULT_RENDERER_CLASSES = [JSONRenderer]` (restframe
//! has no browsable API) and `PYTHONHASHSEED=1`: DRF builds a function view's
//! `http_method_names` from a set, so its `Allow` order changes between processes; the seed-1
//! order is DRF's class-view order, which restframe always uses (except `OPTIONS, PATCH, DELETE`
//! in `patch_and_delete`, where seed 1 happened to put `OPTIONS` first).
//! `DecoratorTestCase.test_api_view_incorrect` and `test_api_view_incorrect_arguments` are
//! compile errors here (tests/ui/api_view).

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http::{Method, StatusCode};
use restframe::authentication::BasicAuthentication;
use restframe::prelude::*;
use restframe::test::{APIClient, Body, TestResponse};
use serde_json::json;

mod common;
use common::Backend;

/// Says hello.
///
///     Indented line.
#[api_view]
async fn hello_world(request: &Request) -> Result<Response, ApiError> {
    Ok(Response::json(json!({"method": request.method().as_str()})))
}

#[api_view(GET, POST)]
async fn get_post(request: &Request) -> Result<Response, ApiError> {
    Ok(Response::json(json!({"method": request.method().as_str()})))
}

#[api_view(GET, PUT)]
async fn get_put(_request: &Request) -> Result<Response, ApiError> {
    Ok(Response::json(json!({})))
}

#[api_view(GET, PATCH)]
async fn get_patch(_request: &Request) -> Result<Response, ApiError> {
    Ok(Response::json(json!({})))
}

#[api_view(POST, renderer_classes = [JSONRenderer], parser_classes = [JSONParser])]
async fn json_only(request: &Request) -> Result<Response, ApiError> {
    Ok(Response::json(json!({"data": request.data().await?})))
}

#[api_view(GET, authentication_classes = [BasicAuthentication::new(Backend)], permission_classes = [IsAuthenticated])]
async fn basic(request: &Request) -> Result<Response, ApiError> {
    Ok(Response::json(json!({"user": request.user().username()})))
}

#[api_view(GET, throttle_classes = [UserRateThrottle::new().with_rate("1/day")])]
async fn throttled(_request: &Request) -> Result<Response, ApiError> {
    Ok(Response::json(json!({})))
}

#[api_view(POST, throttle_classes = [ScopedRateThrottle], throttle_scope = "uploads")]
async fn uploads(_request: &Request) -> Result<Response, ApiError> {
    Ok(Response::json(json!({"scope": "uploads"})))
}

#[api_view(GET, HEAD)]
async fn with_head(request: &Request) -> Result<Response, ApiError> {
    Ok(Response::json(json!({"method": request.method().as_str()})))
}

/// Changes or removes.
#[api_view(PATCH, DELETE)]
async fn patch_delete(request: &Request) -> Result<Response, ApiError> {
    if request.method() == Method::DELETE {
        return Ok(Response::empty(StatusCode::NO_CONTENT));
    }
    Ok(Response::json(json!({"patched": true})))
}

fn urls() -> Vec<restframe::urls::UrlPattern> {
    urlpatterns![
        path("hello/", hello_world),
        path("getpost/", get_post),
        path("getput/", get_put),
        path("getpatch/", get_patch),
        path("json/", json_only),
        path("basic/", basic),
        path("throttled/", throttled),
        path("uploads/", uploads),
        path("head/", with_head),
        path("pd/", patch_delete),
    ]
}

fn app() -> App {
    App::new(Settings::default().default_throttle_rate("uploads", "2/min"), urls()).expect("valid urls")
}

fn client() -> APIClient {
    APIClient::new(app())
}

/// Asserts status, `Allow` and the body text of one recorded DRF answer.
#[track_caller]
fn assert_drf(response: &TestResponse, status: u16, allow: &str, body: &str) {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(response.header("allow"), Some(allow));
    assert_eq!(response.text(), body);
}

const NOT_ALLOWED_POST: &str = r#"{"detail":"Method \"POST\" not allowed."}"#;
const DEFAULT_PARSES: &str =
    r#""parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]"#;

#[tokio::test]
async fn test_calling_method() {
    let c = client();
    assert_drf(&c.get("/hello/").await, 200, "GET, OPTIONS", r#"{"method":"GET"}"#);
    assert_drf(&c.post("/hello/", &json!({})).await, 405, "GET, OPTIONS", NOT_ALLOWED_POST);
    let delete = c.delete("/hello/").await;
    assert_drf(&delete, 405, "GET, OPTIONS", r#"{"detail":"Method \"DELETE\" not allowed."}"#);
}

/// DRF leaves `head` out of a function view's `http_method_names` unless listed: 405, empty
/// body, `HEAD` not in `Allow`.
#[tokio::test]
async fn head_is_not_allowed_unless_listed() {
    let c = client();
    let head = c.head("/hello/").await;
    assert_drf(&head, 405, "GET, OPTIONS", "");
    assert_eq!(head.header("content-type"), Some("application/json"));
    assert_drf(&c.head("/getput/").await, 405, "GET, PUT, OPTIONS", "");
    assert_drf(&c.head("/head/").await, 200, "GET, HEAD, OPTIONS", "");
    assert_drf(&c.get("/head/").await, 200, "GET, HEAD, OPTIONS", r#"{"method":"GET"}"#);
    assert_drf(&c.post("/head/", &json!({})).await, 405, "GET, HEAD, OPTIONS", NOT_ALLOWED_POST);
}

#[tokio::test]
async fn get_and_post_are_told_apart_by_the_method() {
    let c = client();
    assert_drf(&c.get("/getpost/").await, 200, "GET, POST, OPTIONS", r#"{"method":"GET"}"#);
    assert_drf(&c.post("/getpost/", &json!({})).await, 200, "GET, POST, OPTIONS", r#"{"method":"POST"}"#);
    let put = c.put("/getpost/", &json!({})).await;
    assert_drf(&put, 405, "GET, POST, OPTIONS", r#"{"detail":"Method \"PUT\" not allowed."}"#);
}

#[tokio::test]
async fn test_calling_put_method() {
    let c = client();
    assert_drf(&c.put("/getput/", &json!({})).await, 200, "GET, PUT, OPTIONS", "{}");
    assert_drf(&c.post("/getput/", &json!({})).await, 405, "GET, PUT, OPTIONS", NOT_ALLOWED_POST);
}

#[tokio::test]
async fn test_calling_patch_method() {
    let c = client();
    assert_drf(&c.patch("/getpatch/", &json!({})).await, 200, "GET, PATCH, OPTIONS", "{}");
    assert_drf(&c.post("/getpatch/", &json!({})).await, 405, "GET, PATCH, OPTIONS", NOT_ALLOWED_POST);
}

#[tokio::test]
async fn patch_and_delete() {
    let c = client();
    let allow = "PATCH, DELETE, OPTIONS";
    assert_drf(&c.patch("/pd/", &json!({})).await, 200, allow, r#"{"patched":true}"#);
    let delete = c.delete("/pd/").await;
    assert_drf(&delete, 204, allow, "");
    assert_eq!(delete.header("content-type"), None);
    assert_drf(&c.get("/pd/").await, 405, allow, r#"{"detail":"Method \"GET\" not allowed."}"#);
    assert_drf(&c.head("/pd/").await, 405, allow, "");
}

/// `get_view_name` of `WrappedAPIView` (named after the function) and `get_view_description`
/// (its docstring, dedented).
#[tokio::test]
async fn options_metadata_names_the_function() {
    let c = client();
    let hello = format!(
        r#"{{"name":"Hello World","description":"Says hello.\n\n    Indented line.","renders":["application/json"],{DEFAULT_PARSES}}}"#
    );
    assert_drf(&c.options("/hello/").await, 200, "GET, OPTIONS", &hello);
    let get_post_body =
        format!(r#"{{"name":"Get Post","description":"","renders":["application/json"],{DEFAULT_PARSES}}}"#);
    assert_drf(&c.options("/getpost/").await, 200, "GET, POST, OPTIONS", &get_post_body);
    let pd = format!(
        r#"{{"name":"Patch Delete","description":"Changes or removes.","renders":["application/json"],{DEFAULT_PARSES}}}"#
    );
    assert_drf(&c.options("/pd/").await, 200, "PATCH, DELETE, OPTIONS", &pd);
}

/// DRF asserts `response.accepted_renderer` and `request.parsers`; the same lists show in the
/// OPTIONS metadata and in which bodies parse.
#[tokio::test]
async fn test_renderer_classes_and_test_parser_classes() {
    let c = client();
    let options = c.options("/json/").await;
    let body = r#"{"name":"Json Only","description":"","renders":["application/json"],"parses":["application/json"]}"#;
    assert_drf(&options, 200, "POST, OPTIONS", body);
    assert_drf(&c.post("/json/", &json!({"a": 1})).await, 200, "POST, OPTIONS", r#"{"data":{"a":1}}"#);
    let form = c.send(Method::POST, "/json/", &[], &Body::form(&[("a", "b")])).await;
    let unsupported = r#"{"detail":"Unsupported media type \"application/x-www-form-urlencoded\" in request."}"#;
    assert_drf(&form, 415, "POST, OPTIONS", unsupported);
    assert_drf(&c.get("/json/").await, 405, "POST, OPTIONS", r#"{"detail":"Method \"GET\" not allowed."}"#);
}

/// DRF asserts `request.authenticators == [BasicAuthentication]`: its `WWW-Authenticate` shows
/// it, and credentials it knows get through.
#[tokio::test]
async fn test_authentication_classes_and_test_permission_classes() {
    let mut c = client();
    let not_provided = r#"{"detail":"Authentication credentials were not provided."}"#;
    for response in [c.get("/basic/").await, c.options("/basic/").await] {
        assert_drf(&response, 401, "GET, OPTIONS", not_provided);
        assert_eq!(response.header("www-authenticate"), Some(r#"Basic realm="api""#));
    }
    c.credentials(Some(&format!("Basic {}", STANDARD.encode("alice:secret"))));
    assert_drf(&c.get("/basic/").await, 200, "GET, OPTIONS", r#"{"user":"alice"}"#);
}

#[tokio::test]
async fn test_throttle_classes() {
    let c = client();
    assert_drf(&c.get("/throttled/").await, 200, "GET, OPTIONS", "{}");
    let second = c.get("/throttled/").await;
    let body = r#"{"detail":"Request was throttled. Expected available in 86400 seconds."}"#;
    assert_drf(&second, 429, "GET, OPTIONS", body);
    assert_eq!(second.header("retry-after"), Some("86400"));
}

/// DRF has no `@throttle_scope` decorator, but `@api_view` copies `func.throttle_scope`.
#[tokio::test]
async fn throttle_scope() {
    let c = client();
    for _ in 0..2 {
        assert_drf(&c.post("/uploads/", &json!({})).await, 200, "POST, OPTIONS", r#"{"scope":"uploads"}"#);
    }
    let third = c.post("/uploads/", &json!({})).await;
    let body = r#"{"detail":"Request was throttled. Expected available in 60 seconds."}"#;
    assert_drf(&third, 429, "POST, OPTIONS", body);
    assert_eq!(third.header("retry-after"), Some("60"));
}

/// The body stays an ordinary async fn, callable without routing.
#[tokio::test]
async fn the_body_is_callable_as_handler() {
    let factory = restframe::test::APIRequestFactory::new(Settings::default());
    let request = factory.wrap(factory.request(Method::POST, "/", &Body::Empty));
    let response = get_post::handler(&request).await.expect("handler answers");
    assert_eq!(response.data(), Some(&json!({"method": "POST"})));
    let view = factory.view(get_post);
    assert_eq!(view.call(factory.request(Method::DELETE, "/", &Body::Empty)).await.status(), 405);
}

/// The same views over real sockets: `HEAD` answers 405 with no body, and a `HEAD` that is
/// listed answers 200 with the length of what the function returned (`{"method":"HEAD"}`)
/// and no body.
#[tokio::test]
async fn over_real_sockets() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind an ephemeral port");
    let addr = listener.local_addr().expect("bound address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let done = tokio::spawn(restframe::server::serve_listener(listener, Arc::new(app()), async move {
        let _ = stopped.await;
    }));
    let exchange = |request: &'static str| async move {
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        stream.write_all(request.as_bytes()).await.expect("write");
        let mut out = Vec::new();
        stream.read_to_end(&mut out).await.expect("read");
        String::from_utf8(out).expect("utf-8 answer")
    };
    let get = exchange("GET /getpost/ HTTP/1.1\r\nHost: testserver\r\nConnection: close\r\n\r\n").await;
    assert!(get.starts_with("HTTP/1.1 200 OK\r\n"), "{get}");
    assert!(get.contains("\r\nallow: GET, POST, OPTIONS\r\n"), "{get}");
    assert!(get.ends_with("\r\n\r\n{\"method\":\"GET\"}"), "{get}");
    let head = exchange("HEAD /hello/ HTTP/1.1\r\nHost: testserver\r\nConnection: close\r\n\r\n").await;
    assert!(head.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"), "{head}");
    assert!(head.contains("\r\nallow: GET, OPTIONS\r\n"), "{head}");
    assert!(head.ends_with("\r\n\r\n"), "{head}");
    let listed = exchange("HEAD /head/ HTTP/1.1\r\nHost: testserver\r\nConnection: close\r\n\r\n").await;
    assert!(listed.starts_with("HTTP/1.1 200 OK\r\n"), "{listed}");
    assert!(listed.contains("\r\ncontent-length: 17\r\n"), "{listed}");
    assert!(listed.ends_with("\r\n\r\n"), "{listed}");
    let _ = stop.send(());
    let stopped = tokio::time::timeout(std::time::Duration::from_secs(5), done).await;
    assert!(matches!(stopped, Ok(Ok(Ok(())))), "server stops cleanly");
}
