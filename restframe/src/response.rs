//! DRF's `rest_framework.response.Response`: data plus status and headers, rendered later by
//! the negotiated renderer.

use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, StatusCode};
use serde_json::Value;

/// What a view returns: unrendered data, a status and extra headers.
///
/// ```
/// use restframe::response::Response;
/// use restframe::status;
/// use serde_json::json;
///
/// let r = Response::new(status::HTTP_201_CREATED, json!({"id": 1}));
/// assert_eq!(r.status(), status::HTTP_201_CREATED);
/// assert_eq!(r.data(), Some(&json!({"id": 1})));
/// ```
#[derive(Clone, Debug)]
pub struct Response {
    status: StatusCode,
    data: Option<Value>,
    headers: HeaderMap,
}

impl Response {
    /// `Response(data, status=status)`.
    pub fn new(status: StatusCode, data: Value) -> Self {
        Self { status, data: Some(data), headers: HeaderMap::new() }
    }

    /// `Response(data)` with status 200.
    pub fn json(data: Value) -> Self {
        Self::new(StatusCode::OK, data)
    }

    /// A response without a body (`Response(status=204)`): no `Content-Type`, empty body.
    pub fn empty(status: StatusCode) -> Self {
        Self { status, data: None, headers: HeaderMap::new() }
    }

    /// Adds (or replaces) a header.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Replaces the status.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The unrendered data, `None` for an empty response.
    pub fn data(&self) -> Option<&Value> {
        self.data.as_ref()
    }

    /// The extra headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Mutable access to the extra headers.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }
}
