//! `TokenAuthentication`: DRF's header rules, messages and status codes, exactly.

mod common;

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use common::{client, database, user_with_token};
use http::Method;
use restframe::test::APIClient;
use restframe_authtoken::TokenAuthentication;
use serde_json::json;

async fn get(client: &APIClient, path: &str, authorization: Option<&str>) -> (u16, String, Option<String>) {
    let headers: Vec<(&str, &str)> = authorization.map(|a| ("authorization", a)).into_iter().collect();
    let response = client.request(Method::GET, path, &headers, Bytes::new()).await;
    (response.status().as_u16(), response.text(), response.header("www-authenticate").map(str::to_owned))
}

fn failed(message: &str, keyword: &str) -> (u16, String, Option<String>) {
    (401, json!({ "detail": message }).to_string(), Some(keyword.to_owned()))
}

#[tokio::test]
async fn header_rules_match_drf() {
    let db = database().await;
    let (_, token) = user_with_token(&db, "alice", true).await;
    let client = client(&db, TokenAuthentication::new(db.clone()));
    let key = token.key.as_str();
    let ok = (200, json!({"user": "alice", "token": key}).to_string(), None);
    let not_provided = failed("Authentication credentials were not provided.", "Token");

    assert_eq!(get(&client, "/hello", None).await, not_provided);
    assert_eq!(get(&client, "/hello", Some("")).await, not_provided);
    assert_eq!(get(&client, "/hello", Some(&format!("Token {key}"))).await, ok);
    assert_eq!(get(&client, "/hello", Some(&format!("token {key}"))).await, ok, "keyword is case-insensitive");
    assert_eq!(get(&client, "/hello", Some(&format!("TOKEN {key}"))).await, ok);
    assert_eq!(get(&client, "/hello", Some(&format!("  Token \t  {key}   "))).await, ok, "any whitespace run");
    assert_eq!(get(&client, "/hello", Some(&format!("Bearer {key}"))).await, not_provided, "other schemes are ignored");
    assert_eq!(get(&client, "/hello", Some(&format!("Token{key}"))).await, not_provided);
    assert_eq!(get(&client, "/hello", Some("Basic YWxpY2U6cHc=")).await, not_provided);
    assert_eq!(
        get(&client, "/hello", Some("Token")).await,
        failed("Invalid token header. No credentials provided.", "Token")
    );
    assert_eq!(
        get(&client, "/hello", Some("Token   ")).await,
        failed("Invalid token header. No credentials provided.", "Token")
    );
    assert_eq!(
        get(&client, "/hello", Some(&format!("Token {key} extra"))).await,
        failed("Invalid token header. Token string should not contain spaces.", "Token")
    );
    assert_eq!(get(&client, "/hello", Some("Token 0000")).await, failed("Invalid token.", "Token"));
    assert_eq!(
        get(&client, "/hello", Some(&format!("Token {}", key.to_uppercase()))).await,
        failed("Invalid token.", "Token")
    );
    assert_eq!(get(&client, "/hello", Some(&format!("Token {key}{key}"))).await, failed("Invalid token.", "Token"));
    let huge = format!("Token {}", "a".repeat(8000));
    assert_eq!(
        get(&client, "/hello", Some(&huge)).await,
        failed("Invalid token.", "Token"),
        "over-long keys just don't match"
    );
    assert_eq!(
        get(&client, "/hello", Some("Token ' OR 1=1 --")).await,
        failed("Invalid token header. Token string should not contain spaces.", "Token")
    );
    assert_eq!(get(&client, "/hello", Some("Token '--;DROP")).await, failed("Invalid token.", "Token"));
}

