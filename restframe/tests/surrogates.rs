//! Lone surrogates in JSON bodies (`"\ud800"`), which Python's `json.loads` accepts: the string
//! reaches the fields, and DRF's `CharField` answers `Surrogate characters are not allowed: U+D800.`
//! next to its other validators. Every expected body was printed by DRF 3.18.3 + Django 6.1.3
//! for the same request body and the same serializer.

use bytes::Bytes;
use http::Method;
use restframe::prelude::*;
use restframe::serializers::Serializer;
use restframe::test::APIClient;
use serde_json::json;

#[derive(restframe::Serializer)]
struct Inner {
    g: String,
}

/// DRF: `CharField(required=False)`, `CharField(max_length=2, ...)`, `EmailField`,
/// `IntegerField`, `SlugField`, `RegexField('a')`, a nested `Inner` and `ListField(child=CharField())`,
/// all optional.
#[derive(restframe::Serializer)]
struct Everything {
    char: Option<String>,
    #[field(max_length = 2)]
    short: Option<String>,
    #[field(email)]
    email: Option<String>,
    integer: Option<i64>,
    #[field(slug)]
    slug: Option<String>,
    #[field(regex = "a")]
    regex: Option<String>,
    #[field(nested)]
    inner: Option<Inner>,
    items: Option<Vec<String>>,
}

/// Validates the body with [`Everything`]: 200 with the validated data, or 400 with the errors.
struct ValidateView;

#[api_view]
impl APIView for ValidateView {
    async fn post(&self, request: &Request) -> Result<Response, ApiError> {
        let mut serializer = Everything::with_data(request.data().await?.clone());
        if serializer.is_valid().await? {
            Ok(Response::json(serializer.data().await?))
        } else {
            Ok(Response::new(status::HTTP_400_BAD_REQUEST, serializer.errors()?.to_json()))
        }
    }
}

async fn post(body: &'static str) -> (u16, serde_json::Value) {
    let app = App::new(Settings::default(), urlpatterns![path("validate", ValidateView)]).expect("valid urls");
    let headers = [("content-type", "application/json")];
    let response =
        APIClient::new(app).request(Method::POST, "/validate", &headers, Bytes::from_static(body.as_bytes())).await;
    (response.status().as_u16(), response.json())
}

#[tokio::test]
async fn lone_surrogates_reach_the_fields_and_get_drfs_answers() {
    let cases = [
        (r#"{"char":"\ud800"}"#, 400, json!({"char": ["Surrogate characters are not allowed: U+D800."]})),
        (r#"{"char":"a\uDFFFb"}"#, 400, json!({"char": ["Surrogate characters are not allowed: U+DFFF."]})),
        (r#"{"char":"\udc00\ud800"}"#, 400, json!({"char": ["Surrogate characters are not allowed: U+DC00."]})),
        (r#"{"char":"\ud800\ud801"}"#, 400, json!({"char": ["Surrogate characters are not allowed: U+D800."]})),
        (r#"{"char":" \ud800 "}"#, 400, json!({"char": ["Surrogate characters are not allowed: U+D800."]})),
        (
            r#"{"short":"a\ud800b\u0000"}"#,
            400,
            json!({"short": ["Ensure this field has no more than 2 characters.", "Null characters are not allowed.", "Surrogate characters are not allowed: U+D800."]}),
        ),
        (r#"{"short":"\ud800\ud800"}"#, 400, json!({"short": ["Surrogate characters are not allowed: U+D800."]})),
        (
            r#"{"email":"a\ud800@b.com"}"#,
            400,
            json!({"email": ["Surrogate characters are not allowed: U+D800.", "Enter a valid email address."]}),
        ),
        (r#"{"email":"a@b\ud800.com"}"#, 400, json!({"email": ["Surrogate characters are not allowed: U+D800."]})),
        (r#"{"integer":"\ud800"}"#, 400, json!({"integer": ["A valid integer is required."]})),
        (
            r#"{"slug":"\ud800"}"#,
            400,
            json!({"slug": ["Surrogate characters are not allowed: U+D800.", "Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."]}),
        ),
        (r#"{"regex":"a\ud800"}"#, 400, json!({"regex": ["Surrogate characters are not allowed: U+D800."]})),
        (r#"{"\ud800":"x","char":"ok"}"#, 200, json!({"char": "ok"})),
        (
            r#"{"inner":{"g":"\ud800"}}"#,
            400,
            json!({"inner": {"g": ["Surrogate characters are not allowed: U+D800."]}}),
        ),
        (
            r#"{"items":["ok","\ud800"]}"#,
            400,
            json!({"items": {"1": ["Surrogate characters are not allowed: U+D800."]}}),
        ),
        (
            r#"{"char":"\ud800","email":"\udfff","inner":{"g":"\ud801"}}"#,
            400,
            json!({"char": ["Surrogate characters are not allowed: U+D800."], "email": ["Surrogate characters are not allowed: U+DFFF.", "Enter a valid email address."], "inner": {"g": ["Surrogate characters are not allowed: U+D801."]}}),
        ),
    ];
    for (body, status, expected) in cases {
        let (got_status, got) = post(body).await;
        // Our representation renders every declared field (absent optional ones as null); DRF's
        // validated data has only the keys sent, so compare the keys DRF answered with.
        let got = if status == 200 {
            let keys = expected.as_object().expect("an object").keys();
            json!(keys.map(|k| (k.clone(), got[k].clone())).collect::<serde_json::Map<_, _>>())
        } else {
            got
        };
        assert_eq!((got_status, got), (status, expected), "{body}");
    }
}

#[tokio::test]
async fn a_proper_surrogate_pair_is_one_character() {
    let (status, body) = post(r#"{"char":"\ud800\udc00","short":"\uD83D\uDE00x"}"#).await;
    assert_eq!((status, &body["char"], &body["short"]), (200, &json!("\u{10000}"), &json!("\u{1F600}x")));
}
