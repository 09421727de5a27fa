//! Shared fixtures for the `auth_*` integration tests.

use restframe::auth::{User, UserManager, user};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

/// Inserts an `auth_user` row with `password` stored exactly as given (a foreign or unusual hash),
/// bypassing `create_user`'s hashing.
pub(crate) async fn insert_raw(users: &UserManager, username: &str, password: &str) -> User {
    let row = user::ActiveModel {
        password: Set(password.to_owned()),
        username: Set(username.to_owned()),
        first_name: Set(String::new()),
        last_name: Set(String::new()),
        email: Set(String::new()),
        is_superuser: Set(false),
        is_staff: Set(false),
        is_active: Set(true),
        last_login: Set(None),
        date_joined: Set(chrono::Utc::now()),
        ..Default::default()
    };
    row.insert(users.db()).await.expect("inserted")
}
