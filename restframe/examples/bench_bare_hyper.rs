//! Benchmark "limit" server: bare hyper answering every request with the HelloView JSON
//! (`{"message":"Hello, World!"}`), no framework. It uses the same hyper-util builder settings
//! as `restframe::server`, so the difference to `bench_noauth` is the framework's own cost.
//!
//! ```sh
//! cargo run --release -p restframe --example bench_bare_hyper -- 127.0.0.1:8101
//! ```

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
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
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        let conn = builder.serve_connection(TokioIo::new(stream), service_fn(hello)).into_owned();
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
}
