//! Shared setup: a migrated test database, users hashed with few rounds, and a small URL conf
//! like the tutorial's (a protected view, an open view and the token endpoint).

#![allow(dead_code)] // each test binary uses a different part of this module

use restframe::auth::{NewUser, User, UserManager, hashers::PasswordHasher};
use restframe::prelude::*;
use restframe::test::APIClient;
use restframe_authtoken::{Token, TokenAuthentication, obtain_auth_token};
use sea_orm::DatabaseConnection;
use serde_json::json;

pub(crate) const FAST: PasswordHasher = PasswordHasher::new(1_000);

pub(crate) async fn database() -> DatabaseConnection {
    let db = restframe::db::test_database().await.expect("test database");
    restframe_authtoken::migration::migrate(&db).await.expect("migrated");
    db
}

pub(crate) fn users(db: &DatabaseConnection) -> UserManager {
    UserManager::new(db.clone()).with_hasher(FAST)
}

pub(crate) async fn user_with_token(db: &DatabaseConnection, username: &str, active: bool) -> (User, Token) {
    let user =
        users(db).create_user(NewUser::new(username).password("s3cret-pass").is_active(active)).await.expect("created");
    let token = Token::get_or_create(db, user.id).await.expect("token");
    (user, token)
}

/// Requires a logged-in user; echoes who it is and which token was used.
pub(crate) struct HelloView;

#[api_view]
impl APIView for HelloView {
    fn permission_classes(&self) -> Permissions {
        permissions![IsAuthenticated]
    }
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        let user = request.user_as::<User>().map(|u| u.username.clone());
        let token = request.auth_as::<Token>().map(|t| t.key.clone());
        Ok(Response::json(json!({"user": user, "token": token})))
    }
}

/// Open to everyone.
pub(crate) struct OpenView;

#[api_view]
impl APIView for OpenView {
    async fn get(&self, request: &Request) -> Result<Response, ApiError> {
        Ok(Response::json(json!({"authenticated": request.user().is_authenticated()})))
    }
}

pub(crate) fn client(db: &DatabaseConnection, authentication: TokenAuthentication) -> APIClient {
    let settings = Settings::default().default_authentication_classes(authentication![authentication]);
    let urls = urlpatterns![
        path("hello", HelloView),
        path("open", OpenView),
        path("api-token-auth", obtain_auth_token(users(db))),
    ];
    APIClient::new(App::new(settings, urls).expect("valid routes"))
}
