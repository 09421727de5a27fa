//! DRF's `TokenAuthentication`: `Authorization: Token <key>` with DRF's exact header rules and
//! messages, and a configurable keyword.
//!
//! ```
//! use restframe::prelude::*;
//! use restframe_authtoken::TokenAuthentication;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let db = restframe::db::test_database().await.expect("database");
//! let settings = Settings::default()
//!     .default_authentication_classes(authentication![TokenAuthentication::new(db.clone())]);
//! // Or accept `Authorization: Bearer <key>` instead:
//! let bearer = TokenAuthentication::new(db).with_keyword("Bearer");
//! assert_eq!(bearer.keyword(), "Bearer");
//! # let _ = settings;
//! # });
//! ```
//!
//! | `Authorization` header | outcome |
//! |---|---|
//! | absent, empty, or another scheme (`Basic …`, `Tokenabc`) | not handled: the next class runs, or the request is anonymous |
//! | `Token` | 401 `Invalid token header. No credentials provided.` |
//! | `Token a b` | 401 `Invalid token header. Token string should not contain spaces.` |
//! | `Token <bytes that are not UTF-8>` | 401 `Invalid token header. Token string should not contain invalid characters.` |
//! | `Token <unknown key>` | 401 `Invalid token.` |
//! | `Token <key of an inactive user>` | 401 `User inactive or deleted.` |
//! | `Token <key>` (keyword in any case, any whitespace) | `request.user` = the [`restframe::auth::User`], `request.auth` = the [`crate::Token`] |
//!
//! One database query per request: the token joined with its user.

use std::borrow::Cow;
use std::sync::Arc;

use restframe::auth::user as auth_user;
use restframe::authentication::{Authenticated, Authentication, authorization_parts};
use restframe::exceptions::ApiError;
use restframe::request::Request;
use sea_orm::{DatabaseConnection, EntityTrait};

use crate::models::Entity as TokenEntity;

/// `Invalid token header. No credentials provided.`
pub const NO_CREDENTIALS: &str = "Invalid token header. No credentials provided.";
/// `Invalid token header. Token string should not contain spaces.`
pub const CONTAINS_SPACES: &str = "Invalid token header. Token string should not contain spaces.";
/// `Invalid token header. Token string should not contain invalid characters.`
pub const INVALID_CHARACTERS: &str = "Invalid token header. Token string should not contain invalid characters.";
/// `Invalid token.`
pub const INVALID_TOKEN: &str = "Invalid token.";
/// `User inactive or deleted.`
pub const USER_INACTIVE: &str = "User inactive or deleted.";

/// DRF's `TokenAuthentication`. Holds a database handle; cheap to clone.
#[derive(Clone, Debug)]
pub struct TokenAuthentication {
    db: DatabaseConnection,
    keyword: Cow<'static, str>,
}

impl TokenAuthentication {
    /// Token authentication with DRF's default keyword `Token`.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db, keyword: Cow::Borrowed("Token") }
    }

    /// Uses another keyword (DRF's `keyword = 'Bearer'` subclass attribute). It is matched
    /// case-insensitively and sent back in `WWW-Authenticate`.
    pub fn with_keyword(mut self, keyword: impl Into<Cow<'static, str>>) -> Self {
        self.keyword = keyword.into();
        self
    }

    /// The keyword in use.
    pub fn keyword(&self) -> &str {
        &self.keyword
    }

    /// DRF's `authenticate_credentials(key)`: the token and its active user, in one query.
    pub async fn authenticate_credentials(&self, key: &str) -> Result<Authenticated, ApiError> {
        // `.all()`, not `.one()`: the key is the primary key, so there is at most one row, and
        // `.one()` binds `LIMIT ?`, which SQLite (3.47+) marks as plan-relevant: the cached
        // statement is then re-prepared on every execution (3x the CPU of the whole request).
        let found = TokenEntity::find_by_id(key.to_owned())
            .find_also_related(auth_user::Entity)
            .all(&self.db)
            .await?
            .into_iter()
            .next();
        let Some((token, Some(user))) = found else {
            return Err(ApiError::authentication_failed(INVALID_TOKEN));
        };
        if !user.is_active {
            return Err(ApiError::authentication_failed(USER_INACTIVE));
        }
        Ok(Authenticated { user: Arc::new(user), auth: Some(Arc::new(token)) })
    }
}

impl Authentication for TokenAuthentication {
    async fn authenticate(&self, request: &Request) -> Result<Option<Authenticated>, ApiError> {
        match authorization_parts(request).as_slice() {
            [] => Ok(None),
            [scheme, ..] if !scheme.eq_ignore_ascii_case(self.keyword.as_bytes()) => Ok(None),
            [_] => Err(ApiError::authentication_failed(NO_CREDENTIALS)),
            [_, key] => match std::str::from_utf8(key) {
                // PostgreSQL cannot even compare text containing NUL; no key contains one.
                Ok(key) if !key.contains('\0') => self.authenticate_credentials(key).await.map(Some),
                Ok(_) => Err(ApiError::authentication_failed(INVALID_TOKEN)),
                Err(_) => Err(ApiError::authentication_failed(INVALID_CHARACTERS)),
            },
            _ => Err(ApiError::authentication_failed(CONTAINS_SPACES)),
        }
    }

    fn authenticate_header(&self, _request: &Request) -> Option<String> {
        Some(self.keyword.clone().into_owned())
    }
}
