//! Django's `UserManager` and `ModelBackend` against a real database (SQLite, or PostgreSQL when
//! `DATABASE_URL` points at one).

mod auth_support;

use auth_support::insert_raw;
use restframe::auth::hashers::PasswordHasher;
use restframe::auth::{CreateUserError, ModelBackend, NewUser, User, UserManager, user};
use restframe::authentication::UserBackend;
use restframe::exceptions::ApiError;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

const FAST: PasswordHasher = PasswordHasher::new(1_000);

async fn users() -> UserManager {
    let db = restframe::db::test_database().await.expect("test database");
    restframe::auth::migration::migrate(&db).await.expect("migrated");
    UserManager::new(db).with_hasher(FAST)
}

async fn reload(users: &UserManager, id: i32) -> User {
    user::Entity::find_by_id(id).one(users.db()).await.expect("query").expect("user exists")
}

#[tokio::test]
async fn create_user_normalizes_like_django() {
    let users = users().await;
    let alice = users
        .create_user(NewUser::new("ａｌｉｃｅ").email("  Alice.Smith@EXAMPLE.COM  ").password("s3cret-pass"))
        .await
        .expect("created");
    assert_eq!(alice.username, "alice");
    assert_eq!(alice.email, "Alice.Smith@example.com");
    assert_eq!((alice.first_name.as_str(), alice.last_name.as_str()), ("", ""));
    assert_eq!((alice.is_staff, alice.is_superuser, alice.is_active), (false, false, true));
    assert_eq!(alice.last_login, None);
    assert!(alice.password.starts_with("pbkdf2_sha256$1000$"), "hashed, never stored as given");
    assert_eq!(reload(&users, alice.id).await, alice);

    let no_email = users.create_user(NewUser::new("bob")).await.expect("created");
    assert_eq!(no_email.email, "");
    assert!(no_email.password.starts_with('!') && no_email.password.len() == 41, "no password -> unusable");
    assert!(!no_email.has_usable_password());
}

#[tokio::test]
async fn create_user_hashes_with_django_6_1_defaults() {
    let users = users().await.with_hasher(PasswordHasher::default());
    let carol = users.create_user(NewUser::new("carol").password("s3cret-pass")).await.expect("created");
    let parts: Vec<&str> = carol.password.split('$').collect();
    assert_eq!(parts[..2], ["pbkdf2_sha256", "1500000"]);
    assert_eq!(parts[2].len(), 22);
}

#[tokio::test]
async fn duplicate_usernames_are_clean_errors_even_when_fullwidth() {
    let users = users().await;
    users.create_user(NewUser::new("full")).await.expect("created");
    for copy in ["full", "ｆｕｌｌ"] {
        let err = users.create_user(NewUser::new(copy)).await.expect_err("duplicate");
        assert!(matches!(err, CreateUserError::DuplicateUsername), "{copy}: {err}");
        let api: ApiError = err.into();
        assert_eq!(api.status(), 400);
        assert_eq!(api.body().to_string(), r#"{"username":["A user with that username already exists."]}"#);
        assert_eq!(api.detail().codes().to_string(), r#"{"username":["unique"]}"#);
    }
    users.create_user(NewUser::new("FULL")).await.expect("uniqueness is case-sensitive");
}

#[tokio::test]
async fn concurrent_registrations_of_one_name_let_exactly_one_win() {
    let users = users().await;
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let users = users.clone();
            // Half of them use the fullwidth spelling.
            let name = if i % 2 == 0 { "racer" } else { "ｒａｃｅｒ" };
            tokio::spawn(async move { users.create_user(NewUser::new(name).password("pw-pw-pw-pw")).await })
        })
        .collect();
    let mut created = 0;
    for task in tasks {
        match task.await.expect("task ran") {
            Ok(_) => created += 1,
            Err(CreateUserError::DuplicateUsername) => {}
            Err(other) => panic!("unexpected error {other}"),
        }
    }
    assert_eq!(created, 1);
    let rows = user::Entity::find().filter(user::Column::Username.eq("racer")).all(users.db()).await.expect("query");
    assert_eq!(rows.len(), 1);
}

#[tokio::test]
async fn create_user_and_create_superuser_refuse_like_django() {
    let users = users().await;
    let err = users.create_user(NewUser::new("")).await.expect_err("empty username");
    assert_eq!(err.to_string(), "The given username must be set");
    let err = users.create_superuser(NewUser::new("root").is_staff(false)).await.expect_err("not staff");
    assert_eq!(err.to_string(), "Superuser must have is_staff=True.");
    let err = users.create_superuser(NewUser::new("root").is_superuser(false)).await.expect_err("not superuser");
    assert_eq!(err.to_string(), "Superuser must have is_superuser=True.");
    let internal: ApiError = CreateUserError::UsernameRequired.into();
    assert_eq!(internal.status(), 500);

    let root = users.create_superuser(NewUser::new("root").password("pw")).await.expect("created");
    assert!(root.is_staff && root.is_superuser && root.is_active);
    let staff = users.create_user(NewUser::new("staff").is_staff(true).is_active(false)).await.expect("created");
    assert!(staff.is_staff && !staff.is_superuser && !staff.is_active);
}

