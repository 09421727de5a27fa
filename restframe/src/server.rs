//! The HTTP server: hyper 1 via hyper-util (HTTP/1.1 and HTTP/2), body-size limit, header-read
//! timeout, keep-alive, a runserver-style log line per request, panics turned into 500s, and
//! graceful shutdown on Ctrl-C / SIGTERM.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::app::{App, HttpResponse, plain_json};
use crate::settings::Settings;
use crate::urls::UrlPattern;

/// Builds the app and serves it on `settings.bind_address` until Ctrl-C or SIGTERM.
pub async fn serve(settings: Settings, urls: Vec<UrlPattern>) -> io::Result<()> {
    let addr = settings.bind_address;
    let app = App::new(settings, urls).map_err(io::Error::other)?;
    let listener = TcpListener::bind(addr).await?;
    serve_listener(listener, Arc::new(app), shutdown_signal()).await
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Serves `app` on an already bound listener until `shutdown` resolves, then waits up to 10 s
/// for open connections to finish.
pub async fn serve_listener(
    listener: TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(app.settings().header_read_timeout)
        .keep_alive(true)
        .max_buf_size(64 * 1024);
    builder.http2().timer(TokioTimer::new()).max_concurrent_streams(200);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, remote) = match accepted {
                    Ok(pair) => pair,
                    Err(err) => {
                        tracing::warn!("accept failed: {err}");
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let app = app.clone();
                let service = service_fn(move |req| {
                    let app = app.clone();
                    async move { Ok::<_, Infallible>(handle(&app, req, remote).await) }
                });
                let conn = builder.serve_connection(TokioIo::new(stream), service).into_owned();
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(Duration::from_secs(10)) => {}
    }
    Ok(())
}

async fn handle(app: &App, req: http::Request<Incoming>, remote: SocketAddr) -> HttpResponse {
    // Cheap clones (the URI shares its buffer); formatting only happens when INFO is enabled.
    let method = req.method().clone();
    let uri = req.uri().clone();
    let version = req.version();
    let response = match read_body(app, req).await {
        Ok(request) => app.handle(request, Some(remote)).await,
        Err(mut response) => {
            crate::app::finish(&mut response);
            response
        }
    };
    let target = uri.path_and_query().map_or("", |p| p.as_str());
    let length = response.headers().get(http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).unwrap_or("0");
    tracing::info!(target: "restframe::server", "\"{method} {target} {version:?}\" {} {length}", response.status().as_u16());
    response
}

async fn read_body(app: &App, req: http::Request<Incoming>) -> Result<http::Request<Bytes>, HttpResponse> {
    let limit = app.settings().data_upload_max_memory_size;
    let declared = req
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(app.too_large());
    }
    let (parts, body) = req.into_parts();
    // Most requests (GET, HEAD, OPTIONS, DELETE) have no body: skip the collecting machinery.
    if hyper::body::Body::is_end_stream(&body) {
        return Ok(http::Request::from_parts(parts, Bytes::new()));
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(http::Request::from_parts(parts, collected.to_bytes())),
        Err(err) if err.downcast_ref::<http_body_util::LengthLimitError>().is_some() => Err(app.too_large()),
        Err(err) => {
            tracing::warn!("could not read a request body: {err}");
            let err = crate::exceptions::ApiError::parse_error("Malformed request.");
            Err(plain_json(err.status(), &err.body()))
        }
    }
}
