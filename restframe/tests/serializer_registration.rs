//! The DRF TokenAuthentication tutorial's `RegistrationSerializer`, as the demo writes it, on
//! Django's `auth_user` table: ModelSerializer field mapping from the user model, Django's
//! password validators in `validate`, and `create` through `create_user` (hashing).

use restframe::auth::hashers::PasswordHasher;
use restframe::auth::password_validation::{UserAttributes, validate_password};
use restframe::auth::{NewUser, User, UserManager, user};
use restframe::exceptions::{ApiError, Detail};
use restframe::serializers::{Context, Serializer, SerializerHooks};
use sea_orm::{ActiveValue, DatabaseConnection, EntityTrait};
use serde_json::{Value, json};

#[derive(restframe::ModelSerializer)]
#[serializer(model = User, fields(id, username, first_name, last_name, email, password, is_active, is_staff))]
#[serializer(read_only(id, is_active, is_staff), write_only(password), hooks)]
struct RegistrationSerializer;

fn text(value: &ActiveValue<String>) -> &str {
    value.try_as_ref().map_or("", String::as_str)
}

impl SerializerHooks for RegistrationSerializer {
    /// Django's password validators against a candidate user built from the submitted fields.
    async fn validate(attrs: user::ActiveModel, _ctx: &Context) -> Result<user::ActiveModel, ApiError> {
        let candidate = UserAttributes {
            username: text(&attrs.username),
            first_name: text(&attrs.first_name),
            last_name: text(&attrs.last_name),
            email: text(&attrs.email),
        };
        if let Err(errors) = validate_password(text(&attrs.password), Some(&candidate)) {
            let messages = errors.into_iter().map(Detail::from).collect();
            return Err(ApiError::validation(Detail::Dict(vec![("password".into(), Detail::List(messages))])));
        }
        Ok(attrs)
    }

    /// `User.objects.create_user(...)`: the password is hashed, never stored as given.
    async fn create(data: user::ActiveModel, ctx: &Context) -> Result<User, ApiError> {
        let users = UserManager::new(ctx.db()?.connection().clone()).with_hasher(PasswordHasher::new(1_000));
        let new = NewUser::new(text(&data.username))
            .email(text(&data.email))
            .first_name(text(&data.first_name))
            .last_name(text(&data.last_name))
            .password(text(&data.password));
        Ok(users.create_user(new).await?)
    }
}

async fn database() -> Result<DatabaseConnection, ApiError> {
    let db = restframe::db::test_database().await?;
    restframe::auth::migration::migrate(&db).await?;
    Ok(db)
}

async fn register(db: &DatabaseConnection, data: Value) -> Result<Value, ApiError> {
    let mut s = RegistrationSerializer::with_data(data).context(Context::with_db(db.clone()));
    s.is_valid_or_raise().await?;
    s.save().await?;
    s.data().await
}

#[tokio::test]
async fn registration_creates_a_hashed_user_and_renders_without_the_password() -> Result<(), ApiError> {
    let db = database().await?;
    let data = register(
        &db,
        json!({"username": "alice", "email": "alice@example.com", "password": "correct horse battery", "is_staff": true, "first_name": "Alice"}),
    )
    .await?;
    let id = data["id"].as_i64().expect("numeric id");
    assert_eq!(
        data,
        json!({"id": id, "username": "alice", "first_name": "Alice", "last_name": "", "email": "alice@example.com", "is_active": true, "is_staff": false})
    );
    let stored = user::Entity::find_by_id(id as i32).one(&db).await?.expect("stored");
    assert!(stored.password.starts_with("pbkdf2_sha256$1000$"), "hashed by create_user");
    let users = UserManager::new(db.clone()).with_hasher(PasswordHasher::new(1_000));
    let mut stored = stored;
    assert!(users.check_password(&mut stored, "correct horse battery").await?);
    Ok(())
}

#[tokio::test]
async fn field_errors_come_from_the_user_model() -> Result<(), ApiError> {
    let db = database().await?;
    let err = register(&db, json!({"username": "bad name!", "email": "nope", "first_name": "x".repeat(151)}))
        .await
        .expect_err("invalid");
    assert_eq!(
        err.body(),
        json!({
            "username": ["Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."],
            "first_name": ["Ensure this field has no more than 150 characters."],
            "email": ["Enter a valid email address."],
            "password": ["This field is required."],
        })
    );
    let err = register(&db, json!({})).await.expect_err("invalid");
    assert_eq!(err.body(), json!({"username": ["This field is required."], "password": ["This field is required."]}));
    Ok(())
}

#[tokio::test]
async fn password_validators_report_under_password() -> Result<(), ApiError> {
    let db = database().await?;
    let err = register(&db, json!({"username": "bob", "password": "12345678"})).await.expect_err("weak");
    assert_eq!(err.body(), json!({"password": ["This password is too common.", "This password is entirely numeric."]}));
    let err = register(&db, json!({"username": "bob", "password": "short"})).await.expect_err("weak");
    assert_eq!(err.body(), json!({"password": ["This password is too short. It must contain at least 8 characters."]}));
    let err = register(&db, json!({"username": "marmaduke", "password": "marmaduke1"})).await.expect_err("similar");
    assert_eq!(err.body(), json!({"password": ["The password is too similar to the username."]}));
    Ok(())
}

#[tokio::test]
async fn duplicate_usernames_get_djangos_message_even_when_racing() -> Result<(), ApiError> {
    let db = database().await?;
    register(&db, json!({"username": "carol", "password": "correct horse battery"})).await?;
    let err =
        register(&db, json!({"username": "carol", "password": "correct horse battery"})).await.expect_err("taken");
    assert_eq!(err.body(), json!({"username": ["A user with that username already exists."]}));
    // Two registrations that both passed the check: the database constraint decides, still a 400.
    let mut a = RegistrationSerializer::with_data(json!({"username": "dave", "password": "correct horse battery"}))
        .context(Context::with_db(db.clone()));
    let mut b = RegistrationSerializer::with_data(json!({"username": "dave", "password": "correct horse battery"}))
        .context(Context::with_db(db.clone()));
    a.is_valid_or_raise().await?;
    b.is_valid_or_raise().await?;
    a.save().await?;
    let err = b.save().await.expect_err("duplicate");
    assert_eq!(err.status(), 400);
    assert_eq!(err.body(), json!({"username": ["A user with that username already exists."]}));
    Ok(())
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = User, fields(id, username, email, is_active, date_joined, last_login), read_only(id))]
struct UserSerializer;

#[tokio::test]
async fn plain_model_serializer_on_the_user_model() -> Result<(), ApiError> {
    let db = database().await?;
    let mut s = UserSerializer::with_data(json!({"username": "erin"})).context(Context::with_db(db.clone()));
    s.is_valid_or_raise().await?;
    let saved = s.save().await?.clone();
    // Django's defaults fill what was not submitted.
    assert!(saved.is_active && saved.email.is_empty() && saved.last_login.is_none());
    let data = s.data().await?;
    assert_eq!(data["last_login"], json!(null));
    assert!(data["date_joined"].as_str().is_some_and(|d| d.ends_with('Z')));
    Ok(())
}
