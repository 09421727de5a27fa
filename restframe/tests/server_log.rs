//! The runserver-style request log. Its own test binary: `tracing` caches per-callsite interest
//! globally, so a test capturing logs must not share a process with tests hitting the same
//! callsites without a subscriber.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use restframe::prelude::*;
use restframe::server::serve_listener;
use serde_json::json;
use tokio::net::TcpListener;

struct HelloView;

#[api_view]
impl APIView for HelloView {
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"message": "Hello, World!"})))
    }
}

struct PanicView;

#[api_view]
impl APIView for PanicView {
    async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
        panic!("internal detail that must not leak")
    }
}

/// Collects what the log subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn one_runserver_style_log_line_per_request() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_ansi(false)
        .without_time()
        .with_target(false)
        .with_level(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = App::new(Settings::default(), urlpatterns![path("hello", HelloView), path("panic", PanicView)]);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind an ephemeral port");
    let addr = listener.local_addr().expect("bound address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_listener(listener, Arc::new(app.expect("valid urls")), async move {
        let _ = stopped.await;
    }));
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    for (method, path) in [("GET", "/hello?x=1"), ("DELETE", "/hello"), ("GET", "/panic")] {
        let request = http::Request::builder()
            .method(method)
            .uri(format!("http://{addr}{path}"))
            .body(Full::new(Bytes::new()))
            .expect("valid request");
        let response = client.request(request).await.expect("response");
        let _ = response.into_body().collect().await;
    }
    let _ = stop.send(());
    let stopped = tokio::time::timeout(Duration::from_secs(5), server).await;
    assert!(matches!(stopped, Ok(Ok(Ok(())))), "server stops cleanly");
    let logs = captured.0.lock().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let lines: Vec<&str> = logs.lines().filter(|l| l.contains("HTTP/1.1")).collect();
    assert_eq!(
        lines,
        [
            r#""GET /hello?x=1 HTTP/1.1" 200 27"#,
            r#""DELETE /hello HTTP/1.1" 405 43"#,
            r#""GET /panic HTTP/1.1" 500 30"#,
        ]
    );
    assert!(logs.contains("view panicked on GET /panic"), "{logs}");
    assert!(!logs.contains("internal detail"), "the panic message is not logged into the request line");
}
