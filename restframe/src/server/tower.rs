//! [`App`] as a [`tower_service::Service`], so tower and tower-http layers (CORS, compression,
//! request ids, timeouts, tracing) wrap it, and [`serve_listener_with`](super::serve_listener_with)
//! serves it with a layer, the way `axum::serve` serves a `Router` with its `.layer(..)`s.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::Body;

use super::body::{BoxError, ConnectionBudget, read_body};
use crate::app::{App, HttpResponse, dispatch_caught};

/// The client's socket address, as a request extension. The server adds it to every request
/// it hands to a layered service; a request without it has no remote address (throttles then
/// see only `X-Forwarded-For`, as in a test client).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RemoteAddr(pub SocketAddr);

/// An [`App`] as a cloneable [`tower_service::Service`] for `http::Request<B>` with any body `B`.
///
/// The body is read as the server reads it: `DATA_UPLOAD_MAX_MEMORY_SIZE` (413) and the body
/// timeouts (408) apply. The response is [`HttpResponse`]; the service never fails.
///
/// ```
/// use std::sync::Arc;
/// use restframe::prelude::*;
/// use restframe::server::AppService;
/// use tower_service::Service;
///
/// struct Hello;
/// #[api_view]
/// impl APIView for Hello {
///     async fn get(&self, _request: &Request) -> Result<Response, ApiError> {
///         Ok(Response::json(serde_json::json!({"message": "Hello, World!"})))
///     }
/// }
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let app = App::new(Settings::default(), urlpatterns![path("hello", Hello)]).unwrap();
/// let mut service = AppService::new(Arc::new(app));
/// let request = http::Request::get("/hello").body(http_body_util::Empty::<bytes::Bytes>::new()).unwrap();
/// let response = service.call(request).await.unwrap();
/// assert_eq!(response.status(), 200);
/// # });
/// ```
#[derive(Clone, Debug)]
pub struct AppService {
    app: Arc<App>,
}

impl AppService {
    /// The service for `app`.
    pub fn new(app: Arc<App>) -> Self {
        Self { app }
    }

    /// The app it serves.
    pub fn app(&self) -> &Arc<App> {
        &self.app
    }
}

impl From<Arc<App>> for AppService {
    fn from(app: Arc<App>) -> Self {
        Self::new(app)
    }
}

impl<B> tower_service::Service<http::Request<B>> for AppService
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    type Response = HttpResponse;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let app = self.app.clone();
        Box::pin(async move { Ok(respond(&app, request).await) })
    }
}

/// One request through the app, its body read under the server's rules.
async fn respond<B>(app: &App, request: http::Request<B>) -> HttpResponse
where
    B: Body,
    B::Error: Into<BoxError>,
{
    let (head, body) = request.into_parts();
    let remote = head.extensions.get::<RemoteAddr>().map(|r| r.0);
    let budget = head.extensions.get::<ConnectionBudget>().cloned();
    let read = if body.is_end_stream() {
        None
    } else {
        match read_body(app, &head, body, budget.as_ref()).await {
            Ok(read) => Some(read),
            Err(response) => return response,
        }
    };
    let (bytes, _held) = match read {
        Some(read) => (read.bytes, read.held),
        None => (Bytes::new(), None),
    };
    match app.route(&head) {
        Ok(routed) => {
            let view = routed.view;
            dispatch_caught(view, &mut app.request(routed, head, bytes, remote)).await
        }
        Err(response) => response,
    }
}
