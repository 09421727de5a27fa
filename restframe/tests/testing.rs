//! DRF's tests/test_testing.py: APIClient credentials / force_authenticate / logout and the
//! request encodings; APIRequestFactory with forced authentication.

mod common;

use http::Method;
use restframe::prelude::*;
use restframe::test::{APIClient, APIRequestFactory, Body, force_authenticate};
use serde_json::json;

use common::{FakeToken, admin, alice, as_user};

/// Reports who the request is from and what it sent.
struct WhoView;

#[api_view]
impl APIView for WhoView {
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(
            json!({"user": request.user().username(), "authenticated": request.user().is_authenticated()}),
        ))
    }
    async fn post(&self, request: &Request) -> Result<Response, ApiError> {
        let content_type = request.header("content-type").unwrap_or_default().to_owned();
        Ok(Response::json(json!({"content_type": content_type, "data": request.data().await?})))
    }
}

fn client() -> APIClient {
    let settings = Settings::default().default_authentication_classes(authentication![FakeToken]);
    APIClient::new(App::new(settings, urlpatterns![path("who", WhoView)]).expect("valid urls"))
}

async fn who(c: &APIClient) -> String {
    c.get("/who").await.text()
}

#[tokio::test]
async fn credentials_are_sent_replaced_and_cleared() {
    let mut c = client();
    assert_eq!(who(&c).await, r#"{"user":"","authenticated":false}"#);
    c.credentials(Some("Token alice"));
    assert_eq!(who(&c).await, r#"{"user":"alice","authenticated":true}"#);
    c.credentials(Some("Token admin"));
    assert_eq!(who(&c).await, r#"{"user":"admin","authenticated":true}"#);
    c.credentials(None);
    assert_eq!(who(&c).await, r#"{"user":"","authenticated":false}"#);
}

#[tokio::test]
async fn force_authenticate_bypasses_authenticators_until_logout() {
    let mut c = client();
    c.force_authenticate(Some(as_user(admin())));
    assert_eq!(who(&c).await, r#"{"user":"admin","authenticated":true}"#);
    // A bad credential is not even looked at while authentication is forced.
    c.credentials(Some("Token garbage"));
    assert_eq!(who(&c).await, r#"{"user":"admin","authenticated":true}"#);
    c.logout();
    assert_eq!(who(&c).await, r#"{"user":"","authenticated":false}"#);
    c.force_authenticate(Some(as_user(alice())));
    c.force_authenticate(None);
    assert_eq!(who(&c).await, r#"{"user":"","authenticated":false}"#);
}

#[tokio::test]
async fn request_encodings() {
    let c = client();
    let json_body = c.post("/who", &json!({"a": [1]})).await;
    assert_eq!(json_body.text(), r#"{"content_type":"application/json","data":{"a":[1]}}"#);
    let form = c.send(Method::POST, "/who", &[], &Body::form(&[("a", "1 2"), ("b", "é")])).await;
    assert_eq!(form.text(), r#"{"content_type":"application/x-www-form-urlencoded","data":{"a":"1 2","b":"é"}}"#);
    let multipart = c.send(Method::POST, "/who", &[], &Body::Multipart(vec![("a".into(), "1".into())], vec![])).await;
    assert_eq!(multipart.text(), r#"{"content_type":"multipart/form-data; boundary=BoUnDaRyStRiNg","data":{"a":"1"}}"#);
}

#[tokio::test]
async fn factory_calls_one_view_with_forced_authentication() {
    let factory =
        APIRequestFactory::new(Settings::default().default_authentication_classes(authentication![FakeToken]));
    let view = factory.view(WhoView);
    let mut request = factory.request(Method::GET, "/anything", &Body::Empty);
    force_authenticate(&mut request, as_user(alice()));
    let response = view.call(request).await;
    assert_eq!(response.text(), r#"{"user":"alice","authenticated":true}"#);
    assert_eq!(response.header("allow"), Some("GET, POST, HEAD, OPTIONS"));
    let response = view.call(factory.request(Method::POST, "/x", &Body::Json(json!([1, 2])))).await;
    assert_eq!(response.text(), r#"{"content_type":"application/json","data":[1,2]}"#);
    let response = view.call(factory.request(Method::DELETE, "/x", &Body::Empty)).await;
    assert_eq!(response.status(), 405);
}
