//! DRF's `drf_create_token` management command as a library function, for a project's CLI.
//!
//! ```
//! use restframe::auth::{NewUser, UserManager, hashers::PasswordHasher};
//! use restframe_authtoken::management::drf_create_token;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let db = restframe::db::test_database().await.expect("database");
//! restframe_authtoken::migration::migrate(&db).await.expect("migrated");
//! UserManager::new(db.clone()).with_hasher(PasswordHasher::new(1_000))
//!     .create_user(NewUser::new("alice")).await.expect("created");
//!
//! let generated = drf_create_token(&db, "alice", false).await.expect("token");
//! assert_eq!(generated.to_string(), format!("Generated token {} for user alice", generated.key));
//!
//! let err = drf_create_token(&db, "nobody", false).await.unwrap_err();
//! assert_eq!(err.to_string(), "Cannot create the Token: user nobody does not exist");
//! # });
//! ```

use std::fmt;

use restframe::auth::UserManager;
use sea_orm::{DatabaseConnection, DbErr};

use crate::models::Model as Token;

/// The command's result; its `Display` is the line DRF prints
/// (`Generated token <key> for user <username>`).
#[derive(Clone, PartialEq, Eq)]
pub struct GeneratedToken {
    /// The token key.
    pub key: String,
    /// The username as given on the command line.
    pub username: String,
}

impl fmt::Debug for GeneratedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GeneratedToken").field("username", &self.username).finish_non_exhaustive()
    }
}

impl fmt::Display for GeneratedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Generated token {} for user {}", self.key, self.username)
    }
}

/// Why the command failed; its `Display` is DRF's `CommandError` text (the CLI prints it as
/// `CommandError: <text>` on stderr and exits with status 1).
#[derive(Debug)]
#[non_exhaustive]
pub enum CreateTokenError {
    /// No user has this username.
    UserDoesNotExist(String),
    /// The database failed.
    Database(DbErr),
}

impl fmt::Display for CreateTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UserDoesNotExist(username) => write!(f, "Cannot create the Token: user {username} does not exist"),
            Self::Database(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for CreateTokenError {}

impl From<DbErr> for CreateTokenError {
    fn from(err: DbErr) -> Self {
        Self::Database(err)
    }
}

/// `manage.py drf_create_token <username> [--reset]`: the user's token (created if missing);
/// with `reset`, the old token is deleted and a new one created.
pub async fn drf_create_token(
    db: &DatabaseConnection,
    username: &str,
    reset: bool,
) -> Result<GeneratedToken, CreateTokenError> {
    let user = UserManager::new(db.clone())
        .get_by_natural_key(username)
        .await?
        .ok_or_else(|| CreateTokenError::UserDoesNotExist(username.to_owned()))?;
    if reset {
        Token::delete_for_user(db, user.id).await?;
    }
    let token = Token::get_or_create(db, user.id).await?;
    Ok(GeneratedToken { key: token.key, username: username.to_owned() })
}
