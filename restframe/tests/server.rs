//! The real server over real sockets on 127.0.0.1: HTTP/1.1 and h2c, keep-alive, HEAD, the
//! body limit, hostile input (malformed requests, slow headers, deep JSON, invalid UTF-8),
//! concurrency and graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use restframe::prelude::*;
use restframe::server::serve_listener;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// Greets; echoes POSTed data.
struct HelloView;

#[api_view]
impl APIView for HelloView {
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"message": "Hello, World!"})))
    }
    async fn post(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"len": request.body().len(), "data": request.data().await?})))
    }
}

/// Signalled when `SlowView` has started handling a request.
static SLOW_STARTED: tokio::sync::Notify = tokio::sync::Notify::const_new();

/// Takes a while, to test graceful shutdown.
struct SlowView;

#[api_view]
impl APIView for SlowView {
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        SLOW_STARTED.notify_one();
        tokio::time::sleep(Duration::from_millis(300)).await;
        Ok(Response::json(json!("done")))
    }
}

struct PanicView;

#[api_view]
impl APIView for PanicView {
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        panic!("internal detail that must not leak")
    }
}

struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start(settings: Settings) -> Server {
        let urls = urlpatterns![path("hello", HelloView), path("slow", SlowView), path("panic", PanicView)];
        let app = Arc::new(App::new(settings, urls).expect("valid urls"));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind an ephemeral port");
        let addr = listener.local_addr().expect("bound address");
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(serve_listener(listener, app, async move {
            let _ = stopped.await;
        }));
        Server { addr, stop: Some(stop), done }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = tokio::time::timeout(Duration::from_secs(5), self.done).await;
        assert!(matches!(result, Ok(Ok(Ok(())))), "server stops cleanly");
    }
}

fn http1() -> Client<HttpConnector, Full<Bytes>> {
    Client::builder(TokioExecutor::new()).build_http()
}

fn h2c() -> Client<HttpConnector, Full<Bytes>> {
    Client::builder(TokioExecutor::new()).http2_only(true).build_http()
}

async fn send(
    client: &Client<HttpConnector, Full<Bytes>>,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Bytes,
) -> (http::response::Parts, Bytes) {
    let mut builder = http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let request = builder.body(Full::new(body)).expect("valid request");
    let response = client.request(request).await.expect("response");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    (parts, body)
}

/// Writes raw bytes and reads until the server closes or `limit` passes.
async fn raw(addr: SocketAddr, bytes: &[u8], limit: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(bytes).await.expect("write");
    let mut out = Vec::new();
    let _ = tokio::time::timeout(limit, stream.read_to_end(&mut out)).await;
    (String::from_utf8_lossy(&out).into_owned(), started.elapsed())
}

