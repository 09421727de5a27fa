//! DRF's `Token` model on Django's `authtoken_token` table: one plaintext 40-hex key per user.
//!
//! ```
//! use restframe::auth::{NewUser, UserManager, hashers::PasswordHasher};
//! use restframe_authtoken::Token;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let db = restframe::db::test_database().await.expect("database");
//! restframe_authtoken::migration::migrate(&db).await.expect("migrated");
//! let users = UserManager::new(db.clone()).with_hasher(PasswordHasher::new(1_000));
//! let alice = users.create_user(NewUser::new("alice")).await.expect("created");
//!
//! let token = Token::get_or_create(&db, alice.id).await.expect("token");
//! assert_eq!(token.key.len(), 40);
//! assert_eq!(Token::get_or_create(&db, alice.id).await.expect("token").key, token.key);
//! assert_eq!(token.to_string(), token.key);
//! # });
//! ```

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseConnection, QueryFilter};

/// One row of `authtoken_token`.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "authtoken_token")]
pub struct Model {
    /// `key varchar(40)` primary key: 40 lowercase hex characters.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// `created`, set on insert.
    pub created: DateTimeUtc,
    /// `user_id` (unique): one token per user.
    #[sea_orm(unique)]
    pub user_id: i32,
}

/// The token's user.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `authtoken_token.user_id` → `auth_user.id`.
    #[sea_orm(
        belongs_to = "restframe::auth::user::Entity",
        from = "Column::UserId",
        to = "restframe::auth::user::Column::Id"
    )]
    User,
}

impl Related<restframe::auth::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// The key is a credential: debug output shows only its first characters.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let prefix: String = self.key.chars().take(6).collect();
        f.debug_struct("Token")
            .field("key", &format_args!("{prefix}…"))
            .field("created", &self.created)
            .field("user_id", &self.user_id)
            .finish()
    }
}

/// DRF's `str(token)`: the key.
impl std::fmt::Display for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key)
    }
}

/// DRF's `Token.generate_key()`: 20 bytes from the OS RNG as 40 lowercase hex characters.
///
/// # Panics
/// When the operating system's random number generator fails.
///
/// ```
/// let key = restframe_authtoken::generate_key();
/// assert_eq!(key.len(), 40);
/// assert!(key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
/// ```
pub fn generate_key() -> String {
    let mut bytes = [0u8; 20];
    if let Err(err) = getrandom::fill(&mut bytes) {
        panic!("the OS random number generator failed: {err}");
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How often [`Model::get_or_create`] retries after losing a race (or a key collision).
const CREATE_ATTEMPTS: usize = 5;

impl Model {
    /// The user's token, created if missing (DRF's `Token.objects.get_or_create(user=user)`).
    ///
    /// Safe under concurrency: when two requests for one user race, the loser's insert hits the
    /// unique `user_id` constraint and it returns the winner's token instead of failing.
    pub async fn get_or_create(db: &DatabaseConnection, user_id: i32) -> Result<Model, DbErr> {
        let mut last_err = None;
        for _ in 0..CREATE_ATTEMPTS {
            if let Some(token) = Self::for_user(db, user_id).await? {
                return Ok(token);
            }
            match Self::create(db, user_id).await {
                Ok(token) => return Ok(token),
                Err(err) if matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
                    last_err = Some(err);
                }
                Err(err) => return Err(err),
            }
        }
        Err(last_err.unwrap_or_else(|| DbErr::Custom("could not create a token".to_owned())))
    }

    /// A new token for a user who has none (a forced INSERT, as in DRF: a user who already has a
    /// token, or a colliding key, is a unique-constraint error, never an overwrite).
    pub async fn create(db: &DatabaseConnection, user_id: i32) -> Result<Model, DbErr> {
        let token = Model { key: generate_key(), created: restframe::auth::user::now(), user_id };
        // Not `INSERT … RETURNING`: on SQLite a deferred foreign-key failure (a user deleted
        // meanwhile) only shows when the statement runs to completion, which a RETURNING fetch
        // does not wait for.
        Entity::insert(ActiveModel::from(token.clone())).exec_without_returning(db).await?;
        Ok(token)
    }

    /// The user's token, if any.
    pub async fn for_user(db: &DatabaseConnection, user_id: i32) -> Result<Option<Model>, DbErr> {
        Entity::find().filter(Column::UserId.eq(user_id)).one(db).await
    }

    /// Deletes the user's token (the `--reset` half of `drf_create_token`); true if one existed.
    pub async fn delete_for_user(db: &DatabaseConnection, user_id: i32) -> Result<bool, DbErr> {
        Ok(Entity::delete_many().filter(Column::UserId.eq(user_id)).exec(db).await?.rows_affected > 0)
    }
}
