//! Django's `UserManager` (`User.objects`): creating users with Django's normalisation, and the
//! password operations on a user (`set_password`, `check_password` with hash upgrades).
//!
//! ```
//! use restframe::auth::{NewUser, UserManager, hashers::PasswordHasher};
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let db = restframe::db::test_database().await.expect("database");
//! restframe::auth::migration::migrate(&db).await.expect("migrated");
//! let users = UserManager::new(db).with_hasher(PasswordHasher::new(1_000));
//! let alice = users
//!     .create_user(NewUser::new("ａｌｉｃｅ").email("Alice@EXAMPLE.com").password("s3cret-pass"))
//!     .await
//!     .expect("created");
//! assert_eq!(alice.username, "alice"); // NFKC
//! assert_eq!(alice.email, "Alice@example.com"); // domain lower-cased
//! assert!(!alice.is_staff);
//! # });
//! ```

use std::fmt;

use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use unicode_normalization::UnicodeNormalization;

use crate::auth::hashers::{HashersBusy, PasswordHasher};
use crate::auth::user::{self, Model};
use crate::exceptions::{ApiError, Detail, ErrorDetail};

/// The message of `auth.User.username`'s unique constraint, as DRF's `UniqueValidator` reports it.
pub const DUPLICATE_USERNAME_MESSAGE: &str = "A user with that username already exists.";

/// The fields of a user to create (Django's `create_user(username, email, password, **extra)`).
#[derive(Clone, Default)]
pub struct NewUser {
    /// Required; NFKC-normalized before saving.
    pub username: String,
    /// Optional; the domain part is lower-cased.
    pub email: Option<String>,
    /// `None` gives an unusable password.
    pub password: Option<String>,
    /// `first_name` (default `""`).
    pub first_name: String,
    /// `last_name` (default `""`).
    pub last_name: String,
    /// `is_staff` (default false; `create_superuser` defaults it to true).
    pub is_staff: Option<bool>,
    /// `is_superuser` (default false; `create_superuser` defaults it to true).
    pub is_superuser: Option<bool>,
    /// `is_active` (default true).
    pub is_active: Option<bool>,
}

impl fmt::Debug for NewUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewUser").field("username", &self.username).field("email", &self.email).finish_non_exhaustive()
    }
}

impl NewUser {
    /// A user with this username and nothing else set.
    pub fn new(username: impl Into<String>) -> Self {
        Self { username: username.into(), ..Self::default() }
    }
    /// Sets the email address.
    #[must_use]
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }
    /// Sets the raw password (hashed on creation, never stored as given).
    #[must_use]
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self
    }
    /// Sets the first name.
    #[must_use]
    pub fn first_name(mut self, first_name: impl Into<String>) -> Self {
        self.first_name = first_name.into();
        self
    }
    /// Sets the last name.
    #[must_use]
    pub fn last_name(mut self, last_name: impl Into<String>) -> Self {
        self.last_name = last_name.into();
        self
    }
    /// Sets `is_staff`.
    #[must_use]
    pub fn is_staff(mut self, value: bool) -> Self {
        self.is_staff = Some(value);
        self
    }
    /// Sets `is_superuser`.
    #[must_use]
    pub fn is_superuser(mut self, value: bool) -> Self {
        self.is_superuser = Some(value);
        self
    }
    /// Sets `is_active`.
    #[must_use]
    pub fn is_active(mut self, value: bool) -> Self {
        self.is_active = Some(value);
        self
    }
}

/// Why a user could not be created. Converting into an [`ApiError`] (with `?` in a view) turns
/// a duplicate username into DRF's 400 `{"username": ["A user with that username already
/// exists."]}` and everything else into a 500.
#[derive(Debug)]
#[non_exhaustive]
pub enum CreateUserError {
    /// `ValueError: The given username must be set`.
    UsernameRequired,
    /// `ValueError: Superuser must have is_staff=True.`
    SuperuserMustBeStaff,
    /// `ValueError: Superuser must have is_superuser=True.`
    SuperuserMustBeSuperuser,
    /// The (normalized) username is taken, found by the database's unique constraint, so two
    /// concurrent registrations of one name cannot both succeed.
    DuplicateUsername,
    /// Every password-hash slot is taken and the queue for one is full (or the wait ran out):
    /// the request is answered like a throttled one (see [`HashersBusy`]).
    HashersBusy(HashersBusy),
    /// Any other database failure.
    Database(DbErr),
}

impl fmt::Display for CreateUserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UsernameRequired => f.write_str("The given username must be set"),
            Self::SuperuserMustBeStaff => f.write_str("Superuser must have is_staff=True."),
            Self::SuperuserMustBeSuperuser => f.write_str("Superuser must have is_superuser=True."),
            Self::DuplicateUsername => f.write_str(DUPLICATE_USERNAME_MESSAGE),
            Self::HashersBusy(busy) => write!(f, "{busy}"),
            Self::Database(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for CreateUserError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Database(err) => Some(err),
            Self::HashersBusy(busy) => Some(busy),
            _ => None,
        }
    }
}

impl From<DbErr> for CreateUserError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Self::DuplicateUsername,
            _ => Self::Database(err),
        }
    }
}

impl From<CreateUserError> for ApiError {
    fn from(err: CreateUserError) -> Self {
        match err {
            CreateUserError::DuplicateUsername => ApiError::validation(Detail::Dict(vec![(
                "username".to_owned(),
                Detail::List(vec![ErrorDetail::new(DUPLICATE_USERNAME_MESSAGE, "unique").into()]),
            )])),
            CreateUserError::HashersBusy(busy) => busy.into(),
            other => ApiError::from_error(other),
        }
    }
}

