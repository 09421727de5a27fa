//! DRF's `rest_framework.renderers`: turn response data into bytes.
//!
//! [`JSONRenderer`] writes exactly what DRF writes: compact separators, non-ASCII left as UTF-8
//! except U+2028 / U+2029 (escaped so the output is also valid JavaScript), floats in Python's
//! `repr` style (`1e+16`, `1e-07`), and `indent=N` from the accepted media type for pretty output.
//!
//! ```
//! use restframe::renderers::{JSONRenderer, Renderer};
//! use serde_json::json;
//!
//! let data = json!({"a": [1, 2.5e16], "s": "h\u{e9}llo \u{2028}"});
//! let compact = JSONRenderer.render(&data, "application/json").unwrap();
//! assert_eq!(compact, r#"{"a":[1,2.5e+16],"s":"héllo \u2028"}"#);
//! let pretty = JSONRenderer.render(&json!({"a": [1]}), "application/json; indent=2").unwrap();
//! assert_eq!(pretty, "{\n  \"a\": [\n    1\n  ]\n}");
//! ```

use std::cell::Cell;
use std::io::{self, Write};

use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::classes::ClassList;
use crate::exceptions::{ApiError, Detail};
use crate::python::float_repr;
use crate::util::media_type_param;

/// A renderer class: DRF's `BaseRenderer`.
pub trait Renderer: Send + Sync + 'static {
    /// The media type this renderer produces (`application/json`).
    fn media_type(&self) -> &'static str;
    /// The `?format=` name (`json`).
    fn format(&self) -> &'static str;
    /// Render `data`; `accepted_media_type` is the negotiated `Accept` entry (with parameters).
    fn render(&self, data: &Value, accepted_media_type: &str) -> Result<Bytes, ApiError>;
    /// Render typed data ([`Response::typed`](crate::response::Response::typed)). The default
    /// converts it to a `Value` and calls [`Renderer::render`]; [`JSONRenderer`] writes it
    /// directly, with the same output.
    fn render_data(&self, data: &dyn ResponseData, accepted_media_type: &str) -> Result<Bytes, ApiError> {
        let value = data.to_value().map_err(ApiError::internal)?;
        self.render(&value, accepted_media_type)
    }
    /// The `Content-Type` header value for a response this renderer produced.
    fn content_type(&self) -> &'static str {
        self.media_type()
    }
    /// DRF's `render(data, accepted_media_type, renderer_context)` for a response: `context`
    /// tells its status and whether it answers an exception (drf-spectacular's YAML renderer
    /// writes error messages with their codes, `TemplateHTMLRenderer` an error page). The
    /// default ignores it and calls [`Renderer::render`].
    fn render_response(
        &self,
        data: &Value,
        accepted_media_type: &str,
        context: &RenderContext<'_>,
    ) -> Result<Bytes, ApiError> {
        let _ = context;
        self.render(data, accepted_media_type)
    }
}

/// What a renderer knows of the response it renders (DRF's `renderer_context["response"]`).
#[derive(Clone, Copy, Debug)]
pub struct RenderContext<'a> {
    /// `response.status_code`.
    pub status: http::StatusCode,
    /// `response.exception`: the detail of the exception the response answers, with its codes
    /// ([`Response::exception`](crate::response::Response::exception)).
    pub exception: Option<&'a Detail>,
}

/// Data a view handed over as a typed `T: Serialize` ([`Response::typed`](crate::response::Response::typed)), which renderers can
/// write without building a `serde_json::Value` first. Implemented for every
/// `T: Serialize + Send + Sync + 'static`.
pub trait ResponseData: Send + Sync + 'static {
    /// The data as the `Value` [`Response::json`](crate::response::Response::json) would have held.
    fn to_value(&self) -> Result<Value, serde_json::Error>;
    /// Appends the data to `out` exactly as [`JSONRenderer`]
    /// renders its `Value` (compact, or indented by `indent` spaces); `null` is written as
    /// `null`, the renderer turns that into an empty body.
    fn write_json(&self, out: &mut Vec<u8>, indent: Option<usize>) -> Result<(), serde_json::Error>;
}

impl<T: Serialize + Send + Sync + 'static> ResponseData for T {
    fn to_value(&self) -> Result<Value, serde_json::Error> {
        serde_json::to_value(self)
    }
    fn write_json(&self, out: &mut Vec<u8>, indent: Option<usize>) -> Result<(), serde_json::Error> {
        write_json(self, out, indent)
    }
}

