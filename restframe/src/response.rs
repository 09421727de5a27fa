//! DRF's `rest_framework.response.Response`: data plus status and headers, rendered later by
//! the negotiated renderer.

use std::sync::{Arc, OnceLock};

use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, StatusCode};
use serde::Serialize;
use serde_json::Value;

use crate::exceptions::Detail;
pub use crate::renderers::ResponseData;

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
#[derive(Clone)]
pub struct Response {
    status: StatusCode,
    data: Data,
    headers: HeaderMap,
    exception: Option<Arc<Detail>>,
}

#[derive(Clone)]
enum Data {
    Empty,
    Value(Value),
    Typed(Arc<dyn TypedData>),
}

/// Typed data and its `Value`, built only if someone asks for [`Response::data`].
struct Typed<T> {
    data: T,
    value: OnceLock<Value>,
}

trait TypedData: Send + Sync {
    fn data(&self) -> &dyn ResponseData;
    fn value(&self) -> &Value;
}

impl<T: ResponseData> TypedData for Typed<T> {
    fn data(&self) -> &dyn ResponseData {
        &self.data
    }
    fn value(&self) -> &Value {
        // Only data that no `Value` can hold (a map with non-string keys) fails here; rendering
        // it fails the same way and answers 500.
        self.value.get_or_init(|| self.data.to_value().unwrap_or(Value::Null))
    }
}

/// What the renderer gets: a `Value`, or typed data it may write directly.
pub(crate) enum Body<'a> {
    Value(&'a Value),
    Typed(&'a dyn ResponseData),
}

impl Response {
    /// `Response(data, status=status)`.
    pub fn new(status: StatusCode, data: Value) -> Self {
        Self { status, data: Data::Value(data), headers: HeaderMap::new(), exception: None }
    }

    /// `Response(data)` with status 200.
    pub fn json(data: Value) -> Self {
        Self::new(StatusCode::OK, data)
    }

    /// `Response(data)` with status 200 for any `T: Serialize`: the same response as
    /// `Response::json(serde_json::to_value(data)?)`, but the JSON renderer writes `data`
    /// directly, without building and dropping a `Value` (the cheapest way to answer).
    ///
    /// ```
    /// use restframe::response::Response;
    /// use serde_json::json;
    ///
    /// #[derive(serde::Serialize)]
    /// struct Hello {
    ///     message: &'static str,
    /// }
    /// let r = Response::typed(Hello { message: "Hello, World!" });
    /// assert_eq!(r.data(), Some(&json!({"message": "Hello, World!"})));
    /// ```
    pub fn typed<T: Serialize + Send + Sync + 'static>(data: T) -> Self {
        let typed = Typed { data, value: OnceLock::new() };
        Self { status: StatusCode::OK, data: Data::Typed(Arc::new(typed)), headers: HeaderMap::new(), exception: None }
    }

    /// A response without a body (`Response(status=204)`): no `Content-Type`, empty body.
    pub fn empty(status: StatusCode) -> Self {
        Self { status, data: Data::Empty, headers: HeaderMap::new(), exception: None }
    }

    /// Adds (or replaces) a header.
    #[must_use]
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Replaces the status.
    #[must_use]
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The unrendered data, `None` for an empty response. Typed data ([`Response::typed`]) is
    /// converted on the first call (`Value::Null` if no `Value` can hold it).
    pub fn data(&self) -> Option<&Value> {
        match &self.data {
            Data::Empty => None,
            Data::Value(value) => Some(value),
            Data::Typed(typed) => Some(typed.value()),
        }
    }

    /// The data as the renderer should see it.
    pub(crate) fn body(&self) -> Option<Body<'_>> {
        match &self.data {
            Data::Empty => None,
            Data::Value(value) => Some(Body::Value(value)),
            Data::Typed(typed) => Some(Body::Typed(typed.data())),
        }
    }

    /// DRF's `response.exception`: the detail (messages with their codes) of the exception
    /// this response answers, set by the view's exception handling; `None` for a view's own
    /// response. Renderers see it ([`crate::renderers::RenderContext`]): drf-spectacular's YAML
    /// renderer writes each message with its code, `TemplateHTMLRenderer` an error page.
    pub fn exception(&self) -> Option<&Detail> {
        self.exception.as_deref()
    }

    /// Marks the response as answering an exception with `detail` (see [`Response::exception`]).
    #[must_use]
    pub fn with_exception(mut self, detail: Detail) -> Self {
        self.exception = Some(Arc::new(detail));
        self
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

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("data", &self.data())
            .field("headers", &self.headers)
            .finish()
    }
}
