//! DRF's `ObtainAuthToken` view (`obtain_auth_token`): POST a username and password, get the
//! user's token.
//!
//! ```
//! use restframe::prelude::*;
//! use restframe::auth::{NewUser, UserManager, hashers::PasswordHasher};
//! use restframe::test::APIClient;
//! use restframe_authtoken::obtain_auth_token;
//! use serde_json::json;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let db = restframe::db::test_database().await.expect("database");
//! restframe_authtoken::migration::migrate(&db).await.expect("migrated");
//! let users = UserManager::new(db).with_hasher(PasswordHasher::new(1_000));
//! users.create_user(NewUser::new("alice").password("s3cret-pass")).await.expect("created");
//!
//! let app = App::new(Settings::default(), urlpatterns![path("api-token-auth", obtain_auth_token(users))])
//!     .expect("valid routes");
//! let client = APIClient::new(app);
//! let response = client.post("/api-token-auth", &json!({"username": "alice", "password": "s3cret-pass"})).await;
//! assert_eq!(response.status(), 200);
//! assert_eq!(response.json()["token"].as_str().map(str::len), Some(40));
//! # });
//! ```
//!
//! Like DRF: POST only (`Allow: POST, OPTIONS`), form, multipart and JSON bodies, JSON
//! responses only, the project's default authentication classes, no permission or throttle
//! classes, and the same token on every login.
//!
//! # Differences from DRF
//! A successful login also sets the user's `last_login`, as Django's `login()` does; DRF's view
//! leaves it untouched.

use restframe::auth::{ModelBackend, UserManager};
use restframe::parsers::{FormParser, JSONParser, MultiPartParser, Parsers};
use restframe::prelude::*;
use restframe::renderers::{JSONRenderer, Renderers};
use restframe::serializers::Serializer;
use serde_json::json;

use crate::models::Model as Token;
use crate::serializers::{AuthTokenSerializer, AuthenticatedUser};

/// DRF's `ObtainAuthToken` view; build it with [`obtain_auth_token`].
#[derive(Clone, Debug)]
pub struct ObtainAuthToken {
    backend: ModelBackend,
}

/// DRF's `obtain_auth_token = ObtainAuthToken.as_view()`: the view, authenticating against
/// `users` (its database and password hasher).
pub fn obtain_auth_token(users: UserManager) -> ObtainAuthToken {
    ObtainAuthToken { backend: ModelBackend::new(users) }
}

#[api_view]
impl APIView for ObtainAuthToken {
    fn permission_classes(&self) -> Permissions {
        permissions![]
    }
    fn throttle_classes(&self) -> Throttles {
        throttles![]
    }
    fn parser_classes(&self) -> Parsers {
        restframe::parsers![FormParser, MultiPartParser, JSONParser]
    }
    fn renderer_classes(&self) -> Renderers {
        restframe::renderers![JSONRenderer]
    }
    fn metadata_actions(&self, request: &Request) -> Option<serde_json::Value> {
        // DRF's `ObtainAuthToken.get_serializer()` describes `POST` (permission classes empty).
        restframe::metadata::actions(
            request,
            [(restframe::metadata::Method::POST, restframe::metadata::serializer_info::<AuthTokenSerializer>())],
        )
    }
    async fn post(&self, request: &Request) -> Result<Response, ApiError> {
        let authenticated = AuthenticatedUser::default();
        let mut serializer =
            AuthTokenSerializer::from_request(request).await?.with(self.backend.clone()).with(authenticated.clone());
        serializer.is_valid_or_raise().await?;
        let mut user = authenticated
            .get()
            .cloned()
            .ok_or_else(|| ApiError::internal("ObtainAuthToken: validation passed without a user"))?;
        let users = self.backend.users();
        let token = Token::get_or_create(users.db(), user.id).await?;
        users.update_last_login(&mut user).await?;
        Ok(Response::json(json!({ "token": token.key })))
    }
}
