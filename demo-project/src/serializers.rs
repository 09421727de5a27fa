//! The tutorial's serializers, as short as DRF's.
//!
//! ```python
//! class RegistrationSerializer(serializers.ModelSerializer):
//!     class Meta:
//!         model = User
//!         fields = ["id", "username", "first_name", "last_name", "email", "password", "is_active", "is_staff"]
//!         read_only_fields = ["id", "is_active", "is_staff"]
//!         extra_kwargs = {"password": {"write_only": True}}
//!
//! class UserLoginSerializer(serializers.Serializer):
//!     username = serializers.CharField(required=True)
//!     password = serializers.CharField(write_only=True)
//! ```

use restframe::auth::password_validation::{UserAttributes, validate_password};
use restframe::auth::{NewUser, User, UserManager, user};
use restframe::exceptions::{ApiError, Detail};
use restframe::serializers::{Context, SerializerHooks, ValidatedValue};
use restframe::{ModelSerializer, Serializer};

/// Registration: Django's user fields with Django's rules (username charset, length and
/// uniqueness, email format, lengths); `password` is write-only, checked by Django's password
/// validators and stored hashed; `id`, `is_active` and `is_staff` are read-only.
#[derive(ModelSerializer)]
#[serializer(model = User, fields(id, username, first_name, last_name, email, password, is_active, is_staff))]
#[serializer(read_only(id, is_active, is_staff), write_only(password), hooks)]
pub(crate) struct RegistrationSerializer;

impl SerializerHooks for RegistrationSerializer {
    /// Django's password validators, against a candidate user built from the submitted fields
    /// (so the similarity check sees the username, names and email). Skipped, like every
    /// `validate`, when a field is already invalid.
    async fn validate(attrs: user::ActiveModel, _ctx: &Context) -> Result<user::ActiveModel, ApiError> {
        let candidate = UserAttributes {
            username: attrs.username.text(),
            first_name: attrs.first_name.text(),
            last_name: attrs.last_name.text(),
            email: attrs.email.text(),
        };
        if let Err(problems) = validate_password(attrs.password.text(), Some(&candidate)) {
            let messages = problems.into_iter().map(Detail::Message).collect();
            return Err(ApiError::validation(Detail::Dict(vec![("password".to_owned(), Detail::List(messages))])));
        }
        Ok(attrs)
    }

    /// `User.objects.create_user(...)` with the view's `UserManager` (it travels in the
    /// context): hashes the password; a username taken meanwhile is the same 400 as the
    /// uniqueness check.
    async fn create(attrs: user::ActiveModel, ctx: &Context) -> Result<User, ApiError> {
        let users = ctx
            .get::<UserManager>()
            .ok_or_else(|| ApiError::internal("RegistrationSerializer: no UserManager in the context"))?;
        let new = NewUser {
            username: attrs.username.value_or_default(),
            email: Some(attrs.email.value_or_default()),
            password: Some(attrs.password.value_or_default()),
            first_name: attrs.first_name.value_or_default(),
            last_name: attrs.last_name.value_or_default(),
            ..NewUser::default()
        };
        Ok(users.create_user(new).await?)
    }
}

/// The user as every response shows it: never the password or its hash.
#[derive(ModelSerializer)]
#[serializer(model = User, fields(id, username, first_name, last_name, email, is_active, is_staff))]
pub(crate) struct UserSerializer;

/// Login credentials: both required; the password is write-only.
#[derive(Serializer)]
pub(crate) struct UserLoginSerializer {
    /// The username, as registered.
    pub username: String,
    /// The password, checked by Django's `ModelBackend`. Like every `CharField` without
    /// `trim_whitespace=False` (the tutorial's has none), surrounding whitespace is stripped, so
    /// `" pw "` logs in as `"pw"`; `obtain_auth_token` keeps DRF's untrimmed password.
    #[field(write_only)]
    pub password: String,
}
