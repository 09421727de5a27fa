//! DRF's `rest_framework.parsers`: turn a request body into `request.data`, chosen by the
//! request's `Content-Type`.
//!
//! Errors match DRF: malformed JSON is a 400 with Python's own message
//! (`{"detail":"JSON parse error - Expecting value: line 1 column 6 (char 5)"}`), an unknown
//! content type a 415 (`Unsupported media type "text/plain" in request.`).
//!
//! Uploaded files of a multipart body are not part of `request.data` (DRF merges them in as
//! file objects, which have no JSON form); read them with
//! [`Request::files`](crate::request::Request::files).
//!
//! ```
//! use bytes::Bytes;
//! use restframe::parsers::{JSONParser, Parser, ParserContext, UploadLimits};
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let context = ParserContext { content_type: "application/json", limits: UploadLimits::default() };
//! let body = Bytes::from_static(br#"{"a": }"#);
//! let err = JSONParser.parse(&body, context).await.unwrap_err();
//! assert_eq!(err.body()["detail"], "JSON parse error - Expecting value: line 1 column 7 (char 6)");
//! # });
//! ```

mod budget;
mod charset;
mod multipart;
mod python_json;

use std::future::Future;

use bytes::Bytes;
use http::StatusCode;
use serde_json::{Map, Value};

use crate::classes::ClassList;
use crate::exceptions::{ApiError, ErrorDetail, ErrorKind};
use crate::util::BoxFuture;

pub use multipart::MultiPartParser;

/// Longest `Content-Type` a parser is selected for; longer values are refused with 415.
pub const MAX_CONTENT_TYPE_LENGTH: usize = 256;

/// What a parser gets besides the body: DRF's `parser_context`.
#[derive(Clone, Copy, Debug)]
pub struct ParserContext<'a> {
    /// The request's full `Content-Type` value (parameters included).
    pub content_type: &'a str,
    /// The upload limits from the settings.
    pub limits: UploadLimits,
}

/// How many times `DATA_UPLOAD_MAX_MEMORY_SIZE` a parsed JSON body may take in memory
/// (26,214,400 bytes with Django's default limit). A body whose `Value`s would take more is
/// refused with 413 (see [`JSONParser`]).
pub const PARSED_JSON_MEMORY_FACTOR: usize = 10;

/// Django's `DATA_UPLOAD_MAX_NUMBER_FIELDS`, `DATA_UPLOAD_MAX_NUMBER_FILES` and
/// `DATA_UPLOAD_MAX_MEMORY_SIZE`: the only settings a parser reads, copied into its context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UploadLimits {
    /// `DATA_UPLOAD_MAX_NUMBER_FIELDS` (default 1000).
    pub max_fields: usize,
    /// `DATA_UPLOAD_MAX_NUMBER_FILES` (default 100).
    pub max_files: usize,
    /// `DATA_UPLOAD_MAX_MEMORY_SIZE` (default 2,621,440 bytes): the server refuses larger bodies
    /// before parsing; [`JSONParser`] bounds what it builds by [`PARSED_JSON_MEMORY_FACTOR`]
    /// times this.
    pub max_memory_size: usize,
}

impl Default for UploadLimits {
    /// Django's defaults: 1000 fields, 100 files, 2.5 MiB.
    fn default() -> Self {
        Self { max_fields: 1000, max_files: 100, max_memory_size: 2_621_440 }
    }
}

impl UploadLimits {
    /// The most memory a parsed JSON body may take: [`PARSED_JSON_MEMORY_FACTOR`] ×
    /// `DATA_UPLOAD_MAX_MEMORY_SIZE`.
    ///
    /// ```
    /// assert_eq!(restframe::parsers::UploadLimits::default().parsed_json_budget(), 26_214_400);
    /// ```
    pub fn parsed_json_budget(&self) -> usize {
        self.max_memory_size.saturating_mul(PARSED_JSON_MEMORY_FACTOR)
    }
}

/// One uploaded file of a multipart body (Django's `UploadedFile`), kept in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadedFile {
    /// The form field name.
    pub field_name: String,
    /// The client's file name.
    pub file_name: String,
    /// The part's `Content-Type`, if sent.
    pub content_type: Option<String>,
    /// The file's bytes.
    pub content: Bytes,
}

