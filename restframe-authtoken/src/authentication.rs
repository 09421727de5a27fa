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
//! One database query per request: the token joined with its user. On an SQLite file the query
//! runs on the calling thread through [`restframe::db::SqliteReader`] (a prepared statement on a
//! per-thread read-only connection, no hand-off to sqlx's worker thread); if that read cannot
//! answer at once (database locked, a date format only sqlx reads) the same lookup goes through
//! sea-orm. Either way the token and user are read from the database on every request, as DRF does.

use std::borrow::Cow;
use std::sync::Arc;

use restframe::auth::user as auth_user;
use restframe::authentication::{Authenticated, Authentication, authorization_parts};
use restframe::db::{SqliteDateTime, SqliteReader};
use restframe::exceptions::ApiError;
use restframe::request::Request;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, FromQueryResult, Statement};

use crate::models::Model as Token;

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
    /// The synchronous read path, when `db` is an SQLite file.
    reader: Option<SqliteReader>,
    /// The lookup's SQL with the backend's placeholder, built once.
    sql: Arc<str>,
    keyword: Cow<'static, str>,
}

impl TokenAuthentication {
    /// Token authentication with DRF's default keyword `Token`.
    pub fn new(db: DatabaseConnection) -> Self {
        let reader = SqliteReader::for_database(&db);
        let placeholder = match db.get_database_backend() {
            DbBackend::Postgres => "$1",
            _ => "?",
        };
        let sql = token_lookup_sql(placeholder).into();
        Self { db, reader, sql, keyword: Cow::Borrowed("Token") }
    }

    /// Uses another keyword (DRF's `keyword = 'Bearer'` subclass attribute). It is matched
    /// case-insensitively and sent back in `WWW-Authenticate`.
    #[must_use]
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
        let found = match self.reader.as_ref().and_then(|reader| read_token(reader, &self.sql, key)) {
            Some(found) => found,
            None => self.query_token(key).await?,
        };
        let Some((token, user)) = found else {
            return Err(ApiError::authentication_failed(INVALID_TOKEN));
        };
        if !user.is_active {
            return Err(ApiError::authentication_failed(USER_INACTIVE));
        }
        Ok(Authenticated { user: Arc::new(user), auth: Some(Arc::new(token)) })
    }

    /// The lookup through sea-orm (any backend): constant SQL, so nothing is built per request
    /// and the driver's statement cache always hits; no `LIMIT` (SQLite 3.47+ re-prepares a
    /// statement whose `LIMIT` is a bound parameter on every execution).
    async fn query_token(&self, key: &str) -> Result<Option<(Token, auth_user::Model)>, ApiError> {
        let statement = Statement::from_sql_and_values(self.db.get_database_backend(), &*self.sql, [key.into()]);
        let Some(row) = self.db.query_one_raw(statement).await? else {
            return Ok(None);
        };
        // The column names do not overlap, so each model reads its own without a prefix.
        Ok(Some((Token::from_query_result(&row, "")?, auth_user::Model::from_query_result(&row, "")?)))
    }
}

/// The token joined with its user (an inner join: a token without a user is no token),
/// token columns first, then [`auth_user::Model::SQL_COLUMNS`].
fn token_lookup_sql(placeholder: &str) -> String {
    format!(
        r#"SELECT "authtoken_token"."key", "authtoken_token"."created", "authtoken_token"."user_id", {} {} {placeholder}"#,
        auth_user::Model::SQL_COLUMNS,
        r#"FROM "authtoken_token" INNER JOIN "auth_user" ON "authtoken_token"."user_id" = "auth_user"."id"
        WHERE "authtoken_token"."key" ="#,
    )
}

/// The token and its user in one statement on the calling thread; `None` when the reader cannot
/// answer (locked, undecodable), so the caller asks sea-orm instead.
fn read_token(reader: &SqliteReader, sql: &str, key: &str) -> Option<Option<(Token, auth_user::Model)>> {
    let read = reader.query_row(sql, [key], |row| {
        let created = row.get::<_, SqliteDateTime>(1)?.0;
        let token = Token { key: row.get(0)?, created, user_id: row.get(2)? };
        Ok((token, auth_user::Model::from_sqlite_row(row, 3)?))
    });
    match read {
        Ok(found) => Some(found),
        Err(error) => {
            tracing::debug!(%error, "token read on the calling thread failed; asking sea-orm");
            None
        }
    }
}

impl Authentication for TokenAuthentication {
    fn security_scheme(&self) -> Option<restframe::schemas::SecurityScheme> {
        Some(restframe::schemas::SecurityScheme::token(&self.keyword))
    }
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
