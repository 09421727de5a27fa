//! Benchmark "limit" server: bare hyper answering every request with the HelloView JSON
//! (`{"message":"Hello, World!"}`), no framework. It uses the same hyper-util builder settings
//! as `restframe::server`, so the difference to `bench_noauth` is the framework's own cost.
//!
//! ```sh
//! cargo run --release -p restframe --example bench_bare_hyper -- 127.0.0.1:8101
//! ```
//!
//! With `BARE_DRF_HEADERS=1` it also sends the headers every DRF response carries (`Allow` and
//! Django's four security headers), to tell the cost of the contract from the framework's own.

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http::header::{ALLOW, CONTENT_TYPE, HeaderValue, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use tokio::net::TcpListener;

const BODY: &[u8] = br#"{"message":"Hello, World!"}"#;

async fn hello(_req: http::Request<Incoming>) -> Result<http::Response<Full<Bytes>>, Infallible> {
    let mut response = http::Response::new(Full::new(Bytes::from_static(BODY)));
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(response)
}

async fn hello_with_drf_headers(_req: http::Request<Incoming>) -> Result<http::Response<Full<Bytes>>, Infallible> {
    let mut response = http::Response::new(Full::new(Bytes::from_static(BODY)));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(ALLOW, HeaderValue::from_static("GET, HEAD, OPTIONS"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    Ok(response)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr: SocketAddr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8101".to_owned())
        .parse()
        .map_err(std::io::Error::other)?;
    let listener = TcpListener::bind(addr).await?;
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).keep_alive(true).max_buf_size(64 * 1024);
    let drf_headers = std::env::var_os("BARE_DRF_HEADERS").is_some_and(|v| v == "1");
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(stream);
        let conn = if drf_headers {
            tokio::spawn(builder.serve_connection(io, service_fn(hello_with_drf_headers)).into_owned())
        } else {
            tokio::spawn(builder.serve_connection(io, service_fn(hello)).into_owned())
        };
        drop(conn);
    }
}