/// Django's `BaseUserManager.normalize_email`: strip surrounding whitespace when the address has
/// an `@`, lower-case the domain part only.
///
/// ```
/// use restframe::auth::normalize_email;
/// assert_eq!(normalize_email("  Foo.Bar@EXAMPLE.COM  "), "Foo.Bar@example.com");
/// assert_eq!(normalize_email("no-at-sign "), "no-at-sign ");
/// ```
pub fn normalize_email(email: &str) -> String {
    match email.trim().rsplit_once('@') {
        Some((name, domain)) => format!("{name}@{}", domain.to_lowercase()),
        None => email.to_owned(),
    }
}

/// Django's `AbstractBaseUser.normalize_username`: Unicode NFKC, so `ｆｕｌｌ` becomes `full`.
///
/// ```
/// use restframe::auth::normalize_username;
/// assert_eq!(normalize_username("ｆｕｌｌ"), "full");
/// ```
pub fn normalize_username(username: &str) -> String {
    username.nfkc().collect()
}

/// Django's `User.objects`: creates users and manages their passwords. Cheap to clone.
#[derive(Clone, Debug)]
pub struct UserManager {
    db: DatabaseConnection,
    hasher: PasswordHasher,
}

impl UserManager {
    /// A manager on `db` hashing with Django 6.1's defaults.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db, hasher: PasswordHasher::default() }
    }

    /// Uses another hasher (Django's `PASSWORD_HASHERS`), for example fewer rounds in tests.
    #[must_use]
    pub fn with_hasher(mut self, hasher: PasswordHasher) -> Self {
        self.hasher = hasher;
        self
    }

    /// The database connection.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// The hasher new passwords get.
    pub fn hasher(&self) -> &PasswordHasher {
        &self.hasher
    }

    /// Django's `create_user`: `is_staff`/`is_superuser` default to false. Password validators do
    /// not run here (they belong to the serializer), exactly as in Django.
    pub async fn create_user(&self, new: NewUser) -> Result<Model, CreateUserError> {
        self.insert(new, false).await
    }

    /// Django's `create_superuser`: `is_staff`/`is_superuser` default to true and must stay true.
    pub async fn create_superuser(&self, new: NewUser) -> Result<Model, CreateUserError> {
        if new.is_staff == Some(false) {
            return Err(CreateUserError::SuperuserMustBeStaff);
        }
        if new.is_superuser == Some(false) {
            return Err(CreateUserError::SuperuserMustBeSuperuser);
        }
        self.insert(new, true).await
    }

    async fn insert(&self, new: NewUser, superuser: bool) -> Result<Model, CreateUserError> {
        if new.username.is_empty() {
            return Err(CreateUserError::UsernameRequired);
        }
        // A client waits on this (registration): the wait for a hash slot is bounded.
        let password =
            self.hasher.try_make_password(new.password.as_deref()).await.map_err(CreateUserError::HashersBusy)?;
        let row = user::ActiveModel {
            password: Set(password),
            last_login: Set(None),
            is_superuser: Set(new.is_superuser.unwrap_or(superuser)),
            username: Set(normalize_username(&new.username)),
            first_name: Set(new.first_name),
            last_name: Set(new.last_name),
            email: Set(normalize_email(new.email.as_deref().unwrap_or(""))),
            is_staff: Set(new.is_staff.unwrap_or(superuser)),
            is_active: Set(new.is_active.unwrap_or(true)),
            date_joined: Set(user::now()),
            ..Default::default()
        };
        Ok(row.insert(&self.db).await?)
    }

    /// Django's `get_by_natural_key(username)`: an exact, case-sensitive lookup (no
    /// normalisation, as in Django).
    pub async fn get_by_natural_key(&self, username: &str) -> Result<Option<Model>, DbErr> {
        user::Entity::find().filter(user::Column::Username.eq(username)).one(&self.db).await
    }

    /// Django's `user.set_password(raw)` followed by saving the `password` column only (Django
    /// leaves the save to the caller). `None` sets an unusable password.
    pub async fn set_password(&self, user: &mut Model, raw_password: Option<&str>) -> Result<(), DbErr> {
        user.password = self.hasher.make_password(raw_password).await;
        self.save_password(user).await
    }

    /// Django's `user.check_password(raw)`: verifies in constant time off the executor and,
    /// when the password is right but the hash is outdated (Django 5.2's 1,000,000 rounds, a
    /// short salt), rewrites the hash with the current parameters, saving only `password`.
    pub async fn check_password(&self, user: &mut Model, raw_password: &str) -> Result<bool, DbErr> {
        let check = self.hasher.verify(raw_password, &user.password).await;
        if check.is_correct && check.must_update {
            user.password = self.hasher.make_password(Some(raw_password)).await;
            self.save_password(user).await?;
        }
        Ok(check.is_correct)
    }

    /// Django's `update_last_login` (the `user_logged_in` receiver): sets `last_login` to now,
    /// saving only that column.
    pub async fn update_last_login(&self, user: &mut Model) -> Result<(), DbErr> {
        let now = user::now();
        user::Entity::update_many()
            .col_expr(user::Column::LastLogin, sea_orm::sea_query::Expr::value(Some(now)))
            .filter(user::Column::Id.eq(user.id))
            .exec(&self.db)
            .await?;
        user.last_login = Some(now);
        Ok(())
    }

    async fn save_password(&self, user: &Model) -> Result<(), DbErr> {
        user::Entity::update_many()
            .col_expr(user::Column::Password, sea_orm::sea_query::Expr::value(user.password.clone()))
            .filter(user::Column::Id.eq(user.id))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}
