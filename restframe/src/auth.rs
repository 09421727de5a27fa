//! Django's `django.contrib.auth` for restframe: the `auth_user` model, password hashing,
//! `authenticate`, user management and password validators — compatible with a database that a
//! Django project already uses (same table, same columns, same password hashes).
//!
//! | Django | restframe |
//! |---|---|
//! | `User` model (`auth_user`) | [`User`] (= [`user::Model`], with [`user::Entity`], [`user::Column`], [`user::ActiveModel`]) |
//! | `AnonymousUser` | [`AnonymousUser`] (the framework's, from [`crate::user`]) |
//! | `User.objects.create_user` / `create_superuser` | [`UserManager::create_user`] / [`UserManager::create_superuser`] |
//! | `user.set_password` / `user.check_password` | [`UserManager::set_password`] / [`UserManager::check_password`] |
//! | `authenticate(username=…, password=…)`, `ModelBackend` | [`ModelBackend::authenticate`] |
//! | `update_last_login` | [`UserManager::update_last_login`] |
//! | `hashers.make_password` / `check_password` | [`hashers::PasswordHasher`] |
//! | `password_validation.validate_password` | [`password_validation::validate_password`] |
//! | `UnicodeUsernameValidator` | [`validators::validate_username`] |
//! | `migrate auth` | [`migration::migrate`] |
//!
//! ```
//! use restframe::auth::{ModelBackend, NewUser, UserManager, hashers::PasswordHasher};
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let db = restframe::db::test_database().await.expect("database");
//! restframe::auth::migration::migrate(&db).await.expect("migrated");
//! // Tests may use fewer rounds; production keeps Django 6.1's 1,500,000.
//! let users = UserManager::new(db).with_hasher(PasswordHasher::new(1_000));
//! let admin = users.create_superuser(NewUser::new("admin").password("hunter2-but-longer")).await.expect("created");
//! assert!(admin.is_staff && admin.is_superuser);
//! let backend = ModelBackend::new(users);
//! assert!(backend.authenticate("admin", "hunter2-but-longer").await.expect("query").is_some());
//! # });
//! ```
//!
//! # Differences from Django
//! - Only the `pbkdf2_sha256` hasher exists (see [`hashers`]); other algorithms never verify.
//! - [`UserManager::set_password`] saves the `password` column right away (Django leaves the
//!   save to the caller).
//! - Creating a user whose NFKC-normalized username is taken is a [`CreateUserError::DuplicateUsername`]
//!   found by the database constraint, which renders as DRF's 400 `A user with that username
//!   already exists.` — real DRF compares the raw input in its `UniqueValidator` and then crashes
//!   with a 500 IntegrityError for a fullwidth copy of an existing name.
//! - Only `auth_user` is created; Django's groups and permissions tables are not (nothing in
//!   restframe uses them). On SQLite, datetimes are written as RFC 3339 text
//!   (`2026-11-28T12:00:00.123456+00:00`), which Django reads back correctly.

pub mod backend;
pub mod hashers;
pub mod manager;
pub mod migration;
pub mod password_validation;
pub mod user;
pub mod validators;

pub use crate::user::AnonymousUser;
pub use backend::ModelBackend;
pub use manager::{CreateUserError, NewUser, UserManager, normalize_email, normalize_username};
/// Django's `User` model: one row of `auth_user`.
pub use user::Model as User;
