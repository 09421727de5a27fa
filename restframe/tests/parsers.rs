//! DRF's tests/test_parsers.py and tests/test_request.py scenarios: what `request.data` and
//! `request.files()` hold for each content type, and the 400/415 errors.

use bytes::Bytes;
use http::Method;
use restframe::prelude::*;
use restframe::test::{APIClient, Body, TestFile};
use serde_json::json;

/// Echoes `request.data` and the names of uploaded files.
struct EchoView;

#[api_view]
impl APIView for EchoView {
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(request.data().await?.clone()))
    }
    async fn post(&self, request: &Request) -> Result<Response, ApiError> {
        let data = request.data().await?.clone();
        let files: Vec<_> = request
            .files()
            .await?
            .iter()
            .map(|f| json!({"field": f.field_name, "name": f.file_name, "type": f.content_type, "size": f.content.len()}))
            .collect();
        Ok(Response::json(json!({"data": data, "files": files})))
    }
    async fn put(&self, request: &Request) -> Result<Response, ApiError> {
        // A second read after a failure sees `{}` rather than the error again.
        let first = request.data().await.err().map(|e| e.status().as_u16());
        Ok(Response::json(json!({"first": first, "second": request.data().await?})))
    }
}

fn client() -> APIClient {
    APIClient::new(App::new(Settings::default(), urlpatterns![path("echo", EchoView)]).expect("valid urls"))
}

async fn post_raw(content_type: Option<&str>, body: &'static [u8]) -> (u16, String) {
    let headers: Vec<(&str, &str)> = content_type.map(|ct| vec![("content-type", ct)]).unwrap_or_default();
    let response = client().request(Method::POST, "/echo", &headers, Bytes::from_static(body)).await;
    (response.status().as_u16(), response.text())
}

