//! DRF's `finalize_response` plus the Django middleware restframe always applies: the headers
//! of every response (`Content-Type`, `Allow`, `Vary`, the security headers, `Content-Length`)
//! and the plain JSON responses for errors raised outside any view.

use std::sync::Arc;

use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::{HeaderMap, StatusCode};

use crate::exceptions::ApiError;
use crate::renderers::Renderer;

/// The response type the app produces: rendered bytes.
pub type HttpResponse = http::Response<http_body_util::Full<Bytes>>;

/// Django's default security headers, sent on every response (constants: no header name is
/// parsed per request).
pub const SECURITY_HEADERS: [(HeaderName, HeaderValue); 4] = [
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
    (header::REFERRER_POLICY, HeaderValue::from_static("same-origin")),
    (HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
];

/// How many headers restframe itself may set on a response (content type and length, `Allow`,
/// `Vary`, `WWW-Authenticate` or `Retry-After`, and the four security headers).
pub(crate) const RESPONSE_HEADERS: usize = 10;

/// The response headers of a view response that sets none of its own, built once per view by
/// the general path ([`response_headers`], then `Content-Length` last, its value set per
/// response) so they are the same headers in the same order: one map per renderer (its
/// `Content-Type`) and one for an empty body. Cloning a map is much cheaper than hashing its
/// headers in one by one on every request.
#[derive(Clone, Debug)]
pub(crate) struct HeaderTemplates {
    pub(crate) by_renderer: Vec<HeaderMap>,
    pub(crate) empty_body: HeaderMap,
}

impl HeaderTemplates {
    pub(crate) fn new(renderers: &[Arc<dyn Renderer>], allow: &HeaderValue) -> Self {
        let vary = renderers.len() > 1;
        let template = |content_type| {
            let mut headers = response_headers(content_type, &HeaderMap::new(), allow, vary, true);
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
            headers
        };
        let by_renderer = renderers.iter().map(|r| template(Some(r.content_type()))).collect();
        Self { by_renderer, empty_body: template(None) }
    }
}

/// `finalize_response`'s headers plus, with `middleware`, the security headers: `Content-Type`
/// (when there is a body), the view's own headers, `Allow`, `Vary: Accept` (merged) when
/// several renderers were possible, the security headers unless the view set them.
pub(crate) fn response_headers(
    content_type: Option<&'static str>,
    own: &HeaderMap,
    allow: &HeaderValue,
    vary: bool,
    middleware: bool,
) -> HeaderMap {
    // Room for every header restframe adds, so the map is allocated once.
    let mut headers = HeaderMap::with_capacity(RESPONSE_HEADERS + own.len());
    if let Some(ct) = content_type {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    for (name, value) in own {
        headers.insert(name.clone(), value.clone());
    }
    headers.insert(header::ALLOW, allow.clone());
    if vary {
        merge_vary(&mut headers);
    }
    if middleware {
        add_security_headers(&mut headers);
    }
    headers
}

/// Django's `patch_vary_headers(response, ["Accept"])`: keep the view's own `Vary` values.
pub(crate) fn merge_vary(headers: &mut HeaderMap) {
    let existing = headers.get(header::VARY).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let value = match existing {
        Some(v) if v.split(',').any(|h| h.trim().eq_ignore_ascii_case("accept") || h.trim() == "*") => return,
        Some(v) if !v.trim().is_empty() => HeaderValue::from_str(&format!("{v}, Accept")).ok(),
        _ => Some(HeaderValue::from_static("Accept")),
    };
    if let Some(value) = value {
        headers.insert(header::VARY, value);
    }
}

/// Django's security middleware: its headers on every response, unless the view set them.
fn add_security_headers(headers: &mut HeaderMap) {
    for (name, value) in SECURITY_HEADERS {
        headers.entry(name).or_insert(value);
    }
}

/// What every response not rendered from a view's header templates gets on the way out (404,
/// 413, 500s, a failed render): Django's security headers and
/// `Content-Length: <body length>` (so a `HEAD` answer reports the length of the `GET` body).
/// The length is always set rather than left to hyper: hyper would write it after a
/// `Connection` header it adds itself, changing the order of the bytes on the wire.
pub(crate) fn finish(response: &mut HttpResponse) {
    add_security_headers(response.headers_mut());
    let length = hyper::body::Body::size_hint(response.body()).exact().unwrap_or(0);
    response.headers_mut().insert(header::CONTENT_LENGTH, length_value(length as usize));
}

/// The finished JSON response for an error raised outside any view (404, 413, a body that
/// cannot be read).
pub(crate) fn error_response(err: &ApiError) -> HttpResponse {
    let mut response = plain_json(err.status(), &err.body());
    finish(&mut response);
    response
}

/// Every length below 1000 written out back to back ("0123…9899100101…999"), so the usual
/// small body's `Content-Length` is a static slice rather than an allocation.
static SMALL_LENGTHS: [u8; 2890] = {
    let mut table = [0u8; 2890];
    let (mut n, mut pos) = (0, 0);
    while n < 1000 {
        if n >= 100 {
            table[pos] = b'0' + (n / 100) as u8;
            pos += 1;
        }
        if n >= 10 {
            table[pos] = b'0' + (n / 10 % 10) as u8;
            pos += 1;
        }
        table[pos] = b'0' + (n % 10) as u8;
        pos += 1;
        n += 1;
    }
    table
};

/// A `Content-Length` value.
pub(crate) fn length_value(length: usize) -> HeaderValue {
    let (start, width) = match length {
        0..=9 => (length, 1),
        10..=99 => (10 + (length - 10) * 2, 2),
        100..=999 => (190 + (length - 100) * 3, 3),
        _ => return HeaderValue::from(length as u64),
    };
    let digits = SMALL_LENGTHS.get(start..start + width).map(Bytes::from_static);
    digits
        .and_then(|digits| HeaderValue::from_maybe_shared(digits).ok())
        .unwrap_or_else(|| HeaderValue::from(length as u64))
}

/// The generic 500: `{"error":"Server Error (500)"}` (DRF's JSON `server_error` handler).
pub(crate) fn server_error() -> HttpResponse {
    plain_json(StatusCode::INTERNAL_SERVER_ERROR, &ApiError::internal("").body())
}

/// A JSON response outside any view (404 for unknown paths, 413, 500).
pub(crate) fn plain_json(status: StatusCode, body: &serde_json::Value) -> HttpResponse {
    let mut http = http::Response::new(http_body_util::Full::new(Bytes::from(body.to_string())));
    *http.status_mut() = status;
    http.headers_mut().reserve(RESPONSE_HEADERS);
    http.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    http
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_lengths_come_from_the_table() {
        for length in [0, 7, 9, 10, 42, 99, 100, 555, 999, 1000, 123_456] {
            assert_eq!(length_value(length), length.to_string().as_str(), "{length}");
        }
    }

    #[test]
    fn vary_is_merged() {
        let mut headers = HeaderMap::new();
        merge_vary(&mut headers);
        assert_eq!(headers[header::VARY], "Accept");
        let mut headers = HeaderMap::new();
        headers.insert(header::VARY, HeaderValue::from_static("Cookie"));
        merge_vary(&mut headers);
        assert_eq!(headers[header::VARY], "Cookie, Accept");
        merge_vary(&mut headers);
        assert_eq!(headers[header::VARY], "Cookie, Accept");
    }
}
