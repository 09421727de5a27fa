//! DRF's `rest_framework.status`: named HTTP status codes (`status::HTTP_201_CREATED`) and the
//! `is_success`-style helpers.
//!
//! ```
//! use restframe::status;
//! assert_eq!(status::HTTP_201_CREATED.as_u16(), 201);
//! assert!(status::is_client_error(404));
//! ```

pub use http::StatusCode;

/// HTTP 100 Continue.
pub const HTTP_100_CONTINUE: StatusCode = match StatusCode::from_u16(100) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 101 Switching Protocols.
pub const HTTP_101_SWITCHING_PROTOCOLS: StatusCode = match StatusCode::from_u16(101) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 200 Ok.
pub const HTTP_200_OK: StatusCode = match StatusCode::from_u16(200) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 201 Created.
pub const HTTP_201_CREATED: StatusCode = match StatusCode::from_u16(201) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 202 Accepted.
pub const HTTP_202_ACCEPTED: StatusCode = match StatusCode::from_u16(202) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 203 Non Authoritative Information.
pub const HTTP_203_NON_AUTHORITATIVE_INFORMATION: StatusCode = match StatusCode::from_u16(203) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 204 No Content.
pub const HTTP_204_NO_CONTENT: StatusCode = match StatusCode::from_u16(204) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 205 Reset Content.
pub const HTTP_205_RESET_CONTENT: StatusCode = match StatusCode::from_u16(205) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 206 Partial Content.
pub const HTTP_206_PARTIAL_CONTENT: StatusCode = match StatusCode::from_u16(206) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 300 Multiple Choices.
pub const HTTP_300_MULTIPLE_CHOICES: StatusCode = match StatusCode::from_u16(300) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 301 Moved Permanently.
pub const HTTP_301_MOVED_PERMANENTLY: StatusCode = match StatusCode::from_u16(301) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 302 Found.
pub const HTTP_302_FOUND: StatusCode = match StatusCode::from_u16(302) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 303 See Other.
pub const HTTP_303_SEE_OTHER: StatusCode = match StatusCode::from_u16(303) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 304 Not Modified.
pub const HTTP_304_NOT_MODIFIED: StatusCode = match StatusCode::from_u16(304) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 307 Temporary Redirect.
pub const HTTP_307_TEMPORARY_REDIRECT: StatusCode = match StatusCode::from_u16(307) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 308 Permanent Redirect.
pub const HTTP_308_PERMANENT_REDIRECT: StatusCode = match StatusCode::from_u16(308) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 400 Bad Request.
pub const HTTP_400_BAD_REQUEST: StatusCode = match StatusCode::from_u16(400) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 401 Unauthorized.
pub const HTTP_401_UNAUTHORIZED: StatusCode = match StatusCode::from_u16(401) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 402 Payment Required.
pub const HTTP_402_PAYMENT_REQUIRED: StatusCode = match StatusCode::from_u16(402) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 403 Forbidden.
pub const HTTP_403_FORBIDDEN: StatusCode = match StatusCode::from_u16(403) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 404 Not Found.
pub const HTTP_404_NOT_FOUND: StatusCode = match StatusCode::from_u16(404) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 405 Method Not Allowed.
pub const HTTP_405_METHOD_NOT_ALLOWED: StatusCode = match StatusCode::from_u16(405) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 406 Not Acceptable.
pub const HTTP_406_NOT_ACCEPTABLE: StatusCode = match StatusCode::from_u16(406) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 408 Request Timeout.
pub const HTTP_408_REQUEST_TIMEOUT: StatusCode = match StatusCode::from_u16(408) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 409 Conflict.
pub const HTTP_409_CONFLICT: StatusCode = match StatusCode::from_u16(409) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 410 Gone.
pub const HTTP_410_GONE: StatusCode = match StatusCode::from_u16(410) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 411 Length Required.
pub const HTTP_411_LENGTH_REQUIRED: StatusCode = match StatusCode::from_u16(411) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 412 Precondition Failed.
pub const HTTP_412_PRECONDITION_FAILED: StatusCode = match StatusCode::from_u16(412) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 413 Request Entity Too Large.
pub const HTTP_413_REQUEST_ENTITY_TOO_LARGE: StatusCode = match StatusCode::from_u16(413) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 414 Request Uri Too Long.
pub const HTTP_414_REQUEST_URI_TOO_LONG: StatusCode = match StatusCode::from_u16(414) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 415 Unsupported Media Type.
pub const HTTP_415_UNSUPPORTED_MEDIA_TYPE: StatusCode = match StatusCode::from_u16(415) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 422 Unprocessable Entity.
pub const HTTP_422_UNPROCESSABLE_ENTITY: StatusCode = match StatusCode::from_u16(422) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 429 Too Many Requests.
pub const HTTP_429_TOO_MANY_REQUESTS: StatusCode = match StatusCode::from_u16(429) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 431 Request Header Fields Too Large.
pub const HTTP_431_REQUEST_HEADER_FIELDS_TOO_LARGE: StatusCode = match StatusCode::from_u16(431) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 500 Internal Server Error.
pub const HTTP_500_INTERNAL_SERVER_ERROR: StatusCode = match StatusCode::from_u16(500) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 501 Not Implemented.
pub const HTTP_501_NOT_IMPLEMENTED: StatusCode = match StatusCode::from_u16(501) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 502 Bad Gateway.
pub const HTTP_502_BAD_GATEWAY: StatusCode = match StatusCode::from_u16(502) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 503 Service Unavailable.
pub const HTTP_503_SERVICE_UNAVAILABLE: StatusCode = match StatusCode::from_u16(503) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// HTTP 504 Gateway Timeout.
pub const HTTP_504_GATEWAY_TIMEOUT: StatusCode = match StatusCode::from_u16(504) {
    Ok(s) => s,
    Err(_) => panic!("invalid status"),
};
/// True for codes 100..=199, like DRF's `status.is_informational`.
pub fn is_informational(code: u16) -> bool {
    (100..=199).contains(&code)
}
/// True for codes 200..=299, like DRF's `status.is_success`.
pub fn is_success(code: u16) -> bool {
    (200..=299).contains(&code)
}
/// True for codes 300..=399, like DRF's `status.is_redirect`.
pub fn is_redirect(code: u16) -> bool {
    (300..=399).contains(&code)
}
/// True for codes 400..=499, like DRF's `status.is_client_error`.
pub fn is_client_error(code: u16) -> bool {
    (400..=499).contains(&code)
}
/// True for codes 500..=599, like DRF's `status.is_server_error`.
pub fn is_server_error(code: u16) -> bool {
    (500..=599).contains(&code)
}
