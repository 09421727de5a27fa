//! The HTTP server: hyper 1 via hyper-util (HTTP/1.1 and h2c on one port), body-size limit
//! answered with 413 before the body is read, header-read timeout, body-read timeouts (408),
//! keep-alive with idle connections closed after the header timeout, a cap on open
//! connections, bounded HTTP/2 streams and body memory per connection, a runserver-style log
//! line per request (`"GET /api-hello HTTP/1.1" 200 27`, target `restframe::server`), panics
//! turned into 500s, graceful shutdown on Ctrl-C / SIGTERM, and tower layers around the app
//! ([`serve_listener_with`]).

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

mod accept;
mod body;
mod idle;
mod tower;

use crate::app::{App, HttpResponse, dispatch_caught};
use crate::settings::{ServerLimits, Settings};
use crate::urls::UrlPattern;
use accept::Acceptor;
use body::{BoxError, ConnectionBudget, read_body};
use idle::{Activity, Connections, InFlight, Tracked};

pub use self::tower::{AppService, RemoteAddr};

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
    let limits = app.settings().server_limits();
    // The fast path: hyper calls `handle` directly, no tower service in between.
    run(listener, limits, shutdown, move |remote, activity| {
        let app = app.clone();
        service_fn(move |req| handle(app.clone(), req, remote, activity.request()))
    })
    .await
}

/// [`serve_listener`] with a tower [`Layer`](tower_layer::Layer) around the app, like
/// `axum::serve(listener, router.layer(layer))`. The layer wraps an [`AppService`]; each
/// request reaches it with a [`RemoteAddr`] extension. The server's own rules (timeouts,
/// limits, the log line, which shows the status the client gets) stay outside the layer.
///
/// ```no_run
/// use std::sync::Arc;
/// use restframe::prelude::*;
/// use restframe::server::{serve_listener_with, shutdown_signal};
///
/// # async fn run(urls: Vec<restframe::urls::UrlPattern>) -> std::io::Result<()> {
/// let app = Arc::new(App::new(Settings::default(), urls).map_err(std::io::Error::other)?);
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
/// // Any `tower_layer::Layer`, e.g. tower-http's `CorsLayer`; `Identity` adds nothing.
/// serve_listener_with(listener, app, tower_layer::Identity::new(), shutdown_signal()).await
/// # }
/// ```
pub async fn serve_listener_with<L, ResBody>(
    listener: TcpListener,
    app: Arc<App>,
    layer: L,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()>
where
    L: tower_layer::Layer<AppService>,
    L::Service:
        tower_service::Service<http::Request<Incoming>, Response = http::Response<ResBody>> + Clone + Send + 'static,
    <L::Service as tower_service::Service<http::Request<Incoming>>>::Future: Send + 'static,
    <L::Service as tower_service::Service<http::Request<Incoming>>>::Error: Into<BoxError>,
    ResBody: http_body::Body + Send + 'static,
    ResBody::Data: Send,
    ResBody::Error: Into<BoxError>,
{
    let limits = app.settings().server_limits();
    let service = layer.layer(AppService::new(app));
    run(listener, limits, shutdown, move |remote, activity| {
        let service = service.clone();
        service_fn(move |mut req: http::Request<Incoming>| {
            req.extensions_mut().insert(RemoteAddr(remote));
            req.extensions_mut().insert(activity.budget().clone());
            let in_flight = activity.request();
            let log = log_start(&req);
            let mut service = service.clone();
            async move {
                std::future::poll_fn(|cx| tower_service::Service::poll_ready(&mut service, cx)).await?;
                let response = tower_service::Service::call(&mut service, req).await?;
                if let Some(log) = log {
                    log_line(log, response.status(), hyper::body::Body::size_hint(response.body()).exact());
                }
                drop(in_flight);
                Ok::<_, <L::Service as tower_service::Service<http::Request<Incoming>>>::Error>(response)
            }
        })
    })
    .await
}

/// The accept loop shared by both entry points: `connection_service` makes the hyper service of
/// one connection from its peer address and its activity record (which holds its body budget).
async fn run<S, ResBody>(
    listener: TcpListener,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()>,
    connection_service: impl Fn(SocketAddr, Arc<Activity>) -> S,
) -> io::Result<()>
where
    S: hyper::service::Service<http::Request<Incoming>, Response = http::Response<ResBody>> + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    ResBody: http_body::Body + Send + 'static,
    ResBody::Data: Send,
    ResBody::Error: Into<BoxError>,
{
    let builder = builder(&limits);
    let connections = Arc::new(Connections::default());
    let watchdog = tokio::spawn({
        let connections = connections.clone();
        let idle_timeout = limits.header_read_timeout;
        async move { connections.watch(idle_timeout).await }
    });
    let graceful = GracefulShutdown::new();
    let mut acceptor = Acceptor::new(listener, limits.max_connections);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            (stream, remote, slot) = acceptor.accept() => {
                let _ = stream.set_nodelay(true);
                let activity = Activity::new(ConnectionBudget::new(&limits));
                let service = connection_service(remote, activity.clone());
                let io = TokioIo::new(Tracked::new(stream, activity.clone()));
                let conn = graceful.watch(builder.serve_connection(io, service).into_owned());
                // The watchdog aborts the task of an idle connection (dropping the connection
                // future closes the socket); the slot is freed when the task ends either way.
                connections.spawn(activity, async move {
                    let _ = conn.await;
                    drop(slot);
                });
            }
            _ = &mut shutdown => break,
        }
    }
    drop(acceptor);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(Duration::from_secs(10)) => {}
    }
    watchdog.abort();
    Ok(())
}

