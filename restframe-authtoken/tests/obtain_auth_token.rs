//! `obtain_auth_token`: DRF's ObtainAuthToken statuses, headers and bodies, byte for byte.

mod common;

use bytes::Bytes;
use common::{client, database, user_with_token, users};
use http::Method;
use restframe::auth::{NewUser, user};
use restframe::test::{APIClient, TestResponse};
use restframe_authtoken::{Token, TokenAuthentication};
use sea_orm::EntityTrait;
use serde_json::json;

const UNABLE: &str = r#"{"non_field_errors":["Unable to log in with provided credentials."]}"#;

async fn post(client: &APIClient, content_type: &str, body: &str) -> TestResponse {
    client
        .request(Method::POST, "/api-token-auth", &[("content-type", content_type)], Bytes::from(body.to_owned()))
        .await
}

async fn setup() -> (sea_orm::DatabaseConnection, APIClient) {
    let db = database().await;
    let client = client(&db, TokenAuthentication::new(db.clone()));
    (db, client)
}

#[tokio::test]
async fn json_login_returns_the_users_one_token() {
    let (db, client) = setup().await;
    let alice = users(&db).create_user(NewUser::new("alice").password("s3cret-pass")).await.expect("created");
    let response = client.post("/api-token-auth", &json!({"username": "alice", "password": "s3cret-pass"})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(response.header("allow"), Some("POST, OPTIONS"));
    assert_eq!(response.header("vary"), None, "a single renderer: no Vary: Accept");
    let token = Token::for_user(&db, alice.id).await.expect("query").expect("token created");
    assert_eq!(response.text(), format!(r#"{{"token":"{}"}}"#, token.key));
    let again = client.post("/api-token-auth", &json!({"username": "alice", "password": "s3cret-pass"})).await;
    assert_eq!(again.text(), response.text(), "get-or-create: the same token every time");
}

#[tokio::test]
async fn form_and_multipart_bodies_work_and_usernames_are_trimmed() {
    let (db, client) = setup().await;
    let (_, token) = user_with_token(&db, "alice", true).await;
    let expected = format!(r#"{{"token":"{}"}}"#, token.key);
    let response = post(&client, "application/x-www-form-urlencoded", "username=alice&password=s3cret-pass").await;
    assert_eq!((response.status().as_u16(), response.text()), (200, expected.clone()));
    let response = post(&client, "application/x-www-form-urlencoded", "username=+%20alice+&password=s3cret-pass").await;
    assert_eq!((response.status().as_u16(), response.text()), (200, expected.clone()));
    let response =
        post(&client, "application/json; charset=utf-8", r#"{"username":"  alice ","password":"s3cret-pass"}"#).await;
    assert_eq!((response.status().as_u16(), response.text()), (200, expected));
    users(&db).create_user(NewUser::new("5").password("numeric-name")).await.expect("created");
    let response = post(&client, "application/json", r#"{"username":5,"password":"numeric-name"}"#).await;
    assert_eq!(response.status(), 200, "the number 5 becomes the username \"5\"");
}

#[tokio::test]
async fn bad_credentials_all_look_the_same() {
    let (db, client) = setup().await;
    user_with_token(&db, "alice", true).await;
    user_with_token(&db, "sleepy", false).await;
    for body in [
        json!({"username": "alice", "password": "wrong"}),
        json!({"username": "alice", "password": "s3cret-pass "}),
        json!({"username": "nobody", "password": "s3cret-pass"}),
        json!({"username": "sleepy", "password": "s3cret-pass"}),
        json!({"username": "ALICE", "password": "s3cret-pass"}),
    ] {
        let response = client.post("/api-token-auth", &body).await;
        assert_eq!((response.status().as_u16(), response.text()), (400, UNABLE.to_owned()), "{body}");
    }
}

#[tokio::test]
async fn field_errors_match_drf() {
    let (_db, client) = setup().await;
    let cases = [
        ("{}", r#"{"username":["This field is required."],"password":["This field is required."]}"#),
        (r#"{"username":"alice"}"#, r#"{"password":["This field is required."]}"#),
        (r#"{"username":"","password":"x"}"#, r#"{"username":["This field may not be blank."]}"#),
        (r#"{"username":"alice","password":""}"#, r#"{"password":["This field may not be blank."]}"#),
        (r#"{"username":null,"password":"x"}"#, r#"{"username":["This field may not be null."]}"#),
        (r#"[{"username":"alice"}]"#, r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}"#),
        ("", r#"{"username":["This field is required."],"password":["This field is required."]}"#),
    ];
    for (body, expected) in cases {
        let response = post(&client, "application/json", body).await;
        assert_eq!((response.status().as_u16(), response.text()), (400, expected.to_owned()), "{body}");
    }
    let response = post(&client, "application/json", r#"{"username": "a""#).await;
    assert_eq!(
        (response.status().as_u16(), response.text()),
        (400, r#"{"detail":"JSON parse error - Expecting ',' delimiter: line 1 column 17 (char 16)"}"#.to_owned())
    );
}

#[tokio::test]
async fn method_media_type_and_accept_rules() {
    let (_db, client) = setup().await;
    let response = client.get("/api-token-auth").await;
    assert_eq!(
        (response.status().as_u16(), response.text()),
        (405, r#"{"detail":"Method \"GET\" not allowed."}"#.to_owned())
    );
    assert_eq!(response.header("allow"), Some("POST, OPTIONS"));

    let response = post(&client, "text/plain", "username=alice").await;
    assert_eq!(
        (response.status().as_u16(), response.text()),
        (415, r#"{"detail":"Unsupported media type \"text/plain\" in request."}"#.to_owned())
    );

    let body = Bytes::from_static(br#"{"username":"a","password":"b"}"#);
    let headers = [("content-type", "application/json"), ("accept", "text/html")];
    let response = client.request(Method::POST, "/api-token-auth", &headers, body).await;
    assert_eq!(
        (response.status().as_u16(), response.text()),
        (406, r#"{"detail":"Could not satisfy the request Accept header."}"#.to_owned())
    );
}

#[tokio::test]
async fn options_describes_the_serializer() {
    let (_db, client) = setup().await;
    let response = client.request(Method::OPTIONS, "/api-token-auth", &[], Bytes::new()).await;
    // Byte for byte, key order included: DRF's body for this view (drf-behavior §1.8).
    let expected = concat!(
        r#"{"name":"Obtain Auth Token","description":"","renders":["application/json"],"#,
        r#""parses":["application/x-www-form-urlencoded","multipart/form-data","application/json"],"#,
        r#""actions":{"POST":{"username":{"type":"string","required":true,"read_only":false,"label":"Username"},"#,
        r#""password":{"type":"string","required":true,"read_only":false,"label":"Password"},"#,
        r#""token":{"type":"string","required":false,"read_only":true,"label":"Token"}}}}"#
    );
    assert_eq!((response.status().as_u16(), response.text()), (200, expected.to_owned()));
}

#[tokio::test]
async fn the_project_authentication_classes_still_run() {
    let (db, client) = setup().await;
    user_with_token(&db, "alice", true).await;
    let headers = [("content-type", "application/json"), ("authorization", "Token garbage")];
    let body = Bytes::from_static(br#"{"username":"alice","password":"s3cret-pass"}"#);
    let response = client.request(Method::POST, "/api-token-auth", &headers, body).await;
    assert_eq!((response.status().as_u16(), response.text()), (401, r#"{"detail":"Invalid token."}"#.to_owned()));
    assert_eq!(response.header("www-authenticate"), Some("Token"));
}

#[tokio::test]
async fn login_sets_last_login() {
    let (db, client) = setup().await;
    let (alice, _) = user_with_token(&db, "alice", true).await;
    assert_eq!(alice.last_login, None);
    let response = client.post("/api-token-auth", &json!({"username": "alice", "password": "s3cret-pass"})).await;
    assert_eq!(response.status(), 200);
    let stored = user::Entity::find_by_id(alice.id).one(&db).await.expect("query").expect("user");
    assert!(stored.last_login.is_some());
    let failed = client.post("/api-token-auth", &json!({"username": "alice", "password": "nope"})).await;
    assert_eq!(failed.status(), 400);
    let after = user::Entity::find_by_id(alice.id).one(&db).await.expect("query").expect("user");
    assert_eq!(after.last_login, stored.last_login, "failed logins do not touch last_login");
}

#[tokio::test]
async fn basic_authentication_as_project_default_uses_the_model_backend() {
    use restframe::authentication::BasicAuthentication;
    use restframe::prelude::*;
    let db = database().await;
    let (alice, token) = user_with_token(&db, "alice", true).await;
    let settings = Settings::default().default_authentication_classes(authentication![BasicAuthentication::new(
        restframe::auth::ModelBackend::new(users(&db))
    )]);
    let urls = urlpatterns![
        path("api-token-auth", restframe_authtoken::obtain_auth_token(users(&db))),
        path("hello", common::HelloView)
    ];
    let mut client = APIClient::new(App::new(settings, urls).expect("routes"));
    let body = json!({"username": "alice", "password": "s3cret-pass"});

    // DRF: a bad Basic header fails the request even though the body credentials are right.
    client.credentials(Some("Basic YWxpY2U6d3Jvbmc=")); // alice:wrong
    let response = client.post("/api-token-auth", &body).await;
    assert_eq!(
        (response.status().as_u16(), response.text()),
        (401, r#"{"detail":"Invalid username/password."}"#.to_owned())
    );
    assert_eq!(response.header("www-authenticate"), Some(r#"Basic realm="api""#));

    // Good Basic credentials authenticate a Django user through ModelBackend.
    client.credentials(Some("Basic YWxpY2U6czNjcmV0LXBhc3M=")); // alice:s3cret-pass
    let hello = client.get("/hello").await;
    assert_eq!(hello.json(), json!({"user": alice.username, "token": null}));
    let response = client.post("/api-token-auth", &body).await;
    assert_eq!(response.json(), json!({"token": token.key}));
}
