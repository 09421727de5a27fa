//! The server's limits over real sockets on 127.0.0.1: body-read timeouts (a gap and a minimum
//! rate, HTTP/1.1 and h2c), the connection cap, HTTP/2's per-connection body budget, and
//! [`AppService`] as a tower service with the same body rules.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Channel, Full};
use hyper_util::rt::{TokioExecutor, TokioIo};
use restframe::prelude::*;
use restframe::server::{AppService, serve_listener};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tower_service::Service;

/// Echoes the length of a POSTed body.
struct EchoView;

#[api_view]
impl APIView for EchoView {
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"message": "Hello, World!"})))
    }
    async fn post(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"len": request.body().len()})))
    }
}

const TIMEOUT_BODY: &str = r#"{"detail":"Timed out reading the request body."}"#;

struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start(settings: Settings) -> Server {
        let app = Arc::new(App::new(settings, urlpatterns![path("echo", EchoView)]).expect("valid urls"));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind an ephemeral port");
        let addr = listener.local_addr().expect("bound address");
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(serve_listener(listener, app, async move {
            let _ = stopped.await;
        }));
        Server { addr, stop: Some(stop), done }
    }

    async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = tokio::time::timeout(Duration::from_secs(15), self.done).await;
        assert!(matches!(result, Ok(Ok(Ok(())))), "server stops cleanly");
    }
}

/// Reads until the server closes the connection, or `limit` passes (`None`: still open).
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut out = Vec::new();
    match tokio::time::timeout(limit, stream.read_to_end(&mut out)).await {
        Ok(_) => Some(String::from_utf8_lossy(&out).into_owned()),
        Err(_) => None,
    }
}

/// The exact HTTP/1.1 408 the server sends (without its `date` line).
fn without_date(text: &str) -> String {
    text.split("\r\n").filter(|line| !line.starts_with("date: ")).collect::<Vec<_>>().join("\r\n")
}

const EXPECTED_408: &str = "HTTP/1.1 408 Request Timeout\r\n\
content-type: application/json\r\n\
x-frame-options: DENY\r\n\
x-content-type-options: nosniff\r\n\
referrer-policy: same-origin\r\n\
cross-origin-opener-policy: same-origin\r\n\
content-length: 48\r\n\
connection: close\r\n\
\r\n\
{\"detail\":\"Timed out reading the request body.\"}";

