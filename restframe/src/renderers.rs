//! DRF's `rest_framework.renderers`: turn response data into bytes.

use bytes::Bytes;
use serde_json::Value;

use crate::classes::ClassList;
use crate::exceptions::ApiError;

/// A renderer class: DRF's `BaseRenderer`.
pub trait Renderer: Send + Sync + 'static {
    /// The media type this renderer produces (`application/json`).
    fn media_type(&self) -> &'static str;
    /// The `?format=` name (`json`).
    fn format(&self) -> &'static str;
    /// Render `data`; `accepted_media_type` is the negotiated `Accept` entry (with parameters).
    fn render(&self, data: &Value, accepted_media_type: &str) -> Result<Bytes, ApiError>;
    /// The `Content-Type` header value for a response this renderer produced.
    fn content_type(&self) -> String {
        self.media_type().to_owned()
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

/// `application/json` in DRF's compact form (`,` and `:` separators, UTF-8 unescaped).
#[derive(Clone, Copy, Debug, Default)]
pub struct JSONRenderer;

impl Renderer for JSONRenderer {
    fn media_type(&self) -> &'static str {
        "application/json"
    }
    fn format(&self) -> &'static str {
        "json"
    }
    fn render(&self, data: &Value, _accepted_media_type: &str) -> Result<Bytes, ApiError> {
        serde_json::to_vec(data).map(Bytes::from).map_err(ApiError::internal)
    }
}
