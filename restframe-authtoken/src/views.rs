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
//! classes (see [`ObtainAuthToken::throttle_classes`] to add some), and the same token on every
//! login. Password hashes wait for a slot in a bounded queue: a login refused there gets DRF's
//! 429 `Throttled` answer with `Retry-After` (see `restframe::auth::hashers::HashQueue`).
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
///
/// Like DRF's class it has no throttle classes (`throttle_classes = ()`); a DRF project
/// throttles logins with a subclass, here with the builder methods:
///
/// ```
/// use restframe::prelude::*;
/// use restframe::auth::{NewUser, UserManager, hashers::PasswordHasher};
/// use restframe::test::APIClient;
/// use restframe_authtoken::obtain_auth_token;
/// use serde_json::json;
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let db = restframe::db::test_database().await.expect("database");
/// restframe_authtoken::migration::migrate(&db).await.expect("migrated");
/// let users = UserManager::new(db).with_hasher(PasswordHasher::new(1_000));
/// users.create_user(NewUser::new("alice").password("s3cret-pass")).await.expect("created");
///
/// // class LoginView(ObtainAuthToken):
/// //     throttle_classes = [ScopedRateThrottle]
/// //     throttle_scope = "login"
/// let view = obtain_auth_token(users.clone()).throttle_classes(throttles![ScopedRateThrottle]).throttle_scope("login");
/// let settings = Settings::default().default_throttle_rate("login", "2/min");
/// let client = APIClient::new(App::new(settings, urlpatterns![path("login", view)]).expect("valid routes"));
/// let wrong = json!({"username": "alice", "password": "guess"});
/// assert_eq!(client.post("/login", &wrong).await.status(), 400);
/// assert_eq!(client.post("/login", &wrong).await.status(), 400);
/// let throttled = client.post("/login", &json!({"username": "alice", "password": "s3cret-pass"})).await;
/// assert_eq!(throttled.status(), 429);
/// assert_eq!(throttled.json(), json!({"detail": "Request was throttled. Expected available in 60 seconds."}));
///
/// // Or inherit DEFAULT_THROTTLE_CLASSES, like a subclass that deletes the attribute:
/// let inherit = obtain_auth_token(users).inherit_default_throttle_classes();
/// # let _ = inherit;
/// # });
/// ```
#[derive(Clone, Debug)]
pub struct ObtainAuthToken {
    backend: ModelBackend,
    throttle_classes: Throttles,
    throttle_scope: Option<&'static str>,
}

/// DRF's `obtain_auth_token = ObtainAuthToken.as_view()`: the view, authenticating against
/// `users` (its database and password hasher).
pub fn obtain_auth_token(users: UserManager) -> ObtainAuthToken {
    ObtainAuthToken { backend: ModelBackend::new(users), throttle_classes: throttles![], throttle_scope: None }
}

impl ObtainAuthToken {
    /// `throttle_classes = [...]` in a subclass (DRF's class has none).
    #[must_use]
    pub fn throttle_classes(mut self, classes: Throttles) -> Self {
        self.throttle_classes = classes;
        self
    }

    /// The settings' `DEFAULT_THROTTLE_CLASSES` instead of none.
    #[must_use]
    pub fn inherit_default_throttle_classes(mut self) -> Self {
        self.throttle_classes = Throttles::from_settings();
        self
    }

    /// `throttle_scope = "..."` in a subclass, for `ScopedRateThrottle` (rate from
    /// `DEFAULT_THROTTLE_RATES[scope]`).
    #[must_use]
    pub fn throttle_scope(mut self, scope: &'static str) -> Self {
        self.throttle_scope = Some(scope);
        self
    }
}

#[api_view]
impl APIView for ObtainAuthToken {
    fn permission_classes(&self) -> Permissions {
        permissions![]
    }
    fn throttle_classes(&self) -> Throttles {
        self.throttle_classes.clone()
    }
    fn throttle_scope(&self) -> Option<&'static str> {
        self.throttle_scope
    }
    fn parser_classes(&self) -> Parsers {
        restframe::parsers![FormParser, MultiPartParser, JSONParser]
    }
    fn renderer_classes(&self) -> Renderers {
        restframe::renderers![JSONRenderer]
    }
    fn schema(&self) -> restframe::schemas::ViewSchema {
        // `serializer_class = AuthTokenSerializer`, request and response; DRF's class has no
        // docstring, so the component has no description (the doc comment is for Rust readers).
        let serializer = restframe::schemas::serializer_schema::<AuthTokenSerializer>().description("");
        restframe::schemas::ViewSchema::default().serializer_schema(serializer)
    }
    async fn metadata_actions(&self, request: &Request) -> Option<serde_json::Value> {
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