#[tokio::test]
async fn a_body_that_stops_arriving_gets_408_and_a_close() {
    let server = Server::start(Settings::default().body_read_timeout(Duration::from_millis(400))).await;
    let started = Instant::now();
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    stream
        .write_all(
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[1,2",
        )
        .await
        .expect("write");
    let text = read_until_closed(&mut stream, Duration::from_secs(10)).await.expect("the server closes the connection");
    let elapsed = started.elapsed();
    assert_eq!(without_date(&text), EXPECTED_408);
    assert!(elapsed >= Duration::from_millis(350), "cut too early: {elapsed:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn a_body_slower_than_the_minimum_rate_is_cut_although_no_gap_is_long() {
    // 100 bytes/s at least; the client sends 10 bytes every 200 ms (50 bytes/s), so the gap
    // rule (1 s) never fires and the rate rule cuts it after about 2 s.
    let settings = Settings::default().body_read_timeout(Duration::from_secs(1)).body_min_rate(100);
    let server = Server::start(settings).await;
    let started = Instant::now();
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    stream
        .write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n")
        .await
        .expect("write");
    let (mut reader, mut writer) = stream.into_split();
    let trickle = tokio::spawn(async move {
        for _ in 0..100 {
            if writer.write_all(b"aaaaaaaaaa").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    let mut out = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(15), reader.read_to_end(&mut out)).await;
    assert!(read.is_ok(), "the trickling body was not cut");
    let elapsed = started.elapsed();
    assert_eq!(without_date(&String::from_utf8_lossy(&out)), EXPECTED_408);
    assert!(elapsed >= Duration::from_millis(1500), "cut before the rate rule allows: {elapsed:?}");
    trickle.abort();
    server.shutdown().await;
}

#[tokio::test]
async fn a_body_at_the_minimum_rate_or_faster_is_read() {
    let settings = Settings::default().body_read_timeout(Duration::from_secs(1)).body_min_rate(100);
    let server = Server::start(settings).await;
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    stream
        .write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 40\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    // Four pieces 200 ms apart: 40 bytes in ~0.8 s, within 1 s + 40/100 s, no gap over 1 s.
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        stream.write_all(b"aaaaaaaaaa").await.expect("write");
    }
    let text = read_until_closed(&mut stream, Duration::from_secs(10)).await.expect("answered and closed");
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.ends_with(r#"{"len":40}"#), "{text}");
    server.shutdown().await;
}

/// An h2c connection with hyper's low-level client: every request on the same connection.
async fn h2c_connection(addr: SocketAddr) -> hyper::client::conn::http2::SendRequest<Channel<Bytes>> {
    let tcp = TcpStream::connect(addr).await.expect("connect");
    let (sender, conn) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(tcp)).await.expect("h2c handshake");
    tokio::spawn(conn);
    sender
}

fn h2_post(addr: SocketAddr, length: usize, body: Channel<Bytes>) -> http::Request<Channel<Bytes>> {
    http::Request::post(format!("http://{addr}/echo"))
        .header("content-type", "text/plain")
        .header("content-length", length.to_string())
        .body(body)
        .expect("valid request")
}

async fn status_and_body(
    response: Result<http::Response<hyper::body::Incoming>, hyper::Error>,
) -> (http::StatusCode, Bytes) {
    let (parts, body) = response.expect("response").into_parts();
    (parts.status, body.collect().await.expect("body").to_bytes())
}

#[tokio::test]
async fn h2_a_stalled_stream_gets_408_and_the_connection_keeps_serving() {
    let server = Server::start(Settings::default().body_read_timeout(Duration::from_millis(400))).await;
    let mut h2 = h2c_connection(server.addr).await;
    let (mut tx, body) = Channel::<Bytes>::new(4);
    tx.send_data(Bytes::from_static(b"abc")).await.expect("send");
    let (status, body) = tokio::time::timeout(Duration::from_secs(10), async {
        status_and_body(h2.send_request(h2_post(server.addr, 1000, body)).await).await
    })
    .await
    .expect("answered within 10 s");
    assert_eq!(status, 408);
    assert_eq!(body, TIMEOUT_BODY);
    drop(tx);
    // The connection itself stays usable: HTTP/2 only drops the stream.
    let (mut tx, body) = Channel::<Bytes>::new(4);
    tx.send_data(Bytes::from_static(b"abcd")).await.expect("send");
    drop(tx);
    h2.ready().await.expect("connection still open");
    let (status, body) = status_and_body(h2.send_request(h2_post(server.addr, 4, body)).await).await;
    assert_eq!((status, body), (http::StatusCode::OK, Bytes::from_static(br#"{"len":4}"#)));
    server.shutdown().await;
}

#[tokio::test]
async fn h2_bodies_wait_for_the_connection_budget() {
    // One full-size body (1000 bytes) fits in the connection's budget at a time.
    let settings = Settings::default()
        .data_upload_max_memory_size(1000)
        .connection_body_memory(1000)
        .body_read_timeout(Duration::from_secs(20));
    let server = Server::start(settings).await;
    let mut h2 = h2c_connection(server.addr).await;
    // Stream A announces 1000 bytes and sends 10: it holds the whole budget.
    let (mut tx_a, body_a) = Channel::<Bytes>::new(4);
    tx_a.send_data(Bytes::from(vec![b'a'; 10])).await.expect("send");
    let a = tokio::spawn(h2.send_request(h2_post(server.addr, 1000, body_a)));
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Stream B sends its whole 600-byte body at once, but it does not fit until A is done.
    let (mut tx_b, body_b) = Channel::<Bytes>::new(4);
    tx_b.send_data(Bytes::from(vec![b'b'; 600])).await.expect("send");
    drop(tx_b);
    h2.ready().await.expect("connection open");
    let mut b = tokio::spawn(h2.send_request(h2_post(server.addr, 600, body_b)));
    let early = tokio::time::timeout(Duration::from_millis(700), &mut b).await;
    assert!(early.is_err(), "B was answered while A held the connection's body budget");
    tx_a.send_data(Bytes::from(vec![b'a'; 990])).await.expect("send");
    drop(tx_a);
    let (status, body) = status_and_body(a.await.expect("task")).await;
    assert_eq!((status, body), (http::StatusCode::OK, Bytes::from_static(br#"{"len":1000}"#)));
    let b = tokio::time::timeout(Duration::from_secs(10), b).await.expect("B answered once A is done");
    let (status, body) = status_and_body(b.expect("task")).await;
    assert_eq!((status, body), (http::StatusCode::OK, Bytes::from_static(br#"{"len":600}"#)));
    server.shutdown().await;
}

async fn get_hello(stream: &mut TcpStream) -> String {
    stream.write_all(b"GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.expect("write");
    read_until_closed(stream, Duration::from_secs(10)).await.expect("answered")
}

#[tokio::test]
async fn at_the_connection_cap_new_clients_wait_until_a_connection_ends() {
    let server = Server::start(Settings::default().max_connections(2)).await;
    // Two idle keep-alive connections fill the cap.
    let first = TcpStream::connect(server.addr).await.expect("connect");
    let mut second = TcpStream::connect(server.addr).await.expect("connect");
    second.write_all(b"GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").await.expect("write");
    let mut buf = [0u8; 512];
    let n = tokio::time::timeout(Duration::from_secs(5), second.read(&mut buf)).await.expect("answer").expect("read");
    assert!(buf[..n].starts_with(b"HTTP/1.1 200 OK"), "{}", String::from_utf8_lossy(&buf[..n]));
    // The third connects (the kernel's backlog) but is not served.
    let mut third = TcpStream::connect(server.addr).await.expect("connect into the backlog");
    third.write_all(b"GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.expect("write");
    let waited = tokio::time::timeout(Duration::from_millis(700), third.read(&mut buf)).await;
    assert!(waited.is_err(), "served beyond the cap");
    // One connection ends: the third is accepted and answered.
    drop(first);
    let text = read_until_closed(&mut third, Duration::from_secs(10)).await.expect("served after a slot frees");
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.ends_with(r#"{"message":"Hello, World!"}"#), "{text}");
    // And with the slot back, others are served again.
    drop(second);
    let mut fourth = TcpStream::connect(server.addr).await.expect("connect");
    assert!(get_hello(&mut fourth).await.starts_with("HTTP/1.1 200 OK\r\n"));
    server.shutdown().await;
}

fn app(settings: Settings) -> AppService {
    AppService::new(Arc::new(App::new(settings, urlpatterns![path("echo", EchoView)]).expect("valid urls")))
}

#[tokio::test]
async fn app_service_reads_bodies_with_the_server_rules() {
    let mut service = app(Settings::default().data_upload_max_memory_size(10));
    let ok = http::Request::post("/echo").header("content-type", "text/plain").body(Full::new(Bytes::from("abc")));
    let response = service.call(ok.expect("request")).await.expect("infallible");
    assert_eq!(response.status(), 200);
    assert_eq!(response.into_body().collect().await.expect("body").to_bytes(), r#"{"len":3}"#);
    let big = http::Request::post("/echo").body(Full::new(Bytes::from(vec![b' '; 11]))).expect("request");
    let response = service.call(big).await.expect("infallible");
    assert_eq!(response.status(), 413);
    assert_eq!(
        response.into_body().collect().await.expect("body").to_bytes(),
        r#"{"detail":"Request body exceeded the maximum size of 10 bytes."}"#
    );
    let missing = http::Request::get("/nope").body(Full::new(Bytes::new())).expect("request");
    let response = service.call(missing).await.expect("infallible");
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn app_service_cuts_a_stalled_body_with_408() {
    let mut service = app(Settings::default().body_read_timeout(Duration::from_millis(300)));
    let (mut tx, body) = Channel::<Bytes>::new(4);
    tx.send_data(Bytes::from_static(b"ab")).await.expect("send");
    let request = http::Request::post("/echo").header("content-length", "100").body(body).expect("request");
    let response = tokio::time::timeout(Duration::from_secs(10), service.call(request))
        .await
        .expect("cut within 10 s")
        .expect("infallible");
    assert_eq!(response.status(), 408);
    assert_eq!(response.headers()["connection"], "close");
    assert_eq!(response.into_body().collect().await.expect("body").to_bytes(), TIMEOUT_BODY);
    drop(tx);
}

#[tokio::test]
async fn h2_streams_beyond_the_concurrent_limit_wait_for_a_free_one() {
    let settings = Settings::default().http2_max_concurrent_streams(1).body_read_timeout(Duration::from_secs(20));
    let server = Server::start(settings).await;
    let mut h2 = h2c_connection(server.addr).await;
    // Wait for the server's SETTINGS, so the client knows the limit before opening streams.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (mut tx_a, body_a) = Channel::<Bytes>::new(4);
    tx_a.send_data(Bytes::from_static(b"aa")).await.expect("send");
    let a = tokio::spawn(h2.send_request(h2_post(server.addr, 4, body_a)));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (tx_b, body_b) = Channel::<Bytes>::new(4);
    drop(tx_b);
    h2.ready().await.expect("connection open");
    let mut b = tokio::spawn(h2.send_request(h2_post(server.addr, 0, body_b)));
    let early = tokio::time::timeout(Duration::from_millis(700), &mut b).await;
    assert!(early.is_err(), "a second stream ran beside the first with a limit of one");
    tx_a.send_data(Bytes::from_static(b"aa")).await.expect("send");
    drop(tx_a);
    let (status, body) = status_and_body(a.await.expect("task")).await;
    assert_eq!((status, body), (http::StatusCode::OK, Bytes::from_static(br#"{"len":4}"#)));
    let b = tokio::time::timeout(Duration::from_secs(10), b).await.expect("B runs once A is done");
    let (status, body) = status_and_body(b.expect("task")).await;
    assert_eq!((status, body), (http::StatusCode::OK, Bytes::from_static(br#"{"len":0}"#)));
    server.shutdown().await;
}
