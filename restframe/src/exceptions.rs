//! DRF's `rest_framework.exceptions`: every `APIException` kind as an [`ApiError`] value that
//! renders itself, plus the [`ErrorDetail`] / [`Detail`] tree that validation errors carry.
//!
//! ```
//! use restframe::exceptions::ApiError;
//! use restframe::status;
//!
//! let err = ApiError::not_found();
//! assert_eq!(err.status(), status::HTTP_404_NOT_FOUND);
//! assert_eq!(err.body().to_string(), r#"{"detail":"Not found."}"#);
//! ```

use std::error::Error;
use std::fmt;
use std::sync::Arc;

use http::StatusCode;
use serde_json::{Map, Value};

/// One error message with its machine-readable code, like DRF's `ErrorDetail` (a `str` with a `code`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ErrorDetail {
    /// The human-readable message that ends up in the JSON body.
    pub string: String,
    /// The code (`"invalid"`, `"required"`, ...), never rendered in the default body.
    pub code: String,
}

impl ErrorDetail {
    /// A message with its code.
    pub fn new(string: impl Into<String>, code: impl Into<String>) -> Self {
        Self { string: string.into(), code: code.into() }
    }
}

impl fmt::Display for ErrorDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.string)
    }
}

/// The structure an exception carries: a single message, a list, or a dict keyed by field name
/// (insertion order is kept, as in DRF's output).
#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    /// A single message (`{"detail": "..."}` when it is the whole body).
    Message(ErrorDetail),
    /// A list of details, rendered as a JSON array.
    List(Vec<Detail>),
    /// Field name to detail, rendered as a JSON object in insertion order.
    Dict(Vec<(String, Detail)>),
}

impl Detail {
    /// The JSON DRF renders for this detail (codes dropped).
    pub fn to_json(&self) -> Value {
        match self {
            Detail::Message(m) => Value::String(m.string.clone()),
            Detail::List(items) => Value::Array(items.iter().map(Detail::to_json).collect()),
            Detail::Dict(entries) => {
                let mut map = Map::new();
                for (k, v) in entries {
                    map.insert(k.clone(), v.to_json());
                }
                Value::Object(map)
            }
        }
    }

    /// The same structure with codes instead of messages, like DRF's `get_codes()`.
    pub fn codes(&self) -> Value {
        match self {
            Detail::Message(m) => Value::String(m.code.clone()),
            Detail::List(items) => Value::Array(items.iter().map(Detail::codes).collect()),
            Detail::Dict(entries) => {
                Value::Object(entries.iter().map(|(k, v)| (k.clone(), v.codes())).collect::<Map<_, _>>())
            }
        }
    }

    /// The structure with `{"message": ..., "code": ...}` leaves, like DRF's `get_full_details()`.
    pub fn full_details(&self) -> Value {
        match self {
            Detail::Message(m) => serde_json::json!({"message": m.string, "code": m.code}),
            Detail::List(items) => Value::Array(items.iter().map(Detail::full_details).collect()),
            Detail::Dict(entries) => {
                Value::Object(entries.iter().map(|(k, v)| (k.clone(), v.full_details())).collect::<Map<_, _>>())
            }
        }
    }
}

impl From<ErrorDetail> for Detail {
    fn from(value: ErrorDetail) -> Self {
        Detail::Message(value)
    }
}

/// Which DRF exception class an [`ApiError`] stands for. The pipeline needs it for the 401/403
/// rewrite and the `Retry-After` header; a custom exception handler may branch on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `APIException` itself (500, `A server error occurred.`).
    Api,
    /// `ValidationError` (400).
    Validation,
    /// `ParseError` (400).
    Parse,
    /// `AuthenticationFailed` (401, or 403 without an `authenticate_header`).
    AuthenticationFailed,
    /// `NotAuthenticated` (401, or 403 without an `authenticate_header`).
    NotAuthenticated,
    /// `PermissionDenied` (403).
    PermissionDenied,
    /// `NotFound` (404).
    NotFound,
    /// `MethodNotAllowed` (405).
    MethodNotAllowed,
    /// `NotAcceptable` (406).
    NotAcceptable,
    /// 413: the body exceeds the configured limit (Django answers an HTML 400 here).
    RequestTooLarge,
    /// `UnsupportedMediaType` (415).
    UnsupportedMediaType,
    /// `Throttled` (429).
    Throttled,
    /// An error that is not an API exception: rendered as a plain 500 that leaks nothing.
    Internal,
}