/// HTTP/2 flow-control windows: how much body one stream, and one connection, may send before
/// the server has read it. Smaller than hyper's 1 MiB per stream so a connection's streams
/// share the connection window rather than each filling its own.
const H2_STREAM_WINDOW: u32 = 256 * 1024;
const H2_CONNECTION_WINDOW: u32 = 1024 * 1024;
/// The most response bytes buffered per HTTP/2 stream (hyper's default, stated).
const H2_MAX_SEND_BUF: usize = 400 * 1024;
/// The largest HTTP/2 header block (hyper's default, stated; HTTP/1's is `max_buf_size`).
const H2_MAX_HEADER_LIST: u32 = 16 * 1024;

/// hyper's connection builder with the limits applied.
fn builder(limits: &ServerLimits) -> Builder<TokioExecutor> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true)
        .max_buf_size(64 * 1024);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(limits.http2_max_concurrent_streams)
        .initial_stream_window_size(H2_STREAM_WINDOW)
        .initial_connection_window_size(H2_CONNECTION_WINDOW)
        .max_send_buf_size(H2_MAX_SEND_BUF)
        .max_header_list_size(H2_MAX_HEADER_LIST);
    builder
}

/// What the log line needs from the request, only when it is enabled (cheap clones, but not
/// free).
type LogStart = (http::Method, http::Uri, http::Version);

#[inline]
fn log_start<B>(req: &http::Request<B>) -> Option<LogStart> {
    tracing::enabled!(target: "restframe::server", tracing::Level::INFO)
        .then(|| (req.method().clone(), req.uri().clone(), req.version()))
}

/// runserver's line: `"GET /api-hello HTTP/1.1" 200 27`, the length being the body's (what
/// `Content-Length` says, or what hyper writes).
fn log_line((method, uri, version): LogStart, status: http::StatusCode, length: Option<u64>) {
    let target = uri.path_and_query().map_or("", |p| p.as_str());
    let length = length.unwrap_or(0);
    tracing::info!(target: "restframe::server", "\"{method} {target} {version:?}\" {} {length}", status.as_u16());
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
    let log = log_start(&req);
    let (head, body) = req.into_parts();
    // Most requests (GET, HEAD, OPTIONS, DELETE) have no body: no length check, no collecting
    // (and the collecting future, boxed, does not make every request's future bigger).
    let body = if hyper::body::Body::is_end_stream(&body) {
        Ok((Bytes::new(), None))
    } else {
        Box::pin(read_body(&app, &head, body, Some(in_flight.budget()))).await.map(|read| (read.bytes, read.held))
    };
    // The body's share of the connection's budget is held until the response is ready.
    let response = match body.map(|(body, held)| (body, held, app.route(&head))) {
        Ok((body, _held, Ok(routed))) => {
            let view = routed.view;
            dispatch_caught(view, &mut app.request(routed, head, body, Some(remote))).await
        }
        Ok((_, _, Err(response))) | Err(response) => response,
    };
    if let Some(log) = log {
        log_line(log, response.status(), hyper::body::Body::size_hint(response.body()).exact());
    }
    drop(in_flight);
    Ok(response)
}
