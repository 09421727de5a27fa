//! The tutorial's RegistrationSerializer shape on a Django-like user model.
use restframe::exceptions::ApiError;
use restframe::serializers::{Context, Serializer, SerializerHooks};

mod user {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "auth_user")]
    #[restframe(verbose_name = "user")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "String(StringLen::N(128))")]
        pub password: String,
        #[sea_orm(unique, column_type = "String(StringLen::N(150))")]
        #[restframe(
            validators = [restframe::auth::validators::validate_username],
            unique_message = "A user with that username already exists."
        )]
        pub username: String,
        #[sea_orm(column_type = "String(StringLen::N(150))")]
        #[restframe(blank)]
        pub first_name: String,
        #[sea_orm(column_type = "String(StringLen::N(150))")]
        #[restframe(blank)]
        pub last_name: String,
        #[sea_orm(column_type = "String(StringLen::N(254))")]
        #[restframe(email, blank)]
        pub email: String,
        #[restframe(default = false)]
        pub is_staff: bool,
        #[restframe(default = true)]
        pub is_active: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = user::Model, fields(id, username, first_name, last_name, email, password, is_active, is_staff))]
#[serializer(read_only(id, is_active, is_staff), write_only(password), hooks)]
struct RegistrationSerializer;

impl SerializerHooks for RegistrationSerializer {
    async fn validate(attrs: user::ActiveModel, _ctx: &Context) -> Result<user::ActiveModel, ApiError> {
        Ok(attrs)
    }

    async fn create(data: user::ActiveModel, ctx: &Context) -> Result<user::Model, ApiError> {
        Self::default_create(data, ctx).await
    }
}

#[derive(restframe::Serializer)]
struct UserLoginSerializer {
    #[field(required)]
    username: String,
    #[field(write_only)]
    password: String,
}

fn main() {
    let _ = RegistrationSerializer::with_data(serde_json::json!({}));
    let _ = UserLoginSerializer::with_data(serde_json::json!({}));
}