#[tokio::test]
async fn authenticate_accepts_only_active_users_with_the_right_password() {
    let users = users().await;
    users.create_user(NewUser::new("alice").password("s3cret-pass")).await.expect("created");
    users.create_user(NewUser::new("sleepy").password("s3cret-pass").is_active(false)).await.expect("created");
    users.create_user(NewUser::new("nopass")).await.expect("created");
    let backend = ModelBackend::new(users);

    let alice = backend.authenticate("alice", "s3cret-pass").await.expect("query").expect("authenticated");
    assert_eq!(alice.username, "alice");
    for (username, password) in [
        ("alice", "wrong"),
        ("alice", "s3cret-pass "),
        ("Alice", "s3cret-pass"),
        ("ａｌｉｃｅ", "s3cret-pass"),
        ("nobody", "s3cret-pass"),
        ("sleepy", "s3cret-pass"),
        ("nopass", ""),
        ("", ""),
    ] {
        assert!(backend.authenticate(username, password).await.expect("query").is_none(), "{username}/{password}");
    }

    // Through the core's backend trait (what BasicAuthentication uses).
    let user =
        UserBackend::authenticate(&backend, "alice", "s3cret-pass").await.expect("query").expect("authenticated");
    assert_eq!(user.username(), "alice");
    assert!(user.is_authenticated());
    assert!(UserBackend::authenticate(&backend, "alice", "nope").await.expect("query").is_none());
}

#[tokio::test]
async fn a_django_5_2_hash_is_upgraded_on_login_saving_only_the_password() {
    let users = users().await.with_hasher(PasswordHasher::default());
    // Written by Django 5.2.19 (1,000,000 iterations) for the password "correct horse".
    let django_hash = "pbkdf2_sha256$1000000$Ab3dEf6hIj9kLm2nOp5qRs$MC81TS/Z4szyFZWXA4XXrua0RwU2agg2SJKlKAuAtK4=";
    let stale = insert_raw(&users, "legacy", django_hash).await;
    // Another writer changes a column; the upgrade must not overwrite it with the stale copy.
    let mut other: user::ActiveModel = stale.clone().into();
    other.first_name = Set("Changed".to_owned());
    other.update(users.db()).await.expect("updated");

    let mut user = stale.clone();
    assert!(users.check_password(&mut user, "correct horse").await.expect("query"));
    let stored = reload(&users, stale.id).await;
    assert!(stored.password.starts_with("pbkdf2_sha256$1500000$"), "{}", &stored.password[..25]);
    assert_eq!(stored.password, user.password);
    assert_eq!(stored.first_name, "Changed");
    assert!(users.check_password(&mut user.clone(), "correct horse").await.expect("query"));
}

#[tokio::test]
async fn wrong_passwords_and_current_hashes_are_not_rewritten() {
    let users = users().await;
    let old = PasswordHasher::new(500).encode("pw", "abcdefghijklmnopqrstuv").expect("valid salt");
    let mut user = insert_raw(&users, "old", &old).await;
    assert!(!users.check_password(&mut user, "nope").await.expect("query"));
    assert_eq!(reload(&users, user.id).await.password, old);

    let current = FAST.encode("pw", "abcdefghijklmnopqrstuv").expect("valid salt");
    let mut user = insert_raw(&users, "current", &current).await;
    assert!(users.check_password(&mut user, "pw").await.expect("query"));
    assert_eq!(reload(&users, user.id).await.password, current);

    // A short salt (< 128 bits) is upgraded even at the current iteration count.
    let short_salt = FAST.encode("pw", "abc").expect("valid salt");
    let mut user = insert_raw(&users, "short", &short_salt).await;
    assert!(users.check_password(&mut user, "pw").await.expect("query"));
    assert_eq!(reload(&users, user.id).await.password.split('$').nth(2).map(str::len), Some(22));
}

#[tokio::test]
async fn set_password_and_last_login_save_their_column() {
    let users = users().await;
    let mut alice = users.create_user(NewUser::new("alice").password("first-pass")).await.expect("created");
    users.set_password(&mut alice, Some("second-pass")).await.expect("saved");
    let backend = ModelBackend::new(users.clone());
    assert!(backend.authenticate("alice", "first-pass").await.expect("query").is_none());
    assert!(backend.authenticate("alice", "second-pass").await.expect("query").is_some());
    users.set_password(&mut alice, None).await.expect("saved");
    assert!(!reload(&users, alice.id).await.has_usable_password());
    assert!(backend.authenticate("alice", "second-pass").await.expect("query").is_none());

    assert_eq!(alice.last_login, None);
    users.update_last_login(&mut alice).await.expect("saved");
    let stored = reload(&users, alice.id).await;
    assert!(stored.last_login.is_some());
    assert_eq!(stored.last_login, alice.last_login);
}
