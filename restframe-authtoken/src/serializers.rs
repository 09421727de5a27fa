//! DRF's `AuthTokenSerializer`, built with restframe's own `#[derive(Serializer)]` as DRF builds
//! it with its own `Serializer`:
//!
//! ```python
//! class AuthTokenSerializer(serializers.Serializer):
//!     username = serializers.CharField(label=_("Username"), write_only=True)
//!     password = serializers.CharField(label=_("Password"), style={'input_type': 'password'},
//!                                      trim_whitespace=False, write_only=True)
//!     token = serializers.CharField(label=_("Token"), read_only=True)
//!
//!     def validate(self, attrs):  # authenticate(), or "Unable to log in with provided credentials."
//! ```
//!
//! `validate` authenticates against the [`ModelBackend`] that travels in the serializer context
//! and leaves the user in the context's [`AuthenticatedUser`] (DRF's `attrs['user']`: the
//! validated data here is the struct of declared fields, so the user rides beside it).
//!
//! ```
//! use restframe::auth::{ModelBackend, NewUser, UserManager, hashers::PasswordHasher};
//! use restframe::serializers::{Context, Serializer};
//! use restframe_authtoken::serializers::{AuthTokenSerializer, AuthenticatedUser};
//! use serde_json::json;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let db = restframe::db::test_database().await.expect("database");
//! restframe::auth::migration::migrate(&db).await.expect("migrated");
//! let users = UserManager::new(db).with_hasher(PasswordHasher::new(1_000));
//! users.create_user(NewUser::new("alice").password(" pw ")).await.expect("created");
//!
//! // The username is trimmed, the password is not.
//! let user = AuthenticatedUser::default();
//! let context = Context::default().with(ModelBackend::new(users.clone())).with(user.clone());
//! let mut s = AuthTokenSerializer::with_data(json!({"username": "  alice ", "password": " pw "})).context(context.clone());
//! assert!(s.is_valid().await.expect("no internal error"));
//! assert_eq!(user.get().map(|u| u.username.as_str()), Some("alice"));
//!
//! let mut s = AuthTokenSerializer::with_data(json!({"username": "alice", "password": "pw"})).context(context);
//! assert!(!s.is_valid().await.expect("no internal error"));
//! assert_eq!(
//!     s.errors().expect("validated").to_json(),
//!     json!({"non_field_errors": ["Unable to log in with provided credentials."]})
//! );
//! # });
//! ```

use std::sync::{Arc, OnceLock};

use restframe::auth::{ModelBackend, User};
use restframe::exceptions::{ApiError, ErrorDetail};
use restframe::serializers::{Context, SerializerHooks};

/// `Unable to log in with provided credentials.` (code `authorization`).
pub const UNABLE_TO_LOG_IN: &str = "Unable to log in with provided credentials.";

/// `Must include "username" and "password".` (code `authorization`).
pub const MUST_INCLUDE: &str = "Must include \"username\" and \"password\".";

/// DRF's `rest_framework.authtoken.serializers.AuthTokenSerializer`. Its context needs a
/// [`ModelBackend`] (and an [`AuthenticatedUser`] to receive the user).
#[derive(restframe::Serializer)]
#[serializer(hooks)]
pub struct AuthTokenSerializer {
    /// `CharField(label="Username", write_only=True)`: whitespace-trimmed.
    #[field(write_only)]
    pub username: String,
    /// `CharField(label="Password", trim_whitespace=False, write_only=True)`: exactly as sent.
    #[field(write_only, trim_whitespace = false)]
    pub password: String,
    /// `CharField(label="Token", read_only=True)`.
    #[field(read_only)]
    pub token: String,
}

impl std::fmt::Debug for AuthTokenSerializer {
    // Never prints the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthTokenSerializer").field("username", &self.username).finish_non_exhaustive()
    }
}

/// Where [`AuthTokenSerializer`]'s `validate` leaves the authenticated user (DRF's
/// `attrs['user']`). Clones share the slot: put one clone in the context, read the other after
/// `is_valid()`.
#[derive(Clone, Debug, Default)]
pub struct AuthenticatedUser(Arc<OnceLock<User>>);

impl AuthenticatedUser {
    /// The user `validate` authenticated, if validation got that far.
    pub fn get(&self) -> Option<&User> {
        self.0.get()
    }
}

impl SerializerHooks for AuthTokenSerializer {
    /// DRF's `validate(attrs)`: `authenticate(username, password)`. Unknown users, wrong
    /// passwords and inactive users all get `Unable to log in with provided credentials.` under
    /// the non-field key.
    async fn validate(attrs: Self, ctx: &Context) -> Result<Self, ApiError> {
        if attrs.username.is_empty() || attrs.password.is_empty() {
            return Err(ApiError::validation(ErrorDetail::new(MUST_INCLUDE, "authorization")));
        }
        let backend = ctx
            .get::<ModelBackend>()
            .ok_or_else(|| ApiError::internal("AuthTokenSerializer: no ModelBackend in the serializer context"))?;
        let Some(user) = backend.authenticate(&attrs.username, &attrs.password).await? else {
            return Err(ApiError::validation(ErrorDetail::new(UNABLE_TO_LOG_IN, "authorization")));
        };
        if let Some(slot) = ctx.get::<AuthenticatedUser>() {
            // A fresh slot per validation: a second `set` cannot happen, and would keep the first user.
            let _ = slot.0.set(user);
        }
        Ok(attrs)
    }
}