/// A parsed body: DRF's `DataAndFiles`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// What `request.data` returns.
    pub data: Value,
    /// Uploaded files (multipart only).
    pub files: Vec<UploadedFile>,
    /// Every value of each form field sent more than once, in order (`data` keeps the last,
    /// like `QueryDict[key]`): what `QueryDict.getlist` adds, read by many-related fields.
    pub repeated: FormLists,
}

/// The values of form fields sent more than once, by name (see [`Parsed::repeated`]).
pub type FormLists = std::sync::Arc<std::collections::HashMap<String, Vec<String>>>;

impl From<Value> for Parsed {
    fn from(data: Value) -> Self {
        Parsed { data, files: Vec::new(), repeated: FormLists::default() }
    }
}

/// Collects a form's fields: the last value of each in `data`, every value of the repeated
/// ones in `repeated` (Django's `QueryDict`).
#[derive(Debug, Default)]
pub(crate) struct FormCollector {
    data: Map<String, Value>,
    repeated: std::collections::HashMap<String, Vec<String>>,
}

impl FormCollector {
    /// Adds one `name=value` pair.
    pub(crate) fn push(&mut self, name: String, value: String) {
        if let Some(Value::String(previous)) = self.data.get(&name) {
            let values = self.repeated.entry(name.clone()).or_insert_with(|| vec![previous.clone()]);
            values.push(value.clone());
        }
        self.data.insert(name, Value::String(value));
    }

    /// The parsed body, with `files`.
    pub(crate) fn finish(self, files: Vec<UploadedFile>) -> Parsed {
        Parsed { data: Value::Object(self.data), files, repeated: std::sync::Arc::new(self.repeated) }
    }
}

/// A parser class: DRF's `BaseParser`.
///
/// ```
/// use bytes::Bytes;
/// use restframe::prelude::*;
/// use restframe::parsers::{Parsed, ParserContext};
///
/// /// `text/plain` bodies as `{"text": ...}`.
/// struct PlainTextParser;
///
/// impl Parser for PlainTextParser {
///     fn media_type(&self) -> &'static str {
///         "text/plain"
///     }
///     async fn parse(&self, body: &Bytes, _context: ParserContext<'_>) -> Result<Parsed, ApiError> {
///         let text = String::from_utf8_lossy(body).into_owned();
///         Ok(Parsed::from(serde_json::json!({ "text": text })))
///     }
/// }
///
/// let classes = parsers![JSONParser, PlainTextParser];
/// # let _ = classes;
/// ```
pub trait Parser: Send + Sync + 'static {
    /// The media type this parser handles (`application/json`).
    fn media_type(&self) -> &'static str;
    /// Parse `body`.
    fn parse(&self, body: &Bytes, context: ParserContext<'_>) -> impl Future<Output = Result<Parsed, ApiError>> + Send;
}

/// Object-safe twin of [`Parser`], implemented for every parser class: what parser lists store.
#[doc(hidden)]
pub trait DynParser: Send + Sync + 'static {
    /// See [`Parser::media_type`].
    fn media_type(&self) -> &'static str;
    /// See [`Parser::parse`].
    fn parse_dyn<'a>(&'a self, body: &'a Bytes, context: ParserContext<'a>) -> BoxFuture<'a, Result<Parsed, ApiError>>;
}

impl<P: Parser> DynParser for P {
    fn media_type(&self) -> &'static str {
        Parser::media_type(self)
    }
    fn parse_dyn<'a>(&'a self, body: &'a Bytes, context: ParserContext<'a>) -> BoxFuture<'a, Result<Parsed, ApiError>> {
        Box::pin(self.parse(body, context))
    }
}

/// A list of parser classes (`parser_classes`).
pub type Parsers = ClassList<dyn DynParser>;

/// Builds a [`Parsers`] list: `parsers![JSONParser, FormParser]`.
#[macro_export]
macro_rules! parsers {
    ($($class:expr),* $(,)?) => {
        $crate::parsers::Parsers::new(::std::vec![
            $(::std::sync::Arc::new($class) as ::std::sync::Arc<dyn $crate::parsers::DynParser>),*
        ])
    };
}

