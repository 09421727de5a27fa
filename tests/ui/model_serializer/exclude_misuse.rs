// `exclude` reads the model's field list, so the model lives in this crate.
mod note {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "note")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub title: String,
        pub body: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = note::Model, exclude(bdy))]
struct Misspelled;

#[derive(restframe::ModelSerializer)]
#[serializer(model = note::Model, exclude(title))]
struct DeclaredAndExcluded {
    #[field(max_length = 10)]
    title: String,
}

#[derive(restframe::ModelSerializer)]
#[serializer(model = note::Model, fields = "__all__", extra_kwargs(titel(max_length = 5)))]
struct UnknownExtraKwargs;

fn main() {}
