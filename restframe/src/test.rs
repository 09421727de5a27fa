//! DRF's `rest_framework.test`: [`APIClient`] calls the whole URL conf in process, with
//! `credentials(...)` and `force_authenticate(...)`.
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::test::APIClient;
//! use serde_json::json;
//!
//! struct PingView;
//! #[api_view]
//! impl APIView for PingView {
//!     async fn get(&self, _r: &Request) -> Result<Response, ApiError> {
//!         Ok(Response::json(json!({"pong": true})))
//!     }
//! }
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let client = APIClient::new(App::new(Settings::default(), urlpatterns![path("ping", PingView)]).unwrap());
//! let response = client.get("/ping").await;
//! assert_eq!(response.status(), 200);
//! assert_eq!(response.json(), json!({"pong": true}));
//! # });
//! ```

use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use serde_json::Value;

use crate::app::App;
use crate::authentication::Authenticated;
use crate::request::ForceAuthenticate;

/// An in-process client for a whole [`App`], like DRF's `APIClient`.
#[derive(Clone)]
pub struct APIClient {
    app: Arc<App>,
    authorization: Option<String>,
    forced: Option<Authenticated>,
}

impl std::fmt::Debug for APIClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("APIClient").finish_non_exhaustive()
    }
}

impl APIClient {
    /// A client for `app`.
    pub fn new(app: App) -> Self {
        Self::shared(Arc::new(app))
    }

    /// A client for an app that is shared (for example with a running server).
    pub fn shared(app: Arc<App>) -> Self {
        Self { app, authorization: None, forced: None }
    }

    /// `client.credentials(HTTP_AUTHORIZATION=...)`: send this `Authorization` header on every
    /// request; `None` clears it.
    pub fn credentials(&mut self, authorization: Option<&str>) -> &mut Self {
        self.authorization = authorization.map(str::to_owned);
        self
    }

    /// `client.force_authenticate(user)`: every request is authenticated as this user without
    /// running the authenticators; `None` undoes it.
    pub fn force_authenticate(&mut self, authenticated: Option<Authenticated>) -> &mut Self {
        self.forced = authenticated;
        self
    }

    /// `client.logout()`: clears credentials and forced authentication.
    pub fn logout(&mut self) -> &mut Self {
        self.authorization = None;
        self.forced = None;
        self
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Method::GET, path, &[], Bytes::new()).await
    }

    /// `POST path` with a JSON body (`format='json'`).
    pub async fn post(&self, path: &str, data: &Value) -> TestResponse {
        self.json(Method::POST, path, data).await
    }

    /// Any method with a JSON body.
    pub async fn json(&self, method: Method, path: &str, data: &Value) -> TestResponse {
        let body = Bytes::from(data.to_string());
        self.request(method, path, &[("content-type", "application/json")], body).await
    }

    /// Any method, explicit headers and raw body.
    pub async fn request(&self, method: Method, path: &str, headers: &[(&str, &str)], body: Bytes) -> TestResponse {
        let mut builder = http::Request::builder().method(method).uri(path);
        if let Some(auth) = &self.authorization {
            builder = builder.header(http::header::AUTHORIZATION, auth.as_str());
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let mut request = match builder.body(body) {
            Ok(r) => r,
            Err(err) => panic!("invalid test request: {err}"),
        };
        if let Some(forced) = &self.forced {
            request.extensions_mut().insert(ForceAuthenticate(forced.clone()));
        }
        let response = if request.body().len() > self.app.settings().data_upload_max_memory_size {
            self.app.too_large()
        } else {
            self.app.handle(request, None).await
        };
        let (parts, body) = response.into_parts();
        let body = http_body_util::BodyExt::collect(body).await.map(|c| c.to_bytes()).unwrap_or_default();
        TestResponse { status: parts.status, headers: parts.headers, body }
    }
}

/// A rendered response as a test sees it.
#[derive(Clone, Debug)]
pub struct TestResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl TestResponse {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }
    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    /// One header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The body parsed as JSON (`Value::Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}