/// `application/json`, strict like DRF's default: `NaN` and `Infinity` are rejected, duplicate
/// keys keep the last value, any JSON value (also a bare list or scalar) is accepted. Nesting
/// deeper than 127 levels is a 400 (DRF's Python parser would fail with a 500 far deeper).
///
/// A body whose parsed value would take more than
/// [`UploadLimits::parsed_json_budget`] bytes (10 × `DATA_UPLOAD_MAX_MEMORY_SIZE`) is a 413
/// `{"detail":"Parsed JSON body exceeded the maximum size of 26214400 bytes."}` (code
/// `request_too_large`), where DRF would accept it: a 2.5 MB `[0,0,...]` takes ~150 MB as
/// values. Ordinary bodies take 3 to 8 times their size. A body that is also malformed gets
/// its usual 400 parse error.
#[derive(Clone, Copy, Debug, Default)]
pub struct JSONParser;

impl Parser for JSONParser {
    fn media_type(&self) -> &'static str {
        "application/json"
    }
    async fn parse(&self, body: &Bytes, context: ParserContext<'_>) -> Result<Parsed, ApiError> {
        parse_json(body, context.content_type, context.limits.parsed_json_budget()).map(Parsed::from)
    }
}

fn parse_json(body: &[u8], content_type: &str, budget: usize) -> Result<Value, ApiError> {
    let json_error = |msg: &str| ApiError::parse_error(format!("JSON parse error - {msg}"));
    let too_large = || {
        ApiError::new(
            ErrorKind::RequestTooLarge,
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorDetail::new(
                format!("Parsed JSON body exceeded the maximum size of {budget} bytes."),
                "request_too_large",
            ),
        )
    };
    let text = charset::decode(body, charset::charset_of(content_type)?).map_err(|msg| json_error(&msg))?;
    let err = match budget::parse(&text, budget) {
        Ok(value) => return Ok(value),
        Err(budget::Failure::Json(err)) => Some(err),
        Err(budget::Failure::OverBudget) => None,
    };
    // Python's message first, so a malformed body says what DRF says even when it is big.
    if let Some(msg) = python_json::python_json_error(&text) {
        return Err(json_error(&msg));
    }
    let Some(err) = err else { return Err(too_large()) };
    // Python accepts it: lone surrogate escapes (carried to the fields as markers) or a number
    // beyond f64.
    if let Some(marked) = python_json::mark_lone_surrogates(&text) {
        match budget::parse(&marked, budget) {
            Ok(value) => return Ok(value),
            Err(budget::Failure::OverBudget) => return Err(too_large()),
            Err(budget::Failure::Json(_)) => {}
        }
    }
    Err(json_error(&format!("{}: line {} column {}", strip_position(&err.to_string()), err.line(), err.column())))
}

fn strip_position(msg: &str) -> &str {
    msg.split(" at line ").next().unwrap_or(msg)
}

/// `application/x-www-form-urlencoded`: repeated keys keep the last value, like a `QueryDict`
/// rendered to JSON (all of them in [`Parsed::repeated`]). More than `data_upload_max_number_fields` fields is a 400.
#[derive(Clone, Copy, Debug, Default)]
pub struct FormParser;

impl Parser for FormParser {
    fn media_type(&self) -> &'static str {
        "application/x-www-form-urlencoded"
    }
    async fn parse(&self, body: &Bytes, context: ParserContext<'_>) -> Result<Parsed, ApiError> {
        let mut form = FormCollector::default();
        for (count, (k, v)) in form_urlencoded::parse(body).enumerate() {
            if count >= context.limits.max_fields {
                return Err(too_many_fields());
            }
            form.push(k.into_owned(), v.into_owned());
        }
        Ok(form.finish(Vec::new()))
    }
}

/// Django's `TooManyFieldsSent` message, as a 400.
pub(crate) fn too_many_fields() -> ApiError {
    ApiError::parse_error("The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.")
}

