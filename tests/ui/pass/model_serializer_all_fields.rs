// `fields = "__all__"`, `exclude`, `read_only_fields`, `extra_kwargs`, method and hidden fields,
// with the model in the serializer's crate.
use restframe::serializers::{Context, CreateOnlyDefault, CurrentUserDefault};

mod note {
    use restframe::serializers::RegexValidator;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "note")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[restframe(validators = [RegexValidator::new("^[A-Z]").message("Capitalize it.")])]
        pub title: String,
        #[restframe(min_value = 1, max_value = 5)]
        pub stars: i16,
        pub owner: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = note::Model, fields = "__all__", read_only_fields(stars), extra_kwargs(title(max_length = 9)))]
struct AllNotes {
    #[field(hidden, default = CurrentUserDefault)]
    owner: i32,
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = note::Model, exclude(owner))]
struct NoOwner {
    #[field(method = "shout")]
    loud: String,
}

impl NoOwner {
    fn shout(note: &note::Model, _ctx: &Context) -> String {
        note.title.to_uppercase()
    }
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = note::Model, fields(id, title, owner))]
struct CreateOnly {
    #[field(hidden, default = CreateOnlyDefault(|| 1))]
    owner: i32,
}

fn main() {
    let _ = restframe::metadata::serializer_info::<AllNotes>();
    let _ = restframe::metadata::serializer_info::<NoOwner>();
    let _ = restframe::metadata::serializer_info::<CreateOnly>();
}
