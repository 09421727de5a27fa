//! `AuthTokenSerializer` on its own (DRF's `tests/authentication/test_authentication.py`
//! serializer cases): field rules, codes and the `validate` that authenticates.

mod common;

use common::{database, users};
use restframe::auth::{ModelBackend, NewUser};
use restframe::exceptions::ApiError;
use restframe::serializers::{Context, Serializer};
use restframe::settings::Settings;
use restframe_authtoken::serializers::{AuthTokenSerializer, AuthenticatedUser};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

/// The error body, or `ok <username>` with the user `validate` authenticated.
async fn outcome(db: &DatabaseConnection, data: Value) -> String {
    let user = AuthenticatedUser::default();
    let context = Context::default().with(ModelBackend::new(users(db))).with(user.clone());
    let mut s = AuthTokenSerializer::with_data(data).context(context);
    match s.is_valid_or_raise().await {
        Ok(()) => format!("ok {:?}", user.get().map(|u| u.username.as_str()).unwrap_or("<none>")),
        Err(err) => err.body().to_string(),
    }
}

async fn with_user(username: &str, password: &str) -> DatabaseConnection {
    let db = database().await;
    users(&db).create_user(NewUser::new(username).password(password)).await.expect("created");
    db
}

#[tokio::test]
async fn field_errors_match_drf() {
    let db = database().await;
    let cases = [
        (json!({}), r#"{"username":["This field is required."],"password":["This field is required."]}"#),
        (json!({"username": "a"}), r#"{"password":["This field is required."]}"#),
        (json!({"username": "", "password": "x"}), r#"{"username":["This field may not be blank."]}"#),
        (json!({"username": "  \t", "password": "x"}), r#"{"username":["This field may not be blank."]}"#),
        (json!({"username": "a", "password": ""}), r#"{"password":["This field may not be blank."]}"#),
        (json!({"username": null, "password": "x"}), r#"{"username":["This field may not be null."]}"#),
        (
            json!({"username": true, "password": ["x"]}),
            r#"{"username":["Not a valid string."],"password":["Not a valid string."]}"#,
        ),
        (json!({"username": {}, "password": "x"}), r#"{"username":["Not a valid string."]}"#),
        (json!({"username": "a\u{0}b", "password": "x"}), r#"{"username":["Null characters are not allowed."]}"#),
        (json!([{"username": "a"}]), r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}"#),
        (json!("text"), r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got str."]}"#),
        (json!(3), r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got int."]}"#),
        (json!(null), r#"{"non_field_errors":["No data provided"]}"#),
    ];
    for (data, expected) in cases {
        assert_eq!(outcome(&db, data.clone()).await, expected, "{data}");
    }
}

#[tokio::test]
async fn username_is_trimmed_but_password_is_not() {
    let db = with_user("alice", "  pw  ").await;
    assert_eq!(outcome(&db, json!({"username": "  alice ", "password": "  pw  "})).await, r#"ok "alice""#);
    assert_eq!(
        outcome(&db, json!({"username": "alice", "password": "pw"})).await,
        r#"{"non_field_errors":["Unable to log in with provided credentials."]}"#
    );
}

#[tokio::test]
async fn usernames_are_stripped_like_python_str_strip() {
    let db = with_user("bob", "   ").await;
    assert_eq!(outcome(&db, json!({"username": "\u{1f}bob\u{3000}", "password": "   "})).await, r#"ok "bob""#);
}

#[tokio::test]
async fn numbers_become_python_strings() {
    for (username, password, data) in [
        ("5", "1.0", json!({"username": 5, "password": 1.0})),
        ("-7", "1e+20", json!({"username": -7, "password": 1e20})),
        ("0.0001", "1e-05", json!({"username": 0.0001, "password": 0.00001})),
        ("1.5", "1.2345678901234568e+17", json!({"username": 1.5, "password": 123456789012345678.0})),
    ] {
        let db = with_user(username, password).await;
        assert_eq!(outcome(&db, data.clone()).await, format!("ok {username:?}"), "{data}");
    }
}

#[tokio::test]
async fn codes_and_the_non_field_key_follow_drf() -> Result<(), ApiError> {
    let db = with_user("alice", "pw").await;
    let settings = Settings::default().non_field_errors_key("errors");
    let context = Context::default().settings(&settings).with(ModelBackend::new(users(&db)));
    let mut s = AuthTokenSerializer::with_data(json!({"username": null})).context(context.clone());
    assert!(!s.is_valid().await?);
    assert_eq!(s.errors()?.codes(), json!({"username": ["null"], "password": ["required"]}));
    let mut s = AuthTokenSerializer::with_data(json!([])).context(context.clone());
    assert!(!s.is_valid().await?);
    assert_eq!(s.errors()?.to_json(), json!({"errors": ["Invalid data. Expected a dictionary, but got list."]}));
    let mut s = AuthTokenSerializer::with_data(json!({"username": "alice", "password": "nope"})).context(context);
    assert!(!s.is_valid().await?);
    assert_eq!(s.errors()?.codes(), json!({"errors": ["authorization"]}));
    Ok(())
}

#[tokio::test]
async fn a_missing_backend_is_an_internal_error() {
    let mut s = AuthTokenSerializer::with_data(json!({"username": "alice", "password": "pw"}));
    let err = s.is_valid().await.expect_err("no backend");
    assert_eq!(err.status(), 500);
    assert_eq!(
        err.cause().map(ToString::to_string).as_deref(),
        Some("AuthTokenSerializer: no ModelBackend in the serializer context")
    );
}