/// Picks the parser for `content_type` (main/sub type, case-insensitive, parameters ignored).
/// Content types longer than [`MAX_CONTENT_TYPE_LENGTH`] match nothing.
pub(crate) fn select_parser<'p>(
    parsers: &'p [std::sync::Arc<dyn DynParser>],
    content_type: &str,
) -> Option<&'p dyn DynParser> {
    if content_type.len() > MAX_CONTENT_TYPE_LENGTH {
        return None;
    }
    let essence = content_type.split(';').next().unwrap_or("").trim();
    parsers.iter().map(|p| p.as_ref()).find(|p| p.media_type().eq_ignore_ascii_case(essence))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(body: &[u8], content_type: &str) -> Result<Value, String> {
        parse_json(body, content_type, UploadLimits::default().parsed_json_budget())
            .map_err(|e| e.body()["detail"].as_str().unwrap_or_default().to_owned())
    }

    #[test]
    fn json_errors_carry_drf_prefix_and_python_text() {
        assert_eq!(
            json(b"{\"a\":}", "application/json"),
            Err("JSON parse error - Expecting value: line 1 column 6 (char 5)".into())
        );
        assert_eq!(
            json(b"\xff", "application/json"),
            Err("JSON parse error - 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte".into())
        );
        assert_eq!(
            json(b"\xef\xbb\xbf{}", "application/json"),
            Err("JSON parse error - Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)".into())
        );
        assert_eq!(
            json(b"{\"x\": NaN}", "application/json"),
            Err("JSON parse error - Out of range float values are not JSON compliant: 'NaN'".into())
        );
        assert_eq!(
            json(b"1e400", "application/json"),
            Err("JSON parse error - number out of range: line 1 column 5".into())
        );
    }

    #[test]
    fn json_accepts_scalars_and_last_duplicate_wins() {
        assert_eq!(json(b"[1, 2]", "application/json"), Ok(serde_json::json!([1, 2])));
        assert_eq!(json(b"\"s\"", "application/json"), Ok(serde_json::json!("s")));
        assert_eq!(json(br#"{"a":1,"a":2}"#, "application/json"), Ok(serde_json::json!({"a": 2})));
    }

    #[test]
    fn json_honours_latin1_charset() {
        assert_eq!(
            json(b"{\"n\":\"t\xf6k\"}", "application/json; charset=latin-1"),
            Ok(serde_json::json!({"n": "tök"}))
        );
    }

    #[test]
    fn deep_nesting_is_a_clean_400() {
        let deep = "[".repeat(100_000);
        assert_eq!(
            json(deep.as_bytes(), "application/json"),
            Err(
                "JSON parse error - maximum recursion depth exceeded while decoding a JSON array from a unicode string"
                    .into()
            )
        );
        let ok = "[".repeat(127) + &"]".repeat(127);
        assert!(json(ok.as_bytes(), "application/json").is_ok());
    }

    #[test]
    fn dense_json_over_the_budget_is_413_and_malformed_stays_400() {
        let zeros = format!("[{}0]", "0,".repeat(100_000));
        let err = parse_json(zeros.as_bytes(), "application/json", 1_000_000).expect_err("over budget");
        assert_eq!(err.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(
            err.body(),
            serde_json::json!({"detail": "Parsed JSON body exceeded the maximum size of 1000000 bytes."})
        );
        assert_eq!(err.detail().codes(), serde_json::json!("request_too_large"));
        // The same body within budget, and broken at its end: Python's message, not the 413.
        assert!(parse_json(zeros.as_bytes(), "application/json", 100_000_000).is_ok());
        let broken = format!("[{}0", "0,".repeat(100_000));
        assert_eq!(
            json_budget(broken.as_bytes(), 1_000_000),
            Err("JSON parse error - Expecting ',' delimiter: line 1 column 200003 (char 200002)".into())
        );
        // Lone surrogates take the second parse, under the same budget.
        let marked = format!("[{}\"\\ud800\"]", "0,".repeat(100_000));
        assert_eq!(
            parse_json(marked.as_bytes(), "application/json", 1_000_000).map_err(|e| e.status()),
            Err(StatusCode::PAYLOAD_TOO_LARGE)
        );
        assert!(parse_json(marked.as_bytes(), "application/json", 100_000_000).is_ok());
    }

    fn json_budget(body: &[u8], budget: usize) -> Result<Value, String> {
        parse_json(body, "application/json", budget)
            .map_err(|e| e.body()["detail"].as_str().unwrap_or_default().to_owned())
    }

    #[test]
    fn parser_selection_ignores_case_and_parameters() {
        let parsers: Vec<std::sync::Arc<dyn DynParser>> =
            vec![std::sync::Arc::new(JSONParser), std::sync::Arc::new(FormParser)];
        let pick = |ct: &str| select_parser(&parsers, ct).map(|p| p.media_type());
        assert_eq!(pick("APPLICATION/JSON"), Some("application/json"));
        assert_eq!(pick("application/json;foo=bar"), Some("application/json"));
        assert_eq!(pick("application/x-www-form-urlencoded; charset=utf-8"), Some("application/x-www-form-urlencoded"));
        assert_eq!(pick("application/vnd.api+json"), None);
        assert_eq!(pick(""), None);
        let long = format!("application/json; x={}", "a".repeat(250));
        assert_eq!(pick(&long), None);
    }
}
