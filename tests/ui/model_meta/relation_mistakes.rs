mod author {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_author")]
    #[restframe(reverse(books = super::book::Model, colum = "author_id"), many_to_many(through = "x"))]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

mod book {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, restframe::ModelMeta)]
    #[sea_orm(table_name = "library_book")]
    #[restframe(reverse(writer = super::author::Model))]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[restframe(foreign_key = super::author::Model)]
        pub writer: i32,
        #[restframe(to_field = "id")]
        pub other_id: i32,
        #[restframe(foreign_key = super::author::Model, relation_name = "editor")]
        pub editor_ref: i32,
        #[restframe(foreign_key = super::author::Model, relation_name = "editor")]
        pub second_editor_id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

fn main() {}