#[tokio::test]
async fn a_bad_token_fails_even_on_an_open_view() {
    let db = database().await;
    let client = client(&db, TokenAuthentication::new(db.clone()));
    assert_eq!(get(&client, "/open", None).await, (200, r#"{"authenticated":false}"#.to_owned(), None));
    assert_eq!(
        get(&client, "/open", Some("Bearer whatever")).await,
        (200, r#"{"authenticated":false}"#.to_owned(), None)
    );
    assert_eq!(get(&client, "/open", Some("Token nope")).await, failed("Invalid token.", "Token"));
}

#[tokio::test]
async fn inactive_users_are_refused() {
    let db = database().await;
    let (_, token) = user_with_token(&db, "sleepy", false).await;
    let client = client(&db, TokenAuthentication::new(db.clone()));
    assert_eq!(
        get(&client, "/hello", Some(&format!("Token {}", token.key))).await,
        failed("User inactive or deleted.", "Token")
    );
}

#[tokio::test]
async fn non_utf8_tokens_are_invalid_characters() {
    let db = database().await;
    let settings = restframe::settings::Settings::default()
        .default_authentication_classes(restframe::authentication![TokenAuthentication::new(db.clone())]);
    let app = restframe::App::new(settings, restframe::urlpatterns![restframe::urls::path("open", common::OpenView)])
        .expect("routes");
    let invalid_characters =
        r#"{"detail":"Invalid token header. Token string should not contain invalid characters."}"#;
    // DRF's own test sends `¸` as latin-1; `t\xf6k` is latin-1 `tök`. Neither is UTF-8. The
    // UTF-8 spelling of `tök` decodes fine and is simply an unknown key.
    for (raw, expected) in [
        (&b"Token \xb8"[..], invalid_characters),
        (&b"Token t\xf6k"[..], invalid_characters),
        ("Token tök".as_bytes(), r#"{"detail":"Invalid token."}"#),
    ] {
        let request = http::Request::builder()
            .uri("/open")
            .header("authorization", http::HeaderValue::from_bytes(raw).expect("obs-text is a valid header byte"))
            .body(Bytes::new())
            .expect("request");
        let response = app.handle(request, None).await;
        assert_eq!(response.status(), 401);
        assert_eq!(response.headers().get("www-authenticate").map(|v| v.as_bytes()), Some(&b"Token"[..]));
        let body = http_body_util::BodyExt::collect(response.into_body()).await.expect("body").to_bytes();
        assert_eq!(body, expected);
    }
}

#[tokio::test]
async fn the_keyword_is_configurable() {
    let db = database().await;
    let (_, token) = user_with_token(&db, "alice", true).await;
    let client = client(&db, TokenAuthentication::new(db.clone()).with_keyword("Bearer"));
    let key = token.key.as_str();
    let ok = (200, json!({"user": "alice", "token": key}).to_string(), None);
    assert_eq!(get(&client, "/hello", Some(&format!("Bearer {key}"))).await, ok);
    assert_eq!(get(&client, "/hello", Some(&format!("bearer {key}"))).await, ok);
    assert_eq!(
        get(&client, "/hello", Some(&format!("Token {key}"))).await,
        failed("Authentication credentials were not provided.", "Bearer")
    );
    assert_eq!(
        get(&client, "/hello", Some("Bearer")).await,
        failed("Invalid token header. No credentials provided.", "Bearer")
    );
    assert_eq!(get(&client, "/hello", Some("Bearer nope")).await, failed("Invalid token.", "Bearer"));
}

#[tokio::test]
async fn one_query_per_authenticated_request() {
    let mut db = database().await;
    let (_, token) = user_with_token(&db, "alice", true).await;
    let statements = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = statements.clone();
    db.set_metric_callback(move |info| seen.lock().expect("lock").push(info.statement.sql.clone()));
    let client = client(&db, TokenAuthentication::new(db.clone()));
    assert_eq!(get(&client, "/hello", Some(&format!("Token {}", token.key))).await.0, 200);
    let statements = statements.lock().expect("lock").clone();
    assert_eq!(statements.len(), 1, "{statements:?}");
    assert!(statements[0].contains("JOIN"), "token joined with its user: {}", statements[0]);
}