/// A list of renderer classes (`renderer_classes`).
pub type Renderers = ClassList<dyn Renderer>;

/// Builds a [`Renderers`] list: `renderers![JSONRenderer]`.
#[macro_export]
macro_rules! renderers {
    ($($class:expr),* $(,)?) => {
        $crate::renderers::Renderers::new(::std::vec![
            $(::std::sync::Arc::new($class) as ::std::sync::Arc<dyn $crate::renderers::Renderer>),*
        ])
    };
}

/// `application/json` in DRF's output format; `Content-Type: application/json` without a charset.
#[derive(Clone, Copy, Debug, Default)]
pub struct JSONRenderer;

impl Renderer for JSONRenderer {
    fn media_type(&self) -> &'static str {
        "application/json"
    }
    fn format(&self) -> &'static str {
        "json"
    }
    /// `null` renders as an empty body, like DRF's `if data is None: return b''` (so
    /// `Response::json(Value::Null)` is DRF's `Response(None)`: no body, no `Content-Type`).
    fn render(&self, data: &Value, accepted_media_type: &str) -> Result<Bytes, ApiError> {
        if data.is_null() {
            return Ok(Bytes::new());
        }
        render_with(|out| write_json(data, out, indent(accepted_media_type)))
    }
    /// Writes the data directly; data serialising to `null` is an empty body, as in
    /// [`JSONRenderer::render`].
    fn render_data(&self, data: &dyn ResponseData, accepted_media_type: &str) -> Result<Bytes, ApiError> {
        render_with(|out| data.write_json(out, indent(accepted_media_type)))
    }
}

/// Largest scratch buffer a thread keeps between responses.
const MAX_SCRATCH: usize = 64 * 1024;