/// An API error that renders itself: DRF's `APIException` family as one value.
///
/// Handlers return `Result<Response, ApiError>`. The errors a handler usually meets convert with
/// `?` (`sea_orm::DbErr`, `std::io::Error`, `serde_json::Error`, `CreateUserError`, ...); any
/// other error becomes a 500 with [`ResultExt::or_500`] or [`ApiError::from_error`]. The cause of
/// an internal 500 is logged, never sent to the client, and stays reachable through
/// [`Error::source`]:
///
/// ```
/// use std::error::Error;
/// use restframe::exceptions::{ApiError, ResultExt};
///
/// fn port(text: &str) -> Result<u16, ApiError> {
///     text.parse::<u16>().or_500()
/// }
/// let err = port("http").unwrap_err();
/// assert_eq!(err.status(), 500);
/// assert_eq!(err.body().to_string(), r#"{"error":"Server Error (500)"}"#);
/// assert_eq!(err.source().map(ToString::to_string).as_deref(), Some("invalid digit found in string"));
/// ```
///
/// Domain errors keep `std::error::Error` and choose their own answer with a `From` impl:
///
/// ```
/// use restframe::exceptions::ApiError;
///
/// #[derive(Debug)]
/// enum TransferError { Overdrawn, Ledger(std::io::Error) }
/// impl std::fmt::Display for TransferError {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         match self { Self::Overdrawn => f.write_str("overdrawn"), Self::Ledger(_) => f.write_str("ledger failed") }
///     }
/// }
/// impl std::error::Error for TransferError {}
/// impl From<TransferError> for ApiError {
///     fn from(err: TransferError) -> Self {
///         match err {
///             TransferError::Overdrawn => ApiError::validation_message("Insufficient funds."),
///             other => ApiError::from_error(other),
///         }
///     }
/// }
/// assert_eq!(ApiError::from(TransferError::Overdrawn).status(), 400);
/// ```
#[derive(Clone, Debug)]
pub struct ApiError {
    kind: ErrorKind,
    status: StatusCode,
    detail: Detail,
    wait: Option<f64>,
    cause: Option<Arc<dyn Error + Send + Sync>>,
}

/// The cause of an internal error given as text ([`ApiError::internal`]).
#[derive(Debug)]
struct InternalMessage(String);

impl fmt::Display for InternalMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for InternalMessage {}

impl ApiError {
    /// An error of `kind` with an explicit status and detail.
    pub fn new(kind: ErrorKind, status: StatusCode, detail: impl Into<Detail>) -> Self {
        Self { kind, status, detail: detail.into(), wait: None, cause: None }
    }

    fn message(kind: ErrorKind, status: StatusCode, msg: impl Into<String>, code: &str) -> Self {
        Self::new(kind, status, ErrorDetail::new(msg, code))
    }

    /// `APIException()`: 500 `A server error occurred.`
    pub fn api_exception() -> Self {
        Self::message(ErrorKind::Api, StatusCode::INTERNAL_SERVER_ERROR, "A server error occurred.", "error")
    }

    /// `ValidationError(detail)`: 400 with the detail as the body. A bare message is wrapped in a
    /// list, exactly as DRF does (`ValidationError("x")` renders `["x"]`).
    pub fn validation(detail: impl Into<Detail>) -> Self {
        let detail = match detail.into() {
            m @ Detail::Message(_) => Detail::List(vec![m]),
            other => other,
        };
        Self::new(ErrorKind::Validation, StatusCode::BAD_REQUEST, detail)
    }

    /// `ValidationError(msg)` with the default code `invalid`.
    pub fn validation_message(msg: impl Into<String>) -> Self {
        Self::validation(ErrorDetail::new(msg, "invalid"))
    }

    /// `ParseError(msg)`: 400 `{"detail": msg}`.
    pub fn parse_error(msg: impl Into<String>) -> Self {
        Self::message(ErrorKind::Parse, StatusCode::BAD_REQUEST, msg, "parse_error")
    }

    /// `AuthenticationFailed(msg)`: 401 (403 when the first authenticator has no header).
    pub fn authentication_failed(msg: impl Into<String>) -> Self {
        Self::message(ErrorKind::AuthenticationFailed, StatusCode::UNAUTHORIZED, msg, "authentication_failed")
    }

    /// `NotAuthenticated()`: 401 `Authentication credentials were not provided.`
    pub fn not_authenticated() -> Self {
        Self::message(
            ErrorKind::NotAuthenticated,
            StatusCode::UNAUTHORIZED,
            "Authentication credentials were not provided.",
            "not_authenticated",
        )
    }

    /// `PermissionDenied()`: 403 `You do not have permission to perform this action.`
    pub fn permission_denied() -> Self {
        Self::permission_denied_with("You do not have permission to perform this action.")
    }

    /// `PermissionDenied(msg)` with a custom message.
    pub fn permission_denied_with(msg: impl Into<String>) -> Self {
        Self::message(ErrorKind::PermissionDenied, StatusCode::FORBIDDEN, msg, "permission_denied")
    }

