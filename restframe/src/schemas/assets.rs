//! The Swagger UI and ReDoc files, compiled into the binary (feature `schema-ui`), and
//! [`SchemaUIAssetView`], which serves them where Django serves drf-spectacular-sidecar's
//! static files. Versions and licences: `restframe/assets/schema-ui/README.md`.

use std::sync::OnceLock;

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{HeaderMap, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::authentication::Authenticators;
use crate::exceptions::ApiError;
use crate::permissions::{AllowAny, Permissions};
use crate::renderers::{Renderer, Renderers};
use crate::request::Request;
use crate::response::Response;
use crate::throttling::Throttles;
use crate::views::{APIView, ViewSchema};

/// The URL name [`SchemaUIAssetView`]'s route must have: the UI views reverse it to link
/// their scripts and styles.
pub const ASSET_URL_NAME: &str = "schema-ui-asset";

/// How long browsers may use an asset before asking again (then the `ETag` answers 304).
const CACHE_CONTROL: &str = "public, max-age=86400";

/// One embedded file: its path below the asset route, as in drf-spectacular-sidecar's
/// static directory, and its `Content-Type`.
struct Asset {
    path: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

/// `include_bytes!` of a file under `restframe/assets/schema-ui/`.
macro_rules! asset {
    ($path:literal, $content_type:literal) => {
        Asset {
            path: $path,
            content_type: $content_type,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/schema-ui/", $path)),
        }
    };
}

const ASSETS: [Asset; 5] = [
    asset!("swagger-ui-dist/swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
    asset!("swagger-ui-dist/swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8"),
    asset!("swagger-ui-dist/swagger-ui.css", "text/css; charset=utf-8"),
    asset!("swagger-ui-dist/favicon-32x32.png", "image/png"),
    asset!("redoc/bundles/redoc.standalone.js", "text/javascript; charset=utf-8"),
];

fn find(path: &str) -> Option<(usize, &'static Asset)> {
    ASSETS.iter().enumerate().find(|(_, asset)| asset.path == path)
}

/// Strong `ETag`s from the files' SHA-256, hashed once on first use.
fn etag(index: usize) -> Option<&'static HeaderValue> {
    static ETAGS: OnceLock<Vec<Option<HeaderValue>>> = OnceLock::new();
    let etags = ETAGS.get_or_init(|| {
        ASSETS
            .iter()
            .map(|asset| {
                let digest = Sha256::digest(asset.bytes);
                let hex: String = digest.iter().take(16).map(|byte| format!("{byte:02x}")).collect();
                HeaderValue::from_str(&format!("\"{hex}\"")).ok()
            })
            .collect()
    });
    etags.get(index)?.as_ref()
}

/// Whether `If-None-Match` names `etag` (or `*`); weak and strong tags compare equal, as
/// RFC 9110's weak comparison for `GET`.
fn not_modified(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let tag = etag.as_bytes();
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|value| value.to_str().ok()).any(|value| {
        value
            .split(',')
            .map(str::trim)
            .any(|candidate| candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate).as_bytes() == tag)
    })
}

/// Serves the embedded Swagger UI and ReDoc files: route it as
/// `path("static/drf_spectacular_sidecar/<path:file>", SchemaUIAssetView).name(ASSET_URL_NAME)`.
/// Anyone may read them, without authentication or throttling (static files in Django);
/// answers carry `Cache-Control` and an `ETag`, and `If-None-Match` gets a 304. Unknown files
/// are 404.
///
/// ```
/// use restframe::prelude::*;
/// use restframe::schemas::{ASSET_URL_NAME, SchemaUIAssetView};
/// use restframe::test::APIClient;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt").block_on(async {
/// let urls = urlpatterns![path("static/<path:file>", SchemaUIAssetView).name(ASSET_URL_NAME)];
/// let client = APIClient::new(App::new(Settings::default(), urls).expect("urls"));
/// let css = client.get("/static/swagger-ui-dist/swagger-ui.css").await;
/// assert_eq!(css.status(), 200);
/// assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
/// assert_eq!(client.get("/static/swagger-ui-dist/missing.js").await.status(), 404);
/// # });
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct SchemaUIAssetView;

impl crate::views::ViewMeta for SchemaUIAssetView {
    const NAME: &'static str = "Schema UI Asset";
    const DESCRIPTION: &'static str = "";
    const HANDLERS: crate::methods::MethodFilter = crate::methods::MethodFilter::GET;
}

impl APIView for SchemaUIAssetView {
    fn authentication_classes(&self) -> Authenticators {
        Authenticators::new(Vec::new())
    }
    fn permission_classes(&self) -> Permissions {
        crate::permissions![AllowAny]
    }
    fn throttle_classes(&self) -> Throttles {
        Throttles::new(Vec::new())
    }
    /// One renderer per kind of file, so that a browser's `Accept: text/css` or `image/*`
    /// negotiates; the response's own `Content-Type` names the file's real type.
    fn renderer_classes(&self) -> Renderers {
        crate::renderers![AssetRenderer("text/javascript"), AssetRenderer("text/css"), AssetRenderer("image/png")]
    }
    fn schema(&self) -> ViewSchema {
        ViewSchema::default().exclude()
    }
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        let (index, asset) = request.kwarg("file").and_then(find).ok_or_else(ApiError::not_found)?;
        let etag = etag(index).ok_or_else(|| ApiError::internal("schema UI asset without an ETag"))?;
        let cache = HeaderValue::from_static(CACHE_CONTROL);
        if not_modified(request.headers(), etag) {
            return Ok(Response::empty(StatusCode::NOT_MODIFIED)
                .with_header(header::ETAG, etag.clone())
                .with_header(header::CACHE_CONTROL, cache));
        }
        Ok(Response::json(Value::String(asset.path.to_owned()))
            .with_header(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type))
            .with_header(header::ETAG, etag.clone())
            .with_header(header::CACHE_CONTROL, cache))
    }
}

/// Writes the embedded file a [`SchemaUIAssetView`] response names, without copying it; an
/// error's data becomes its `detail` text.
#[derive(Clone, Copy, Debug)]
struct AssetRenderer(&'static str);

impl Renderer for AssetRenderer {
    fn media_type(&self) -> &'static str {
        self.0
    }
    fn format(&self) -> &'static str {
        "asset"
    }
    fn render(&self, data: &Value, _accepted_media_type: &str) -> Result<Bytes, ApiError> {
        if let Value::String(path) = data
            && let Some((_, asset)) = find(path)
        {
            return Ok(Bytes::from_static(asset.bytes));
        }
        let detail = data.get("detail").and_then(Value::as_str).unwrap_or_default();
        Ok(Bytes::from(detail.to_owned()))
    }
    fn content_type(&self) -> &'static str {
        "text/plain; charset=utf-8"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly() {
        let etag = HeaderValue::from_static("\"abc\"");
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static(value));
            not_modified(&headers, &etag)
        };
        assert!(with("\"abc\""));
        assert!(with("W/\"abc\""));
        assert!(with("\"x\", \"abc\""));
        assert!(with("*"));
        assert!(!with("\"abcd\""));
        assert!(!not_modified(&HeaderMap::new(), &etag));
    }

    #[test]
    fn every_asset_is_embedded_with_an_etag() {
        for (index, asset) in ASSETS.iter().enumerate() {
            assert!(asset.bytes.len() > 500, "{} is embedded", asset.path);
            assert_eq!(etag(index).map(|tag| tag.len()), Some(34), "{}", asset.path);
        }
    }
}