#[tokio::test]
async fn http1_get_with_security_headers_and_keep_alive() {
    let server = Server::start(Settings::default()).await;
    let client = http1();
    for _ in 0..3 {
        let (parts, body) = send(&client, "GET", &server.url("/hello"), &[], Bytes::new()).await;
        assert_eq!(parts.status, 200);
        assert_eq!(parts.version, http::Version::HTTP_11);
        assert_eq!(body, r#"{"message":"Hello, World!"}"#);
        assert_eq!(parts.headers["content-type"], "application/json");
        assert_eq!(parts.headers["content-length"], "27");
        assert_eq!(parts.headers["allow"], "GET, POST, HEAD, OPTIONS");
        assert_eq!(parts.headers["x-frame-options"], "DENY");
        assert_eq!(parts.headers["x-content-type-options"], "nosniff");
        assert_eq!(parts.headers["referrer-policy"], "same-origin");
        assert_eq!(parts.headers["cross-origin-opener-policy"], "same-origin");
    }
    // Two requests on one connection: keep-alive.
    let (text, _) = raw(
        server.addr,
        b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");
    server.shutdown().await;
}

#[tokio::test]
async fn h2c_prior_knowledge() {
    let server = Server::start(Settings::default()).await;
    let (parts, body) = send(&h2c(), "GET", &server.url("/hello"), &[], Bytes::new()).await;
    assert_eq!(parts.version, http::Version::HTTP_2);
    assert_eq!(parts.status, 200);
    assert_eq!(body, r#"{"message":"Hello, World!"}"#);
    let (parts, body) = send(
        &h2c(),
        "POST",
        &server.url("/hello"),
        &[("content-type", "application/json")],
        Bytes::from_static(b"[1]"),
    )
    .await;
    assert_eq!(parts.status, 200);
    assert_eq!(body, r#"{"len":3,"data":[1]}"#);
    server.shutdown().await;
}

#[tokio::test]
async fn head_has_get_headers_and_no_body() {
    let server = Server::start(Settings::default()).await;
    let (text, _) =
        raw(server.addr, b"HEAD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", Duration::from_secs(5)).await;
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.to_ascii_lowercase().contains("content-length: 27\r\n"), "{text}");
    assert!(text.ends_with("\r\n\r\n"), "no body after the headers: {text:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn unknown_path_is_djangos_404_page() {
    let server = Server::start(Settings::default()).await;
    let (parts, body) = send(&http1(), "GET", &server.url("/missing"), &[], Bytes::new()).await;
    assert_eq!(parts.status, 404);
    // Django 6.1's `page_not_found` with DEBUG=False, recorded with `django.test.Client`.
    assert_eq!(
        body,
        "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n"
    );
    assert_eq!(parts.headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(parts.headers["x-frame-options"], "DENY");
    server.shutdown().await;
}

#[tokio::test]
async fn body_limit_is_exact_and_answers_413() {
    let server = Server::start(Settings::default()).await;
    let client = http1();
    let limit = 2_621_440;
    let at_limit = Bytes::from(format!("\"{}\"", "a".repeat(limit - 2)));
    let (parts, _) =
        send(&client, "POST", &server.url("/hello"), &[("content-type", "application/json")], at_limit).await;
    assert_eq!(parts.status, 200, "exactly the limit is allowed");
    let over = Bytes::from(vec![b' '; limit + 1]);
    let (parts, body) =
        send(&client, "POST", &server.url("/hello"), &[("content-type", "application/json")], over).await;
    assert_eq!(parts.status, 413);
    assert_eq!(body, r#"{"detail":"Request body exceeded the maximum size of 2621440 bytes."}"#);
    assert_eq!(parts.headers["content-type"], "application/json");
    assert_eq!(parts.headers["x-frame-options"], "DENY");
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_content_length_is_refused_without_reading_the_body() {
    let server = Server::start(Settings::default()).await;
    let started = Instant::now();
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    stream
        .write_all(
            b"POST /hello HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{",
        )
        .await
        .expect("write");
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
        .await
        .expect("answer in time")
        .expect("read");
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(text.starts_with("HTTP/1.1 413 Payload Too Large\r\n"), "{text}");
    assert!(text.ends_with(r#"{"detail":"Request body exceeded the maximum size of 2621440 bytes."}"#), "{text}");
    assert!(started.elapsed() < Duration::from_secs(3));
    server.shutdown().await;
}

#[tokio::test]
async fn chunked_body_over_the_limit_is_413() {
    let server = Server::start(Settings::default().data_upload_max_memory_size(10)).await;
    let (text, _) = raw(
        server.addr,
        b"POST /hello HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n8\r\n[1,2,3,4\r\n8\r\n,5,6,7]\r\n0\r\n\r\n",
        Duration::from_secs(5),
    )
    .await;
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.ends_with(r#"{"detail":"Request body exceeded the maximum size of 10 bytes."}"#), "{text}");
    server.shutdown().await;
}

#[tokio::test]
async fn malformed_requests_get_400_from_the_http_layer() {
    let server = Server::start(Settings::default()).await;
    for request in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET /hello HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        b"GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        b"GET /he llo HTTP/1.1\r\nHost: x\r\n\r\n",
    ] {
        let (text, _) = raw(server.addr, request, Duration::from_secs(5)).await;
        assert!(text.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{:?} -> {text}", String::from_utf8_lossy(request));
    }
    // Oversized header block: 431.
    let big = format!("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "a".repeat(100_000));
    let (text, _) = raw(server.addr, big.as_bytes(), Duration::from_secs(5)).await;
    assert!(text.starts_with("HTTP/1.1 431"), "{text}");
    server.shutdown().await;
}

#[tokio::test]
async fn slow_headers_are_cut_off_after_the_timeout() {
    let server = Server::start(Settings::default().header_read_timeout(Duration::from_millis(300))).await;
    let (text, elapsed) = raw(server.addr, b"GET /hello HTTP/1.1\r\nHost: x\r\n", Duration::from_secs(5)).await;
    assert!(elapsed >= Duration::from_millis(250), "closed too early: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "not closed by the timeout: {elapsed:?}");
    assert!(!text.contains("200 OK"), "{text}");
    server.shutdown().await;
}

#[tokio::test]
async fn hostile_bodies_are_clean_4xx() {
    let server = Server::start(Settings::default()).await;
    let client = http1();
    let json = [("content-type", "application/json")];
    let deep = Bytes::from("[".repeat(200_000));
    let (parts, body) = send(&client, "POST", &server.url("/hello"), &json, deep).await;
    assert_eq!(parts.status, 400);
    assert_eq!(
        body,
        r#"{"detail":"JSON parse error - maximum recursion depth exceeded while decoding a JSON array from a unicode string"}"#
    );
    let (parts, body) = send(&client, "POST", &server.url("/hello"), &json, Bytes::from_static(b"\xff\xfe")).await;
    assert_eq!(parts.status, 400);
    assert_eq!(
        body,
        r#"{"detail":"JSON parse error - 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"}"#
    );
    // Non-UTF-8 bytes in a header value do not break anything.
    let (text, _) = raw(
        server.addr,
        b"GET /hello HTTP/1.1\r\nHost: x\r\nAuthorization: Basic \xff\xfe\r\nAccept: \xff\r\nConnection: close\r\n\r\n",
        Duration::from_secs(5),
    )
    .await;
    assert!(text.starts_with("HTTP/1.1 406 Not Acceptable\r\n"), "{text}");
    assert!(text.ends_with(r#"{"detail":"Could not satisfy the request Accept header."}"#), "{text}");
    server.shutdown().await;
}

#[tokio::test]
async fn panics_become_plain_500s() {
    let server = Server::start(Settings::default()).await;
    let (parts, body) = send(&http1(), "GET", &server.url("/panic"), &[], Bytes::new()).await;
    assert_eq!(parts.status, 500);
    assert_eq!(body, r#"{"error":"Server Error (500)"}"#);
    // The server keeps serving.
    let (parts, _) = send(&http1(), "GET", &server.url("/hello"), &[], Bytes::new()).await;
    assert_eq!(parts.status, 200);
    server.shutdown().await;
}

#[tokio::test]
async fn concurrent_requests() {
    let server = Server::start(Settings::default()).await;
    let client = http1();
    let mut tasks = Vec::new();
    for i in 0..64 {
        let client = if i % 2 == 0 { client.clone() } else { h2c() };
        let url = server.url("/hello");
        tasks.push(tokio::spawn(async move {
            let body = Bytes::from(format!("{{\"i\":{i}}}"));
            let (parts, body) = send(&client, "POST", &url, &[("content-type", "application/json")], body).await;
            (parts.status, body)
        }));
    }
    for (i, task) in tasks.into_iter().enumerate() {
        let (status, body) = task.await.expect("task");
        assert_eq!(status, 200);
        let expected_len = format!("{{\"i\":{i}}}").len();
        assert_eq!(body, format!("{{\"len\":{expected_len},\"data\":{{\"i\":{i}}}}}"));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn graceful_shutdown_finishes_in_flight_requests() {
    let server = Server::start(Settings::default()).await;
    let url = server.url("/slow");
    let in_flight = tokio::spawn(async move { send(&http1(), "GET", &url, &[], Bytes::new()).await });
    SLOW_STARTED.notified().await;
    let addr = server.addr;
    server.shutdown().await;
    let (parts, body) = in_flight.await.expect("task");
    assert_eq!(parts.status, 200);
    assert_eq!(body, r#""done""#);
    assert!(TcpStream::connect(addr).await.is_err(), "the listener is closed");
}

#[tokio::test]
async fn silent_and_idle_connections_are_closed_after_the_timeout() {
    let server = Server::start(Settings::default().header_read_timeout(Duration::from_millis(300))).await;
    // Connects and never sends a byte.
    let (text, elapsed) = raw(server.addr, b"", Duration::from_secs(5)).await;
    assert!(text.is_empty(), "{text}");
    assert!(elapsed < Duration::from_secs(3), "silent connection kept open: {elapsed:?}");
    // Keep-alive connection that goes quiet after one request.
    let (text, elapsed) = raw(server.addr, b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", Duration::from_secs(5)).await;
    assert!(text.starts_with("HTTP/1.1 200 OK"), "{text}");
    assert!(elapsed < Duration::from_secs(3), "idle keep-alive connection kept open: {elapsed:?}");
    server.shutdown().await;
}

/// The app behind tower-http's `CorsLayer` through `serve_listener_with`.
async fn start_with_cors() -> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<std::io::Result<()>>) {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let urls = urlpatterns![path("hello", HelloView)];
    let app = Arc::new(App::new(Settings::default(), urls).expect("valid urls"));
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list([http::HeaderValue::from_static("https://app.example.com")]))
        .allow_methods([http::Method::GET, http::Method::POST])
        .allow_headers([http::header::CONTENT_TYPE, http::header::AUTHORIZATION])
        .max_age(Duration::from_secs(600));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind an ephemeral port");
    let addr = listener.local_addr().expect("bound address");
    let (stop, stopped) = oneshot::channel::<()>();
    let done = tokio::spawn(restframe::server::serve_listener_with(listener, app, cors, async move {
        let _ = stopped.await;
    }));
    (addr, stop, done)
}

#[tokio::test]
async fn tower_http_cors_layer_around_the_app() {
    let (addr, stop, done) = start_with_cors().await;
    let url = format!("http://{addr}/hello");
    let client = http1();
    // Preflight: answered by the layer, no DRF body, no view.
    let (parts, body) = send(
        &client,
        "OPTIONS",
        &url,
        &[
            ("origin", "https://app.example.com"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type"),
        ],
        Bytes::new(),
    )
    .await;
    assert_eq!(parts.status, 200);
    assert_eq!(body, "");
    assert_eq!(parts.headers["access-control-allow-origin"], "https://app.example.com");
    assert_eq!(parts.headers["access-control-allow-methods"], "GET,POST");
    assert_eq!(parts.headers["access-control-allow-headers"], "content-type,authorization");
    assert_eq!(parts.headers["access-control-max-age"], "600");
    assert_eq!(parts.headers["content-length"], "0");
    assert!(parts.headers.get("allow").is_none(), "the view did not answer: {:?}", parts.headers);
    assert!(parts.headers.get("content-type").is_none(), "{:?}", parts.headers);
    // A simple GET from the allowed origin: the view's answer plus the CORS headers.
    let (parts, body) = send(&client, "GET", &url, &[("origin", "https://app.example.com")], Bytes::new()).await;
    assert_eq!(parts.status, 200);
    assert_eq!(body, r#"{"message":"Hello, World!"}"#);
    assert_eq!(parts.headers["access-control-allow-origin"], "https://app.example.com");
    assert_eq!(parts.headers["x-frame-options"], "DENY");
    assert_eq!(parts.headers["content-length"], "27");
    // Another origin: the same answer, no CORS grant.
    let (parts, body) = send(&client, "GET", &url, &[("origin", "https://evil.example")], Bytes::new()).await;
    assert_eq!(parts.status, 200);
    assert_eq!(body, r#"{"message":"Hello, World!"}"#);
    assert!(parts.headers.get("access-control-allow-origin").is_none(), "{:?}", parts.headers);
    // A body through the layer still has the server's limit and the remote address is known.
    let over = Bytes::from(vec![b' '; 2_621_441]);
    let (parts, body) = send(&client, "POST", &url, &[("content-type", "application/json")], over).await;
    assert_eq!(parts.status, 413);
    assert_eq!(body, r#"{"detail":"Request body exceeded the maximum size of 2621440 bytes."}"#);
    let _ = stop.send(());
    let result = tokio::time::timeout(Duration::from_secs(5), done).await;
    assert!(matches!(result, Ok(Ok(Ok(())))), "server stops cleanly");
}
