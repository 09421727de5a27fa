use restframe::exceptions::ApiError;
use restframe::serializers::{Context, Serializer};

mod member {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "member")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub team: String,
        pub number: i32,
        #[sea_orm(nullable)]
        pub note: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

fn positive(value: &i32) -> Result<(), ApiError> {
    if *value > 0 { Ok(()) } else { Err(ApiError::validation_message("Must be positive.")) }
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = member::Model, fields(id, squad, number, note), unique_together(squad, number))]
#[serializer(validate_fields(number))]
struct MemberSerializer {
    #[field(source = "team", slug, max_length = 20)]
    squad: String,
    #[field(validators = [positive], max_value = 99)]
    number: i32,
    #[field(allow_null, allow_blank)]
    note: Option<String>,
}

impl MemberSerializer {
    async fn validate_number(value: i32, _ctx: &Context) -> Result<i32, ApiError> {
        Ok(value)
    }
}

fn main() {
    let _ = MemberSerializer::with_data(serde_json::json!({}));
}