thread_local! {
    static SCRATCH: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Runs `write` on this thread's scratch buffer and copies the result out at its exact size:
/// one allocation per response, where a fresh `Vec` turned into `Bytes` costs two (the growing
/// buffer and `Bytes`' shared header). `null` becomes the empty body. The buffer is taken out
/// while in use, so a serializer rendering another response inside simply gets a new one.
fn render_with(write: impl FnOnce(&mut Vec<u8>) -> Result<(), serde_json::Error>) -> Result<Bytes, ApiError> {
    let mut buf = SCRATCH.try_with(Cell::take).unwrap_or_default();
    buf.clear();
    let result = write(&mut buf)
        .map(|()| if buf.as_slice() == b"null" { Bytes::new() } else { Bytes::copy_from_slice(&buf) })
        .map_err(ApiError::internal);
    if buf.capacity() <= MAX_SCRATCH {
        let _ = SCRATCH.try_with(|cell| cell.set(buf));
    }
    result
}

/// Appends `data` in DRF's JSON format: compact, or pretty with `indent` spaces; U+2028 and
/// U+2029 escaped afterwards, as DRF does on the whole output.
pub(crate) fn write_json<T: Serialize + ?Sized>(
    data: &T,
    out: &mut Vec<u8>,
    indent: Option<usize>,
) -> Result<(), serde_json::Error> {
    let start = out.len();
    match indent {
        None => {
            data.serialize(&mut serde_json::Serializer::with_formatter(&mut *out, DrfFormatter(CompactFormatter)))?
        }
        Some(width) => {
            let spaces = &b"        "[..width.min(8)];
            let formatter = DrfFormatter(PrettyFormatter::with_indent(spaces));
            data.serialize(&mut serde_json::Serializer::with_formatter(&mut *out, formatter))?
        }
    }
    escape_line_separators(out, start);
    Ok(())
}

/// DRF's `.replace('\u2028', '\\u2028').replace('\u2029', '\\u2029')` on `out[start..]`
/// (valid UTF-8, where the byte 0xE2 only ever starts a character; most output has none).
fn escape_line_separators(out: &mut Vec<u8>, start: usize) {
    // `contains` is core's word-at-a-time memchr; `position` would go byte by byte.
    if !out[start..].contains(&0xE2) {
        return;
    }
    let Some(first) = out[start..].iter().position(|&b| b == 0xE2) else {
        return;
    };
    let tail = out.split_off(start + first);
    let mut i = 0;
    while i < tail.len() {
        match tail[i..] {
            [0xE2, 0x80, last @ (0xA8 | 0xA9), ..] => {
                out.extend_from_slice(if last == 0xA8 { b"\\u2028" } else { b"\\u2029" });
                i += 3;
            }
            _ => {
                out.push(tail[i]);
                i += 1;
            }
        }
    }
}

/// DRF's `get_indent`: `indent=N` clamped to 0..=8, where 0 (or garbage) means compact.
fn indent(accepted_media_type: &str) -> Option<usize> {
    // The usual case, no `Accept` header: exactly the renderer's type (a constant compare).
    if accepted_media_type == "application/json" || !accepted_media_type.as_bytes().contains(&b';') {
        return None;
    }
    let value: i64 = media_type_param(accepted_media_type, "indent")?.parse().ok()?;
    let clamped = value.clamp(0, 8) as usize;
    (clamped > 0).then_some(clamped)
}

/// Wraps serde_json's compact or pretty formatter with Python's float `repr`; everything else
/// is delegated.
struct DrfFormatter<F>(F);

impl<F: Formatter> Formatter for DrfFormatter<F> {
    /// An `f32` becomes an `f64` in a `Value`; written directly it must print the same digits.
    fn write_f32<W: ?Sized + Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        self.write_f64(writer, f64::from(value))
    }
    fn write_f64<W: ?Sized + Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(float_repr(value).as_bytes())
    }
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }
    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }
    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn compact_output_matches_drf() {
        let data = json!({"f": 1.5, "u": "héllo ☃ \u{2028}\u{2029}", "d": 1.1, "i": 10, "n": null, "c": "\n\u{1}"});
        let out = JSONRenderer.render(&data, "application/json").expect("renders");
        assert_eq!(out, r#"{"f":1.5,"u":"héllo ☃ \u2028\u2029","d":1.1,"i":10,"n":null,"c":"\n\u0001"}"#);
    }

    #[test]
    fn typed_data_renders_like_its_value() {
        #[derive(serde::Serialize)]
        struct Row {
            f: f64,
            g: f32,
            s: &'static str,
            n: Option<i32>,
            v: Vec<u64>,
            m: std::collections::BTreeMap<i32, bool>,
        }
        let row = Row { f: 1e16, g: 0.1, s: "h\u{e9} \u{2028}", n: None, v: vec![1, 2], m: [(3, true)].into() };
        for accepted in ["application/json", "application/json; indent=4"] {
            let value = serde_json::to_value(&row).expect("a value");
            let typed = JSONRenderer.render_data(&row, accepted).expect("renders");
            assert_eq!(typed, JSONRenderer.render(&value, accepted).expect("renders"), "{accepted}");
        }
        let none: Option<u8> = None;
        assert_eq!(JSONRenderer.render_data(&none, "application/json").ok(), Some(Bytes::new()));
        assert_eq!(JSONRenderer.render_data(&[(); 1], "application/json").ok(), Some(Bytes::from_static(b"[null]")));
    }

    #[test]
    fn null_renders_nothing() {
        assert_eq!(JSONRenderer.render(&Value::Null, "application/json").ok(), Some(Bytes::new()));
        assert_eq!(JSONRenderer.render(&json!([null]), "application/json").ok(), Some(Bytes::from_static(b"[null]")));
    }

    #[test]
    fn indent_is_clamped_and_zero_means_compact() {
        let data = json!({"a": [], "b": {}});
        let render =
            |accepted: &str| String::from_utf8(JSONRenderer.render(&data, accepted).expect("renders").to_vec());
        assert_eq!(render("application/json; indent=0").as_deref(), Ok(r#"{"a":[],"b":{}}"#));
        assert_eq!(render("application/json; indent=x").as_deref(), Ok(r#"{"a":[],"b":{}}"#));
        assert_eq!(render("application/json; indent=-3").as_deref(), Ok(r#"{"a":[],"b":{}}"#));
        assert_eq!(render("application/json; indent=4").as_deref(), Ok("{\n    \"a\": [],\n    \"b\": {}\n}"));
        let twelve = render("application/json; indent=12").expect("utf-8");
        assert_eq!(twelve, "{\n        \"a\": [],\n        \"b\": {}\n}");
    }
}
