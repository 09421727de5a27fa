//! Small shared helpers (crate-private; users reach `media_type_param` through
//! [`crate::negotiation`]).

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable future: how async hooks are called through trait objects.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One parameter of a media type (`charset` of `application/json; charset=latin-1`), unquoted;
/// the name is compared case-insensitively.
///
/// ```
/// use restframe::negotiation::media_type_param;
/// assert_eq!(media_type_param("application/json; Indent=\"4\"", "indent"), Some("4"));
/// assert_eq!(media_type_param("application/json", "indent"), None);
/// ```
pub fn media_type_param<'a>(media_type: &'a str, name: &str) -> Option<&'a str> {
    media_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim().trim_matches('"'))
    })
}

/// Django's `escape_uri_path`: `quote(path, safe="/:@&+$,-_.!~*'()")`.
pub(crate) fn escape_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/:@&+$,-_.!~*'()".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Django decodes `%XX` escapes before matching routes (and before `get_full_path()`); `None`
/// when the result is not UTF-8.
pub(crate) fn percent_decode(path: &str) -> Option<Cow<'_, str>> {
    if !path.as_bytes().contains(&b'%') {
        return Some(Cow::Borrowed(path));
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}
