//! BasicAuthentication scenarios of DRF's tests/authentication/test_authentication.py.

mod common;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http::Method;
use restframe::authentication::BasicAuthentication;
use restframe::prelude::*;
use restframe::test::{APIClient, Body};
use serde_json::json;

use common::Backend;

struct MockView;

#[api_view]
impl APIView for MockView {
    fn permission_classes(&self) -> Permissions {
        permissions![IsAuthenticated]
    }
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"user": request.user().username(), "auth": request.auth().is_some()})))
    }
    async fn post(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"user": request.user().username(), "data": request.data().await?})))
    }
}

fn client() -> APIClient {
    let settings =
        Settings::default().default_authentication_classes(authentication![BasicAuthentication::new(Backend)]);
    APIClient::new(App::new(settings, urlpatterns![path("basic/", MockView)]).expect("valid urls"))
}

fn basic(credentials: &str) -> String {
    format!("Basic {}", STANDARD.encode(credentials))
}

async fn get_with(header: &str) -> (u16, String, Option<String>) {
    let response = client().send(Method::GET, "/basic/", &[("authorization", header)], &Body::Empty).await;
    (response.status().as_u16(), response.text(), response.header("www-authenticate").map(str::to_owned))
}

#[tokio::test]
async fn post_form_and_json_passing_basic_auth() {
    let mut c = client();
    c.credentials(Some(&basic("alice:secret")));
    let form = c.send(Method::POST, "/basic/", &[], &Body::form(&[("example", "example")])).await;
    assert_eq!(form.status(), 200);
    assert_eq!(form.text(), r#"{"user":"alice","data":{"example":"example"}}"#);
    let json = c.post("/basic/", &json!({"example": "example"})).await;
    assert_eq!(json.status(), 200);
    assert_eq!(json.text(), r#"{"user":"alice","data":{"example":"example"}}"#);
    let get = c.get("/basic/").await;
    assert_eq!(get.text(), r#"{"user":"alice","auth":false}"#);
}

#[tokio::test]
async fn keyword_is_case_insensitive_and_whitespace_separated() {
    for header in [
        basic("alice:secret"),
        basic("alice:secret").replace("Basic", "bAsIc"),
        format!("  {}\t", basic("alice:secret").replace(' ', "\t")),
    ] {
        let (status, _, _) = get_with(&header).await;
        assert_eq!(status, 200, "{header:?}");
    }
}

#[tokio::test]
async fn utf8_credentials() {
    let (status, body, _) = get_with(&basic("jös:pässword")).await;
    assert_eq!(status, 200);
    assert_eq!(body, r#"{"user":"jös","auth":false}"#);
}

#[tokio::test]
async fn failures_are_401_with_basic_realm() {
    let cases = [
        ("Basic", "Invalid basic header. No credentials provided."),
        ("Basic a b", "Invalid basic header. Credentials string should not contain spaces."),
        ("Basic %%%", "Invalid basic header. Credentials not correctly base64 encoded."),
        ("Basic YWxpY2U=", "Invalid basic header. Credentials not correctly base64 encoded."),
        (&basic("alice:wrong"), "Invalid username/password."),
        (&basic("nobody:secret"), "Invalid username/password."),
        (&basic("bob:secret"), "User inactive or deleted."),
    ];
    for (header, message) in cases {
        let (status, body, www) = get_with(header).await;
        assert_eq!(status, 401, "{header}");
        assert_eq!(body, json!({"detail": message}).to_string(), "{header}");
        assert_eq!(www.as_deref(), Some("Basic realm=\"api\""), "{header}");
    }
}

#[tokio::test]
async fn missing_or_other_scheme_is_not_authenticated() {
    for header in ["", "Token abc", "Bearer x"] {
        let (status, body, www) = get_with(header).await;
        assert_eq!(status, 401, "{header:?}");
        assert_eq!(body, r#"{"detail":"Authentication credentials were not provided."}"#);
        assert_eq!(www.as_deref(), Some("Basic realm=\"api\""));
    }
    let response = client().get("/basic/").await;
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn custom_realm() {
    let settings = Settings::default()
        .default_authentication_classes(authentication![BasicAuthentication::new(Backend).realm("private")]);
    let c = APIClient::new(App::new(settings, urlpatterns![path("basic/", MockView)]).expect("valid urls"));
    assert_eq!(c.get("/basic/").await.header("www-authenticate"), Some("Basic realm=\"private\""));
}
