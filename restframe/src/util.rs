//! Small shared helpers (crate-private; users reach `media_type_param` through
//! [`crate::negotiation`]).

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
