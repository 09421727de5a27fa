//! DRF's `rest_framework.parsers`: turn a request body into `request.data`, chosen by the
//! request's `Content-Type`.

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::classes::ClassList;
use crate::exceptions::ApiError;
use crate::util::BoxFuture;

/// A parser class: DRF's `BaseParser`.
pub trait Parser: Send + Sync + 'static {
    /// The media type this parser handles (`application/json`).
    fn media_type(&self) -> &'static str;
    /// Parse `body`; `content_type` is the request's full `Content-Type` value.
    fn parse<'a>(&'a self, body: &'a Bytes, content_type: &'a str) -> BoxFuture<'a, Result<Value, ApiError>>;
}

/// A list of parser classes (`parser_classes`).
pub type Parsers = ClassList<dyn Parser>;

/// Builds a [`Parsers`] list: `parsers![JSONParser, FormParser]`.
#[macro_export]
macro_rules! parsers {
    ($($class:expr),* $(,)?) => {
        $crate::parsers::Parsers::new(::std::vec![
            $(::std::sync::Arc::new($class) as ::std::sync::Arc<dyn $crate::parsers::Parser>),*
        ])
    };
}

/// `application/json`.
#[derive(Clone, Copy, Debug, Default)]
pub struct JSONParser;

impl Parser for JSONParser {
    fn media_type(&self) -> &'static str {
        "application/json"
    }
    fn parse<'a>(&'a self, body: &'a Bytes, _content_type: &'a str) -> BoxFuture<'a, Result<Value, ApiError>> {
        Box::pin(async move {
            serde_json::from_slice(body).map_err(|e| ApiError::parse_error(format!("JSON parse error - {e}")))
        })
    }
}

/// `application/x-www-form-urlencoded`: repeated keys keep the last value, like a QueryDict
/// rendered to JSON.
#[derive(Clone, Copy, Debug, Default)]
pub struct FormParser;

impl Parser for FormParser {
    fn media_type(&self) -> &'static str {
        "application/x-www-form-urlencoded"
    }
    fn parse<'a>(&'a self, body: &'a Bytes, _content_type: &'a str) -> BoxFuture<'a, Result<Value, ApiError>> {
        Box::pin(async move {
            let mut map = Map::new();
            for (k, v) in form_urlencoded::parse(body) {
                map.insert(k.into_owned(), Value::String(v.into_owned()));
            }
            Ok(Value::Object(map))
        })
    }
}

/// Picks the parser for `content_type` (main/sub type, case-insensitive, parameters ignored).
pub fn select_parser<'p>(parsers: &'p [std::sync::Arc<dyn Parser>], content_type: &str) -> Option<&'p dyn Parser> {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    parsers.iter().map(|p| p.as_ref()).find(|p| p.media_type() == essence)
}