#[tokio::test]
async fn no_body_means_empty_data_without_parsing() {
    assert_eq!(client().get("/echo").await.text(), "{}");
    assert_eq!(post_raw(Some("text/plain"), b"").await, (200, r#"{"data":{},"files":[]}"#.into()));
    assert_eq!(post_raw(None, b"").await, (200, r#"{"data":{},"files":[]}"#.into()));
}

#[tokio::test]
async fn json_bodies() {
    assert_eq!(
        post_raw(Some("application/json"), br#"{"a":[1,2.5],"b":null}"#).await.1,
        r#"{"data":{"a":[1,2.5],"b":null},"files":[]}"#
    );
    assert_eq!(post_raw(Some("APPLICATION/JSON; foo=bar"), b"[1]").await.1, r#"{"data":[1],"files":[]}"#);
    assert_eq!(
        post_raw(Some("application/json; charset=latin-1"), b"\"t\xf6k\"").await.1,
        r#"{"data":"tök","files":[]}"#
    );
}

#[tokio::test]
async fn json_errors_are_400_with_drf_prefix() {
    let cases: [(&[u8], &str); 6] = [
        (b"{\"a\": }", "JSON parse error - Expecting value: line 1 column 7 (char 6)"),
        (b"[1 2]", "JSON parse error - Expecting ',' delimiter: line 1 column 4 (char 3)"),
        (
            b"\xef\xbb\xbf{}",
            "JSON parse error - Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)",
        ),
        (b"\xff", "JSON parse error - 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
        (b"{\"x\": NaN}", "JSON parse error - Out of range float values are not JSON compliant: 'NaN'"),
        (b"{\"a\":1} trailing", "JSON parse error - Extra data: line 1 column 9 (char 8)"),
    ];
    for (body, detail) in cases {
        let response = client()
            .request(Method::POST, "/echo", &[("content-type", "application/json")], Bytes::copy_from_slice(body))
            .await;
        assert_eq!(response.status(), 400, "{body:?}");
        assert_eq!(response.json(), json!({ "detail": detail }), "{body:?}");
    }
}

#[tokio::test]
async fn deeply_nested_json_is_a_clean_400() {
    let deep = "[".repeat(50_000) + &"]".repeat(50_000);
    let response =
        client().request(Method::POST, "/echo", &[("content-type", "application/json")], Bytes::from(deep)).await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.text(),
        r#"{"detail":"JSON parse error - maximum recursion depth exceeded while decoding a JSON array from a unicode string"}"#
    );
}

#[tokio::test]
async fn unsupported_charset_is_400() {
    let (status, body) = post_raw(Some("application/json; charset=bz2_codec"), b"{}").await;
    assert_eq!(status, 400);
    assert_eq!(body, r#"{"detail":"Unsupported charset \"bz2_codec\" in request Content-Type header."}"#);
}

#[tokio::test]
async fn unsupported_media_types_are_415() {
    assert_eq!(
        post_raw(Some("text/plain"), b"x").await,
        (415, r#"{"detail":"Unsupported media type \"text/plain\" in request."}"#.into())
    );
    assert_eq!(post_raw(None, b"x").await, (415, r#"{"detail":"Unsupported media type \"\" in request."}"#.into()));
    assert_eq!(
        post_raw(Some("application/vnd.api+json"), b"{}").await,
        (415, r#"{"detail":"Unsupported media type \"application/vnd.api+json\" in request."}"#.into())
    );
    let long = format!("application/json; x={}", "a".repeat(300));
    let response = client().request(Method::POST, "/echo", &[("content-type", &long)], Bytes::from_static(b"{}")).await;
    assert_eq!(response.status(), 415);
    assert_eq!(response.json(), json!({"detail": format!("Unsupported media type \"{long}\" in request.")}));
}

#[tokio::test]
async fn form_repeated_keys_keep_the_last_value() {
    let (status, body) = post_raw(Some("application/x-www-form-urlencoded"), b"a=1&b=x+y&a=2&c").await;
    assert_eq!(status, 200);
    assert_eq!(body, r#"{"data":{"a":"2","b":"x y","c":""},"files":[]}"#);
}

#[tokio::test]
async fn too_many_form_fields_is_400() {
    let body = (0..1001).map(|i| format!("f{i}=1")).collect::<Vec<_>>().join("&");
    let response = client()
        .request(Method::POST, "/echo", &[("content-type", "application/x-www-form-urlencoded")], Bytes::from(body))
        .await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.text(),
        r#"{"detail":"The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."}"#
    );
}

#[tokio::test]
async fn multipart_fields_and_files() {
    let file = TestFile {
        field: "doc".into(),
        file_name: "notes.txt".into(),
        content_type: "text/plain".into(),
        content: Bytes::from_static(b"hello"),
    };
    let body = Body::Multipart(vec![("title".into(), "Hi".into())], vec![file]);
    let response = client().send(Method::POST, "/echo", &[], &body).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.text(),
        r#"{"data":{"title":"Hi"},"files":[{"field":"doc","name":"notes.txt","type":"text/plain","size":5}]}"#
    );
}

#[tokio::test]
async fn malformed_multipart_is_400() {
    let (status, body) = post_raw(Some("multipart/form-data"), b"--x\r\n").await;
    assert_eq!(status, 400);
    assert_eq!(body, r#"{"detail":"Multipart form parse error - Invalid boundary in multipart: None"}"#);
}

#[tokio::test]
async fn parse_errors_reset_data() {
    let response =
        client().request(Method::PUT, "/echo", &[("content-type", "application/json")], Bytes::from_static(b"{")).await;
    assert_eq!(response.text(), r#"{"first":400,"second":{}}"#);
}

/// Echoes the body of any unsafe method (DRF parses PUT and PATCH bodies like POST).
struct AnyMethodView;

#[api_view]
impl APIView for AnyMethodView {
    async fn patch(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(request.data().await?.clone()))
    }
    async fn delete(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(request.data().await?.clone()))
    }
}

#[tokio::test]
async fn put_patch_and_delete_bodies_are_parsed_like_post() {
    let c = APIClient::new(
        App::new(Settings::default(), urlpatterns![path("echo", EchoView), path("any", AnyMethodView)]).expect("valid"),
    );
    let form = Body::form(&[("a", "1")]);
    let put = c.send(Method::PUT, "/echo", &[], &form).await;
    assert_eq!(put.text(), r#"{"first":null,"second":{"a":"1"}}"#);
    assert_eq!(c.send(Method::PATCH, "/any", &[], &form).await.text(), r#"{"a":"1"}"#);
    assert_eq!(c.send(Method::DELETE, "/any", &[], &Body::Json(json!([1]))).await.text(), "[1]");
    assert_eq!(c.delete("/any").await.text(), "{}");
}

/// Issue 11 finding 5: what a JSON body parses into is bounded by 10 × the body limit, so a
/// small dense body cannot expand 50-fold in memory; a malformed one keeps its 400.
#[tokio::test]
async fn dense_json_past_ten_times_the_body_limit_is_413() {
    let settings = Settings::default().data_upload_max_memory_size(10_000);
    let c = APIClient::new(App::new(settings, urlpatterns![path("echo", EchoView)]).expect("valid urls"));
    let post = |body: String| {
        let c = &c;
        async move { c.request(Method::POST, "/echo", &[("content-type", "application/json")], Bytes::from(body)).await }
    };
    // 4,500 zeros: 9 KB of text, 324 KB of values.
    let zeros = format!("[{}0]", "0,".repeat(4_499));
    let response = post(zeros.clone()).await;
    assert_eq!(response.status(), 413);
    assert_eq!(response.text(), r#"{"detail":"Parsed JSON body exceeded the maximum size of 100000 bytes."}"#);
    let response = post(format!("{}x", &zeros[..zeros.len() - 1])).await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.text(),
        r#"{"detail":"JSON parse error - Expecting ',' delimiter: line 1 column 9001 (char 9000)"}"#
    );
    // An ordinary body of the same size parses.
    let records: Vec<_> = (0..100).map(|i| json!({"title": format!("Book {i}"), "year": 1999})).collect();
    let body = serde_json::to_string(&records).expect("serializable");
    assert!(body.len() > 3_000 && body.len() < 10_000);
    let response = post(body).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json()["data"], json!(records));
}
