//! Decoding a request body by the `charset` of its `Content-Type`, like Django's
//! `request.encoding`: `utf-8` (the default), `latin-1` and `ascii` are honoured, Python's
//! binary-to-binary codecs are refused, and any other name falls back to UTF-8.

use std::borrow::Cow;

use crate::exceptions::ApiError;
use crate::parsers::python_json::utf8_error_message;
use crate::util::media_type_param;

/// A text encoding restframe can decode a body from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Charset {
    Utf8,
    Latin1,
    Ascii,
}

/// Python codecs that are not text encodings; Django refuses them.
const NON_TEXT_CODECS: [&str; 7] =
    ["base64_codec", "bz2_codec", "hex_codec", "quopri_codec", "uu_codec", "zlib_codec", "rot_13"];

/// The charset named by `content_type`'s `charset` parameter.
pub(crate) fn charset_of(content_type: &str) -> Result<Charset, ApiError> {
    let Some(name) = media_type_param(content_type, "charset") else {
        return Ok(Charset::Utf8);
    };
    // Python's codec registry normalises names this way before looking them up.
    let normalized = name.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    Ok(match normalized.as_str() {
        "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819" | "iso_ir_100" => {
            Charset::Latin1
        }
        "ascii" | "us_ascii" | "646" | "us" => Charset::Ascii,
        codec if NON_TEXT_CODECS.contains(&codec) || NON_TEXT_CODECS.contains(&format!("{codec}_codec").as_str()) => {
            return Err(ApiError::parse_error(format!(
                "Unsupported charset \"{name}\" in request Content-Type header."
            )));
        }
        _ => Charset::Utf8,
    })
}

/// Decodes `body`; the error text is Python's `UnicodeDecodeError` message.
pub(crate) fn decode(body: &[u8], charset: Charset) -> Result<Cow<'_, str>, String> {
    match charset {
        Charset::Utf8 => std::str::from_utf8(body).map(Cow::Borrowed).map_err(|e| utf8_error_message(body, &e)),
        Charset::Latin1 => Ok(match std::str::from_utf8(body) {
            Ok(s) if s.is_ascii() => Cow::Borrowed(s),
            _ => Cow::Owned(body.iter().map(|&b| char::from(b)).collect()),
        }),
        Charset::Ascii => match body.iter().position(|b| !b.is_ascii()) {
            None => Ok(Cow::Borrowed(std::str::from_utf8(body).unwrap_or_default())),
            Some(pos) => Err(format!(
                "'ascii' codec can't decode byte 0x{:02x} in position {pos}: ordinal not in range(128)",
                body[pos]
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets_are_recognised_like_python() {
        assert_eq!(charset_of("application/json").ok(), Some(Charset::Utf8));
        assert_eq!(charset_of("application/json; charset=Latin-1").ok(), Some(Charset::Latin1));
        assert_eq!(charset_of("application/json;charset=\"ISO-8859-1\"").ok(), Some(Charset::Latin1));
        assert_eq!(charset_of("application/json; charset=us-ascii").ok(), Some(Charset::Ascii));
        assert_eq!(charset_of("application/json; charset=no-such-codec").ok(), Some(Charset::Utf8));
        let err = charset_of("application/json; charset=bz2_codec").expect_err("binary codec");
        assert_eq!(
            err.body().to_string(),
            r#"{"detail":"Unsupported charset \"bz2_codec\" in request Content-Type header."}"#
        );
    }

    #[test]
    fn decoding_errors_use_python_wording() {
        assert_eq!(decode(b"t\xf6k", Charset::Latin1).as_deref(), Ok("tök"));
        assert_eq!(
            decode(b"ab\xff", Charset::Ascii),
            Err("'ascii' codec can't decode byte 0xff in position 2: ordinal not in range(128)".to_owned())
        );
    }
}
