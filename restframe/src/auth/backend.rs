//! Django's `ModelBackend`: `authenticate(username, password)` against `auth_user`.
//!
//! ```
//! use restframe::auth::{ModelBackend, NewUser, UserManager, hashers::PasswordHasher};
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let db = restframe::db::test_database().await.expect("database");
//! restframe::auth::migration::migrate(&db).await.expect("migrated");
//! let users = UserManager::new(db).with_hasher(PasswordHasher::new(1_000));
//! users.create_user(NewUser::new("alice").password("s3cret-pass")).await.expect("created");
//!
//! let backend = ModelBackend::new(users);
//! let alice = backend.authenticate("alice", "s3cret-pass").await.expect("query");
//! assert_eq!(alice.map(|u| u.username), Some("alice".to_owned()));
//! assert!(backend.authenticate("alice", "wrong").await.expect("query").is_none());
//! assert!(backend.authenticate("nobody", "s3cret-pass").await.expect("query").is_none());
//! # });
//! ```

use std::sync::Arc;

use crate::auth::manager::UserManager;
use crate::auth::user::Model;
use crate::authentication::UserBackend;
use crate::exceptions::ApiError;
use crate::user::User;

/// Django's `ModelBackend`. Plug it into `BasicAuthentication` (it implements
/// [`UserBackend`]) or call [`authenticate`](Self::authenticate) from a login view.
#[derive(Clone, Debug)]
pub struct ModelBackend {
    users: UserManager,
}

impl ModelBackend {
    /// A backend using `users`' database and hasher.
    pub fn new(users: UserManager) -> Self {
        Self { users }
    }

    /// The user manager.
    pub fn users(&self) -> &UserManager {
        &self.users
    }

    /// The active user with these credentials, or `None` for an unknown username, a wrong or
    /// unusable password, or an inactive user. Unknown usernames still cost one full hash, so
    /// response times do not reveal which usernames exist. A correct password stored with
    /// outdated parameters is re-hashed (as [`UserManager::check_password`] does).
    ///
    /// The hash waits for a slot within the hasher's [`HashQueue`](crate::auth::hashers::HashQueue)
    /// (known and unknown users alike): when the queue is full or the wait too long the error is
    /// DRF's `Throttled` (429 with `Retry-After`), and nothing was hashed. A database error is a
    /// 500, as `ApiError::from(DbErr)`.
    pub async fn authenticate(&self, username: &str, password: &str) -> Result<Option<Model>, ApiError> {
        let hasher = self.users.hasher();
        let Some(mut user) = self.users.get_by_natural_key(username).await? else {
            hasher.try_dummy_hash().await?;
            return Ok(None);
        };
        let check = hasher.try_verify(password, &user.password).await?;
        if check.is_correct && check.must_update {
            self.users.set_password(&mut user, Some(password)).await?;
        }
        Ok((check.is_correct && user_can_authenticate(&user)).then_some(user))
    }
}

/// Django's `ModelBackend.user_can_authenticate`: rejects inactive users.
pub fn user_can_authenticate(user: &Model) -> bool {
    user.is_active
}

impl UserBackend for ModelBackend {
    async fn authenticate(&self, username: &str, password: &str) -> Result<Option<Arc<dyn User>>, ApiError> {
        let user = ModelBackend::authenticate(self, username, password).await?;
        Ok(user.map(|u| Arc::new(u) as Arc<dyn User>))
    }
}