    /// `NotFound()`: 404 `Not found.`
    pub fn not_found() -> Self {
        Self::not_found_with("Not found.")
    }

    /// `NotFound(msg)` with a custom message.
    pub fn not_found_with(msg: impl Into<String>) -> Self {
        Self::message(ErrorKind::NotFound, StatusCode::NOT_FOUND, msg, "not_found")
    }

    /// `MethodNotAllowed(method)`: 405 `Method "POST" not allowed.`
    pub fn method_not_allowed(method: &str) -> Self {
        Self::message(
            ErrorKind::MethodNotAllowed,
            StatusCode::METHOD_NOT_ALLOWED,
            format!("Method \"{}\" not allowed.", method.to_ascii_uppercase()),
            "method_not_allowed",
        )
    }

    /// `NotAcceptable()`: 406 `Could not satisfy the request Accept header.`
    pub fn not_acceptable() -> Self {
        Self::message(
            ErrorKind::NotAcceptable,
            StatusCode::NOT_ACCEPTABLE,
            "Could not satisfy the request Accept header.",
            "not_acceptable",
        )
    }

    /// 413 `Request body exceeded the maximum size of N bytes.` (restframe's JSON answer where
    /// Django renders an HTML 400 page).
    pub fn request_too_large(limit: usize) -> Self {
        Self::message(
            ErrorKind::RequestTooLarge,
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("Request body exceeded the maximum size of {limit} bytes."),
            "request_too_large",
        )
    }

    /// `UnsupportedMediaType(media_type)`: 415 `Unsupported media type "x" in request.`
    pub fn unsupported_media_type(media_type: &str) -> Self {
        Self::message(
            ErrorKind::UnsupportedMediaType,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Unsupported media type \"{media_type}\" in request."),
            "unsupported_media_type",
        )
    }

    /// `Throttled(wait)`: 429 with DRF's `Expected available in N seconds.` suffix and a
    /// `Retry-After` header when `wait` is positive.
    pub fn throttled(wait: Option<f64>) -> Self {
        let mut msg = String::from("Request was throttled.");
        let rounded = wait.map(|w| w.ceil().max(0.0) as u64);
        if let Some(secs) = rounded {
            if secs == 1 {
                msg.push_str(" Expected available in 1 second.");
            } else {
                msg.push_str(&format!(" Expected available in {secs} seconds."));
            }
        }
        let mut err = Self::message(ErrorKind::Throttled, StatusCode::TOO_MANY_REQUESTS, msg, "throttled");
        err.wait = wait;
        err
    }

    /// A non-API failure described by text: rendered as a generic 500; `cause` is logged,
    /// never sent.
    pub fn internal(cause: impl fmt::Display) -> Self {
        Self::internal_caused_by(Arc::new(InternalMessage(cause.to_string())))
    }

    /// A non-API failure caused by `err`: rendered as a generic 500; `err` is logged, never
    /// sent, and stays the [`Error::source`] of the `ApiError` (with its own source chain).
    pub fn from_error(err: impl Error + Send + Sync + 'static) -> Self {
        Self::internal_caused_by(Arc::new(err))
    }

    fn internal_caused_by(cause: Arc<dyn Error + Send + Sync>) -> Self {
        let mut err =
            Self::message(ErrorKind::Internal, StatusCode::INTERNAL_SERVER_ERROR, "Server Error (500)", "error");
        err.cause = Some(cause);
        err
    }

    /// Replaces the code of a single-message detail (DRF's `code=` argument).
    #[must_use]
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        if let Detail::Message(m) = &mut self.detail {
            m.code = code.into();
        }
        self
    }

    /// Replaces the status (used for the 401 → 403 rewrite).
    #[must_use]
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// Which DRF exception this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The HTTP status this error renders with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The detail structure (messages with their codes).
    pub fn detail(&self) -> &Detail {
        &self.detail
    }

    /// Seconds until a throttled request may be retried.
    pub fn wait(&self) -> Option<f64> {
        self.wait
    }

    /// The logged cause of an internal error (its text is what the log shows).
    pub fn cause(&self) -> Option<&(dyn Error + Send + Sync + 'static)> {
        self.cause.as_deref()
    }

    /// The JSON body DRF's default exception handler renders: a list or dict detail is the
    /// body itself, a single message becomes `{"detail": message}`.
    pub fn body(&self) -> Value {
        match (&self.kind, &self.detail) {
            (ErrorKind::Internal, _) => serde_json::json!({"error": "Server Error (500)"}),
            (_, Detail::Message(m)) => serde_json::json!({"detail": m.string}),
            (_, other) => other.to_json(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.detail.to_json())
    }
}

