//! The HTTP server: hyper 1 via hyper-util (HTTP/1.1 and h2c on one port), body-size limit
//! answered with 413 before the body is read, header-read timeout, keep-alive with idle
//! connections closed after the same timeout, a runserver-style log line per request
//! (`"GET /api-hello HTTP/1.1" 200 27`, target `restframe::server`), panics turned into 500s,
//! and graceful shutdown on Ctrl-C / SIGTERM.

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

mod idle;

use crate::app::{App, HttpResponse, dispatch_caught};
use crate::finalize::error_response;
use crate::settings::Settings;
use crate::urls::UrlPattern;
use idle::{Activity, Connections, InFlight, Tracked};

/// Builds the app and serves it on `settings.bind_address` until Ctrl-C or SIGTERM.
pub async fn serve(settings: Settings, urls: Vec<UrlPattern>) -> io::Result<()> {
    let addr = settings.server_limits().bind_address;
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
        .header_read_timeout(app.settings().server_limits().header_read_timeout)
        .keep_alive(true)
        .max_buf_size(64 * 1024);
    builder.http2().timer(TokioTimer::new()).max_concurrent_streams(200);
    let idle_timeout = app.settings().server_limits().header_read_timeout;
    let connections = Arc::new(Connections::default());
    let watchdog = tokio::spawn({
        let connections = connections.clone();
        async move { connections.watch(idle_timeout).await }
    });
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, remote) = match accepted {
                    Ok(pair) => pair,
                    Err(err) => {
                        // Typically out of file descriptors: back off instead of spinning.
                        tracing::warn!("accept failed: {err}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let app = app.clone();
                let activity = Activity::new();
                let tracker = activity.clone();
                let service = service_fn(move |req| handle(app.clone(), req, remote, tracker.request()));
                let io = TokioIo::new(Tracked::new(stream, activity.clone()));
                let conn = graceful.watch(builder.serve_connection(io, service).into_owned());
                // The watchdog aborts the task of an idle connection (dropping the connection
                // future closes the socket).
                connections.spawn(activity, async move {
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
    watchdog.abort();
    Ok(())
}

/// One request, start to finish, as a single future: every `async fn` layer between hyper and
/// the view moves the request head and the response once more, so the server path inlines
/// [`App::handle`] rather than calling it.
async fn handle(
    app: Arc<App>,
    req: http::Request<Incoming>,
    remote: SocketAddr,
    in_flight: InFlight,
) -> Result<HttpResponse, Infallible> {
    // What the log line needs, only when it is enabled (cheap clones, but not free).
    let log = tracing::enabled!(target: "restframe::server", tracing::Level::INFO)
        .then(|| (req.method().clone(), req.uri().clone(), req.version()));
    let (head, body) = req.into_parts();
    // Most requests (GET, HEAD, OPTIONS, DELETE) have no body: no length check, no collecting
    // (and the collecting future, boxed, does not make every request's future bigger).
    let body = if hyper::body::Body::is_end_stream(&body) {
        Ok(Bytes::new())
    } else {
        Box::pin(read_body(&app, &head, body)).await
    };
    let response = match body.map(|body| (body, app.route(&head))) {
        Ok((body, Ok((view, kwargs)))) => {
            dispatch_caught(view, &mut app.request(view, head, body, Some(remote), kwargs)).await
        }
        Ok((_, Err(response))) | Err(response) => response,
    };
    if let Some((method, uri, version)) = log {
        let target = uri.path_and_query().map_or("", |p| p.as_str());
        // The body's length, which is what `Content-Length` says (or hyper writes).
        let length = hyper::body::Body::size_hint(response.body()).exact().unwrap_or(0);
        tracing::info!(target: "restframe::server", "\"{method} {target} {version:?}\" {} {length}", response.status().as_u16());
    }
    drop(in_flight);
    Ok(response)
}

/// The request body, read up to the size limit; the finished 413 or 400 response when it
/// cannot be.
async fn read_body(app: &App, head: &http::request::Parts, body: Incoming) -> Result<Bytes, HttpResponse> {
    let limit = app.settings().server_limits().data_upload_max_memory_size;
    let declared = head
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(app.too_large());
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(err) if err.downcast_ref::<http_body_util::LengthLimitError>().is_some() => Err(app.too_large()),
        Err(err) => {
            tracing::warn!("could not read a request body: {err}");
            Err(error_response(&crate::exceptions::ApiError::parse_error("Malformed request.")))
        }
    }
}