/// The source of an internal error is its cause; API errors have none.
impl Error for ApiError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.cause.as_deref().map(|cause| cause as &(dyn Error + 'static))
    }
}

/// A database failure is an internal 500 (its text is logged only).
impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        ApiError::from_error(err)
    }
}

/// An I/O failure is an internal 500 (its text is logged only).
impl From<std::io::Error> for ApiError {
    fn from(err: std::io::Error) -> Self {
        ApiError::from_error(err)
    }
}

/// A JSON (de)serialization failure in server code is an internal 500; request bodies are parsed
/// by the parsers, which answer DRF's 400 `JSON parse error - ...` instead.
impl From<serde_json::Error> for ApiError {
    fn from(err: serde_json::Error) -> Self {
        ApiError::from_error(err)
    }
}

/// `.or_500()`: any other error as an internal 500 that keeps it as its source (axum's
/// `BoxError` route, spelled out where it happens).
pub trait ResultExt<T> {
    /// `Err(e)` becomes [`ApiError::from_error`]`(e)`.
    fn or_500(self) -> Result<T, ApiError>;
}

impl<T, E: Error + Send + Sync + 'static> ResultExt<T> for Result<T, E> {
    fn or_500(self) -> Result<T, ApiError> {
        self.map_err(ApiError::from_error)
    }
}

/// Django's `ImproperlyConfigured`: a configuration mistake found when the app is built (a bad
/// route, a route declared twice, an invalid throttle rate).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImproperlyConfigured(pub String);

impl std::fmt::Display for ImproperlyConfigured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImproperlyConfigured {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttled_messages_round_up_like_drf() {
        let cases = [
            (Some(0.2), "Request was throttled. Expected available in 1 second."),
            (Some(1.0001), "Request was throttled. Expected available in 2 seconds."),
            (Some(59.2), "Request was throttled. Expected available in 60 seconds."),
            (Some(0.0), "Request was throttled. Expected available in 0 seconds."),
            (None, "Request was throttled."),
        ];
        for (wait, msg) in cases {
            assert_eq!(ApiError::throttled(wait).body(), serde_json::json!({ "detail": msg }));
        }
    }

    #[test]
    fn validation_error_with_a_message_renders_a_bare_list() {
        let err = ApiError::validation_message("x");
        assert_eq!(err.body().to_string(), r#"["x"]"#);
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn validation_error_with_a_dict_keeps_order_and_codes() {
        let detail = Detail::Dict(vec![
            ("b".into(), Detail::List(vec![ErrorDetail::new("bad b", "invalid").into()])),
            ("a".into(), Detail::List(vec![ErrorDetail::new("bad a", "required").into()])),
        ]);
        let err = ApiError::validation(detail);
        assert_eq!(err.body().to_string(), r#"{"b":["bad b"],"a":["bad a"]}"#);
        assert_eq!(err.detail().codes().to_string(), r#"{"b":["invalid"],"a":["required"]}"#);
        assert_eq!(
            err.detail().full_details().to_string(),
            r#"{"b":[{"message":"bad b","code":"invalid"}],"a":[{"message":"bad a","code":"required"}]}"#
        );
    }

    #[test]
    fn method_not_allowed_upper_cases_the_method() {
        assert_eq!(
            ApiError::method_not_allowed("foo").body().to_string(),
            r#"{"detail":"Method \"FOO\" not allowed."}"#
        );
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let err: ApiError = std::io::Error::other("secret path /etc/x").into();
        assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(err.body().to_string(), r#"{"error":"Server Error (500)"}"#);
        assert_eq!(err.cause().map(ToString::to_string).as_deref(), Some("secret path /etc/x"));
    }

    #[test]
    fn internal_errors_keep_the_source_chain() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl fmt::Display for Outer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("saving failed")
            }
        }
        impl Error for Outer {
            fn source(&self) -> Option<&(dyn Error + 'static)> {
                Some(&self.0)
            }
        }
        let err = ApiError::from_error(Outer(std::io::Error::other("disk full")));
        let outer = err.source().expect("the cause");
        assert_eq!(outer.to_string(), "saving failed");
        assert_eq!(outer.source().map(ToString::to_string).as_deref(), Some("disk full"));
        assert!(ApiError::not_found().source().is_none());
        // Text causes keep their text; `or_500` keeps the error itself.
        assert_eq!(ApiError::internal("no db").cause().map(ToString::to_string).as_deref(), Some("no db"));
        let parsed: Result<u8, ApiError> = "x".parse::<u8>().or_500();
        let err = parsed.expect_err("not a number");
        assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(err.source().map(ToString::to_string).as_deref(), Some("invalid digit found in string"));
    }
}
